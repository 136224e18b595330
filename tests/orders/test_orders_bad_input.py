"""Bad arguments and impossible dates are ValidationErrors naming the field, and change
nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from pcf_sales.core import ReturnId, ShipmentId, UserId
from pcf_sales.errors import ValidationError
from pcf_sales.orders import OrderStatus, ReturnOrder, ReturnReason, SalesOrder, Shipment
from pcf_sales.serialization import to_document
from pcf_sales.testing.factories import FIXED_INSTANT, make_sales_order

BY = UserId("order-desk")
LATER = FIXED_INSTANT.add(days=2)
_BAD: Any = 5
_NONE: Any = None


def _refused(order: SalesOrder, run: Callable[[SalesOrder], object], field: str) -> None:
    before = to_document(order)
    with pytest.raises(ValidationError) as error:
        run(order)
    assert error.value.field == field
    assert to_document(order) == before


@pytest.mark.parametrize("bad", [5, None, "1"])
def test_cancellations_that_are_not_a_list_name_the_field(bad: Any) -> None:
    _refused(
        make_sales_order(OrderStatus.IN_FULFILMENT),
        lambda o: o.cancel_lines(bad, reason="x", at=LATER, by=BY),
        "cancellations",
    )


@pytest.mark.parametrize("bad", [5, None])
def test_promises_that_are_not_a_list_name_the_field(bad: Any) -> None:
    _refused(
        make_sales_order(OrderStatus.IN_FULFILMENT),
        lambda o: o.record_promises(bad, at=LATER, by=BY),
        "promises",
    )


@pytest.mark.parametrize("bad", [[], 5])
def test_back_orders_to_cancel_are_named_line_numbers(bad: Any) -> None:
    _refused(
        make_sales_order(OrderStatus.IN_FULFILMENT),
        lambda o: o.cancel_back_orders(bad, reason="x", at=LATER, by=BY),
        "line_numbers",
    )


def test_return_lines_that_are_not_a_list_name_the_field() -> None:
    order = make_sales_order(OrderStatus.FULFILLED)
    with pytest.raises(ValidationError) as error:
        ReturnOrder.request(
            order, _NONE, ReturnReason.DEFECTIVE, id=ReturnId("RT-1"), at=LATER, by=BY
        )
    assert error.value.field == "lines"
    _refused(
        order,
        lambda o: o.record_return(
            return_id=ReturnId("RT-1"), received_on=LATER.date(), lines=_BAD, at=LATER, by=BY
        ),
        "lines",
    )
    ret = ReturnOrder.request(
        order, [(1, 1)], ReturnReason.DEFECTIVE, id=ReturnId("RT-1"), at=LATER, by=BY
    ).approve(at=LATER, by=BY)
    with pytest.raises(ValidationError) as received:
        ret.receive(LATER.date(), _BAD, at=LATER, by=BY)
    assert received.value.field == "quantities"


def test_a_shipment_dated_before_the_order_was_entered_is_refused() -> None:
    shipment = Shipment.of(ShipmentId("SH-9"), pendulum.Date(2020, 1, 1), (1, 1))
    _refused(
        make_sales_order(OrderStatus.IN_FULFILMENT),
        lambda o: o.record_shipment(shipment, at=LATER, by=BY),
        "shipment.shipped_on",
    )


def test_goods_received_before_they_shipped_are_refused() -> None:
    order = make_sales_order(OrderStatus.FULFILLED)
    shipped_on = order.shipments[0].shipped_on
    _refused(
        order,
        lambda o: o.record_return(
            return_id=ReturnId("RT-1"),
            received_on=shipped_on.subtract(days=1),
            lines=[(1, 1)],
            at=LATER,
            by=BY,
        ),
        "received_on",
    )


def test_a_return_received_before_it_was_requested_is_refused() -> None:
    order = make_sales_order(OrderStatus.FULFILLED)
    ret = ReturnOrder.request(
        order, [(1, 1)], ReturnReason.DEFECTIVE, id=ReturnId("RT-1"), at=LATER, by=BY
    ).approve(at=LATER, by=BY)
    before = to_document(ret)
    with pytest.raises(ValidationError) as error:
        ret.receive(LATER.date().subtract(days=1), at=LATER, by=BY)
    assert error.value.field == "received_on"
    assert to_document(ret) == before
