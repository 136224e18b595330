"""Pricing 10,000 lines against 10,000 rules, against bare Decimal arithmetic for the same lines.

Every line meets five rules (a contract price, a segment, a promotion code and a
partner-tier discount, and a floor) and is rounded: a 5-step waterfall. The
baseline does the same arithmetic on bare ``Decimal`` values, measured in the
same run. Growth is measured with 10x the lines and with 10x the rules; rules
are filed by key, so 10x the rules should cost little.

Run with ``pytest benchmarks/bench_pricing.py --benchmark-enable`` for timings;
the summary test prints the ratios and records them in ``extra_info``.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pendulum
from moneyed import Money
from pytest_benchmark.fixture import BenchmarkFixture

from pcf_sales.catalog import Catalog, Product, ProductKind
from pcf_sales.core import AccountId, PriceBookId, ProductId, SegmentId, UserId
from pcf_sales.pricing import (
    Adjustment,
    DocumentLine,
    PriceBook,
    PriceEntry,
    PricingContext,
    PricingDocument,
    PricingEngine,
    PricingRule,
    RuleScope,
    RuleSet,
)

AT = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
BY = UserId("bench")
DAY = pendulum.Date(2026, 3, 2)
LINES_PER_DOCUMENT = 10
FAMILIES = 20


@functools.cache
def engine_for(rules: int) -> PricingEngine:
    """An engine with ``rules`` rules over ``rules / 5`` products; each key holds one rule."""
    products_count = rules // 5
    products = [
        Product.define(
            id=ProductId(f"P-{i}"),
            sku=f"SKU-{i}",
            name="Sensor",
            kind=ProductKind.GOOD,
            family=f"fam-{i % FAMILIES}",
            standard_cost=Money("50.00", "EUR"),
            at=AT,
            by=BY,
        ).activate(at=AT, by=BY)
        for i in range(products_count)
    ]
    entries = [
        PriceEntry(
            sku=f"SKU-{i}",
            unit_price=Money(f"{100 + i % 50}.00", "EUR"),
            effective_from=pendulum.Date(2026, 1, 1),
        )
        for i in range(products_count)
    ]
    book = PriceBook.draft(
        id=PriceBookId("PB"),
        name="Bench",
        currency="EUR",
        valid_from=pendulum.Date(2026, 1, 1),
        entries=entries,
        at=AT,
        by=BY,
    )
    book = book.submit(at=AT, by=BY).approve(at=AT, by=BY).activate(at=AT, by=BY)
    made = []
    for i in range(products_count):
        family = f"fam-{i % FAMILIES}"
        group = i // FAMILIES
        made += [
            PricingRule.contract_price(
                id=f"c{i}",
                label="Contract",
                account_id=AccountId(f"A-{i // LINES_PER_DOCUMENT}"),
                skus=[f"SKU-{i}"],
                adjustment=Adjustment.percent_off(8),
            ),
            PricingRule.segment_discount(
                id=f"s{i}",
                label="Segment",
                segment_id=SegmentId(f"seg-{group}"),
                adjustment=Adjustment.percent_off(5),
                scope=RuleScope(families=[family]),
            ),
            PricingRule.promotion(
                id=f"p{i}",
                label="Promotion",
                adjustment=Adjustment.amount_off_each(Money("2.00", "EUR")),
                valid_from=pendulum.Date(2026, 1, 1),
                valid_until=pendulum.Date(2026, 12, 31),
                scope=RuleScope(families=[family], promotion_code=f"CODE{group}"),
            ),
            PricingRule.partner_tier_discount(
                id=f"t{i}",
                label="Partner",
                partner_tier=f"tier-{group}",
                adjustment=Adjustment.percent_off(3),
                scope=RuleScope(families=[family]),
            ),
            PricingRule.minimum_price(
                id=f"f{i}",
                label="Floor",
                price=Money("60.00", "EUR"),
                scope=RuleScope(skus=[f"SKU-{i}"]),
            ),
        ]
    return PricingEngine(
        price_book=book,
        catalog=Catalog.of(products=products),
        rules=RuleSet(name="bench", currency="EUR", rules=made),
    )


@functools.cache
def documents(lines: int, rules: int) -> tuple[tuple[PricingDocument, PricingContext], ...]:
    """Documents of ten lines each, every line meeting its five rules."""
    rng = random.Random(lines * 31 + rules)
    accounts = rules // 5 // LINES_PER_DOCUMENT
    groups = rules // 5 // FAMILIES
    found = []
    for _ in range(lines // LINES_PER_DOCUMENT):
        account = rng.randrange(accounts)
        group = rng.randrange(groups)
        doc_lines = [
            DocumentLine(sku=f"SKU-{account * LINES_PER_DOCUMENT + j}", quantity=rng.randint(1, 20))
            for j in range(LINES_PER_DOCUMENT)
        ]
        context = PricingContext(
            on=DAY,
            account_id=AccountId(f"A-{account}"),
            segment_id=SegmentId(f"seg-{group}"),
            partner_tier=f"tier-{group}",
            promotion_codes=[f"CODE{group}"],
        )
        found.append((PricingDocument(lines=doc_lines), context))
    return tuple(found)


def bare_inputs(lines: int) -> list[tuple[Decimal, Decimal]]:
    """(list price, quantity) for the same lines as :func:`documents` with 10,000 rules."""
    engine = engine_for(10_000)
    out = []
    for document, _ in documents(lines, 10_000):
        for line in document.lines:
            entry = engine.price_book.entry_in_force(line.sku, on=DAY)
            assert entry is not None
            out.append((entry.unit_price.amount, line.quantity))
    return out


_CONTRACT = Decimal("0.92")
_SEGMENT = Decimal("0.95")
_PROMO = Decimal("2.00")
_PARTNER = Decimal("0.97")
_FLOOR = Decimal("60.00")
_CENT = Decimal("0.01")


def bare_decimal(inputs: list[tuple[Decimal, Decimal]]) -> list[Decimal]:
    """The same 5-step waterfall in bare Decimal arithmetic, no records, no lookups."""
    out = []
    for price, quantity in inputs:
        amount = price * quantity
        amount = amount * _CONTRACT
        amount = amount * _SEGMENT
        amount = amount - _PROMO * quantity
        amount = amount * _PARTNER
        floor = _FLOOR * quantity
        if amount < floor:
            amount = floor
        out.append((amount / quantity).quantize(_CENT) * quantity)
    return out


def price_all(lines: int, rules: int) -> int:
    engine = engine_for(rules)
    priced = 0
    for document, context in documents(lines, rules):
        priced += len(engine.price(document, context).lines)
    return priced


def _best_of(function: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def test_bare_decimal_baseline(benchmark: BenchmarkFixture) -> None:
    inputs = bare_inputs(10_000)
    result = benchmark(bare_decimal, inputs)
    assert len(result) == 10_000


def test_price_10k_lines_against_10k_rules(benchmark: BenchmarkFixture) -> None:
    engine_for(10_000)
    documents(10_000, 10_000)
    assert benchmark(price_all, 10_000, 10_000) == 10_000


def test_price_100k_lines_against_10k_rules(benchmark: Any) -> None:  # pedantic() is untyped
    documents(100_000, 10_000)
    assert benchmark.pedantic(price_all, args=(100_000, 10_000), rounds=1) == 100_000


def test_price_10k_lines_against_100k_rules(benchmark: Any) -> None:  # pedantic() is untyped
    engine_for(100_000)
    documents(10_000, 100_000)
    assert benchmark.pedantic(price_all, args=(10_000, 100_000), rounds=3) == 10_000


def test_every_line_meets_a_five_step_waterfall() -> None:
    engine = engine_for(10_000)
    document, context = documents(10_000, 10_000)[0]
    line = engine.price(document, context).lines[0]
    applied = {rule[0] for rule in line.applied_rules()}
    assert applied >= {"c", "s", "p", "t"}
    assert line.floor is not None


def test_ratio_against_bare_decimal_and_growth(benchmark: BenchmarkFixture) -> None:
    inputs = bare_inputs(10_000)
    engine_for(100_000)
    documents(100_000, 10_000)
    documents(10_000, 100_000)
    bare = _best_of(lambda: bare_decimal(inputs)) / 10_000
    base = _best_of(lambda: price_all(10_000, 10_000)) / 10_000
    more_lines = _best_of(lambda: price_all(100_000, 10_000), repeat=1) / 100_000
    more_rules = _best_of(lambda: price_all(10_000, 100_000)) / 10_000
    figures = {
        "bare_decimal_us_per_line": round(bare * 1e6, 2),
        "engine_us_per_line": round(base * 1e6, 2),
        "ratio_to_bare_decimal": round(base / bare, 1),
        "time_growth_10x_lines": round(more_lines * 100_000 / (base * 10_000), 2),
        "time_growth_10x_rules": round(more_rules / base, 2),
    }
    benchmark.extra_info.update(figures)
    benchmark(lambda: None)
    print()
    for name, value in figures.items():
        print(f"{name}: {value}")
    # Linear in lines, nearly flat in rules (generous bounds: shared machines are noisy).
    assert figures["time_growth_10x_lines"] < 20
    assert figures["time_growth_10x_rules"] < 3
