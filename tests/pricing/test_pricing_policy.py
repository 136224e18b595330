"""Discount policy: which approvals a priced document needs, in order, with reasons."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from moneyed import Money

from pcf_sales.core import FxRate, FxTable, UserId, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.pricing import (
    Adjustment,
    ApprovalLevel,
    ApprovalThreshold,
    DiscountPolicy,
    DocumentLine,
    FloorOverride,
    ManualDiscount,
    PolicyMetric,
    PricingDocument,
    PricingResult,
    PricingRule,
    RuleScope,
)
from pcf_sales.testing.factories import (
    make_pricing_context,
    make_pricing_engine,
    make_pricing_result,
    make_rule_set,
)

REP = UserId("rep")


def with_discount(percent: str, *lines: tuple[str, int]) -> PricingResult:
    document = PricingDocument.of(
        *(lines or (("SENS-100", 4),)),
        header_discount=ManualDiscount(
            adjustment=Adjustment.percent_off(percent), reason="deal", by=REP
        ),
    )
    return make_pricing_engine().price(document, make_pricing_context())


def test_a_document_at_list_needs_no_approval() -> None:
    requirements = DiscountPolicy.default().evaluate(make_pricing_result())
    assert not requirements.required
    assert requirements.highest is None
    assert requirements.explain() == "default: no approval needed"


def test_a_moderate_discount_needs_the_sales_manager() -> None:
    requirements = DiscountPolicy.default().evaluate(with_discount("12"))
    assert [a.level.role for a in requirements.approvals] == ["sales_manager"]
    assert requirements.approvals[0].reasons == ("discount 12.00 % is above 10 %",)


def test_a_deep_discount_needs_every_level_up_to_the_finance_director_each_with_its_reasons() -> (
    None
):
    requirements = DiscountPolicy.default().evaluate(with_discount("40"))
    assert [a.level.rank for a in requirements.approvals] == [1, 2, 3]
    manager, director, finance = requirements.approvals
    assert "discount 40.00 % is above 10 %" in manager.reasons
    assert "line 1 discount 40.00 % is above 15 %" in manager.reasons
    assert "margin 20.00 % is below 40 %" in manager.reasons
    assert "discount 40.00 % is above 20 %" in director.reasons
    assert finance.reasons == ("discount 40.00 % is above 35 %",)
    assert requirements.highest is not None
    assert requirements.highest.role == "finance_director"
    text = requirements.explain()
    assert text.startswith("default: 3 approval(s) needed")
    assert "  3. Finance director (finance_director)" in text


def test_with_a_chain_the_lower_levels_approve_first() -> None:
    policy = DiscountPolicy(
        name="deal size only",
        levels=[
            ApprovalLevel(rank=1, name="Manager", role="manager"),
            ApprovalLevel(rank=2, name="Director", role="director"),
        ],
        thresholds=[
            ApprovalThreshold(metric=PolicyMetric.DEAL_SIZE, amount=money("500.00", "EUR"), level=2)
        ],
    )
    requirements = policy.evaluate(make_pricing_result())
    assert [(a.level.rank, a.reasons) for a in requirements.approvals] == [
        (1, ("approves before Director",)),
        (2, ("deal size 1060.00 EUR is at or above 500.00 EUR",)),
    ]
    unchained = DiscountPolicy(
        name=policy.name, levels=policy.levels, thresholds=policy.thresholds, chain=False
    )
    assert [a.level.rank for a in unchained.evaluate(make_pricing_result()).approvals] == [2]


def test_a_deal_size_in_another_currency_needs_an_fx_table() -> None:
    policy = DiscountPolicy.default("USD")
    big = make_pricing_engine().price(PricingDocument.of(("SENS-100", 420)), make_pricing_context())
    with pytest.raises(CurrencyMismatch):
        policy.evaluate(big)
    table = FxTable.from_rates(
        [FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 3, 1), rate=Decimal("1.1"))]
    )
    reasons = [r for a in policy.evaluate(big, fx=table).approvals for r in a.reasons]
    assert "deal size 105000.00 EUR is at or above 100000.00 USD" in reasons


def test_a_floor_override_and_a_thin_line_margin_need_the_director() -> None:
    floor = PricingRule.minimum_price(
        id="floor", label="Floor", price=money("240.00", "EUR"), scope=RuleScope(skus=["SENS-100"])
    )
    engine = make_pricing_engine(rules=make_rule_set(floor))
    document = PricingDocument(
        lines=[
            DocumentLine(
                sku="SENS-100",
                quantity=1,
                discount=ManualDiscount(
                    adjustment=Adjustment.unit_price(money("130.00", "EUR")), reason="r", by=REP
                ),
                floor_override=FloorOverride(reason="strategic", by=UserId("vp")),
            ),
            DocumentLine(sku="CAL-KIT", quantity=10),
        ]
    )
    result = engine.price(document, make_pricing_context())
    director = DiscountPolicy.default().evaluate(result).approvals[1]
    assert "line(s) 1 below their price floor by override" in director.reasons
    assert "line 1 margin 7.69 % is below 15 %" in director.reasons


def test_free_goods_lines_are_not_a_persons_discount() -> None:
    free = PricingRule.free_goods(
        id="f", label="Free kit", buy_quantity=1, free_quantity=1, free_sku="CAL-KIT"
    )
    result = make_pricing_engine(rules=make_rule_set(free)).price(
        PricingDocument.of(("SENS-100", 10)), make_pricing_context()
    )
    reasons = [r for a in DiscountPolicy.default().evaluate(result).approvals for r in a.reasons]
    assert not any(r.startswith("line 2") for r in reasons)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: ApprovalThreshold(metric=PolicyMetric.DEAL_SIZE, level=1), "amount"),
        (
            lambda: ApprovalThreshold(
                metric=PolicyMetric.DEAL_SIZE, level=1, amount=money("-1", "EUR")
            ),
            "amount",
        ),
        (
            lambda: ApprovalThreshold(
                metric=PolicyMetric.FLOOR_OVERRIDE, level=1, limit=Decimal(1)
            ),
            "limit",
        ),
        (lambda: ApprovalThreshold(metric=PolicyMetric.MARGIN_PERCENT, level=1), "limit"),
        (lambda: ApprovalLevel(rank=1, name="x", role="Sales Manager"), "role"),
        (lambda: DiscountPolicy(name="p", levels=[], thresholds=[]), "levels"),
        (
            lambda: DiscountPolicy(
                name="p",
                levels=[
                    ApprovalLevel(rank=2, name="b", role="b"),
                    ApprovalLevel(rank=1, name="a", role="a"),
                ],
                thresholds=[],
            ),
            "levels",
        ),
        (
            lambda: DiscountPolicy(
                name="p",
                levels=[ApprovalLevel(rank=1, name="a", role="a")],
                thresholds=[ApprovalThreshold(metric=PolicyMetric.FLOOR_OVERRIDE, level=2)],
            ),
            "thresholds[0].level",
        ),
    ],
)
def test_a_bad_policy_names_the_field(build: object, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        build()  # type: ignore[operator]
    assert error.value.field == field


def test_evaluate_checks_its_arguments() -> None:
    with pytest.raises(ValidationError) as error:
        DiscountPolicy.default().evaluate("result")  # type: ignore[arg-type]
    assert error.value.field == "result"
    with pytest.raises(ValidationError) as error:
        DiscountPolicy.default().evaluate(make_pricing_result(), fx={})  # type: ignore[arg-type]
    assert error.value.field == "fx"


def test_thresholds_describe_themselves() -> None:
    described = [t.describe() for t in DiscountPolicy.default().thresholds]
    assert described[:3] == [
        "discount above 10 %",
        "a line discount above 15 %",
        "margin below 40 %",
    ]
    assert "deal size at or above 100000.00 EUR" in described
    assert "a line below its price floor by override" in described
    assert "a line margin below 15 %" in described
    assert Money("1", "EUR").currency.code == "EUR"


def margin_only(metric: PolicyMetric) -> DiscountPolicy:
    return DiscountPolicy(
        name="margin only",
        levels=[ApprovalLevel(rank=1, name="Finance director", role="finance_director")],
        thresholds=[ApprovalThreshold(metric=metric, limit=20, level=1)],
    )


def test_a_document_given_away_is_below_every_margin_threshold() -> None:
    result = with_discount("100")
    assert result.total == money("0.00", "EUR")
    assert result.margin_percent is None
    approvals = margin_only(PolicyMetric.MARGIN_PERCENT).evaluate(result).approvals
    assert [a.reasons for a in approvals] == [
        ("net total 0.00 EUR against a cost of 480.00 EUR: below every margin threshold",)
    ]


def test_a_line_given_away_is_below_every_line_margin_threshold() -> None:
    result = with_discount("100", ("SENS-100", 4), ("CAL-KIT", 2))
    approvals = margin_only(PolicyMetric.LINE_MARGIN_PERCENT).evaluate(result).approvals
    assert len(approvals) == 1
    assert approvals[0].reasons[0].startswith("line 1 net 0.00 EUR against a cost of ")
    assert approvals[0].reasons[0].endswith(": below every margin threshold")


def test_a_free_goods_line_is_not_a_margin_breach() -> None:
    free = PricingRule.free_goods(
        id="f", label="Free kit", buy_quantity=1, free_quantity=1, free_sku="CAL-KIT"
    )
    result = make_pricing_engine(rules=make_rule_set(free)).price(
        PricingDocument.of(("SENS-100", 10)), make_pricing_context()
    )
    policy = margin_only(PolicyMetric.LINE_MARGIN_PERCENT)
    assert not policy.evaluate(result).required
