"""Strategies for requests, compliance and bid decisions: valid by construction, shrinking
towards a request just received with the fewest requirements."""

from __future__ import annotations

from typing import Final

import pendulum
from hypothesis import strategies as st

from pcf_sales.core import UserId
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
from pcf_sales.testing.strategies._core import (
    account_ids,
    instants,
    opportunity_ids,
    percentages,
    rfp_ids,
    texts,
    user_ids,
)

__all__ = [
    "RFP_STEPS",
    "apply_rfp_step",
    "bid_criterion_scores",
    "bid_decisions",
    "bid_policies",
    "bid_ratings",
    "bid_scorecards",
    "bid_weights",
    "clarifications",
    "compliance_answers",
    "compliance_coverages",
    "compliance_lines",
    "questions",
    "requirement_keys",
    "requirements",
    "rfps",
]

_SCORES: Final = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)
_WEIGHTS: Final = st.decimals(min_value=1, max_value=50, places=0, allow_nan=False)


def requirement_keys() -> st.SearchStrategy[str]:
    """Keys such as ``R-1`` or ``3.2.1``."""
    return st.from_regex(r"[A-Z][A-Za-z0-9.-]{0,6}", fullmatch=True)


def requirements(key: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Requirement]:
    """Requirements of any priority."""
    return st.builds(
        Requirement,
        key=requirement_keys() if key is None else key,
        text=texts(max_size=60),
        priority=st.sampled_from(RequirementPriority),
        category=st.none() | texts(max_size=20),
    )


@st.composite
def questions(
    draw: st.DrawFn,
    *,
    requirement_keys_: tuple[str, ...] = (),
    at_most: pendulum.DateTime | None = None,
) -> Question:
    """Questions, about one of ``requirement_keys_`` or none, answered or not."""
    asked = draw(instants())
    if at_most is not None and asked > at_most:
        asked = at_most
    answered = draw(st.booleans()) and at_most is None
    return Question(
        key=draw(st.from_regex(r"Q[0-9]{1,3}", fullmatch=True)),
        text=draw(texts(max_size=60)),
        asked_at=asked,
        requirement_key=draw(st.none() | st.sampled_from(requirement_keys_))
        if requirement_keys_
        else None,
        answer=draw(texts(max_size=40)) if answered else None,
        answered_at=asked.add(hours=draw(st.integers(0, 500))) if answered else None,
    )


def clarifications(
    *, requirement_keys_: tuple[str, ...] = (), at_most: pendulum.DateTime | None = None
) -> st.SearchStrategy[Clarification]:
    """Clarifications, issued no later than ``at_most``."""
    keys = st.none() | st.sampled_from(requirement_keys_) if requirement_keys_ else st.none()
    issued = instants() if at_most is None else st.just(at_most)
    return st.builds(Clarification, issued_at=issued, text=texts(max_size=60), requirement_key=keys)


@st.composite
def compliance_answers(draw: st.DrawFn, *, key: str | None = None) -> ComplianceAnswer:
    """Answers at any level; partial answers and exceptions carry a note."""
    level = draw(st.sampled_from(ComplianceLevel))
    needs_note = level in (ComplianceLevel.PARTIAL, ComplianceLevel.EXCEPTION)
    note = draw(texts(max_size=40)) if needs_note else draw(st.none() | texts(max_size=40))
    return ComplianceAnswer(
        requirement_key=draw(requirement_keys()) if key is None else key, level=level, note=note
    )


def compliance_lines() -> st.SearchStrategy[ComplianceLine]:
    """Matrix rows, answered or not."""
    return st.builds(
        ComplianceLine,
        requirement_key=requirement_keys(),
        priority=st.sampled_from(RequirementPriority),
        level=st.none() | st.sampled_from(ComplianceLevel),
        note=st.none() | texts(max_size=40),
    )


@st.composite
def compliance_coverages(draw: st.DrawFn) -> ComplianceCoverage:
    """Matrices of distinct requirements, some answered."""
    wanted = draw(st.lists(requirements(), max_size=6, unique_by=lambda r: r.key))
    answers = [draw(compliance_answers(key=r.key)) for r in wanted if draw(st.booleans())]
    return ComplianceCoverage.of(wanted, answers)


