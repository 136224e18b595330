"""Factories for requests, compliance and bid decisions: readable defaults, and requests in
any status through real commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import pendulum

from pcf_sales.core import AccountId, OpportunityId, Percentage, RfpId, UserId
from pcf_sales.proposals import (
    BidCriterion,
    BidCriterionScore,
    BidDecision,
    BidOutcome,
    BidPolicy,
    BidRating,
    BidScorecard,
    BidWeight,
    Clarification,
    ComplianceAnswer,
    ComplianceCoverage,
    ComplianceLevel,
    ComplianceLine,
    Question,
    Requirement,
    RequirementPriority,
    Rfp,
    RfpKind,
    RfpStatus,
)
from pcf_sales.testing.factories._core import FIXED_INSTANT

__all__ = [
    "RFP_PATHS",
    "make_bid_criterion_score",
    "make_bid_decision",
    "make_bid_policy",
    "make_bid_rating",
    "make_bid_scorecard",
    "make_bid_weight",
    "make_clarification",
    "make_compliance_answer",
    "make_compliance_coverage",
    "make_compliance_line",
    "make_question",
    "make_requirement",
    "make_rfp",
]

_BY: Final = UserId("bid-manager")

#: The commands that take a new request to each status (what :func:`make_rfp` runs).
RFP_PATHS: Final[dict[RfpStatus, tuple[str, ...]]] = {
    RfpStatus.RECEIVED: (),
    RfpStatus.IN_REVIEW: ("start_review",),
    RfpStatus.BID_DECIDED: ("start_review", "decide_bid"),
    RfpStatus.NO_BID: ("start_review", "decide_no_bid"),
    RfpStatus.IN_PREPARATION: ("start_review", "decide_bid", "start_preparation"),
    RfpStatus.INTERNAL_REVIEW: (
        "start_review",
        "decide_bid",
        "start_preparation",
        "answer_all",
        "submit_for_review",
    ),
}
RFP_PATHS[RfpStatus.APPROVED] = (*RFP_PATHS[RfpStatus.INTERNAL_REVIEW], "approve")
RFP_PATHS[RfpStatus.SUBMITTED] = (*RFP_PATHS[RfpStatus.APPROVED], "submit")
RFP_PATHS[RfpStatus.REVISION_REQUESTED] = (*RFP_PATHS[RfpStatus.SUBMITTED], "request_revision")
RFP_PATHS[RfpStatus.IN_REVISION] = (*RFP_PATHS[RfpStatus.REVISION_REQUESTED], "start_revision")
RFP_PATHS[RfpStatus.RESUBMITTED] = (
    *RFP_PATHS[RfpStatus.IN_REVISION],
    "submit_for_review",
    "approve",
    "submit",
)
RFP_PATHS[RfpStatus.WON] = (*RFP_PATHS[RfpStatus.SUBMITTED], "win")
RFP_PATHS[RfpStatus.LOST] = (*RFP_PATHS[RfpStatus.SUBMITTED], "lose")
RFP_PATHS[RfpStatus.WITHDRAWN] = (*RFP_PATHS[RfpStatus.IN_PREPARATION], "withdraw")
RFP_PATHS[RfpStatus.CANCELLED] = ("cancel",)
RFP_PATHS[RfpStatus.EXPIRED] = ("expire",)


def make_requirement(
    key: str = "R-1",
    priority: RequirementPriority = RequirementPriority.MUST,
    **overrides: Any,
) -> Requirement:
    """Must-have ``R-1``, "Data hosted in the EU", unless told otherwise."""
    fields: dict[str, Any] = {"text": "Data hosted in the EU", "category": "security"}
    fields.update(overrides)
    return Requirement(key=key, priority=priority, **fields)


def _default_requirements() -> tuple[Requirement, ...]:
    return (
        make_requirement("R-1"),
        make_requirement("R-2", text="Sensors rated IP67", category="hardware"),
        make_requirement(
            "R-3", RequirementPriority.SHOULD, text="Dashboards in German", category="software"
        ),
    )


def make_question(key: str = "Q-1", **overrides: Any) -> Question:
    """Unanswered question ``Q-1`` about ``R-1``, asked at the fixed instant."""
    fields: dict[str, Any] = {
        "text": "Which EU regions are acceptable?",
        "asked_at": FIXED_INSTANT,
        "requirement_key": "R-1",
    }
    fields.update(overrides)
    return Question(key=key, **fields)


def make_clarification(**overrides: Any) -> Clarification:
    """An addendum issued at the fixed instant about ``R-2``."""
    fields: dict[str, Any] = {
        "issued_at": FIXED_INSTANT,
        "text": "IP67 applies to outdoor sensors only",
        "requirement_key": "R-2",
    }
    fields.update(overrides)
    return Clarification(**fields)


def make_compliance_answer(
    requirement_key: str = "R-1",
    level: ComplianceLevel = ComplianceLevel.COMPLY,
    note: str | None = None,
) -> ComplianceAnswer:
    """Full compliance with ``R-1`` unless told otherwise (partial and exception get a note)."""
    if note is None and level in (ComplianceLevel.PARTIAL, ComplianceLevel.EXCEPTION):
        note = "see the proposal, section 4"
    return ComplianceAnswer(requirement_key=requirement_key, level=level, note=note)


def make_compliance_line(**overrides: Any) -> ComplianceLine:
    """``R-1`` (must), complied with, unless told otherwise."""
    fields: dict[str, Any] = {
        "requirement_key": "R-1",
        "priority": RequirementPriority.MUST,
        "level": ComplianceLevel.COMPLY,
    }
    fields.update(overrides)
    return ComplianceLine(**fields)


def make_compliance_coverage() -> ComplianceCoverage:
    """The default requirements: ``R-1`` met, ``R-2`` partial, ``R-3`` unanswered."""
    return ComplianceCoverage.of(
        _default_requirements(),
        [
            make_compliance_answer("R-1"),
            make_compliance_answer("R-2", ComplianceLevel.PARTIAL, "IP65 indoors"),
        ],
    )


def make_bid_rating(
    criterion: BidCriterion = BidCriterion.STRATEGIC_FIT, score: Decimal | int = 70
) -> BidRating:
    """A rating of 70 on strategic fit unless told otherwise."""
    return BidRating(criterion=criterion, score=score, explanation="assessed by the bid team")


def make_bid_weight(**overrides: Any) -> BidWeight:
    """Capacity weighed 20 with a minimum of 40 unless told otherwise."""
    fields: dict[str, Any] = {
        "criterion": BidCriterion.CAPACITY,
        "weight": Decimal(20),
        "minimum": Decimal(40),
    }
    fields.update(overrides)
    return BidWeight(**fields)


def make_bid_policy(threshold: Decimal | int = 60) -> BidPolicy:
    """The default policy (see :meth:`BidPolicy.default`), with ``threshold``."""
    return BidPolicy(weights=BidPolicy.default().weights, threshold=Percentage(threshold))


def make_bid_criterion_score(**overrides: Any) -> BidCriterionScore:
    """Strategic fit 70 at weight 25 unless told otherwise."""
    fields: dict[str, Any] = {
        "criterion": BidCriterion.STRATEGIC_FIT,
        "score": Decimal(70),
        "weight": Decimal(25),
        "explanation": "assessed by the bid team",
    }
    fields.update(overrides)
    return BidCriterionScore(**fields)


def make_bid_scorecard(score: Decimal | int = 70, threshold: Decimal | int = 60) -> BidScorecard:
    """The default policy's scorecard with every criterion at ``score``."""
    return make_bid_policy(threshold).evaluate(
        [make_bid_rating(criterion, score) for criterion in BidCriterion]
    )


