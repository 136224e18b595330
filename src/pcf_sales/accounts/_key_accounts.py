"""Selecting key accounts (PCF 3.5.2.1): weighted criteria, a ranking that explains itself.

The caller passes :class:`AccountFacts` for each candidate (revenue, growth
potential, strategic fit, relationship strength: values, no look-ups).
:class:`KeyAccountCriteria` turns each fact into 0-100 points, weighs them,
ranks the accounts and selects the key accounts. Every score is the sum of
its per-criterion contributions, to the hundredth of a point, and the
ranking does not depend on the order the facts come in.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum
from moneyed import Money

from pcf_sales.core import DECIMAL_CONTEXT, AccountId, FxTable, Percentage
from pcf_sales.core._money import check_money_amount
from pcf_sales.core._validate import (
    describe,
    fail,
    is_bool,
    is_decimal,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_optional_decimal,
    to_text,
    to_tuple,
)
from pcf_sales.errors import CurrencyMismatch

__all__ = [
    "AccountFacts",
    "AccountRank",
    "CriterionScore",
    "CriterionWeight",
    "KeyAccountCriteria",
    "KeyAccountCriterion",
    "KeyAccountRanking",
]

_HUNDREDTH: Final = Decimal("0.01")
_HUNDRED: Final = Decimal(100)


def _points(value: Decimal) -> Decimal:
    return value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP, context=DECIMAL_CONTEXT)


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), _HUNDRED)


class KeyAccountCriterion(Enum):
    """What makes an account a key account."""

    REVENUE = "revenue"
    """What the account brings in now (for example the last twelve months)."""
    GROWTH_POTENTIAL = "growth_potential"
    """How much more it could bring in, as an expected growth rate."""
    STRATEGIC_FIT = "strategic_fit"
    """How well it fits our strategy (reference value, target market), scored 0-100."""
    RELATIONSHIP = "relationship"
    """How strong the relationship is, scored 0-100 (see :class:`RelationshipHealth`)."""


_SCORE: Final = is_decimal(minimum=0, maximum=100)


def _amount(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """A finite amount at its currency's minor unit (a loss may be negative)."""
    check_money_amount(value, attr.name, minimum=None)


@attrs.frozen(kw_only=True)
class AccountFacts:
    """What the caller knows of one candidate account, as plain values."""

    account_id: AccountId = attrs.field(validator=is_id)
    revenue: Money = attrs.field(validator=_amount)
    growth_potential: Percentage = attrs.field(validator=is_instance(Percentage))
    strategic_fit: Decimal = attrs.field(converter=to_decimal, validator=_SCORE)
    relationship: Decimal = attrs.field(converter=to_decimal, validator=_SCORE)


@attrs.frozen(kw_only=True)
class CriterionWeight:
    """How much one criterion counts, relative to the others."""

    criterion: KeyAccountCriterion = attrs.field(validator=is_enum(KeyAccountCriterion))
    weight: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=Decimal("0.01"), maximum=1000)
    )


@attrs.frozen(kw_only=True)
class CriterionScore:
    """One criterion's part of an account's score, and how it was reached.

    ``points`` (0-100) is the fact on the criterion's own scale;
    ``contribution`` is ``points * weight / total weight``, to 0.01.
    """

    criterion: KeyAccountCriterion = attrs.field(validator=is_enum(KeyAccountCriterion))
    points: Decimal = attrs.field(converter=to_decimal, validator=_SCORE)
    weight: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    contribution: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    detail: str = attrs.field(validator=is_text(max_length=300))


