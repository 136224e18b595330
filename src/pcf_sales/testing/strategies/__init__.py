"""Hypothesis strategies for every public type of pcf_sales, valid by construction.

Each strategy shrinks towards the simplest valid value: the initial state,
the least data, USD, zero. :func:`register_type_strategies` (run for you by
Hypothesis through the package's entry point) makes ``st.from_type(T)`` use
them, so a test can ask for ``st.from_type(Lead)`` directly.

>>> from hypothesis import given, strategies as st
>>> from pcf_sales.leads import Lead
>>> @given(st.from_type(Lead))
... def test_every_lead_has_a_history(lead):
...     assert lead.revision == len(lead.history)
>>> test_every_lead_has_a_history()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from hypothesis import strategies as st

from pcf_sales import catalog as catalog_types
from pcf_sales import core, pcf
from pcf_sales import leads as _leads
from pcf_sales import pricing as pricing_types
from pcf_sales.testing.strategies._catalog import (
    BUNDLE_STEPS,
    PRODUCT_STEPS,
    apply_bundle_step,
    apply_product_step,
    bundle_components,
    bundle_ids,
    bundles,
    catalogs,
    families,
    product_ids,
    products,
    segment_ids,
    skus,
    units,
)
from pcf_sales.testing.strategies._core import (
    CURRENCIES,
    account_ids,
    campaign_ids,
    contact_ids,
    country_codes,
    country_infos,
    currencies,
    custom_fields,
    dates,
    email_addresses,
    fiscal_calendars,
    fx_rates,
    fx_tables,
    history_entries,
    history_entries_for,
    identifiers,
    instants,
    lead_ids,
    money,
    opportunity_ids,
    partner_ids,
    percentages,
    periods,
    person_details,
    phone_numbers,
    tags,
    texts,
    user_ids,
    web_domains,
)
from pcf_sales.testing.strategies._leads import (
    LEAD_STEPS,
    apply_lead_step,
    company_details,
    criterion_answer,
    criterion_answers,
    disqualifications,
    duplicate_suspects,
    engagement_rules,
    engagements,
    field_conditions,
    fit_rules,
    grade_bands,
    lead_conversions,
    lead_scores,
    lead_sources,
    qualification_criteria,
    qualification_frameworks,
    qualification_results,
    rule_contributions,
    scoring_models,
)
from pcf_sales.testing.strategies._leads import (
    leads as lead_aggregates,
)
from pcf_sales.testing.strategies._pcf import coverages, level_coverages, pcf_elements
from pcf_sales.testing.strategies._pricing import (
    PRICE_BOOK_STEPS,
    adjustments,
    apply_price_book_step,
    channel_ids,
    floor_overrides,
    manual_discounts,
    price_book_ids,
    price_books,
    price_change_notices,
    price_changes,
    price_entries,
    promotion_ids,
    regulatory_approvals,
    rounding_policies,
    step_orders,
    tier_tables,
    tiers,
)
from pcf_sales.testing.strategies._pricing_policy import (
    approval_levels,
    approval_requirements,
    approval_thresholds,
    break_evens,
    cost_volume_profits,
    discount_policies,
    leakage_items,
    margin_prices,
    price_targets,
    pricing_analyses,
    pricing_targets,
    required_approvals,
    target_comparisons,
)
from pcf_sales.testing.strategies._pricing_scenarios import (
    ACCOUNTS,
    CHANNELS,
    PARTNER_TIERS,
    PRICING_DAY,
    PROMOTION_CODES,
    SEGMENTS,
    applied_header_discounts,
    combination_policies,
    document_lines,
    priced_lines,
    pricing_contexts,
    pricing_documents,
    pricing_engines,
    pricing_results,
    pricing_rules,
    pricing_scenarios,
    rule_decisions,
    rule_scopes,
    rule_sets,
    step_modes,
    unpriceable_lines,
    waterfall_steps,
)

__all__ = [
    "ACCOUNTS",
    "BUNDLE_STEPS",
    "CHANNELS",
    "CURRENCIES",
    "LEAD_STEPS",
    "PARTNER_TIERS",
    "PRICE_BOOK_STEPS",
    "PRICING_DAY",
    "PRODUCT_STEPS",
    "PROMOTION_CODES",
    "SCENARIO_CURRENCIES",
    "SEGMENTS",
    "STRATEGIES",
    "account_ids",
    "adjustments",
    "applied_header_discounts",
    "apply_bundle_step",
    "apply_lead_step",
    "apply_price_book_step",
    "apply_product_step",
    "approval_levels",
    "approval_requirements",
    "approval_thresholds",
    "break_evens",
    "bundle_components",
    "bundle_ids",
    "bundles",
    "campaign_ids",
    "catalogs",
    "channel_ids",
    "combination_policies",
    "company_details",
    "contact_ids",
    "cost_volume_profits",
    "country_codes",
    "country_infos",
    "coverages",
    "criterion_answer",
    "criterion_answers",
    "currencies",
    "custom_fields",
    "dates",
    "discount_policies",
    "disqualifications",
    "document_lines",
    "duplicate_suspects",
    "email_addresses",
    "engagement_rules",
    "engagements",
    "families",
    "field_conditions",
    "fiscal_calendars",
    "fit_rules",
    "floor_overrides",
    "fx_rates",
    "fx_tables",
    "grade_bands",
    "guards",
    "history_entries",
    "identifiers",
    "instants",
    "lead_conversions",
    "lead_ids",
    "lead_scores",
    "lead_sources",
    "leads",
    "leakage_items",
    "level_coverages",
    "lifecycles",
    "manual_discounts",
    "margin_prices",
    "money",
    "opportunity_ids",
    "partner_ids",
    "pcf_elements",
    "percentages",
    "periods",
    "person_details",
    "phone_numbers",
    "price_book_ids",
    "price_books",
    "price_change_notices",
    "price_changes",
    "price_entries",
    "price_targets",
    "priced_lines",
    "pricing_analyses",
    "pricing_contexts",
    "pricing_documents",
    "pricing_engines",
    "pricing_results",
    "pricing_rules",
    "pricing_scenarios",
    "pricing_targets",
    "product_ids",
    "products",
    "promotion_ids",
    "qualification_criteria",
    "qualification_frameworks",
    "qualification_results",
    "register_type_strategies",
    "regulatory_approvals",
    "required_approvals",
    "rounding_policies",
    "rule_contributions",
    "rule_decisions",
    "rule_scopes",
    "rule_sets",
    "scoring_models",
    "segment_ids",
    "skus",
    "step_modes",
    "step_orders",
    "tags",
    "target_comparisons",
    "texts",
    "tier_tables",
    "tiers",
    "transitions",
    "units",
    "unpriceable_lines",
    "user_ids",
    "waterfall_steps",
    "web_domains",
]

leads = lead_aggregates
"""Leads received with drawn data and walked through drawn commands."""


def _all_lifecycles() -> list[core.Lifecycle[Any, Any]]:
    # The leads package by its own name: ``_leads`` here is the strategies submodule,
    # which shadows the package alias once it is imported.
    from pcf_sales.leads import LEAD_LIFECYCLE

    return [
        LEAD_LIFECYCLE,
        catalog_types.PRODUCT_LIFECYCLE,
        catalog_types.BUNDLE_LIFECYCLE,
        pricing_types.PRICE_BOOK_LIFECYCLE,
    ]


def lifecycles() -> st.SearchStrategy[core.Lifecycle[Any, Any]]:
    """The lifecycle tables the library ships."""
    return st.sampled_from(_all_lifecycles())


def transitions() -> st.SearchStrategy[core.Transition[Any, Any]]:
    """Rows of the shipped lifecycle tables."""
    return st.sampled_from([row for table in _all_lifecycles() for row in table.transitions])


def guards() -> st.SearchStrategy[core.Guard[Any]]:
    """Guards of the shipped lifecycle tables."""
    return st.sampled_from(
        [g for table in _all_lifecycles() for row in table.transitions for g in row.guards]
    )


#: The strategy for each public type, as a function that makes it.
STRATEGIES: Final[dict[Any, Callable[[], st.SearchStrategy[Any]]]] = {
    # core
    core.AccountId: account_ids,
    core.CampaignId: campaign_ids,
    core.ContactId: contact_ids,
    core.CountryCode: country_codes,
    core.CountryInfo: country_infos,
    core.CustomFields: custom_fields,
    core.EmailAddress: email_addresses,
    core.FiscalCalendar: fiscal_calendars,
    core.FxRate: fx_rates,
    core.FxTable: fx_tables,
    core.Guard: guards,
    core.LeadId: lead_ids,
    core.Lifecycle: lifecycles,
    core.OpportunityId: opportunity_ids,
    core.PartnerId: partner_ids,
    core.Percentage: percentages,
    core.Period: periods,
    core.PersonDetails: person_details,
    core.PhoneNumber: phone_numbers,
    core.Transition: transitions,
    core.UserId: user_ids,
    # leads
    _leads.CompanyDetails: company_details,
    _leads.CriterionAnswer: criterion_answer,
    _leads.Disqualification: disqualifications,
    _leads.DuplicateSuspect: duplicate_suspects,
    _leads.Engagement: engagements,
    _leads.EngagementRule: engagement_rules,
    _leads.FieldCondition: field_conditions,
    _leads.FitRule: fit_rules,
    _leads.GradeBand: grade_bands,
    _leads.Lead: leads,
    _leads.LeadConversion: lead_conversions,
    _leads.LeadScore: lead_scores,
    _leads.LeadSource: lead_sources,
    _leads.QualificationCriterion: qualification_criteria,
    _leads.QualificationFramework: qualification_frameworks,
    _leads.QualificationResult: qualification_results,
    _leads.RuleContribution: rule_contributions,
    _leads.ScoringModel: scoring_models,
    # catalog
    core.BundleId: bundle_ids,
    core.ProductId: product_ids,
    core.SegmentId: segment_ids,
    catalog_types.Bundle: bundles,
    catalog_types.BundleComponent: bundle_components,
    catalog_types.Catalog: catalogs,
    catalog_types.Product: products,
    # pricing
    core.ChannelId: channel_ids,
    core.PriceBookId: price_book_ids,
    core.PromotionId: promotion_ids,
    pricing_types.Adjustment: adjustments,
    pricing_types.AppliedHeaderDiscount: applied_header_discounts,
    pricing_types.ApprovalLevel: approval_levels,
    pricing_types.ApprovalRequirements: approval_requirements,
    pricing_types.ApprovalThreshold: approval_thresholds,
    pricing_types.BreakEven: break_evens,
    pricing_types.CombinationPolicy: combination_policies,
    pricing_types.CostVolumeProfit: cost_volume_profits,
    pricing_types.DiscountPolicy: discount_policies,
    pricing_types.DocumentLine: document_lines,
    pricing_types.FloorOverride: floor_overrides,
    pricing_types.LeakageItem: leakage_items,
    pricing_types.ManualDiscount: manual_discounts,
    pricing_types.MarginPrice: margin_prices,
    pricing_types.PriceBook: price_books,
    pricing_types.PriceChange: price_changes,
    pricing_types.PriceChangeNotice: price_change_notices,
    pricing_types.PriceEntry: price_entries,
    pricing_types.PriceTarget: price_targets,
    pricing_types.PricedLine: priced_lines,
    pricing_types.PricingAnalysis: pricing_analyses,
    pricing_types.PricingContext: pricing_contexts,
    pricing_types.PricingDocument: pricing_documents,
    pricing_types.PricingEngine: pricing_engines,
    pricing_types.PricingResult: pricing_results,
    pricing_types.PricingRule: pricing_rules,
    pricing_types.PricingTargets: pricing_targets,
    pricing_types.RegulatoryApproval: regulatory_approvals,
    pricing_types.RequiredApproval: required_approvals,
    pricing_types.RoundingPolicy: rounding_policies,
    pricing_types.RuleDecision: rule_decisions,
    pricing_types.RuleScope: rule_scopes,
    pricing_types.RuleSet: rule_sets,
    pricing_types.StepMode: step_modes,
    pricing_types.TargetComparison: target_comparisons,
    pricing_types.Tier: tiers,
    pricing_types.TierTable: tier_tables,
    pricing_types.UnpriceableLine: unpriceable_lines,
    pricing_types.WaterfallStep: waterfall_steps,
    # pcf
    pcf.Coverage: coverages,
    pcf.LevelCoverage: level_coverages,
    pcf.PcfElement: pcf_elements,
}


def register_type_strategies() -> None:
    """Make ``st.from_type(T)`` draw from these strategies for every public type.

    Hypothesis runs this through the package's entry point; call it yourself
    only if you disabled Hypothesis plugins.
    """
    for cls, make in STRATEGIES.items():
        st.register_type_strategy(cls, st.deferred(make))
    st.register_type_strategy(core.HistoryEntry, history_entries_for)
