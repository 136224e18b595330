"""Order inquiries: the status view of an order and its lines, and the order book."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from pcf_sales.core import DECIMAL_CONTEXT, SalesOrderId, ShipmentId, UserId, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.orders import (
    LineStatus,
    OrderStatus,
    SalesOrder,
    Shipment,
    order_book,
    order_status,
)
from pcf_sales.testing.factories import (
    make_fx_table,
    make_line_promise,
    make_pricing_document,
    make_pricing_engine,
    make_pricing_result,
    make_sales_order,
)

BY = UserId("cs-1")


def _shipped_and_back_ordered() -> SalesOrder:
    order = make_sales_order(OrderStatus.IN_FULFILMENT)
    at = order.history[-1].at.add(days=1)
    order = order.record_promises([make_line_promise()], at=at, by=BY)
    order = order.record_shipment(
        Shipment.of(ShipmentId("SH-1"), at.date(), (1, 3), (2, 2)), at=at, by=BY
    )
    return order.record_delivery(
        ShipmentId("SH-1"), at.date().add(days=1), at=at.add(days=1), by=BY
    )


def test_the_status_view_shows_what_shipped_when_and_what_is_expected() -> None:
    view = order_status(_shipped_and_back_ordered())
    line = view.lines[0]
    assert line.status is LineStatus.PARTIALLY_SHIPPED
    assert (line.shipped, line.back_ordered) == (Decimal(3), Decimal(1))
    assert line.expected_date == pendulum.Date(2026, 3, 23)
    assert [(s.shipment_id, s.quantity) for s in line.shipments] == [("SH-1", Decimal(3))]
    assert line.shipments[0].delivered_on == pendulum.Date(2026, 3, 4)
    assert view.next_expected == pendulum.Date(2026, 3, 23)
    assert view.back_ordered_value == money("250.00", "EUR")
    assert "1 back-ordered expected 2026-03-23" in view.explain()


def test_the_status_view_adds_up_to_the_order_total() -> None:
    view = order_status(_shipped_and_back_ordered())
    parts = view.shipped_value.amount + view.open_value.amount + view.cancelled_value.amount
    assert parts == view.total.amount


def test_the_status_view_needs_an_order() -> None:
    with pytest.raises(ValidationError) as error:
        order_status("SO-1")  # type: ignore[arg-type]
    assert error.value.field == "order"


def test_the_order_book_sums_accepted_orders_and_skips_the_rest() -> None:
    orders = [
        make_sales_order(OrderStatus.DRAFT, id=SalesOrderId("SO-1")),
        make_sales_order(OrderStatus.ACCEPTED, id=SalesOrderId("SO-2")),
        make_sales_order(OrderStatus.FULFILLED, id=SalesOrderId("SO-3")),
        _shipped_and_back_ordered(),
    ]
    book = order_book(orders, currency="EUR")
    assert book.skipped == (SalesOrderId("SO-1"),)
    assert book.booked == money("3180.00", "EUR")
    assert book.shipped == money("1060.00", "EUR") + money("810.00", "EUR")
    assert book.backlog == money("1060.00", "EUR") + money("250.00", "EUR")
    assert book.back_ordered == money("250.00", "EUR")
    assert book.open_orders == 2
    assert book.fill_rate == DECIMAL_CONTEXT.divide(Decimal("1870.00"), Decimal("3180.00"))
    assert book.line_fill_rate == Decimal("0.5")
    assert "3 accepted orders (2 open)" in book.explain()


def test_an_empty_book_has_no_fill_rate() -> None:
    book = order_book([], currency="EUR")
    assert book.fill_rate is None
    assert book.line_fill_rate is None
    assert book.booked == money("0", "EUR")


def test_orders_in_another_currency_need_rates() -> None:
    usd = make_pricing_result(
        engine=make_pricing_engine(fx=make_fx_table()),
        document=make_pricing_document(currency="USD"),
    )
    order = make_sales_order(OrderStatus.ACCEPTED, pricing=usd)
    with pytest.raises(CurrencyMismatch):
        order_book([order], currency="EUR")
    book = order_book([order], currency="USD")
    assert book.booked == order.total


def test_the_book_refuses_what_is_not_an_order() -> None:
    with pytest.raises(ValidationError) as error:
        order_book(["SO-1"], currency="EUR")  # type: ignore[list-item]
    assert error.value.field == "orders[0]"