def make_bid_decision(outcome: BidOutcome = BidOutcome.BID) -> BidDecision:
    """A decision to bid (or not) with a reason and a scorecard that agrees with it."""
    card = make_bid_scorecard(75 if outcome is BidOutcome.BID else 30)
    return BidDecision.recommended(card)


def make_rfp(status: RfpStatus = RfpStatus.RECEIVED, **overrides: Any) -> Rfp:
    """Request ``RFP-1`` from ``account-1`` for ``opportunity-1``, received at the fixed
    instant, due 30 days later, with three requirements, taken to ``status`` through
    real commands an hour apart (see :data:`RFP_PATHS`)."""
    fields: dict[str, Any] = {
        "id": RfpId("RFP-1"),
        "kind": RfpKind.RFP,
        "title": "Plant sensor roll-out",
        "account_id": AccountId("account-1"),
        "opportunity_id": OpportunityId("opportunity-1"),
        "received_at": FIXED_INSTANT,
        "due_at": FIXED_INSTANT.add(days=30),
        "at": FIXED_INSTANT,
        "by": _BY,
        "requirements": _default_requirements(),
    }
    fields.update(overrides)
    rfp = Rfp.receive(**fields)
    at: pendulum.DateTime = rfp.updated_at
    for step in RFP_PATHS[status]:
        at = max(at.add(hours=1), rfp.due_at) if step == "expire" else at.add(hours=1)
        rfp = _step(rfp, step, at)
    return rfp


def _step(rfp: Rfp, step: str, at: pendulum.DateTime) -> Rfp:
    if step == "decide_bid":
        return rfp.decide(make_bid_decision(BidOutcome.BID), at=at, by=_BY)
    if step == "decide_no_bid":
        return rfp.decide(make_bid_decision(BidOutcome.NO_BID), at=at, by=_BY)
    if step == "answer_all":
        for requirement in rfp.requirements:
            rfp = rfp.answer_requirement(make_compliance_answer(requirement.key), at=at, by=_BY)
        return rfp
    if step in ("return_to_preparation", "request_revision", "lose", "withdraw", "cancel"):
        reason = f"{step.replace('_', ' ')} (factory)"
        return getattr(rfp, step)(at=at, by=_BY, reason=reason)  # type: ignore[no-any-return]
    return getattr(rfp, step)(at=at, by=_BY)  # type: ignore[no-any-return]
