"""The line arithmetic behind the sales order's commands: each function checks its
input, naming the field, and returns new lines (it never changes the ones given)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import ShipmentId
from pcf_sales.core._fast import changer
from pcf_sales.core._validate import (
    check_date,
    check_decimal,
    check_int,
    describe,
    fail,
    to_decimal,
)
from pcf_sales.errors import ValidationError
from pcf_sales.orders._lines import (
    DeliveryTolerance,
    LinePromise,
    LineStatus,
    OrderLine,
    Shipment,
)
from pcf_sales.orders._order_table import OrderStatus
from pcf_sales.orders._order_values import AmendmentKind, LineDifference, ReturnedLine
from pcf_sales.pricing import PricingResult

__all__ = [
    "OPEN_STATES",
    "amended",
    "any_open",
    "any_shipped",
    "cancelled",
    "cancelled_all",
    "delivered",
    "find_line",
    "given",
    "lines_from",
    "promised",
    "repromised",
    "requested_dates",
    "returned",
    "shipped",
]

_ZERO: Final = Decimal(0)

#: States in which an order still expects to ship something.
OPEN_STATES: Final = frozenset(
    {
        OrderStatus.DRAFT,
        OrderStatus.SUBMITTED,
        OrderStatus.ACCEPTED,
        OrderStatus.ON_HOLD,
        OrderStatus.IN_FULFILMENT,
        OrderStatus.PARTIALLY_FULFILLED,
    }
)


def find_line(lines: tuple[OrderLine, ...], number: object, field: str) -> OrderLine:
    """The line numbered ``number``, or a ValidationError naming ``field``."""
    check_int(number, field, minimum=1)
    for line in lines:
        if line.line_number == number:
            return line
    return fail(field, f"the order has no line {number}")


def given(value: object, field: str, what: str) -> tuple[Any, ...]:
    """``value`` (a list or any other non-text iterable) as a tuple, or a
    ValidationError naming ``field`` that says it expected a list of ``what``."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        fail(field, f"expected a list of {what}, got {describe(value)}")
    return tuple(value)


def any_open(lines: Iterable[OrderLine]) -> bool:
    """True when some line has a quantity left to ship."""
    return any(line.is_open for line in lines)


def any_shipped(lines: Iterable[OrderLine]) -> bool:
    """True when some line shipped something."""
    return any(line.shipped > 0 for line in lines)


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


def _replace(lines: tuple[OrderLine, ...], new: OrderLine) -> tuple[OrderLine, ...]:
    return tuple(new if line.line_number == new.line_number else line for line in lines)


def _rebuilt(line: OrderLine, field: str, **changes: Any) -> OrderLine:
    try:
        return attrs.evolve(line, **changes)
    except ValidationError as error:
        raise error.at_path(field) from None


_change_line = changer(OrderLine)


def _moved(line: OrderLine, field: str, **changes: Any) -> OrderLine:
    """Like :func:`_rebuilt` for quantities and dates taken from validated values
    (the line itself, a ``LinePromise``, a ``Shipment``): only the rule that ties
    the quantities together is checked, which is what such a change can break.
    Shipping and promising are the commands a host runs most often."""
    new = _change_line(line, **changes)
    problem = new.problem()
    if problem is not None:
        raise ValidationError(problem[0], problem[1]).at_path(field)
    return new


# -- entering ---------------------------------------------------------------------------------


def requested_dates(
    pricing: PricingResult,
    default: pendulum.Date | None,
    by_line: Mapping[int, pendulum.Date] | None,
) -> dict[int, pendulum.Date | None]:
    """The requested date of every priced line: ``by_line``'s, else ``default``."""
    if default is not None:
        check_date(default, "requested_date")
    given = dict(by_line or {})
    numbers = {line.line_number for line in pricing.lines}
    for number, day in given.items():
        if number not in numbers:
            fail("requested_dates", f"there is no priced line {number}")
        check_date(day, f"requested_dates[{number}]")
    return {number: given.get(number, default) for number in numbers}


def lines_from(
    pricing: PricingResult,
    dates: Mapping[int, pendulum.Date | None],
    tolerance: DeliveryTolerance | None,
) -> tuple[OrderLine, ...]:
    """New order lines for every priced line, sorted by line number."""
    if not pricing.lines:
        fail("pricing.lines", "an order needs at least one priced line")
    built = []
    for index, priced in enumerate(pricing.lines):
        if priced.quantity <= 0:
            fail(f"pricing.lines[{index}].quantity", "an order line orders more than zero")
        built.append(
            OrderLine.from_priced(
                priced, requested_date=dates[priced.line_number], tolerance=tolerance
            )
        )
    return tuple(sorted(built, key=lambda line: line.line_number))


# -- promises ----------------------------------------------------------------------------------


