"""Benchmarks of the account package's hot paths, each against a baseline measured in the
same run, and how each grows when its input grows tenfold.

Run with ``pytest benchmarks --benchmark-enable``; every benchmark records in its
``extra_info`` the baseline's time, the ratio to it and the growth at 10x input. With
benchmarks disabled (the default, a smoke run), each runs once and nothing is timed.

* one account command (a new aggregate, a history entry, a revision) against a bare
  dict update;
* matching a candidate against an account index of 1,000 and of 10,000 accounts
  (blocking by key: the lookup should not grow) against a bare dict lookup;
* rolling figures up a hierarchy of 1,000 and 10,000 accounts (linear) against the
  same sums over plain dicts;
* ranking 1,000 and 10,000 accounts for key-account selection (n log n).
"""

from __future__ import annotations

import timeit
from collections.abc import Callable
from decimal import Decimal

import pendulum
from moneyed import Money
from pytest_benchmark.fixture import BenchmarkFixture

from pcf_sales.accounts import (
    Account,
    AccountFacts,
    AccountHierarchy,
    AccountIndex,
    AccountMatchKeys,
    KeyAccountCriteria,
)
from pcf_sales.core import AccountId, Percentage, UserId

AT = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
BY = UserId("bench")


def _best(run: Callable[[], object], number: int, repeat: int = 5) -> float:
    """Seconds per call, the best of ``repeat`` rounds of ``number`` calls."""
    return min(timeit.repeat(run, number=number, repeat=repeat)) / number


def _record(benchmark: BenchmarkFixture, **info: float) -> None:
    extra = benchmark.extra_info
    for key, value in info.items():
        extra[key] = round(value, 4)


def _enabled(benchmark: BenchmarkFixture) -> bool:
    return not benchmark.disabled


# --- one command ----------------------------------------------------------------------


def test_one_account_command(benchmark: BenchmarkFixture) -> None:
    account = Account.open(id=AccountId("A-1"), at=AT, by=BY, name="Cobalt Labs")
    later = AT.add(hours=1)

    def command() -> Account:
        return account.become_customer(at=later, by=BY)

    result = benchmark(command)
    assert result.revision == 2
    if not _enabled(benchmark):
        return
    record = {"status": "prospect", "revision": 1, "history": ()}

    def baseline() -> dict[str, object]:
        updated = dict(record)
        updated.update(status="customer", revision=2, history=("entry",))
        return updated

    subject = _best(command, 20_000)
    base = _best(baseline, 200_000)
    _record(
        benchmark,
        microseconds=subject * 1e6,
        baseline_microseconds=base * 1e6,
        ratio_to_baseline=subject / base,
    )
    assert subject < 50e-6


def test_one_data_command_with_checked_input(benchmark: BenchmarkFixture) -> None:
    account = Account.open(id=AccountId("A-1"), at=AT, by=BY, name="Cobalt Labs")
    later = AT.add(hours=1)

    def command() -> Account:
        return account.set_domain("https://www.cobalt.example/", at=later, by=BY)

    assert benchmark(command).domain == "cobalt.example"
    if _enabled(benchmark):
        _record(benchmark, microseconds=_best(command, 20_000) * 1e6)


# --- matching ---------------------------------------------------------------------------


def _index(size: int) -> AccountIndex:
    return AccountIndex(
        entries=[
            AccountMatchKeys(
                account_id=AccountId(f"A-{i}"), domain=f"company-{i}.example", name=f"company {i}"
            )
            for i in range(size)
        ]
    )


def test_matching_against_an_account_index(benchmark: BenchmarkFixture) -> None:
    small, large = _index(1_000), _index(10_000)

    def match(index: AccountIndex = small) -> object:
        return index.match(domain="https://www.company-500.example/", name="Company 500 GmbH")

    found = benchmark(match)
    assert [m.account_id for m in found] == ["A-500"]
    if not _enabled(benchmark):
        return
    plain = {f"company-{i}.example": f"A-{i}" for i in range(1_000)}
    at_small = _best(match, 5_000)
    at_large = _best(lambda: match(large), 5_000)
    base = _best(lambda: plain.get("company-500.example"), 500_000)
    _record(
        benchmark,
        microseconds=at_small * 1e6,
        baseline_microseconds=base * 1e6,
        ratio_to_baseline=at_small / base,
        growth_at_10x=at_large / at_small,
    )
    assert at_large / at_small < 3