def bid_ratings() -> st.SearchStrategy[BidRating]:
    """Ratings of any criterion."""
    return st.builds(
        BidRating,
        criterion=st.sampled_from(BidCriterion),
        score=_SCORES,
        explanation=texts(max_size=40),
    )


def bid_weights() -> st.SearchStrategy[BidWeight]:
    """Weights with an optional knock-out minimum."""
    return st.builds(
        BidWeight,
        criterion=st.sampled_from(BidCriterion),
        weight=_WEIGHTS,
        minimum=st.none() | _SCORES,
    )


@st.composite
def bid_policies(draw: st.DrawFn) -> BidPolicy:
    """Policies weighing a non-empty set of distinct criteria."""
    weights = draw(st.lists(bid_weights(), min_size=1, max_size=5, unique_by=lambda w: w.criterion))
    threshold = draw(percentages(min_value=0, max_value=100, places=1))
    return BidPolicy(weights=tuple(weights), threshold=threshold)


def bid_criterion_scores() -> st.SearchStrategy[BidCriterionScore]:
    """Scorecard rows."""
    return st.builds(
        BidCriterionScore,
        criterion=st.sampled_from(BidCriterion),
        score=_SCORES,
        weight=_WEIGHTS,
        minimum=st.none() | _SCORES,
        explanation=texts(max_size=40),
    )


@st.composite
def bid_scorecards(draw: st.DrawFn) -> BidScorecard:
    """Scorecards of drawn policies rating every criterion they weigh."""
    policy = draw(bid_policies())
    ratings = [
        BidRating(criterion=w.criterion, score=draw(_SCORES), explanation=draw(texts(max_size=30)))
        for w in policy.weights
    ]
    return policy.evaluate(ratings)


@st.composite
def bid_decisions(draw: st.DrawFn, *, outcome: BidOutcome | None = None) -> BidDecision:
    """Decisions, with or without a scorecard, possibly against its recommendation."""
    chosen = draw(st.sampled_from(BidOutcome)) if outcome is None else outcome
    card = draw(st.none() | bid_scorecards())
    reasons = draw(st.lists(texts(max_size=40), min_size=1, max_size=3))
    return BidDecision(outcome=chosen, reasons=tuple(reasons), scorecard=card)


RFP_STEPS: Final = (
    "start_review",
    "decide_bid",
    "decide_no_bid",
    "reconsider",
    "start_preparation",
    "submit_for_review",
    "return_to_preparation",
    "approve",
    "submit",
    "request_revision",
    "start_revision",
    "win",
    "lose",
    "withdraw",
    "cancel",
    "expire",
    "add_requirement",
    "refine_requirement",
    "remove_requirement",
    "ask_question",
    "record_answer",
    "record_clarification",
    "answer_requirement",
    "change_due",
    "assign",
)
_REASONED: Final = frozenset({"reconsider", "return_to_preparation", "lose", "withdraw", "cancel"})


