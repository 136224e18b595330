"""Example tests of fulfilling a sales order: promises, shipments, back orders, cancels,
deliveries, returns and closing."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from pcf_sales.core import ReturnId, ShipmentId, UserId, money
from pcf_sales.errors import GuardFailed, InvalidTransition, ValidationError
from pcf_sales.orders import (
    DeliveryTolerance,
    LinePromise,
    LineStatus,
    OrderStatus,
    SalesOrder,
    Shipment,
)
from pcf_sales.serialization import to_document
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    PRICING_DAY,
    make_line_promise,
    make_sales_order,
)

BY = UserId("warehouse")
LATER = FIXED_INSTANT.add(days=2)
DAY = LATER.date()


def _in_fulfilment(**overrides: object) -> SalesOrder:
    return make_sales_order(OrderStatus.IN_FULFILMENT, **overrides)


def _ship(
    order: SalesOrder, *pairs: tuple[int, Decimal | int | str], id: str = "SH-9"
) -> SalesOrder:
    return order.record_shipment(Shipment.of(ShipmentId(id), DAY, *pairs), at=LATER, by=BY)


def _q(*values: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


def _invariant_holds(order: SalesOrder) -> None:
    for line in order.lines:
        assert line.quantity == (
            line.shipped
            + line.allocated
            + line.back_ordered
            + line.cancelled
            + line.unallocated
            - line.over_delivered
        )
    parts = order.shipped_value.amount + order.open_value.amount + order.cancelled_value.amount
    assert parts == order.total.amount


# -- promises ----------------------------------------------------------------------------------


def test_a_promise_allocates_and_back_orders_part_of_a_line() -> None:
    order = _in_fulfilment().record_promises([make_line_promise()], at=LATER, by=BY)
    line = order.line(1)
    assert (line.allocated, line.back_ordered, line.unallocated) == _q(3, 1, 0)
    assert line.status is LineStatus.BACK_ORDERED
    assert line.expected_date == pendulum.Date(2026, 3, 23)
    assert order.back_ordered_value == money("250.00", "EUR")
    _invariant_holds(order)


def test_a_promise_for_more_than_remains_is_refused_and_changes_nothing() -> None:
    order = _in_fulfilment()
    promise = make_line_promise(confirmed_quantity=Decimal(4), back_ordered_quantity=Decimal(1))
    with pytest.raises(ValidationError) as error:
        order.record_promises([promise], at=LATER, by=BY)
    assert error.value.field == "promises[0]"
    assert order.line(1).allocated == 0


def test_a_promise_for_an_unknown_line_names_it() -> None:
    with pytest.raises(ValidationError) as error:
        _in_fulfilment().record_promises([make_line_promise(line_number=9)], at=LATER, by=BY)
    assert error.value.field == "promises[0].line_number"


def test_a_confirmed_quantity_needs_a_date() -> None:
    with pytest.raises(ValidationError) as error:
        LinePromise(line_number=1, confirmed_quantity=Decimal(1))
    assert error.value.field == "confirmed_date"


def test_promises_cannot_be_recorded_on_a_draft() -> None:
    with pytest.raises(InvalidTransition):
        make_sales_order().record_promises([make_line_promise()], at=LATER, by=BY)


def test_a_back_order_is_repromised_to_a_later_date() -> None:
    order = _in_fulfilment().record_promises([make_line_promise()], at=LATER, by=BY)
    moved = order.repromise(1, expected_date=pendulum.Date(2026, 4, 6), at=LATER, by=BY)
    assert moved.line(1).expected_date == pendulum.Date(2026, 4, 6)
    assert moved.line(1).repromised == 1
    assert moved.history[-1].event == "repromised"


def test_repromising_a_line_without_a_back_order_is_refused() -> None:
    order = _in_fulfilment()
    with pytest.raises(ValidationError) as error:
        order.repromise(2, expected_date=pendulum.Date(2026, 4, 6), at=LATER, by=BY)
    assert error.value.field == "expected_date"


# -- shipments -------------------------------------------------------------------------------


def test_a_partial_shipment_makes_the_order_partially_fulfilled() -> None:
    order = _ship(_in_fulfilment().record_promises([make_line_promise()], at=LATER, by=BY), (1, 2))
    assert order.status is OrderStatus.PARTIALLY_FULFILLED
    line = order.line(1)
    assert (line.shipped, line.allocated, line.back_ordered) == _q(2, 1, 1)
    assert line.status is LineStatus.PARTIALLY_SHIPPED
    assert order.shipped_value == money("500.00", "EUR")
    _invariant_holds(order)


def test_shipping_everything_fulfils_the_order() -> None:
    order = _ship(_in_fulfilment(), (1, 4), (2, 2))
    assert order.status is OrderStatus.FULFILLED
    assert order.history[-1].event == "fulfilment_completed"
    assert all(line.status is LineStatus.SHIPPED for line in order.lines)
    assert order.open_value == money("0.00", "EUR")


def test_a_shipment_beyond_the_over_delivery_tolerance_is_refused() -> None:
    order = _in_fulfilment()
    with pytest.raises(ValidationError) as error:
        _ship(order, (1, 5))
    assert error.value.field == "shipment.lines[0].quantity"
    assert order.line(1).shipped == 0


def test_an_over_delivery_within_tolerance_is_accepted_but_not_charged() -> None:
    tolerance = DeliveryTolerance(over_percent=Decimal(25))
    order = _ship(_in_fulfilment(tolerance=tolerance), (1, 5), (2, 2))
    assert order.line(1).over_delivered == 1
    assert order.status is OrderStatus.FULFILLED
    assert order.shipped_value == order.total
    _invariant_holds(order)


def test_a_remainder_within_the_under_delivery_tolerance_is_closed_short() -> None:
    order = _in_fulfilment(tolerance=DeliveryTolerance(under_percent=Decimal(30)))
    shipped = _ship(order, (1, 3), (2, 2))
    assert shipped.line(1).cancelled == 1
    assert shipped.status is OrderStatus.FULFILLED
    assert shipped.cancelled_value == money("250.00", "EUR")
    _invariant_holds(shipped)


def test_a_shipment_recorded_twice_is_refused() -> None:
    order = _ship(_in_fulfilment(), (1, 1))
    with pytest.raises(ValidationError) as error:
        _ship(order, (1, 1))
    assert error.value.field == "shipment.id"


def test_a_shipment_dated_after_its_recording_is_refused() -> None:
    order = _in_fulfilment()
    late = Shipment.of(ShipmentId("SH-2"), DAY.add(days=1), (1, 1))
    with pytest.raises(ValidationError) as error:
        order.record_shipment(late, at=LATER, by=BY)
    assert error.value.field == "shipment.shipped_on"


def test_an_accepted_order_cannot_ship_before_release_to_fulfilment() -> None:
    with pytest.raises(InvalidTransition):
        _ship(make_sales_order(OrderStatus.ACCEPTED), (1, 1))


def test_a_delivery_is_recorded_against_its_shipment() -> None:
    order = _ship(_in_fulfilment(), (1, 1), id="SH-5")
    delivered = order.record_delivery(ShipmentId("SH-5"), DAY, at=LATER, by=BY)
    assert delivered.shipments[0].delivered_on == DAY
    with pytest.raises(ValidationError) as error:
        delivered.record_delivery(ShipmentId("SH-5"), DAY, at=LATER, by=BY)
    assert error.value.field == "shipment_id"


# -- cancelling ---------------------------------------------------------------------------------


def test_cancelling_part_of_a_line_takes_the_unallocated_quantity_first() -> None:
    order = _in_fulfilment().record_promises(
        [make_line_promise(confirmed_quantity=Decimal(2), back_ordered_quantity=Decimal(1))],
        at=LATER,
        by=BY,
    )
    cancelled = order.cancel_lines([(1, 2)], reason="customer reduced", at=LATER, by=BY)
    line = cancelled.line(1)
    assert (line.cancelled, line.unallocated, line.back_ordered, line.allocated) == _q(2, 0, 0, 2)
    assert cancelled.status is OrderStatus.IN_FULFILMENT
    _invariant_holds(cancelled)


def test_a_line_is_closed_on_its_own_without_closing_the_order() -> None:
    order = _ship(_in_fulfilment(), (1, 2))
    closed = order.close_line(1, reason="customer needs no more", at=LATER, by=BY)
    assert closed.line(1).status is LineStatus.SHIPPED
    assert closed.line(1).cancelled == 2
    assert closed.status is OrderStatus.PARTIALLY_FULFILLED
    _invariant_holds(closed)


def test_closing_the_last_open_line_after_shipments_fulfils_the_order() -> None:
    order = _ship(_in_fulfilment(), (1, 4), (2, 1))
    closed = order.close_line(2, reason="kit discontinued", at=LATER, by=BY)
    assert closed.status is OrderStatus.FULFILLED
    assert closed.history[-1].event == "closed_short"


def test_cancelling_every_line_before_shipping_cancels_the_order() -> None:
    order = make_sales_order(OrderStatus.ACCEPTED)
    cancelled = order.cancel_lines([(1, None), (2, None)], reason="lost budget", at=LATER, by=BY)
    assert cancelled.status is OrderStatus.CANCELLED
    assert cancelled.cancelled_value == cancelled.total


def test_back_orders_are_cancelled_and_the_allocation_kept() -> None:
    order = _in_fulfilment().record_promises([make_line_promise()], at=LATER, by=BY)
    cancelled = order.cancel_back_orders(reason="supplier discontinued", at=LATER, by=BY)
    line = cancelled.line(1)
    assert (line.back_ordered, line.cancelled, line.allocated) == _q(0, 1, 3)
    assert line.expected_date is None
    _invariant_holds(cancelled)


def test_cancelling_back_orders_when_there_are_none_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        _in_fulfilment().cancel_back_orders(reason="x", at=LATER, by=BY)
    assert error.value.field == "line_numbers"


def test_cancelling_more_than_remains_names_the_quantity() -> None:
    order = _in_fulfilment()
    with pytest.raises(ValidationError) as error:
        order.cancel_lines([(1, 5)], reason="x", at=LATER, by=BY)
    assert error.value.field == "cancellations[0].quantity"
    assert order.line(1).cancelled == 0


def test_cancelling_needs_a_reason() -> None:
    with pytest.raises(ValidationError) as error:
        _in_fulfilment().cancel_lines([(1, 1)], reason="  ", at=LATER, by=BY)
    assert error.value.field == "reason"


def test_cancelling_a_partially_fulfilled_order_closes_it_short() -> None:
    order = _ship(_in_fulfilment(), (1, 1))
    closed = order.cancel(reason="customer cancelled the rest", at=LATER, by=BY)
    assert closed.status is OrderStatus.FULFILLED
    assert closed.shipped_value + closed.cancelled_value == closed.total


def test_a_cancelled_order_is_final() -> None:
    order = make_sales_order(OrderStatus.CANCELLED)
    assert order.allowed_commands() == ()
    with pytest.raises(InvalidTransition):
        order.submit(at=LATER, by=BY)


def test_the_cancel_guard_refuses_an_order_with_shipments() -> None:
    from pcf_sales.orders import SALES_ORDER_LIFECYCLE

    order = _ship(_in_fulfilment(), (1, 1))
    with pytest.raises(InvalidTransition):
        SALES_ORDER_LIFECYCLE.apply(order, "cancel", at=LATER, by=BY, reason="x")
    assert not SALES_ORDER_LIFECYCLE.can(order, "close_short")


def test_a_guard_refusal_on_shipping_is_a_guard_failure() -> None:
    from pcf_sales.orders import SALES_ORDER_LIFECYCLE

    order = _in_fulfilment()
    with pytest.raises(GuardFailed):
        SALES_ORDER_LIFECYCLE.apply(order, "complete_fulfilment", at=LATER, by=BY)


# -- returns and closing -------------------------------------------------------------------------


def test_a_return_is_credited_at_the_value_of_the_returned_units() -> None:
    order = _ship(_in_fulfilment(), (1, 4), (2, 2))
    returned = order.record_return(
        return_id=ReturnId("RT-1"), received_on=DAY, lines=[(1, 1)], at=LATER, by=BY
    )
    assert returned.line(1).returned == 1
    assert returned.returns[0].lines[0].credit == money("250.00", "EUR")
    assert returned.returned_value == money("250.00", "EUR")
    assert returned.status is OrderStatus.FULFILLED


def test_returning_more_than_shipped_is_refused_and_changes_nothing() -> None:
    order = _ship(_in_fulfilment(), (1, 2))
    with pytest.raises(ValidationError) as error:
        order.record_return(
            return_id=ReturnId("RT-1"), received_on=DAY, lines=[(1, 3)], at=LATER, by=BY
        )
    assert error.value.field == "lines[0].quantity"
    assert order.returns == ()


def test_a_return_recorded_twice_is_refused() -> None:
    order = _ship(_in_fulfilment(), (1, 2))
    once = order.record_return(
        return_id=ReturnId("RT-1"), received_on=DAY, lines=[(1, 1)], at=LATER, by=BY
    )
    with pytest.raises(ValidationError) as error:
        once.record_return(
            return_id=ReturnId("RT-1"), received_on=DAY, lines=[(1, 1)], at=LATER, by=BY
        )
    assert error.value.field == "return_id"


def test_a_fulfilled_order_closes_and_then_only_returns_are_recorded() -> None:
    order = make_sales_order(OrderStatus.FULFILLED).close(at=LATER, by=BY)
    assert order.status is OrderStatus.CLOSED
    assert order.allowed_commands() == ("record_return",)
    assert not order.is_open


def test_a_command_dated_before_the_last_change_is_refused() -> None:
    order = _in_fulfilment()
    with pytest.raises(ValidationError) as error:
        order.record_promises([make_line_promise()], at=FIXED_INSTANT, by=BY)
    assert error.value.field == "at"
    assert FIXED_INSTANT.date() == PRICING_DAY


def test_a_cancelled_line_takes_no_shipment_even_within_the_over_delivery_tolerance() -> None:
    order = _in_fulfilment(tolerance=DeliveryTolerance(over_percent=Decimal(25)))
    order = order.cancel_lines([(2, None)], reason="customer reduced", at=LATER, by=BY)
    assert order.line(2).status is LineStatus.CANCELLED
    with pytest.raises(ValidationError) as error:
        _ship(order, (2, "0.5"))  # within the 25 % tolerance of the 2 ordered
    assert error.value.field == "shipment.lines[0].line_number"
    assert order.line(2).shipped == 0


def test_a_closed_line_takes_no_more_shipments_even_within_the_tolerance() -> None:
    order = make_sales_order(
        OrderStatus.IN_FULFILMENT, tolerance=DeliveryTolerance(over_percent=Decimal(10))
    )
    at = order.history[-1].at
    shipped = order.record_shipment(
        Shipment.of(ShipmentId("SH-1"), at.date(), (1, 2)), at=at, by=BY
    )
    closed = shipped.close_line(1, reason="enough", at=at, by=BY)
    assert closed.line(1).shippable == 0
    before = to_document(closed)
    with pytest.raises(ValidationError) as error:
        closed.record_shipment(Shipment.of(ShipmentId("SH-2"), at.date(), (1, "0.4")), at=at, by=BY)
    assert error.value.field == "shipment.lines[0].line_number"
    assert to_document(closed) == before
