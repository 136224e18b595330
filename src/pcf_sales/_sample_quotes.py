"""The sample company's quotes: a share of its deals quoted through the sample pricing engine,
reviewed and approved by the default review policy, presented, revised when a deal outlives
its quote, and accepted, rejected or expired as the deal went."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Final

import pendulum

from pcf_sales.core import FxTable, QuoteId, SegmentId, UserId
from pcf_sales.errors import MissingFxRate
from pcf_sales.opportunities import (
    CloseReason,
    Opportunity,
    OpportunityStatus,
    WinLossReview,
)
from pcf_sales.pricing import (
    Adjustment,
    DiscountPolicy,
    DocumentLine,
    ManualDiscount,
    PricingContext,
    PricingDocument,
    PricingEngine,
    PricingResult,
)
from pcf_sales.proposals import (
    Incoterm,
    Quote,
    QuoteTerms,
    ReviewOutcome,
    ReviewPolicy,
    approval_chain,
)

__all__ = ["build_quotes"]

#: The first day the sample price books are in force.
_PRICED_FROM: Final = pendulum.datetime(2026, 4, 1, 9, tz="UTC")
_VALID_DAYS: Final = 30
_SHARE: Final = 0.6
#: (sku, smallest quantity, largest quantity, chance the line is on the quote)
_LINES: Final = (
    ("MI-PS100", 10, 80, 0.8),
    ("MI-TS200", 10, 60, 0.5),
    ("MI-DL500", 1, 12, 0.6),
    ("MI-SW-ANL", 12, 240, 0.4),
    ("MI-SVC-INST", 8, 40, 0.5),
    ("MI-SVC-TRN", 1, 4, 0.4),
    ("MI-SUP-PREM", 1, 1, 0.3),
)
_TERMS: Final = (
    QuoteTerms(payment_days=30, incoterm=Incoterm.DAP, incoterm_place="customer site"),
    QuoteTerms(payment_days=45, incoterm=Incoterm.FCA, incoterm_place="Stuttgart"),
    QuoteTerms(payment_days=60, payment_terms="net 60 days, 2 % discount within 10 days"),
)


def _document(rng: random.Random, currency: str, by: UserId) -> PricingDocument:
    lines = [
        DocumentLine(sku=sku, quantity=rng.randint(low, high))
        for sku, low, high, chance in _LINES
        if rng.random() < chance
    ] or [DocumentLine(sku="MI-PS100", quantity=rng.randint(10, 40))]
    return _discounted(
        PricingDocument(lines=lines, currency=currency),
        rng.choice((0, 0, 0, 5, 8, 12, 15, 22)),
        by,
    )


def _discounted(document: PricingDocument, percent: int, by: UserId) -> PricingDocument:
    """``document`` with ``percent`` more off its first line."""
    if not percent:
        return document
    first = document.lines[0]
    had = first.discount.adjustment.percent if first.discount is not None else None
    given = ManualDiscount(
        adjustment=Adjustment.percent_off((had or 0) + percent), reason="negotiated", by=by
    )
    line = DocumentLine(sku=first.sku, quantity=first.quantity, discount=given)
    return PricingDocument(lines=(line, *document.lines[1:]), currency=document.currency)


def _price(
    engines: dict[str, PricingEngine],
    deal: Opportunity,
    document: PricingDocument,
    on: pendulum.Date,
    segment: str,
) -> PricingResult | None:
    currency = deal.amount.currency.code
    engine = engines.get(currency, engines["EUR"])
    context = PricingContext(
        on=on, account_id=deal.account_id, segment_id=SegmentId(segment), owner=deal.owner
    )
    try:
        result = engine.price(document, context, collect_unpriceable=True)
    except MissingFxRate:
        return None
    return result if result.lines and result.is_complete else None


def _approve(quote: Quote, policy: ReviewPolicy, fx: FxTable, at: pendulum.DateTime) -> Quote:
    """Submit, review and approve ``quote`` starting at ``at``, an hour a step."""
    pricing = quote.pricing
    chain = approval_chain(
        pricing, policy, margin_percent=pricing.margin_percent, revenue=pricing.total, fx=fx
    )
    quote = quote.submit_for_review(chain, at=at, by=quote.history[0].by)
    for step in chain.steps:
        at = at.add(hours=1)
        quote = quote.record_review(
            step.code, ReviewOutcome.APPROVED, at=at, by=UserId(step.role.replace("_", "-"))
        )
    return quote.approve(at=at.add(hours=1), by=UserId("sales-manager"))


def _story(
    rng: random.Random,
    number: int,
    deal: Opportunity,
    engines: dict[str, PricingEngine],
    policy: ReviewPolicy,
    fx: FxTable,
    as_of: pendulum.DateTime,
) -> list[Quote]:
    end = deal.closed_at or as_of
    start = max(deal.history[0].at, _PRICED_FROM).add(days=rng.randint(3, 20))
    if (end - start).in_days() < 4:
        return []
    segment = rng.choice(("enterprise", "mid-market", "smb"))
    by = deal.owner
    document = _document(rng, deal.amount.currency.code, by)
    pricing = _price(engines, deal, document, start.date(), segment)
    if pricing is None:
        return []
    quote = Quote.draft(
        id=QuoteId(f"QT-{number:05d}"),
        account_id=deal.account_id,
        opportunity_id=deal.id,
        pricing=pricing,
        valid_until=start.date().add(days=_VALID_DAYS),
        terms=rng.choice(_TERMS),
        at=start,
        by=by,
    )
    quote = _approve(quote, policy, fx, start.add(hours=1))
    quote = quote.present(at=quote.history[-1].at.add(hours=rng.randint(2, 48)), by=by)
    versions: list[Quote] = []
    closing = deal.closed_at
    won = deal.status is OpportunityStatus.WON
    if closing is not None and closing.date() > quote.valid_until and (won or rng.random() < 0.5):
        # The deal outlived the quote: revise it with a new validity (and often a better price).
        revised_at = max(quote.history[-1].at.add(hours=1), closing.subtract(days=3))
        better = _discounted(document, rng.choice((3, 5, 8)), by)
        cheaper = _price(engines, deal, better, revised_at.date(), segment)
        old, quote = quote.revise(
            at=revised_at,
            by=by,
            reason="customer asked for a new offer before deciding",
            pricing=cheaper,
            valid_until=closing.date().add(days=14),
        )
        versions.append(old)
        quote = _approve(quote, policy, fx, revised_at.add(hours=1))
        quote = quote.present(at=quote.history[-1].at.add(hours=1), by=by)
    if closing is not None and closing.date() <= quote.valid_until:
        if won:
            quote = quote.accept(at=closing, by=UserId("customer"), outcome=deal.review)
        else:
            lost = deal.review or WinLossReview(reasons=(CloseReason.OTHER,))
            quote = quote.reject(lost, at=closing, by=UserId("customer"))
    elif closing is not None or as_of.date() > quote.valid_until.add(days=7):
        moment = closing or as_of
        quote = quote.expire(at=moment, by=UserId("quote-desk"))
    return [*versions, quote]


def build_quotes(
    deals: Sequence[Opportunity],
    engines: dict[str, PricingEngine],
    discount_policy: DiscountPolicy,
    fx: FxTable,
    *,
    seed: int,
    as_of: pendulum.DateTime,
) -> tuple[Quote, ...]:
    """Quotes for a share of ``deals`` (every version), deterministic from ``seed``."""
    rng = random.Random(seed * 104_729 + 17)
    base = ReviewPolicy.default("EUR")
    policy = ReviewPolicy(
        name="Meridian review policy",
        discount_policy=discount_policy,
        reviews=base.reviews,
        margin_floors=base.margin_floors,
        deal_sizes=base.deal_sizes,
        unknown_margin_role=base.unknown_margin_role,
    )
    quotes: list[Quote] = []
    for number, deal in enumerate(sorted(deals, key=lambda d: d.id), start=1):
        if rng.random() >= _SHARE:
            continue
        quotes.extend(_story(rng, number, deal, engines, policy, fx, as_of))
    return tuple(quotes)
