"""Proposals, bids and quotes (PCF 3.5.3): requests for proposal and quote,
bid/no-bid, competitive analysis, solution, staffing and schedule, pricing
estimates, profitability, quotes and their outcomes.

An :class:`Rfp` records a customer's request (requirements, questions and
answers, clarifications, our compliance answers) and moves from receipt
through the bid decision, preparation, internal review and submission to its
outcome. A :class:`BidPolicy` turns :class:`BidRating` s into a
:class:`BidScorecard` that recommends bidding or not, and a
:class:`BidDecision` records what was decided and why.
:class:`ComplianceCoverage` is the compliance matrix with its coverage of the
must-haves.


A :class:`Quote` carries lines priced by the pricing engine, exactly as
priced, with its :class:`QuoteTerms` and last valid day, and goes through
draft → in review → approved → presented → accepted, rejected or expired.
Revising a version supersedes it and starts the next one, recording what
changed (:class:`VersionChange`); approvals never carry over. The
:func:`approval_chain` of a quote comes from a :class:`ReviewPolicy`: the
functional reviews, the :class:`~pcf_sales.pricing.DiscountPolicy`, the
margin and the deal size. An accepted quote hands over an :class:`OrderDraft`
with its prices to the cent; :func:`quote_outcomes` reads win/loss figures
and the acceptance rate from the quotes.
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
from pcf_sales.proposals._order_draft import OrderDraft
from pcf_sales.proposals._outcomes import (
    QuoteOutcome,
    QuoteOutcomes,
    QuoteResult,
    Tally,
    quote_outcomes,
)
from pcf_sales.proposals._profitability import (
    PriceEstimate,
    ProductCost,
    Profitability,
    ProfitabilityPolicy,
)
from pcf_sales.proposals._quote import Quote
from pcf_sales.proposals._quote_lifecycle import QUOTE_LIFECYCLE, QuoteStatus
from pcf_sales.proposals._requirements import (
    Clarification,
    Question,
    Requirement,
    RequirementPriority,
)
from pcf_sales.proposals._review import (
    ApprovalChain,
    ChainStep,
    DealSizeRule,
    MarginFloor,
    QuoteReview,
    ReviewOutcome,
    ReviewPolicy,
    ReviewRequirement,
    StepKind,
    approval_chain,
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
from pcf_sales.proposals._terms import Incoterm, QuoteTerms
from pcf_sales.proposals._versions import VersionChange

__all__ = [
    "QUOTE_LIFECYCLE",
    "RFP_LIFECYCLE",
    "ApprovalChain",
    "BidCriterion",
    "BidCriterionScore",
    "BidDecision",
    "BidOutcome",
    "BidPolicy",
    "BidRating",
    "BidScorecard",
    "BidWeight",
    "ChainStep",
    "Clarification",
    "CompetitiveAnalysis",
    "Competitor",
    "ComplianceAnswer",
    "ComplianceCoverage",
    "ComplianceLevel",
    "ComplianceLine",
    "DealSizeRule",
    "Deliverable",
    "Incoterm",
    "MarginFloor",
    "Milestone",
    "OrderDraft",
    "PriceEstimate",
    "PricePosition",
    "PriceRange",
    "PriceToWin",
    "ProductCost",
    "Profitability",
    "ProfitabilityPolicy",
    "Question",
    "Quote",
    "QuoteOutcome",
    "QuoteOutcomes",
    "QuoteResult",
    "QuoteReview",
    "QuoteStatus",
    "QuoteTerms",
    "Requirement",
    "RequirementPriority",
    "ReviewOutcome",
    "ReviewPolicy",
    "ReviewRequirement",
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
    "StepKind",
    "Tally",
    "VersionChange",
    "approval_chain",
    "is_business_day",
    "next_business_day",
    "quote_outcomes",
]
