"""An accepted quote's order draft becomes a sales order with the quote's prices exactly."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import AccountId, QuoteId, SalesOrderId, UserId
from pcf_sales.errors import ValidationError
from pcf_sales.orders import OrderPaymentTerms, OrderStatus, SalesOrder
from pcf_sales.proposals import OrderDraft, QuoteStatus
from pcf_sales.samples import sample_company
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing.factories import (
    make_order_parties,
    make_party_ref,
    make_quote,
    make_quote_terms,
)

BY = UserId("order-desk")


def _draft(**terms: object) -> OrderDraft:
    quote = make_quote(QuoteStatus.ACCEPTED, terms=make_quote_terms(**terms))
    return quote.order_draft()


def _enter(draft: OrderDraft, **overrides: object) -> SalesOrder:
    fields: dict[str, object] = {
        "id": SalesOrderId("SO-Q-1"),
        "at": draft.accepted_at.add(hours=1),
        "by": BY,
        "parties": make_order_parties(sold_to=make_party_ref(account_id=draft.account_id)),
    }
    fields.update(overrides)
    return SalesOrder.from_order_draft(draft, **fields)  # type: ignore[arg-type]


def test_the_order_carries_the_quoted_pricing_and_totals_to_the_cent() -> None:
    draft = _draft()
    order = _enter(draft)
    assert order.status is OrderStatus.DRAFT
    assert order.pricing == draft.pricing
    assert order.total == draft.total
    assert [line.net_amount for line in order.lines] == [
        line.net_amount for line in draft.pricing.lines
    ]


def test_the_order_names_the_quote_version_and_its_validity() -> None:
    draft = _draft()
    order = _enter(draft)
    assert order.quote is not None
    assert order.quote.quote_id == draft.quote_id
    assert order.quote.version == draft.quote_version
    assert order.quote.valid_until == draft.valid_until
    assert order.quote.accepted_at == draft.accepted_at
    assert order.opportunity_id == draft.opportunity_id


@given(st.integers(min_value=0, max_value=365))
def test_payment_terms_default_to_the_quotes_payment_days(days: int) -> None:
    order = _enter(_draft(payment_days=days))
    assert order.payment_terms.net_days == days


def test_payment_terms_given_by_the_order_desk_win() -> None:
    terms = OrderPaymentTerms(net_days=10)
    assert _enter(_draft(), payment_terms=terms).payment_terms == terms


def test_the_order_round_trips_through_a_document() -> None:
    order = _enter(_draft())
    assert from_document(to_document(order)) == order


def test_a_sold_to_party_of_another_account_is_refused_and_the_draft_is_untouched() -> None:
    draft = _draft()
    before = copy.deepcopy(draft)
    other = make_order_parties(sold_to=make_party_ref(account_id=AccountId("AC-OTHER")))
    with pytest.raises(ValidationError) as caught:
        _enter(draft, parties=other)
    assert caught.value.field == "parties"
    assert draft == before


@pytest.mark.parametrize("bad", [None, "Q-1", QuoteId("Q-1")])
def test_something_other_than_an_order_draft_is_refused(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        SalesOrder.from_order_draft(
            bad,  # type: ignore[arg-type]
            id=SalesOrderId("SO-Q-1"),
            at=make_quote(QuoteStatus.ACCEPTED).history[-1].at,
            by=BY,
            parties=make_order_parties(),
        )
    assert caught.value.field == "draft"


def test_sample_orders_of_accepted_quotes_carry_the_quoted_totals() -> None:
    company = sample_company()
    accepted = {
        quote.opportunity_id: quote
        for quote in company.quotes
        if quote.status is QuoteStatus.ACCEPTED
    }
    from_quotes = [order for order in company.orders if order.quote is not None]
    assert from_quotes, "the sample company has orders that came from accepted quotes"
    for order in from_quotes:
        quote = accepted[order.opportunity_id]
        assert order.quote is not None
        assert (order.quote.quote_id, order.quote.version) == (quote.id, quote.version)
        assert order.pricing == quote.pricing
        assert order.total == quote.total
