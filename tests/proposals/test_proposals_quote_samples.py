"""The sample company's quotes: deterministic, priced by its engine, consistent with its deals."""

from __future__ import annotations

from collections import defaultdict

from pcf_sales.opportunities import OpportunityStatus
from pcf_sales.proposals import Quote, QuoteResult, QuoteStatus, quote_outcomes
from pcf_sales.samples import sample_company
from pcf_sales.serialization import from_document, to_document


def test_the_sample_quotes_are_the_same_for_the_same_seed() -> None:
    assert sample_company(seed=11, leads=150).quotes == sample_company(seed=11, leads=150).quotes


def test_a_share_of_the_deals_is_quoted_through_the_sample_pricing_engine() -> None:
    company = sample_company()
    deals = {deal.id: deal for deal in company.opportunities}
    quoted = {quote.opportunity_id for quote in company.quotes}
    assert 0 < len(quoted) < len(deals)
    books = {book.id: book for book in company.price_books}
    for quote in company.quotes:
        assert quote.opportunity_id in deals
        deal = deals[quote.opportunity_id]
        assert quote.account_id == deal.account_id
        book = books[quote.pricing.price_book_id]
        assert quote.pricing.price_book_revision == book.revision
        assert quote.currency == deal.amount.currency.code


def test_the_quotes_follow_their_deals() -> None:
    company = sample_company()
    deals = {deal.id: deal for deal in company.opportunities}
    for quote in company.quotes:
        deal = deals[quote.opportunity_id]  # type: ignore[index]
        if quote.status is QuoteStatus.ACCEPTED:
            assert deal.status is OpportunityStatus.WON
            assert quote.decided_at == deal.closed_at
        if quote.status is QuoteStatus.REJECTED:
            assert deal.status is OpportunityStatus.LOST


def test_every_version_chain_is_complete_and_ordered() -> None:
    chains: dict[str, list[Quote]] = defaultdict(list)
    for quote in sample_company().quotes:
        chains[quote.id].append(quote)
    assert any(len(versions) > 1 for versions in chains.values())
    for versions in chains.values():
        assert [q.version for q in versions] == list(range(1, len(versions) + 1))
        assert all(q.status is QuoteStatus.SUPERSEDED for q in versions[:-1])
        assert versions[-1].status is not QuoteStatus.SUPERSEDED


def test_the_sample_acceptance_rate_is_explained_by_its_quotes() -> None:
    company = sample_company()
    report = quote_outcomes(company.quotes, as_of=company.as_of, fx=company.fx_rates)
    assert report.acceptance_rate is not None
    assert report.count(QuoteResult.ACCEPTED) > 0
    assert report.count(QuoteResult.REJECTED) > 0
    assert "acceptance rate" in report.explain()


def test_sample_quotes_round_trip() -> None:
    for quote in sample_company(seed=11, leads=150).quotes:
        assert from_document(to_document(quote)) == quote
