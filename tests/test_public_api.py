"""The public surface: exactly these names, sorted, and every domain class frozen and slotted.

Each package's ``__all__`` is pinned here as a literal list, so adding or
removing a public name is a deliberate change to this file too.
"""

from __future__ import annotations

import enum
import importlib
import re
import typing
from typing import Any, Final

import attrs
import attrs.exceptions
import pytest

import pcf_sales
from pcf_sales import catalog, core, errors, leads, pcf, pricing, samples
from pcf_sales.core import LeadId, UserId
from pcf_sales.leads import LeadStatus
from pcf_sales.testing import factories as f

PUBLIC_NAMES: Final[dict[str, list[str]]] = {
    "pcf_sales": [
        "CurrencyMismatch",
        "FiscalCalendar",
        "FxTable",
        "GuardFailed",
        "InvalidTransition",
        "Lead",
        "LeadStatus",
        "Lifecycle",
        "MissingFxRate",
        "PcfSalesError",
        "Percentage",
        "RoundingMode",
        "ScoringModel",
        "ValidationError",
        "__version__",
        "allocate",
        "money",
    ],
    "pcf_sales.errors": [
        "CurrencyMismatch",
        "GuardFailed",
        "InvalidTransition",
        "MissingFxRate",
        "NotPriceable",
        "PcfSalesError",
        "ValidationError",
    ],
    "pcf_sales.core": [
        "COUNTRIES",
        "DECIMAL_CONTEXT",
        "DEFAULT_ROUNDING",
        "FREE_MAIL_DOMAINS",
        "AccountId",
        "Aggregate",
        "BundleId",
        "CampaignId",
        "ChannelId",
        "ContactId",
        "CountryCode",
        "CountryInfo",
        "CustomFields",
        "EmailAddress",
        "FiscalCalendar",
        "FiscalYearNaming",
        "FxRate",
        "FxTable",
        "Guard",
        "HistoryEntry",
        "LeadId",
        "Lifecycle",
        "OpportunityId",
        "PartnerId",
        "Percentage",
        "Period",
        "PeriodKind",
        "PersonDetails",
        "PhoneNumber",
        "PriceBookId",
        "ProductId",
        "PromotionId",
        "QuoteId",
        "RfpId",
        "RoundingMode",
        "SalesOrderId",
        "Scalar",
        "SegmentId",
        "Transition",
        "UserId",
        "allocate",
        "company_domain",
        "country",
        "instant",
        "is_rounded",
        "minor_digits",
        "money",
        "new_id",
        "round_amount",
        "round_money",
        "sum_money",
        "zero",
    ],
    "pcf_sales.leads": [
        "LEAD_FIELDS",
        "LEAD_LIFECYCLE",
        "CompanyDetails",
        "ConditionOperator",
        "ContributionKind",
        "CriterionAnswer",
        "Disqualification",
        "DisqualificationReason",
        "DuplicateSuspect",
        "Engagement",
        "EngagementKind",
        "EngagementRule",
        "FieldCondition",
        "FitRule",
        "GradeBand",
        "Lead",
        "LeadChannel",
        "LeadConversion",
        "LeadScore",
        "LeadSource",
        "LeadStatus",
        "MatchReason",
        "QualificationCriterion",
        "QualificationFramework",
        "QualificationResult",
        "RuleContribution",
        "ScoringModel",
        "find_duplicate_suspects",
        "normalised_name",
    ],
    "pcf_sales.serialization": [
        "DOCUMENT_TYPES",
        "from_dict",
        "from_document",
        "schema_version",
        "to_dict",
        "to_document",
    ],
    "pcf_sales.pcf": [
        "SERVED_BY",
        "Coverage",
        "LevelCoverage",
        "PcfElement",
        "coverage",
        "element",
        "elements",
        "resolve",
        "served_by",
    ],
    "pcf_sales.samples": [
        "DEFAULT_SEED",
        "SAMPLE_AS_OF",
        "SampleCompany",
        "sample_company",
    ],
    "pcf_sales.testing.strategies": [
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
        "history_entries_for",
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
        "quote_ids",
        "register_type_strategies",
        "regulatory_approvals",
        "required_approvals",
        "rfp_ids",
        "rounding_policies",
        "rule_contributions",
        "rule_decisions",
        "rule_scopes",
        "rule_sets",
        "sales_order_ids",
        "sample_companies",
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
    ],
    "pcf_sales.testing.factories": [
        "FIXED_INSTANT",
        "PRICING_DAY",
        "bant_answers",
        "make_adjustment",
        "make_applied_header_discount",
        "make_approval_level",
        "make_approval_requirements",
        "make_approval_threshold",
        "make_break_even",
        "make_bundle",
        "make_bundle_component",
        "make_catalog",
        "make_combination_policy",
        "make_company_details",
        "make_cost_volume_profit",
        "make_country_info",
        "make_coverage",
        "make_criterion_answer",
        "make_custom_fields",
        "make_discount_policy",
        "make_disqualification",
        "make_document_line",
        "make_duplicate_suspect",
        "make_email_address",
        "make_engagement",
        "make_engagement_rule",
        "make_field_condition",
        "make_fiscal_calendar",
        "make_fit_rule",
        "make_floor_override",
        "make_fx_rate",
        "make_fx_table",
        "make_grade_band",
        "make_guard",
        "make_history_entry",
        "make_lead",
        "make_lead_conversion",
        "make_lead_score",
        "make_lead_source",
        "make_leakage_item",
        "make_level_coverage",
        "make_lifecycle",
        "make_manual_discount",
        "make_margin_price",
        "make_money",
        "make_pcf_element",
        "make_percentage",
        "make_period",
        "make_person_details",
        "make_phone_number",
        "make_price_book",
        "make_price_change",
        "make_price_change_notice",
        "make_price_entry",
        "make_price_target",
        "make_priced_line",
        "make_pricing_analysis",
        "make_pricing_context",
        "make_pricing_document",
        "make_pricing_engine",
        "make_pricing_result",
        "make_pricing_rule",
        "make_pricing_targets",
        "make_product",
        "make_qualification_criterion",
        "make_qualification_framework",
        "make_qualification_result",
        "make_regulatory_approval",
        "make_required_approval",
        "make_rounding_policy",
        "make_rule_contribution",
        "make_rule_decision",
        "make_rule_scope",
        "make_rule_set",
        "make_sample_company",
        "make_scoring_model",
        "make_step_mode",
        "make_target_comparison",
        "make_tier",
        "make_tier_table",
        "make_transition",
        "make_unpriceable_line",
        "make_waterfall_step",
    ],
    "pcf_sales.catalog": [
        "BUNDLE_LIFECYCLE",
        "PRODUCT_LIFECYCLE",
        "Bundle",
        "BundleComponent",
        "Catalog",
        "Product",
        "ProductKind",
        "ProductStatus",
    ],
    "pcf_sales.pricing": [
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
    ],
}

