"""Strategies for quotes, their reviews and approvals, versions, order drafts and outcomes."""

from __future__ import annotations

from typing import Final

import pendulum
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.core import AccountId, QuoteId, UserId
from pcf_sales.opportunities import WinLossReview
from pcf_sales.pricing import ApprovalThreshold, DiscountPolicy, PolicyMetric, PricingResult
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
from pcf_sales.testing.strategies._core import (
    account_ids,
    cached_strategy,
    instants,
    money,
    opportunity_ids,
    quote_ids,
    rfp_ids,
    texts,
    user_ids,
)
from pcf_sales.testing.strategies._pricing_policy import discount_policies
from pcf_sales.testing.strategies._pricing_scenarios import pooled_pricing_results

__all__ = [
    "QUOTE_STEPS",
    "apply_quote_step",
    "approval_chains",
    "chain_steps",
    "deal_size_rules",
    "margin_floors",
    "order_drafts",
    "quotable_pricing_results",
    "quote_outcome_items",
    "quote_outcome_reports",
    "quote_reviews",
    "quote_terms",
    "quotes",
    "review_policies",
    "review_requirements",
    "tallies",
    "version_changes",
]

_CODES: Final = st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)
_PERCENT: Final = st.decimals(min_value=-50, max_value=100, places=2, allow_nan=False)


@cached_strategy
def quote_terms() -> st.SearchStrategy[QuoteTerms]:
    """Terms with or without an Incoterm rule and notes."""
    return st.builds(
        QuoteTerms,
        payment_days=st.integers(min_value=0, max_value=120),
        payment_terms=st.none() | texts(max_size=40),
        incoterm=st.none() | st.sampled_from(Incoterm),
        delivery_terms=st.none() | texts(max_size=40),
        notes=st.none() | texts(max_size=60),
    )


@cached_strategy
def review_requirements() -> st.SearchStrategy[ReviewRequirement]:
    """Reviews for every deal or from a deal size."""
    return st.builds(
        ReviewRequirement,
        code=st.sampled_from(("solution", "pricing", "legal", "security", "delivery")),
        role=_CODES.map(lambda code: f"r_{code}"),
        at_or_above=st.none() | money("USD"),
    )


@cached_strategy
def margin_floors() -> st.SearchStrategy[MarginFloor]:
    """Margin floors naming a role."""
    return st.builds(MarginFloor, below=_PERCENT, role=_CODES)


@cached_strategy
def deal_size_rules(currency: str = "USD") -> st.SearchStrategy[DealSizeRule]:
    """Deal-size rules in ``currency`` naming a role."""
    return st.builds(DealSizeRule, at_or_above=money(currency), role=_CODES)


@cached_strategy
@st.composite
def review_policies(draw: st.DrawFn, currency: str | None = None) -> ReviewPolicy:
    """Policies over a drawn discount policy, with reviews, floors and deal sizes whose
    amounts are in ``currency`` (or the document's, by default ``USD``)."""
    code = currency or "USD"
    discount = draw(discount_policies())
    floors = draw(st.lists(margin_floors(), max_size=2))
    sizes = draw(st.lists(deal_size_rules(code), max_size=2))
    unknown = draw(st.none() | _CODES)
    roles = {level.role for level in discount.levels} | {unknown}
    roles |= {floor.role for floor in floors} | {rule.role for rule in sizes}
    reviews = draw(st.lists(review_requirements(), max_size=3, unique_by=lambda r: r.code))
    reviews = [
        ReviewRequirement(
            code=r.code,
            role=r.role,
            at_or_above=None if r.at_or_above is None else draw(money(code)),
        )
        for r in reviews
        if r.code not in roles
    ]
    return ReviewPolicy(
        name=draw(texts(max_size=20)),
        discount_policy=discount,
        reviews=reviews,
        margin_floors=floors,
        deal_sizes=sizes,
        unknown_margin_role=unknown,
    )


