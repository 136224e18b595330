"""Which strategy draws each public type, by name, without importing Hypothesis.

Hypothesis's entry-point hook (:mod:`pcf_sales.testing._hypothesis`) runs
while Hypothesis itself is being imported, so it must not import
:mod:`pcf_sales.testing.strategies` (which imports Hypothesis). It reads this
table instead and registers strategies that look the named function up only
when a value is first drawn.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Final

from pcf_sales import catalog, core, leads, pcf, pricing, samples

__all__ = ["STRATEGY_NAMES"]

#: For each public type, the name of the function in
#: :mod:`pcf_sales.testing.strategies` that makes its strategy.
STRATEGY_NAMES: Final[Mapping[object, str]] = types.MappingProxyType(
    {
        # core
        core.AccountId: "account_ids",
        core.CampaignId: "campaign_ids",
        core.ContactId: "contact_ids",
        core.CountryCode: "country_codes",
        core.CountryInfo: "country_infos",
        core.CustomFields: "custom_fields",
        core.EmailAddress: "email_addresses",
        core.FiscalCalendar: "fiscal_calendars",
        core.FxRate: "fx_rates",
        core.FxTable: "fx_tables",
        core.Guard: "guards",
        core.LeadId: "lead_ids",
        core.Lifecycle: "lifecycles",
        core.OpportunityId: "opportunity_ids",
        core.PartnerId: "partner_ids",
        core.Percentage: "percentages",
        core.Period: "periods",
        core.PersonDetails: "person_details",
        core.PhoneNumber: "phone_numbers",
        core.ProductId: "product_ids",
        core.QuoteId: "quote_ids",
        core.RfpId: "rfp_ids",
        core.SalesOrderId: "sales_order_ids",
        core.SegmentId: "segment_ids",
        core.Transition: "transitions",
        core.UserId: "user_ids",
        # leads
        leads.CompanyDetails: "company_details",
        leads.CriterionAnswer: "criterion_answer",
        leads.Disqualification: "disqualifications",
        leads.DuplicateSuspect: "duplicate_suspects",
        leads.Engagement: "engagements",
        leads.EngagementRule: "engagement_rules",
        leads.FieldCondition: "field_conditions",
        leads.FitRule: "fit_rules",
        leads.GradeBand: "grade_bands",
        leads.Lead: "leads",
        leads.LeadConversion: "lead_conversions",
        leads.LeadScore: "lead_scores",
        leads.LeadSource: "lead_sources",
        leads.QualificationCriterion: "qualification_criteria",
        leads.QualificationFramework: "qualification_frameworks",
        leads.QualificationResult: "qualification_results",
        leads.RuleContribution: "rule_contributions",
        leads.ScoringModel: "scoring_models",
        # pcf
        pcf.Coverage: "coverages",
        pcf.LevelCoverage: "level_coverages",
        pcf.PcfElement: "pcf_elements",
        # catalog and pricing ids
        core.BundleId: "bundle_ids",
        core.ChannelId: "channel_ids",
        core.PriceBookId: "price_book_ids",
        core.PromotionId: "promotion_ids",
        # catalog and pricing
        catalog.Bundle: "bundles",
        catalog.BundleComponent: "bundle_components",
        catalog.Catalog: "catalogs",
        catalog.Product: "products",
        pricing.Adjustment: "adjustments",
        pricing.AppliedHeaderDiscount: "applied_header_discounts",
        pricing.ApprovalLevel: "approval_levels",
        pricing.ApprovalRequirements: "approval_requirements",
        pricing.ApprovalThreshold: "approval_thresholds",
        pricing.BreakEven: "break_evens",
        pricing.CombinationPolicy: "combination_policies",
        pricing.CostVolumeProfit: "cost_volume_profits",
        pricing.DiscountPolicy: "discount_policies",
        pricing.DocumentLine: "document_lines",
        pricing.FloorOverride: "floor_overrides",
        pricing.LeakageItem: "leakage_items",
        pricing.ManualDiscount: "manual_discounts",
        pricing.MarginPrice: "margin_prices",
        pricing.PriceBook: "price_books",
        pricing.PriceChange: "price_changes",
        pricing.PriceChangeNotice: "price_change_notices",
        pricing.PriceEntry: "price_entries",
        pricing.PriceTarget: "price_targets",
        pricing.PricedLine: "priced_lines",
        pricing.PricingAnalysis: "pricing_analyses",
        pricing.PricingContext: "pricing_contexts",
        pricing.PricingDocument: "pricing_documents",
        pricing.PricingEngine: "pricing_engines",
        pricing.PricingResult: "pricing_results",
        pricing.PricingRule: "pricing_rules",
        pricing.PricingTargets: "pricing_targets",
        pricing.RegulatoryApproval: "regulatory_approvals",
        pricing.RequiredApproval: "required_approvals",
        pricing.RoundingPolicy: "rounding_policies",
        pricing.RuleDecision: "rule_decisions",
        pricing.RuleScope: "rule_scopes",
        pricing.RuleSet: "rule_sets",
        pricing.StepMode: "step_modes",
        pricing.TargetComparison: "target_comparisons",
        pricing.Tier: "tiers",
        pricing.TierTable: "tier_tables",
        pricing.UnpriceableLine: "unpriceable_lines",
        pricing.WaterfallStep: "waterfall_steps",
        # samples
        samples.SampleCompany: "sample_companies",
    }
)
