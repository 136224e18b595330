"""Availability (PCF 3.5.4.3): what can be promised, from which location, on which day.

An :class:`AvailabilitySnapshot` is the host's view of supply at one day: stock
on hand per sku and location, receipts scheduled to arrive, allocations
already made to other orders, and replenishment lead times. Demand arrives as
:class:`DemandLine` values (a sales order's lines, adapted). The
available-to-promise check reserves supply line by line and answers, for
every line, a :class:`AvailabilityPromise`: the quantity confirmed for the requested
day, the deliveries promised later from scheduled receipts, and the back
order left over with its expected day. Supply is never promised twice and
never before it exists.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, cast

import attrs
import pendulum

from pcf_sales.catalog._codes import check_sku, is_sku, to_code
from pcf_sales.core import DECIMAL_CONTEXT, AccountId, SalesOrderId
from pcf_sales.core._validate import (
    check_date,
    describe,
    fail,
    is_bool,
    is_date,
    is_decimal,
    is_id,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_decimal,
    to_optional_text,
    to_tuple,
)

__all__ = [
    "AvailabilitySnapshot",
    "DemandLine",
    "ExistingAllocation",
    "ReplenishmentLeadTime",
    "ScheduledReceipt",
    "StockPosition",
]

_ZERO: Final = Decimal(0)
_POSITIVE: Final = is_decimal(minimum=0)


def positive(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    _POSITIVE(inst, attr, value)
    if value == _ZERO:
        fail(attr.name, "must be more than zero")


@attrs.frozen(kw_only=True)
class StockPosition:
    """Stock of ``sku`` on hand at ``location`` (a warehouse, store or plant code)."""

    sku: str = attrs.field(converter=to_code, validator=is_sku)
    location: str = attrs.field(validator=is_id)
    on_hand: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))


@attrs.frozen(kw_only=True)
class ScheduledReceipt:
    """Supply expected to arrive: a purchase order, a production run, a transfer.

    ``reference`` is the host's document number, shown in explanations.
    """

    sku: str = attrs.field(converter=to_code, validator=is_sku)
    location: str = attrs.field(validator=is_id)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=positive)
    expected_date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    reference: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=64))
    )


@attrs.frozen(kw_only=True)
class ExistingAllocation:
    """Supply already promised to an order line; it consumes the earliest supply first."""

    sku: str = attrs.field(converter=to_code, validator=is_sku)
    location: str = attrs.field(validator=is_id)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=positive)
    order_id: SalesOrderId = attrs.field(validator=is_id)
    line_number: int = attrs.field(validator=is_int(minimum=1))


@attrs.frozen(kw_only=True)
class ReplenishmentLeadTime:
    """How many days new supply of ``sku`` takes when nothing is scheduled yet."""

    sku: str = attrs.field(converter=to_code, validator=is_sku)
    days: int = attrs.field(validator=is_int(minimum=0, maximum=3650))


def _unique(key: Any, what: str) -> Any:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        seen: set[object] = set()
        for index, item in enumerate(cast("tuple[Any, ...]", value)):
            k = key(item)
            if k in seen:
                fail(f"{attr.name}[{index}]", f"{what} {k!r} is listed twice")
            seen.add(k)

    return check


class _Buckets:
    """The supply of one sku at one location: days ascending, quantities, references."""

    __slots__ = ("days", "quantities", "references")

    def __init__(
        self, days: list[pendulum.Date], quantities: list[Decimal], references: list[str | None]
    ) -> None:
        self.days = days
        self.quantities = quantities
        self.references = references


@attrs.frozen(kw_only=True)
class AvailabilitySnapshot:
    """Supply as the host sees it on ``as_of``: a value, so every answer is reproducible.

    Stock on hand is available from ``as_of``; a receipt from its expected day,
    which cannot be before ``as_of`` (a late receipt is given its new day).
    Existing allocations use up the earliest supply of their sku and location.

    >>> snapshot = AvailabilitySnapshot(
    ...     as_of=pendulum.date(2026, 3, 2),
    ...     stock=[StockPosition(sku="SENS-100", location="WH-1", on_hand=Decimal(10))],
    ...     receipts=[ScheduledReceipt(sku="SENS-100", location="WH-1", quantity=Decimal(5),
    ...                                expected_date=pendulum.date(2026, 3, 20))],
    ...     allocations=[ExistingAllocation(sku="SENS-100", location="WH-1", quantity=Decimal(4),
    ...                                     order_id=SalesOrderId("SO-1"), line_number=1)],
    ... )
    >>> snapshot.available("SENS-100", by=pendulum.date(2026, 3, 5))
    Decimal('6')
    >>> snapshot.available("SENS-100", by=pendulum.date(2026, 3, 20))
    Decimal('11')
    """

    as_of: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    stock: tuple[StockPosition, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[
            is_tuple_of(StockPosition),
            _unique(lambda s: (s.sku, s.location), "sku and location"),
        ],
    )
    receipts: tuple[ScheduledReceipt, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(ScheduledReceipt)
    )
    allocations: tuple[ExistingAllocation, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(ExistingAllocation)
    )
    lead_times: tuple[ReplenishmentLeadTime, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[is_tuple_of(ReplenishmentLeadTime), _unique(lambda t: t.sku, "sku")],
    )
    _supply: dict[tuple[str, str], _Buckets] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _locations: dict[str, tuple[str, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _lead_days: dict[str, int] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        raw: dict[tuple[str, str], list[tuple[pendulum.Date, int, str, Decimal]]] = {}
        for position in self.stock:
            raw.setdefault((position.sku, position.location), []).append(
                (self.as_of, 0, "", position.on_hand)
            )
        for index, receipt in enumerate(self.receipts):
            if receipt.expected_date < self.as_of:
                fail(
                    f"receipts[{index}].expected_date",
                    f"{receipt.expected_date} is before the snapshot's day {self.as_of}; "
                    "give a late receipt the day it is now expected",
                )
            raw.setdefault((receipt.sku, receipt.location), []).append(
                (receipt.expected_date, 1, receipt.reference or "", receipt.quantity)
            )
        supply: dict[tuple[str, str], _Buckets] = {}
        for key, entries in raw.items():
            entries.sort(key=lambda e: e[:3])
            supply[key] = _Buckets(
                [e[0] for e in entries],
                [e[3] for e in entries],
                [None if e[1] == 0 else (e[2] or None) for e in entries],
            )
        for allocation in self.allocations:
            buckets = supply.get((allocation.sku, allocation.location))
            if buckets is None:
                continue
            left = allocation.quantity
            quantities = buckets.quantities
            for i, quantity in enumerate(quantities):
                if left == _ZERO:
                    break
                take = min(left, quantity)
                quantities[i] = DECIMAL_CONTEXT.subtract(quantity, take)
                left = DECIMAL_CONTEXT.subtract(left, take)
        locations: dict[str, list[str]] = {}
        for sku, location in sorted(supply):
            locations.setdefault(sku, []).append(location)
        object.__setattr__(self, "_supply", supply)
        object.__setattr__(self, "_locations", {k: tuple(v) for k, v in locations.items()})
        object.__setattr__(self, "_lead_days", {t.sku: t.days for t in self.lead_times})

    # -- lookups ----------------------------------------------------------------------

    def skus(self) -> tuple[str, ...]:
        """Every sku with supply on file, sorted."""
        return tuple(sorted(self._locations))

    def locations(self, sku: str) -> tuple[str, ...]:
        """The locations holding or expecting ``sku``, sorted by code."""
        return self._locations.get(check_sku(sku), ())

    def lead_time(self, sku: str) -> int | None:
        """The replenishment lead time of ``sku`` in days, if known."""
        return self._lead_days.get(check_sku(sku))

    def available(self, sku: str, *, by: pendulum.Date, location: str | None = None) -> Decimal:
        """Supply of ``sku`` available by day ``by`` (at ``location``, or everywhere),
        after existing allocations."""
        check_sku(sku)
        day = check_date(by, "by")
        wanted = self.locations(sku) if location is None else (location,)
        total = _ZERO
        for loc in wanted:
            buckets = self._supply.get((sku, loc))
            if buckets is None:
                continue
            end = bisect.bisect_right(buckets.days, day)
            for quantity in buckets.quantities[:end]:
                total = DECIMAL_CONTEXT.add(total, quantity)
        return total

    def supply_timeline(self, sku: str, location: str) -> tuple[tuple[pendulum.Date, Decimal], ...]:
        """The net supply of ``sku`` at ``location`` by day, after existing allocations:
        ``(day, quantity arriving that day)``, days ascending, empty buckets left out."""
        buckets = self._supply.get((check_sku(sku), location))
        if buckets is None:
            return ()
        merged: dict[pendulum.Date, Decimal] = {}
        for day, quantity in zip(buckets.days, buckets.quantities, strict=True):
            if quantity > _ZERO:
                merged[day] = DECIMAL_CONTEXT.add(merged.get(day, _ZERO), quantity)
        return tuple(merged.items())

    def _ledger(self) -> dict[tuple[str, str], _Buckets]:
        """A working copy of the supply that a check can use up."""
        return {
            key: _Buckets(b.days, list(b.quantities), b.references)
            for key, b in self._supply.items()
        }


@attrs.frozen(kw_only=True)
class DemandLine:
    """One order line asking for supply, with the facts allocation rules rank it by.

    A sales order adapts its lines to this value; ``locations`` limits where the
    line may ship from, in order of preference (empty: anywhere, by location
    code). ``priority`` is the host's own class of service (higher goes first
    when a rule asks for it), ``key_account`` whether the customer is a key
    account. ``ship_to`` is the account the goods go to (``None``: the order's
    one ship-to); fulfilment never groups lines for different ship-tos.
    """

    order_id: SalesOrderId = attrs.field(validator=is_id)
    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(converter=to_code, validator=is_sku)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=positive)
    requested_date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    order_date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    account_id: AccountId = attrs.field(validator=is_id)
    key_account: bool = attrs.field(default=False, validator=is_bool)
    priority: int = attrs.field(default=0, validator=is_int(minimum=-1000, maximum=1000))
    locations: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(is_id, unique=True)
    )
    ship_to: AccountId | None = attrs.field(default=None, validator=optional(is_id))

    def __attrs_post_init__(self) -> None:
        if self.requested_date < self.order_date:
            fail(
                "requested_date",
                f"{self.requested_date} is before the order date {self.order_date}",
            )

    @property
    def key(self) -> tuple[SalesOrderId, int]:
        """The line's identity: order id and line number."""
        return (self.order_id, self.line_number)