@cached_strategy
def chain_steps() -> st.SearchStrategy[ChainStep]:
    """Steps of either kind."""
    return st.builds(
        ChainStep,
        code=_CODES,
        kind=st.sampled_from(StepKind),
        role=_CODES,
        reasons=st.lists(texts(max_size=40), max_size=2).map(tuple),
    )


def quotable_pricing_results() -> st.SearchStrategy[PricingResult]:
    """Pricing results a quote can carry: every line priced, at least one line (drawn
    from priceable skus only, so the filter rarely rejects)."""
    return _QUOTABLE


_QUOTABLE: Final = pooled_pricing_results(priceable_only=True).filter(
    lambda r: bool(r.lines) and r.is_complete and not r.preview
)


@st.composite
def approval_chains(draw: st.DrawFn, pricing: PricingResult | None = None) -> ApprovalChain:
    """The chains drawn policies give a drawn (or the given) pricing result."""
    result = draw(quotable_pricing_results()) if pricing is None else pricing
    margin = draw(st.none() | _PERCENT)
    currency = result.currency
    policy = draw(review_policies(currency))
    # the discount policy's deal sizes are in its own currencies: keep them comparable
    policy = ReviewPolicy(
        name=policy.name,
        discount_policy=_in_currency(policy.discount_policy, currency),
        reviews=policy.reviews,
        margin_floors=policy.margin_floors,
        deal_sizes=policy.deal_sizes,
        unknown_margin_role=policy.unknown_margin_role,
    )
    revenue = draw(st.just(result.total) | money(currency))
    return approval_chain(result, policy, margin_percent=margin, revenue=revenue)


def _in_currency(policy: DiscountPolicy, currency: str) -> DiscountPolicy:
    """``policy`` with its deal-size thresholds in ``currency`` (same amounts)."""
    thresholds = tuple(
        ApprovalThreshold(metric=t.metric, level=t.level, amount=Money(t.amount.amount, currency))
        if t.metric is PolicyMetric.DEAL_SIZE and t.amount is not None
        else t
        for t in policy.thresholds
    )
    return DiscountPolicy(
        name=policy.name, levels=policy.levels, thresholds=thresholds, chain=policy.chain
    )


def quote_reviews() -> st.SearchStrategy[QuoteReview]:
    """Reviews of every outcome (with a comment where one is needed)."""
    return st.builds(
        QuoteReview,
        step=_CODES,
        reviewer=user_ids(),
        outcome=st.sampled_from(ReviewOutcome),
        at=instants(),
        comment=texts(max_size=40),
    )


def version_changes() -> st.SearchStrategy[VersionChange]:
    """Changes of one to three parts of a quote."""
    parts = ("pricing", "terms", "valid_until")
    return st.builds(
        VersionChange,
        from_version=st.integers(min_value=1, max_value=20),
        fields=st.sets(st.sampled_from(parts), min_size=1).map(
            lambda chosen: tuple(p for p in parts if p in chosen)
        ),
        details=st.lists(texts(max_size=40), max_size=3).map(tuple),
        reason=texts(max_size=40),
    )


#: Every command of the quote lifecycle, for walks through it.
QUOTE_STEPS: Final = (
    "submit_for_review",
    "record_review",
    "approve_all",
    "approve",
    "present",
    "accept",
    "reject",
    "expire",
    "withdraw",
    "revise",
)


