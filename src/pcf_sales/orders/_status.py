"""Order inquiries (PCF 3.5.4.8): the status of an order and its lines, and the order book.

:func:`order_status` answers a customer's "where is my order?": per line what
shipped when (and whether it arrived), what is back-ordered and when it is
expected. :func:`order_book` sums many orders into the book: booked value,
shipped, backlog, back orders, cancellations, and the fill rates, each row
kept so every figure can be traced to its orders.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.catalog._codes import is_sku
from pcf_sales.core import DECIMAL_CONTEXT, FxTable, SalesOrderId, ShipmentId
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    describe,
    fail,
    is_date,
    is_decimal,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_money,
    is_tuple_of,
    optional,
    to_decimal,
    to_optional_date,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch
from pcf_sales.orders._lines import LineStatus, OrderLine
from pcf_sales.orders._order import SalesOrder
from pcf_sales.orders._order_table import OrderStatus

__all__ = [
    "LineShipment",
    "LineStatusView",
    "OrderBook",
    "OrderBookRow",
    "OrderStatusView",
    "order_book",
    "order_status",
]

_ZERO: Final = Decimal(0)
_QUANTITY: Final = is_decimal(minimum=0)
_OPEN: Final = frozenset(
    {
        OrderStatus.ACCEPTED,
        OrderStatus.ON_HOLD,
        OrderStatus.IN_FULFILMENT,
        OrderStatus.PARTIALLY_FULFILLED,
    }
)


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 4217 currency code, got {describe(value)}")
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class LineShipment:
    """A shipment as one line sees it: which, when, how many, and when delivered."""

    shipment_id: ShipmentId = attrs.field(validator=is_id)
    shipped_on: pendulum.Date = attrs.field(validator=is_date)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=_QUANTITY)
    delivered_on: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )


@attrs.frozen(kw_only=True)
class LineStatusView:
    """Where one line stands: quantities, dates, its shipments and its open value."""

    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(validator=is_sku)
    status: LineStatus = attrs.field(validator=is_enum(LineStatus))
    ordered: Decimal = attrs.field(converter=to_decimal, validator=_QUANTITY)
    shipped: Decimal = attrs.field(converter=to_decimal, validator=_QUANTITY)
    allocated: Decimal = attrs.field(converter=to_decimal, validator=_QUANTITY)
    back_ordered: Decimal = attrs.field(converter=to_decimal, validator=_QUANTITY)
    unallocated: Decimal = attrs.field(converter=to_decimal, validator=_QUANTITY)
    cancelled: Decimal = attrs.field(converter=to_decimal, validator=_QUANTITY)
    returned: Decimal = attrs.field(converter=to_decimal, validator=_QUANTITY)
    requested_date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    promised_date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    expected_date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    shipments: tuple[LineShipment, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(LineShipment)
    )
    open_value: Money = attrs.field(validator=is_money)

    def describe(self) -> str:
        """The line's status on one line of text."""
        parts = [f"line {self.line_number} {self.sku}: {self.status.value}, {self.shipped}/"]
        parts[0] += f"{self.ordered} shipped"
        if self.allocated:
            when = f" for {self.promised_date.isoformat()}" if self.promised_date else ""
            parts.append(f"{self.allocated} allocated{when}")
        if self.back_ordered:
            when = f" expected {self.expected_date.isoformat()}" if self.expected_date else ""
            parts.append(f"{self.back_ordered} back-ordered{when}")
        if self.unallocated:
            parts.append(f"{self.unallocated} not yet allocated")
        if self.cancelled:
            parts.append(f"{self.cancelled} cancelled")
        if self.returned:
            parts.append(f"{self.returned} returned")
        for shipment in self.shipments:
            arrived = (
                f", delivered {shipment.delivered_on.isoformat()}" if shipment.delivered_on else ""
            )
            parts.append(
                f"{shipment.quantity} shipped {shipment.shipped_on.isoformat()} "
                f"({shipment.shipment_id}{arrived})"
            )
        return "; ".join(parts)