def check_lines(lines: Iterable[DemandLine], field: str = "lines") -> tuple[DemandLine, ...]:
    """The lines as a tuple, each a :class:`DemandLine`, no order line twice."""
    if isinstance(lines, str | bytes) or not isinstance(lines, Iterable):
        fail(field, f"expected a list of DemandLine, got {describe(lines)}")
    items = tuple(lines)
    seen: set[tuple[str, int]] = set()
    for index, line in enumerate(items):
        if type(line) is not DemandLine:
            fail(f"{field}[{index}]", f"expected a DemandLine, got {describe(line)}")
        key = (line.order_id, line.line_number)
        if key in seen:
            fail(f"{field}[{index}]", f"order {key[0]!r} line {key[1]} is listed twice")
        seen.add(key)
    return items


def check_snapshot(snapshot: object) -> AvailabilitySnapshot:
    """``snapshot`` if it is an :class:`AvailabilitySnapshot`."""
    if not isinstance(snapshot, AvailabilitySnapshot):
        fail("snapshot", f"expected an AvailabilitySnapshot, got {describe(snapshot)}")
    return snapshot


def ledger_of(snapshot: AvailabilitySnapshot) -> dict[tuple[str, str], Any]:
    """A working copy of the snapshot's supply for one allocation run."""
    return snapshot._ledger()


def locations_of(snapshot: AvailabilitySnapshot) -> dict[str, tuple[str, ...]]:
    """The snapshot's locations per sku (read-only use)."""
    return snapshot._locations


def lead_days_of(snapshot: AvailabilitySnapshot) -> dict[str, int]:
    """The snapshot's lead times per sku (read-only use)."""
    return snapshot._lead_days
