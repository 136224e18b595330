"""Bid/no-bid (PCF 3.5.3.3 review the request, 3.5.3.5 validate with strategy and business
plans): a weighted scorecard with a threshold and knock-out minimums, explained criterion
by criterion, and the decision taken on it."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any, Final

import attrs

from pcf_sales.core import DECIMAL_CONTEXT, Percentage
from pcf_sales.core._validate import (
    describe,
    fail,
    is_decimal,
    is_enum,
    is_instance,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_optional_decimal,
    to_text,
    to_tuple,
)
from pcf_sales.opportunities import Opportunity, StrategyFit

__all__ = [
    "BidCriterion",
    "BidCriterionScore",
    "BidDecision",
    "BidOutcome",
    "BidPolicy",
    "BidRating",
    "BidScorecard",
    "BidWeight",
]

_TENTH: Final = Decimal("0.1")
_HUNDRED: Final = Decimal(100)


class BidCriterion(Enum):
    """What a bid decision weighs."""

    STRATEGIC_FIT = "strategic_fit"
    """How well the deal fits where the company wants to win (see :class:`BusinessStrategy`)."""
    WIN_PROBABILITY = "win_probability"
    """How likely we are to win it."""
    CAPACITY = "capacity"
    """Whether we have the people and time to prepare the bid and deliver the work."""
    COMPETITIVE_POSITION = "competitive_position"
    """How we stand against the competitors (incumbency, relationships, differentiation)."""
    VALUE = "value"
    """What the deal is worth to us: revenue, margin, reference value."""


class BidOutcome(Enum):
    """Whether we answer the request."""

    BID = "bid"
    NO_BID = "no_bid"


def _score(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_decimal(minimum=0, maximum=100)(inst, attr, value)


@attrs.frozen(kw_only=True)
class BidRating:
    """How a request rates on one criterion, 0 to 100, and why."""

    criterion: BidCriterion = attrs.field(validator=is_enum(BidCriterion))
    score: Decimal = attrs.field(converter=to_decimal, validator=_score)
    explanation: str = attrs.field(converter=to_text, validator=is_text(max_length=2000))

    @classmethod
    def from_strategy_fit(cls, fit: StrategyFit) -> BidRating:
        """The strategic-fit rating from a :class:`~pcf_sales.opportunities.StrategyFit`:
        its score, explained by its level and every check."""
        if not isinstance(fit, StrategyFit):
            fail("fit", f"expected a StrategyFit, got {describe(fit)}")
        reasons = "; ".join(fit.reasons)
        return cls(
            criterion=BidCriterion.STRATEGIC_FIT,
            score=fit.score.percent,
            explanation=f"{fit.level.value} fit with {fit.strategy!r}: {reasons}"[:2000],
        )

    @classmethod
    def from_opportunity(cls, opportunity: Opportunity) -> BidRating:
        """The win-probability rating from the deal's probability and stage."""
        if not isinstance(opportunity, Opportunity):
            fail("opportunity", f"expected an Opportunity, got {describe(opportunity)}")
        return cls(
            criterion=BidCriterion.WIN_PROBABILITY,
            score=opportunity.probability.percent,
            explanation=(
                f"deal {opportunity.id} is in stage {opportunity.stage!r} "
                f"at {opportunity.probability} win probability"
            ),
        )


def _weight(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_decimal(minimum=0, maximum=1000)(inst, attr, value)


@attrs.frozen(kw_only=True)
class BidWeight:
    """A criterion's weight in the scorecard, and optionally a knock-out ``minimum``: a
    score below it means no bid, whatever the total."""

    criterion: BidCriterion = attrs.field(validator=is_enum(BidCriterion))
    weight: Decimal = attrs.field(converter=to_decimal, validator=_weight)
    minimum: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(_score)
    )


