"""Factories for opportunities, activities, the pipeline and lead conversion: readable,
deterministic defaults, and aggregates in any status through their own commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import pendulum

from pcf_sales.accounts import BuyingRole, ContactMatchReason, Sentiment, SizeBand, Stance
from pcf_sales.core import (
    AccountId,
    ActivityId,
    ContactId,
    CountryCode,
    LeadId,
    OpportunityId,
    Percentage,
    ProductId,
    SegmentId,
    UserId,
    money,
)
from pcf_sales.leads import LeadStatus
from pcf_sales.opportunities import (
    AccountChoice,
    ActivityKind,
    ActivityOutcome,
    ActivityStatus,
    AlertKind,
    Assignment,
    BusinessStrategy,
    ChangeKind,
    ChangeTotal,
    CheckResult,
    CloseDateChange,
    CloseReason,
    CompetitorPosition,
    ContactCandidate,
    ContactChoice,
    ConversionIndex,
    ConversionPlan,
    ConversionResult,
    DealAlert,
    DealRisk,
    DealSizePolicy,
    DealStakeholder,
    DecisionCriterion,
    EffortDemand,
    ExitCriterion,
    FitCheck,
    FitDimension,
    FollowUp,
    Level,
    MatchAction,
    NextStep,
    Opportunity,
    OpportunityDraft,
    OpportunitySource,
    OpportunityStatus,
    PipelineChange,
    PipelineChanges,
    PipelineEntry,
    PipelineGroup,
    PipelineSnapshot,
    PipelineSummary,
    PriceFeedback,
    ProductLine,
    QuotaCoverage,
    RecurringRevenue,
    ResourceAllocation,
    RevenueSplit,
    SalesActivity,
    SalesCycle,
    SalesProcess,
    SellerCapacity,
    SellerLoad,
    Stage,
    StageConversion,
    StageVelocity,
    StageVisit,
    Standing,
    StrategyFit,
    TeamMember,
    TeamRole,
    UnassignedDemand,
    WinLossReview,
    WinPlan,
    WinPlanAction,
    allocate_sales_resources,
    convert_lead,
    pipeline_changes,
    plan_lead_conversion,
    sales_cycle,
    stage_conversion,
    stage_velocity,
)
from pcf_sales.testing.factories._accounts import make_account, make_account_match
from pcf_sales.testing.factories._core import FIXED_INSTANT, make_period
from pcf_sales.testing.factories._leads import make_lead

__all__ = [
    "make_account_choice",
    "make_activity_outcome",
    "make_assignment",
    "make_business_strategy",
    "make_change_total",
    "make_close_date_change",
    "make_competitor_position",
    "make_contact_candidate",
    "make_contact_choice",
    "make_conversion_index",
    "make_conversion_plan",
    "make_conversion_result",
    "make_deal_alert",
    "make_deal_risk",
    "make_deal_size_policy",
    "make_deal_stakeholder",
    "make_decision_criterion",
    "make_effort_demand",
    "make_exit_criterion",
    "make_fit_check",
    "make_follow_up",
    "make_next_step",
    "make_opportunity",
    "make_opportunity_draft",
    "make_opportunity_source",
    "make_pipeline_change",
    "make_pipeline_changes",
    "make_pipeline_entry",
    "make_pipeline_group",
    "make_pipeline_snapshot",
    "make_pipeline_summary",
    "make_product_line",
    "make_quota_coverage",
    "make_recurring_revenue",
    "make_resource_allocation",
    "make_revenue_split",
    "make_sales_activity",
    "make_sales_cycle",
    "make_sales_process",
    "make_seller_capacity",
    "make_seller_load",
    "make_stage",
    "make_stage_conversion",
    "make_stage_velocity",
    "make_stage_visit",
    "make_strategy_fit",
    "make_team_member",
    "make_unassigned_demand",
    "make_win_loss_review",
    "make_win_plan",
    "make_win_plan_action",
]

_BY: Final = UserId("user-1")
_OWNER: Final = UserId("ae-1")


# --- the sales process and a deal's values ------------------------------------------------------


def make_exit_criterion(
    key: str = "budget_confirmed", label: str = "Budget confirmed"
) -> ExitCriterion:
    """The default process's first exit criterion unless told otherwise."""
    return ExitCriterion(key=key, label=label)


