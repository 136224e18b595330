"""The sample company's requests for proposal and quote: one for a share of its deals,
played forward to what the deal's outcome implies, deterministic from the seed."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final

import pendulum

from pcf_sales.core import RfpId, UserId, money
from pcf_sales.opportunities import Opportunity, OpportunityStatus
from pcf_sales.pricing import DocumentLine
from pcf_sales.proposals import (
    BidCriterion,
    BidDecision,
    BidOutcome,
    BidPolicy,
    BidRating,
    ComplianceAnswer,
    ComplianceLevel,
    Deliverable,
    Question,
    Requirement,
    RequirementPriority,
    Rfp,
    RfpKind,
    ServiceRole,
    SolutionPlan,
    SolutionTask,
)

__all__ = ["build_rfps", "sample_solution"]

#: The share of deals that come with a request for proposal or quote.
RFP_SHARE: Final = 0.4
_BID_DESK: Final = UserId("bid-desk")
_Command = Callable[[Rfp, pendulum.DateTime], Rfp]

_REQUIREMENTS: Final = (
    ("security", "Measurement data hosted in the EU", RequirementPriority.MUST),
    ("hardware", "Sensors rated IP67 for outdoor use", RequirementPriority.MUST),
    ("service", "On-site support within 24 hours", RequirementPriority.MUST),
    ("software", "Dashboards in the local language", RequirementPriority.SHOULD),
    ("software", "Open API for the plant historian", RequirementPriority.SHOULD),
    ("commercial", "Fixed prices for three years", RequirementPriority.SHOULD),
    ("training", "Train-the-trainer programme", RequirementPriority.COULD),
    ("hardware", "Spare parts available for ten years", RequirementPriority.COULD),
)


def build_rfps(
    opportunities: Sequence[Opportunity], *, seed: int, as_of: pendulum.DateTime
) -> tuple[Rfp, ...]:
    """Requests for about :data:`RFP_SHARE` of ``opportunities``, each played forward no
    later than ``as_of``: won and lost deals end won or lost (some lost ones as a
    no-bid), open deals stop wherever the time up to ``as_of`` takes them."""
    rng = random.Random(f"{seed}:rfps")
    built: list[Rfp] = []
    for deal in sorted(opportunities, key=lambda o: (o.created_at, o.id)):
        if rng.random() >= RFP_SHARE:
            continue
        rfp = _play(rng, deal, len(built) + 1, as_of)
        if rfp is not None:
            built.append(rfp)
    return tuple(built)


def _play(
    rng: random.Random, deal: Opportunity, number: int, as_of: pendulum.DateTime
) -> Rfp | None:
    received = deal.created_at.add(hours=rng.randint(2, 96))
    if received > as_of:
        return None
    due = received.add(days=rng.randint(21, 42))
    picked = sorted(rng.sample(range(len(_REQUIREMENTS)), rng.randint(3, 6)))
    requirements = [
        Requirement(key=f"R-{index + 1}", text=text, priority=priority, category=category)
        for index, (category, text, priority) in enumerate(_REQUIREMENTS[i] for i in picked)
    ]
    rfp = Rfp.receive(
        id=RfpId(f"RFP-{number:04d}"),
        kind=RfpKind.RFQ if rng.random() < 0.3 else RfpKind.RFP,
        title=deal.name,
        account_id=deal.account_id,
        opportunity_id=deal.id,
        received_at=received,
        due_at=due,
        at=received,
        by=_BID_DESK,
        customer_reference=f"{deal.account_id[:8].upper()}-{rng.randint(100, 999)}",
        requirements=requirements,
    )
    no_bid = deal.status is OpportunityStatus.LOST and rng.random() < 0.25
    steps = _Steps(rfp, as_of)
    steps.run(received.add(days=1), lambda r, at: r.start_review(at=at, by=_BID_DESK))
    if rng.random() < 0.5:
        asked = received.add(days=2)
        question = Question(key="Q1", text="Can the roll-out be phased?", asked_at=asked)
        steps.run(asked, lambda r, at: r.ask_question(question, at=at, by=_BID_DESK))
        steps.run(
            asked.add(days=3),
            lambda r, at: r.record_answer("Q1", "Yes, plant by plant", at=at, by=_BID_DESK),
        )
    decision = _decision(rng, no_bid=no_bid)
    steps.run(received.add(days=6), lambda r, at: r.decide(decision, at=at, by=_BID_DESK))
    if no_bid:
        return steps.rfp
    steps.run(received.add(days=7), lambda r, at: r.start_preparation(at=at, by=_BID_DESK))
    for requirement in requirements:
        steps.run(received.add(days=10), _answering(_answer(rng, requirement)))
    steps.run(due.subtract(days=5), lambda r, at: r.submit_for_review(at=at, by=_BID_DESK))
    steps.run(due.subtract(days=3), lambda r, at: r.approve(at=at, by=_BID_DESK))
    steps.run(due.subtract(days=1), lambda r, at: r.submit(at=at, by=_BID_DESK))
    if rng.random() < 0.25:
        due = due.add(days=14)
        revised = due.subtract(days=13)
        steps.run(
            revised,
            lambda r, at: r.request_revision(
                at=at, by=_BID_DESK, reason="customer asked for phased pricing", due_at=due
            ),
        )
        steps.run(revised.add(days=1), lambda r, at: r.start_revision(at=at, by=_BID_DESK))
        steps.run(due.subtract(days=4), lambda r, at: r.submit_for_review(at=at, by=_BID_DESK))
        steps.run(due.subtract(days=3), lambda r, at: r.approve(at=at, by=_BID_DESK))
        steps.run(due.subtract(days=1), lambda r, at: r.submit(at=at, by=_BID_DESK))
    outcome_at = max(deal.closed_at or as_of, due.add(days=7))
    if deal.status is OpportunityStatus.WON:
        steps.run(outcome_at, lambda r, at: r.win(at=at, by=_BID_DESK, reason="awarded"))
    elif deal.status is OpportunityStatus.LOST:
        steps.run(outcome_at, lambda r, at: r.lose(at=at, by=_BID_DESK, reason="not awarded"))
    return steps.rfp


class _Steps:
    """Runs commands at their instants while those are no later than ``as_of``."""

    def __init__(self, rfp: Rfp, as_of: pendulum.DateTime) -> None:
        self.rfp = rfp
        self.as_of = as_of
        self.stopped = False

    def run(self, at: pendulum.DateTime, command: _Command) -> None:
        moment = max(at, self.rfp.updated_at)
        if self.stopped or moment > self.as_of:
            self.stopped = True
            return
        self.rfp = command(self.rfp, moment)


def _answering(answer: ComplianceAnswer) -> _Command:
    def run(rfp: Rfp, at: pendulum.DateTime) -> Rfp:
        return rfp.answer_requirement(answer, at=at, by=_BID_DESK)

    return run


def _decision(rng: random.Random, *, no_bid: bool) -> BidDecision:
    low, high = (10, 55) if no_bid else (55, 95)
    ratings = [
        BidRating(
            criterion=criterion,
            score=Decimal(rng.randint(low, high)),
            explanation=f"bid desk assessment of {criterion.value.replace('_', ' ')}",
        )
        for criterion in BidCriterion
    ]
    card = BidPolicy.default().evaluate(ratings)
    if card.recommendation is (BidOutcome.NO_BID if no_bid else BidOutcome.BID):
        return BidDecision.recommended(card)
    outcome = BidOutcome.NO_BID if no_bid else BidOutcome.BID
    reason = "capacity is committed elsewhere" if no_bid else "strategic account"
    return BidDecision(outcome=outcome, reasons=(reason,), scorecard=card)


def _answer(rng: random.Random, requirement: Requirement) -> ComplianceAnswer:
    roll = rng.random()
    if roll < 0.75:
        level, note = ComplianceLevel.COMPLY, None
    elif roll < 0.92:
        level, note = ComplianceLevel.PARTIAL, "met from the second phase"
    else:
        level, note = ComplianceLevel.EXCEPTION, "offered as an option at extra cost"
    return ComplianceAnswer(requirement_key=requirement.key, level=level, note=note)


def sample_solution() -> SolutionPlan:
    """The solution the sample company proposes for a plant monitoring request: a pilot
    line then a plant roll-out, by a field engineer, a data engineer and a project
    manager, with sensors, data loggers and edge software."""
    eur = "EUR"
    roles = (
        ServiceRole(
            name="field_engineer", bill_rate=money("140.00", eur), cost_rate=money("85.00", eur)
        ),
        ServiceRole(
            name="data_engineer", bill_rate=money("165.00", eur), cost_rate=money("100.00", eur)
        ),
        ServiceRole(
            name="project_manager", bill_rate=money("180.00", eur), cost_rate=money("115.00", eur)
        ),
    )
    tasks = (
        SolutionTask(
            key="T1",
            name="Site survey",
            deliverable="D1",
            role="field_engineer",
            effort_hours=Decimal(24),
            duration_days=3,
        ),
        SolutionTask(
            key="T2",
            name="Pilot line installation",
            deliverable="D1",
            role="field_engineer",
            effort_hours=Decimal(60),
            duration_days=5,
            depends_on=("T1",),
        ),
        SolutionTask(
            key="T3",
            name="Historian integration",
            deliverable="D1",
            role="data_engineer",
            effort_hours=Decimal(48),
            duration_days=6,
            depends_on=("T1",),
        ),
        SolutionTask(
            key="T4",
            name="Plant roll-out",
            deliverable="D2",
            role="field_engineer",
            effort_hours=Decimal(160),
            duration_days=15,
            depends_on=("T2", "T3"),
        ),
        SolutionTask(
            key="T5",
            name="Dashboards and handover",
            deliverable="D2",
            role="data_engineer",
            effort_hours=Decimal(40),
            duration_days=5,
            depends_on=("T4",),
        ),
        SolutionTask(
            key="T6",
            name="Project management",
            deliverable="D2",
            role="project_manager",
            effort_hours=Decimal(64),
            duration_days=32,
        ),
    )
    return SolutionPlan(
        roles=roles,
        deliverables=(
            Deliverable(key="D1", name="Pilot line live"),
            Deliverable(key="D2", name="Plant live"),
        ),
        tasks=tasks,
        products=(
            DocumentLine(sku="MI-PS100", quantity=Decimal(60)),
            DocumentLine(sku="MI-DL500", quantity=Decimal(6)),
            DocumentLine(sku="MI-SW-EDGE", quantity=Decimal(60)),
        ),
        approach="Prove the measurements on one line, then roll out plant-wide",
    )
