"""Proposals, bids and quotes (PCF 3.5.3).

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

from pcf_sales.proposals._order_draft import OrderDraft
from pcf_sales.proposals._outcomes import (
    QuoteOutcome,
    QuoteOutcomes,
    QuoteResult,
    Tally,
    quote_outcomes,
)
from pcf_sales.proposals._quote import Quote
from pcf_sales.proposals._quote_lifecycle import QUOTE_LIFECYCLE, QuoteStatus
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
from pcf_sales.proposals._terms import Incoterm, QuoteTerms
from pcf_sales.proposals._versions import VersionChange

__all__ = [
    "QUOTE_LIFECYCLE",
    "ApprovalChain",
    "ChainStep",
    "DealSizeRule",
    "Incoterm",
    "MarginFloor",
    "OrderDraft",
    "Quote",
    "QuoteOutcome",
    "QuoteOutcomes",
    "QuoteResult",
    "QuoteReview",
    "QuoteStatus",
    "QuoteTerms",
    "ReviewOutcome",
    "ReviewPolicy",
    "ReviewRequirement",
    "StepKind",
    "Tally",
    "VersionChange",
    "approval_chain",
    "quote_outcomes",
]