def make_stage(**overrides: Any) -> Stage:
    """The default process's first stage (qualify, 10 %, pipeline) unless told otherwise."""
    stage = SalesProcess.default().first
    if not overrides:
        return stage
    fields: dict[str, Any] = {
        "key": stage.key,
        "name": stage.name,
        "probability": stage.probability,
        "forecast_category": stage.forecast_category,
        "exit_criteria": stage.exit_criteria,
        "norm_days": stage.norm_days,
    }
    fields.update(overrides)
    return Stage(**fields)


def make_sales_process() -> SalesProcess:
    """The default five-stage process."""
    return SalesProcess.default()


def make_opportunity_source(**overrides: Any) -> OpportunitySource:
    """From lead ``lead-1`` and campaign ``cmp-1`` unless told otherwise."""
    fields: dict[str, Any] = {"lead_id": LeadId("lead-1"), "campaign_id": "cmp-1"}
    fields.update(overrides)
    return OpportunitySource(**fields)


def make_product_line(**overrides: Any) -> ProductLine:
    """Four test rigs at 12,000.00 USD each, no discount, unless told otherwise."""
    fields: dict[str, Any] = {
        "product_id": ProductId("product-1"),
        "quantity": Decimal(4),
        "unit_price": money("12000.00", "USD"),
        "description": "Test rig",
    }
    fields.update(overrides)
    return ProductLine(**fields)


def make_recurring_revenue(monthly: str = "500.00", term_months: int = 36) -> RecurringRevenue:
    """500.00 USD a month for 36 months unless told otherwise."""
    return RecurringRevenue(monthly=money(monthly, "USD"), term_months=term_months)


def make_team_member(**overrides: Any) -> TeamMember:
    """``ae-1``, the account executive, with all the credit, unless told otherwise."""
    fields: dict[str, Any] = {
        "user_id": _OWNER,
        "role": TeamRole.ACCOUNT_EXECUTIVE,
        "split": Percentage(100),
    }
    fields.update(overrides)
    return TeamMember(**fields)


def make_revenue_split() -> RevenueSplit:
    """``ae-1`` credited with all of 48,000.00 USD."""
    return RevenueSplit(user_id=_OWNER, share=Percentage(100), amount=money("48000.00", "USD"))


def make_next_step(description: str = "Send the proposal", days: int = 7) -> NextStep:
    """Send the proposal, due a week after the fixed instant, unless told otherwise."""
    return NextStep(description=description, due=FIXED_INSTANT.date().add(days=days))


def make_stage_visit(stage: str = "qualify") -> StageVisit:
    """Entered qualify at the fixed instant unless told otherwise."""
    return StageVisit(stage=stage, entered_at=FIXED_INSTANT)


def make_close_date_change(days: int = 30) -> CloseDateChange:
    """The close date pushed by ``days`` (30) a week after the fixed instant."""
    start = FIXED_INSTANT.date().add(days=90)
    return CloseDateChange(
        at=FIXED_INSTANT.add(days=7),
        from_date=start,
        to_date=start.add(days=days),
        reason="Budget sign-off moved to next quarter",
    )


def make_win_loss_review(**overrides: Any) -> WinLossReview:
    """Won on product fit and relationship against Globex, price fair, unless told otherwise."""
    fields: dict[str, Any] = {
        "reasons": (CloseReason.PRODUCT_FIT, CloseReason.RELATIONSHIP),
        "competitor": "Globex",
        "price_feedback": PriceFeedback.FAIR,
    }
    fields.update(overrides)
    return WinLossReview(**fields)


# --- win plans ------------------------------------------------------------------------------


def make_decision_criterion(**overrides: Any) -> DecisionCriterion:
    """Measurement accuracy, high importance, where we are ahead, unless told otherwise."""
    fields: dict[str, Any] = {
        "name": "Measurement accuracy",
        "importance": Level.HIGH,
        "standing": Standing.AHEAD,
    }
    fields.update(overrides)
    return DecisionCriterion(**fields)


def make_deal_stakeholder(**overrides: Any) -> DealStakeholder:
    """``contact-1``, the economic buyer, supportive, unless told otherwise."""
    fields: dict[str, Any] = {
        "contact_id": ContactId("contact-1"),
        "role": BuyingRole.ECONOMIC_BUYER,
        "stance": Stance.SUPPORTIVE,
    }
    fields.update(overrides)
    return DealStakeholder(**fields)


