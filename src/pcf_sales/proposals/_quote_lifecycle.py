"""The quote lifecycle table: states, guards and the commands between them."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from pcf_sales.core import Guard, Lifecycle, Transition
from pcf_sales.proposals._review import ReviewOutcome, StepKind

if TYPE_CHECKING:
    from pcf_sales.proposals._quote import Quote

__all__ = ["DECIDED", "OPEN", "QUOTE_LIFECYCLE", "REVIEWED", "SEEN", "QuoteStatus"]


class QuoteStatus(Enum):
    """Where a version of a quote is in its lifecycle."""

    DRAFT = "draft"
    """Being prepared."""
    IN_REVIEW = "in_review"
    """Going through its approval chain (PCF 3.5.3.11, 3.5.3.12)."""
    APPROVED = "approved"
    """Every review and approval of its chain given; may go to the customer."""
    PRESENTED = "presented"
    """With the customer (PCF 3.5.3.13)."""
    ACCEPTED = "accepted"
    """The customer accepted it; it hands over an order draft. Terminal."""
    REJECTED = "rejected"
    """The customer turned it down; it may still be revised."""
    EXPIRED = "expired"
    """Its last valid day passed before the customer accepted; it may still be revised."""
    SUPERSEDED = "superseded"
    """A newer version replaced it (PCF 3.5.3.14). Terminal."""
    WITHDRAWN = "withdrawn"
    """We took it back. Terminal."""


OPEN = frozenset(
    {QuoteStatus.DRAFT, QuoteStatus.IN_REVIEW, QuoteStatus.APPROVED, QuoteStatus.PRESENTED}
)
REVIEWED = frozenset(
    {QuoteStatus.IN_REVIEW, QuoteStatus.APPROVED, QuoteStatus.PRESENTED}
    | {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED}
)
SEEN = frozenset({QuoteStatus.PRESENTED, QuoteStatus.ACCEPTED, QuoteStatus.REJECTED})
DECIDED = frozenset(
    {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.EXPIRED, QuoteStatus.WITHDRAWN}
)


# -- guards -------------------------------------------------------------------------------


def _approvals_in_order(quote: Quote) -> str | None:
    """An approval is given only after every approval before it in the chain; other
    outcomes (asking for changes, rejecting) may come at any time."""
    chain = quote.approval_chain
    if chain is None or not quote.reviews:  # pragma: no cover - a quote in review has a chain
        return None
    review = quote.reviews[-1]
    step = chain.step(review.step)
    if step.kind is not StepKind.APPROVAL or review.outcome is not ReviewOutcome.APPROVED:
        return None
    latest = quote.latest_reviews()
    for earlier in chain.steps[: chain.steps.index(step)]:
        if earlier.kind is not StepKind.APPROVAL:
            continue
        given = latest.get(earlier.code)
        if given is None or given.outcome is not ReviewOutcome.APPROVED:
            return f"{step.code} approves after {earlier.code}, which has not approved"
    return None


def _chain_approved(quote: Quote) -> str | None:
    pending = quote.pending_steps()
    if pending:
        return f"steps not yet approved: {', '.join(pending)}"
    return None


def _valid_when_presented(quote: Quote) -> str | None:
    moment = quote.presented_at
    if moment is not None and moment.date() > quote.valid_until:
        return f"the quote was valid until {quote.valid_until}"
    return None


def _valid_when_decided(quote: Quote) -> str | None:
    moment = quote.decided_at
    if moment is not None and moment.date() > quote.valid_until:
        return f"the quote was valid until {quote.valid_until}; it has expired"
    return None


def _validity_passed(quote: Quote) -> str | None:
    moment = quote.decided_at
    if moment is not None and moment.date() <= quote.valid_until:
        return f"the quote is valid until {quote.valid_until}"
    return None


QUOTE_LIFECYCLE: Lifecycle[QuoteStatus, Quote] = Lifecycle(
    aggregate="Quote",
    states=QuoteStatus,
    initial=QuoteStatus.DRAFT,
    terminal={QuoteStatus.ACCEPTED, QuoteStatus.SUPERSEDED, QuoteStatus.WITHDRAWN},
    creation="draft",
    creation_event="drafted",
    transitions=(
        Transition(
            command="submit_for_review",
            event="submitted_for_review",
            sources={QuoteStatus.DRAFT},
            target=QuoteStatus.IN_REVIEW,
        ),
        Transition(
            command="record_review",
            event="review_recorded",
            sources={QuoteStatus.IN_REVIEW},
            guards=(Guard("approvals in chain order", _approvals_in_order, overridable=False),),
        ),
        Transition(
            command="approve",
            event="approved",
            sources={QuoteStatus.IN_REVIEW},
            target=QuoteStatus.APPROVED,
            guards=(Guard("every step approved", _chain_approved, overridable=False),),
        ),
        Transition(
            command="present",
            event="presented",
            sources={QuoteStatus.APPROVED},
            target=QuoteStatus.PRESENTED,
            guards=(Guard("quote still valid", _valid_when_presented, overridable=False),),
        ),
        Transition(
            command="accept",
            event="accepted",
            sources={QuoteStatus.PRESENTED},
            target=QuoteStatus.ACCEPTED,
            guards=(Guard("quote still valid", _valid_when_decided, overridable=False),),
        ),
        Transition(
            command="reject",
            event="rejected",
            sources={QuoteStatus.PRESENTED},
            target=QuoteStatus.REJECTED,
        ),
        Transition(
            command="expire",
            event="expired",
            sources=OPEN,
            target=QuoteStatus.EXPIRED,
            guards=(Guard("validity passed", _validity_passed, overridable=False),),
        ),
        Transition(
            command="withdraw",
            event="withdrawn",
            sources=OPEN,
            target=QuoteStatus.WITHDRAWN,
            needs_reason=True,
        ),
        Transition(
            command="revise",
            event="revised",
            sources=OPEN | {QuoteStatus.REJECTED, QuoteStatus.EXPIRED},
            target=QuoteStatus.SUPERSEDED,
            needs_reason=True,
        ),
    ),
)
"""The quote lifecycle: draft → in review → approved → presented → accepted, rejected
or expired; open versions may be withdrawn or expire; any version but an accepted,
withdrawn or superseded one may be revised, which supersedes it."""
