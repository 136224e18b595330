"""Factories for the order inquiry views (PCF 3.5.4.8): status views and the order book.

Views are computed, never entered, so each factory computes its view from
factory orders; ``overrides`` replace fields of the computed view.
"""

from __future__ import annotations

from typing import Any

import attrs

from pcf_sales.orders import (
    LineShipment,
    LineStatusView,
    OrderBook,
    OrderBookRow,
    OrderStatus,
    OrderStatusView,
    order_book,
    order_status,
)
from pcf_sales.testing.factories._orders import make_sales_order

__all__ = [
    "make_line_shipment",
    "make_line_status_view",
    "make_order_book",
    "make_order_book_row",
    "make_order_status_view",
]


def make_order_status_view(**overrides: Any) -> OrderStatusView:
    """The status view of the partially fulfilled factory order ``SO-1``."""
    view = order_status(make_sales_order(OrderStatus.PARTIALLY_FULFILLED))
    return attrs.evolve(view, **overrides) if overrides else view


def make_line_status_view(**overrides: Any) -> LineStatusView:
    """The first line of :func:`make_order_status_view` that has shipped something."""
    line = next(line for line in make_order_status_view().lines if line.shipments)
    return attrs.evolve(line, **overrides) if overrides else line


def make_line_shipment(**overrides: Any) -> LineShipment:
    """The first shipment of :func:`make_line_status_view`."""
    shipment = make_line_status_view().shipments[0]
    return attrs.evolve(shipment, **overrides) if overrides else shipment


def make_order_book(**overrides: Any) -> OrderBook:
    """The EUR book of a partially fulfilled, a fulfilled and a draft factory order."""
    orders = [
        make_sales_order(OrderStatus.PARTIALLY_FULFILLED),
        make_sales_order(OrderStatus.FULFILLED, id="SO-2"),
        make_sales_order(OrderStatus.DRAFT, id="SO-3"),
    ]
    book = order_book(orders, currency="EUR")
    return attrs.evolve(book, **overrides) if overrides else book


def make_order_book_row(**overrides: Any) -> OrderBookRow:
    """The first row of :func:`make_order_book`."""
    row = make_order_book().rows[0]
    return attrs.evolve(row, **overrides) if overrides else row
