"""Laws of the engine over drawn scenarios (catalogs, price books, rules, documents)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcf_sales.core import minor_digits
from pcf_sales.pricing import (
    PricingContext,
    PricingDocument,
    PricingEngine,
    PricingResult,
    PricingStep,
    RuleKind,
    RuleSet,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.strategies import pricing_scenarios

Scenario = tuple[PricingEngine, PricingDocument, PricingContext]
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def priced(scenario: Scenario) -> PricingResult:
    engine, document, context = scenario
    return engine.price(document, context, collect_unpriceable=True)


@SETTINGS
@given(pricing_scenarios(max_rules=8), st.randoms(use_true_random=False))
def test_the_result_depends_on_the_policy_not_on_the_order_rules_are_given_in(
    scenario: Scenario, random: object
) -> None:
    engine, document, context = scenario
    shuffled = list(engine.rules.rules)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    rules = RuleSet(
        name=engine.rules.name,
        currency=engine.rules.currency,
        rules=shuffled,
        policy=engine.rules.policy,
    )
    other = PricingEngine(
        price_book=engine.price_book, catalog=engine.catalog, rules=rules, fx=engine.fx
    )
    assert other.price(document, context, collect_unpriceable=True) == priced(scenario)


@SETTINGS
@given(pricing_scenarios())
def test_lines_always_add_up_to_the_document_total(scenario: Scenario) -> None:
    result = priced(scenario)
    unit = Decimal(1).scaleb(-minor_digits(result.currency))
    total = sum((line.net_amount.amount for line in result.lines), Decimal(0))
    assert total == result.total.amount
    assert result.subtotal.amount - result.header_discount_total.amount == result.total.amount
    for line in result.lines:
        assert line.net_amount.amount >= 0
        assert line.net_amount.amount == line.net_amount.amount.quantize(unit)
        assert line.subtotal.amount - line.header_discount.amount == line.net_amount.amount
    if result.header is not None:
        assert result.header.applied.amount <= result.header.requested.amount
        assert result.header.applied == result.header_discount_total or not result.lines
        if result.header.applied != result.header.requested:
            assert result.header.note


@SETTINGS
@given(pricing_scenarios())
def test_no_line_is_priced_below_its_floor_unless_a_recorded_override_allows_it(
    scenario: Scenario,
) -> None:
    for line in priced(scenario).lines:
        if line.floor is not None and line.net_amount < line.floor:
            assert line.floor_override is not None
            assert line.floor_overridden


@SETTINGS
@given(pricing_scenarios())
def test_every_waterfall_runs_from_the_list_price_to_the_net_amount_without_gaps(
    scenario: Scenario,
) -> None:
    for line in priced(scenario).lines:
        steps = line.steps
        assert steps[0].step is PricingStep.LIST_PRICE
        for before, after in itertools.pairwise(steps):
            assert after.before == before.after
        assert steps[-1].after == line.net_amount.amount
        assert line.free_quantity <= line.quantity


@SETTINGS
@given(pricing_scenarios())
def test_pricing_is_deterministic_and_the_result_round_trips(scenario: Scenario) -> None:
    result = priced(scenario)
    assert priced(scenario) == result
    assert from_document(to_document(result)) == result


@SETTINGS
@given(pricing_scenarios(kinds=(RuleKind.VOLUME_TIERS,), foreign=False))
def test_a_line_priced_by_tiers_alone_costs_what_the_table_says(scenario: Scenario) -> None:
    engine, _document, _context = scenario
    result = priced(scenario)
    for line in result.lines:
        tier_steps = [s for s in line.steps if s.step is PricingStep.VOLUME_TIERS]
        if len(tier_steps) != 1 or line.generated_by is not None:
            continue
        rule = engine.rules.rule(tier_steps[0].rule_id or "")
        assert rule.tiers is not None
        if tier_steps[0].note is not None:  # held by a cap
            continue
        amount = rule.tiers.amount(line.quantity)
        assert tier_steps[0].after == amount
        moved = [
            s
            for s in line.steps[1:]
            if s.step not in (PricingStep.VOLUME_TIERS, PricingStep.ROUNDING)
        ]
        if moved or line.header_discount.amount:
            continue
        rounding = engine.price_book.rounding
        expected = amount.quantize(
            rounding.quantum_for(line.currency), rounding=rounding.mode.decimal_mode
        )
        assert line.net_amount.amount == expected
