"""Holds the validation calls for: placed and released before fulfilment, and holds
placed while the order is being fulfilled."""

from __future__ import annotations

import pytest

from pcf_sales.core import ShipmentId, UserId, money
from pcf_sales.errors import GuardFailed, InvalidTransition, ValidationError
from pcf_sales.orders import HoldKind, OrderStatus, SalesOrder, Shipment
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    PRICING_DAY,
    make_credit_snapshot,
    make_order_facts,
    make_sales_order,
    make_validation_rules,
)

BY = UserId("order-desk")
LATER = FIXED_INSTANT.add(days=1)


def _accepted_with_holds() -> SalesOrder:
    facts = make_order_facts(
        blocked_reason="sanctions screening hit",
        credit=make_credit_snapshot(limit=money("100.00", "EUR"), exposure=money("0", "EUR")),
    )
    order = make_sales_order(OrderStatus.SUBMITTED)
    return order.accept(make_validation_rules(), facts, at=LATER, by=BY)


def test_an_order_needing_holds_is_not_released_to_fulfilment_until_they_are_cleared() -> None:
    order = _accepted_with_holds()
    assert order.validation is not None
    assert order.validation.holds == (HoldKind.COMPLIANCE, HoldKind.CREDIT)
    with pytest.raises(GuardFailed) as refused:
        order.release_to_fulfilment(at=LATER, by=BY)
    assert "compliance" in str(refused.value)
    assert order.status is OrderStatus.ACCEPTED

    cleared = order.place_on_hold(HoldKind.COMPLIANCE, reason="screening", at=LATER, by=BY)
    cleared = cleared.release_hold(at=LATER, by=BY, reason="false positive")
    assert cleared.released_holds == (HoldKind.COMPLIANCE,)
    with pytest.raises(GuardFailed) as still:
        cleared.release_to_fulfilment(at=LATER, by=BY)
    assert "credit" in str(still.value)

    cleared = cleared.place_on_hold(HoldKind.CREDIT, reason="over limit", at=LATER, by=BY)
    cleared = cleared.release_hold(at=LATER, by=BY, reason="prepaid")
    released = cleared.release_to_fulfilment(at=LATER, by=BY)
    assert released.status is OrderStatus.IN_FULFILMENT
    assert from_document(to_document(released)) == released


def test_a_new_validation_asks_for_its_holds_again() -> None:
    order = _accepted_with_holds()
    for kind in (HoldKind.COMPLIANCE, HoldKind.CREDIT):
        order = order.place_on_hold(kind, reason="review", at=LATER, by=BY)
        order = order.release_hold(at=LATER, by=BY)
    facts = make_order_facts(
        blocked_reason="still blocked",
        credit=make_credit_snapshot(limit=money("100.00", "EUR"), exposure=money("0", "EUR")),
    )
    moved = order.change_parties(order.parties, make_validation_rules(), facts, at=LATER, by=BY)
    assert moved.released_holds == ()
    with pytest.raises(GuardFailed):
        moved.release_to_fulfilment(at=LATER, by=BY)


@pytest.mark.parametrize("status", [OrderStatus.IN_FULFILMENT, OrderStatus.PARTIALLY_FULFILLED])
def test_an_order_in_fulfilment_can_be_held_and_returns_where_it_was(status: OrderStatus) -> None:
    order = make_sales_order(status)
    held = order.place_on_hold(HoldKind.CREDIT, reason="customer blocked", at=LATER, by=BY)
    assert held.status is OrderStatus.ON_HOLD
    assert held.hold is not None
    assert held.hold.held_from is status
    assert from_document(to_document(held)) == held
    with pytest.raises(InvalidTransition):
        held.record_shipment(Shipment.of(ShipmentId("SH-9"), PRICING_DAY, (2, 1)), at=LATER, by=BY)
    released = held.release_hold(at=LATER, by=BY)
    assert released.status is status
    assert released.hold is None
    assert from_document(to_document(released)) == released


def test_an_order_held_in_fulfilment_keeps_its_parties() -> None:
    held = make_sales_order(OrderStatus.IN_FULFILMENT).place_on_hold(
        HoldKind.OTHER, reason="address check", at=LATER, by=BY
    )
    with pytest.raises(GuardFailed):
        held.change_parties(
            held.parties, make_validation_rules(), make_order_facts(), at=LATER, by=BY
        )
    assert held.revision == make_sales_order(OrderStatus.IN_FULFILMENT).revision + 1


def test_cancelling_a_held_order_clears_the_hold() -> None:
    held = make_sales_order(OrderStatus.ON_HOLD)
    cancelled = held.cancel(reason="customer withdrew", at=LATER, by=BY)
    assert cancelled.status is OrderStatus.CANCELLED
    assert cancelled.hold is None
    assert from_document(to_document(cancelled)) == cancelled


def test_a_stored_hold_from_a_part_shipped_order_needs_the_shipments() -> None:
    held = make_sales_order(OrderStatus.IN_FULFILMENT).place_on_hold(
        HoldKind.CREDIT, reason="review", at=LATER, by=BY
    )
    document = to_document(held)
    document["data"]["hold"]["held_from"] = "partially_fulfilled"
    with pytest.raises(ValidationError) as error:
        from_document(document)
    assert "hold" in str(error.value)