def promised(
    lines: tuple[OrderLine, ...], promises: Iterable[LinePromise]
) -> tuple[OrderLine, ...]:
    """The lines with ``promises`` recorded (each replacing the line's previous one)."""
    items = given(promises, "promises", "LinePromise")
    if not items:
        fail("promises", "give at least one promise")
    seen: set[int] = set()
    result = lines
    for index, promise in enumerate(items):
        field = f"promises[{index}]"
        if not isinstance(promise, LinePromise):
            fail(field, f"expected a LinePromise, got {describe(promise)}")
        if promise.line_number in seen:
            fail(field, f"line {promise.line_number} is promised twice")
        seen.add(promise.line_number)
        line = find_line(result, promise.line_number, f"{field}.line_number")
        wanted = promise.confirmed_quantity + promise.back_ordered_quantity
        if wanted > line.remaining:
            fail(
                field,
                f"promises {wanted} for line {line.line_number}, which has "
                f"{line.remaining} to ship",
            )
        moved = (
            line.promised_date is not None and line.promised_date != promise.confirmed_date
        ) or (line.expected_date is not None and line.expected_date != promise.expected_date)
        result = _replace(
            result,
            _moved(
                line,
                field,
                allocated=promise.confirmed_quantity,
                back_ordered=promise.back_ordered_quantity,
                promised_date=promise.confirmed_date,
                expected_date=promise.expected_date,
                repromised=line.repromised + (1 if moved else 0),
            ),
        )
    return result


def repromised(
    lines: tuple[OrderLine, ...],
    number: int,
    confirmed_date: pendulum.Date | None,
    expected_date: pendulum.Date | None,
) -> tuple[OrderLine, ...]:
    """The lines with new dates for line ``number``'s allocation or back order."""
    line = find_line(lines, number, "line_number")
    if confirmed_date is None and expected_date is None:
        fail("expected_date", "give a new confirmed date, a new expected date or both")
    changes: dict[str, Any] = {}
    if confirmed_date is not None:
        check_date(confirmed_date, "confirmed_date")
        if line.allocated == 0:
            fail("confirmed_date", f"line {number} has no allocated quantity")
        changes["promised_date"] = confirmed_date
    if expected_date is not None:
        check_date(expected_date, "expected_date")
        if line.back_ordered == 0:
            fail("expected_date", f"line {number} has no back order")
        changes["expected_date"] = expected_date
    return _replace(lines, _rebuilt(line, "line_number", repromised=line.repromised + 1, **changes))


# -- shipping ---------------------------------------------------------------------------------


def shipped(
    lines: tuple[OrderLine, ...],
    shipments: tuple[Shipment, ...],
    shipment: Shipment,
    today: pendulum.Date,
    entered: pendulum.Date,
) -> tuple[OrderLine, ...]:
    """The lines after ``shipment``: allocation first, then back order, then the rest;
    a remainder within the under-delivery tolerance is closed short."""
    if not isinstance(shipment, Shipment):
        fail("shipment", f"expected a Shipment, got {describe(shipment)}")
    if any(s.id == shipment.id for s in shipments):
        fail("shipment.id", f"shipment {shipment.id!r} is already recorded")
    if shipment.shipped_on > today:
        fail("shipment.shipped_on", f"{shipment.shipped_on} is after the time of recording")
    if shipment.shipped_on < entered:
        fail(
            "shipment.shipped_on",
            f"{shipment.shipped_on} is before the order was entered on {entered}",
        )
    if shipment.delivered_on is not None:
        fail("shipment.delivered_on", "record the delivery with record_delivery")
    result = lines
    for index, item in enumerate(shipment.lines):
        field = f"shipment.lines[{index}]"
        line = find_line(result, item.line_number, f"{field}.line_number")
        if line.status is LineStatus.CANCELLED:
            fail(f"{field}.line_number", f"line {line.line_number} is cancelled; nothing ships")
        if line.shippable == 0:
            fail(
                f"{field}.line_number",
                f"line {line.line_number} is closed (what remained was cancelled); nothing ships",
            )
        if item.quantity > line.shippable:
            fail(
                f"{field}.quantity",
                f"ships {item.quantity} of line {line.line_number}, which may take at most "
                f"{line.shippable} (remaining plus over-delivery tolerance)",
            )
        rest = item.quantity
        allocated = line.allocated - min(rest, line.allocated)
        rest -= line.allocated - allocated
        back_ordered = line.back_ordered - min(rest, line.back_ordered)
        new = _moved(
            line,
            field,
            shipped=line.shipped + item.quantity,
            allocated=allocated,
            back_ordered=back_ordered,
            expected_date=line.expected_date if back_ordered else None,
            promised_date=line.promised_date if allocated else None,
        )
        left = new.remaining
        if 0 < left <= new.tolerance.under_allowance(new.quantity):
            new = _moved(
                new, field, cancelled=new.cancelled + left, allocated=_ZERO, back_ordered=_ZERO
            )
        result = _replace(result, new)
    return result


