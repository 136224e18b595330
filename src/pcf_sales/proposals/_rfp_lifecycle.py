"""The lifecycle of a request for proposal or quote: its states and its table."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from pcf_sales.core import Guard, Lifecycle, Transition

if TYPE_CHECKING:
    from pcf_sales.proposals._rfp import Rfp

__all__ = ["RFP_LIFECYCLE", "RfpKind", "RfpStatus"]


class RfpKind(Enum):
    """What the customer asks for."""

    RFP = "rfp"
    """A request for proposal: a solution, its delivery and its price."""
    RFQ = "rfq"
    """A request for quote: a price for a defined scope."""


class RfpStatus(Enum):
    """Where a request is in its lifecycle."""

    RECEIVED = "received"
    IN_REVIEW = "in_review"
    """We are reading it and deciding whether to bid."""
    BID_DECIDED = "bid_decided"
    """We decided to bid; preparation has not started."""
    NO_BID = "no_bid"
    """We decided not to bid, for stated reasons (may be reconsidered)."""
    IN_PREPARATION = "in_preparation"
    INTERNAL_REVIEW = "internal_review"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    REVISION_REQUESTED = "revision_requested"
    """The customer asked for a revised proposal."""
    IN_REVISION = "in_revision"
    RESUBMITTED = "resubmitted"
    WON = "won"
    LOST = "lost"
    WITHDRAWN = "withdrawn"
    """We withdrew our bid."""
    CANCELLED = "cancelled"
    """The customer cancelled the request."""
    EXPIRED = "expired"
    """The deadline passed (unsubmitted), or the customer never decided (submitted)."""


def _requirements_answered(rfp: Rfp) -> str | None:
    unanswered = rfp.compliance_coverage().unanswered
    if unanswered:
        return f"requirement(s) {', '.join(unanswered)} have no compliance answer"
    return None


def _first_submission(rfp: Rfp) -> str | None:
    return "the proposal was revised; resubmit it" if rfp.revision_round else None


def _after_revision(rfp: Rfp) -> str | None:
    return None if rfp.revision_round else "nothing was revised; submit it"


_BEFORE_SUBMISSION = frozenset(
    {
        RfpStatus.RECEIVED,
        RfpStatus.IN_REVIEW,
        RfpStatus.BID_DECIDED,
        RfpStatus.IN_PREPARATION,
        RfpStatus.REVISION_REQUESTED,
        RfpStatus.IN_REVISION,
    }
)
_ANSWERING = frozenset(
    {
        RfpStatus.IN_REVIEW,
        RfpStatus.BID_DECIDED,
        RfpStatus.IN_PREPARATION,
        RfpStatus.IN_REVISION,
    }
)
_OPEN = frozenset(s for s in RfpStatus) - {
    RfpStatus.WON,
    RfpStatus.LOST,
    RfpStatus.WITHDRAWN,
    RfpStatus.CANCELLED,
    RfpStatus.EXPIRED,
}
_SENT = frozenset({RfpStatus.SUBMITTED, RfpStatus.RESUBMITTED})
_COMMITTED = _OPEN - {RfpStatus.RECEIVED, RfpStatus.IN_REVIEW, RfpStatus.NO_BID}
# the customer may move the deadline at any time, also while we sign the proposal off
_DUE_CHANGEABLE = _OPEN


def _data(command: str, event: str, sources: frozenset[RfpStatus]) -> Transition[RfpStatus, Rfp]:
    return Transition(command=command, event=event, sources=sources)


RFP_LIFECYCLE: Lifecycle[RfpStatus, Rfp] = Lifecycle(
    aggregate="Rfp",
    states=RfpStatus,
    initial=RfpStatus.RECEIVED,
    terminal={
        RfpStatus.WON,
        RfpStatus.LOST,
        RfpStatus.WITHDRAWN,
        RfpStatus.CANCELLED,
        RfpStatus.EXPIRED,
    },
    creation="receive",
    creation_event="received",
    transitions=(
        Transition(
            command="start_review",
            event="review_started",
            sources={RfpStatus.RECEIVED},
            target=RfpStatus.IN_REVIEW,
        ),
        Transition(
            command="decide_bid",
            event="bid_decided",
            sources={RfpStatus.IN_REVIEW},
            target=RfpStatus.BID_DECIDED,
        ),
        Transition(
            command="decide_no_bid",
            event="no_bid_decided",
            sources={RfpStatus.IN_REVIEW},
            target=RfpStatus.NO_BID,
            needs_reason=True,
        ),
        Transition(
            command="reconsider",
            event="reconsidered",
            sources={RfpStatus.NO_BID},
            target=RfpStatus.IN_REVIEW,
            needs_reason=True,
        ),
        Transition(
            command="start_preparation",
            event="preparation_started",
            sources={RfpStatus.BID_DECIDED},
            target=RfpStatus.IN_PREPARATION,
        ),
        Transition(
            command="submit_for_review",
            event="submitted_for_review",
            sources={RfpStatus.IN_PREPARATION, RfpStatus.IN_REVISION},
            target=RfpStatus.INTERNAL_REVIEW,
        ),
        Transition(
            command="return_to_preparation",
            event="returned_to_preparation",
            sources={RfpStatus.INTERNAL_REVIEW, RfpStatus.APPROVED},
            target=RfpStatus.IN_PREPARATION,
            needs_reason=True,
        ),
        Transition(
            command="approve",
            event="approved",
            sources={RfpStatus.INTERNAL_REVIEW},
            target=RfpStatus.APPROVED,
            guards=(Guard("every requirement answered", _requirements_answered),),
        ),
        Transition(
            command="submit",
            event="submitted",
            sources={RfpStatus.APPROVED},
            target=RfpStatus.SUBMITTED,
            guards=(Guard("first submission", _first_submission, overridable=False),),
        ),
        Transition(
            command="request_revision",
            event="revision_requested",
            sources=_SENT,
            target=RfpStatus.REVISION_REQUESTED,
            needs_reason=True,
        ),
        Transition(
            command="start_revision",
            event="revision_started",
            sources={RfpStatus.REVISION_REQUESTED},
            target=RfpStatus.IN_REVISION,
        ),
        Transition(
            command="resubmit",
            event="resubmitted",
            sources={RfpStatus.APPROVED},
            target=RfpStatus.RESUBMITTED,
            guards=(Guard("after a revision", _after_revision, overridable=False),),
        ),
        Transition(command="win", event="won", sources=_SENT, target=RfpStatus.WON),
        Transition(
            command="lose", event="lost", sources=_SENT, target=RfpStatus.LOST, needs_reason=True
        ),
        Transition(
            command="withdraw",
            event="withdrawn",
            sources=_COMMITTED,
            target=RfpStatus.WITHDRAWN,
            needs_reason=True,
        ),
        Transition(
            command="cancel",
            event="cancelled",
            sources=_OPEN,
            target=RfpStatus.CANCELLED,
            needs_reason=True,
        ),
        Transition(command="expire", event="expired", sources=_OPEN, target=RfpStatus.EXPIRED),
        _data("add_requirement", "requirement_added", _BEFORE_SUBMISSION),
        _data("refine_requirement", "requirement_refined", _BEFORE_SUBMISSION),
        _data("remove_requirement", "requirement_removed", _BEFORE_SUBMISSION),
        _data("ask_question", "question_asked", _BEFORE_SUBMISSION),
        _data("record_answer", "answer_recorded", _OPEN),
        _data("record_clarification", "clarification_recorded", _OPEN),
        _data("answer_requirement", "requirement_answered", _ANSWERING),
        _data("change_due", "due_changed", _DUE_CHANGEABLE),
        _data("assign", "assigned", _OPEN),
    ),
)
"""The request lifecycle: received → in review → bid decided (or no bid, which may be
reconsidered) → in preparation → internal review → approved → submitted → won or lost,
with revision requested → in revision → internal review → approved → resubmitted, and
withdrawn, cancelled or expired from any open status."""
