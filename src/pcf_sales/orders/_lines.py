"""Order lines and their quantities: ordered, allocated, back-ordered, shipped, cancelled.

Every line keeps the invariant

    ordered = shipped + allocated + back-ordered + cancelled + unallocated - over-delivered

with every term a non-negative exact ``Decimal``; ``over_delivered`` is what
was shipped beyond the ordered quantity, within the line's over-delivery
tolerance. A line's status is derived from these quantities, never from a
rounded percentage.

The line's money is its priced net amount, carried over from the pricing
result exactly. The value of a part of the line is the net amount scaled by
the cumulative quantity and rounded to the currency's minor unit, so the
values of the shipped, open and cancelled parts always add up to the net
amount exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.catalog._codes import is_sku
from pcf_sales.core import DECIMAL_CONTEXT, ShipmentId, round_amount
from pcf_sales.core._validate import (
    describe,
    fail,
    is_date,
    is_decimal,
    is_id,
    is_instance,
    is_int,
    is_money,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_decimal,
    to_optional_date,
    to_optional_text,
    to_tuple,
)
from pcf_sales.pricing import PricedLine

__all__ = [
    "DeliveryTolerance",
    "LinePromise",
    "LineStatus",
    "OrderLine",
    "Shipment",
    "ShipmentLine",
]

_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)
_MAX_QUANTITY: Final = Decimal(1_000_000_000)


class LineStatus(Enum):
    """Where a line stands, derived from its quantities."""

    OPEN = "open"
    """Nothing shipped yet and nothing back-ordered."""
    BACK_ORDERED = "back_ordered"
    """Nothing shipped yet; some quantity waits for stock."""
    PARTIALLY_SHIPPED = "partially_shipped"
    """Some shipped, some still to ship."""
    SHIPPED = "shipped"
    """Nothing left to ship, and something was shipped (the rest, if any, cancelled)."""
    CANCELLED = "cancelled"
    """Nothing left to ship and nothing was shipped."""


@attrs.frozen(kw_only=True)
class DeliveryTolerance:
    """How far a delivery may deviate from the ordered quantity, in percent of it.

    A shipment may exceed the remaining quantity by up to ``over_percent`` of
    the ordered quantity. When what remains after a shipment is at most
    ``under_percent`` of the ordered quantity, the remainder is closed short
    (cancelled) and the line counts as shipped.

    >>> tolerance = DeliveryTolerance(over_percent=Decimal(5), under_percent=Decimal(2))
    >>> tolerance.over_allowance(Decimal(200)), tolerance.under_allowance(Decimal(200))
    (Decimal('10'), Decimal('4'))
    """

    over_percent: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=is_decimal(minimum=0, maximum=100)
    )
    under_percent: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=is_decimal(minimum=0, maximum=100)
    )

    def over_allowance(self, ordered: Decimal) -> Decimal:
        """The quantity a line of ``ordered`` may be over-delivered by (exact)."""
        return DECIMAL_CONTEXT.divide(
            DECIMAL_CONTEXT.multiply(ordered, self.over_percent), _HUNDRED
        )

    def under_allowance(self, ordered: Decimal) -> Decimal:
        """The remainder of a line of ``ordered`` that may be closed short (exact)."""
        return DECIMAL_CONTEXT.divide(
            DECIMAL_CONTEXT.multiply(ordered, self.under_percent), _HUNDRED
        )


def _quantity(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_decimal(minimum=0, maximum=_MAX_QUANTITY)(inst, attr, value)


@attrs.frozen(kw_only=True)
class OrderLine:
    """One line of a sales order: what was ordered, at what price, and where it stands.

    ``net_amount`` is the priced line's net amount, exactly as it was priced
    (or quoted); the order keeps the pricing result with its waterfalls. The
    quantity fields are the parts of the ordered quantity (see the module
    documentation for the invariant that ties them).
    ``promised_date`` is when the allocated quantity ships, ``expected_date``
    when the back-ordered quantity is expected; ``repromised`` counts how
    often either date was moved.
    """

    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(validator=is_sku)
    quantity: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=Decimal("0.000001"))
    )
    net_amount: Money = attrs.field(validator=is_money)
    requested_date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    tolerance: DeliveryTolerance = attrs.field(
        factory=DeliveryTolerance, validator=is_instance(DeliveryTolerance)
    )
    allocated: Decimal = attrs.field(default=_ZERO, converter=to_decimal, validator=_quantity)
    back_ordered: Decimal = attrs.field(default=_ZERO, converter=to_decimal, validator=_quantity)
    shipped: Decimal = attrs.field(default=_ZERO, converter=to_decimal, validator=_quantity)
    cancelled: Decimal = attrs.field(default=_ZERO, converter=to_decimal, validator=_quantity)
    returned: Decimal = attrs.field(default=_ZERO, converter=to_decimal, validator=_quantity)
    promised_date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    expected_date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    repromised: int = attrs.field(default=0, validator=is_int(minimum=0))

    def __attrs_post_init__(self) -> None:
        problem = self.problem()
        if problem is not None:
            fail(problem[0], problem[1])

    def problem(self) -> tuple[str, str] | None:
        """The first broken rule of the line as ``(field, reason)``, or ``None``."""
        if self.cancelled > self.quantity:
            return "cancelled", f"{self.cancelled} is more than the {self.quantity} ordered"
        open_ = self.quantity - self.cancelled - self.shipped
        if open_ < 0:
            if self.allocated or self.back_ordered:
                return "allocated", "nothing can be allocated or back-ordered once all shipped"
            if -open_ > self.tolerance.over_allowance(self.quantity):
                return "shipped", f"{self.shipped} exceeds the over-delivery tolerance"
        elif self.allocated + self.back_ordered > open_:
            return (
                "back_ordered",
                f"{self.allocated} allocated and {self.back_ordered} back-ordered exceed "
                f"the {open_} still to ship",
            )
        if self.returned > self.shipped:
            return "returned", f"{self.returned} is more than the {self.shipped} shipped"
        return None

    # -- quantities -------------------------------------------------------------------

    @property
    def remaining(self) -> Decimal:
        """What is still to ship: ordered less shipped less cancelled (never negative)."""
        open_ = self.quantity - self.cancelled - self.shipped
        return open_ if open_ > 0 else _ZERO

    @property
    def unallocated(self) -> Decimal:
        """What is still to ship and neither allocated nor back-ordered."""
        return self.remaining - self.allocated - self.back_ordered

    @property
    def over_delivered(self) -> Decimal:
        """What was shipped beyond the ordered quantity (within tolerance)."""
        excess = self.shipped + self.cancelled - self.quantity
        return excess if excess > 0 else _ZERO

    @property
    def shippable(self) -> Decimal:
        """The most a shipment may carry now: the remainder plus the over-delivery allowance.
        Nothing for a line closed by cancelling what remained of it: the allowance is
        for the shipment that completes the line, not for one after it was closed."""
        if self.cancelled > 0 and self.remaining == 0:
            return _ZERO
        return (
            self.quantity
            - self.cancelled
            - self.shipped
            + self.tolerance.over_allowance(self.quantity)
        )

    @property
    def is_open(self) -> bool:
        """True while something remains to ship."""
        return self.remaining > 0

    @property
    def status(self) -> LineStatus:
        """The line's status, derived from its remaining quantities."""
        if self.remaining > 0:
            if self.shipped > 0:
                return LineStatus.PARTIALLY_SHIPPED
            return LineStatus.BACK_ORDERED if self.back_ordered > 0 else LineStatus.OPEN
        return LineStatus.SHIPPED if self.shipped > 0 else LineStatus.CANCELLED

    # -- money --------------------------------------------------------------------------

    @property
    def currency(self) -> str:
        """The line's currency."""
        return self.net_amount.currency.code

    @classmethod
    def from_priced(
        cls,
        priced: PricedLine,
        *,
        requested_date: pendulum.Date | None = None,
        tolerance: DeliveryTolerance | None = None,
    ) -> OrderLine:
        """A new line for ``priced``, its net amount carried over exactly."""
        return cls(
            line_number=priced.line_number,
            sku=priced.sku,
            quantity=priced.quantity,
            net_amount=priced.net_amount,
            requested_date=requested_date,
            tolerance=DeliveryTolerance() if tolerance is None else tolerance,
        )

    def value_of(self, quantity: Decimal) -> Decimal:
        """The value of the first ``quantity`` units of the line (capped at the ordered
        quantity), rounded to the minor unit: ``value_of(quantity) == net amount``."""
        if quantity >= self.quantity:
            return self.net_amount.amount
        if quantity <= 0:
            return round_amount(_ZERO, self.currency)
        share = DECIMAL_CONTEXT.divide(
            DECIMAL_CONTEXT.multiply(self.net_amount.amount, quantity), self.quantity
        )
        return round_amount(share, self.currency)

    @property
    def shipped_within_order(self) -> Decimal:
        """What was shipped, without the over-delivery: the part of the order it settles."""
        return min(self.shipped, self.quantity - self.cancelled)

    @property
    def shipped_value(self) -> Decimal:
        """The value of what was shipped (over-delivery is not charged)."""
        return self.value_of(self.shipped_within_order)

    @property
    def cancelled_value(self) -> Decimal:
        """The value of what was cancelled."""
        done = self.shipped_within_order
        return self.value_of(done + self.cancelled) - self.value_of(done)

    @property
    def open_value(self) -> Decimal:
        """The value still to ship: the net amount less shipped and cancelled values."""
        return self.net_amount.amount - self.shipped_value - self.cancelled_value

    @property
    def back_ordered_value(self) -> Decimal:
        """The value of the back-ordered quantity (part of the open value)."""
        start = self.quantity - self.remaining + self.allocated
        return self.value_of(start + self.back_ordered) - self.value_of(start)

    @property
    def returned_value(self) -> Decimal:
        """The value of what came back (part of the shipped value; returned over-delivery
        earns no credit)."""
        return self.value_of(min(self.returned, self.shipped_within_order))

    def credit_for(self, quantity: Decimal) -> Decimal:
        """The credit for returning ``quantity`` more units after those already returned."""
        done = self.shipped_within_order
        after = min(self.returned + quantity, done)
        return self.value_of(after) - self.value_of(min(self.returned, done))