def make_competitor_position(**overrides: Any) -> CompetitorPosition:
    """Globex, a medium threat, unless told otherwise."""
    fields: dict[str, Any] = {
        "name": "Globex",
        "threat": Level.MEDIUM,
        "strengths": "Lower price",
        "weaknesses": "No local support",
    }
    fields.update(overrides)
    return CompetitorPosition(**fields)


def make_win_plan_action(**overrides: Any) -> WinPlanAction:
    """Run a pilot in plant 1, owned by ``ae-1``, due in a month, unless told otherwise."""
    fields: dict[str, Any] = {
        "description": "Run a pilot in plant 1",
        "owner": _OWNER,
        "due": FIXED_INSTANT.date().add(days=30),
    }
    fields.update(overrides)
    return WinPlanAction(**fields)


def make_deal_risk(**overrides: Any) -> DealRisk:
    """A budget freeze, medium likelihood, high impact, mitigated, unless told otherwise."""
    fields: dict[str, Any] = {
        "description": "Budget freeze",
        "likelihood": Level.MEDIUM,
        "impact": Level.HIGH,
        "mitigation": "Offer a phased rollout",
    }
    fields.update(overrides)
    return DealRisk(**fields)


def make_win_plan(**overrides: Any) -> WinPlan:
    """A plan with one of everything (see the other win-plan factories)."""
    fields: dict[str, Any] = {
        "objective": "Replace the legacy test rigs in two plants",
        "decision_criteria": (make_decision_criterion(),),
        "stakeholders": (
            make_deal_stakeholder(),
            make_deal_stakeholder(contact_id=ContactId("contact-2"), role=BuyingRole.CHAMPION),
        ),
        "competitors": (make_competitor_position(),),
        "actions": (make_win_plan_action(),),
        "risks": (make_deal_risk(),),
    }
    fields.update(overrides)
    return WinPlan(**fields)


# --- opportunities --------------------------------------------------------------------------


def make_opportunity(
    status: OpportunityStatus = OpportunityStatus.OPEN, **overrides: Any
) -> Opportunity:
    """A deal in ``status``, reached through the lifecycle's own commands.

    ``overrides`` go to :meth:`Opportunity.open`. The default is
    ``opportunity-1``: test rigs for ``account-1`` worth 48,000.00 USD,
    closing 90 days after the fixed instant, owned by ``ae-1``, in the
    default process's first stage. A won deal has every exit criterion done
    and passed through every stage; a lost one was lost from the first
    stage. Each later command happens one hour after the previous one.

    >>> make_opportunity(OpportunityStatus.WON).stage
    'negotiate'
    """
    fields: dict[str, Any] = {
        "id": OpportunityId("opportunity-1"),
        "at": FIXED_INSTANT,
        "by": _BY,
        "account_id": AccountId("account-1"),
        "name": "Test rigs for Analytical Engines",
        "amount": money("48000.00", "USD"),
        "close_date": FIXED_INSTANT.date().add(days=90),
        "owner": _OWNER,
        "source": make_opportunity_source(),
    }
    fields.update(overrides)
    deal = Opportunity.open(**fields)
    if status is OpportunityStatus.OPEN:
        return deal
    at: pendulum.DateTime = deal.created_at
    by = deal.history[0].by

    def later() -> pendulum.DateTime:
        nonlocal at
        at = at.add(hours=1)
        return at

    if status is OpportunityStatus.LOST:
        review = make_win_loss_review(
            reasons=(CloseReason.PRICE,), price_feedback=PriceFeedback.TOO_HIGH
        )
        return deal.close_lost(review, at=later(), by=by)
    process = deal.process
    for stage in process.stages[process.index_of(deal.stage) :]:
        for criterion in stage.exit_criteria:
            deal = deal.check_criterion(criterion.key, at=later(), by=by)
        if stage is not process.stages[-1]:
            following = process.stages[process.index_of(stage.key) + 1]
            deal = deal.move_to_stage(following.key, at=later(), by=by)
    return deal.close_won(make_win_loss_review(), at=later(), by=by)


def make_activity_outcome(summary: str = "Two plants in scope; pilot agreed") -> ActivityOutcome:
    """A positive outcome unless told otherwise."""
    return ActivityOutcome(summary=summary, sentiment=Sentiment.POSITIVE)


