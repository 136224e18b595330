"""Strategies for discount policy, pricing analysis and cost-volume-profit values."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from pcf_sales.pricing import (
    ApprovalLevel,
    ApprovalRequirements,
    ApprovalThreshold,
    BreakEven,
    CostVolumeProfit,
    DiscountPolicy,
    LeakageItem,
    MarginPrice,
    PolicyMetric,
    PriceTarget,
    PricingAnalysis,
    PricingTargets,
    RequiredApproval,
    TargetComparison,
    analyse_pricing,
)
from pcf_sales.testing.strategies._catalog import skus
from pcf_sales.testing.strategies._core import cached_strategy, currencies, money, texts
from pcf_sales.testing.strategies._pricing_scenarios import (
    pooled_pricing_results,
    pricing_results,
)

__all__ = [
    "approval_levels",
    "approval_requirements",
    "approval_thresholds",
    "break_evens",
    "cost_volume_profits",
    "discount_policies",
    "leakage_items",
    "margin_prices",
    "price_targets",
    "pricing_analyses",
    "pricing_targets",
    "required_approvals",
    "target_comparisons",
]

_ROLES = st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True)


@cached_strategy
def approval_levels(rank: int | None = None) -> st.SearchStrategy[ApprovalLevel]:
    """Approval levels (of ``rank`` when given)."""
    return st.builds(
        ApprovalLevel,
        rank=st.integers(min_value=1, max_value=5) if rank is None else st.just(rank),
        name=texts(max_size=20),
        role=_ROLES,
    )


@cached_strategy
@st.composite
def approval_thresholds(draw: st.DrawFn, max_level: int = 3) -> ApprovalThreshold:
    """Thresholds of every metric, needing a level up to ``max_level``."""
    metric = draw(st.sampled_from(PolicyMetric))
    level = draw(st.integers(min_value=1, max_value=max_level))
    if metric is PolicyMetric.DEAL_SIZE:
        return ApprovalThreshold(metric=metric, level=level, amount=draw(money(max_amount=200_000)))
    if metric is PolicyMetric.FLOOR_OVERRIDE:
        return ApprovalThreshold(metric=metric, level=level)
    limit = draw(st.decimals(min_value=0, max_value=60, places=1, allow_nan=False))
    return ApprovalThreshold(metric=metric, level=level, limit=limit)


@cached_strategy
@st.composite
def discount_policies(draw: st.DrawFn) -> DiscountPolicy:
    """The default policy, or 1-3 levels with drawn thresholds."""
    if draw(st.booleans()):
        return DiscountPolicy.default(draw(currencies()))
    count = draw(st.integers(min_value=1, max_value=3))
    levels = [draw(approval_levels(rank)) for rank in range(1, count + 1)]
    return DiscountPolicy(
        name=draw(texts(max_size=20)),
        levels=levels,
        thresholds=draw(st.lists(approval_thresholds(count), max_size=5)),
        chain=draw(st.booleans()),
    )


def required_approvals() -> st.SearchStrategy[RequiredApproval]:
    """Single required approvals."""
    return st.builds(
        RequiredApproval,
        level=approval_levels(),
        reasons=st.lists(texts(max_size=30), min_size=1, max_size=3).map(tuple),
    )


@st.composite
def approval_requirements(draw: st.DrawFn) -> ApprovalRequirements:
    """What drawn policies require of drawn priced documents (deal sizes compared in the
    document's own currency)."""
    result = draw(pricing_results())
    policy = draw(discount_policies())
    kept = [
        t
        for t in policy.thresholds
        if t.amount is None or t.amount.currency.code == result.currency
    ]
    policy = DiscountPolicy(
        name=policy.name, levels=policy.levels, thresholds=kept, chain=policy.chain
    )
    return policy.evaluate(result)


@cached_strategy
@st.composite
def price_targets(draw: st.DrawFn, currency: str | None = None) -> PriceTarget:
    """Targets with a price, a margin or both."""
    code = draw(currencies()) if currency is None else currency
    price = draw(st.none() | money(code, max_amount=1000))
    margin = draw(st.none() | st.decimals(min_value=-20, max_value=90, places=1, allow_nan=False))
    if price is None and margin is None:
        margin = Decimal(30)
    return PriceTarget(sku=draw(skus()), unit_price=price, margin_percent=margin)


@cached_strategy
@st.composite
def pricing_targets(draw: st.DrawFn, currency: str | None = None) -> PricingTargets:
    """Target sets with distinct skus."""
    code = draw(currencies()) if currency is None else currency
    return PricingTargets(
        name=draw(texts(max_size=20)),
        currency=code,
        targets=draw(st.lists(price_targets(code), max_size=4, unique_by=lambda t: t.sku)),
        realisation_percent=draw(
            st.none() | st.decimals(min_value=50, max_value=100, places=1, allow_nan=False)
        ),
        margin_percent=draw(
            st.none() | st.decimals(min_value=0, max_value=80, places=1, allow_nan=False)
        ),
    )


@st.composite
def leakage_items(draw: st.DrawFn) -> LeakageItem:
    """Leakage items (negative: given away)."""
    code = draw(currencies())
    amount = draw(money(code, min_amount=-10_000, max_amount=1000))
    return LeakageItem(
        key=draw(texts(max_size=20)),
        amount=amount,
        percent_of_list=draw(
            st.none() | st.decimals(min_value=-100, max_value=10, places=2, allow_nan=False)
        ),
        lines=draw(st.integers(min_value=0, max_value=100)),
    )


@st.composite
def pricing_analyses(draw: st.DrawFn) -> PricingAnalysis:
    """Analyses of one to three drawn results in the first one's currency."""
    first = draw(pricing_results())
    more = draw(st.lists(pooled_pricing_results(currency=first.currency), max_size=2))
    targets = draw(st.none() | pricing_targets(first.currency))
    return analyse_pricing([first, *more], targets=targets, currency=first.currency)


@st.composite
def target_comparisons(draw: st.DrawFn) -> TargetComparison:
    """Comparisons from analyses of drawn results against targets on their skus."""
    result = draw(pricing_results().filter(lambda r: bool(r.lines)))
    line = draw(st.sampled_from(result.lines))
    target = draw(price_targets(result.currency))
    targets = PricingTargets(
        name="targets",
        currency=result.currency,
        targets=[
            PriceTarget(
                sku=line.sku, unit_price=target.unit_price, margin_percent=target.margin_percent
            )
        ],
    )
    found = analyse_pricing([result], targets=targets).targets
    if found:
        return found[0]
    return TargetComparison(
        sku=line.sku,
        quantity=Decimal(1),
        net_amount=line.net_amount,
        realised_unit_price=line.net_amount.amount,
        target_unit_price=target.unit_price,
        realised_margin_percent=None,
        target_margin_percent=target.margin_percent,
    )


@st.composite
def cost_volume_profits(draw: st.DrawFn) -> CostVolumeProfit:
    """Price, variable cost and fixed costs in one currency, with or without a forecast."""
    code = draw(currencies())
    return CostVolumeProfit(
        unit_price=draw(money(code, max_amount=1000)),
        unit_variable_cost=draw(money(code, max_amount=1000)),
        fixed_costs=draw(money(code, max_amount=1_000_000)),
        forecast_volume=draw(st.none() | st.integers(min_value=1, max_value=100_000).map(Decimal)),
    )


@st.composite
def break_evens(draw: st.DrawFn) -> BreakEven:
    """Break-evens of drawn profitable products."""
    cvp = draw(cost_volume_profits().filter(lambda c: c.contribution_per_unit.amount > 0))
    return cvp.break_even()


@st.composite
def margin_prices(draw: st.DrawFn) -> MarginPrice:
    """Prices for drawn margins at drawn volumes."""
    cvp = draw(cost_volume_profits())
    margin = draw(st.decimals(min_value=-50, max_value=90, places=1, allow_nan=False))
    volume = draw(st.integers(min_value=1, max_value=100_000))
    return cvp.price_for_margin(margin, volume=volume)
