"""Available to promise and allocation against a plain-dict baseline measured in the same run.

* ``available_to_promise`` (lines first come, first served) and
  ``allocate_supply`` with the default policy (key accounts, priority, order
  date, requested date, then order id and line number) over 10,000 skus;
* the baseline: the same ranking and the same greedy reservation (supply by
  the requested day latest first, then later receipts earliest first, per
  location in code order) written as a straightforward loop over plain dicts,
  lists and tuples of ``Decimal`` quantities;

each at 10,000 and 100,000 order lines, so the growth per 10x input is
reported too. Supply: every sku has stock at one or two of three warehouses
and one or two receipts due within 40 days; at 100,000 lines demand asks for
about twice the stock on hand, so many lines compete and are split or back
ordered. Building the snapshot (validating and indexing the supply) happens
once per snapshot and is not part of the timings.

Run ``pytest benchmarks/bench_orders.py --benchmark-only`` to measure; the
ratios are printed at the end of the session and kept in each benchmark's
``extra_info``. Under ``--benchmark-disable`` (the CI smoke run) every
function runs once on 1/100 of the lines and the library's answer is checked
against the baseline's.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, Protocol, TypeVar

import pendulum
import pytest

from pcf_sales.core import AccountId, SalesOrderId
from pcf_sales.orders import (
    AllocationPolicy,
    AvailabilityResult,
    AvailabilitySnapshot,
    DemandLine,
    ScheduledReceipt,
    StockPosition,
    allocate_supply,
    available_to_promise,
)

SIZES: Final = {"10k": 10_000, "100k": 100_000}
SKUS: Final = 10_000
LOCATIONS: Final = ("WH-1", "WH-2", "WH-3")
AS_OF: Final = pendulum.date(2026, 3, 2)
ZERO: Final = Decimal(0)

T = TypeVar("T")


class Measure(Protocol):
    """The ``measure`` fixture of ``benchmarks/conftest.py``."""

    @property
    def enabled(self) -> bool: ...

    def __call__(self, key: str, function: Callable[[], T]) -> T: ...

    def ratio(self, label: str, numerator: str, denominator: str) -> float | None: ...


#: A baseline line: rank key, sku, quantity, requested day (ordinal), order id, line number.
Row = tuple[tuple[Any, ...], str, Decimal, int, str, int]


def _size(measure: Measure, label: str) -> int:
    """The number of lines: the full size when measuring, 1/100 of it otherwise."""
    return SIZES[label] if measure.enabled else SIZES[label] // 100


@functools.cache
def _snapshot() -> AvailabilitySnapshot:
    rng = random.Random(7)
    stock = []
    receipts = []
    for number in range(SKUS):
        sku = f"SKU-{number:05d}"
        for location in rng.sample(LOCATIONS, rng.randint(1, 2)):
            stock.append(
                StockPosition(sku=sku, location=location, on_hand=Decimal(rng.randint(0, 60)))
            )
        for index in range(rng.randint(1, 2)):
            receipts.append(
                ScheduledReceipt(
                    sku=sku,
                    location=rng.choice(LOCATIONS),
                    quantity=Decimal(rng.randint(5, 40)),
                    expected_date=AS_OF.add(days=rng.randint(1, 40)),
                    reference=f"PO-{number}-{index}",
                )
            )
    return AvailabilitySnapshot(as_of=AS_OF, stock=stock, receipts=receipts)


@functools.cache
def _lines(count: int) -> tuple[DemandLine, ...]:
    rng = random.Random(count)
    lines = []
    for number in range(count):
        ordered = AS_OF.add(days=-rng.randint(0, 10))
        lines.append(
            DemandLine(
                order_id=SalesOrderId(f"SO-{number // 4:06d}"),
                line_number=number % 4 + 1,
                sku=f"SKU-{rng.randrange(SKUS):05d}",
                quantity=Decimal(rng.randint(1, 40)),
                requested_date=ordered.add(days=rng.randint(0, 30)),
                order_date=ordered,
                account_id=AccountId(f"AC-{number % 3000:04d}"),
                key_account=rng.random() < 0.1,
                priority=rng.choice((-1, 0, 0, 0, 1)),
            )
        )
    return tuple(lines)


# --- the baseline: the same work over plain dicts ---------------------------------------------


@functools.cache
def _plain_supply() -> dict[str, list[tuple[str, list[int], list[Decimal]]]]:
    """Per sku, per location (in code order): bucket days (ordinals) and quantities."""
    snapshot = _snapshot()
    raw: dict[tuple[str, str], list[tuple[int, Decimal]]] = {}
    for position in snapshot.stock:
        raw.setdefault((position.sku, position.location), []).append(
            (AS_OF.toordinal(), position.on_hand)
        )
    for receipt in snapshot.receipts:
        raw.setdefault((receipt.sku, receipt.location), []).append(
            (receipt.expected_date.toordinal(), receipt.quantity)
        )
    supply: dict[str, list[tuple[str, list[int], list[Decimal]]]] = {}
    for (sku, location), entries in sorted(raw.items()):
        entries.sort(key=lambda e: e[0])
        supply.setdefault(sku, []).append(
            (location, [e[0] for e in entries], [e[1] for e in entries])
        )
    return supply


@functools.cache
def _plain_rows(count: int, ranked: bool) -> tuple[Row, ...]:
    rows = []
    for line in _lines(count):
        key: tuple[Any, ...] = (
            (
                not line.key_account,
                -line.priority,
                line.order_date.toordinal(),
                line.requested_date.toordinal(),
                line.order_id,
                line.line_number,
            )
            if ranked
            else ()
        )
        rows.append(
            (
                key,
                line.sku,
                line.quantity,
                line.requested_date.toordinal(),
                line.order_id,
                line.line_number,
            )
        )
    return tuple(rows)


def baseline(rows: tuple[Row, ...], ranked: bool) -> dict[tuple[str, int], tuple[Any, ...]]:
    """Rank (when asked) and reserve greedily: the straightforward loop a host might write."""
    supply = {
        sku: [(loc, days, list(quantities)) for loc, days, quantities in places]
        for sku, places in _plain_supply().items()
    }
    today = AS_OF.toordinal()
    ordered = sorted(rows, key=lambda row: row[0]) if ranked else rows
    answers: dict[tuple[str, int], tuple[Any, ...]] = {}
    for _, sku, quantity, requested, order_id, line_number in ordered:
        need = quantity
        day = max(requested, today)
        deliveries = []
        places = supply.get(sku, ())
        for location, days, quantities in places:
            index = len(days) - 1
            while index >= 0 and days[index] > day:
                index -= 1
            taken = ZERO
            while index >= 0 and need > 0:
                take = min(need, quantities[index])
                quantities[index] -= take
                need -= take
                taken += take
                index -= 1
            if taken:
                deliveries.append((location, taken, day))
            if need == 0:
                break
        confirmed = quantity - need
        if need > 0:
            later = sorted(
                (days[i], position, i, location, quantities)
                for position, (location, days, quantities) in enumerate(places)
                for i in range(len(days))
                if days[i] > day and quantities[i] > 0
            )
            for when, _, i, location, quantities in later:
                take = min(need, quantities[i])
                quantities[i] -= take
                need -= take
                deliveries.append((location, take, when))
                if need == 0:
                    break
        answers[(order_id, line_number)] = (confirmed, need, deliveries)
    return answers


def _agrees(result: AvailabilityResult, answers: dict[tuple[str, int], tuple[Any, ...]]) -> None:
    assert len(result.promises) == len(answers)
    for promise in result.promises:
        confirmed, unpromised, deliveries = answers[promise.key]
        assert (promise.confirmed_quantity, promise.unpromised_quantity) == (confirmed, unpromised)
        assert len(promise.deliveries) == len(deliveries)


# --- the benchmarks -----------------------------------------------------------------------------


@pytest.mark.benchmark(group="available to promise")
@pytest.mark.parametrize("label", list(SIZES))
def test_baseline_first_come_first_served_over_dicts(measure: Measure, label: str) -> None:
    rows = _plain_rows(_size(measure, label), ranked=False)
    answers = measure(f"orders.baseline_atp.{label}", lambda: baseline(rows, ranked=False))
    assert len(answers) == len(rows)


@pytest.mark.benchmark(group="available to promise")
@pytest.mark.parametrize("label", list(SIZES))
def test_available_to_promise(measure: Measure, label: str) -> None:
    count = _size(measure, label)
    lines, snapshot = _lines(count), _snapshot()
    result = measure(f"orders.atp.{label}", lambda: available_to_promise(lines, snapshot))
    _agrees(result, baseline(_plain_rows(count, ranked=False), ranked=False))
    assert result.back_orders()
    measure.ratio(
        f"atp / dict baseline, {label}", f"orders.atp.{label}", f"orders.baseline_atp.{label}"
    )
    if label == "100k":
        measure.ratio("atp growth 10k -> 100k lines", "orders.atp.100k", "orders.atp.10k")
        measure.ratio(
            "dict atp growth 10k -> 100k lines",
            "orders.baseline_atp.100k",
            "orders.baseline_atp.10k",
        )


@pytest.mark.benchmark(group="allocation")
@pytest.mark.parametrize("label", list(SIZES))
def test_baseline_ranked_allocation_over_dicts(measure: Measure, label: str) -> None:
    rows = _plain_rows(_size(measure, label), ranked=True)
    answers = measure(f"orders.baseline_allocation.{label}", lambda: baseline(rows, ranked=True))
    assert len(answers) == len(rows)


@pytest.mark.benchmark(group="allocation")
@pytest.mark.parametrize("label", list(SIZES))
def test_allocate_supply_by_the_default_policy(measure: Measure, label: str) -> None:
    count = _size(measure, label)
    lines, snapshot, policy = _lines(count), _snapshot(), AllocationPolicy.default()
    result = measure(f"orders.allocation.{label}", lambda: allocate_supply(lines, snapshot, policy))
    _agrees(result, baseline(_plain_rows(count, ranked=True), ranked=True))
    measure.ratio(
        f"allocation / dict baseline, {label}",
        f"orders.allocation.{label}",
        f"orders.baseline_allocation.{label}",
    )
    if label == "100k":
        measure.ratio(
            "allocation growth 10k -> 100k lines", "orders.allocation.100k", "orders.allocation.10k"
        )
        measure.ratio(
            "dict allocation growth 10k -> 100k lines",
            "orders.baseline_allocation.100k",
            "orders.baseline_allocation.10k",
        )
