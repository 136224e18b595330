"""Pipeline summary and pipeline changes against plain-Python baselines measured in the same run.

* ``PipelineSnapshot.summary`` (totals and weighted value by stage, owner,
  forecast category and fiscal quarter, and the alerts) compared with the same
  sums and flags computed over a list of plain dicts;
* ``pipeline_changes`` between two snapshots compared with the same
  classification done over two dicts of dicts;

each at 10,000 and 100,000 deals, so the growth per 10x input is reported
too. The deals are real :class:`~pcf_sales.opportunities.Opportunity`
aggregates (about 15 % stalled, a fifth over their stage norm, some pushed or
past due), and the second snapshot is the first a month later: 10 % changed
amount, 6 % moved stage, 3 % won, 2 % lost, 4 % pushed, 2 % new, 1 % gone.

Run ``pytest benchmarks/bench_pipeline.py --benchmark-only`` (or
``--benchmark-enable``) to measure; the ratios are printed at the end and kept
in each benchmark's ``extra_info``. Under ``--benchmark-disable`` (the
project's default) every function runs once on 1/100 of the data and its
result is checked, so the file is a quick smoke test of the baselines'
agreement with the library.
"""

from __future__ import annotations

import datetime as _dt
import functools
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, TypeVar

import pendulum
import pytest
from moneyed import Money

from pcf_sales.core import AccountId, FiscalCalendar, OpportunityId, UserId, round_amount
from pcf_sales.opportunities import (
    CloseReason,
    Opportunity,
    PipelineChanges,
    PipelineSnapshot,
    PipelineSummary,
    SalesProcess,
    WinLossReview,
    pipeline_changes,
)

T = TypeVar("T")

SIZES: Final = {"10k": 10_000, "100k": 100_000}
START: Final = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
FIRST: Final = START.add(days=60)
SECOND: Final = FIRST.add(days=30)
CALENDAR: Final = FiscalCalendar(start_month=4)
STALL: Final = 30
BY: Final = UserId("ae-bench")
REVIEW: Final = WinLossReview(reasons=[CloseReason.PRODUCT_FIT])

#: Median seconds per call of every benchmark measured in this run, by key.
MEDIANS: Final[dict[str, float]] = {}
#: (label, numerator key, denominator key) of the ratios reported at the end.
RATIOS: Final = (
    ("summary / dict baseline, 10k", "summary.10k", "baseline_summary.10k"),
    ("summary / dict baseline, 100k", "summary.100k", "baseline_summary.100k"),
    ("summary growth 10k -> 100k", "summary.100k", "summary.10k"),
    ("dict summary growth 10k -> 100k", "baseline_summary.100k", "baseline_summary.10k"),
    ("changes / dict baseline, 10k", "changes.10k", "baseline_changes.10k"),
    ("changes / dict baseline, 100k", "changes.100k", "baseline_changes.100k"),
    ("changes growth 10k -> 100k", "changes.100k", "changes.10k"),
    ("dict changes growth 10k -> 100k", "baseline_changes.100k", "baseline_changes.10k"),
)


def _measure(benchmark: Any, key: str, function: Callable[[], T]) -> T:
    """Run ``function`` under pytest-benchmark (5 rounds) and keep its median."""
    result: T = benchmark.pedantic(function, rounds=5, iterations=1, warmup_rounds=1)
    stats = getattr(benchmark, "stats", None)
    if not benchmark.disabled and stats is not None:
        MEDIANS[key] = float(stats.stats.median)
        benchmark.extra_info["median_ms"] = round(MEDIANS[key] * 1e3, 3)
    return result


def _size(benchmark: Any, label: str) -> int:
    """The number of deals: the full size when measuring, 1/100 of it otherwise."""
    return SIZES[label] if not benchmark.disabled else SIZES[label] // 100


# --- the data ---------------------------------------------------------------------------------


