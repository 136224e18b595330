"""An order's open lines checked for availability, and the answers recorded as its
promises; a line checked again is not short of its own allocation."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from pcf_sales.core import AccountId, SalesOrderId, UserId
from pcf_sales.errors import ValidationError
from pcf_sales.orders import (
    AvailabilitySnapshot,
    ExistingAllocation,
    OrderStatus,
    PromiseStatus,
    ReplenishmentLeadTime,
    StockPosition,
    available_to_promise,
    line_promise,
    line_promises,
    order_demand,
)
from pcf_sales.testing.factories import make_demand_line, make_sales_order

BY = UserId("warehouse")
DAY = pendulum.Date(2026, 3, 2)


def _snapshot(on_hand: int, *allocations: ExistingAllocation) -> AvailabilitySnapshot:
    return AvailabilitySnapshot(
        as_of=DAY,
        stock=[
            StockPosition(sku="SENS-100", location="WH-1", on_hand=Decimal(on_hand)),
            StockPosition(sku="CAL-KIT", location="WH-1", on_hand=Decimal(10)),
        ],
        allocations=allocations,
        lead_times=[ReplenishmentLeadTime(sku="SENS-100", days=20)],
    )


def test_an_orders_open_lines_become_demand_for_what_remains() -> None:
    order = make_sales_order(OrderStatus.PARTIALLY_FULFILLED)  # 2 of 4 sensors shipped
    demand = order_demand(order, key_account=True)
    assert [(d.line_number, d.sku, d.quantity) for d in demand] == [
        (1, "SENS-100", Decimal(2)),
        (2, "CAL-KIT", Decimal(2)),
    ]
    assert {d.order_id for d in demand} == {order.id}
    assert all(d.key_account for d in demand)
    assert all(d.account_id == order.parties.sold_to.account_id for d in demand)
    assert all(d.ship_to == order.parties.ship_to.account_id for d in demand)
    assert all(d.order_date == order.entered_at.date() for d in demand)


def test_availability_answers_are_recorded_as_the_orders_promises() -> None:
    order = make_sales_order(OrderStatus.IN_FULFILMENT)
    result = available_to_promise(order_demand(order), _snapshot(3))
    promises = line_promises(result, order.id)
    assert [(p.line_number, p.confirmed_quantity, p.back_ordered_quantity) for p in promises] == [
        (1, Decimal(3), Decimal(1)),
        (2, Decimal(2), Decimal(0)),
    ]
    at = order.history[-1].at
    promised = order.record_promises(promises, at=at, by=BY)
    assert promised.line(1).allocated == 3
    assert promised.line(1).back_ordered == 1
    assert promised.line(1).expected_date == DAY.add(days=20)
    assert line_promises(result, SalesOrderId("SO-OTHER")) == ()


def test_a_line_checked_again_is_not_short_of_its_own_allocation() -> None:
    own = ExistingAllocation(
        sku="SENS-100",
        location="WH-1",
        quantity=Decimal(10),
        order_id=SalesOrderId("SO-1"),
        line_number=1,
    )
    line = make_demand_line(
        order_id=SalesOrderId("SO-1"),
        line_number=1,
        sku="SENS-100",
        quantity=Decimal(10),
        account_id=AccountId("AC-1"),
    )
    promise = available_to_promise([line], _snapshot(10, own)).promises[0]
    assert promise.status is PromiseStatus.CONFIRMED
    # Another order's line still finds the stock taken.
    other = make_demand_line(
        order_id=SalesOrderId("SO-2"), line_number=1, sku="SENS-100", quantity=Decimal(10)
    )
    assert available_to_promise([other], _snapshot(10, own)).promises[0].confirmed_quantity == 0


def test_bad_arguments_name_the_field() -> None:
    with pytest.raises(ValidationError) as error:
        order_demand("SO-1")  # type: ignore[arg-type]
    assert error.value.field == "order"
    with pytest.raises(ValidationError) as promise:
        line_promise(None)  # type: ignore[arg-type]
    assert promise.value.field == "promise"
