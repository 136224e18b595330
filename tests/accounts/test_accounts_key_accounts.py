"""Key account selection (PCF 3.5.2.1): scores that explain themselves, rankings that do not
depend on input order."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from pcf_sales.accounts import (
    AccountFacts,
    AccountRank,
    CriterionWeight,
    KeyAccountCriteria,
    KeyAccountCriterion,
    KeyAccountRanking,
)
from pcf_sales.core import AccountId, Percentage
from pcf_sales.errors import CurrencyMismatch, MissingFxRate, ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    make_account_facts,
    make_fx_rate,
    make_fx_table,
    make_key_account_criteria,
    make_key_account_ranking,
)


def _facts(account_id: str, revenue: str, growth: int, fit: int, rel: int) -> AccountFacts:
    return AccountFacts(
        account_id=AccountId(account_id),
        revenue=Money(revenue, "USD"),
        growth_potential=Percentage(growth),
        strategic_fit=Decimal(fit),
        relationship=Decimal(rel),
    )


def test_each_criterion_is_scored_on_its_scale_and_weighed() -> None:
    score, parts = make_key_account_criteria().score(_facts("A", "600000", 10, 80, 70))
    by = {p.criterion: p for p in parts}
    assert by[KeyAccountCriterion.REVENUE].points == Decimal("60.00")
    assert by[KeyAccountCriterion.REVENUE].contribution == Decimal("24.00")
    assert by[KeyAccountCriterion.GROWTH_POTENTIAL].points == Decimal("40.00")
    assert by[KeyAccountCriterion.GROWTH_POTENTIAL].contribution == Decimal("10.00")
    assert by[KeyAccountCriterion.STRATEGIC_FIT].contribution == Decimal("16.00")
    assert by[KeyAccountCriterion.RELATIONSHIP].contribution == Decimal("10.50")
    assert score == Decimal("60.50")
    assert "600000 USD of 1000000 USD" in by[KeyAccountCriterion.REVENUE].detail


def test_points_are_capped_at_zero_and_a_hundred() -> None:
    _, parts = make_key_account_criteria().score(_facts("A", "5000000", 300, 0, 0))
    by = {p.criterion: p.points for p in parts}
    assert by[KeyAccountCriterion.REVENUE] == Decimal("100.00")
    assert by[KeyAccountCriterion.GROWTH_POTENTIAL] == Decimal("100.00")
    _, low = make_key_account_criteria().score(_facts("A", "-10", -20, 0, 0))
    assert all(p.points == 0 for p in low)


def test_ranking_orders_by_score_and_selects_within_the_top_and_minimum() -> None:
    criteria = attrs.evolve(make_key_account_criteria(), top=2, minimum_score=Decimal(30))
    ranking = criteria.rank(
        [
            _facts("small", "10000", 0, 10, 10),
            _facts("big", "900000", 20, 90, 80),
            _facts("mid", "500000", 10, 60, 50),
            _facts("mid-2", "450000", 10, 60, 50),
        ]
    )
    assert [r.account_id for r in ranking.ranks] == ["big", "mid", "mid-2", "small"]
    assert [r.position for r in ranking.ranks] == [1, 2, 3, 4]
    assert ranking.selected == ("big", "mid")
    assert ranking.rank_of(AccountId("mid-2")).note == "not selected: beyond the top 2"
    assert ranking.rank_of(AccountId("small")).note.startswith("not selected: below the minimum")
    assert ranking.rank_of(AccountId("big")).note == "selected: within the top 2, at least 30"
    assert criteria.select(
        [_facts("big", "900000", 20, 90, 80), _facts("small", "10000", 0, 10, 10)]
    ) == ("big",)


def test_ties_are_broken_by_account_id() -> None:
    ranking = make_key_account_criteria().rank(
        [_facts("b", "100", 5, 50, 50), _facts("a", "100", 5, 50, 50)]
    )
    assert [r.account_id for r in ranking.ranks] == ["a", "b"]


def test_a_ranking_explains_every_account() -> None:
    text = make_key_account_ranking().explain()
    assert text.splitlines()[0] == "3 accounts ranked by default; 2 selected"
    assert "+24.00 revenue (weight 40)" in text


def test_only_the_weighed_criteria_count() -> None:
    criteria = KeyAccountCriteria(
        weights=[CriterionWeight(criterion=KeyAccountCriterion.STRATEGIC_FIT, weight=Decimal(1))],
        revenue_for_full_marks=Money(1, "USD"),
        growth_for_full_marks=Percentage(10),
    )
    score, parts = criteria.score(_facts("A", "0", 0, 73, 0))
    assert score == Decimal("73.00")
    assert [p.criterion for p in parts] == [KeyAccountCriterion.STRATEGIC_FIT]


def test_revenue_in_another_currency_needs_an_fx_table() -> None:
    eur = attrs.evolve(make_account_facts(), revenue=Money("100000.00", "EUR"))
    criteria = make_key_account_criteria("USD")
    with pytest.raises(CurrencyMismatch) as error:
        criteria.rank([make_account_facts(account_id=AccountId("x")), eur])
    assert error.value.field == "facts[1].revenue"
    with pytest.raises(ValidationError) as no_day:
        criteria.rank([eur], fx=make_fx_table())
    assert no_day.value.field == "on"
    day = pendulum.Date(2026, 3, 2)
    _, parts = criteria.score(eur, fx=make_fx_table(make_fx_rate()), on=day)
    revenue = next(p for p in parts if p.criterion is KeyAccountCriterion.REVENUE)
    assert revenue.points == Decimal("10.83")
    assert "(108250.00 USD)" in revenue.detail
    with pytest.raises(MissingFxRate):
        criteria.score(eur, fx=make_fx_table(make_fx_rate(base="GBP")), on=day)


def test_an_account_given_twice_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_key_account_criteria().rank([make_account_facts(), make_account_facts()])
    assert error.value.field == "facts[1].account_id"


@pytest.mark.parametrize(
    ("field", "value"),
    [("strategic_fit", Decimal(101)), ("relationship", Decimal(-1)), ("revenue", 100)],
)
def test_facts_out_of_range_are_refused(field: str, value: object) -> None:
    changes: dict[str, Any] = {field: value}
    with pytest.raises(ValidationError) as error:
        attrs.evolve(make_account_facts(), **changes)
    assert error.value.field == field


def test_criteria_refuse_bad_settings() -> None:
    base = make_key_account_criteria()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"weights": []}, "weights"),
        ({"weights": [base.weights[0], base.weights[0]]}, "weights[1].criterion"),
        ({"revenue_for_full_marks": Money(0, "USD")}, "revenue_for_full_marks"),
        ({"growth_for_full_marks": Percentage(0)}, "growth_for_full_marks"),
        ({"top": 0}, "top"),
        ({"minimum_score": Decimal(101)}, "minimum_score"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as error:
            attrs.evolve(base, **changes)
        assert error.value.field == field


def test_a_rank_whose_score_is_not_its_contributions_is_refused() -> None:
    rank = make_key_account_ranking().ranks[0]
    with pytest.raises(ValidationError) as error:
        attrs.evolve(rank, score=rank.score + 1)
    assert error.value.field == "score"


def test_a_ranking_out_of_order_is_refused() -> None:
    ranking = make_key_account_ranking()
    ranks = [attrs.evolve(r, position=i + 1) for i, r in enumerate(reversed(ranking.ranks))]
    with pytest.raises(ValidationError) as error:
        KeyAccountRanking(criteria=ranking.criteria, ranks=ranks)
    assert error.value.field == "ranks"


# --- properties -----------------------------------------------------------------------


@given(strategies.key_account_rankings())
def test_every_score_is_exactly_the_sum_of_its_contributions(ranking: KeyAccountRanking) -> None:
    for rank in ranking.ranks:
        assert rank.score == sum((c.contribution for c in rank.contributions), Decimal(0))
        assert {c.criterion for c in rank.contributions} == {
            w.criterion for w in ranking.criteria.weights
        }
        assert all(0 <= c.points <= 100 for c in rank.contributions)


@given(strategies.key_account_criteria(), st.data(), st.randoms())
def test_the_ranking_does_not_depend_on_the_order_of_the_facts(
    criteria: KeyAccountCriteria, data: st.DataObject, rng: random.Random
) -> None:
    facts = data.draw(
        st.lists(
            strategies.account_facts(criteria.currency),
            max_size=8,
            unique_by=lambda f: f.account_id,
        )
    )
    shuffled = list(facts)
    rng.shuffle(shuffled)
    assert criteria.rank(shuffled) == criteria.rank(facts)


@given(strategies.key_account_rankings())
def test_scores_never_rise_down_the_ranking_and_selection_is_a_prefix(
    ranking: KeyAccountRanking,
) -> None:
    scores = [r.score for r in ranking.ranks]
    assert scores == sorted(scores, reverse=True)
    flags = [r.selected for r in ranking.ranks]
    assert flags == sorted(flags, reverse=True)
    criteria = ranking.criteria
    if criteria.top is not None:
        assert len(ranking.selected) <= criteria.top
    if criteria.minimum_score is not None:
        assert all(ranking.rank_of(i).score >= criteria.minimum_score for i in ranking.selected)


@given(strategies.key_account_criteria(), st.data())
def test_more_of_any_fact_never_lowers_the_score(
    criteria: KeyAccountCriteria, data: st.DataObject
) -> None:
    facts = data.draw(strategies.account_facts(criteria.currency))
    better = attrs.evolve(
        facts,
        revenue=facts.revenue + Money(data.draw(st.integers(0, 10**6)), criteria.currency),
        growth_potential=Percentage(facts.growth_potential.percent + data.draw(st.integers(0, 50))),
        strategic_fit=min(Decimal(100), facts.strategic_fit + data.draw(st.integers(0, 50))),
    )
    assert criteria.score(better)[0] >= criteria.score(facts)[0]


@given(st.one_of(strategies.key_account_rankings(), strategies.account_ranks()))
def test_rankings_and_ranks_round_trip_through_their_documents(
    value: KeyAccountRanking | AccountRank,
) -> None:
    assert from_document(to_document(value)) == value


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "100.005"])
def test_revenue_that_is_not_a_finite_rounded_amount_is_refused(amount: str) -> None:
    with pytest.raises(ValidationError) as caught:
        AccountFacts(
            account_id=AccountId("A-1"),
            revenue=Money(amount, "EUR"),
            growth_potential=Percentage(1),
            strategic_fit=1,
            relationship=1,
        )
    assert caught.value.field == "revenue"


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "100.005"])
def test_full_marks_revenue_that_is_not_a_finite_rounded_amount_is_refused(amount: str) -> None:
    with pytest.raises(ValidationError) as caught:
        KeyAccountCriteria(
            weights=[CriterionWeight(criterion=KeyAccountCriterion.REVENUE, weight=1)],
            revenue_for_full_marks=Money(amount, "EUR"),
            growth_for_full_marks=Percentage(10),
        )
    assert caught.value.field == "revenue_for_full_marks"
