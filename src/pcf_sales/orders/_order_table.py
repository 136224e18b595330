"""The sales order lifecycle table and the checks that tie an order's status to its lines."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from pcf_sales.core import Guard, Lifecycle, Transition
from pcf_sales.core._validate import fail

if TYPE_CHECKING:
    from pcf_sales.orders._order import SalesOrder

__all__ = ["SALES_ORDER_LIFECYCLE", "OrderStatus", "check_order"]


class OrderStatus(Enum):
    """Where a sales order is in its lifecycle."""

    DRAFT = "draft"
    """Being entered; free to change."""
    SUBMITTED = "submitted"
    """Waiting to be validated and accepted."""
    ACCEPTED = "accepted"
    """Validated and accepted; not yet handed to fulfilment."""
    REJECTED = "rejected"
    """Refused, for a stated reason; may be reopened as a draft."""
    ON_HOLD = "on_hold"
    """Accepted but held (credit, compliance or other) until released."""
    IN_FULFILMENT = "in_fulfilment"
    """Handed to fulfilment; nothing shipped yet."""
    PARTIALLY_FULFILLED = "partially_fulfilled"
    """Something shipped, something remains to ship."""
    FULFILLED = "fulfilled"
    """Nothing remains to ship (the rest, if any, cancelled); returns may follow."""
    CLOSED = "closed"
    """Done. Terminal: only returns of what it shipped are still recorded."""
    CANCELLED = "cancelled"
    """Cancelled with nothing shipped. Terminal."""


_BEFORE_SHIPPING = frozenset(
    {
        OrderStatus.DRAFT,
        OrderStatus.SUBMITTED,
        OrderStatus.ACCEPTED,
        OrderStatus.REJECTED,
        OrderStatus.ON_HOLD,
        OrderStatus.IN_FULFILMENT,
        OrderStatus.CANCELLED,
    }
)
_CHANGEABLE = frozenset(
    {
        OrderStatus.DRAFT,
        OrderStatus.SUBMITTED,
        OrderStatus.ACCEPTED,
        OrderStatus.ON_HOLD,
        OrderStatus.IN_FULFILMENT,
        OrderStatus.PARTIALLY_FULFILLED,
    }
)
_SHIPPING = frozenset({OrderStatus.IN_FULFILMENT, OrderStatus.PARTIALLY_FULFILLED})
_SHIPPED = frozenset({OrderStatus.PARTIALLY_FULFILLED, OrderStatus.FULFILLED})
_UNPROMISED = frozenset({OrderStatus.DRAFT, OrderStatus.SUBMITTED, OrderStatus.REJECTED})
_BEFORE_FULFILMENT = frozenset(
    {OrderStatus.DRAFT, OrderStatus.SUBMITTED, OrderStatus.ACCEPTED, OrderStatus.ON_HOLD}
)


def check_order(order: SalesOrder) -> None:
    """Check what ties an order together: unique lines matching its pricing, status
    matching the remaining quantities, shipments and returns matching the lines."""
    if not order.lines:
        fail("lines", "an order has at least one line")
    numbers = [line.line_number for line in order.lines]
    if numbers != sorted(set(numbers)):
        fail("lines", "lines are stored by ascending, unique line number")
    priced = {line.line_number: line for line in order.pricing.lines}
    if set(priced) != set(numbers):
        fail("lines", "the order's lines are the priced lines of its pricing")
    for index, line in enumerate(order.lines):
        price = priced[line.line_number]
        if (price.sku, price.quantity, price.net_amount) != (
            line.sku,
            line.quantity,
            line.net_amount,
        ):
            fail(f"lines[{index}]", "does not match its priced line (sku, quantity, net amount)")
    _check_status(order)
    _check_records(order)


def _check_status(order: SalesOrder) -> None:
    status = order.status
    open_ = any(line.is_open for line in order.lines)
    shipped = any(line.shipped > 0 for line in order.lines)
    hold = order.hold
    held_part_shipped = hold is not None and hold.held_from is OrderStatus.PARTIALLY_FULFILLED
    if status in _BEFORE_SHIPPING and shipped and not held_part_shipped:
        fail("status", f"an order {status.value} has shipped nothing")
    if held_part_shipped and not (open_ and shipped):
        fail("hold", "an order held while partially fulfilled has shipped something and has more")
    if status is OrderStatus.PARTIALLY_FULFILLED and not (open_ and shipped):
        fail("status", "a partially fulfilled order has shipped something and has more to ship")
    if status in (OrderStatus.FULFILLED, OrderStatus.CLOSED) and (open_ or not shipped):
        fail("status", f"an order {status.value} has shipped something and nothing remains")
    if status is OrderStatus.CANCELLED and open_:
        fail("status", "a cancelled order has nothing left to ship")
    if status is not OrderStatus.CANCELLED and not open_ and not shipped:
        fail("status", "an order with every line cancelled is cancelled")
    if (status is OrderStatus.ON_HOLD) != (order.hold is not None):
        fail("hold", "is set exactly when the order is on hold")
    if status in _UNPROMISED and any(line.allocated or line.back_ordered for line in order.lines):
        fail("lines", f"an order {status.value} has no promises yet")


def _check_records(order: SalesOrder) -> None:
    shipped: dict[int, Decimal] = {}
    ids: set[str] = set()
    for index, shipment in enumerate(order.shipments):
        if shipment.id in ids:
            fail(f"shipments[{index}].id", f"shipment {shipment.id!r} is recorded twice")
        ids.add(shipment.id)
        for line in shipment.lines:
            shipped[line.line_number] = shipped.get(line.line_number, Decimal(0)) + line.quantity
    returned: dict[int, Decimal] = {}
    return_ids: set[str] = set()
    for index, record in enumerate(order.returns):
        if record.return_id in return_ids:
            fail(f"returns[{index}].return_id", f"return {record.return_id!r} is recorded twice")
        return_ids.add(record.return_id)
        for item in record.lines:
            if item.credit.currency.code != order.pricing.currency:
                fail(f"returns[{index}]", "credits are in the order's currency")
            returned[item.line_number] = returned.get(item.line_number, Decimal(0)) + item.quantity
    numbers = {line.line_number for line in order.lines}
    for number in (*shipped, *returned):
        if number not in numbers:
            fail("shipments", f"line {number} is not a line of the order")
    for index, order_line in enumerate(order.lines):
        if shipped.get(order_line.line_number, Decimal(0)) != order_line.shipped:
            fail(f"lines[{index}].shipped", "does not match the recorded shipments")
        if returned.get(order_line.line_number, Decimal(0)) != order_line.returned:
            fail(f"lines[{index}].returned", "does not match the recorded returns")


# -- guards ------------------------------------------------------------------------------------


def _priced_completely(order: SalesOrder) -> str | None:
    missing = order.pricing.unpriceable
    if missing:
        return "lines could not be priced: " + "; ".join(u.describe() for u in missing)
    return None


def _validation_passed(order: SalesOrder) -> str | None:
    report = order.validation
    if report is None:
        return "the order has not been validated"
    if not report.passed:
        return report.explain()
    return None


def _amendment_valid(order: SalesOrder) -> str | None:
    if order.status is OrderStatus.DRAFT:
        return None
    return _validation_passed(order)


def _holds_cleared(order: SalesOrder) -> str | None:
    report = order.validation
    if report is None:
        return None
    pending = [kind.value for kind in report.holds if kind not in order.released_holds]
    if pending:
        return (
            f"the validation calls for {' and '.join(pending)} holds: place them on the order "
            "and release them once cleared"
        )
    return None


def _fulfilment_not_started(order: SalesOrder) -> str | None:
    hold = order.hold
    if hold is not None and hold.held_from is not OrderStatus.ACCEPTED:
        return f"the order was held while {hold.held_from.value}; fulfilment has started"
    return None


def _something_open(order: SalesOrder) -> str | None:
    if not any(line.is_open for line in order.lines):
        return "nothing would remain to ship; cancel or close the order instead"
    return None


def _nothing_open(order: SalesOrder) -> str | None:
    open_lines = [str(line.line_number) for line in order.lines if line.is_open]
    if open_lines:
        return f"lines {', '.join(open_lines)} still have quantities to ship"
    return None


def _nothing_shipped(order: SalesOrder) -> str | None:
    if any(line.shipped > 0 for line in order.lines):
        return "the order has shipments; close what remains short instead"
    return None


_OPEN_GUARD: Guard[SalesOrder] = Guard(
    "something remains to ship", _something_open, overridable=False
)
_DONE_GUARD: Guard[SalesOrder] = Guard("nothing remains to ship", _nothing_open, overridable=False)
_NOT_STARTED_GUARD: Guard[SalesOrder] = Guard(
    "fulfilment not started", _fulfilment_not_started, overridable=False
)


def _data(
    command: str, event: str, sources: frozenset[OrderStatus]
) -> Transition[OrderStatus, SalesOrder]:
    return Transition(command=command, event=event, sources=sources)


SALES_ORDER_LIFECYCLE: Lifecycle[OrderStatus, SalesOrder] = Lifecycle(
    aggregate="SalesOrder",
    states=OrderStatus,
    initial=OrderStatus.DRAFT,
    terminal={OrderStatus.CLOSED, OrderStatus.CANCELLED},
    creation="enter",
    creation_event="entered",
    transitions=(
        Transition(
            command="submit",
            event="submitted",
            sources={OrderStatus.DRAFT},
            target=OrderStatus.SUBMITTED,
            guards=(Guard("every line priced", _priced_completely, overridable=False),),
        ),
        Transition(
            command="accept",
            event="accepted",
            sources={OrderStatus.SUBMITTED},
            target=OrderStatus.ACCEPTED,
            guards=(Guard("validation passed", _validation_passed, overridable=False),),
        ),
        Transition(
            command="reject",
            event="rejected",
            sources={OrderStatus.SUBMITTED},
            target=OrderStatus.REJECTED,
            needs_reason=True,
        ),
        Transition(
            command="reopen",
            event="reopened",
            sources={OrderStatus.REJECTED},
            target=OrderStatus.DRAFT,
        ),
        Transition(
            command="place_on_hold",
            event="placed_on_hold",
            sources={OrderStatus.ACCEPTED, *_SHIPPING},
            target=OrderStatus.ON_HOLD,
            needs_reason=True,
        ),
        # Releasing a hold returns the order to the status it was held in (the hold
        # records it); SalesOrder.release_hold picks the row.
        Transition(
            command="release_hold",
            event="hold_released",
            sources={OrderStatus.ON_HOLD},
            target=OrderStatus.ACCEPTED,
        ),
        Transition(
            command="release_hold_in_fulfilment",
            event="hold_released_in_fulfilment",
            sources={OrderStatus.ON_HOLD},
            target=OrderStatus.IN_FULFILMENT,
        ),
        Transition(
            command="release_hold_partially_fulfilled",
            event="hold_released_partially_fulfilled",
            sources={OrderStatus.ON_HOLD},
            target=OrderStatus.PARTIALLY_FULFILLED,
        ),
        Transition(
            command="release_to_fulfilment",
            event="released_to_fulfilment",
            sources={OrderStatus.ACCEPTED},
            target=OrderStatus.IN_FULFILMENT,
            guards=(Guard("required holds cleared", _holds_cleared, overridable=False),),
        ),
        _data(
            "record_promises",
            "promises_recorded",
            frozenset({OrderStatus.ACCEPTED, *_SHIPPING}),
        ),
        _data("repromise", "repromised", frozenset({OrderStatus.ACCEPTED, *_SHIPPING})),
        Transition(
            command="record_shipment",
            event="shipment_recorded",
            sources=_SHIPPING,
            target=OrderStatus.PARTIALLY_FULFILLED,
            guards=(_OPEN_GUARD,),
        ),
        Transition(
            command="complete_fulfilment",
            event="fulfilment_completed",
            sources=_SHIPPING,
            target=OrderStatus.FULFILLED,
            guards=(_DONE_GUARD,),
        ),
        _data("record_delivery", "delivery_recorded", _SHIPPED),
        Transition(
            command="cancel_lines",
            event="lines_cancelled",
            sources=_CHANGEABLE,
            needs_reason=True,
            guards=(_OPEN_GUARD,),
        ),
        Transition(
            command="cancel_back_orders",
            event="back_orders_cancelled",
            sources=_SHIPPING | {OrderStatus.ACCEPTED},
            needs_reason=True,
            guards=(_OPEN_GUARD,),
        ),
        Transition(
            command="close_short",
            event="closed_short",
            sources={OrderStatus.PARTIALLY_FULFILLED},
            target=OrderStatus.FULFILLED,
            needs_reason=True,
            guards=(_DONE_GUARD,),
        ),
        Transition(
            command="cancel",
            event="cancelled",
            sources=_CHANGEABLE - {OrderStatus.PARTIALLY_FULFILLED} | {OrderStatus.REJECTED},
            target=OrderStatus.CANCELLED,
            needs_reason=True,
            guards=(Guard("nothing shipped", _nothing_shipped, overridable=False),),
        ),
        Transition(
            command="amend",
            event="amended",
            sources=_CHANGEABLE,
            needs_reason=True,
            guards=(
                _OPEN_GUARD,
                Guard("amendment passes validation", _amendment_valid, overridable=False),
            ),
        ),
        Transition(
            command="change_parties",
            event="parties_changed",
            sources=_BEFORE_FULFILMENT,
            guards=(
                _NOT_STARTED_GUARD,
                Guard("changed parties pass validation", _amendment_valid, overridable=False),
            ),
        ),
        Transition(
            command="change_payment_terms",
            event="payment_terms_changed",
            sources=_BEFORE_FULFILMENT,
            guards=(_NOT_STARTED_GUARD,),
        ),
        # Goods come back after an order is closed too; recording them keeps it closed.
        _data("record_return", "return_recorded", _SHIPPED | {OrderStatus.CLOSED}),
        Transition(
            command="close",
            event="closed",
            sources={OrderStatus.FULFILLED},
            target=OrderStatus.CLOSED,
        ),
    ),
)
"""The sales order lifecycle: draft → submitted → accepted → in fulfilment
→ partially fulfilled → fulfilled → closed, each of the first three ⇄ on hold
(released back to where it was); accepted → in fulfilment only once the holds the
validation calls for were placed and released; submitted → rejected → draft; cancel
before anything ships; amendments, promises, cancellations and returns as data."""
