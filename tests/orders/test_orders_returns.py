"""Customer returns: requested → approved → received → credited, partial returns, never
more than was shipped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import ReturnId, ShipmentId, UserId, money
from pcf_sales.errors import InvalidTransition, ValidationError
from pcf_sales.orders import (
    OrderStatus,
    ReturnOrder,
    ReturnReason,
    ReturnStatus,
    SalesOrder,
    Shipment,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import make_return_order, make_sales_order

BY = UserId("cs-1")


def _fulfilled() -> SalesOrder:
    return make_sales_order(OrderStatus.FULFILLED)


def _request(order: SalesOrder, *pairs: tuple[int, Decimal | int | str]) -> ReturnOrder:
    return ReturnOrder.request(
        order,
        pairs,
        ReturnReason.DEFECTIVE,
        id=ReturnId("RT-7"),
        at=order.history[-1].at.add(days=1),
        by=BY,
    )


def test_a_return_runs_from_request_to_credit() -> None:
    order = _fulfilled()
    ret = _request(order, (1, 2), (2, 1))
    at = ret.history[-1].at
    ret = ret.approve(at=at, by=BY).receive(at.date(), at=at, by=BY)
    assert ret.status is ReturnStatus.RECEIVED
    recorded = order.record_return(
        return_id=ret.id, received_on=at.date(), lines=ret.received_lines(), at=at, by=BY
    )
    credited = ret.credit_from(recorded, at=at, by=BY)
    assert credited.status is ReturnStatus.CREDITED
    assert credited.credit == money("530.00", "EUR")
    assert recorded.returned_value == money("530.00", "EUR")


def test_a_partial_return_credits_only_what_arrived() -> None:
    order = _fulfilled()
    ret = _request(order, (1, 3))
    at = ret.history[-1].at
    received = ret.approve(at=at, by=BY).receive(at.date(), [(1, 1)], at=at, by=BY)
    assert received.received_lines() == ((1, Decimal(1)),)
    recorded = order.record_return(
        return_id=ret.id, received_on=at.date(), lines=received.received_lines(), at=at, by=BY
    )
    assert received.credit_from(recorded, at=at, by=BY).credit == money("250.00", "EUR")


def test_a_return_cannot_ask_for_more_than_was_shipped() -> None:
    order = make_sales_order(OrderStatus.PARTIALLY_FULFILLED)
    with pytest.raises(ValidationError) as error:
        _request(order, (1, 3))
    assert error.value.field == "lines[0].quantity"


def test_a_return_of_a_line_that_never_shipped_is_refused() -> None:
    order = make_sales_order(OrderStatus.PARTIALLY_FULFILLED)
    with pytest.raises(ValidationError) as error:
        _request(order, (2, 1))
    assert error.value.field == "lines[0].quantity"


def test_a_return_for_an_unknown_line_names_it() -> None:
    with pytest.raises(ValidationError) as error:
        _request(_fulfilled(), (9, 1))
    assert error.value.field == "lines[0].line_number"


def test_receiving_more_than_requested_is_refused_and_changes_nothing() -> None:
    ret = make_return_order(ReturnStatus.APPROVED)
    at = ret.history[-1].at
    with pytest.raises(ValidationError) as error:
        ret.receive(at.date(), [(1, 2)], at=at, by=BY)
    assert error.value.field == "quantities"
    assert ret.status is ReturnStatus.APPROVED


def test_receiving_nothing_is_refused() -> None:
    ret = make_return_order(ReturnStatus.APPROVED)
    at = ret.history[-1].at
    with pytest.raises(ValidationError) as error:
        ret.receive(at.date(), [(1, 0)], at=at, by=BY)
    assert error.value.field == "quantities"


def test_goods_cannot_be_received_before_approval() -> None:
    ret = make_return_order()
    with pytest.raises(InvalidTransition):
        ret.receive(ret.history[-1].at.date(), at=ret.history[-1].at, by=BY)


def test_a_rejected_return_needs_a_reason_and_is_final() -> None:
    ret = make_return_order()
    with pytest.raises(ValidationError) as error:
        ret.reject(reason="", at=ret.history[-1].at, by=BY)
    assert error.value.field == "reason"
    rejected = make_return_order(ReturnStatus.REJECTED)
    assert rejected.allowed_commands() == ()


def test_crediting_needs_the_order_to_have_recorded_the_return() -> None:
    ret = make_return_order(ReturnStatus.RECEIVED)
    with pytest.raises(ValidationError) as error:
        ret.credit_from(_fulfilled(), at=ret.history[-1].at, by=BY)
    assert error.value.field == "order"
    assert ret.status is ReturnStatus.RECEIVED


def test_crediting_from_another_order_is_refused() -> None:
    ret = make_return_order(ReturnStatus.RECEIVED)
    other = make_sales_order(OrderStatus.FULFILLED, id="SO-2")
    with pytest.raises(ValidationError) as error:
        ret.credit_from(other, at=ret.history[-1].at, by=BY)
    assert error.value.field == "order"


def test_a_second_return_can_take_back_only_what_the_first_left() -> None:
    order = _fulfilled()
    at = order.history[-1].at.add(days=1)
    first = order.record_return(
        return_id=ReturnId("RT-1"), received_on=at.date(), lines=[(1, 3)], at=at, by=BY
    )
    with pytest.raises(ValidationError):
        _request(first, (1, 2))
    assert _request(first, (1, 1)).lines[0].quantity == 1


@given(
    returned=st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=7),
)
def test_credits_never_exceed_what_the_shipped_units_were_worth(returned: list[int]) -> None:
    order = make_sales_order(OrderStatus.IN_FULFILMENT)
    at = order.history[-1].at.add(days=1)
    order = order.record_shipment(
        Shipment.of(ShipmentId("SH-1"), at.date(), (1, 4), (2, 2)), at=at, by=BY
    )
    for index, tenths in enumerate(returned):
        line = order.line(1)
        quantity = min(Decimal(tenths) / 10, line.shipped - line.returned)
        if quantity <= 0:
            break
        order = order.record_return(
            return_id=ReturnId(f"RT-{index}"),
            received_on=at.date(),
            lines=[(1, quantity)],
            at=at,
            by=BY,
        )
    credits = sum((r.credit_amount for r in order.returns), Decimal(0))
    assert credits == order.line(1).returned_value <= order.line(1).shipped_value


@pytest.mark.parametrize("status", list(ReturnStatus))
def test_a_return_round_trips_in_every_status(status: ReturnStatus) -> None:
    ret = make_return_order(status)
    assert from_document(to_document(ret)) == ret


def test_goods_returned_after_the_order_closed_are_recorded_and_credited() -> None:
    closed = make_sales_order(OrderStatus.CLOSED)
    ret = _request(closed, (1, 1))
    at = ret.history[-1].at
    ret = ret.approve(at=at, by=BY).receive(at.date(), at=at, by=BY)
    recorded = closed.record_return(
        return_id=ret.id, received_on=at.date(), lines=ret.received_lines(), at=at, by=BY
    )
    assert recorded.status is OrderStatus.CLOSED
    assert recorded.returned_value == money("250.00", "EUR")
    assert from_document(to_document(recorded)) == recorded
    assert ret.credit_from(recorded, at=at, by=BY).credit == money("250.00", "EUR")
    assert closed.allowed_commands() == ("record_return",)