#: The packages whose public classes are domain types.
DOMAIN_PACKAGES: Final = (pcf_sales, core, leads, catalog, pricing, pcf, samples)

#: Public names of the domain packages that are not classes of their own and
#: so are not held to "frozen, slotted attrs class", by kind.
ENUMS: Final = frozenset(
    {
        "AdjustmentForm",
        "CombinationMode",
        "ConditionOperator",
        "ContributionKind",
        "DiscountBase",
        "DisqualificationReason",
        "EngagementKind",
        "FiscalYearNaming",
        "LeadChannel",
        "LeadStatus",
        "MatchReason",
        "PeriodKind",
        "PolicyMetric",
        "PriceBookStatus",
        "PricingStep",
        "ProductKind",
        "ProductStatus",
        "RoundingLevel",
        "RoundingMode",
        "RuleKind",
        "RuleOutcome",
        "TieBreak",
        "TierMode",
        "UnpriceableReason",
    }
)
ERRORS: Final = frozenset(
    {
        "CurrencyMismatch",
        "GuardFailed",
        "InvalidTransition",
        "MissingFxRate",
        "PcfSalesError",
        "ValidationError",
    }
)
NEW_TYPES: Final = frozenset(
    {
        "AccountId",
        "BundleId",
        "CampaignId",
        "ChannelId",
        "ContactId",
        "CountryCode",
        "LeadId",
        "OpportunityId",
        "PartnerId",
        "PriceBookId",
        "ProductId",
        "PromotionId",
        "QuoteId",
        "RfpId",
        "SalesOrderId",
        "SegmentId",
        "UserId",
    }
)
TYPE_ALIASES: Final = frozenset({"Scalar"})
PROTOCOLS: Final = frozenset({"Aggregate"})

#: Every public attrs class of the domain packages.
ATTRS_CLASSES: Final = frozenset(
    {
        "Adjustment",
        "AppliedHeaderDiscount",
        "ApprovalLevel",
        "ApprovalRequirements",
        "ApprovalThreshold",
        "BreakEven",
        "Bundle",
        "BundleComponent",
        "Catalog",
        "CombinationPolicy",
        "CompanyDetails",
        "CostVolumeProfit",
        "CountryInfo",
        "Coverage",
        "CriterionAnswer",
        "CustomFields",
        "DiscountPolicy",
        "Disqualification",
        "DocumentLine",
        "DuplicateSuspect",
        "EmailAddress",
        "Engagement",
        "EngagementRule",
        "FieldCondition",
        "FiscalCalendar",
        "FitRule",
        "FloorOverride",
        "FxRate",
        "FxTable",
        "GradeBand",
        "Guard",
        "HistoryEntry",
        "Lead",
        "LeadConversion",
        "LeadScore",
        "LeadSource",
        "LeakageItem",
        "LevelCoverage",
        "Lifecycle",
        "ManualDiscount",
        "MarginPrice",
        "PcfElement",
        "Percentage",
        "Period",
        "PersonDetails",
        "PhoneNumber",
        "PriceBook",
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
        "PricingTargets",
        "Product",
        "QualificationCriterion",
        "QualificationFramework",
        "QualificationResult",
        "RegulatoryApproval",
        "RequiredApproval",
        "RoundingPolicy",
        "RuleContribution",
        "RuleDecision",
        "RuleScope",
        "RuleSet",
        "SampleCompany",
        "ScoringModel",
        "StepMode",
        "TargetComparison",
        "Tier",
        "TierTable",
        "Transition",
        "UnpriceableLine",
        "WaterfallStep",
    }
)