@attrs.frozen(kw_only=True)
class LinePromise:
    """What availability promises for a line: a confirmed quantity and when it ships,
    and a back-ordered quantity and when it is expected.

    A new promise for a line replaces the previous one; what is neither
    confirmed nor back-ordered stays unallocated.
    """

    line_number: int = attrs.field(validator=is_int(minimum=1))
    confirmed_quantity: Decimal = attrs.field(converter=to_decimal, validator=_quantity)
    confirmed_date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    back_ordered_quantity: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=_quantity
    )
    expected_date: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )

    def __attrs_post_init__(self) -> None:
        if self.confirmed_quantity > 0 and self.confirmed_date is None:
            fail("confirmed_date", "a confirmed quantity needs the date it ships")
        if self.back_ordered_quantity == 0 and self.expected_date is not None:
            fail("expected_date", "only a back-ordered quantity has an expected date")


@attrs.frozen(kw_only=True)
class ShipmentLine:
    """The quantity of one order line a shipment carries."""

    line_number: int = attrs.field(validator=is_int(minimum=1))
    quantity: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=Decimal("0.000001"))
    )


def _shipment_lines(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(ShipmentLine)(inst, attr, value)
    if not value:
        fail(attr.name, "a shipment carries at least one line")
    numbers = [line.line_number for line in value]  # type: ignore[attr-defined]
    if len(set(numbers)) != len(numbers):
        fail(attr.name, "each order line appears once in a shipment")


@attrs.frozen(kw_only=True)
class Shipment:
    """One dispatch of goods against an order: when it left, what it carried, and when
    it was delivered (``None`` until then)."""

    id: ShipmentId = attrs.field(validator=is_id)
    shipped_on: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    lines: tuple[ShipmentLine, ...] = attrs.field(converter=to_tuple, validator=_shipment_lines)
    carrier: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=120))
    )
    tracking: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=120))
    )
    delivered_on: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )

    def __attrs_post_init__(self) -> None:
        if self.delivered_on is not None and self.delivered_on < self.shipped_on:
            fail("delivered_on", "is before the shipment left")

    @classmethod
    def of(
        cls,
        id: ShipmentId,
        shipped_on: pendulum.Date,
        *lines: tuple[int, Decimal | int | str],
        carrier: str | None = None,
        tracking: str | None = None,
    ) -> Shipment:
        """A shipment from ``(line_number, quantity)`` pairs.

        >>> Shipment.of(ShipmentId("S-1"), pendulum.Date(2026, 3, 9), (1, 4), (2, "1.5")).lines[1]
        ShipmentLine(line_number=2, quantity=Decimal('1.5'))
        """
        return cls(
            id=id,
            shipped_on=shipped_on,
            lines=_pairs(lines, ShipmentLine),
            carrier=carrier,
            tracking=tracking,
        )

    def quantity_of(self, line_number: int) -> Decimal:
        """The quantity of ``line_number`` the shipment carries (zero when none)."""
        for line in self.lines:
            if line.line_number == line_number:
                return line.quantity
        return _ZERO


def _pairs(items: Iterable[object], kind: type[ShipmentLine]) -> tuple[ShipmentLine, ...]:
    built = []
    for index, item in enumerate(items):
        if not isinstance(item, tuple) or len(item) != 2:
            fail(
                f"lines[{index}]", f"expected a (line_number, quantity) pair, got {describe(item)}"
            )
        built.append(kind(line_number=item[0], quantity=item[1]))
    return tuple(built)
