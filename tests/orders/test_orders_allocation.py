"""Allocating scarce supply across competing orders by priority rules (PCF 3.5.4.3)."""

from __future__ import annotations

import random
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import AccountId, SalesOrderId
from pcf_sales.errors import ValidationError
from pcf_sales.orders import (
    AllocationPolicy,
    AvailabilitySnapshot,
    DemandLine,
    PriorityFactor,
    PromiseStatus,
    allocate_supply,
    available_to_promise,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    make_allocation_policy,
    make_availability_snapshot,
    make_demand_line,
)
from pcf_sales.testing.strategies import (
    allocation_policies,
    availability_snapshots,
    demand_line_lists,
)

DAY = pendulum.date(2026, 3, 2)
SCARCE = make_availability_snapshot(receipts=(), lead_times=())


def _line(order: str, quantity: int = 6, **more: object) -> DemandLine:
    return make_demand_line(order_id=SalesOrderId(order), quantity=Decimal(quantity), **more)


def _confirmed(lines: list[DemandLine], policy: AllocationPolicy) -> dict[str, Decimal]:
    result = allocate_supply(lines, SCARCE, policy)
    return {p.order_id: p.confirmed_quantity for p in result.promises}


def test_key_accounts_are_served_before_others_under_the_default_policy() -> None:
    lines = [_line("SO-1"), _line("SO-2", key_account=True)]
    assert _confirmed(lines, AllocationPolicy.default()) == {
        "SO-1": Decimal(4),
        "SO-2": Decimal(6),
    }


def test_a_higher_class_of_service_goes_first() -> None:
    lines = [_line("SO-1", priority=0), _line("SO-2", priority=2)]
    policy = make_allocation_policy(factors=[PriorityFactor.PRIORITY])
    assert _confirmed(lines, policy)["SO-2"] == Decimal(6)


def test_earlier_orders_go_first_when_first_come_first_served() -> None:
    lines = [
        _line("SO-1", order_date=DAY, requested_date=DAY.add(days=1)),
        _line("SO-2", order_date=DAY.add(days=-3)),
    ]
    assert _confirmed(lines, AllocationPolicy.first_come_first_served()) == {
        "SO-1": Decimal(4),
        "SO-2": Decimal(6),
    }


def test_lines_wanted_sooner_go_first_when_the_requested_date_ranks() -> None:
    lines = [_line("SO-1", requested_date=DAY.add(days=9)), _line("SO-2")]
    policy = make_allocation_policy(factors=[PriorityFactor.REQUESTED_DATE])
    assert _confirmed(lines, policy)["SO-2"] == Decimal(6)


def test_ranked_accounts_go_in_their_order_and_unranked_ones_last() -> None:
    lines = [
        _line("SO-1", 4, account_id=AccountId("A-9")),
        _line("SO-2", 4, account_id=AccountId("A-2")),
        _line("SO-3", 4, account_id=AccountId("A-1")),
    ]
    policy = make_allocation_policy(
        factors=[PriorityFactor.ACCOUNT_RANK], account_order=[AccountId("A-1"), AccountId("A-2")]
    )
    result = allocate_supply(lines, SCARCE, policy)
    assert [p.rank for p in result.promises] == [3, 2, 1]
    assert result.promises[0].priority == "account not ranked; order SO-1 line 1"
    assert result.promises[2].priority == "account rank 1; order SO-3 line 1"


def test_smaller_first_fills_more_orders_and_larger_first_splits_fewer() -> None:
    lines = [_line("SO-1", 8), _line("SO-2", 3), _line("SO-3", 3)]
    smaller = allocate_supply(
        lines, SCARCE, make_allocation_policy(factors=[PriorityFactor.SMALLER_FIRST])
    )
    larger = allocate_supply(
        lines, SCARCE, make_allocation_policy(factors=[PriorityFactor.LARGER_FIRST])
    )
    assert [p.status for p in smaller.promises].count(PromiseStatus.CONFIRMED) == 2
    assert [p.status for p in larger.promises].count(PromiseStatus.CONFIRMED) == 1


def test_lines_equal_on_every_factor_are_ranked_by_order_id_and_line_number() -> None:
    lines = [_line("SO-2"), _line("SO-1", line_number=2), _line("SO-1")]
    result = allocate_supply(lines, SCARCE)
    assert [p.rank for p in result.promises] == [3, 2, 1]
    assert result.ranked_by.endswith("then order id and line number")