def make_follow_up(**overrides: Any) -> FollowUp:
    """Send the case study, due in three days, by ``ae-1``, unless told otherwise."""
    fields: dict[str, Any] = {
        "description": "Send the case study",
        "due": FIXED_INSTANT.date().add(days=3),
        "owner": _OWNER,
    }
    fields.update(overrides)
    return FollowUp(**fields)


def make_sales_activity(
    status: ActivityStatus = ActivityStatus.PLANNED, **overrides: Any
) -> SalesActivity:
    """An activity in ``status``, reached through the lifecycle's own commands.

    ``overrides`` go to :meth:`SalesActivity.plan`. The default is
    ``activity-1``: a discovery call on ``opportunity-1`` at ``account-1``
    with ``contact-1``, a day after the fixed instant, owned by ``ae-1``.
    Completing, cancelling or recording a no-show happens when the call is
    due to end.
    """
    fields: dict[str, Any] = {
        "id": ActivityId("activity-1"),
        "at": FIXED_INSTANT,
        "by": _BY,
        "kind": ActivityKind.CALL,
        "subject": "Discovery call",
        "owner": _OWNER,
        "scheduled_at": FIXED_INSTANT.add(days=1),
        "duration_minutes": 45,
        "account_id": AccountId("account-1"),
        "opportunity_id": OpportunityId("opportunity-1"),
        "contact_ids": (ContactId("contact-1"),),
    }
    fields.update(overrides)
    activity = SalesActivity.plan(**fields)
    by = activity.history[0].by
    at = max(activity.ends_at, activity.planned_at)
    if status is ActivityStatus.PLANNED:
        return activity
    if status is ActivityStatus.COMPLETED:
        return activity.complete(
            make_activity_outcome(), at=at, by=by, follow_ups=(make_follow_up(),)
        )
    if status is ActivityStatus.CANCELLED:
        return activity.cancel(reason="The customer postponed the project", at=at, by=by)
    return activity.record_no_show(at=max(at, activity.scheduled_at), by=by)


# --- the pipeline ------------------------------------------------------------------------------


def _deals() -> tuple[Opportunity, ...]:
    return (
        make_opportunity(),
        make_opportunity(
            id=OpportunityId("opportunity-2"),
            name="Calibration service",
            amount=money("12000.00", "USD"),
            stage="propose",
            close_date=FIXED_INSTANT.date().add(days=20),
        ),
        make_opportunity(OpportunityStatus.WON, id=OpportunityId("opportunity-3")),
        make_opportunity(OpportunityStatus.LOST, id=OpportunityId("opportunity-4")),
    )


def make_pipeline_snapshot(
    *opportunities: Opportunity, as_of: pendulum.DateTime | None = None, currency: str = "USD"
) -> PipelineSnapshot:
    """A snapshot of ``opportunities`` (by default two open deals, one won and one lost)
    a day after the last of them changed, unless told otherwise."""
    deals = opportunities or _deals()
    moment = as_of if as_of is not None else max(d.updated_at for d in deals).add(days=1)
    return PipelineSnapshot.take(deals, as_of=moment, currency=currency)


def make_pipeline_entry() -> PipelineEntry:
    """The row of ``opportunity-1`` in the default snapshot."""
    return make_pipeline_snapshot().entries[0]


def make_pipeline_summary() -> PipelineSummary:
    """The summary of the default snapshot (calendar-year quarters)."""
    return make_pipeline_snapshot().summary()


def make_pipeline_group() -> PipelineGroup:
    """The first stage group of the default summary."""
    return make_pipeline_summary().by_stage[0]


def make_deal_alert(**overrides: Any) -> DealAlert:
    """``opportunity-1`` stalled for 31 days unless told otherwise."""
    fields: dict[str, Any] = {
        "opportunity_id": OpportunityId("opportunity-1"),
        "kind": AlertKind.STALLED,
        "days": 31,
        "detail": "unchanged for 31 days",
    }
    fields.update(overrides)
    return DealAlert(**fields)


def make_quota_coverage() -> QuotaCoverage:
    """The default snapshot against a 150,000.00 USD quota for FY2026 Q2."""
    return make_pipeline_snapshot().coverage(
        money("150000.00", "USD"), period=make_period(number=2)
    )