@attrs.frozen(kw_only=True)
class AccountRank:
    """One account's place in a ranking: its score, why, and whether it was selected."""

    account_id: AccountId = attrs.field(validator=is_id)
    position: int = attrs.field(validator=is_int(minimum=1))
    score: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    contributions: tuple[CriterionScore, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(CriterionScore)
    )
    selected: bool = attrs.field(validator=is_bool)
    note: str = attrs.field(validator=is_text(max_length=300))

    def __attrs_post_init__(self) -> None:
        added = sum((c.contribution for c in self.contributions), Decimal(0))
        if added != self.score:
            fail("score", f"{self.score} is not the sum of the contributions ({added})")

    def explain(self) -> str:
        """The score as lines: position, score and selection, then each criterion."""
        lines = [f"#{self.position} {self.account_id}: {self.score} points; {self.note}"]
        lines.extend(
            f"  +{c.contribution} {c.criterion.value} (weight {c.weight}): {c.detail}"
            for c in self.contributions
        )
        return "\n".join(lines)


def _weights(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(CriterionWeight)(inst, attr, value)
    weights = cast("tuple[CriterionWeight, ...]", value)
    if not weights:
        fail(attr.name, "weigh at least one criterion")
    seen: set[KeyAccountCriterion] = set()
    for index, item in enumerate(weights):
        if item.criterion in seen:
            fail(f"{attr.name}[{index}].criterion", f"{item.criterion.value} is weighed twice")
        seen.add(item.criterion)


def _positive_money(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    amount = check_money_amount(value, attr.name, minimum=None).amount
    if amount <= 0:
        fail(attr.name, f"must be more than zero, got {amount}")


@attrs.frozen(kw_only=True)
class KeyAccountCriteria:
    """How key accounts are chosen: weights per criterion, scales, and the cut.

    Revenue earns points in proportion to ``revenue_for_full_marks`` (its
    currency is the ranking's); growth earns none at ``growth_for_no_marks``
    and all at ``growth_for_full_marks``, linearly between; strategic fit and
    relationship are already 0-100. Points are capped at 0 and 100. An
    account is selected when it is among the first ``top`` (if set) and
    scores at least ``minimum_score`` (if set).

    >>> criteria = KeyAccountCriteria.default("EUR")
    >>> facts = [
    ...     AccountFacts(account_id="A-1", revenue=Money("800000", "EUR"),
    ...                  growth_potential=Percentage(10), strategic_fit=80, relationship=70),
    ...     AccountFacts(account_id="A-2", revenue=Money("50000", "EUR"),
    ...                  growth_potential=Percentage(2), strategic_fit=30, relationship=20),
    ... ]
    >>> ranking = criteria.rank(facts)
    >>> ranking.selected, [r.score for r in ranking.ranks]
    (('A-1',), [Decimal('68.50'), Decimal('13.00')])
    """

    name: str = attrs.field(default="custom", converter=to_text, validator=is_text(max_length=80))
    weights: tuple[CriterionWeight, ...] = attrs.field(converter=to_tuple, validator=_weights)
    revenue_for_full_marks: Money = attrs.field(validator=_positive_money)
    growth_for_full_marks: Percentage = attrs.field(validator=is_instance(Percentage))
    growth_for_no_marks: Percentage = attrs.field(
        factory=lambda: Percentage(0), validator=is_instance(Percentage)
    )
    top: int | None = attrs.field(default=None, validator=optional(is_int(minimum=1)))
    minimum_score: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(_SCORE)
    )

    def __attrs_post_init__(self) -> None:
        if self.growth_for_full_marks <= self.growth_for_no_marks:
            fail(
                "growth_for_full_marks",
                f"{self.growth_for_full_marks} must be above growth_for_no_marks "
                f"({self.growth_for_no_marks})",
            )

    @classmethod
    def default(cls, currency: str = "USD") -> KeyAccountCriteria:
        """A documented starting point: revenue 40 %, growth potential 25 %, strategic
        fit 20 %, relationship 15 %; full revenue marks at 1,000,000 in ``currency``,
        full growth marks at 25 % a year; the top 20 accounts scoring at least 50."""
        return cls(
            name="default",
            weights=(
                CriterionWeight(criterion=KeyAccountCriterion.REVENUE, weight=Decimal(40)),
                CriterionWeight(criterion=KeyAccountCriterion.GROWTH_POTENTIAL, weight=Decimal(25)),
                CriterionWeight(criterion=KeyAccountCriterion.STRATEGIC_FIT, weight=Decimal(20)),
                CriterionWeight(criterion=KeyAccountCriterion.RELATIONSHIP, weight=Decimal(15)),
            ),
            revenue_for_full_marks=Money(Decimal(1_000_000), currency),
            growth_for_full_marks=Percentage(25),
            top=20,
            minimum_score=Decimal(50),
        )

    @property
    def currency(self) -> str:
        """The currency revenue is compared in."""
        return str(self.revenue_for_full_marks.currency.code)

    def score(
        self,
        facts: AccountFacts,
        *,
        fx: FxTable | None = None,
        on: pendulum.Date | None = None,
    ) -> tuple[Decimal, tuple[CriterionScore, ...]]:
        """The score of one account and its contribution per criterion.

        Revenue in another currency is converted with ``fx`` at the rate in
        force ``on``; without ``fx`` it is a
        :class:`~pcf_sales.errors.CurrencyMismatch`.
        """
        if not isinstance(facts, AccountFacts):
            fail("facts", f"expected AccountFacts, got {describe(facts)}")
        return self._score(facts, "facts", fx, on)

    def _score(
        self, facts: AccountFacts, where: str, fx: FxTable | None, on: pendulum.Date | None
    ) -> tuple[Decimal, tuple[CriterionScore, ...]]:
        total_weight = sum((w.weight for w in self.weights), Decimal(0))
        parts = []
        for item in self.weights:
            points, detail = self._points(item.criterion, facts, where, fx, on)
            contribution = _points(
                DECIMAL_CONTEXT.divide(DECIMAL_CONTEXT.multiply(points, item.weight), total_weight)
            )
            parts.append(
                CriterionScore(
                    criterion=item.criterion,
                    points=points,
                    weight=item.weight,
                    contribution=contribution,
                    detail=detail,
                )
            )
        return sum((p.contribution for p in parts), Decimal(0)), tuple(parts)

    def _points(
        self,
        criterion: KeyAccountCriterion,
        facts: AccountFacts,
        where: str,
        fx: FxTable | None,
        on: pendulum.Date | None,
    ) -> tuple[Decimal, str]:
        if criterion is KeyAccountCriterion.REVENUE:
            revenue = self._revenue(facts.revenue, f"{where}.revenue", fx, on)
            full = self.revenue_for_full_marks
            points = _points(_clamp(DECIMAL_CONTEXT.divide(revenue.amount * _HUNDRED, full.amount)))
            given = f"{facts.revenue.amount} {facts.revenue.currency}"
            if revenue.currency != facts.revenue.currency:
                given += f" ({revenue.amount} {revenue.currency})"
            return points, f"revenue {given} of {full.amount} {full.currency} for full marks"
        if criterion is KeyAccountCriterion.GROWTH_POTENTIAL:
            low, high = self.growth_for_no_marks.percent, self.growth_for_full_marks.percent
            growth = facts.growth_potential.percent
            points = _points(_clamp(DECIMAL_CONTEXT.divide((growth - low) * _HUNDRED, high - low)))
            return points, (
                f"growth potential {facts.growth_potential}, scale "
                f"{self.growth_for_no_marks} to {self.growth_for_full_marks}"
            )
        if criterion is KeyAccountCriterion.STRATEGIC_FIT:
            return _points(facts.strategic_fit), f"strategic fit {facts.strategic_fit} of 100"
        return _points(facts.relationship), f"relationship {facts.relationship} of 100"

    def _revenue(
        self, revenue: Money, where: str, fx: FxTable | None, on: pendulum.Date | None
    ) -> Money:
        code = self.currency
        if revenue.currency.code == code:
            return revenue
        if fx is None:
            raise CurrencyMismatch(code, revenue.currency.code, field=where)
        if not isinstance(fx, FxTable):
            fail("fx", f"expected an FxTable, got {describe(fx)}")
        if on is None:
            fail("on", "converting revenue with an FxTable needs the day of the rates")
        return fx.convert(revenue, code, on=on)

    def rank(
        self,
        facts: Iterable[AccountFacts],
        *,
        fx: FxTable | None = None,
        on: pendulum.Date | None = None,
    ) -> KeyAccountRanking:
        """Every account scored, ranked (highest score first, ties by account id) and
        marked selected or not, each with the reason."""
        scored: list[tuple[Decimal, AccountId, tuple[CriterionScore, ...]]] = []
        seen: set[str] = set()
        for index, item in enumerate(facts):
            where = f"facts[{index}]"
            if not isinstance(item, AccountFacts):
                fail(where, f"expected AccountFacts, got {describe(item)}")
            if item.account_id in seen:
                fail(f"{where}.account_id", f"{item.account_id!r} is given twice")
            seen.add(item.account_id)
            total, parts = self._score(item, where, fx, on)
            scored.append((total, item.account_id, parts))
        scored.sort(key=lambda entry: (-entry[0], entry[1]))
        ranks = []
        for position, (total, account_id, parts) in enumerate(scored, start=1):
            selected, note = self._selection(position, total)
            ranks.append(
                AccountRank(
                    account_id=account_id,
                    position=position,
                    score=total,
                    contributions=parts,
                    selected=selected,
                    note=note,
                )
            )
        return KeyAccountRanking(criteria=self, ranks=tuple(ranks))

    def _selection(self, position: int, score: Decimal) -> tuple[bool, str]:
        if self.minimum_score is not None and score < self.minimum_score:
            return False, f"not selected: below the minimum score {self.minimum_score}"
        if self.top is not None and position > self.top:
            return False, f"not selected: beyond the top {self.top}"
        limits = []
        if self.top is not None:
            limits.append(f"within the top {self.top}")
        if self.minimum_score is not None:
            limits.append(f"at least {self.minimum_score}")
        return True, "selected" + (f": {', '.join(limits)}" if limits else "")

    def select(
        self,
        facts: Iterable[AccountFacts],
        *,
        fx: FxTable | None = None,
        on: pendulum.Date | None = None,
    ) -> tuple[AccountId, ...]:
        """The key accounts, best first (the ``selected`` of :meth:`rank`)."""
        return self.rank(facts, fx=fx, on=on).selected


def _ranks(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(AccountRank)(inst, attr, value)
    ranks = cast("tuple[AccountRank, ...]", value)
    for index, rank in enumerate(ranks):
        if rank.position != index + 1:
            fail(f"{attr.name}[{index}].position", f"expected {index + 1}, got {rank.position}")
    ids = [r.account_id for r in ranks]
    if len(set(ids)) != len(ids):
        fail(attr.name, "an account is ranked twice")
    keys = [(-r.score, r.account_id) for r in ranks]
    if keys != sorted(keys):
        fail(attr.name, "ranks go from the highest score down, ties by account id")


@attrs.frozen(kw_only=True)
class KeyAccountRanking:
    """Candidate accounts ranked by the criteria that scored them."""

    criteria: KeyAccountCriteria = attrs.field(validator=is_instance(KeyAccountCriteria))
    ranks: tuple[AccountRank, ...] = attrs.field(converter=to_tuple, validator=_ranks)

    @property
    def selected(self) -> tuple[AccountId, ...]:
        """The key accounts, best first."""
        return tuple(r.account_id for r in self.ranks if r.selected)

    def rank_of(self, account_id: AccountId) -> AccountRank:
        """The rank of ``account_id``."""
        for rank in self.ranks:
            if rank.account_id == account_id:
                return rank
        return fail("account_id", f"{account_id!r} was not ranked")

    def explain(self) -> str:
        """Every rank with its contributions."""
        header = f"{len(self.ranks)} accounts ranked by {self.criteria.name}; "
        header += f"{len(self.selected)} selected"
        return "\n".join([header, *(r.explain() for r in self.ranks)])
