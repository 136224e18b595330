"""The value objects of quotes: terms, version changes and order drafts refuse bad input."""

from __future__ import annotations

from typing import Any

import attrs
import pendulum
import pytest

from pcf_sales.core import UserId
from pcf_sales.errors import ValidationError
from pcf_sales.proposals import Incoterm, QuoteStatus, QuoteTerms, ReviewOutcome, VersionChange
from pcf_sales.testing.factories import make_order_draft, make_quote, make_quote_terms


def test_terms_describe_themselves() -> None:
    assert QuoteTerms(payment_days=0).describe() == "payment in advance"
    terms = QuoteTerms(payment_terms="net 60, 2 % within 10 days", delivery_terms="by truck")
    assert terms.describe() == "net 60, 2 % within 10 days; by truck"
    assert make_quote_terms().describe() == "net 30 days; DAP Lyon"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"payment_days": -1}, "payment_days"),
        ({"payment_days": 400}, "payment_days"),
        ({"incoterm": "DAP"}, "incoterm"),
        ({"incoterm_place": "Lyon"}, "incoterm_place"),
        ({"notes": "x" * 4001}, "notes"),
    ],
)
def test_bad_terms_are_refused_naming_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        QuoteTerms(**fields)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"fields": ()}, "fields"),
        ({"fields": ("price",)}, "fields"),
        ({"fields": ("valid_until", "terms")}, "fields"),
        ({"from_version": 0}, "from_version"),
        ({"reason": " "}, "reason"),
    ],
)
def test_a_bad_version_change_is_refused(fields: dict[str, Any], field: str) -> None:
    given: dict[str, Any] = {
        "from_version": 1,
        "fields": ("terms",),
        "details": (),
        "reason": "r",
    }
    given.update(fields)
    with pytest.raises(ValidationError) as raised:
        VersionChange(**given)
    assert raised.value.field == field


def test_an_order_draft_cannot_be_accepted_after_the_last_valid_day() -> None:
    with pytest.raises(ValidationError) as raised:
        make_order_draft(accepted_at=pendulum.datetime(2026, 4, 2, tz="UTC"))
    assert raised.value.field == "accepted_at"


def test_an_order_draft_needs_a_complete_pricing() -> None:
    draft = make_order_draft()
    partial = attrs.evolve(draft.pricing, lines=())
    with pytest.raises(ValidationError) as raised:
        make_order_draft(pricing=partial)
    assert raised.value.field == "pricing"


def test_a_review_by_a_bad_user_names_the_by_argument() -> None:
    quote = make_quote(QuoteStatus.IN_REVIEW)
    with pytest.raises(ValidationError) as raised:
        quote.record_review(
            "solution", ReviewOutcome.APPROVED, at=quote.history[-1].at, by=UserId("a b")
        )
    assert raised.value.field == "by"
    assert quote.reviews == ()


def test_terms_take_every_incoterm() -> None:
    for rule in Incoterm:
        assert QuoteTerms(incoterm=rule).describe().endswith(rule.value)
