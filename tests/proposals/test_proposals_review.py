"""The approval chain of a quote: reviews, the discount policy, margin floors and deal size."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.core import FxRate, FxTable, Percentage, UserId
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.pricing import Adjustment, DiscountPolicy, ManualDiscount, PricingResult
from pcf_sales.proposals import (
    ChainStep,
    DealSizeRule,
    MarginFloor,
    QuoteReview,
    ReviewOutcome,
    ReviewRequirement,
    StepKind,
    approval_chain,
)
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_approval_chain,
    make_document_line,
    make_pricing_document,
    make_pricing_result,
    make_profitability,
    make_review_policy,
)


def priced(discount: int = 0) -> PricingResult:
    if not discount:
        return make_pricing_result()
    given = ManualDiscount(
        adjustment=Adjustment.percent_off(discount), reason="negotiated", by=UserId("rep")
    )
    document = make_pricing_document(
        lines=(make_document_line(discount=given), make_document_line("CAL-KIT", 2))
    )
    return make_pricing_result(document=document)


def chain_of(
    pricing: PricingResult | None = None,
    margin: Decimal | None = Decimal(50),
    revenue: Money | None = None,
    **policy: Any,
) -> tuple[str, ...]:
    result = pricing or priced()
    return approval_chain(
        result,
        make_review_policy(**policy),
        margin_percent=margin,
        revenue=revenue or result.total,
    ).codes


def test_a_small_healthy_deal_needs_only_the_reviews_every_quote_gets() -> None:
    assert chain_of() == ("solution", "pricing")


def test_the_discount_policy_decides_the_approvals_lowest_first() -> None:
    assert chain_of(priced(12)) == ("solution", "pricing", "sales_manager")
    assert chain_of(priced(25)) == ("solution", "pricing", "sales_manager", "sales_director")


def test_a_margin_below_the_floor_adds_the_floor_role_and_the_levels_below_it() -> None:
    chain = make_approval_chain(margin_percent=Decimal("14.99"))
    assert chain.codes[-1] == "finance_director"
    assert chain.step("finance_director").reasons == ("margin 14.99 % is below the floor of 15 %",)
    assert chain.step("sales_manager").reasons == ("approves before Finance director",)


def test_an_unknown_margin_is_approved_by_its_role() -> None:
    assert chain_of(margin=None)[-1] == "finance_director"
    assert chain_of(margin=None, unknown_margin_role=None) == ("solution", "pricing")


def test_a_large_deal_needs_legal_review_and_the_chief_executive() -> None:
    codes = chain_of(revenue=Money("1000000.00", "EUR"))
    assert codes[:3] == ("solution", "pricing", "legal")
    assert codes == ("solution", "pricing", "legal", "chief_executive")


def test_a_role_outside_the_discount_policy_comes_after_its_levels() -> None:
    codes = chain_of(
        priced(12),
        margin_floors=(MarginFloor(below=Decimal(60), role="controller"),),
    )
    assert codes == ("solution", "pricing", "sales_manager", "controller")


def test_thresholds_in_another_currency_need_exchange_rates() -> None:
    policy: dict[str, Any] = {
        "deal_sizes": (DealSizeRule(at_or_above=Money("1000.00", "USD"), role="controller"),)
    }
    with pytest.raises(CurrencyMismatch):
        chain_of(**policy)
    rates = FxTable.from_rates(
        [FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 1, 1), rate=Decimal("1.10"))]
    )
    result = priced()
    chain = approval_chain(
        result,
        make_review_policy(**policy),
        margin_percent=Decimal(50),
        revenue=result.total,
        fx=rates,
    )
    assert chain.codes[-1] == "controller"


def test_the_chain_explains_every_step() -> None:
    text = make_approval_chain().explain()
    assert "1. review solution by solution_architect" in text
    assert "5. approval finance_director by finance_director" in text
    assert "margin 12.00 % is below the floor of 15 %" in text


def test_an_empty_chain_says_so() -> None:
    policy = make_review_policy(reviews=(), unknown_margin_role=None, margin_floors=())
    chain = approval_chain(priced(), policy, margin_percent=None, revenue=priced().total)
    assert chain.explain() == "default: no review or approval needed"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"pricing": "priced"}, "pricing"),
        ({"policy": DiscountPolicy.default()}, "policy"),
        ({"margin_percent": 12.5}, "margin_percent"),
        ({"revenue": Decimal(1000)}, "revenue"),
        ({"fx": {"EUR": 1}}, "fx"),
    ],
)
def test_bad_inputs_are_refused_naming_the_argument(arguments: dict[str, Any], field: str) -> None:
    given: dict[str, Any] = {
        "pricing": priced(),
        "policy": make_review_policy(),
        "margin_percent": Decimal(40),
        "revenue": Money("1000.00", "EUR"),
    }
    given.update(arguments)
    with pytest.raises(ValidationError) as raised:
        approval_chain(
            given.pop("pricing"),
            given.pop("policy"),
            **given,
        )
    assert raised.value.field == field


def test_a_review_policy_refuses_a_review_named_like_an_approving_role() -> None:
    with pytest.raises(ValidationError) as raised:
        make_review_policy(reviews=(ReviewRequirement(code="sales_manager", role="x"),))
    assert raised.value.field == "reviews[0].code"


def test_a_review_policy_refuses_a_review_listed_twice() -> None:
    review = ReviewRequirement(code="legal", role="counsel")
    with pytest.raises(ValidationError) as raised:
        make_review_policy(reviews=(review, review))
    assert raised.value.field == "reviews[1].code"


def test_codes_and_roles_are_lower_case_codes() -> None:
    with pytest.raises(ValidationError) as raised:
        MarginFloor(below=Decimal(10), role="Finance Director")
    assert raised.value.field == "role"


def test_a_deal_size_is_not_negative() -> None:
    with pytest.raises(ValidationError) as raised:
        DealSizeRule(at_or_above=Money("-1.00", "EUR"), role="cfo")
    assert raised.value.field == "at_or_above"


def test_a_chain_lists_each_step_once() -> None:
    step = ChainStep(code="cfo", kind=StepKind.APPROVAL, role="cfo", reasons=())
    chain = make_approval_chain()
    with pytest.raises(ValidationError) as raised:
        type(chain)(policy="p", steps=(step, step), requirements=chain.requirements)
    assert raised.value.field == "steps[1].code"


def test_asking_for_changes_needs_a_comment() -> None:
    with pytest.raises(ValidationError) as raised:
        QuoteReview(
            step="legal",
            reviewer=UserId("counsel"),
            outcome=ReviewOutcome.CHANGES_REQUESTED,
            at=FIXED_INSTANT,
        )
    assert raised.value.field == "comment"


def test_the_chain_step_lookup_names_the_known_steps() -> None:
    with pytest.raises(ValidationError) as raised:
        make_approval_chain().step("marketing")
    assert "solution" in raised.value.reason


def test_levels_sharing_a_role_get_a_step_each() -> None:
    base = DiscountPolicy.default()
    levels = tuple(
        type(level)(rank=level.rank, name=level.name, role="manager") for level in base.levels
    )
    shared = DiscountPolicy(name="shared", levels=levels, thresholds=base.thresholds)
    codes = chain_of(priced(25), discount_policy=shared)
    assert codes == ("solution", "pricing", "manager-1", "manager-2")


# -- the margin and revenue the chain reads -------------------------------------------


@pytest.mark.parametrize("margin", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_a_margin_that_is_not_a_finite_number_is_refused(margin: str) -> None:
    with pytest.raises(ValidationError) as raised:
        chain_of(margin=Decimal(margin))
    assert raised.value.field == "margin_percent"


@pytest.mark.parametrize("margin", [True, False])
def test_a_truth_value_is_not_a_margin(margin: bool) -> None:
    with pytest.raises(ValidationError) as raised:
        chain_of(margin=margin)  # type: ignore[arg-type]
    assert raised.value.field == "margin_percent"


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_any_finite_margin_gives_a_chain(margin: Decimal) -> None:
    chain = make_approval_chain(margin_percent=margin)
    assert ("finance_director" in chain.codes) == (margin < 15)


def test_a_huge_loss_is_shown_in_the_reason() -> None:
    chain = make_approval_chain(margin_percent=Decimal("-1E+40"))
    assert chain.step("finance_director").reasons == (
        f"margin -1{'0' * 40}.00 % is below the floor of 15 %",
    )


def test_a_negative_revenue_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        chain_of(revenue=Money("-0.01", "EUR"))
    assert raised.value.field == "revenue"


def test_a_margin_may_be_given_as_a_percentage() -> None:
    as_percentage = make_approval_chain(margin_percent=Percentage(Decimal("14.99")))
    assert as_percentage == make_approval_chain(margin_percent=Decimal("14.99"))


def test_the_profitability_figures_feed_the_chain_as_documented() -> None:
    analysis = make_profitability()
    result = priced()
    chain = approval_chain(
        result,
        make_review_policy(),
        margin_percent=analysis.margin_percent,
        revenue=analysis.revenue,
    )
    assert chain == approval_chain(result, make_review_policy(), profitability=analysis)
    assert chain.codes == ("solution", "pricing")


def test_a_profitability_short_of_its_floor_needs_the_profitability_role() -> None:
    analysis = attrs.evolve(make_profitability(), margin_floor=Percentage(50))
    assert not analysis.meets_floor
    chain = approval_chain(priced(), make_review_policy(), profitability=analysis)
    assert chain.codes == (
        "solution",
        "pricing",
        "sales_manager",
        "sales_director",
        "finance_director",
    )
    assert chain.step("finance_director").reasons == (
        "the profitability falls short of its floor: margin 39.4 % is below the floor of 50 %",
    )


def test_without_a_profitability_role_the_unknown_margin_role_approves() -> None:
    analysis = attrs.evolve(make_profitability(), margin_floor=Percentage(50))
    policy = make_review_policy(profitability_role=None, unknown_margin_role="controller")
    chain = approval_chain(priced(), policy, profitability=analysis)
    assert chain.codes[-1] == "controller"


def test_a_policy_naming_nobody_for_a_short_profitability_is_refused() -> None:
    analysis = attrs.evolve(make_profitability(), margin_floor=Percentage(50))
    policy = make_review_policy(profitability_role=None, unknown_margin_role=None)
    with pytest.raises(ValidationError) as raised:
        approval_chain(priced(), policy, profitability=analysis)
    assert raised.value.field == "policy.profitability_role"


@pytest.mark.parametrize(
    "arguments",
    [
        {"profitability": "39.4 %"},
        {"margin_percent": Decimal(40)},
        {"revenue": Money("1000.00", "EUR")},
    ],
)
def test_a_profitability_comes_alone(arguments: dict[str, Any]) -> None:
    given: dict[str, Any] = {"profitability": make_profitability(), **arguments}
    with pytest.raises(ValidationError) as raised:
        approval_chain(priced(), make_review_policy(), **given)
    assert raised.value.field == "profitability"


def test_the_profitability_role_is_not_also_a_review() -> None:
    with pytest.raises(ValidationError) as raised:
        make_review_policy(profitability_role="legal")
    assert raised.value.field == "reviews[2].code"