def test_building_an_account_index(benchmark: BenchmarkFixture) -> None:
    keys = [
        AccountMatchKeys(account_id=AccountId(f"A-{i}"), domain=f"c-{i}.example", name=f"c {i}")
        for i in range(10_000)
    ]

    def build(entries: list[AccountMatchKeys] = keys[:1_000]) -> AccountIndex:
        return AccountIndex(entries=entries)

    assert len(benchmark(build).entries) == 1_000
    if not _enabled(benchmark):
        return
    at_small = _best(build, 20)
    at_large = _best(lambda: build(keys), 3)
    _record(benchmark, milliseconds=at_small * 1e3, growth_at_10x=at_large / at_small)
    assert at_large / at_small < 25


# --- roll-up ----------------------------------------------------------------------------


def _hierarchy(size: int) -> tuple[AccountHierarchy, dict[str, Money]]:
    parents: dict[str, str | None] = {
        f"A-{i}": (None if i < 10 else f"A-{(i - 10) // 3}") for i in range(size)
    }
    figures = {
        key: Money(Decimal(i % 997) + Decimal("0.25"), "EUR") for i, key in enumerate(parents)
    }
    return AccountHierarchy.from_parents(parents), figures


def test_rolling_figures_up_a_hierarchy(benchmark: BenchmarkFixture) -> None:
    small, small_figures = _hierarchy(1_000)
    large, large_figures = _hierarchy(10_000)

    def roll(h: AccountHierarchy = small, figures: dict[str, Money] = small_figures) -> object:
        return h.roll_up(figures, currency="EUR")

    rolled = benchmark(roll)
    assert rolled.total.amount == sum(m.amount for m in small_figures.values())
    if not _enabled(benchmark):
        return
    parents = small.parents()
    amounts = {k: m.amount for k, m in small_figures.items()}

    def baseline() -> dict[str, Decimal]:
        totals = dict(amounts)
        for child in reversed(list(parents)):
            parent = parents[AccountId(child)]
            if parent is not None:
                totals[parent] += totals[child]
        return totals

    at_small = _best(roll, 10)
    at_large = _best(lambda: roll(large, large_figures), 3)
    base = _best(baseline, 100)
    _record(
        benchmark,
        milliseconds=at_small * 1e3,
        baseline_milliseconds=base * 1e3,
        ratio_to_baseline=at_small / base,
        growth_at_10x=at_large / at_small,
    )
    assert at_large / at_small < 25


# --- key account ranking ------------------------------------------------------------------


def _facts(size: int) -> list[AccountFacts]:
    return [
        AccountFacts(
            account_id=AccountId(f"A-{i}"),
            revenue=Money(Decimal(i * 137 % 2_000_000), "EUR"),
            growth_potential=Percentage(i % 40),
            strategic_fit=Decimal(i % 101),
            relationship=Decimal((i * 7) % 101),
        )
        for i in range(size)
    ]


def test_ranking_accounts_for_key_account_selection(benchmark: BenchmarkFixture) -> None:
    criteria = KeyAccountCriteria.default("EUR")
    small, large = _facts(1_000), _facts(10_000)

    def rank(facts: list[AccountFacts] = small) -> object:
        return criteria.rank(facts)

    assert len(benchmark(rank).ranks) == 1_000
    if not _enabled(benchmark):
        return
    at_small = _best(rank, 3)
    at_large = _best(lambda: rank(large), 1, repeat=3)
    _record(benchmark, milliseconds=at_small * 1e3, growth_at_10x=at_large / at_small)
    assert at_large / at_small < 25
