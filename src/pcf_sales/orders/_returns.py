"""Customer returns (PCF 3.5.4.8 post-order transactions): requested → approved →
received → credited, partial returns included, never more than was shipped.

A :class:`ReturnOrder` is requested against a :class:`~pcf_sales.orders.SalesOrder`
(read, not held: the return keeps the order's id). When the goods arrive the
host records them on the order with :meth:`SalesOrder.record_return
<pcf_sales.orders.SalesOrder.record_return>` (which computes the credit) and
then credits the return from that record, so the order and the return always
agree on quantities and money.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
import pendulum
from moneyed import Money

from pcf_sales.catalog._codes import is_sku
from pcf_sales.core import (
    AccountId,
    Guard,
    HistoryEntry,
    Lifecycle,
    ReturnId,
    SalesOrderId,
    Transition,
    UserId,
)
from pcf_sales.core._money import check_currency
from pcf_sales.core._validate import (
    check_date,
    check_decimal,
    check_instant,
    describe,
    fail,
    is_date,
    is_decimal,
    is_enum,
    is_id,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_optional_date,
    to_optional_text,
    to_tuple,
)
from pcf_sales.errors import ValidationError
from pcf_sales.orders._order import SalesOrder
from pcf_sales.orders._order_ops import given

__all__ = [
    "RETURN_LIFECYCLE",
    "ReturnLine",
    "ReturnOrder",
    "ReturnReason",
    "ReturnStatus",
]

_ZERO = Decimal(0)


class ReturnStatus(Enum):
    """Where a return is in its lifecycle."""

    REQUESTED = "requested"
    """The customer asked to send goods back."""
    APPROVED = "approved"
    """Authorised; the goods may be sent."""
    RECEIVED = "received"
    """The goods arrived (all or part of what was requested)."""
    CREDITED = "credited"
    """The customer was credited. Terminal."""
    REJECTED = "rejected"
    """Refused, for a stated reason. Terminal."""
    CANCELLED = "cancelled"
    """Withdrawn before the goods arrived. Terminal."""


class ReturnReason(Enum):
    """Why goods come back."""

    DAMAGED = "damaged"
    DEFECTIVE = "defective"
    WRONG_ITEM = "wrong_item"
    NOT_NEEDED = "not_needed"
    OVER_DELIVERED = "over_delivered"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class ReturnLine:
    """One order line to return: the quantity requested and the quantity received."""

    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(validator=is_sku)
    quantity: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=Decimal("0.000001"))
    )
    received: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=is_decimal(minimum=0)
    )

    def __attrs_post_init__(self) -> None:
        if self.received > self.quantity:
            fail("received", f"{self.received} is more than the {self.quantity} requested")


def _lines(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(ReturnLine)(inst, attr, value)
    if not value:
        fail(attr.name, "a return has at least one line")
    numbers = [line.line_number for line in value]  # type: ignore[attr-defined]
    if len(set(numbers)) != len(numbers):
        fail(attr.name, "each order line appears once in a return")


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


def _currency(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 4217 currency code, got {describe(value)}")
    check_currency(value, attr.name)


@attrs.frozen(kw_only=True)
class ReturnOrder:
    """A customer's return of goods shipped under a sales order.

    >>> from pcf_sales.testing.factories import make_sales_order
    >>> from pcf_sales.orders import OrderStatus
    >>> order = make_sales_order(OrderStatus.FULFILLED)
    >>> at = order.history[-1].at.add(days=3)
    >>> ret = ReturnOrder.request(
    ...     order, [(1, 1)], ReturnReason.DAMAGED, id=ReturnId("RT-1"), at=at, by=UserId("cs-1")
    ... )
    >>> ret.status.value, ret.lines[0].sku
    ('requested', 'SENS-100')
    """

    id: ReturnId = attrs.field(validator=is_id)
    status: ReturnStatus = attrs.field(validator=is_enum(ReturnStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[ReturnStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    order_id: SalesOrderId = attrs.field(validator=is_id)
    account_id: AccountId = attrs.field(validator=is_id)
    currency: str = attrs.field(validator=_currency)
    return_reason: ReturnReason = attrs.field(validator=is_enum(ReturnReason))
    lines: tuple[ReturnLine, ...] = attrs.field(converter=to_tuple, validator=_lines)
    note: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )
    received_on: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    credit: Money | None = attrs.field(default=None, validator=optional(is_money))

    def __attrs_post_init__(self) -> None:
        RETURN_LIFECYCLE.check_history(self)
        received = self.status in (ReturnStatus.RECEIVED, ReturnStatus.CREDITED)
        if received != (self.received_on is not None):
            fail("received_on", "is set exactly when the goods were received")
        if received and not any(line.received > 0 for line in self.lines):
            fail("lines", "a received return received something")
        if not received and any(line.received > 0 for line in self.lines):
            fail("lines", "nothing is received before the goods arrive")
        if (self.status is ReturnStatus.CREDITED) != (self.credit is not None):
            fail("credit", "is set exactly when the return is credited")
        if self.credit is not None and self.credit.currency.code != self.currency:
            fail("credit", f"is in {self.credit.currency.code}, not the order's {self.currency}")

    @classmethod
    def request(
        cls,
        order: SalesOrder,
        lines: Iterable[tuple[int, Decimal | int | str]],
        reason: ReturnReason,
        *,
        id: ReturnId,
        at: pendulum.DateTime,
        by: UserId,
        note: str | None = None,
    ) -> ReturnOrder:
        """A return request for ``(line_number, quantity)`` pairs of ``order``: never
        more than was shipped and not yet returned."""
        if not isinstance(order, SalesOrder):
            fail("order", f"expected a SalesOrder, got {describe(order)}")
        if not isinstance(reason, ReturnReason):
            fail("reason", f"expected a ReturnReason, got {describe(reason)}")
        built = []
        for index, item in enumerate(given(lines, "lines", "(line_number, quantity) pairs")):
            field = f"lines[{index}]"
            if not isinstance(item, tuple) or len(item) != 2:
                fail(field, f"expected a (line_number, quantity) pair, got {describe(item)}")
            line = _order_line(order, item[0], f"{field}.line_number")
            quantity = _quantity(item[1], f"{field}.quantity")
            can = line.shipped - line.returned
            if quantity > can:
                fail(
                    f"{field}.quantity",
                    f"returns {quantity} of line {line.line_number}, but only {can} was "
                    "shipped and not yet returned",
                )
            built.append(ReturnLine(line_number=line.line_number, sku=line.sku, quantity=quantity))
        return RETURN_LIFECYCLE.create(
            cls,
            at=at,
            by=by,
            id=id,
            order_id=order.id,
            account_id=order.parties.sold_to.account_id,
            currency=order.currency,
            return_reason=reason,
            lines=tuple(built),
            note=note,
        )

    @property
    def requested_quantity(self) -> Decimal:
        """The quantity requested over all lines."""
        return sum((line.quantity for line in self.lines), _ZERO)

    @property
    def received_quantity(self) -> Decimal:
        """The quantity received over all lines."""
        return sum((line.received for line in self.lines), _ZERO)

    def received_lines(self) -> tuple[tuple[int, Decimal], ...]:
        """``(line_number, quantity)`` of what was received, for
        :meth:`SalesOrder.record_return <pcf_sales.orders.SalesOrder.record_return>`."""
        return tuple((line.line_number, line.received) for line in self.lines if line.received)

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the return's current status."""
        return RETURN_LIFECYCLE.allowed(self.status)

    def approve(self, *, at: pendulum.DateTime, by: UserId) -> ReturnOrder:
        """Authorise the return."""
        return RETURN_LIFECYCLE.apply(self, "approve", at=at, by=by)

    def reject(self, *, reason: str, at: pendulum.DateTime, by: UserId) -> ReturnOrder:
        """Refuse the return, saying why."""
        return RETURN_LIFECYCLE.apply(self, "reject", at=at, by=by, reason=reason)

    def cancel(self, *, reason: str, at: pendulum.DateTime, by: UserId) -> ReturnOrder:
        """Withdraw the return before the goods arrive."""
        return RETURN_LIFECYCLE.apply(self, "cancel", at=at, by=by, reason=reason)

    def receive(
        self,
        received_on: pendulum.Date,
        quantities: Iterable[tuple[int, Decimal | int | str]] | None = None,
        *,
        at: pendulum.DateTime,
        by: UserId,
    ) -> ReturnOrder:
        """Record the goods that arrived on ``received_on``: ``(line_number, quantity)``
        pairs, at most what was requested (a partial return); ``None`` receives
        everything requested."""
        RETURN_LIFECYCLE.require(self, "receive")
        moment = check_instant(at, "at")
        day = check_date(received_on, "received_on")
        if day > moment.date():
            fail("received_on", f"{day} is after the time of recording")
        requested = self.history[0].at.date()
        if day < requested:
            fail("received_on", f"{day} is before the return was requested on {requested}")
        if quantities is None:
            lines = tuple(attrs.evolve(line, received=line.quantity) for line in self.lines)
        else:
            lines = self._received(given(quantities, "quantities", "(line_number, quantity) pairs"))
        return RETURN_LIFECYCLE.apply(
            self, "receive", at=moment, by=by, changes={"lines": lines, "received_on": day}
        )

    def _received(self, given: tuple[object, ...]) -> tuple[ReturnLine, ...]:
        got: dict[int, Decimal] = {}
        for index, item in enumerate(given):
            field = f"quantities[{index}]"
            if not isinstance(item, tuple) or len(item) != 2:
                fail(field, f"expected a (line_number, quantity) pair, got {describe(item)}")
            number = item[0]
            if not any(line.line_number == number for line in self.lines):
                fail(f"{field}.line_number", f"the return has no line {number!r}")
            if number in got:
                fail(field, f"line {number} is received twice")
            got[number] = _quantity(item[1], f"{field}.quantity", allow_zero=True)
        lines = []
        for line in self.lines:
            quantity = got.get(line.line_number, _ZERO)
            if quantity > line.quantity:
                fail(
                    "quantities",
                    f"line {line.line_number} received {quantity}, more than the "
                    f"{line.quantity} requested",
                )
            lines.append(attrs.evolve(line, received=quantity))
        if not any(line.received for line in lines):
            fail("quantities", "nothing was received")
        return tuple(lines)

    def credit_from(self, order: SalesOrder, *, at: pendulum.DateTime, by: UserId) -> ReturnOrder:
        """Credit the return with what ``order`` recorded for it (its lines' credits)."""
        RETURN_LIFECYCLE.require(self, "credit")
        if not isinstance(order, SalesOrder):
            fail("order", f"expected a SalesOrder, got {describe(order)}")
        if order.id != self.order_id:
            fail("order", f"the return is for order {self.order_id!r}, not {order.id!r}")
        record = next((r for r in order.returns if r.return_id == self.id), None)
        if record is None:
            fail("order", f"order {order.id!r} has not recorded return {self.id!r}")
        recorded = tuple((line.line_number, line.quantity) for line in record.lines)
        if recorded != self.received_lines():
            fail("order", "the order recorded other quantities than the return received")
        credit = Money(record.credit_amount, self.currency)
        return RETURN_LIFECYCLE.apply(self, "credit", at=at, by=by, changes={"credit": credit})