@functools.cache
def _deals(count: int) -> tuple[tuple[Opportunity, ...], tuple[Opportunity, ...]]:
    """The deals at the first instant, and at the second (see the module notes)."""
    rng = random.Random(count)
    process = SalesProcess.default()
    keys = process.keys
    first: list[Opportunity] = []
    for number in range(count):
        opened = START.add(days=rng.randint(0, 50), hours=rng.randint(0, 23))
        currency = "EUR"
        deal = Opportunity.open(
            id=OpportunityId(f"OP-{number:07d}"),
            at=opened,
            by=BY,
            account_id=AccountId(f"AC-{number % (count // 3 + 1):07d}"),
            name="Bench deal",
            amount=Money(Decimal(rng.randint(1_000, 250_000)).scaleb(0), currency),
            close_date=max(FIRST.date().add(days=rng.randint(-20, 300)), opened.date()),
            owner=UserId(f"ae-{number % 40:02d}"),
            process=process,
            stage=keys[rng.randrange(len(keys))],
        )
        later = opened.add(days=rng.randint(0, 5))
        roll = rng.random()
        if roll < 0.05:
            deal = deal.close_won(REVIEW, at=later, by=BY, override_reason="bench")
        elif roll < 0.08:
            deal = deal.close_lost(REVIEW, at=later, by=BY)
        elif roll < 0.12:
            deal = deal.change_close_date(deal.close_date.add(days=21), at=later, by=BY)
        first.append(deal)
    second: list[Opportunity] = []
    for current in first:
        deal = current
        roll = rng.random()
        at = SECOND.subtract(days=rng.randint(1, 25))
        if roll < 0.01:
            continue  # gone
        if deal.is_open:
            if roll < 0.11:
                deal = deal.change_amount(
                    Money(deal.amount.amount + rng.randint(1, 9_000), "EUR"), at=at, by=BY
                )
            elif roll < 0.17:
                position = keys.index(deal.stage)
                target = keys[(position + rng.choice((1, 2, -1))) % len(keys)]
                deal = deal.move_to_stage(target, at=at, by=BY, override_reason="bench")
            elif roll < 0.20:
                deal = deal.close_won(REVIEW, at=at, by=BY, override_reason="bench")
            elif roll < 0.22:
                deal = deal.close_lost(REVIEW, at=at, by=BY)
            elif roll < 0.26:
                deal = deal.change_close_date(deal.close_date.add(days=45), at=at, by=BY)
        second.append(deal)
    for number in range(count, count + count // 50):
        second.append(
            Opportunity.open(
                id=OpportunityId(f"OP-{number:07d}"),
                at=SECOND.subtract(days=5),
                by=BY,
                account_id=AccountId("AC-new"),
                name="New deal",
                amount=Money(Decimal(rng.randint(1_000, 250_000)), "EUR"),
                close_date=SECOND.date().add(days=rng.randint(10, 200)),
                owner=UserId(f"ae-{number % 40:02d}"),
                process=process,
            )
        )
    return tuple(first), tuple(second)


@functools.cache
def _snapshots(count: int) -> tuple[PipelineSnapshot, PipelineSnapshot]:
    first, second = _deals(count)
    return (
        PipelineSnapshot.take(first, as_of=FIRST, currency="EUR"),
        PipelineSnapshot.take(second, as_of=SECOND, currency="EUR"),
    )


def _as_dicts(snapshot: PipelineSnapshot) -> list[dict[str, Any]]:
    """The snapshot's rows as plain dicts of plain values (what a host might hold)."""
    return [
        {
            "id": e.opportunity_id,
            "owner": e.owner,
            "status": e.status.value,
            "stage": e.stage,
            "stage_index": e.stage_index,
            "probability": e.probability,
            "category": e.forecast_category.value,
            "close_date": _dt.date(e.close_date.year, e.close_date.month, e.close_date.day),
            "amount": e.amount.amount,
            "currency": e.amount.currency.code,
            "value": e.value,
            "weighted": e.weighted,
            "days_in_stage": e.days_in_stage,
            "days_since_change": e.days_since_change,
            "norm": e.stage_norm_days,
            "pushes": e.close_date_pushes,
            "slipped": e.days_slipped,
        }
        for e in snapshot.entries
    ]


@functools.cache
def _dict_rows(count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    first, second = _snapshots(count)
    return _as_dicts(first), _as_dicts(second)


# --- the baselines: the same work over plain dicts --------------------------------------------


def _quarter(day: _dt.date) -> str:
    month = (day.month - CALENDAR.start_month) % 12
    year = day.year + (1 if day.month >= CALENDAR.start_month else 0)
    return f"FY{year} Q{month // 3 + 1}"


def baseline_summary(rows: list[dict[str, Any]], today: _dt.date) -> dict[str, Any]:
    """Totals, groups and alerts over dict rows, the straightforward way."""
    totals: dict[str, list[Any]] = {
        "open": [0, Decimal(0), Decimal(0)],
        "won": [0, Decimal(0)],
        "lost": [0, Decimal(0)],
    }
    groups: dict[str, dict[Any, list[Any]]] = {
        "stage": {},
        "owner": {},
        "category": {},
        "period": {},
    }
    alerts: list[dict[str, Any]] = []
    quarters: dict[_dt.date, str] = {}
    for row in rows:
        value = row["value"]
        weighted = row["weighted"]
        category = groups["category"].setdefault(row["category"], [0, Decimal(0), Decimal(0)])
        category[0] += 1
        category[1] += value
        category[2] += weighted
        if row["status"] != "open":
            bucket = totals[row["status"]]
            bucket[0] += 1
            bucket[1] += value
            continue
        bucket = totals["open"]
        bucket[0] += 1
        bucket[1] += value
        bucket[2] += weighted
        close = row["close_date"]
        quarter = quarters.get(close)
        if quarter is None:
            quarter = quarters[close] = _quarter(close)
        for name, key in (
            ("stage", (row["stage_index"], row["stage"])),
            ("owner", row["owner"]),
            ("period", quarter),
        ):
            group = groups[name].setdefault(key, [0, Decimal(0), Decimal(0)])
            group[0] += 1
            group[1] += value
            group[2] += weighted
        norm = row["norm"]
        if norm is not None and row["days_in_stage"] > norm:
            alerts.append(
                {"id": row["id"], "kind": "over_stage_norm", "days": row["days_in_stage"] - norm}
            )
        if row["days_since_change"] >= STALL:
            alerts.append({"id": row["id"], "kind": "stalled", "days": row["days_since_change"]})
        if row["pushes"]:
            alerts.append({"id": row["id"], "kind": "slipped", "days": row["slipped"]})
        if close < today:
            alerts.append({"id": row["id"], "kind": "past_due", "days": (today - close).days})
    return {"totals": totals, "groups": groups, "alerts": alerts}


def baseline_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, Any]:
    """The pipeline changes over dict rows: index the first, walk the second."""
    old = {row["id"]: row for row in before}
    seen: set[str] = set()
    changes: list[tuple[str, str, Decimal, Decimal]] = []
    start = sum(r["value"] for r in before if r["status"] == "open")
    end = sum(r["value"] for r in after if r["status"] == "open")
    for a in after:
        b = old.get(a["id"])
        a_open = a["status"] == "open"
        if b is None:
            if a_open:
                changes.append((a["id"], "new", a["value"], a["weighted"]))
            continue
        seen.add(a["id"])
        b_open = b["status"] == "open"
        if a_open and b_open:
            delta = a["value"] - b["value"]
            middle = b["weighted"]
            if delta or a["amount"] != b["amount"]:
                if delta:
                    middle = round_amount(a["value"] * b["probability"] / 100, "EUR")
                changes.append((a["id"], "amount_changed", delta, middle - b["weighted"]))
            if a["stage_index"] != b["stage_index"]:
                kind = "advanced" if a["stage_index"] > b["stage_index"] else "moved_back"
                changes.append((a["id"], kind, Decimal(0), a["weighted"] - middle))
            elif a["probability"] != b["probability"]:
                changes.append((a["id"], "probability_changed", Decimal(0), a["weighted"] - middle))
            if a["close_date"] != b["close_date"]:
                kind = "slipped" if a["close_date"] > b["close_date"] else "pulled_in"
                changes.append((a["id"], kind, Decimal(0), Decimal(0)))
        elif a_open:
            changes.append((a["id"], "reopened", a["value"], a["weighted"]))
        elif b_open:
            changes.append((a["id"], a["status"], -b["value"], -b["weighted"]))
    for b in before:
        if b["id"] not in seen and b["status"] == "open":
            changes.append((b["id"], "removed", -b["value"], -b["weighted"]))
    return {"start": start, "end": end, "changes": changes}


# --- benchmarks --------------------------------------------------------------------------------


@pytest.mark.benchmark(group="pipeline summary")
@pytest.mark.parametrize("label", list(SIZES))
def test_baseline_summary_over_dicts(
    benchmark: Any, request: pytest.FixtureRequest, label: str
) -> None:
    rows, _ = _dict_rows(_size(benchmark, label))
    today = FIRST.date()
    result = _measure(benchmark, f"baseline_summary.{label}", lambda: baseline_summary(rows, today))
    summary = _snapshots(_size(benchmark, label))[0].summary(
        calendar=CALENDAR, stall_after_days=STALL
    )
    assert result["totals"]["open"][1] == summary.open_value.amount
    assert result["totals"]["open"][2] == summary.weighted_value.amount
    assert len(result["alerts"]) == len(summary.alerts)
    assert {k for _, k in result["groups"]["stage"]} == {g.key for g in summary.by_stage}
    assert set(result["groups"]["period"]) == {g.key for g in summary.by_period}


@pytest.mark.benchmark(group="pipeline summary")
@pytest.mark.parametrize("label", list(SIZES))
def test_pipeline_summary(benchmark: Any, request: pytest.FixtureRequest, label: str) -> None:
    snapshot = _snapshots(_size(benchmark, label))[0]

    def summarise() -> PipelineSummary:
        return snapshot.summary(calendar=CALENDAR, stall_after_days=STALL)

    summary = _measure(benchmark, f"summary.{label}", summarise)
    assert summary.open_count + summary.won_count + summary.lost_count == len(snapshot)
    assert sum(g.value.amount for g in summary.by_stage) == summary.open_value.amount
    assert sum(g.count for g in summary.by_period) == summary.open_count
    assert summary.alerts


@pytest.mark.benchmark(group="pipeline changes")
@pytest.mark.parametrize("label", list(SIZES))
def test_baseline_changes_over_dicts(
    benchmark: Any, request: pytest.FixtureRequest, label: str
) -> None:
    before, after = _dict_rows(_size(benchmark, label))
    result = _measure(
        benchmark, f"baseline_changes.{label}", lambda: baseline_changes(before, after)
    )
    changes = pipeline_changes(*_snapshots(_size(benchmark, label)))
    assert result["start"] == changes.start_value.amount
    assert result["end"] == changes.end_value.amount
    assert len(result["changes"]) == len(changes.changes)
    assert (
        sum(c[2] for c in result["changes"])
        == changes.end_value.amount - changes.start_value.amount
    )


@pytest.mark.benchmark(group="pipeline changes")
@pytest.mark.parametrize("label", list(SIZES))
def test_pipeline_changes(benchmark: Any, request: pytest.FixtureRequest, label: str) -> None:
    before, after = _snapshots(_size(benchmark, label))

    def compare() -> PipelineChanges:
        return pipeline_changes(before, after)

    changes = _measure(benchmark, f"changes.{label}", compare)
    assert changes.reconciles
    kinds = {c.kind.value for c in changes.changes}
    assert {"new", "won", "lost", "amount_changed", "slipped"} <= kinds


def test_report_the_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints every ratio measured in this run (nothing when benchmarks are disabled)."""
    lines = []
    for label, numerator, denominator in RATIOS:
        if numerator in MEDIANS and denominator in MEDIANS:
            value = MEDIANS[numerator] / MEDIANS[denominator]
            lines.append(
                f"{label:<34} {value:6.2f}x  ({MEDIANS[numerator] * 1e3:.2f} ms / "
                f"{MEDIANS[denominator] * 1e3:.2f} ms)"
            )
    if lines:
        with capsys.disabled():
            print("\n\npipeline ratios (median / median, same run)")
            for line in lines:
                print(line)
    assert all(line.count("ms") == 2 for line in lines)
