"""Opportunities (PCF 3.5.1.4-3.5.1.8): deals, the sales process, win plans, fit with the
strategy, resource allocation, sales activities, the pipeline, and lead conversion.

An :class:`Opportunity` moves through the stages of a :class:`SalesProcess`
(forward and back, exit criteria guarding forward moves) to won or lost, with
a :class:`WinLossReview`; it may be reopened. A :class:`WinPlan` records how
to win it, :class:`BusinessStrategy` says how well it fits where the company
wants to win, and :func:`allocate_sales_resources` decides who works which
deal. :class:`SalesActivity` records the calls, meetings, workshops, demos
and pre-sales tasks. :class:`PipelineSnapshot` sums the pipeline up at an
instant, :func:`pipeline_changes` explains the move between two snapshots to
the cent, and :func:`stage_conversion`, :func:`stage_velocity` and
:func:`sales_cycle` read the deals' histories. :func:`plan_lead_conversion`
and :func:`convert_lead` turn a qualified lead into an account, a contact and
an opportunity without duplicating anyone.
"""

from __future__ import annotations

from pcf_sales.opportunities._activity import (
    ACTIVITY_LIFECYCLE,
    ActivityKind,
    ActivityOutcome,
    ActivityStatus,
    FollowUp,
    SalesActivity,
)
from pcf_sales.opportunities._allocation import (
    AllocationMethod,
    Assignment,
    EffortDemand,
    ResourceAllocation,
    SellerCapacity,
    SellerLoad,
    UnassignedDemand,
    allocate_sales_resources,
)
from pcf_sales.opportunities._analytics import (
    SalesCycle,
    StageConversion,
    StageVelocity,
    sales_cycle,
    stage_conversion,
    stage_velocity,
)
from pcf_sales.opportunities._changes import (
    ChangeKind,
    ChangeTotal,
    PipelineChange,
    PipelineChanges,
    pipeline_changes,
)
from pcf_sales.opportunities._conversion import (
    AccountChoice,
    ContactCandidate,
    ContactChoice,
    ConversionIndex,
    ConversionPlan,
    ConversionResult,
    MatchAction,
    OpportunityDraft,
    convert_lead,
    plan_lead_conversion,
)
from pcf_sales.opportunities._opportunity import (
    OPPORTUNITY_LIFECYCLE,
    Opportunity,
    OpportunityStatus,
)
from pcf_sales.opportunities._pipeline import (
    AlertKind,
    DealAlert,
    PipelineEntry,
    PipelineGroup,
    PipelineSnapshot,
    PipelineSummary,
    QuotaCoverage,
)
from pcf_sales.opportunities._process import ExitCriterion, ForecastCategory, SalesProcess, Stage
from pcf_sales.opportunities._review import CloseReason, PriceFeedback, WinLossReview
from pcf_sales.opportunities._strategy import (
    BusinessStrategy,
    CheckResult,
    DealSizePolicy,
    FitCheck,
    FitDimension,
    FitLevel,
    StrategyFit,
)
from pcf_sales.opportunities._values import (
    CloseDateChange,
    NextStep,
    OpportunitySource,
    ProductLine,
    RecurringRevenue,
    RevenueSplit,
    StageVisit,
    TeamMember,
    TeamRole,
    even_team,
)
from pcf_sales.opportunities._win_plan import (
    CompetitorPosition,
    DealRisk,
    DealStakeholder,
    DecisionCriterion,
    Level,
    Standing,
    WinPlan,
    WinPlanAction,
)

__all__ = [
    "ACTIVITY_LIFECYCLE",
    "OPPORTUNITY_LIFECYCLE",
    "AccountChoice",
    "ActivityKind",
    "ActivityOutcome",
    "ActivityStatus",
    "AlertKind",
    "AllocationMethod",
    "Assignment",
    "BusinessStrategy",
    "ChangeKind",
    "ChangeTotal",
    "CheckResult",
    "CloseDateChange",
    "CloseReason",
    "CompetitorPosition",
    "ContactCandidate",
    "ContactChoice",
    "ConversionIndex",
    "ConversionPlan",
    "ConversionResult",
    "DealAlert",
    "DealRisk",
    "DealSizePolicy",
    "DealStakeholder",
    "DecisionCriterion",
    "EffortDemand",
    "ExitCriterion",
    "FitCheck",
    "FitDimension",
    "FitLevel",
    "FollowUp",
    "ForecastCategory",
    "Level",
    "MatchAction",
    "NextStep",
    "Opportunity",
    "OpportunityDraft",
    "OpportunitySource",
    "OpportunityStatus",
    "PipelineChange",
    "PipelineChanges",
    "PipelineEntry",
    "PipelineGroup",
    "PipelineSnapshot",
    "PipelineSummary",
    "PriceFeedback",
    "ProductLine",
    "QuotaCoverage",
    "RecurringRevenue",
    "ResourceAllocation",
    "RevenueSplit",
    "SalesActivity",
    "SalesCycle",
    "SalesProcess",
    "SellerCapacity",
    "SellerLoad",
    "Stage",
    "StageConversion",
    "StageVelocity",
    "StageVisit",
    "Standing",
    "StrategyFit",
    "TeamMember",
    "TeamRole",
    "UnassignedDemand",
    "WinLossReview",
    "WinPlan",
    "WinPlanAction",
    "allocate_sales_resources",
    "convert_lead",
    "even_team",
    "pipeline_changes",
    "plan_lead_conversion",
    "sales_cycle",
    "stage_conversion",
    "stage_velocity",
]
