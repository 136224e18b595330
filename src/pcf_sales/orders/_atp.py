"""Available to promise (PCF 3.5.4.3): reserving supply for demand lines, one by one.

:func:`available_to_promise` answers lines first come, first served;
:func:`~pcf_sales.orders.allocate_supply` ranks competing lines by an
:class:`~pcf_sales.orders.AllocationPolicy` first. Both reserve supply the same
way: a line first takes supply available by its day, the latest first (so
earlier supply stays for earlier needs), location by location in the line's
order of preference; what is still missing comes from later receipts, the
earliest first; the rest is owed. A quantity is never promised twice nor
before its supply exists.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum

from pcf_sales.catalog._codes import is_sku, to_code
from pcf_sales.core import DECIMAL_CONTEXT, SalesOrderId
from pcf_sales.core._fast import builder
from pcf_sales.core._validate import (
    fail,
    is_date,
    is_decimal,
    is_enum,
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
from pcf_sales.orders._availability import (
    AvailabilitySnapshot,
    DemandLine,
    check_lines,
    check_snapshot,
    lead_days_of,
    ledger_of,
    locations_of,
    positive,
)

__all__ = [
    "AvailabilityPromise",
    "AvailabilityResult",
    "PromiseStatus",
    "PromisedDelivery",
    "available_to_promise",
]

_ZERO: Final = Decimal(0)
FIRST_COME: Final = "first come, first served"


class PromiseStatus(Enum):
    """How much of a line can be delivered on the day asked for."""

    CONFIRMED = "confirmed"
    """All of it."""
    PARTIAL = "partial"
    """Some of it; the rest is a back order."""
    BACK_ORDERED = "back_ordered"
    """None of it; all of it is a back order."""


@attrs.frozen(kw_only=True)
class PromisedDelivery:
    """A quantity promised from one location on one day."""

    location: str = attrs.field(validator=is_id)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=positive)
    date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    receipt: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=64))
    )
    """The scheduled receipt the quantity comes from (``None``: stock on hand, or a
    receipt without a reference, or several sources on the same day)."""


def _deliveries(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(PromisedDelivery)(inst, attr, value)


@attrs.frozen(kw_only=True)
class AvailabilityPromise:
    """The answer for one demand line: what is confirmed, what comes later, what is owed.

    ``confirmed_quantity`` is available on ``confirmed_date`` (the requested day,
    or the snapshot's day when the request lies in the past). ``deliveries``
    list every promised quantity by location and day, those from later
    receipts included. ``back_order_quantity`` is everything not confirmed;
    ``expected_date`` is when it is expected in full: the last promised day,
    or the replenishment lead time's day for a quantity no receipt covers
    (``None`` when nothing is known). ``rank`` is the line's place in the
    order supply was handed out, and ``priority`` why it had that place.
    """

    order_id: SalesOrderId = attrs.field(validator=is_id)
    line_number: int = attrs.field(validator=is_int(minimum=1))
    sku: str = attrs.field(converter=to_code, validator=is_sku)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=positive)
    requested_date: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    status: PromiseStatus = attrs.field(validator=is_enum(PromiseStatus))
    confirmed_quantity: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    confirmed_date: pendulum.Date | None = attrs.field(validator=optional(is_date))
    deliveries: tuple[PromisedDelivery, ...] = attrs.field(
        converter=to_tuple, validator=_deliveries
    )
    back_order_quantity: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=0)
    )
    unpromised_quantity: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=0)
    )
    expected_date: pendulum.Date | None = attrs.field(validator=optional(is_date))
    rank: int = attrs.field(validator=is_int(minimum=1))
    priority: str = attrs.field(validator=is_text(max_length=500))

    def __attrs_post_init__(self) -> None:
        _check_promise(self)

    @property
    def key(self) -> tuple[SalesOrderId, int]:
        """The line's identity: order id and line number."""
        return (self.order_id, self.line_number)

    @property
    def promised_quantity(self) -> Decimal:
        """Everything promised, on the requested day or later."""
        return DECIMAL_CONTEXT.subtract(self.quantity, self.unpromised_quantity)

    def explain(self) -> str:
        """How the line was answered, in one sentence.

        >>> from pcf_sales.testing.factories import make_availability_promise
        >>> make_availability_promise().explain()
        'SO-1/1 SENS-100: 10 of 10 confirmed for 2026-03-02 (10 from WH-1 on 2026-03-02); rank 1 (first come, first served)'
        """  # noqa: E501
        head = f"{self.order_id}/{self.line_number} {self.sku}: "
        if self.status is PromiseStatus.CONFIRMED:
            head += f"{self.quantity} of {self.quantity} confirmed for {self.confirmed_date}"
        elif self.status is PromiseStatus.PARTIAL:
            head += (
                f"{self.confirmed_quantity} of {self.quantity} confirmed for "
                f"{self.confirmed_date}, {self.back_order_quantity} back ordered"
            )
        else:
            head += f"all {self.quantity} back ordered"
        if self.back_order_quantity > _ZERO:
            head += (
                f", expected {self.expected_date}"
                if self.expected_date is not None
                else ", expected day unknown"
            )
        parts = [
            f"{d.quantity} from {d.location} on {d.date}"
            + (f" (receipt {d.receipt})" if d.receipt else "")
            for d in self.deliveries
        ]
        if self.unpromised_quantity > _ZERO:
            parts.append(f"{self.unpromised_quantity} not covered by any supply on file")
        return f"{head} ({'; '.join(parts)}); rank {self.rank} ({self.priority})"


def _check_promise(promise: AvailabilityPromise) -> None:
    quantity = promise.quantity
    confirmed = promise.confirmed_quantity
    if confirmed > quantity:
        fail("confirmed_quantity", f"{confirmed} is more than the {quantity} asked for")
    owed = DECIMAL_CONTEXT.subtract(quantity, confirmed)
    if promise.back_order_quantity != owed:
        fail("back_order_quantity", f"must be the quantity not confirmed ({owed})")
    if promise.unpromised_quantity > owed:
        fail("unpromised_quantity", f"cannot exceed the back order ({owed})")
    delivered = _ZERO
    for delivery in promise.deliveries:
        delivered = DECIMAL_CONTEXT.add(delivered, delivery.quantity)
    promised = DECIMAL_CONTEXT.subtract(quantity, promise.unpromised_quantity)
    if delivered != promised:
        fail("deliveries", f"add up to {delivered}, but {promised} is promised")
    expected_status = (
        PromiseStatus.CONFIRMED
        if confirmed == quantity
        else PromiseStatus.PARTIAL
        if confirmed
        else PromiseStatus.BACK_ORDERED
    )
    if promise.status is not expected_status:
        fail("status", f"{confirmed} of {quantity} confirmed is {expected_status.value!r}")
    if (promise.confirmed_date is None) != (confirmed == _ZERO):
        fail("confirmed_date", "is given exactly when some quantity is confirmed")


def _promises(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(AvailabilityPromise)(inst, attr, value)
    seen: set[tuple[str, int]] = set()
    for index, promise in enumerate(cast("tuple[AvailabilityPromise, ...]", value)):
        if promise.key in seen:
            fail(f"{attr.name}[{index}]", f"order line {promise.key!r} is answered twice")
        seen.add(promise.key)


@attrs.frozen(kw_only=True)
class AvailabilityResult:
    """Every line's promise, in the order the lines were given, and the rule that ranked them.

    >>> from pcf_sales.testing.factories import make_availability_snapshot, make_demand_line
    >>> result = available_to_promise([make_demand_line(quantity=Decimal(12))],
    ...                               make_availability_snapshot())
    >>> promise = result.promise_for(SalesOrderId("SO-1"), 1)
    >>> promise.status.value, promise.confirmed_quantity, promise.back_order_quantity
    ('partial', Decimal('10'), Decimal('2'))
    """

    as_of: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    ranked_by: str = attrs.field(validator=is_text(max_length=500))
    promises: tuple[AvailabilityPromise, ...] = attrs.field(converter=to_tuple, validator=_promises)
    _by_key: dict[tuple[str, int], AvailabilityPromise] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {p.key: p for p in self.promises})

    def promise_for(self, order_id: SalesOrderId, line_number: int) -> AvailabilityPromise:
        """The promise for one order line (a ``ValidationError`` when it was not checked)."""
        found = self._by_key.get((order_id, line_number))
        if found is None:
            fail("line_number", f"order {order_id!r} line {line_number!r} was not checked")
        return found

    def for_order(self, order_id: SalesOrderId) -> tuple[AvailabilityPromise, ...]:
        """The promises for the lines of one order, in line-number order."""
        return tuple(
            sorted(
                (p for p in self.promises if p.order_id == order_id), key=lambda p: p.line_number
            )
        )

    def back_orders(self) -> tuple[AvailabilityPromise, ...]:
        """The promises that leave a back order."""
        return tuple(p for p in self.promises if p.back_order_quantity > _ZERO)

    def promised(self, sku: str) -> Decimal:
        """Everything promised for ``sku``, on the requested days or later."""
        total = _ZERO
        for promise in self.promises:
            if promise.sku == sku:
                for delivery in promise.deliveries:
                    total = DECIMAL_CONTEXT.add(total, delivery.quantity)
        return total

    @property
    def fill_rate(self) -> Decimal:
        """Confirmed quantity over requested quantity, across all lines (1 when empty)."""
        asked = _ZERO
        confirmed = _ZERO
        for promise in self.promises:
            asked = DECIMAL_CONTEXT.add(asked, promise.quantity)
            confirmed = DECIMAL_CONTEXT.add(confirmed, promise.confirmed_quantity)
        if asked == _ZERO:
            return Decimal(1)
        return DECIMAL_CONTEXT.divide(confirmed, asked)


def available_to_promise(
    lines: Iterable[DemandLine], snapshot: AvailabilitySnapshot
) -> AvailabilityResult:
    """Answer ``lines`` first come, first served, in the order given.

    >>> from pcf_sales.testing.factories import make_availability_snapshot, make_demand_line
    >>> result = available_to_promise(
    ...     [make_demand_line(quantity=Decimal(8)),
    ...      make_demand_line(order_id="SO-2", quantity=Decimal(8))],
    ...     make_availability_snapshot())
    >>> [p.status.value for p in result.promises]
    ['confirmed', 'partial']
    >>> [(d.quantity, str(d.date), d.receipt) for d in result.promises[1].deliveries]
    [(Decimal('2'), '2026-03-02', None), (Decimal('6'), '2026-03-20', 'PO-7')]
    """
    items = check_lines(lines)
    checked = check_snapshot(snapshot)
    promises = promise_in_order(items, checked, None)
    return build_result(checked.as_of, FIRST_COME, promises)


_build_delivery: Final = builder(PromisedDelivery)
_build_promise: Final = builder(AvailabilityPromise)
_build_result_raw: Final = builder(AvailabilityResult)


def build_result(
    as_of: pendulum.Date, ranked_by: str, promises: tuple[AvailabilityPromise, ...]
) -> AvailabilityResult:
    by_key = {p.key: p for p in promises}
    result: AvailabilityResult = _build_result_raw(as_of, ranked_by, promises, by_key)
    return result


def promise_in_order(
    lines: Sequence[DemandLine],
    snapshot: AvailabilitySnapshot,
    reasons: Sequence[str] | None,
) -> tuple[AvailabilityPromise, ...]:
    """Reserve supply for ``lines`` in the order given (their rank); validated inputs only.

    A line checked again is not short of its own allocation: allocations the
    snapshot holds for the lines being checked go back to supply first."""
    checking = {line.key for line in lines}
    if any((a.order_id, a.line_number) in checking for a in snapshot.allocations):
        others = tuple(
            a for a in snapshot.allocations if (a.order_id, a.line_number) not in checking
        )
        snapshot = attrs.evolve(snapshot, allocations=others)
    ledger = ledger_of(snapshot)
    locations = locations_of(snapshot)
    lead_days = lead_days_of(snapshot)
    as_of = snapshot.as_of
    sub = DECIMAL_CONTEXT.subtract
    add = DECIMAL_CONTEXT.add
    right = bisect.bisect_right
    build_delivery = _build_delivery
    build_promise = _build_promise
    confirmed_status = PromiseStatus.CONFIRMED
    partial_status = PromiseStatus.PARTIAL
    back_status = PromiseStatus.BACK_ORDERED
    zero = _ZERO
    results: list[AvailabilityPromise] = []
    for rank, line in enumerate(lines, 1):
        sku = line.sku
        quantity = line.quantity
        need = quantity
        requested = line.requested_date
        day = requested if requested > as_of else as_of
        deliveries: list[PromisedDelivery] = []
        found: list[tuple[str, Any]] = []
        for location in line.locations or locations.get(sku, ()):
            buckets = ledger.get((sku, location))
            if buckets is None:
                continue
            found.append((location, buckets))
            quantities = buckets.quantities
            index = right(buckets.days, day) - 1
            taken = zero
            while index >= 0:
                available = quantities[index]
                if available > zero:
                    if available >= need:
                        quantities[index] = sub(available, need)
                        taken = add(taken, need)
                        need = zero
                        break
                    quantities[index] = zero
                    taken = add(taken, available)
                    need = sub(need, available)
                index -= 1
            if taken:
                deliveries.append(build_delivery(location, taken, day, None))
            if need == zero:
                break
        confirmed = sub(quantity, need)
        last_day = day
        if need > zero and found:
            later: list[tuple[pendulum.Date, int, int, str, Any]] = []
            for preference, (location, buckets) in enumerate(found):
                days = buckets.days
                quantities = buckets.quantities
                for index in range(right(days, day), len(days)):
                    if quantities[index] > zero:
                        later.append((days[index], preference, index, location, buckets))
            later.sort(key=lambda c: c[:3])
            for when, _, index, location, buckets in later:
                quantities = buckets.quantities
                available = quantities[index]
                take = available if available < need else need
                quantities[index] = sub(available, take)
                need = sub(need, take)
                deliveries.append(build_delivery(location, take, when, buckets.references[index]))
                last_day = when
                if need == zero:
                    break
        if need > zero:
            lead = lead_days.get(sku)
            if lead is None:
                expected: pendulum.Date | None = None
            else:
                replenished = as_of.add(days=lead)
                expected = max(replenished, last_day)
        else:
            expected = last_day
        if confirmed == quantity:
            status = confirmed_status
        elif confirmed:
            status = partial_status
        else:
            status = back_status
        results.append(
            build_promise(
                line.order_id,
                line.line_number,
                sku,
                quantity,
                requested,
                status,
                confirmed,
                day if confirmed else None,
                tuple(deliveries),
                sub(quantity, confirmed),
                need,
                expected,
                rank,
                FIRST_COME if reasons is None else reasons[rank - 1],
            )
        )
    return tuple(results)