def _order_line(order: SalesOrder, number: object, field: str) -> Any:
    try:
        return order.line(number)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ValidationError(field, error.reason) from None


def _quantity(value: object, field: str, *, allow_zero: bool = False) -> Decimal:
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            value = to_decimal(value)
        except ValidationError:
            fail(field, f"expected a quantity, got {describe(value)}")
    quantity = check_decimal(value, field, minimum=0)
    if quantity == 0 and not allow_zero:
        fail(field, "must be more than zero")
    return quantity


def _something_received(ret: ReturnOrder) -> str | None:
    if not any(line.received > 0 for line in ret.lines):
        return "nothing was received"
    return None


RETURN_LIFECYCLE: Lifecycle[ReturnStatus, ReturnOrder] = Lifecycle(
    aggregate="ReturnOrder",
    states=ReturnStatus,
    initial=ReturnStatus.REQUESTED,
    terminal={ReturnStatus.CREDITED, ReturnStatus.REJECTED, ReturnStatus.CANCELLED},
    creation="request",
    creation_event="requested",
    transitions=(
        Transition(
            command="approve",
            event="approved",
            sources={ReturnStatus.REQUESTED},
            target=ReturnStatus.APPROVED,
        ),
        Transition(
            command="reject",
            event="rejected",
            sources={ReturnStatus.REQUESTED},
            target=ReturnStatus.REJECTED,
            needs_reason=True,
        ),
        Transition(
            command="cancel",
            event="cancelled",
            sources={ReturnStatus.REQUESTED, ReturnStatus.APPROVED},
            target=ReturnStatus.CANCELLED,
            needs_reason=True,
        ),
        Transition(
            command="receive",
            event="received",
            sources={ReturnStatus.APPROVED},
            target=ReturnStatus.RECEIVED,
            guards=(Guard("something received", _something_received, overridable=False),),
        ),
        Transition(
            command="credit",
            event="credited",
            sources={ReturnStatus.RECEIVED},
            target=ReturnStatus.CREDITED,
        ),
    ),
)
"""The return lifecycle: requested → approved → received → credited; a request may be
rejected, and a return cancelled until the goods arrive."""
