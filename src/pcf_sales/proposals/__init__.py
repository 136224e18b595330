"""Proposals (PCF 3.5.3): requests for proposal and quote, bid/no-bid, competitive
analysis, solution, staffing and schedule, pricing estimates and profitability.

An :class:`Rfp` records a customer's request (requirements, questions and
answers, clarifications, our compliance answers) and moves from receipt
through the bid decision, preparation, internal review and submission to its
outcome. A :class:`BidPolicy` turns :class:`BidRating` s into a
:class:`BidScorecard` that recommends bidding or not, and a
:class:`BidDecision` records what was decided and why.
:class:`ComplianceCoverage` is the compliance matrix with its coverage of the
must-haves.
"""

from __future__ import annotations

from pcf_sales.proposals._bid import (
    BidCriterion,
    BidCriterionScore,
    BidDecision,
    BidOutcome,
    BidPolicy,
    BidRating,
    BidScorecard,
    BidWeight,
)
from pcf_sales.proposals._competition import (
    CompetitiveAnalysis,
    Competitor,
    PricePosition,
    PriceRange,
    PriceToWin,
)
from pcf_sales.proposals._compliance import (
    ComplianceAnswer,
    ComplianceCoverage,
    ComplianceLevel,
    ComplianceLine,
)
from pcf_sales.proposals._profitability import (
    PriceEstimate,
    ProductCost,
    Profitability,
    ProfitabilityPolicy,
)
from pcf_sales.proposals._requirements import (
    Clarification,
    Question,
    Requirement,
    RequirementPriority,
)
from pcf_sales.proposals._rfp import Rfp
from pcf_sales.proposals._rfp_lifecycle import RFP_LIFECYCLE, RfpKind, RfpStatus
from pcf_sales.proposals._schedule import (
    Milestone,
    Schedule,
    ScheduledTask,
    is_business_day,
    next_business_day,
)
from pcf_sales.proposals._solution import (
    Deliverable,
    ServiceLine,
    ServiceRole,
    ServicesEstimate,
    SolutionPlan,
    SolutionTask,
)
from pcf_sales.proposals._staffing import StaffingLine, StaffingPlan

__all__ = [
    "RFP_LIFECYCLE",
    "BidCriterion",
    "BidCriterionScore",
    "BidDecision",
    "BidOutcome",
    "BidPolicy",
    "BidRating",
    "BidScorecard",
    "BidWeight",
    "Clarification",
    "CompetitiveAnalysis",
    "Competitor",
    "ComplianceAnswer",
    "ComplianceCoverage",
    "ComplianceLevel",
    "ComplianceLine",
    "Deliverable",
    "Milestone",
    "PriceEstimate",
    "PricePosition",
    "PriceRange",
    "PriceToWin",
    "ProductCost",
    "Profitability",
    "ProfitabilityPolicy",
    "Question",
    "Requirement",
    "RequirementPriority",
    "Rfp",
    "RfpKind",
    "RfpStatus",
    "Schedule",
    "ScheduledTask",
    "ServiceLine",
    "ServiceRole",
    "ServicesEstimate",
    "SolutionPlan",
    "SolutionTask",
    "StaffingLine",
    "StaffingPlan",
    "is_business_day",
    "next_business_day",
]
