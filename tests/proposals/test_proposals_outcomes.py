"""Win/loss figures and the acceptance rate, read from quotes as they stood at an instant."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import FxRate, FxTable, Percentage, QuoteId, UserId
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.proposals import Quote, QuoteResult, QuoteStatus, quote_outcomes
from pcf_sales.testing.factories import make_quote

MARCH = pendulum.datetime(2026, 3, 20, tz="UTC")
MAY = pendulum.datetime(2026, 5, 1, tz="UTC")


def quotes(*statuses: QuoteStatus) -> list[Quote]:
    return [make_quote(s, id=QuoteId(f"Q-{i}")) for i, s in enumerate(statuses)]


def test_the_acceptance_rate_is_accepted_over_decided_presented_quotes() -> None:
    report = quote_outcomes(
        quotes(QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.REJECTED),
        as_of=MARCH,
    )
    assert report.acceptance_rate == Percentage(Decimal("33.3"))
    assert report.count(QuoteResult.REJECTED) == 2
    assert report.value(QuoteResult.ACCEPTED).amount == Decimal("1060.00")
    assert "1 accepted / 3 presented and decided" in report.explain()


def test_withdrawn_open_and_never_presented_quotes_are_left_out_of_the_rate() -> None:
    report = quote_outcomes(
        quotes(
            QuoteStatus.ACCEPTED,
            QuoteStatus.WITHDRAWN,
            QuoteStatus.PRESENTED,
            QuoteStatus.DRAFT,
            QuoteStatus.EXPIRED,
        ),
        as_of=MAY,
    )
    assert report.acceptance_rate == Percentage(50)  # accepted + the presented one expired
    assert report.count(QuoteResult.EXPIRED) == 3
    expired = [q for q in report.quotes if q.result is QuoteResult.EXPIRED]
    assert [q.presented for q in expired] == [True, False, False]


def test_an_open_quote_past_its_last_valid_day_counts_as_expired() -> None:
    (row,) = quote_outcomes(quotes(QuoteStatus.PRESENTED), as_of=MAY).quotes
    assert row.result is QuoteResult.EXPIRED
    assert row.decided_on == pendulum.Date(2026, 4, 2)
    assert row.note == "presented past its last valid day 2026-04-01"


def test_quotes_are_read_as_they_stood_at_the_instant() -> None:
    accepted = make_quote(QuoteStatus.ACCEPTED)
    before = pendulum.datetime(2026, 3, 2, 12, tz="UTC")
    (row,) = quote_outcomes([accepted], as_of=before).quotes
    assert row.result is QuoteResult.OPEN
    assert not row.presented
    assert quote_outcomes([accepted], as_of=before.subtract(days=1), currency="EUR").quotes == ()


def test_each_quote_counts_once_as_its_latest_version() -> None:
    first = make_quote(QuoteStatus.REJECTED)
    old, new = first.revise(
        at=first.history[-1].at.add(hours=1),
        by=UserId("rep"),
        reason="cheaper",
        valid_until=pendulum.Date(2026, 4, 30),
    )
    report = quote_outcomes([old, new], as_of=MARCH)
    (row,) = report.quotes
    assert (row.version, row.result) == (2, QuoteResult.OPEN)


def test_a_superseded_version_without_its_successor_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        quote_outcomes([make_quote(QuoteStatus.SUPERSEDED)], as_of=MARCH)
    assert raised.value.field == "quotes[0]"


def test_loss_reasons_competitors_and_price_feedback_are_counted() -> None:
    report = quote_outcomes(quotes(QuoteStatus.REJECTED, QuoteStatus.REJECTED), as_of=MARCH)
    assert [(t.key, t.count) for t in report.loss_reasons] == [("competitor", 2), ("price", 2)]
    assert [(t.key, t.count) for t in report.competitors] == [("Globex", 2)]
    assert [(t.key, t.count) for t in report.price_feedback] == [("too_high", 2)]


def test_quotes_in_another_currency_need_exchange_rates() -> None:
    eur = make_quote(QuoteStatus.ACCEPTED, id=QuoteId("Q-E"))
    with pytest.raises(CurrencyMismatch):
        quote_outcomes([eur], as_of=MARCH, currency="USD")
    rates = FxTable.from_rates(
        [FxRate(base="EUR", quote="USD", on=pendulum.Date(2026, 1, 1), rate=Decimal("1.10"))]
    )
    report = quote_outcomes([eur], as_of=MARCH, currency="USD", fx=rates)
    assert report.quotes[0].value.amount == Decimal("1166.00")


def test_nothing_decided_gives_no_rate() -> None:
    report = quote_outcomes([], as_of=MARCH, currency="EUR")
    assert report.currency == "EUR"
    assert report.acceptance_rate is None
    assert report.value_rate is None


def test_without_a_quote_that_counts_the_currency_must_be_given() -> None:
    with pytest.raises(ValidationError) as raised:
        quote_outcomes([], as_of=MARCH)
    assert raised.value.field == "currency"
    later_quote = make_quote()
    with pytest.raises(ValidationError) as raised:
        quote_outcomes([later_quote], as_of=later_quote.drafted_at.subtract(days=1))
    assert raised.value.field == "currency"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"as_of": pendulum.naive(2026, 3, 1)}, "as_of"),
        ({"currency": "EURO"}, "currency"),
        ({"fx": "rates"}, "fx"),
    ],
)
def test_bad_arguments_are_refused_naming_them(arguments: dict[str, object], field: str) -> None:
    given_arguments: dict[str, object] = {"as_of": MARCH}
    given_arguments.update(arguments)
    with pytest.raises(ValidationError) as raised:
        quote_outcomes(quotes(QuoteStatus.ACCEPTED), **given_arguments)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_something_that_is_not_a_quote_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        quote_outcomes(["Q-1"], as_of=MARCH)  # type: ignore[list-item]
    assert raised.value.field == "quotes[0]"


@given(st.lists(st.sampled_from(list(QuoteStatus)), max_size=8), st.sampled_from([MARCH, MAY]))
def test_every_quote_is_counted_in_exactly_one_result(
    statuses: list[QuoteStatus], as_of: pendulum.DateTime
) -> None:
    given_quotes = [q for q in quotes(*statuses) if q.status is not QuoteStatus.SUPERSEDED]
    report = quote_outcomes(given_quotes, as_of=as_of, currency="EUR")
    assert sum(report.count(r) for r in QuoteResult) == len(given_quotes)
    rate = report.acceptance_rate
    if rate is not None:
        assert Decimal(0) <= rate.percent <= Decimal(100)


@pytest.mark.parametrize("quotes", [None, 5, "Q-1"])
def test_quotes_that_are_not_a_collection_are_refused(quotes: object) -> None:
    with pytest.raises(ValidationError) as raised:
        quote_outcomes(quotes, as_of=pendulum.datetime(2026, 3, 31, tz="UTC"))  # type: ignore[arg-type]
    assert raised.value.field == "quotes"