@attrs.frozen(kw_only=True)
class OrderStatusView:
    """Where an order stands: its status, its lines, and its money by state."""

    order_id: SalesOrderId = attrs.field(validator=is_id)
    status: OrderStatus = attrs.field(validator=is_enum(OrderStatus))
    lines: tuple[LineStatusView, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(LineStatusView)
    )
    total: Money = attrs.field(validator=is_money)
    shipped_value: Money = attrs.field(validator=is_money)
    open_value: Money = attrs.field(validator=is_money)
    back_ordered_value: Money = attrs.field(validator=is_money)
    cancelled_value: Money = attrs.field(validator=is_money)
    returned_value: Money = attrs.field(validator=is_money)

    @property
    def next_expected(self) -> pendulum.Date | None:
        """The earliest date something still open is promised or expected."""
        dates = [d for line in self.lines for d in (line.promised_date, line.expected_date) if d]
        return min(dates) if dates else None

    def explain(self) -> str:
        """The order's status and every line's, as text."""
        head = (
            f"order {self.order_id} {self.status.value}: total {self.total.amount}, shipped "
            f"{self.shipped_value.amount}, open {self.open_value.amount} (back-ordered "
            f"{self.back_ordered_value.amount}), cancelled {self.cancelled_value.amount}, "
            f"returned {self.returned_value.amount} {self.total.currency.code}"
        )
        return "\n".join([head, *(f"  {line.describe()}" for line in self.lines)])


def _line_view(order: SalesOrder, line: OrderLine) -> LineStatusView:
    shipments = tuple(
        LineShipment(
            shipment_id=s.id,
            shipped_on=s.shipped_on,
            quantity=s.quantity_of(line.line_number),
            delivered_on=s.delivered_on,
        )
        for s in order.shipments
        if s.quantity_of(line.line_number) > 0
    )
    return LineStatusView(
        line_number=line.line_number,
        sku=line.sku,
        status=line.status,
        ordered=line.quantity,
        shipped=line.shipped,
        allocated=line.allocated,
        back_ordered=line.back_ordered,
        unallocated=line.unallocated,
        cancelled=line.cancelled,
        returned=line.returned,
        requested_date=line.requested_date,
        promised_date=line.promised_date,
        expected_date=line.expected_date,
        shipments=shipments,
        open_value=Money(line.open_value, line.currency),
    )


def order_status(order: SalesOrder) -> OrderStatusView:
    """The status view of ``order`` and each of its lines.

    >>> from pcf_sales.testing.factories import make_sales_order
    >>> print(order_status(make_sales_order(OrderStatus.PARTIALLY_FULFILLED)).explain())
    ... # doctest: +NORMALIZE_WHITESPACE
    order SO-1 partially_fulfilled: total 1060.00, shipped 500.00, open 560.00
      (back-ordered 0.00), cancelled 0.00, returned 0.00 EUR
      line 1 SENS-100: partially_shipped, 2/4 shipped; 2 not yet allocated;
        2 shipped 2026-03-02 (SH-1)
      line 2 CAL-KIT: open, 0/2 shipped; 2 not yet allocated
    """
    if not isinstance(order, SalesOrder):
        fail("order", f"expected a SalesOrder, got {describe(order)}")
    return OrderStatusView(
        order_id=order.id,
        status=order.status,
        lines=tuple(_line_view(order, line) for line in order.lines),
        total=order.total,
        shipped_value=order.shipped_value,
        open_value=order.open_value,
        back_ordered_value=order.back_ordered_value,
        cancelled_value=order.cancelled_value,
        returned_value=order.returned_value,
    )


# -- the order book ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class OrderBookRow:
    """One order's figures in the book's currency."""

    order_id: SalesOrderId = attrs.field(validator=is_id)
    status: OrderStatus = attrs.field(validator=is_enum(OrderStatus))
    booked: Money = attrs.field(validator=is_money)
    shipped: Money = attrs.field(validator=is_money)
    open: Money = attrs.field(validator=is_money)
    back_ordered: Money = attrs.field(validator=is_money)
    cancelled: Money = attrs.field(validator=is_money)
    lines: int = attrs.field(validator=is_int(minimum=1))
    lines_complete: int = attrs.field(validator=is_int(minimum=0))
    lines_due: int = attrs.field(validator=is_int(minimum=0))