def delivered(
    shipments: tuple[Shipment, ...],
    shipment_id: ShipmentId,
    delivered_on: pendulum.Date,
    today: pendulum.Date,
) -> tuple[Shipment, ...]:
    """The shipments with ``shipment_id`` marked delivered on ``delivered_on``."""
    day = check_date(delivered_on, "delivered_on")
    if day > today:
        fail("delivered_on", f"{day} is after the time of recording")
    for shipment in shipments:
        if shipment.id == shipment_id:
            if shipment.delivered_on is not None:
                fail("shipment_id", f"shipment {shipment_id!r} is already delivered")
            if day < shipment.shipped_on:
                fail("delivered_on", f"{day} is before the shipment left on {shipment.shipped_on}")
            new = attrs.evolve(shipment, delivered_on=day)
            return tuple(new if s.id == shipment_id else s for s in shipments)
    return fail("shipment_id", f"the order has no shipment {shipment_id!r}")


# -- cancelling --------------------------------------------------------------------------------


def cancelled(
    lines: tuple[OrderLine, ...],
    cancellations: Iterable[tuple[int, Decimal | int | str | None]],
    *,
    back_orders_only: bool,
) -> tuple[OrderLine, ...]:
    """The lines with ``(line_number, quantity)`` cancelled (``None``: all that remains)."""
    items = given(cancellations, "cancellations", "(line_number, quantity) pairs")
    if not items:
        fail("cancellations", "give at least one line to cancel")
    seen: set[int] = set()
    result = lines
    for index, item in enumerate(items):
        field = f"cancellations[{index}]"
        if not isinstance(item, tuple) or len(item) != 2:
            fail(field, f"expected a (line_number, quantity) pair, got {describe(item)}")
        line = find_line(result, item[0], f"{field}.line_number")
        if line.line_number in seen:
            fail(field, f"line {line.line_number} is cancelled twice")
        seen.add(line.line_number)
        if not line.is_open:
            fail(field, f"line {line.line_number} has nothing left to cancel")
        quantity = line.remaining if item[1] is None else _quantity(item[1], f"{field}.quantity")
        limit = line.back_ordered if back_orders_only else line.remaining
        if quantity > limit:
            what = "back-ordered" if back_orders_only else "left to ship"
            fail(f"{field}.quantity", f"cancels {quantity}, but only {limit} is {what}")
        result = _replace(result, _cancel(line, quantity, back_orders_only, field))
    return result


def _cancel(line: OrderLine, quantity: Decimal, back_orders_only: bool, field: str) -> OrderLine:
    rest = quantity
    allocated, back_ordered = line.allocated, line.back_ordered
    if not back_orders_only:
        rest -= min(rest, line.unallocated)
    take = min(rest, back_ordered)
    back_ordered -= take
    rest -= take
    allocated -= rest
    return _rebuilt(
        line,
        field,
        cancelled=line.cancelled + quantity,
        allocated=allocated,
        back_ordered=back_ordered,
        expected_date=line.expected_date if back_ordered else None,
        promised_date=line.promised_date if allocated else None,
    )


def cancelled_all(lines: tuple[OrderLine, ...]) -> tuple[OrderLine, ...]:
    """Every line with all that remains cancelled."""
    return tuple(
        _cancel(line, line.remaining, False, f"lines[{index}]") if line.is_open else line
        for index, line in enumerate(lines)
    )


# -- amending ---------------------------------------------------------------------------------


