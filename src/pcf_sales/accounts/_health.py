"""Relationship health (PCF 3.5.2.4): one figure from a relationship map, with its reasons.

:class:`RelationshipHealthPolicy` scores a :class:`RelationshipMap` on a
0-100 scale from six factors: coverage of the key buying roles, an active
champion, how recently anyone was touched, how many people were, how the
recent interactions went, and opposition. Every factor is a line of the
result; the lines add up to the score exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, Final

import attrs
import pendulum

from pcf_sales.accounts._contact import BuyingRole, Stance
from pcf_sales.accounts._relationship import RelationshipMap
from pcf_sales.core import DECIMAL_CONTEXT, AccountId
from pcf_sales.core._validate import (
    describe,
    fail,
    is_decimal,
    is_enum,
    is_id,
    is_instant,
    is_int,
    is_text,
    is_tuple_of,
    to_decimal,
    to_instant,
    to_text,
    to_tuple,
)

__all__ = ["HealthFactor", "HealthGrade", "RelationshipHealth", "RelationshipHealthPolicy"]

_HUNDREDTH: Final = Decimal("0.01")
_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)


def _points(value: Decimal) -> Decimal:
    return value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP, context=DECIMAL_CONTEXT)


def _share(points: Decimal, part: Decimal | int, whole: Decimal | int) -> Decimal:
    return _points(
        DECIMAL_CONTEXT.divide(DECIMAL_CONTEXT.multiply(points, Decimal(part)), Decimal(whole))
    )


class HealthGrade(Enum):
    """How a relationship is doing, by its health score."""

    HEALTHY = "healthy"
    WATCH = "watch"
    """Needs attention."""
    AT_RISK = "at_risk"


@attrs.frozen(kw_only=True)
class HealthFactor:
    """One factor of a health score: the points it gave (negative for a penalty),
    the most it could give, and why."""

    key: str = attrs.field(validator=is_text(max_length=40))
    label: str = attrs.field(validator=is_text(max_length=120))
    points: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    max_points: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0))
    detail: str = attrs.field(validator=is_text(max_length=400))


@attrs.frozen(kw_only=True)
class RelationshipHealth:
    """An account's relationship health on ``as_of``: 0-100, a grade, and the factors."""

    account_id: AccountId = attrs.field(validator=is_id)
    as_of: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    policy: str = attrs.field(validator=is_text(max_length=80))
    score: Decimal = attrs.field(converter=to_decimal, validator=is_decimal(minimum=0, maximum=100))
    grade: HealthGrade = attrs.field(validator=is_enum(HealthGrade))
    factors: tuple[HealthFactor, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(HealthFactor)
    )

    def __attrs_post_init__(self) -> None:
        added = sum((f.points for f in self.factors), _ZERO)
        if added != self.score:
            fail("score", f"{self.score} is not the sum of the factors ({added})")

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why points were lost: the detail of every factor short of its maximum,
        and of every penalty."""
        return tuple(f.detail for f in self.factors if f.points < f.max_points)

    def explain(self) -> str:
        """The score and grade, then one line per factor."""
        lines = [f"{self.score} of 100, {self.grade.value} ({self.policy}, as of {self.as_of})"]
        lines.extend(
            f"  {f.points:+} of {f.max_points} {f.label}: {f.detail}" for f in self.factors
        )
        return "\n".join(lines)


def _roles(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(is_enum(BuyingRole), unique=True)(inst, attr, value)
    if not value:
        fail(attr.name, "name at least one key buying role")


_POINTS: Final = is_decimal(minimum=0, maximum=100)


@attrs.frozen(kw_only=True)
class RelationshipHealthPolicy:
    """How relationship health is scored. Every number is a setting with a default.

    * coverage: ``coverage_points`` times the share of ``key_roles`` held by
      active contacts;
    * champion: ``champion_points`` when an active champion is not skeptical
      or opposed;
    * recency: ``recency_points`` when an active contact was touched within
      ``fresh_days``, fading linearly to nothing at ``stale_days``;
    * breadth: ``breadth_points`` times the share of ``breadth_target``
      active contacts touched within the map's window;
    * sentiment: ``sentiment_points`` times the share of positive
      interactions in the window (neutral ones count half);
    * opposition: minus ``opposition_penalty`` for each active blocker or
      opposed contact, at most ``opposition_cap`` in all.

    The score is held between 0 and 100 (a ``bounds`` factor says so when
    it bites). Grades: healthy from ``healthy_from``, watch from
    ``watch_from``, at risk below.
    """

    name: str = attrs.field(default="custom", converter=to_text, validator=is_text(max_length=80))
    key_roles: tuple[BuyingRole, ...] = attrs.field(
        default=(
            BuyingRole.ECONOMIC_BUYER,
            BuyingRole.DECISION_MAKER,
            BuyingRole.INFLUENCER,
            BuyingRole.USER,
        ),
        converter=to_tuple,
        validator=_roles,
    )
    coverage_points: Decimal = attrs.field(
        default=Decimal(30), converter=to_decimal, validator=_POINTS
    )
    champion_points: Decimal = attrs.field(
        default=Decimal(20), converter=to_decimal, validator=_POINTS
    )
    recency_points: Decimal = attrs.field(
        default=Decimal(25), converter=to_decimal, validator=_POINTS
    )
    fresh_days: int = attrs.field(default=30, validator=is_int(minimum=0, maximum=3650))
    stale_days: int = attrs.field(default=120, validator=is_int(minimum=1, maximum=3650))
    breadth_points: Decimal = attrs.field(
        default=Decimal(15), converter=to_decimal, validator=_POINTS
    )
    breadth_target: int = attrs.field(default=3, validator=is_int(minimum=1, maximum=1000))
    sentiment_points: Decimal = attrs.field(
        default=Decimal(10), converter=to_decimal, validator=_POINTS
    )
    opposition_penalty: Decimal = attrs.field(
        default=Decimal(5), converter=to_decimal, validator=_POINTS
    )
    opposition_cap: Decimal = attrs.field(
        default=Decimal(15), converter=to_decimal, validator=_POINTS
    )
    healthy_from: Decimal = attrs.field(
        default=Decimal(70), converter=to_decimal, validator=_POINTS
    )
    watch_from: Decimal = attrs.field(default=Decimal(40), converter=to_decimal, validator=_POINTS)

    def __attrs_post_init__(self) -> None:
        if self.stale_days <= self.fresh_days:
            fail(
                "stale_days", f"{self.stale_days} must be more than fresh_days ({self.fresh_days})"
            )
        if self.watch_from > self.healthy_from:
            fail("watch_from", f"{self.watch_from} is above healthy_from ({self.healthy_from})")

    @classmethod
    def default(cls) -> RelationshipHealthPolicy:
        """The documented defaults: coverage 30, champion 20, recency 25 (fresh within
        30 days, stale after 120), breadth 15 (three people), sentiment 10, minus 5 per
        blocker or opposed contact (at most 15); healthy from 70, watch from 40."""
        return cls(name="default")

    def assess(self, relationships: RelationshipMap) -> RelationshipHealth:
        """The health of the relationship ``relationships`` maps."""
        if not isinstance(relationships, RelationshipMap):
            fail("relationships", f"expected a RelationshipMap, got {describe(relationships)}")
        factors = [
            self._coverage(relationships),
            self._champion(relationships),
            self._recency(relationships),
            self._breadth(relationships),
            self._sentiment(relationships),
            self._opposition(relationships),
        ]
        raw = sum((f.points for f in factors), _ZERO)
        if raw < 0:
            factors.append(self._bound(-raw, "the score cannot go below 0"))
        elif raw > _HUNDRED:
            factors.append(self._bound(_HUNDRED - raw, "the score cannot go above 100"))
        score = sum((f.points for f in factors), _ZERO)
        if score >= self.healthy_from:
            grade = HealthGrade.HEALTHY
        elif score >= self.watch_from:
            grade = HealthGrade.WATCH
        else:
            grade = HealthGrade.AT_RISK
        return RelationshipHealth(
            account_id=relationships.account_id,
            as_of=relationships.as_of,
            policy=self.name,
            score=score,
            grade=grade,
            factors=tuple(factors),
        )

    @staticmethod
    def _bound(points: Decimal, detail: str) -> HealthFactor:
        return HealthFactor(
            key="bounds", label="Held within 0-100", points=points, max_points=0, detail=detail
        )

    def _coverage(self, rel: RelationshipMap) -> HealthFactor:
        covered = [r for r in self.key_roles if r in rel.roles_covered]
        missing = [r.value for r in self.key_roles if r not in covered]
        detail = f"{len(covered)} of {len(self.key_roles)} key roles covered"
        if missing:
            detail += f"; missing: {', '.join(missing)}"
        return HealthFactor(
            key="coverage",
            label="Buying roles covered",
            points=_share(self.coverage_points, len(covered), len(self.key_roles)),
            max_points=self.coverage_points,
            detail=detail,
        )

    def _champion(self, rel: RelationshipMap) -> HealthFactor:
        doubtful = (Stance.SKEPTICAL, Stance.OPPOSED)
        ready = [
            c.contact_id
            for c in rel.active_contacts
            if c.buying_role is BuyingRole.CHAMPION and c.stance not in doubtful
        ]
        if ready:
            points, detail = self.champion_points, f"champion: {', '.join(ready)}"
        elif rel.has_champion:
            points, detail = _ZERO, "the champion is skeptical or opposed"
        else:
            points, detail = _ZERO, "no active champion"
        return HealthFactor(
            key="champion", label="Active champion", points=_points(points),
            max_points=self.champion_points, detail=detail,
        )  # fmt: skip

    def _recency(self, rel: RelationshipMap) -> HealthFactor:
        touched = [c.last_touch for c in rel.active_contacts if c.last_touch is not None]
        if not touched:
            points, detail = _ZERO, "no active contact has been touched"
        else:
            days = int((rel.as_of - max(touched)).total_seconds() // 86_400)
            if days <= self.fresh_days:
                points = _points(self.recency_points)
            elif days >= self.stale_days:
                points = _ZERO
            else:
                points = _share(
                    self.recency_points, self.stale_days - days, self.stale_days - self.fresh_days
                )
            detail = (
                f"last touch {days} days ago (full marks within {self.fresh_days}, "
                f"none after {self.stale_days})"
            )
        return HealthFactor(
            key="recency", label="Recent touch", points=points,
            max_points=self.recency_points, detail=detail,
        )  # fmt: skip

    def _breadth(self, rel: RelationshipMap) -> HealthFactor:
        touched = len(rel.touched_in_window)
        counted = min(touched, self.breadth_target)
        return HealthFactor(
            key="breadth",
            label="People engaged",
            points=_share(self.breadth_points, counted, self.breadth_target),
            max_points=self.breadth_points,
            detail=(
                f"{touched} active contacts touched in the last {rel.window_days} days "
                f"(full marks at {self.breadth_target})"
            ),
        )

    def _sentiment(self, rel: RelationshipMap) -> HealthFactor:
        total = rel.interactions_in_window
        if total == 0:
            points, detail = _ZERO, f"no interactions in the last {rel.window_days} days"
        else:
            good = DECIMAL_CONTEXT.add(
                Decimal(rel.positive_in_window), Decimal(rel.neutral_in_window) / 2
            )
            points = _share(self.sentiment_points, good, total)
            detail = (
                f"{rel.positive_in_window} positive, {rel.neutral_in_window} neutral, "
                f"{rel.negative_in_window} negative of {total} interactions"
            )
        return HealthFactor(
            key="sentiment", label="How interactions went", points=points,
            max_points=self.sentiment_points, detail=detail,
        )  # fmt: skip

    def _opposition(self, rel: RelationshipMap) -> HealthFactor:
        against = [
            c.contact_id
            for c in rel.active_contacts
            if c.buying_role is BuyingRole.BLOCKER or c.stance is Stance.OPPOSED
        ]
        penalty = min(
            DECIMAL_CONTEXT.multiply(self.opposition_penalty, Decimal(len(against))),
            self.opposition_cap,
        )
        detail = (
            f"blockers or opposed: {', '.join(against)}"
            if against
            else "no blockers or opposed contacts"
        )
        return HealthFactor(
            key="opposition", label="Opposition", points=_points(_ZERO - penalty),
            max_points=0, detail=detail,
        )  # fmt: skip
