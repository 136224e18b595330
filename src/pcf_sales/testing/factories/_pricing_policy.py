"""Factories for discount policy, pricing analysis and cost-volume-profit values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pcf_sales.core import money
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
from pcf_sales.testing.factories._pricing import make_pricing_result

__all__ = [
    "make_approval_level",
    "make_approval_requirements",
    "make_approval_threshold",
    "make_break_even",
    "make_cost_volume_profit",
    "make_discount_policy",
    "make_leakage_item",
    "make_margin_price",
    "make_price_target",
    "make_pricing_analysis",
    "make_pricing_targets",
    "make_required_approval",
    "make_target_comparison",
]


def make_approval_level(
    rank: int = 1, name: str = "Sales manager", role: str = "sales_manager"
) -> ApprovalLevel:
    """The sales manager, rank 1, unless told otherwise."""
    return ApprovalLevel(rank=rank, name=name, role=role)


def make_approval_threshold(**overrides: Any) -> ApprovalThreshold:
    """A discount above 10 % needs level 1, unless told otherwise."""
    fields: dict[str, Any] = {
        "metric": PolicyMetric.DISCOUNT_PERCENT,
        "limit": Decimal(10),
        "level": 1,
    }
    fields.update(overrides)
    return ApprovalThreshold(**fields)


def make_discount_policy(currency: str = "EUR") -> DiscountPolicy:
    """The default discount policy, deal sizes in ``currency``."""
    return DiscountPolicy.default(currency)


def make_required_approval(**overrides: Any) -> RequiredApproval:
    """The sales manager, for a 12 % discount, unless told otherwise."""
    fields: dict[str, Any] = {
        "level": make_approval_level(),
        "reasons": ("discount 12.00 % is above 10 %",),
    }
    fields.update(overrides)
    return RequiredApproval(**fields)


def make_approval_requirements(**overrides: Any) -> ApprovalRequirements:
    """One approval (the sales manager) under the default policy, unless told otherwise."""
    fields: dict[str, Any] = {"policy": "default", "approvals": (make_required_approval(),)}
    fields.update(overrides)
    return ApprovalRequirements(**fields)


def make_price_target(**overrides: Any) -> PriceTarget:
    """``SENS-100`` aimed at 240.00 EUR and a 50 % margin, unless told otherwise."""
    fields: dict[str, Any] = {
        "sku": "SENS-100",
        "unit_price": money("240.00", "EUR"),
        "margin_percent": Decimal(50),
    }
    fields.update(overrides)
    return PriceTarget(**fields)


def make_pricing_targets(**overrides: Any) -> PricingTargets:
    """FY2026 targets in EUR: the sensor target, 92 % realisation, 45 % margin."""
    fields: dict[str, Any] = {
        "name": "FY2026",
        "currency": "EUR",
        "targets": (make_price_target(),),
        "realisation_percent": Decimal(92),
        "margin_percent": Decimal(45),
    }
    fields.update(overrides)
    return PricingTargets(**fields)


def make_leakage_item(**overrides: Any) -> LeakageItem:
    """50.00 EUR given away by ``promo.spring`` on 2 lines, 5 % of list."""
    fields: dict[str, Any] = {
        "key": "promo.spring",
        "amount": money("-50.00", "EUR"),
        "percent_of_list": Decimal(-5),
        "lines": 2,
    }
    fields.update(overrides)
    return LeakageItem(**fields)


def make_pricing_analysis() -> PricingAnalysis:
    """The analysis of :func:`make_pricing_result` against :func:`make_pricing_targets`."""
    return analyse_pricing([make_pricing_result()], targets=make_pricing_targets())


def make_target_comparison() -> TargetComparison:
    """The sensor's comparison from :func:`make_pricing_analysis`."""
    return make_pricing_analysis().targets[0]


def make_cost_volume_profit(**overrides: Any) -> CostVolumeProfit:
    """250.00 EUR a unit, 120.00 variable cost, 65,000.00 fixed costs, 1,000 units forecast."""
    fields: dict[str, Any] = {
        "unit_price": money("250.00", "EUR"),
        "unit_variable_cost": money("120.00", "EUR"),
        "fixed_costs": money("65000.00", "EUR"),
        "forecast_volume": Decimal(1000),
    }
    fields.update(overrides)
    return CostVolumeProfit(**fields)


def make_break_even() -> BreakEven:
    """The break-even of :func:`make_cost_volume_profit` (500 units)."""
    return make_cost_volume_profit().break_even()


def make_margin_price() -> MarginPrice:
    """The price of :func:`make_cost_volume_profit` for a 40 % margin at the forecast volume."""
    return make_cost_volume_profit().price_for_margin(Decimal(40))