def amended(
    lines: tuple[OrderLine, ...],
    pricing: PricingResult,
    dates: Mapping[int, pendulum.Date | None],
) -> tuple[tuple[OrderLine, ...], tuple[LineDifference, ...]]:
    """The lines after amending the order to ``pricing``, and their differences."""
    current = {line.line_number: line for line in lines}
    result: list[OrderLine] = []
    differences: list[LineDifference] = []
    for index, priced in enumerate(pricing.lines):
        field = f"pricing.lines[{index}]"
        if priced.quantity <= 0:
            fail(f"{field}.quantity", "an order line orders more than zero")
        old = current.pop(priced.line_number, None)
        if old is None:
            new = OrderLine.from_priced(priced, requested_date=dates[priced.line_number])
            differences.append(_difference(None, new))
            result.append(new)
            continue
        if old.sku != priced.sku:
            fail(f"{field}.sku", f"line {old.line_number} is {old.sku!r}; add a new line instead")
        done = old.quantity - old.remaining
        if priced.quantity < old.shipped_within_order + old.cancelled:
            fail(
                f"{field}.quantity",
                f"{priced.quantity} is less than the {done} already shipped or cancelled",
            )
        room = priced.quantity - old.shipped_within_order - old.cancelled
        back_ordered = min(old.back_ordered, room)
        allocated = min(old.allocated, room - back_ordered)
        new = _rebuilt(
            old,
            field,
            quantity=priced.quantity,
            net_amount=priced.net_amount,
            allocated=allocated,
            back_ordered=back_ordered,
            requested_date=dates[priced.line_number] or old.requested_date,
        )
        if new.returned_value != old.returned_value:
            # Returns were credited at the line's value when they came back; an amendment
            # that revalued them (a new price, or a higher quantity absorbing a returned
            # over-delivery) would bill or credit goods the customer no longer has.
            changed = "quantity" if new.quantity != old.quantity else "net_amount"
            fail(
                f"{field}.{changed}",
                f"line {old.line_number}: the {old.returned} returned were credited "
                f"{old.returned_value}; amended they would be worth {new.returned_value}. "
                "Order the change as a new line instead",
            )
        _keep_value(old, new, "shipped", old.shipped_within_order, "shipped_value", field)
        _keep_value(old, new, "cancelled", old.cancelled, "cancelled_value", field)
        if (new.quantity, new.net_amount) != (old.quantity, old.net_amount):
            differences.append(_difference(old, new))
        result.append(new)
    for number, old in current.items():
        if old.shipped > 0:
            fail("pricing.lines", f"line {number} has shipments and cannot be removed")
        differences.append(_difference(old, None))
    if not differences:
        fail("pricing", "the amendment changes nothing")
    ordered = tuple(sorted(result, key=lambda line: line.line_number))
    return ordered, tuple(sorted(differences, key=lambda d: d.line_number))


def _keep_value(
    old: OrderLine, new: OrderLine, part: str, quantity: Decimal, value: str, field: str
) -> None:
    """Refuse an amendment that changes the value of goods already shipped (invoiced)
    or cancelled: the change would rewrite what was billed or written off."""
    before, after = getattr(old, value), getattr(new, value)
    if before != after:
        changed = "quantity" if new.quantity != old.quantity else "net_amount"
        fail(
            f"{field}.{changed}",
            f"line {old.line_number}: the {quantity} {part} are worth {before}; amended "
            f"they would be worth {after}. Order the change as a new line instead",
        )


def _difference(old: OrderLine | None, new: OrderLine | None) -> LineDifference:
    some = new if new is not None else old
    if some is None:  # pragma: no cover - one side is always given
        msg = "a difference needs a line"
        raise TypeError(msg)
    zero = Money(_ZERO, some.currency)
    kind = (
        AmendmentKind.ADDED
        if old is None
        else AmendmentKind.REMOVED
        if new is None
        else AmendmentKind.CHANGED
    )
    return LineDifference(
        line_number=some.line_number,
        sku=some.sku,
        kind=kind,
        quantity_before=_ZERO if old is None else old.quantity,
        quantity_after=_ZERO if new is None else new.quantity,
        amount_before=zero if old is None else old.net_amount,
        amount_after=zero if new is None else new.net_amount,
    )


# -- returns ---------------------------------------------------------------------------------


def returned(
    lines: tuple[OrderLine, ...], items: Iterable[tuple[int, Decimal | int | str]]
) -> tuple[tuple[OrderLine, ...], tuple[ReturnedLine, ...]]:
    """The lines after a return of ``(line_number, quantity)`` pairs, and its lines with
    their credits."""
    pairs = given(items, "lines", "(line_number, quantity) pairs")
    if not pairs:
        fail("lines", "a return brings back at least one line")
    result = lines
    records: list[ReturnedLine] = []
    seen: set[int] = set()
    for index, item in enumerate(pairs):
        field = f"lines[{index}]"
        if not isinstance(item, tuple) or len(item) != 2:
            fail(field, f"expected a (line_number, quantity) pair, got {describe(item)}")
        line = find_line(result, item[0], f"{field}.line_number")
        if line.line_number in seen:
            fail(field, f"line {line.line_number} is returned twice")
        seen.add(line.line_number)
        quantity = _quantity(item[1], f"{field}.quantity")
        can = line.shipped - line.returned
        if quantity > can:
            fail(
                f"{field}.quantity",
                f"returns {quantity} of line {line.line_number}, but only {can} was shipped "
                "and not yet returned",
            )
        credit = Money(line.credit_for(quantity), line.currency)
        records.append(ReturnedLine(line_number=line.line_number, quantity=quantity, credit=credit))
        result = _replace(result, _rebuilt(line, field, returned=line.returned + quantity))
    return result, tuple(records)
