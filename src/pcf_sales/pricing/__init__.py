"""Pricing (PCF 3.2.2, 3.3.3): price books, pricing rules, the waterfall engine, discount policy.

A :class:`PriceBook` holds list prices in one currency for a validity window,
their scheduled changes, its rounding policy and the order of the waterfall
steps, and goes through draft → submitted → approved → active → retired.
A :class:`RuleSet` holds :class:`PricingRule` s (contract prices, volume
tiers, segment, channel and partner-tier discounts, promotions, bundle
discounts, free goods, surcharges, floors and ceilings) and the
:class:`CombinationPolicy` that decides what happens when several apply.
A :class:`PricingEngine` prices a :class:`PricingDocument` in a
:class:`PricingContext` and returns a :class:`PricingResult` whose every
number is explained by its waterfall.

A :class:`DiscountPolicy` says which approvals a priced document needs;
:func:`analyse_pricing` reports price realisation and discount leakage over
many documents against :class:`PricingTargets`; :class:`CostVolumeProfit`
gives break-even volumes and the price a target margin needs.
"""

from __future__ import annotations

from pcf_sales.pricing._analysis import (
    LeakageItem,
    PriceTarget,
    PricingAnalysis,
    PricingTargets,
    TargetComparison,
    analyse_pricing,
)
from pcf_sales.pricing._combination import (
    CombinationMode,
    CombinationPolicy,
    RuleSet,
    StepMode,
    TieBreak,
)
from pcf_sales.pricing._cvp import BreakEven, CostVolumeProfit, MarginPrice
from pcf_sales.pricing._documents import DocumentLine, PricingContext, PricingDocument
from pcf_sales.pricing._engine import PricingEngine
from pcf_sales.pricing._policy import (
    ApprovalLevel,
    ApprovalRequirements,
    ApprovalThreshold,
    DiscountPolicy,
    PolicyMetric,
    RequiredApproval,
)
from pcf_sales.pricing._price_book import PRICE_BOOK_LIFECYCLE, PriceBook, PriceBookStatus
from pcf_sales.pricing._price_entries import (
    PriceChange,
    PriceChangeNotice,
    PriceEntry,
    RegulatoryApproval,
)
from pcf_sales.pricing._results import (
    AppliedHeaderDiscount,
    PricedLine,
    PricingResult,
    RuleDecision,
    RuleOutcome,
    UnpriceableLine,
    UnpriceableReason,
    WaterfallStep,
)
from pcf_sales.pricing._rules import PricingRule, RuleKind
from pcf_sales.pricing._scope import RuleScope
from pcf_sales.pricing._values import (
    DEFAULT_STEPS,
    Adjustment,
    AdjustmentForm,
    DiscountBase,
    FloorOverride,
    ManualDiscount,
    PricingStep,
    RoundingLevel,
    RoundingPolicy,
    Tier,
    TierMode,
    TierTable,
)

__all__ = [
    "DEFAULT_STEPS",
    "PRICE_BOOK_LIFECYCLE",
    "Adjustment",
    "AdjustmentForm",
    "AppliedHeaderDiscount",
    "ApprovalLevel",
    "ApprovalRequirements",
    "ApprovalThreshold",
    "BreakEven",
    "CombinationMode",
    "CombinationPolicy",
    "CostVolumeProfit",
    "DiscountBase",
    "DiscountPolicy",
    "DocumentLine",
    "FloorOverride",
    "LeakageItem",
    "ManualDiscount",
    "MarginPrice",
    "PolicyMetric",
    "PriceBook",
    "PriceBookStatus",
    "PriceChange",
    "PriceChangeNotice",
    "PriceEntry",
    "PriceTarget",
    "PricedLine",
    "PricingAnalysis",
    "PricingContext",
    "PricingDocument",
    "PricingEngine",
    "PricingResult",
    "PricingRule",
    "PricingStep",
    "PricingTargets",
    "RegulatoryApproval",
    "RequiredApproval",
    "RoundingLevel",
    "RoundingPolicy",
    "RuleDecision",
    "RuleKind",
    "RuleOutcome",
    "RuleScope",
    "RuleSet",
    "StepMode",
    "TargetComparison",
    "TieBreak",
    "Tier",
    "TierMode",
    "TierTable",
    "UnpriceableLine",
    "UnpriceableReason",
    "WaterfallStep",
    "analyse_pricing",
]
