"""Pricing rules as data: each kind's requirements, scopes, rule sets and the policy."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from moneyed import Money

from pcf_sales.core import AccountId, ChannelId, SegmentId, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.pricing import (
    Adjustment,
    CombinationMode,
    CombinationPolicy,
    PricingRule,
    PricingStep,
    RuleKind,
    RuleScope,
    RuleSet,
    StepMode,
    TieBreak,
)
from pcf_sales.testing.factories import make_pricing_rule, make_tier_table

EUR = "EUR"
DAY = pendulum.Date(2026, 3, 2)


def test_every_kind_runs_in_its_own_step() -> None:
    assert RuleKind.CONTRACT_PRICE.step is PricingStep.CONTRACT_PRICES
    assert RuleKind.MARGIN_FLOOR.step is PricingStep.FLOORS
    assert RuleKind.MINIMUM_PRICE.step is PricingStep.FLOORS
    assert RuleKind.MAXIMUM_PRICE.step is PricingStep.CEILINGS
    assert {kind.step for kind in RuleKind} <= set(PricingStep)


def test_the_named_constructors_build_each_kind() -> None:
    price = money("200.00", EUR)
    rules = [
        PricingRule.contract_price(
            id="c.1",
            label="Contract",
            account_id=AccountId("AC-1"),
            adjustment=Adjustment.unit_price(price),
        ),
        PricingRule.volume_tiers(id="v.1", label="Volume", tiers=make_tier_table()),
        PricingRule.segment_discount(
            id="s.1", label="SMB", segment_id=SegmentId("smb"), adjustment=Adjustment.percent_off(5)
        ),
        PricingRule.channel_discount(
            id="ch.1",
            label="Web",
            channel_id=ChannelId("web"),
            adjustment=Adjustment.percent_off(2),
        ),
        PricingRule.partner_tier_discount(
            id="t.1", label="Gold", partner_tier="Gold", adjustment=Adjustment.percent_off(20)
        ),
        PricingRule.bundle_discount(
            id="b.1", label="Kit", bundle_skus=["KIT-START"], adjustment=Adjustment.percent_off(10)
        ),
        PricingRule.promotion(
            id="p.1",
            label="Spring",
            adjustment=Adjustment.amount_off_each(money("5.00", EUR)),
            valid_from=DAY,
            valid_until=DAY.add(days=30),
            scope=RuleScope(promotion_code="spring26"),
        ),
        PricingRule.free_goods(id="f.1", label="3 for 2", buy_quantity=2, free_quantity=1),
        PricingRule.surcharge(
            id="x.1", label="Small order", adjustment=Adjustment.amount_off_each(money("2.00", EUR))
        ),
        PricingRule.minimum_price(id="m.1", label="Floor", price=price),
        PricingRule.margin_floor(id="m.2", label="Margin", percent=25),
        PricingRule.maximum_price(id="m.3", label="Cap", price=price),
    ]
    assert [r.kind for r in rules] == list(RuleKind)
    assert rules[4].scope.partner_tier == "gold"
    assert rules[6].scope.promotion_code == "SPRING26"
    assert all(r.currency in (EUR, None) for r in rules)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: PricingRule(id="x", label="x", kind=RuleKind.VOLUME_TIERS), "tiers"),
        (
            lambda: PricingRule(
                id="x",
                label="x",
                kind=RuleKind.PROMOTION,
                adjustment=Adjustment.percent_off(5),
                tiers=make_tier_table(),
                valid_from=DAY,
                valid_until=DAY,
            ),
            "tiers",
        ),
        (
            lambda: PricingRule(id="x", label="x", kind=RuleKind.FREE_GOODS, buy_quantity=2),
            "buy_quantity",
        ),
        (
            lambda: PricingRule(
                id="x",
                label="x",
                kind=RuleKind.SURCHARGE,
                adjustment=Adjustment.percent_off(5),
                free_quantity=1,
            ),
            "buy_quantity",
        ),
        (lambda: PricingRule(id="x", label="x", kind=RuleKind.SURCHARGE), "adjustment"),
        (
            lambda: PricingRule(
                id="x",
                label="x",
                kind=RuleKind.FREE_GOODS,
                buy_quantity=1,
                free_quantity=1,
                adjustment=Adjustment.percent_off(5),
            ),
            "adjustment",
        ),
        (
            lambda: PricingRule.surcharge(
                id="x", label="x", adjustment=Adjustment.unit_price(money("1", EUR))
            ),
            "adjustment",
        ),
        (
            lambda: PricingRule.segment_discount(
                id="x",
                label="x",
                segment_id=SegmentId("s"),
                adjustment=Adjustment.amount_off(money("1", EUR)),
            ),
            "adjustment",
        ),
        (
            lambda: PricingRule.segment_discount(
                id="x", label="x", segment_id=SegmentId("s"), adjustment=Adjustment.percent_off(120)
            ),
            "adjustment",
        ),
        (
            lambda: PricingRule.contract_price(
                id="x", label="x", account_id=AccountId("a"), adjustment=Adjustment.percent_off(101)
            ),
            "adjustment",
        ),
        (lambda: PricingRule.margin_floor(id="x", label="x", percent=100), "adjustment"),
        (
            lambda: PricingRule(
                id="x",
                label="x",
                kind=RuleKind.SEGMENT_DISCOUNT,
                adjustment=Adjustment.percent_off(5),
            ),
            "scope.segment_id",
        ),
        (
            lambda: PricingRule(
                id="x",
                label="x",
                kind=RuleKind.BUNDLE_DISCOUNT,
                adjustment=Adjustment.percent_off(5),
            ),
            "scope.skus",
        ),
        (
            lambda: PricingRule(
                id="x", label="x", kind=RuleKind.PROMOTION, adjustment=Adjustment.percent_off(5)
            ),
            "valid_until",
        ),
        (
            lambda: make_pricing_rule(valid_from=DAY, valid_until=DAY.subtract(days=1)),
            "valid_until",
        ),
        (lambda: make_pricing_rule(id="Has Caps"), "id"),
        (lambda: make_pricing_rule(label=""), "label"),
        (lambda: make_pricing_rule(priority=-1), "priority"),
        (
            lambda: PricingRule.free_goods(id="x", label="x", buy_quantity=0, free_quantity=1),
            "buy_quantity",
        ),
        (
            lambda: PricingRule.free_goods(
                id="x", label="x", buy_quantity=1, free_quantity=1, free_sku="a b"
            ),
            "free_sku",
        ),
    ],
)
def test_a_rule_missing_what_its_kind_needs_names_the_field(build: object, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        build()  # type: ignore[operator]
    assert error.value.field == field


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"skus": ["A-1"], "families": ["sensors"]}, "families"),
        ({"skus": ["A-1", "A-1"]}, "skus[1]"),
        ({"skus": ["bad sku"]}, "skus[0]"),
        ({"families": ["Bad"]}, "families[0]"),
        ({"promotion_code": "no spaces"}, "promotion_code"),
        ({"partner_tier": "Gold Plus"}, "partner_tier"),
        ({"min_quantity": 0}, "min_quantity"),
    ],
)
def test_a_bad_scope_names_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        RuleScope(**fields)  # type: ignore[arg-type]
    assert error.value.field == field


def test_a_scope_and_a_rule_describe_themselves() -> None:
    scope = RuleScope(skus=["B-2", "A-1"], account_id=AccountId("AC-1"), min_quantity=10)
    assert scope.skus == ("A-1", "B-2")
    assert scope.describe() == "skus A-1, B-2, account AC-1, from quantity 10"
    assert RuleScope().describe() == "every line"
    rule = PricingRule.promotion(
        id="p.1",
        label="Spring",
        adjustment=Adjustment.percent_off(10),
        valid_from=DAY,
        valid_until=DAY.add(days=30),
        exclusive=True,
    )
    assert rule.describe() == (
        "p.1 (promotion): 10 %; every line; valid 2026-03-02 to 2026-04-01; exclusive; priority 100"
    )
    assert (
        PricingRule.free_goods(id="f", label="f", buy_quantity=2, free_quantity=1)
        .describe()
        .startswith("f (free_goods): buy 2, get 1 of the same sku free")
    )
    assert (
        PricingRule.volume_tiers(id="v", label="v", tiers=make_tier_table())
        .describe()
        .startswith("v (volume_tiers): graduated tiers")
    )


def test_a_rule_knows_its_window() -> None:
    rule = make_pricing_rule(valid_from=DAY, valid_until=DAY.add(days=1))
    assert rule.is_valid_on(DAY)
    assert rule.is_valid_on(DAY.add(days=1))
    assert not rule.is_valid_on(DAY.subtract(days=1))
    assert not rule.is_valid_on(DAY.add(days=2))
    assert make_pricing_rule().is_valid_on(DAY)


def test_rule_ids_are_unique_in_a_set() -> None:
    with pytest.raises(ValidationError) as error:
        RuleSet(name="r", currency=EUR, rules=[make_pricing_rule(), make_pricing_rule()])
    assert error.value.field == "rules[1].id"


def test_rule_amounts_must_be_in_the_sets_currency() -> None:
    rule = PricingRule.minimum_price(id="m", label="m", price=Money("1.00", "USD"))
    with pytest.raises(CurrencyMismatch) as error:
        RuleSet(name="r", currency=EUR, rules=[rule])
    assert error.value.field == "rules[0]"
    with pytest.raises(CurrencyMismatch):
        RuleSet(
            name="r",
            currency="USD",
            rules=[PricingRule.volume_tiers(id="v", label="v", tiers=make_tier_table())],
        )


def test_a_rule_set_finds_replaces_and_orders_rules() -> None:
    first = make_pricing_rule(id="b")
    second = make_pricing_rule(id="a")
    rules = RuleSet.of(name="r", currency=EUR, rules=[first, second])
    assert [r.id for r in rules.rules] == ["a", "b"]
    assert rules.rule("b") == first
    with pytest.raises(ValidationError) as error:
        rules.rule("zzz")
    assert error.value.field == "rule_id"
    replaced = rules.with_rule(make_pricing_rule(id="a", priority=1))
    assert replaced.rule("a").priority == 1
    with pytest.raises(ValidationError):
        rules.with_rule("a")  # type: ignore[arg-type]


def test_the_default_policy_takes_the_first_contract_stacks_surcharges_and_best_prices() -> None:
    policy = CombinationPolicy()
    assert policy.mode_for(PricingStep.CONTRACT_PRICES) is CombinationMode.FIRST
    assert policy.mode_for(PricingStep.SURCHARGES) is CombinationMode.STACK
    assert policy.mode_for(PricingStep.PROMOTIONS) is CombinationMode.BEST_PRICE
    assert policy.tie_break is TieBreak.LOWEST_PRICE


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: StepMode(step=PricingStep.FLOORS, mode=CombinationMode.STACK), "step"),
        (lambda: StepMode(step=PricingStep.ROUNDING, mode=CombinationMode.STACK), "step"),
        (
            lambda: CombinationPolicy(
                step_modes=[
                    StepMode(step=PricingStep.PROMOTIONS, mode=CombinationMode.STACK),
                    StepMode(step=PricingStep.PROMOTIONS, mode=CombinationMode.FIRST),
                ]
            ),
            "step_modes[1]",
        ),
        (lambda: CombinationPolicy(max_discount_percent=Decimal(101)), "max_discount_percent"),
        (lambda: CombinationPolicy(tie_break="rule_id"), "tie_break"),  # type: ignore[arg-type]
    ],
)
def test_a_bad_policy_names_the_field(build: object, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        build()  # type: ignore[operator]
    assert error.value.field == field