def make_pipeline_changes() -> PipelineChanges:
    """Two weeks of change on the default deals: one deal grows and moves on, one slips,
    one is new."""
    first = _deals()[:2]
    start = max(d.updated_at for d in first).add(days=1)
    grown = first[0].change_amount(money("60000.00", "USD"), at=start.add(days=1), by=_BY)
    grown = grown.check_criterion("budget_confirmed", at=start.add(days=2), by=_BY)
    grown = grown.check_criterion("decision_maker_identified", at=start.add(days=2), by=_BY)
    grown = grown.move_to_stage("discover", at=start.add(days=3), by=_BY)
    slipped = first[1].change_close_date(
        first[1].close_date.add(days=45), at=start.add(days=4), by=_BY, reason="Budget moved"
    )
    new = make_opportunity(
        id=OpportunityId("opportunity-5"), at=start.add(days=5), amount=money("9000.00", "USD")
    )
    before = make_pipeline_snapshot(*first, as_of=start)
    after = make_pipeline_snapshot(grown, slipped, new, as_of=start.add(days=14))
    return pipeline_changes(before, after)


def make_pipeline_change() -> PipelineChange:
    """The first change of the default changes."""
    return make_pipeline_changes().changes[0]


def make_change_total(kind: ChangeKind = ChangeKind.NEW) -> ChangeTotal:
    """The total of ``kind`` in the default changes."""
    return make_pipeline_changes().total(kind)


def make_stage_conversion() -> StageConversion:
    """The first stage's row of the conversion report over the default deals."""
    return stage_conversion(_deals())[0]


def make_stage_velocity() -> StageVelocity:
    """The first stage's row of the velocity report over the default deals."""
    deals = _deals()
    return stage_velocity(deals, as_of=max(d.updated_at for d in deals).add(days=1))[0]


def make_sales_cycle(outcome: OpportunityStatus = OpportunityStatus.WON) -> SalesCycle:
    """The sales cycle of the default deals that were won (or ``outcome``)."""
    return sales_cycle(_deals(), outcome=outcome)


# --- strategy fit -----------------------------------------------------------------------------


def make_deal_size_policy(
    minimum: str = "20000.00", maximum: str | None = "500000.00"
) -> DealSizePolicy:
    """20,000.00 to 500,000.00 USD unless told otherwise."""
    return DealSizePolicy(
        minimum=money(minimum, "USD"),
        maximum=None if maximum is None else money(maximum, "USD"),
    )


def make_business_strategy(**overrides: Any) -> BusinessStrategy:
    """Large software and manufacturing companies in GB and DE, segment ``segment-1``,
    pushing ``product-1``, deals of 20,000.00 to 500,000.00 USD, unless told otherwise."""
    fields: dict[str, Any] = {
        "name": "Industrial focus",
        "target_segments": (SegmentId("segment-1"),),
        "target_industries": ("software", "manufacturing"),
        "target_sizes": (SizeBand.LARGE, SizeBand.ENTERPRISE),
        "target_countries": (CountryCode("GB"), CountryCode("DE")),
        "offerings": (ProductId("product-1"),),
        "deal_size": make_deal_size_policy(),
    }
    fields.update(overrides)
    return BusinessStrategy(**fields)


def make_fit_check(**overrides: Any) -> FitCheck:
    """An industry check that was met unless told otherwise."""
    fields: dict[str, Any] = {
        "dimension": FitDimension.INDUSTRY,
        "result": CheckResult.MET,
        "detail": "industry 'software' is a target",
    }
    fields.update(overrides)
    return FitCheck(**fields)


def make_strategy_fit() -> StrategyFit:
    """The default deal (with its product line) at the default account, evaluated against
    the default strategy."""
    deal = make_opportunity(amount=None, product_lines=(make_product_line(),))
    return make_business_strategy().evaluate(deal, make_account())


# --- resource allocation --------------------------------------------------------------------


def make_seller_capacity(user_id: str = "ae-1", hours: int = 40) -> SellerCapacity:
    """``ae-1`` with 40 hours unless told otherwise."""
    return SellerCapacity(user_id=UserId(user_id), hours=Decimal(hours))


def make_effort_demand(
    opportunity_id: str = "opportunity-1", value: str = "4800.00", hours: int = 12
) -> EffortDemand:
    """``opportunity-1`` worth 4,800.00 USD for 12 hours unless told otherwise."""
    return EffortDemand(
        opportunity_id=OpportunityId(opportunity_id),
        expected_value=money(value, "USD"),
        effort_hours=Decimal(hours),
    )