@attrs.frozen(kw_only=True)
class OrderBook:
    """The order book: every accepted order's figures and their sums.

    ``fill_rate`` is the shipped value over the value due (shipped plus
    open); ``line_fill_rate`` the share of due lines shipped in full without
    anything cancelled. Both are exact fractions (``None`` when nothing is due).
    """

    currency: str = attrs.field(validator=_currency)
    rows: tuple[OrderBookRow, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(OrderBookRow)
    )
    skipped: tuple[SalesOrderId, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(is_id)
    )
    fx: FxTable | None = attrs.field(default=None, validator=optional(is_instance(FxTable)))

    def _sum(self, field: str) -> Money:
        total = _ZERO
        for row in self.rows:
            total += getattr(row, field).amount
        return Money(total, self.currency)

    @property
    def booked(self) -> Money:
        """The value of every accepted order."""
        return self._sum("booked")

    @property
    def shipped(self) -> Money:
        """The value shipped."""
        return self._sum("shipped")

    @property
    def backlog(self) -> Money:
        """The value accepted and not yet shipped."""
        return self._sum("open")

    @property
    def back_ordered(self) -> Money:
        """The part of the backlog waiting for stock."""
        return self._sum("back_ordered")

    @property
    def cancelled(self) -> Money:
        """The value cancelled after acceptance."""
        return self._sum("cancelled")

    @property
    def open_orders(self) -> int:
        """How many orders still have something to ship."""
        return sum(1 for row in self.rows if row.status in _OPEN)

    @property
    def fill_rate(self) -> Decimal | None:
        """Shipped value ÷ (shipped + backlog), exact."""
        due = self.shipped.amount + self.backlog.amount
        if due == 0:
            return None
        return DECIMAL_CONTEXT.divide(self.shipped.amount, due)

    @property
    def line_fill_rate(self) -> Decimal | None:
        """Lines shipped in full ÷ lines due (not wholly cancelled), exact."""
        due = sum(row.lines_due for row in self.rows)
        if due == 0:
            return None
        complete = sum(row.lines_complete for row in self.rows)
        return DECIMAL_CONTEXT.divide(Decimal(complete), Decimal(due))

    def explain(self) -> str:
        """The book's sums and how many orders they come from."""
        rate = self.fill_rate
        line_rate = self.line_fill_rate
        return (
            f"{len(self.rows)} accepted orders ({self.open_orders} open): booked "
            f"{self.booked.amount}, shipped {self.shipped.amount}, backlog "
            f"{self.backlog.amount} (back-ordered {self.back_ordered.amount}), cancelled "
            f"{self.cancelled.amount} {self.currency}; fill rate "
            f"{'n/a' if rate is None else f'{rate * 100:.1f} %'}, line fill rate "
            f"{'n/a' if line_rate is None else f'{line_rate * 100:.1f} %'}"
        )


def _accepted(order: SalesOrder) -> bool:
    return any(entry.command == "accept" for entry in order.history)


def _convert(amount: Decimal, order: SalesOrder, currency: str, fx: FxTable | None) -> Money:
    if order.currency == currency:
        return Money(amount, currency)
    if fx is None:
        raise CurrencyMismatch(currency, order.currency, field=f"orders[{order.id}]")
    return fx.convert(Money(amount, order.currency), currency, on=order.entered_at.date())


def order_book(
    orders: Iterable[SalesOrder], *, currency: str, fx: FxTable | None = None
) -> OrderBook:
    """The book of ``orders`` in ``currency``: orders never accepted (drafts, submitted,
    rejected) are listed in ``skipped``. Orders in other currencies need ``fx``
    (converted at the rate of the day they were entered; the open value is then the
    converted total less the converted shipped and cancelled values, so each row still
    adds up)."""
    code = check_currency(currency).code
    if fx is not None and not isinstance(fx, FxTable):
        fail("fx", f"expected an FxTable, got {describe(fx)}")
    rows: list[OrderBookRow] = []
    skipped: list[SalesOrderId] = []
    for index, order in enumerate(orders):
        if not isinstance(order, SalesOrder):
            fail(f"orders[{index}]", f"expected a SalesOrder, got {describe(order)}")
        if not _accepted(order):
            skipped.append(order.id)
            continue
        lines_due = [line for line in order.lines if line.shipped > 0 or line.is_open]
        booked = _convert(order.total.amount, order, code, fx)
        shipped = _convert(order.shipped_value.amount, order, code, fx)
        cancelled = _convert(order.cancelled_value.amount, order, code, fx)
        rows.append(
            OrderBookRow(
                order_id=order.id,
                status=order.status,
                booked=booked,
                shipped=shipped,
                open=Money(booked.amount - shipped.amount - cancelled.amount, code),
                back_ordered=_convert(order.back_ordered_value.amount, order, code, fx),
                cancelled=cancelled,
                lines=len(order.lines),
                lines_complete=sum(
                    1
                    for line in lines_due
                    if line.status is LineStatus.SHIPPED and not line.cancelled
                ),
                lines_due=len(lines_due),
            )
        )
    return OrderBook(currency=code, rows=tuple(rows), skipped=tuple(skipped), fx=fx)