def apply_quote_step(
    draw: st.DrawFn, quote: Quote, step: str, at: pendulum.DateTime, by: UserId
) -> Quote:
    """Run ``step`` on ``quote`` with drawn arguments if its status and guards allow it
    (``approve_all`` records an approval of every pending step); otherwise return the
    quote unchanged. ``revise`` returns the new version."""
    command = "record_review" if step == "approve_all" else step
    if command not in quote.allowed_commands():
        return quote
    valid = at.date() <= quote.valid_until
    chain = quote.approval_chain
    if step == "submit_for_review":
        return quote.submit_for_review(draw(approval_chains(quote.pricing)), at=at, by=by)
    if step == "approve_all" and chain is not None:
        for code in quote.pending_steps():
            quote = quote.record_review(code, ReviewOutcome.APPROVED, at=at, by=by)
        return quote
    if step == "record_review" and chain is not None and chain.steps:
        code = draw(st.sampled_from(chain.codes))
        outcome = draw(st.sampled_from([ReviewOutcome.CHANGES_REQUESTED, ReviewOutcome.REJECTED]))
        return quote.record_review(code, outcome, at=at, by=by, comment=draw(texts(max_size=30)))
    if step == "approve" and not quote.pending_steps():
        return quote.approve(at=at, by=by)
    if step in ("present", "accept") and valid:
        return quote.present(at=at, by=by) if step == "present" else quote.accept(at=at, by=by)
    if step == "reject":
        return quote.reject(draw(st.from_type(WinLossReview)), at=at, by=by)
    if step == "expire" and not valid:
        return quote.expire(at=at, by=by)
    if step == "withdraw":
        return quote.withdraw(at=at, by=by, reason=draw(texts(max_size=30)))
    if step == "revise":
        last_day = at.date().add(days=draw(st.integers(min_value=1, max_value=90)))
        if last_day == quote.valid_until:
            last_day = last_day.add(days=1)
        return quote.revise(at=at, by=by, reason=draw(texts(max_size=30)), valid_until=last_day)[1]
    return quote


@st.composite
def quotes(draw: st.DrawFn, *, max_steps: int = 8, pricing: PricingResult | None = None) -> Quote:
    """Quotes drafted on a drawn (or the given) pricing result, then walked through up to
    ``max_steps`` commands. Shrinks towards a fresh draft."""
    result = draw(quotable_pricing_results()) if pricing is None else pricing
    account = result.context.account_id or AccountId(draw(account_ids()))
    drafted = draw(instants())
    quote = Quote.draft(
        id=QuoteId(draw(quote_ids())),
        account_id=account,
        pricing=result,
        valid_until=drafted.date().add(days=draw(st.integers(min_value=0, max_value=90))),
        at=drafted,
        by=draw(user_ids()),
        terms=draw(quote_terms()),
        opportunity_id=draw(st.none() | opportunity_ids()),
        rfp_id=draw(st.none() | rfp_ids()),
    )
    at = drafted
    for step in draw(st.lists(st.sampled_from(QUOTE_STEPS), max_size=max_steps)):
        at = at.add(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 10)))
        quote = apply_quote_step(draw, quote, step, at, draw(user_ids()))
    return quote


@st.composite
def order_drafts(draw: st.DrawFn) -> OrderDraft:
    """Order drafts of quotes accepted on their drafting day."""
    quote = draw(quotes(max_steps=0))
    at = quote.drafted_at
    by = UserId("sales")
    quote = quote.submit_for_review(draw(approval_chains(quote.pricing)), at=at, by=by)
    for code in quote.pending_steps():
        quote = quote.record_review(code, ReviewOutcome.APPROVED, at=at, by=by)
    quote = quote.approve(at=at, by=by).present(at=at, by=by).accept(at=at, by=by)
    return quote.order_draft()


def tallies() -> st.SearchStrategy[Tally]:
    """Counts of a key."""
    return st.builds(Tally, key=texts(max_size=20), count=st.integers(min_value=1, max_value=50))


@st.composite
def quote_outcome_reports(draw: st.DrawFn) -> QuoteOutcomes:
    """Reports over a few drawn quotes in one currency, at a drawn instant."""
    first = draw(quotes(max_steps=6))
    more = draw(st.lists(quotes(max_steps=6, pricing=first.pricing), max_size=2))
    given = {q.id: q for q in (first, *more)}
    latest = [q for q in given.values() if q.superseded_by is None]
    as_of = draw(instants()) if draw(st.booleans()) else max(q.history[-1].at for q in latest)
    return quote_outcomes(latest, as_of=as_of, currency=first.currency)


@st.composite
def quote_outcome_items(draw: st.DrawFn) -> QuoteOutcome:
    """Rows of drawn reports."""
    report = draw(quote_outcome_reports().filter(lambda r: bool(r.quotes)))
    return draw(st.sampled_from(report.quotes))