def apply_rfp_step(draw: st.DrawFn, rfp: Rfp, step: str, at: pendulum.DateTime, by: UserId) -> Rfp:
    """Run command ``step`` on ``rfp`` with drawn arguments when its status allows it and
    the arguments can be valid; otherwise return ``rfp`` unchanged. Any list of step
    names is therefore a valid walk. ``at`` is moved to the deadline (and to the date the
    customer's decision was expected, once sent) for ``expire`` and kept before it for
    ``submit``."""
    allowed = rfp.allowed_commands()
    if step in {"decide_bid", "decide_no_bid"}:
        if step not in allowed:
            return rfp
        outcome = BidOutcome.BID if step == "decide_bid" else BidOutcome.NO_BID
        return rfp.decide(draw(bid_decisions(outcome=outcome)), at=at, by=by)
    if step == "submit":
        command = "resubmit" if rfp.revision_round else "submit"
        if command not in allowed or at > rfp.due_at:
            return rfp
        days = draw(st.none() | st.integers(1, 90))
        expected = None if days is None else at.add(days=days)
        return rfp.submit(at=at, by=by, decision_expected_by=expected)
    if step not in allowed:
        return rfp
    if step in _REASONED:
        return getattr(rfp, step)(at=at, by=by, reason=draw(texts(max_size=30)))  # type: ignore[no-any-return]
    if step == "approve":
        if rfp.compliance_coverage().is_complete:
            return rfp.approve(at=at, by=by)
        return rfp.approve(at=at, by=by, override_reason=draw(texts(max_size=30)))
    if step == "request_revision":
        due = at.add(days=draw(st.integers(1, 60))) if draw(st.booleans()) else None
        return rfp.request_revision(at=at, by=by, reason=draw(texts(max_size=30)), due_at=due)
    if step == "expire":
        if rfp.status in (RfpStatus.SUBMITTED, RfpStatus.RESUBMITTED):
            if rfp.decision_expected_by is None:
                return rfp
            return rfp.expire(at=max(at, rfp.due_at, rfp.decision_expected_by), by=by)
        return rfp.expire(at=max(at, rfp.due_at), by=by)
    if step == "add_requirement":
        used = {r.key for r in rfp.requirements}
        return rfp.add_requirement(
            draw(requirements(requirement_keys().filter(lambda k: k not in used))), at=at, by=by
        )
    if step == "refine_requirement":
        if not rfp.requirements:
            return rfp
        key = draw(st.sampled_from([r.key for r in rfp.requirements]))
        return rfp.refine_requirement(draw(requirements(st.just(key))), at=at, by=by)
    if step == "remove_requirement":
        referred = {q.requirement_key for q in rfp.questions} | {
            c.requirement_key for c in rfp.clarifications
        }
        free = [r.key for r in rfp.requirements if r.key not in referred]
        if not free:
            return rfp
        key = draw(st.sampled_from(free))
        return rfp.remove_requirement(key, at=at, by=by, reason=draw(texts(max_size=30)))
    if step == "ask_question":
        keys = tuple(r.key for r in rfp.requirements)
        question = draw(questions(requirement_keys_=keys, at_most=at))
        if any(q.key == question.key for q in rfp.questions):
            return rfp
        return rfp.ask_question(question, at=at, by=by)
    if step == "record_answer":
        if not rfp.open_questions:
            return rfp
        key = draw(st.sampled_from([q.key for q in rfp.open_questions]))
        return rfp.record_answer(key, draw(texts(max_size=40)), at=at, by=by)
    if step == "record_clarification":
        keys = tuple(r.key for r in rfp.requirements)
        return rfp.record_clarification(
            draw(clarifications(requirement_keys_=keys, at_most=at)), at=at, by=by
        )
    if step == "answer_requirement":
        if not rfp.requirements:
            return rfp
        key = draw(st.sampled_from([r.key for r in rfp.requirements]))
        return rfp.answer_requirement(draw(compliance_answers(key=key)), at=at, by=by)
    if step == "change_due":
        due = at.add(days=draw(st.integers(1, 60)))
        return rfp.change_due(due, at=at, by=by, reason=draw(texts(max_size=30)))
    if step == "assign":
        return rfp.assign(draw(st.none() | user_ids()), at=at, by=by)
    return getattr(rfp, step)(at=at, by=by)  # type: ignore[no-any-return]


@st.composite
def rfps(draw: st.DrawFn, *, max_steps: int = 10) -> Rfp:
    """Requests received with drawn data, then walked through up to ``max_steps`` commands.

    Shrinks towards a request just received, without requirements.
    """
    received = draw(instants())
    recorded = received.add(minutes=draw(st.integers(0, 60 * 24)))
    wanted = draw(st.lists(requirements(), max_size=4, unique_by=lambda r: r.key))
    rfp = Rfp.receive(
        id=draw(rfp_ids()),
        kind=draw(st.sampled_from(RfpKind)),
        title=draw(texts(max_size=60)),
        account_id=draw(account_ids()),
        opportunity_id=draw(opportunity_ids()),
        received_at=received,
        due_at=recorded.add(days=draw(st.integers(1, 90))),
        at=recorded,
        by=draw(user_ids()),
        customer_reference=draw(st.none() | texts(max_size=30)),
        owner=draw(st.none() | user_ids()),
        requirements=wanted,
    )
    at = recorded
    for step in draw(st.lists(st.sampled_from(RFP_STEPS), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 5)))
        rfp = apply_rfp_step(draw, rfp, step, at, draw(user_ids()))
        at = rfp.updated_at
    return rfp
