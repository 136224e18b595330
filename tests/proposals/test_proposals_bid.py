"""Bid/no-bid scorecards, decisions, the compliance matrix and competitive analysis."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import Percentage, money
from pcf_sales.errors import CurrencyMismatch, ValidationError
from pcf_sales.proposals import (
    BidCriterion,
    BidDecision,
    BidOutcome,
    BidPolicy,
    BidRating,
    BidScorecard,
    BidWeight,
    CompetitiveAnalysis,
    Competitor,
    ComplianceAnswer,
    ComplianceCoverage,
    ComplianceLevel,
    PricePosition,
    PriceRange,
    RequirementPriority,
)
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    make_bid_rating,
    make_bid_scorecard,
    make_compliance_answer,
    make_opportunity,
    make_requirement,
    make_strategy_fit,
)


def ratings(**scores: int) -> list[BidRating]:
    """A rating for every criterion, 70 unless given by name."""
    return [make_bid_rating(c, scores.get(c.value, 70)) for c in BidCriterion]


# -- scorecards --------------------------------------------------------------------------


def test_the_total_is_the_weighted_average_of_the_scores() -> None:
    card = BidPolicy.default().evaluate(
        ratings(strategic_fit=80, win_probability=40, capacity=60, competitive_position=100)
    )
    # (80*25 + 40*25 + 60*20 + 100*15 + 70*15) / 100 = 67.5
    assert card.total == Decimal("67.5")
    assert card.recommendation is BidOutcome.BID
    assert card.reasons() == ("total 67.5 reaches the threshold of 60",)


def test_a_total_below_the_threshold_recommends_no_bid() -> None:
    card = BidPolicy.default().evaluate(ratings(strategic_fit=20, win_probability=20))
    assert card.total < 60
    assert card.recommendation is BidOutcome.NO_BID


def test_a_criterion_below_its_minimum_knocks_the_bid_out_whatever_the_total() -> None:
    card = BidPolicy.default().evaluate(
        ratings(strategic_fit=100, win_probability=100, capacity=30, value=100)
    )
    assert card.total >= 60
    assert card.knocked_out == (BidCriterion.CAPACITY,)
    assert card.recommendation is BidOutcome.NO_BID
    assert card.reasons()[0] == "capacity scores 30, below its minimum of 40"
    assert "BELOW MINIMUM" in card.explain()


def test_every_row_keeps_its_explanation() -> None:
    card = make_bid_scorecard()
    assert all("assessed by the bid team" in row.describe() for row in card.rows)
    assert card.explain().startswith("recommendation: bid")


def test_a_missing_rating_is_named() -> None:
    with pytest.raises(ValidationError) as error:
        BidPolicy.default().evaluate([make_bid_rating(BidCriterion.VALUE)])
    assert error.value.field == "ratings"
    assert "strategic_fit" in error.value.reason


def test_a_criterion_rated_twice_is_refused() -> None:
    given_ = [*ratings(), make_bid_rating(BidCriterion.VALUE)]
    with pytest.raises(ValidationError) as error:
        BidPolicy.default().evaluate(given_)
    assert error.value.field == "ratings[5]"


def test_a_rating_the_policy_does_not_weigh_is_refused() -> None:
    policy = BidPolicy(
        weights=[BidWeight(criterion=BidCriterion.VALUE, weight=Decimal(1))],
        threshold=Percentage(50),
    )
    with pytest.raises(ValidationError) as error:
        policy.evaluate(ratings())
    assert error.value.field == "ratings"


@pytest.mark.parametrize("score", [Decimal(-1), Decimal("100.1")])
def test_scores_run_from_0_to_100(score: Decimal) -> None:
    with pytest.raises(ValidationError) as error:
        BidRating(criterion=BidCriterion.VALUE, score=score, explanation="x")
    assert error.value.field == "score"


def test_a_float_score_is_refused() -> None:
    bad: Any = 70.5
    with pytest.raises(ValidationError) as error:
        BidRating(criterion=BidCriterion.VALUE, score=bad, explanation="x")
    assert error.value.field == "score"


def test_a_policy_needs_a_positive_weight_and_a_threshold_within_100() -> None:
    with pytest.raises(ValidationError) as error:
        BidPolicy(
            weights=[BidWeight(criterion=BidCriterion.VALUE, weight=Decimal(0))],
            threshold=Percentage(50),
        )
    assert error.value.field == "weights"
    with pytest.raises(ValidationError) as error:
        BidPolicy(weights=BidPolicy.default().weights, threshold=Percentage(101))
    assert error.value.field == "threshold"


def test_strategic_fit_comes_from_the_opportunity_strategy_fit() -> None:
    fit = make_strategy_fit()
    rating = BidRating.from_strategy_fit(fit)
    assert rating.criterion is BidCriterion.STRATEGIC_FIT
    assert rating.score == fit.score.percent
    assert fit.level.value in rating.explanation
    assert fit.reasons[0] in rating.explanation


def test_win_probability_comes_from_the_deal() -> None:
    deal = make_opportunity()
    rating = BidRating.from_opportunity(deal)
    assert rating.score == deal.probability.percent
    assert deal.id in rating.explanation


def test_ratings_from_the_wrong_kind_of_value_are_refused() -> None:
    bad: Any = "fit"
    with pytest.raises(ValidationError) as error:
        BidRating.from_strategy_fit(bad)
    assert error.value.field == "fit"


@given(strategies.bid_scorecards())
def test_the_total_lies_between_the_lowest_and_highest_weighted_score(card: BidScorecard) -> None:
    weighted = [row.score for row in card.rows if row.weight > 0]
    assert min(weighted) - Decimal("0.05") <= card.total <= max(weighted) + Decimal("0.05")
    if card.recommendation is BidOutcome.BID:
        assert card.total >= card.threshold.percent
        assert not card.knocked_out


# -- decisions ---------------------------------------------------------------------------


def test_the_recommended_decision_follows_its_scorecard() -> None:
    card = make_bid_scorecard(30)
    decision = BidDecision.recommended(card)
    assert decision.outcome is BidOutcome.NO_BID
    assert decision.follows_recommendation
    assert decision.summary() == (
        "no_bid: capacity scores 30, below its minimum of 40; "
        "total 30.0 is below the threshold of 60"
    )


def test_a_decision_against_the_scorecard_is_recorded_as_such() -> None:
    decision = BidDecision(
        outcome=BidOutcome.BID,
        reasons=["strategic logo for the region"],
        scorecard=make_bid_scorecard(30),
    )
    assert not decision.follows_recommendation


def test_a_decision_needs_a_reason() -> None:
    with pytest.raises(ValidationError) as error:
        BidDecision(outcome=BidOutcome.NO_BID, reasons=[])
    assert error.value.field == "reasons"


@given(strategies.bid_decisions())
def test_a_decision_summary_names_its_outcome_and_reasons(decision: BidDecision) -> None:
    assert decision.summary().startswith(decision.outcome.value)
    assert all(reason in decision.summary() for reason in decision.reasons)


# -- the compliance matrix -----------------------------------------------------------------


def test_coverage_counts_only_met_must_haves() -> None:
    wanted = [
        make_requirement("R-1"),
        make_requirement("R-2"),
        make_requirement("R-3"),
        make_requirement("R-4", RequirementPriority.SHOULD),
    ]
    answers = [
        make_compliance_answer("R-1"),
        make_compliance_answer("R-2", ComplianceLevel.NOT_APPLICABLE),
        make_compliance_answer("R-3", ComplianceLevel.PARTIAL, "phase 2"),
        make_compliance_answer("R-4", ComplianceLevel.EXCEPTION, "not offered"),
    ]
    coverage = ComplianceCoverage.of(wanted, answers)
    assert coverage.must_total == 3
    assert coverage.musts_met == ("R-1", "R-2")
    assert coverage.musts_not_met == ("R-3",)
    assert str(coverage.must_coverage) == "66.7 %"
    assert coverage.is_complete
    assert not coverage.meets_all_musts
    assert coverage.explain().splitlines()[3] == "R-3 (must): partial - phase 2"


def test_without_must_haves_coverage_is_complete() -> None:
    coverage = ComplianceCoverage.of([make_requirement("R-1", RequirementPriority.COULD)], [])
    assert str(coverage.must_coverage) == "100 %"
    assert coverage.meets_all_musts
    assert coverage.unanswered == ("R-1",)


def test_an_answer_to_an_unknown_requirement_is_named() -> None:
    with pytest.raises(ValidationError) as error:
        ComplianceCoverage.of([make_requirement("R-1")], [make_compliance_answer("R-9")])
    assert error.value.field == "answers"
    assert "R-9" in error.value.reason


def test_an_exception_needs_a_note() -> None:
    with pytest.raises(ValidationError) as error:
        ComplianceAnswer(requirement_key="R-1", level=ComplianceLevel.EXCEPTION, note="  ")
    assert error.value.field == "note"


@given(strategies.compliance_coverages())
def test_coverage_is_the_share_of_musts_met(coverage: ComplianceCoverage) -> None:
    if coverage.must_total:
        share = Decimal(100 * len(coverage.musts_met)) / coverage.must_total
        assert abs(coverage.must_coverage.percent - share) <= Decimal("0.05")
    assert set(coverage.unanswered) <= {line.requirement_key for line in coverage.lines}


# -- competitive analysis -----------------------------------------------------------------


def eur(amount: str) -> Any:
    return money(amount, "EUR")


def test_price_to_win_runs_from_the_cheapest_bid_to_the_best_midpoint_plus_premium() -> None:
    analysis = CompetitiveAnalysis(
        competitors=[
            Competitor(
                name="Acme",
                strengths=["incumbent", "local team"],
                weaknesses=["old platform"],
                price_position=PricePosition.AGGRESSIVE,
                expected_price=PriceRange(low=eur("95000.00"), high=eur("105000.00")),
                incumbent=True,
            ),
            Competitor(
                name="Globex",
                price_position=PricePosition.AGGRESSIVE,
                expected_price=PriceRange(low=eur("80000.00"), high=eur("130000.00")),
            ),
            Competitor(name="Initech", price_position=PricePosition.PREMIUM),
        ],
        value_premium=Percentage(10),
    )
    ptw = analysis.price_to_win()
    assert ptw is not None
    assert ptw.range.low == eur("80000.00")
    assert ptw.range.high == eur("110000.00")  # Acme's midpoint 100,000 + 10 %
    assert "Globex may bid as low as 80000.00 EUR" in ptw.explain()
    assert analysis.incumbent is not None
    assert analysis.incumbent.name == "Acme"


def test_without_expected_prices_there_is_no_price_to_win() -> None:
    analysis = CompetitiveAnalysis(
        competitors=[Competitor(name="Acme", price_position=PricePosition.COMPETITIVE)]
    )
    assert analysis.price_to_win() is None


def test_competitors_are_listed_once_and_priced_in_one_currency() -> None:
    acme = Competitor(name="Acme", price_position=PricePosition.COMPETITIVE)
    with pytest.raises(ValidationError) as error:
        CompetitiveAnalysis(
            competitors=[acme, Competitor(name="ACME", price_position=acme.price_position)]
        )
    assert error.value.field == "competitors[1].name"
    usd = PriceRange(low=money("1.00", "USD"), high=money("2.00", "USD"))
    with pytest.raises(CurrencyMismatch):
        CompetitiveAnalysis(
            competitors=[
                Competitor(
                    name="A",
                    price_position=PricePosition.PREMIUM,
                    expected_price=PriceRange(low=eur("1.00"), high=eur("2.00")),
                ),
                Competitor(name="B", price_position=PricePosition.PREMIUM, expected_price=usd),
            ]
        )


def test_a_price_range_runs_upwards() -> None:
    with pytest.raises(ValidationError) as error:
        PriceRange(low=eur("2.00"), high=eur("1.00"))
    assert error.value.field == "high"


@given(
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=5),
    st.integers(0, 100),
)
def test_the_price_to_win_range_is_never_inverted(
    bounds: list[tuple[int, int]], premium: int
) -> None:
    competitors = [
        Competitor(
            name=f"C{index}",
            price_position=PricePosition.COMPETITIVE,
            expected_price=PriceRange(low=money(min(a, b), "EUR"), high=money(max(a, b), "EUR")),
        )
        for index, (a, b) in enumerate(bounds)
    ]
    ptw = CompetitiveAnalysis(competitors=competitors, value_premium=Percentage(premium))
    result = ptw.price_to_win()
    assert result is not None
    assert result.range.low.amount == min(min(a, b) for a, b in bounds)
    assert result.range.low <= result.range.high


@pytest.mark.parametrize("ratings", [None, 5, "value"])
def test_ratings_that_are_not_a_collection_are_refused(ratings: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        BidPolicy.default().evaluate(ratings)
    assert raised.value.field == "ratings"
