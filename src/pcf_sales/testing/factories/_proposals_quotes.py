"""Factories for quotes, their reviews and approvals, versions and order drafts: readable,
deterministic defaults, and quotes in any status through their own commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import attrs
import pendulum

from pcf_sales.core import AccountId, OpportunityId, QuoteId, UserId, money
from pcf_sales.opportunities import CloseReason, PriceFeedback, WinLossReview
from pcf_sales.proposals import (
    ApprovalChain,
    ChainStep,
    DealSizeRule,
    Incoterm,
    MarginFloor,
    OrderDraft,
    Quote,
    QuoteOutcome,
    QuoteOutcomes,
    QuoteReview,
    QuoteStatus,
    QuoteTerms,
    ReviewOutcome,
    ReviewPolicy,
    ReviewRequirement,
    StepKind,
    Tally,
    VersionChange,
    approval_chain,
    quote_outcomes,
)
from pcf_sales.testing.factories._core import FIXED_INSTANT
from pcf_sales.testing.factories._pricing import make_pricing_result

__all__ = [
    "approve_quote",
    "make_approval_chain",
    "make_chain_step",
    "make_deal_size_rule",
    "make_margin_floor",
    "make_order_draft",
    "make_quote",
    "make_quote_outcome",
    "make_quote_outcomes",
    "make_quote_review",
    "make_quote_terms",
    "make_review_policy",
    "make_review_requirement",
    "make_tally",
    "make_version_change",
]

_BY: Final = UserId("sales-rep")


def make_quote_terms(**overrides: Any) -> QuoteTerms:
    """Net 30 days, delivered at place (Lyon), unless told otherwise."""
    fields: dict[str, Any] = {
        "payment_days": 30,
        "incoterm": Incoterm.DAP,
        "incoterm_place": "Lyon",
    }
    fields.update(overrides)
    return QuoteTerms(**fields)


def make_review_requirement(**overrides: Any) -> ReviewRequirement:
    """A legal review by counsel on every deal, unless told otherwise."""
    fields: dict[str, Any] = {"code": "legal", "role": "legal_counsel"}
    fields.update(overrides)
    return ReviewRequirement(**fields)


def make_margin_floor(**overrides: Any) -> MarginFloor:
    """Below 15 % margin the finance director approves, unless told otherwise."""
    fields: dict[str, Any] = {"below": Decimal(15), "role": "finance_director"}
    fields.update(overrides)
    return MarginFloor(**fields)


def make_deal_size_rule(**overrides: Any) -> DealSizeRule:
    """From 1,000,000.00 EUR the chief executive approves, unless told otherwise."""
    fields: dict[str, Any] = {
        "at_or_above": money("1000000.00", "EUR"),
        "role": "chief_executive",
    }
    fields.update(overrides)
    return DealSizeRule(**fields)


def make_review_policy(**overrides: Any) -> ReviewPolicy:
    """:meth:`ReviewPolicy.default` in EUR, with ``overrides`` applied."""
    base = ReviewPolicy.default("EUR")
    fields: dict[str, Any] = {
        "name": base.name,
        "discount_policy": base.discount_policy,
        "reviews": base.reviews,
        "margin_floors": base.margin_floors,
        "deal_sizes": base.deal_sizes,
        "unknown_margin_role": base.unknown_margin_role,
        "profitability_role": base.profitability_role,
    }
    fields.update(overrides)
    return ReviewPolicy(**fields)


def make_chain_step(**overrides: Any) -> ChainStep:
    """The sales manager's approval of a 12 % discount, unless told otherwise."""
    fields: dict[str, Any] = {
        "code": "sales_manager",
        "kind": StepKind.APPROVAL,
        "role": "sales_manager",
        "reasons": ("discount 12.00 % is above 10 %",),
    }
    fields.update(overrides)
    return ChainStep(**fields)


def make_approval_chain(**overrides: Any) -> ApprovalChain:
    """The chain the default review policy gives the factory pricing result at a 12 %
    margin: solution and pricing reviews, then sales manager, sales director and finance
    director. ``overrides`` may give ``pricing``, ``policy``, ``margin_percent`` and
    ``revenue``."""
    pricing = overrides.pop("pricing", None) or make_pricing_result()
    policy = overrides.pop("policy", None) or make_review_policy()
    margin = overrides.pop("margin_percent", Decimal(12))
    revenue = overrides.pop("revenue", None) or pricing.total
    return approval_chain(pricing, policy, margin_percent=margin, revenue=revenue, **overrides)


def make_quote_review(**overrides: Any) -> QuoteReview:
    """The solution architect approving the solution, at the fixed instant."""
    fields: dict[str, Any] = {
        "step": "solution",
        "reviewer": UserId("architect-1"),
        "outcome": ReviewOutcome.APPROVED,
        "at": FIXED_INSTANT,
    }
    fields.update(overrides)
    return QuoteReview(**fields)


def make_version_change(**overrides: Any) -> VersionChange:
    """Version 1's validity extended by a month, unless told otherwise."""
    fields: dict[str, Any] = {
        "from_version": 1,
        "fields": ("valid_until",),
        "details": ("valid until 2026-04-01 -> 2026-05-01",),
        "reason": "customer needs another month",
    }
    fields.update(overrides)
    return VersionChange(**fields)