def make_assignment() -> Assignment:
    """``opportunity-1`` given to ``ae-1`` for 12 hours, worth 4,800.00 USD."""
    return Assignment(
        opportunity_id=OpportunityId("opportunity-1"),
        user_id=_OWNER,
        hours=Decimal(12),
        expected_value=money("4800.00", "USD"),
    )


def make_unassigned_demand() -> UnassignedDemand:
    """``opportunity-9``, which needs more hours than anyone has."""
    return UnassignedDemand(
        opportunity_id=OpportunityId("opportunity-9"),
        expected_value=money("1000.00", "USD"),
        effort_hours=Decimal(80),
        reason="needs 80 h, more than any seller has (40 h at most)",
    )


def make_seller_load() -> SellerLoad:
    """``ae-1`` with 12 of 40 hours used."""
    return SellerLoad(user_id=_OWNER, capacity=Decimal(40), assigned_hours=Decimal(12))


def make_resource_allocation() -> ResourceAllocation:
    """Three deals for two sellers, solved exactly."""
    return allocate_sales_resources(
        [make_seller_capacity(), make_seller_capacity("ae-2", 16)],
        [
            make_effort_demand(),
            make_effort_demand("opportunity-2", "7200.00", 30),
            make_effort_demand("opportunity-3", "3000.00", 16),
        ],
    )


# --- lead conversion --------------------------------------------------------------------------


def make_contact_candidate(**overrides: Any) -> ContactCandidate:
    """``contact-1`` at ``account-1``, same email and name, unless told otherwise."""
    fields: dict[str, Any] = {
        "contact_id": ContactId("contact-1"),
        "account_id": AccountId("account-1"),
        "reasons": (ContactMatchReason.SAME_EMAIL, ContactMatchReason.SAME_NAME),
    }
    fields.update(overrides)
    return ContactCandidate(**fields)


def make_account_choice(**overrides: Any) -> AccountChoice:
    """Use ``account-1`` (proposed by domain and name), ``account-9`` reserved."""
    fields: dict[str, Any] = {
        "action": MatchAction.USE_EXISTING,
        "account_id": AccountId("account-1"),
        "new_account_id": AccountId("account-9"),
        "new_account_name": "Analytical Engines Ltd",
        "candidates": (make_account_match(),),
    }
    fields.update(overrides)
    return AccountChoice(**fields)


def make_contact_choice(**overrides: Any) -> ContactChoice:
    """Use ``contact-1`` (same email and name), ``contact-9`` reserved."""
    fields: dict[str, Any] = {
        "action": MatchAction.USE_EXISTING,
        "contact_id": ContactId("contact-1"),
        "new_contact_id": ContactId("contact-9"),
        "candidates": (make_contact_candidate(),),
    }
    fields.update(overrides)
    return ContactChoice(**fields)


def make_opportunity_draft(**overrides: Any) -> OpportunityDraft:
    """``opportunity-1``: test rigs worth 48,000.00 USD, closing 90 days after the fixed
    instant, owned by ``ae-1``, unless told otherwise."""
    fields: dict[str, Any] = {
        "opportunity_id": OpportunityId("opportunity-1"),
        "name": "Test rigs for Analytical Engines",
        "close_date": FIXED_INSTANT.date().add(days=90),
        "owner": _OWNER,
        "amount": money("48000.00", "USD"),
    }
    fields.update(overrides)
    return OpportunityDraft(**fields)


def make_conversion_index() -> ConversionIndex:
    """The index of the default account (``account-1``) and no contacts."""
    return ConversionIndex.build([make_account()], [])


def make_conversion_plan() -> ConversionPlan:
    """The plan for the default qualified lead against the default index: use
    ``account-1`` (same domain), create ``contact-1``, open the default draft."""
    return plan_lead_conversion(
        make_lead(LeadStatus.QUALIFIED),
        index=make_conversion_index(),
        new_account_id=AccountId("account-9"),
        new_contact_id=ContactId("contact-1"),
        opportunity=make_opportunity_draft(),
    )


def make_conversion_result() -> ConversionResult:
    """The default plan carried out a day after the lead was qualified."""
    lead = make_lead(LeadStatus.QUALIFIED)
    return convert_lead(
        lead,
        make_conversion_plan(),
        at=lead.updated_at.add(days=1),
        by=_OWNER,
        account=make_account(),
    )