@attrs.frozen(kw_only=True)
class BidCriterionScore:
    """One row of a scorecard: the rating, its weight and its share of the total."""

    criterion: BidCriterion = attrs.field(validator=is_enum(BidCriterion))
    score: Decimal = attrs.field(converter=to_decimal, validator=_score)
    weight: Decimal = attrs.field(converter=to_decimal, validator=_weight)
    minimum: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(_score)
    )
    explanation: str = attrs.field(converter=to_text, validator=is_text(max_length=2000))

    @property
    def passes_minimum(self) -> bool:
        """False when the score is below the criterion's knock-out minimum."""
        return self.minimum is None or self.score >= self.minimum

    def describe(self) -> str:
        """The row in words."""
        minimum = "" if self.minimum is None else f", minimum {self.minimum}"
        flag = "" if self.passes_minimum else " BELOW MINIMUM"
        return (
            f"{self.criterion.value}: {self.score} x weight {self.weight}{minimum}{flag} "
            f"- {self.explanation}"
        )


def _rows(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(BidCriterionScore)(inst, attr, value)
    criteria = [row.criterion for row in value]  # type: ignore[attr-defined]
    if len(set(criteria)) != len(criteria):
        fail(attr.name, "rates a criterion twice")
    if not criteria:
        fail(attr.name, "a scorecard rates at least one criterion")
    if sum((row.weight for row in value), Decimal(0)) <= 0:  # type: ignore[attr-defined]
        fail(attr.name, "at least one criterion needs a positive weight")


def _threshold(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_instance(Percentage)(inst, attr, value)
    if not 0 <= value.percent <= 100:  # type: ignore[attr-defined]
        fail(attr.name, f"a threshold is between 0 and 100 %, got {value}")


@attrs.frozen(kw_only=True)
class BidScorecard:
    """A request rated on weighted criteria. The total is the weighted average of the
    scores, to 0.1; the scorecard recommends a bid when the total reaches the threshold
    and no criterion is below its minimum."""

    rows: tuple[BidCriterionScore, ...] = attrs.field(converter=to_tuple, validator=_rows)
    threshold: Percentage = attrs.field(validator=_threshold)

    @property
    def total(self) -> Decimal:
        """The weighted average score, 0 to 100, to one decimal (half up)."""
        ctx = DECIMAL_CONTEXT
        points = Decimal(0)
        weights = Decimal(0)
        for row in self.rows:
            points = ctx.add(points, ctx.multiply(row.score, row.weight))
            weights = ctx.add(weights, row.weight)
        return ctx.divide(points, weights).quantize(_TENTH, rounding="ROUND_HALF_UP", context=ctx)

    @property
    def knocked_out(self) -> tuple[BidCriterion, ...]:
        """The criteria scored below their minimum."""
        return tuple(row.criterion for row in self.rows if not row.passes_minimum)

    @property
    def recommendation(self) -> BidOutcome:
        """``bid`` when the total reaches the threshold and nothing is knocked out."""
        if self.knocked_out or self.total < self.threshold.percent:
            return BidOutcome.NO_BID
        return BidOutcome.BID

    def reasons(self) -> tuple[str, ...]:
        """Why the scorecard recommends what it does, most decisive first."""
        found = [
            f"{row.criterion.value} scores {row.score}, below its minimum of {row.minimum}"
            for row in self.rows
            if not row.passes_minimum
        ]
        relation = "reaches" if self.total >= self.threshold.percent else "is below"
        found.append(f"total {self.total} {relation} the threshold of {self.threshold.percent}")
        return tuple(found)

    def explain(self) -> str:
        """The recommendation, its reasons, then every row."""
        head = f"recommendation: {self.recommendation.value} ({'; '.join(self.reasons())})"
        return "\n".join([head, *(row.describe() for row in self.rows)])


def _weights(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(BidWeight)(inst, attr, value)
    criteria = [w.criterion for w in value]  # type: ignore[attr-defined]
    if len(set(criteria)) != len(criteria):
        fail(attr.name, "weighs a criterion twice")
    if sum((w.weight for w in value), Decimal(0)) <= 0:  # type: ignore[attr-defined]
        fail(attr.name, "at least one criterion needs a positive weight")


@attrs.frozen(kw_only=True)
class BidPolicy:
    """How the company decides whether to bid: weights, knock-out minimums, a threshold.

    >>> policy = BidPolicy.default()
    >>> card = policy.evaluate([
    ...     BidRating(criterion=c, score=70, explanation="as assessed") for c in BidCriterion])
    >>> card.total, card.recommendation.value
    (Decimal('70.0'), 'bid')
    """

    weights: tuple[BidWeight, ...] = attrs.field(converter=to_tuple, validator=_weights)
    threshold: Percentage = attrs.field(validator=_threshold)

    @classmethod
    def default(cls) -> BidPolicy:
        """Strategic fit and win probability 25 each, capacity 20 (minimum 40), competitive
        position and value 15 each; bid from 60."""
        return cls(
            weights=(
                BidWeight(criterion=BidCriterion.STRATEGIC_FIT, weight=Decimal(25)),
                BidWeight(criterion=BidCriterion.WIN_PROBABILITY, weight=Decimal(25)),
                BidWeight(criterion=BidCriterion.CAPACITY, weight=Decimal(20), minimum=Decimal(40)),
                BidWeight(criterion=BidCriterion.COMPETITIVE_POSITION, weight=Decimal(15)),
                BidWeight(criterion=BidCriterion.VALUE, weight=Decimal(15)),
            ),
            threshold=Percentage(60),
        )

    def evaluate(self, ratings: Iterable[BidRating]) -> BidScorecard:
        """The scorecard of ``ratings``: one for every criterion the policy weighs, in the
        policy's order. A missing, repeated or unweighed criterion is an error naming it."""
        items = to_tuple(ratings)
        if not isinstance(items, tuple):
            fail("ratings", f"expected a list of BidRating, got {describe(ratings)}")
        given: dict[BidCriterion, BidRating] = {}
        for index, rating in enumerate(items):
            if not isinstance(rating, BidRating):
                fail(f"ratings[{index}]", f"expected a BidRating, got {describe(rating)}")
            if rating.criterion in given:
                fail(f"ratings[{index}]", f"rates {rating.criterion.value} a second time")
            given[rating.criterion] = rating
        weighed = {w.criterion for w in self.weights}
        for criterion in given:
            if criterion not in weighed:
                fail("ratings", f"the policy does not weigh {criterion.value}")
        missing = [w.criterion.value for w in self.weights if w.criterion not in given]
        if missing:
            fail("ratings", f"no rating for {', '.join(missing)}")
        rows = [
            BidCriterionScore(
                criterion=w.criterion,
                score=given[w.criterion].score,
                weight=w.weight,
                minimum=w.minimum,
                explanation=given[w.criterion].explanation,
            )
            for w in self.weights
        ]
        return BidScorecard(rows=tuple(rows), threshold=self.threshold)


def _reasons(value: Iterable[str]) -> tuple[str, ...]:
    items = to_tuple(value)
    if isinstance(items, tuple) and all(isinstance(i, str) for i in items):
        return tuple(i.strip() for i in items)
    return items


def _reason_list(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(is_text(max_length=500))(inst, attr, value)
    if not value:
        fail(attr.name, "a bid decision gives at least one reason")


@attrs.frozen(kw_only=True)
class BidDecision:
    """Bid or no bid, with the reasons and the scorecard it was taken on (if any).

    A decision may go against the scorecard's recommendation; the reasons
    then say why, and :attr:`follows_recommendation` is false.
    """

    outcome: BidOutcome = attrs.field(validator=is_enum(BidOutcome))
    reasons: tuple[str, ...] = attrs.field(converter=_reasons, validator=_reason_list)
    scorecard: BidScorecard | None = attrs.field(
        default=None, validator=optional(is_instance(BidScorecard))
    )

    @classmethod
    def recommended(cls, scorecard: BidScorecard) -> BidDecision:
        """The decision the scorecard recommends, for the scorecard's reasons."""
        if not isinstance(scorecard, BidScorecard):
            fail("scorecard", f"expected a BidScorecard, got {describe(scorecard)}")
        return cls(
            outcome=scorecard.recommendation, reasons=scorecard.reasons(), scorecard=scorecard
        )

    @property
    def follows_recommendation(self) -> bool:
        """True unless the scorecard recommended the other outcome."""
        return self.scorecard is None or self.scorecard.recommendation is self.outcome

    def summary(self) -> str:
        """The decision and its reasons in one line."""
        return f"{self.outcome.value}: {'; '.join(self.reasons)}"
