"""The quote half of the proposals package in the testing kit: every public type has a
strategy (registered for ``st.from_type``) and a factory, every value round-trips through a
document, and an accepted quote's order draft carries its prices to the cent."""

from __future__ import annotations

import re
from typing import Any, Final

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from pcf_sales import pcf, proposals
from pcf_sales.core import HistoryEntry, UserId
from pcf_sales.pricing import PricingResult
from pcf_sales.proposals import QUOTE_LIFECYCLE, Quote, QuoteStatus, ReviewOutcome
from pcf_sales.serialization import DOCUMENT_TYPES, from_dict, from_document, to_dict, to_document
from pcf_sales.testing import factories
from pcf_sales.testing.strategies import (
    STRATEGIES,
    approval_chains,
    lifecycles,
    quotable_pricing_results,
    quotes,
)

#: The public record types of the quote half of the package.
NAMES: Final = (
    "ApprovalChain",
    "ChainStep",
    "DealSizeRule",
    "MarginFloor",
    "OrderDraft",
    "Quote",
    "QuoteOutcome",
    "QuoteOutcomes",
    "QuoteReview",
    "QuoteTerms",
    "ReviewPolicy",
    "ReviewRequirement",
    "Tally",
    "VersionChange",
)
CLASSES: Final = {name: getattr(proposals, name) for name in NAMES}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_the_quote_names_are_public_records() -> None:
    for name, cls in CLASSES.items():
        assert name in proposals.__all__
        assert attrs.has(cls)


@pytest.mark.parametrize("name", NAMES)
def test_every_quote_class_is_a_document_type_with_a_strategy(name: str) -> None:
    assert DOCUMENT_TYPES[name] is CLASSES[name]
    assert CLASSES[name] in STRATEGIES


def test_the_quote_lifecycle_is_among_the_shipped_tables() -> None:
    assert find(lifecycles(), lambda table: table is QUOTE_LIFECYCLE) is QUOTE_LIFECYCLE


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_from_type_draws_valid_values_that_round_trip(name: str, data: st.DataObject) -> None:
    cls = CLASSES[name]
    value: Any = data.draw(st.from_type(cls), label=name)
    assert isinstance(value, cls)
    assert attrs.evolve(value) == value
    assert from_document(to_document(value)) == value


@pytest.mark.parametrize("name", NAMES)
def test_every_quote_class_has_a_deterministic_storable_factory(name: str) -> None:
    make = getattr(factories, f"make_{_snake(name)}")
    value: Any = make()
    assert make() == value
    assert isinstance(value, CLASSES[name])
    assert from_document(to_document(value)) == value
    assert from_dict(CLASSES[name], to_dict(value)) == value


@pytest.mark.parametrize("status", list(QuoteStatus))
def test_the_quote_factory_reaches_every_status(status: QuoteStatus) -> None:
    quote = factories.make_quote(status)
    assert quote.status is status
    assert from_document(to_document(quote)) == quote


def test_history_entries_of_quotes_round_trip_as_their_generic_type() -> None:
    entry = factories.make_quote(QuoteStatus.ACCEPTED).history[-1]
    assert from_dict(HistoryEntry[QuoteStatus], to_dict(entry)) == entry


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_an_accepted_quote_hands_over_an_order_draft_equal_to_the_cent(
    data: st.DataObject,
) -> None:
    pricing: PricingResult = data.draw(quotable_pricing_results())
    quote: Quote = data.draw(quotes(max_steps=0, pricing=pricing))
    at = quote.drafted_at
    by = UserId("sales")
    quote = quote.submit_for_review(data.draw(approval_chains(pricing)), at=at, by=by)
    for code in quote.pending_steps():
        quote = quote.record_review(code, ReviewOutcome.APPROVED, at=at, by=by)
    accepted = quote.approve(at=at, by=by).present(at=at, by=by).accept(at=at, by=by)
    draft = accepted.order_draft()
    assert draft.total == accepted.total == pricing.total
    assert draft.total.amount == sum((line.net_amount.amount for line in draft.lines), 0)
    assert [line.net_amount for line in draft.lines] == [line.net_amount for line in pricing.lines]
    assert [line.steps for line in draft.lines] == [line.steps for line in pricing.lines]
    assert draft.fx_rates == pricing.fx_rates
    stored = from_document(to_document(draft))
    assert stored == draft
    assert stored.total == pricing.total


@settings(max_examples=30, deadline=None)
@given(quotes(max_steps=10))
def test_drawn_quotes_keep_their_invariants(quote: Quote) -> None:
    QUOTE_LIFECYCLE.check_history(quote)
    assert quote.revision == len(quote.history)
    if quote.status is QuoteStatus.ACCEPTED:
        assert quote.order_draft().total == quote.total


SERVED: Final = ("3.5.3.11", "3.5.3.12", "3.5.3.13", "3.5.3.14", "3.5.3.15")


@pytest.mark.parametrize("element", SERVED)
def test_the_pcf_catalogue_names_what_serves_each_quote_element(element: str) -> None:
    names = pcf.served_by(element)
    assert any(n.startswith("pcf_sales.proposals.") for n in names)
    for name in names:
        assert pcf.resolve(name) is not None
