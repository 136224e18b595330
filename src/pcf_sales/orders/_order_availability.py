"""Between a sales order and the availability check: its open lines as demand, and the
availability's answers as the promises the order records (PCF 3.5.4.7)."""

from __future__ import annotations

from collections.abc import Iterable

from pcf_sales.core._validate import check_id, describe, fail
from pcf_sales.orders._atp import AvailabilityPromise, AvailabilityResult
from pcf_sales.orders._availability import DemandLine
from pcf_sales.orders._lines import LinePromise
from pcf_sales.orders._order import SalesOrder
from pcf_sales.orders._order_ops import given

__all__ = ["line_promise", "line_promises", "order_demand"]


def order_demand(
    order: SalesOrder,
    *,
    key_account: bool = False,
    priority: int = 0,
    locations: Iterable[str] = (),
) -> tuple[DemandLine, ...]:
    """The open lines of ``order`` as :class:`DemandLine` values, asking for what each
    line still has to ship (allocated or not: a new promise replaces the old one).

    A line asks for its requested date, else the order's, else the day the order
    was entered (never earlier than that day). The demand is the sold-to's, going
    to the ship-to.
    """
    if not isinstance(order, SalesOrder):
        fail("order", f"expected a SalesOrder, got {describe(order)}")
    entered = order.entered_at.date()
    wanted = tuple(given(locations, "locations", "location codes"))
    built = []
    for line in order.lines:
        if not line.is_open:
            continue
        requested = line.requested_date or order.requested_date or entered
        built.append(
            DemandLine(
                order_id=order.id,
                line_number=line.line_number,
                sku=line.sku,
                quantity=line.remaining,
                requested_date=max(requested, entered),
                order_date=entered,
                account_id=order.parties.sold_to.account_id,
                ship_to=order.parties.ship_to.account_id,
                key_account=key_account,
                priority=priority,
                locations=wanted,
            )
        )
    return tuple(built)


def line_promise(promise: AvailabilityPromise) -> LinePromise:
    """The promise an order records for an availability answer: the confirmed quantity
    on its confirmed day, the rest back-ordered, expected when the answer expects it."""
    if not isinstance(promise, AvailabilityPromise):
        fail("promise", f"expected an AvailabilityPromise, got {describe(promise)}")
    back_ordered = promise.back_order_quantity
    return LinePromise(
        line_number=promise.line_number,
        confirmed_quantity=promise.confirmed_quantity,
        confirmed_date=promise.confirmed_date if promise.confirmed_quantity else None,
        back_ordered_quantity=back_ordered,
        expected_date=promise.expected_date if back_ordered else None,
    )


def line_promises(result: AvailabilityResult, order_id: str) -> tuple[LinePromise, ...]:
    """The promises of ``result`` for order ``order_id``, ready for
    :meth:`SalesOrder.record_promises`."""
    if not isinstance(result, AvailabilityResult):
        fail("result", f"expected an AvailabilityResult, got {describe(result)}")
    check_id(order_id, "order_id")
    return tuple(line_promise(p) for p in result.promises if p.order_id == order_id)