def approve_quote(quote: Quote, *, at: pendulum.DateTime, step_minutes: int = 60) -> Quote:
    """``quote`` (in review) with every step of its chain approved by ``reviewer-<step>``
    and the quote approved, each command ``step_minutes`` after the previous one."""
    moment = at
    chain = quote.approval_chain
    codes = () if chain is None else chain.codes
    for code in codes:
        moment = moment.add(minutes=step_minutes)
        quote = quote.record_review(
            code, ReviewOutcome.APPROVED, at=moment, by=UserId(f"reviewer-{code}")
        )
    return quote.approve(at=moment.add(minutes=step_minutes), by=UserId("sales-manager"))


def make_quote(status: QuoteStatus = QuoteStatus.DRAFT, **overrides: Any) -> Quote:
    """Version 1 of quote ``Q-1`` in ``status``, reached through the lifecycle's commands.

    ``overrides`` go to :meth:`Quote.draft`. The default is the factory
    pricing result (four sensors and two calibration kits for ``AC-1``,
    1,060.00 EUR) for opportunity ``OP-1``, valid 30 days from the fixed
    instant, with :func:`make_quote_terms`. Later commands happen an hour
    apart; the chain is :func:`make_approval_chain` of the quote's pricing.
    A rejected quote lost to Globex on price; an expired one was marked
    expired the day after its last valid day; a superseded one was revised
    to extend its validity by a month.

    >>> make_quote(QuoteStatus.ACCEPTED).order_draft().total
    Money('1060.00', 'EUR')
    """
    fields: dict[str, Any] = {
        "id": QuoteId("Q-1"),
        "account_id": AccountId("AC-1"),
        "opportunity_id": OpportunityId("OP-1"),
        "at": FIXED_INSTANT,
        "by": _BY,
        "terms": make_quote_terms(),
    }
    fields.update(overrides)
    pricing = fields.setdefault("pricing", make_pricing_result())
    drafted: pendulum.DateTime = fields["at"]
    fields.setdefault("valid_until", drafted.date().add(days=30))
    quote = Quote.draft(**fields)
    by = quote.history[0].by
    at = drafted.add(hours=1)
    if status is QuoteStatus.DRAFT:
        return quote
    if status is QuoteStatus.SUPERSEDED:
        return quote.revise(
            at=at,
            by=by,
            reason="customer needs another month",
            valid_until=quote.valid_until.add(months=1),
        )[0]
    if status is QuoteStatus.WITHDRAWN:
        return quote.withdraw(at=at, by=by, reason="customer postponed the project")
    if status is QuoteStatus.EXPIRED:
        return quote.expire(at=_day_after(quote), by=by)
    quote = quote.submit_for_review(make_approval_chain(pricing=pricing), at=at, by=by)
    if status is QuoteStatus.IN_REVIEW:
        return quote
    quote = approve_quote(quote, at=at)
    if status is QuoteStatus.APPROVED:
        return quote
    at = quote.history[-1].at.add(hours=1)
    quote = quote.present(at=at, by=by)
    if status is QuoteStatus.PRESENTED:
        return quote
    at = at.add(hours=1)
    if status is QuoteStatus.REJECTED:
        lost = WinLossReview(
            reasons=(CloseReason.PRICE, CloseReason.COMPETITOR),
            competitor="Globex",
            price_feedback=PriceFeedback.TOO_HIGH,
        )
        return quote.reject(lost, at=at, by=by)
    return quote.accept(at=at, by=by)


def _day_after(quote: Quote) -> pendulum.DateTime:
    day = quote.valid_until.add(days=1)
    return pendulum.datetime(day.year, day.month, day.day, 9, tz="UTC")


def make_order_draft(**overrides: Any) -> OrderDraft:
    """The order draft of an accepted :func:`make_quote`; ``overrides`` replace its fields."""
    draft = make_quote(QuoteStatus.ACCEPTED).order_draft()
    if not overrides:
        return draft
    fields: dict[str, Any] = {
        "quote_id": draft.quote_id,
        "quote_version": draft.quote_version,
        "account_id": draft.account_id,
        "opportunity_id": draft.opportunity_id,
        "accepted_at": draft.accepted_at,
        "currency": draft.currency,
        "pricing": draft.pricing,
        "terms": draft.terms,
        "valid_until": draft.valid_until,
    }
    fields.update(overrides)
    return OrderDraft(**fields)


def make_tally(**overrides: Any) -> Tally:
    """Two quotes lost on price, unless told otherwise."""
    fields: dict[str, Any] = {"key": "price", "count": 2}
    fields.update(overrides)
    return Tally(**fields)


def make_quote_outcomes(**overrides: Any) -> QuoteOutcomes:
    """The outcomes of an accepted ``Q-1`` and a rejected ``Q-2`` (both
    :func:`make_quote`) on 2026-03-20; ``overrides`` go to :func:`quote_outcomes`
    (``quotes`` among them)."""
    fields: dict[str, Any] = {
        "quotes": (
            make_quote(QuoteStatus.ACCEPTED, id=QuoteId("Q-1")),
            make_quote(QuoteStatus.REJECTED, id=QuoteId("Q-2")),
        ),
        "as_of": pendulum.datetime(2026, 3, 20, tz="UTC"),
    }
    fields.update(overrides)
    return quote_outcomes(fields.pop("quotes"), **fields)


def make_quote_outcome(**overrides: Any) -> QuoteOutcome:
    """The rejected quote's row of :func:`make_quote_outcomes`; ``overrides`` replace
    its fields."""
    row = make_quote_outcomes().quotes[1]
    if not overrides:
        return row
    fields = {name: getattr(row, name) for name in attrs.fields_dict(QuoteOutcome)}
    fields.update(overrides)
    return QuoteOutcome(**fields)