def _isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then the rest."""
    if len(name) > 1 and name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def _public_objects() -> dict[str, object]:
    found: dict[str, object] = {}
    for module in DOMAIN_PACKAGES:
        for name in module.__all__:
            obj = getattr(module, name)
            if name in found:
                assert found[name] is obj, f"{name} names two different objects"
            found[name] = obj
    return found


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _instances() -> dict[str, object]:
    """One instance of every public attrs class, from the library's own factories."""
    return {name: getattr(f, f"make_{_snake(name)}")() for name in ATTRS_CLASSES}


# --- the names -------------------------------------------------------------------------------


@pytest.mark.parametrize("package", sorted(PUBLIC_NAMES))
def test_each_package_exports_exactly_the_pinned_names(package: str) -> None:
    module = importlib.import_module(package)
    assert list(module.__all__) == PUBLIC_NAMES[package]


@pytest.mark.parametrize("package", sorted(PUBLIC_NAMES))
def test_each_all_is_sorted_constants_then_classes_then_functions(package: str) -> None:
    names = list(importlib.import_module(package).__all__)
    assert names == sorted(names, key=_isort_key)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("package", sorted(PUBLIC_NAMES))
def test_every_exported_name_exists(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


def test_the_testing_package_itself_exports_nothing() -> None:
    testing = importlib.import_module("pcf_sales.testing")
    assert testing.__all__ == []


def test_the_sort_order_puts_constants_before_classes_before_functions() -> None:
    names = ["money", "Lead", "LEAD_FIELDS", "__version__", "Aggregate"]
    assert sorted(names, key=_isort_key) == [
        "LEAD_FIELDS",
        "Aggregate",
        "Lead",
        "__version__",
        "money",
    ]


def test_the_top_level_names_are_the_same_objects_as_in_their_packages() -> None:
    for name in PUBLIC_NAMES["pcf_sales"]:
        if name == "__version__":
            continue
        here = getattr(pcf_sales, name)
        home = next(
            getattr(m, name) for m in (errors, core, leads) if name in getattr(m, "__all__", ())
        )
        assert here is home, name


def test_the_version_is_a_non_empty_string() -> None:
    assert isinstance(pcf_sales.__version__, str)
    assert pcf_sales.__version__.strip() != ""


# --- every public class is a frozen, slotted attrs class ---------------------------------------


def test_the_exemptions_are_exactly_the_enums_errors_new_types_aliases_and_protocol() -> None:
    classes = {
        name
        for name, obj in _public_objects().items()
        if isinstance(obj, type) and name not in ATTRS_CLASSES
    }
    assert classes == ENUMS | ERRORS | PROTOCOLS
    assert all(issubclass(typing.cast(type, _public_objects()[n]), enum.Enum) for n in ENUMS)
    assert all(
        issubclass(typing.cast(type, _public_objects()[n]), errors.PcfSalesError) for n in ERRORS
    )
    new_types = {n for n, o in _public_objects().items() if isinstance(o, typing.NewType)}
    assert new_types == NEW_TYPES
    aliases = {
        n
        for n, o in _public_objects().items()
        if typing.get_origin(o) is not None or type(o).__name__ == "UnionType"
    }
    assert aliases == TYPE_ALIASES
    assert getattr(core.Aggregate, "_is_protocol", False) is True


def test_every_public_attrs_class_has_an_instance_to_check() -> None:
    found = {
        name for name, obj in _public_objects().items() if isinstance(obj, type) and attrs.has(obj)
    }
    assert found == ATTRS_CLASSES
    assert set(_instances()) == ATTRS_CLASSES


@pytest.mark.parametrize("name", sorted(ATTRS_CLASSES))
def test_every_public_class_is_a_slotted_attrs_class(name: str) -> None:
    cls = typing.cast(type, _public_objects()[name])
    assert attrs.has(cls)
    assert "__slots__" in cls.__dict__
    instance = _instances()[name]
    assert isinstance(instance, cls)
    assert not hasattr(instance, "__dict__"), f"{name} instances carry a __dict__"


@pytest.mark.parametrize("name", sorted(ATTRS_CLASSES))
def test_every_public_class_is_frozen(name: str) -> None:
    instance: Any = _instances()[name]
    cls = type(instance)
    first = attrs.fields(cls)[0].name
    before = getattr(instance, first)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(instance, first, before)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(instance, first)
    assert getattr(instance, first) is before


def test_a_command_leaves_the_frozen_lead_it_ran_on_untouched() -> None:
    lead = f.make_lead(LeadStatus.WORKING)
    copy = attrs.evolve(lead)
    nurtured = lead.nurture(at=lead.updated_at.add(hours=1), by=UserId("sdr-1"))
    assert lead == copy
    assert nurtured is not lead
    assert nurtured.status is LeadStatus.NURTURING
    assert lead.id == LeadId("lead-1")