def test_the_reason_names_every_fact_the_line_was_ranked_by() -> None:
    line = _line("SO-7", key_account=True, priority=1)
    promise = allocate_supply([line], SCARCE).promises[0]
    assert promise.priority == (
        "key account; priority 1; ordered 2026-03-02; wanted 2026-03-02; order SO-7 line 1"
    )
    assert promise.explain().endswith(f"rank 1 ({promise.priority})")


def test_the_policy_ranks_lines_without_reserving_anything() -> None:
    lines = [_line("SO-1"), _line("SO-2", key_account=True)]
    assert [line.order_id for line in AllocationPolicy.default().rank(lines)] == ["SO-2", "SO-1"]


# -- bad input -------------------------------------------------------------------------------


def test_a_factor_listed_twice_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        AllocationPolicy(factors=[PriorityFactor.PRIORITY, PriorityFactor.PRIORITY])
    assert error.value.field == "factors[1]"


def test_contradicting_quantity_factors_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        AllocationPolicy(factors=[PriorityFactor.SMALLER_FIRST, PriorityFactor.LARGER_FIRST])
    assert error.value.field == "factors"


def test_an_account_ranking_without_the_account_rank_factor_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        AllocationPolicy(factors=[PriorityFactor.PRIORITY], account_order=[AccountId("A-1")])
    assert error.value.field == "account_order"


def test_a_factor_given_as_text_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        AllocationPolicy(factors=["key_account"])
    assert error.value.field == "factors[0]"


def test_something_other_than_a_policy_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        allocate_supply([_line("SO-1")], SCARCE, "key accounts")  # type: ignore[arg-type]
    assert error.value.field == "policy"


# -- properties --------------------------------------------------------------------------------


@given(availability_snapshots(), demand_line_lists(), allocation_policies())
def test_allocation_never_promises_more_than_the_supply_existing_by_each_day(
    snapshot: AvailabilitySnapshot, lines: list[DemandLine], policy: AllocationPolicy
) -> None:
    result = allocate_supply(lines, snapshot, policy)
    for sku in {line.sku for line in lines}:
        days = sorted({d.date for p in result.promises if p.sku == sku for d in p.deliveries})
        for day in days:
            promised = sum(
                (
                    d.quantity
                    for p in result.promises
                    if p.sku == sku
                    for d in p.deliveries
                    if d.date <= day
                ),
                Decimal(0),
            )
            assert promised <= snapshot.available(sku, by=day)


@given(availability_snapshots(), demand_line_lists(), allocation_policies(), st.randoms())
def test_the_allocation_does_not_depend_on_the_order_lines_are_given_in(
    snapshot: AvailabilitySnapshot,
    lines: list[DemandLine],
    policy: AllocationPolicy,
    rng: random.Random,
) -> None:
    shuffled = list(lines)
    rng.shuffle(shuffled)
    first = allocate_supply(lines, snapshot, policy)
    second = allocate_supply(shuffled, snapshot, policy)
    assert {p.key: p for p in first.promises} == {p.key: p for p in second.promises}


@given(availability_snapshots(), demand_line_lists(), allocation_policies())
def test_allocation_is_first_come_first_served_over_the_ranked_lines(
    snapshot: AvailabilitySnapshot, lines: list[DemandLine], policy: AllocationPolicy
) -> None:
    result = allocate_supply(lines, snapshot, policy)
    ranked = policy.rank(lines)
    plain = available_to_promise(ranked, snapshot)
    by_rank = sorted(result.promises, key=lambda p: p.rank)
    assert [p.key for p in by_rank] == [line.key for line in ranked]
    for ours, theirs in zip(by_rank, plain.promises, strict=True):
        assert (ours.deliveries, ours.unpromised_quantity) == (
            theirs.deliveries,
            theirs.unpromised_quantity,
        )


@given(availability_snapshots(), demand_line_lists())
def test_while_a_key_account_line_is_short_no_other_line_of_its_sku_gets_anything(
    snapshot: AvailabilitySnapshot, lines: list[DemandLine]
) -> None:
    anywhere = [attrs.evolve(line, locations=()) for line in lines]
    policy = make_allocation_policy(factors=[PriorityFactor.KEY_ACCOUNT])
    result = allocate_supply(anywhere, snapshot, policy)
    short_skus = {
        line.sku
        for line, promise in zip(anywhere, result.promises, strict=True)
        if line.key_account and promise.unpromised_quantity > 0
    }
    for line, promise in zip(anywhere, result.promises, strict=True):
        if line.sku in short_skus and not line.key_account:
            assert promise.deliveries == ()


@given(allocation_policies())
def test_policies_round_trip_through_documents(policy: AllocationPolicy) -> None:
    assert from_document(to_document(policy)) == policy
