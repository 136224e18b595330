"""The factories: one ``make_<type>`` per public record type, deterministic and storable."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from typing import Any, Final

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales import samples, serialization
from pcf_sales.core import HistoryEntry, LeadId, UserId
from pcf_sales.leads import LEAD_LIFECYCLE, Lead, LeadStatus
from pcf_sales.serialization import DOCUMENT_TYPES, from_dict, from_document, to_dict, to_document
from pcf_sales.testing import factories

#: The factory of every public record type, by type name. Written out so that
#: renaming or dropping a factory fails here instead of silently.
FACTORIES: Final = {
    "Account": "make_account",
    "AccountChoice": "make_account_choice",
    "AccountFacts": "make_account_facts",
    "AccountHierarchy": "make_account_hierarchy",
    "AccountIndex": "make_account_index",
    "AccountMatch": "make_account_match",
    "AccountMatchKeys": "make_account_match_keys",
    "AccountRank": "make_account_rank",
    "AccountTeamMember": "make_account_team_member",
    "ActivityOutcome": "make_activity_outcome",
    "Address": "make_address",
    "Adjustment": "make_adjustment",
    "Affinity": "make_affinity",
    "AffinityRule": "make_affinity_rule",
    "AllocationPolicy": "make_allocation_policy",
    "AppliedHeaderDiscount": "make_applied_header_discount",
    "ApprovalChain": "make_approval_chain",
    "ApprovalLevel": "make_approval_level",
    "ApprovalRequirements": "make_approval_requirements",
    "ApprovalThreshold": "make_approval_threshold",
    "Assignment": "make_assignment",
    "AvailabilityPromise": "make_availability_promise",
    "AvailabilityResult": "make_availability_result",
    "AvailabilitySnapshot": "make_availability_snapshot",
    "BidCriterionScore": "make_bid_criterion_score",
    "BidDecision": "make_bid_decision",
    "BidPolicy": "make_bid_policy",
    "BidRating": "make_bid_rating",
    "BidScorecard": "make_bid_scorecard",
    "BidWeight": "make_bid_weight",
    "BreakEven": "make_break_even",
    "Bundle": "make_bundle",
    "BundleComponent": "make_bundle_component",
    "BusinessStrategy": "make_business_strategy",
    "Catalog": "make_catalog",
    "ChainStep": "make_chain_step",
    "ChangeTotal": "make_change_total",
    "Clarification": "make_clarification",
    "CloseDateChange": "make_close_date_change",
    "CombinationPolicy": "make_combination_policy",
    "CommunicationPreferences": "make_communication_preferences",
    "CommunicationProfile": "make_communication_profile",
    "CompanyDetails": "make_company_details",
    "CompetitiveAnalysis": "make_competitive_analysis",
    "Competitor": "make_competitor",
    "CompetitorPosition": "make_competitor_position",
    "ComplianceAnswer": "make_compliance_answer",
    "ComplianceCoverage": "make_compliance_coverage",
    "ComplianceLine": "make_compliance_line",
    "Consent": "make_consent",
    "Contact": "make_contact",
    "ContactCandidate": "make_contact_candidate",
    "ContactChoice": "make_contact_choice",
    "ContactCoverage": "make_contact_coverage",
    "ContactIndex": "make_contact_index",
    "ContactMatch": "make_contact_match",
    "ContactMatchKeys": "make_contact_match_keys",
    "ContactReach": "make_contact_reach",
    "ConversionIndex": "make_conversion_index",
    "ConversionPlan": "make_conversion_plan",
    "ConversionResult": "make_conversion_result",
    "CostVolumeProfit": "make_cost_volume_profit",
    "CountryInfo": "make_country_info",
    "Coverage": "make_coverage",
    "CreditSnapshot": "make_credit_snapshot",
    "CriterionAnswer": "make_criterion_answer",
    "CriterionScore": "make_criterion_score",
    "CriterionWeight": "make_criterion_weight",
    "CrossSellModel": "make_cross_sell_model",
    "CustomFields": "make_custom_fields",
    "CustomerPicture": "make_customer_picture",
    "DealAlert": "make_deal_alert",
    "DealRisk": "make_deal_risk",
    "DealSizePolicy": "make_deal_size_policy",
    "DealSizeRule": "make_deal_size_rule",
    "DealStakeholder": "make_deal_stakeholder",
    "DecisionCriterion": "make_decision_criterion",
    "Deliverable": "make_deliverable",
    "DeliveryTolerance": "make_delivery_tolerance",
    "DemandLine": "make_demand_line",
    "DiscountPolicy": "make_discount_policy",
    "Disqualification": "make_disqualification",
    "DocumentLine": "make_document_line",
    "DocumentRoute": "make_document_route",
    "DuplicateSuspect": "make_duplicate_suspect",
    "EffortDemand": "make_effort_demand",
    "EmailAddress": "make_email_address",
    "Engagement": "make_engagement",
    "EngagementRule": "make_engagement_rule",
    "ExistingAllocation": "make_existing_allocation",
    "ExitCriterion": "make_exit_criterion",
    "FieldCondition": "make_field_condition",
    "FiscalCalendar": "make_fiscal_calendar",
    "FitCheck": "make_fit_check",
    "FitRule": "make_fit_rule",
    "FloorOverride": "make_floor_override",
    "FollowUp": "make_follow_up",
    "FulfilmentDecision": "make_fulfilment_decision",
    "FulfilmentGroup": "make_fulfilment_group",
    "FulfilmentItem": "make_fulfilment_item",
    "FulfilmentPart": "make_fulfilment_part",
    "FulfilmentPlan": "make_fulfilment_plan",
    "FulfilmentPolicy": "make_fulfilment_policy",
    "FulfilmentRule": "make_fulfilment_rule",
    "FxRate": "make_fx_rate",
    "FxTable": "make_fx_table",
    "GradeBand": "make_grade_band",
    "Guard": "make_guard",
    "HealthFactor": "make_health_factor",
    "HierarchyLink": "make_hierarchy_link",
    "HierarchyRollUp": "make_hierarchy_roll_up",
    "HistoryEntry": "make_history_entry",
    "Interaction": "make_interaction",
    "InvolvedParty": "make_involved_party",
    "KeyAccountCriteria": "make_key_account_criteria",
    "KeyAccountPlan": "make_key_account_plan",
    "KeyAccountRanking": "make_key_account_ranking",
    "Lead": "make_lead",
    "LeadConversion": "make_lead_conversion",
    "LeadScore": "make_lead_score",
    "LeadSource": "make_lead_source",
    "LeakageItem": "make_leakage_item",
    "LevelCoverage": "make_level_coverage",
    "Lifecycle": "make_lifecycle",
    "LineDifference": "make_line_difference",
    "LinePromise": "make_line_promise",
    "LineShipment": "make_line_shipment",
    "LineStatusView": "make_line_status_view",
    "ManualDiscount": "make_manual_discount",
    "MarginFloor": "make_margin_floor",
    "MarginPrice": "make_margin_price",
    "Milestone": "make_milestone",
    "NextStep": "make_next_step",
    "Opportunity": "make_opportunity",
    "OpportunityDraft": "make_opportunity_draft",
    "OpportunitySource": "make_opportunity_source",
    "OrderAmendment": "make_order_amendment",
    "OrderBook": "make_order_book",
    "OrderBookRow": "make_order_book_row",
    "OrderDraft": "make_order_draft",
    "OrderFacts": "make_order_facts",
    "OrderHold": "make_order_hold",
    "OrderLine": "make_order_line",
    "OrderParties": "make_order_parties",
    "OrderPaymentTerms": "make_order_payment_terms",
    "OrderStatusView": "make_order_status_view",
    "PartyAddress": "make_party_address",
    "PartyRef": "make_party_ref",
    "PcfElement": "make_pcf_element",
    "Percentage": "make_percentage",
    "Period": "make_period",
    "PersonDetails": "make_person_details",
    "PhoneNumber": "make_phone_number",
    "PipelineChange": "make_pipeline_change",
    "PipelineChanges": "make_pipeline_changes",
    "PipelineEntry": "make_pipeline_entry",
    "PipelineGroup": "make_pipeline_group",
    "PipelineSnapshot": "make_pipeline_snapshot",
    "PipelineSummary": "make_pipeline_summary",
    "PlanAction": "make_plan_action",
    "PlanObjective": "make_plan_objective",
    "PlanProgress": "make_plan_progress",
    "PlanTarget": "make_plan_target",
    "PriceBook": "make_price_book",
    "PriceChange": "make_price_change",
    "PriceChangeNotice": "make_price_change_notice",
    "PriceEntry": "make_price_entry",
    "PriceEstimate": "make_price_estimate",
    "PriceRange": "make_price_range",
    "PriceTarget": "make_price_target",
    "PriceToWin": "make_price_to_win",
    "PricedLine": "make_priced_line",
    "PricingAnalysis": "make_pricing_analysis",
    "PricingContext": "make_pricing_context",
    "PricingDocument": "make_pricing_document",
    "PricingEngine": "make_pricing_engine",
    "PricingResult": "make_pricing_result",
    "PricingRule": "make_pricing_rule",
    "PricingTargets": "make_pricing_targets",
    "Product": "make_product",
    "ProductCost": "make_product_cost",
    "ProductLine": "make_product_line",
    "ProductRestriction": "make_product_restriction",
    "Profitability": "make_profitability",
    "ProfitabilityPolicy": "make_profitability_policy",
    "PromisedDelivery": "make_promised_delivery",
    "QualificationCriterion": "make_qualification_criterion",
    "QualificationFramework": "make_qualification_framework",
    "QualificationResult": "make_qualification_result",
    "Question": "make_question",
    "QuotaCoverage": "make_quota_coverage",
    "Quote": "make_quote",
    "QuoteOutcome": "make_quote_outcome",
    "QuoteOutcomes": "make_quote_outcomes",
    "QuoteReference": "make_quote_reference",
    "QuoteReview": "make_quote_review",
    "QuoteTerms": "make_quote_terms",
    "Recommendation": "make_recommendation",
    "RecordedReturn": "make_recorded_return",
    "RecurringRevenue": "make_recurring_revenue",
    "RegulatoryApproval": "make_regulatory_approval",
    "RelationshipHealth": "make_relationship_health",
    "RelationshipHealthPolicy": "make_relationship_health_policy",
    "RelationshipMap": "make_relationship_map",
    "ReplenishmentLeadTime": "make_replenishment_lead_time",
    "RequiredApproval": "make_required_approval",
    "Requirement": "make_requirement",
    "ResolvedAddress": "make_resolved_address",
    "ResourceAllocation": "make_resource_allocation",
    "ReturnLine": "make_return_line",
    "ReturnOrder": "make_return_order",
    "ReturnedLine": "make_returned_line",
    "RevenueSplit": "make_revenue_split",
    "ReviewPolicy": "make_review_policy",
    "ReviewRequirement": "make_review_requirement",
    "Rfp": "make_rfp",
    "RollUpLine": "make_roll_up_line",
    "RoundingPolicy": "make_rounding_policy",
    "RuleContribution": "make_rule_contribution",
    "RuleDecision": "make_rule_decision",
    "RuleScope": "make_rule_scope",
    "RuleSet": "make_rule_set",
    "SalesActivity": "make_sales_activity",
    "SalesCycle": "make_sales_cycle",
    "SalesOrder": "make_sales_order",
    "SalesProcess": "make_sales_process",
    "SampleCompany": "make_sample_company",
    "Schedule": "make_schedule",
    "ScheduledReceipt": "make_scheduled_receipt",
    "ScheduledTask": "make_scheduled_task",
    "ScoringModel": "make_scoring_model",
    "SellerCapacity": "make_seller_capacity",
    "SellerLoad": "make_seller_load",
    "ServiceLine": "make_service_line",
    "ServiceRole": "make_service_role",
    "ServicesEstimate": "make_services_estimate",
    "Shipment": "make_shipment",
    "ShipmentLine": "make_shipment_line",
    "SolutionPlan": "make_solution_plan",
    "SolutionTask": "make_solution_task",
    "StaffingLine": "make_staffing_line",
    "StaffingPlan": "make_staffing_plan",
    "Stage": "make_stage",
    "StageConversion": "make_stage_conversion",
    "StageVelocity": "make_stage_velocity",
    "StageVisit": "make_stage_visit",
    "StepMode": "make_step_mode",
    "StockPosition": "make_stock_position",
    "StrategyFit": "make_strategy_fit",
    "Tally": "make_tally",
    "TargetActual": "make_target_actual",
    "TargetComparison": "make_target_comparison",
    "TargetProgress": "make_target_progress",
    "TargetValue": "make_target_value",
    "TeamMember": "make_team_member",
    "Tier": "make_tier",
    "TierTable": "make_tier_table",
    "Transition": "make_transition",
    "UnassignedDemand": "make_unassigned_demand",
    "UnpriceableLine": "make_unpriceable_line",
    "UpgradePath": "make_upgrade_path",
    "ValidationProblem": "make_validation_problem",
    "ValidationReport": "make_validation_report",
    "ValidationRules": "make_validation_rules",
    "VersionChange": "make_version_change",
    "WaterfallStep": "make_waterfall_step",
    "WinLossReview": "make_win_loss_review",
    "WinPlan": "make_win_plan",
    "WinPlanAction": "make_win_plan_action",
}
#: Public classes with no document form: program definitions that hold
#: callables (guards); their factories hand out the shipped lead lifecycle.
NOT_STORABLE: Final = frozenset({"Guard", "Lifecycle", "Transition"})
#: Factory-module names that are not ``make_<public type>``, and what they make.
EXTRAS: Final = {
    "FIXED_INSTANT",
    "ORDER_ACCOUNT",
    "PRICING_DAY",
    "RFP_PATHS",
    "SCHEDULE_START",
    "approve_quote",
    "bant_answers",
    "make_money",
}


def _public_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    modules = [importlib.import_module(p) for p in serialization._PACKAGES] + [samples]
    for module in modules:
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj):
                found[name] = obj
    return found


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _factory(type_name: str) -> Callable[[], Any]:
    made: Callable[[], Any] = getattr(factories, FACTORIES[type_name])
    return made


def _read_as(type_name: str) -> Any:
    cls = _public_classes()[type_name]
    return HistoryEntry[LeadStatus] if cls is HistoryEntry else cls


def test_every_public_type_has_a_factory() -> None:
    assert set(FACTORIES) == set(_public_classes())
    assert set(FACTORIES) >= NOT_STORABLE


def test_factory_names_are_make_and_the_snake_case_type_name() -> None:
    for type_name, factory_name in FACTORIES.items():
        assert factory_name == f"make_{_snake(type_name)}"


def test_the_factory_module_exports_the_factories_and_nothing_unexpected() -> None:
    assert set(factories.__all__) == set(FACTORIES.values()) | EXTRAS


@pytest.mark.parametrize("type_name", sorted(FACTORIES))
def test_each_factory_makes_an_instance_of_its_type(type_name: str) -> None:
    made = _factory(type_name)()
    rebuilt = made if type_name in NOT_STORABLE else attrs.evolve(made)  # re-runs validators
    assert isinstance(made, _public_classes()[type_name])
    assert rebuilt == made


@pytest.mark.parametrize("type_name", sorted(FACTORIES))
def test_each_factory_gives_the_same_value_every_time(type_name: str) -> None:
    assert _factory(type_name)() == _factory(type_name)()


@pytest.mark.parametrize("type_name", sorted(set(FACTORIES) - NOT_STORABLE))
def test_each_factory_value_round_trips_through_serialization(type_name: str) -> None:
    made = _factory(type_name)()
    tp = _read_as(type_name)
    assert from_dict(tp, json.loads(json.dumps(to_dict(made)))) == made
    if type_name in DOCUMENT_TYPES:
        assert from_document(json.loads(json.dumps(to_document(made)))) == made


def test_make_money_defaults_to_a_hundred_dollars() -> None:
    assert factories.make_money() == Money("100.00", "USD")


def test_the_fixed_instant_is_aware_and_fixed() -> None:
    assert pendulum.datetime(2026, 3, 2, 9, tz="UTC") == factories.FIXED_INSTANT
    assert factories.FIXED_INSTANT.utcoffset() is not None


def test_bant_answers_cover_every_bant_criterion() -> None:
    answers = factories.bant_answers(met=False)
    assert [a.key for a in answers] == ["budget", "authority", "need", "timeline"]
    assert not any(a.met for a in answers)


# --- make_lead ---------------------------------------------------------------------------------


def _assert_legal_history(lead: Lead) -> None:
    LEAD_LIFECYCLE.check_history(lead)
    assert lead.history[0].command == "receive"
    for previous, entry in zip(lead.history, lead.history[1:], strict=False):
        assert entry.from_state is previous.to_state
        assert entry.from_state is not None
        assert entry.command in LEAD_LIFECYCLE.allowed(entry.from_state)
        assert entry.at == previous.at.add(hours=1)


@pytest.mark.parametrize("status", list(LeadStatus))
def test_make_lead_reaches_every_status_through_the_lifecycle(status: LeadStatus) -> None:
    lead = factories.make_lead(status)
    assert lead.status is status
    assert lead.revision == len(lead.history)
    _assert_legal_history(lead)
    assert (lead.disqualification is not None) == (status is LeadStatus.DISQUALIFIED)
    assert (lead.conversion is not None) == (status is LeadStatus.CONVERTED)


def test_make_lead_takes_the_shortest_readable_paths() -> None:
    paths = {
        status: [e.command for e in factories.make_lead(status).history] for status in LeadStatus
    }
    assert paths[LeadStatus.NEW] == ["receive"]
    assert paths[LeadStatus.WORKING] == ["receive", "start_working"]
    assert paths[LeadStatus.NURTURING] == ["receive", "start_working", "nurture"]
    assert paths[LeadStatus.QUALIFIED] == ["receive", "start_working", "assess", "qualify"]
    assert paths[LeadStatus.CONVERTED] == paths[LeadStatus.QUALIFIED] + ["convert"]
    assert paths[LeadStatus.DISQUALIFIED] == ["receive", "disqualify"]
    assert paths[LeadStatus.RECYCLED] == ["receive", "disqualify", "recycle"]


@given(
    status=st.sampled_from(LeadStatus),
    lead_id=st.from_type(LeadId),
    by=st.from_type(UserId),
    owner=st.none() | st.from_type(UserId),
)
def test_make_lead_keeps_the_overrides_it_is_given(
    status: LeadStatus, lead_id: LeadId, by: UserId, owner: UserId | None
) -> None:
    lead = factories.make_lead(status, id=lead_id, by=by, owner=owner)
    assert lead.status is status
    assert lead.id == lead_id
    assert lead.owner == owner
    assert {e.by for e in lead.history} == {by}
    _assert_legal_history(lead)


@given(st.sampled_from(LeadStatus))
def test_every_made_lead_round_trips_through_its_document(status: LeadStatus) -> None:
    lead = factories.make_lead(status)
    assert from_document(json.loads(json.dumps(to_document(lead)))) == lead
