"""Lead scoring: a model that is data, and a score that explains itself.

A :class:`ScoringModel` holds *fit* rules (conditions on the lead's fields
and custom fields) and *engagement* rules (points per kind of engagement,
fading with a half-life), optional caps and grade bands. Scoring a lead at an
explicit ``as_of`` gives a :class:`LeadScore` whose contributions, one per
rule that fired plus one per cap that bit, add up exactly to its total.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, Final, cast

import attrs
import pendulum

from pcf_sales.core import DECIMAL_CONTEXT, LeadId, Scalar
from pcf_sales.core._validate import (
    check_instant,
    describe,
    fail,
    is_decimal,
    is_enum,
    is_id,
    is_instance,
    is_instant,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_decimal,
    to_instant,
    to_optional_decimal,
    to_text,
    to_tuple,
)
from pcf_sales.leads._engagement import EngagementKind
from pcf_sales.leads._lead import Lead

__all__ = [
    "LEAD_FIELDS",
    "ConditionOperator",
    "ContributionKind",
    "EngagementRule",
    "FieldCondition",
    "FitRule",
    "GradeBand",
    "LeadScore",
    "RuleContribution",
    "ScoringModel",
]

_POINTS: Final = Decimal("0.01")
#: Decay factors need far fewer digits than money: each rule's points are
#: rounded to 0.01, so 16 significant digits (fixed, never the ambient
#: context) keep the result exact at that scale at a fraction of the cost.
_DECAY_CONTEXT: Final = decimal.Context(prec=16, rounding=decimal.ROUND_HALF_EVEN)
#: ln(1/2): the decay factor 0.5 ** t is computed as exp(t * ln(1/2)), the
#: same value as Context.power gives but about twenty times cheaper.
_LN_HALF: Final = _DECAY_CONTEXT.ln(Decimal("0.5"))
#: Additions in the fixed context: a host's lowered precision must not change scores.
_ADD: Final = DECIMAL_CONTEXT.add
_MICROSECONDS_PER_DAY: Final = Decimal(86_400_000_000)
_MICROSECOND: Final = _dt.timedelta(microseconds=1)
_RULE_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
_CUSTOM_KEY = re.compile(r"custom\.[a-z][a-z0-9_]{0,63}")


def _points(value: Decimal) -> Decimal:
    return value.quantize(_POINTS, rounding=ROUND_HALF_UP, context=DECIMAL_CONTEXT)


# --- reading lead fields ---------------------------------------------------------------


def _field_values(lead: Lead) -> dict[str, Scalar | tuple[str, ...]]:
    person, company, source = lead.person, lead.company, lead.source
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "title": person.title,
        "email": None if person.email is None else person.email.normalised,
        "email_domain": None if person.email is None else person.email.domain,
        "free_mail": None if person.email is None else person.email.is_free_mail,
        "phone": None if person.phone is None else person.phone.e164,
        "company": company.name,
        "company_domain": lead.company_domain,
        "industry": company.industry,
        "employees": company.employees,
        "country": company.country,
        "source_channel": source.channel.value,
        "campaign_id": source.campaign_id,
        "partner_id": source.partner_id,
        "owner": lead.owner,
        "tags": lead.tags,
    }


#: The lead fields a condition can name; custom fields are named ``custom.<key>``.
LEAD_FIELDS: Final = (
    "campaign_id",
    "company",
    "company_domain",
    "country",
    "email",
    "email_domain",
    "employees",
    "first_name",
    "free_mail",
    "industry",
    "last_name",
    "owner",
    "partner_id",
    "phone",
    "source_channel",
    "tags",
    "title",
)


def _lead_value(lead: Lead, field: str) -> Scalar | tuple[str, ...]:
    if field.startswith("custom."):
        return lead.custom_fields.get(field[len("custom.") :])
    return _field_values(lead)[field]


# --- conditions ------------------------------------------------------------------------


class ConditionOperator(Enum):
    """How a condition compares a lead's field with its values."""

    EQUALS = "equals"
    """The field equals the one value (text compared without regard to case)."""
    ONE_OF = "one_of"
    """The field equals any of the values."""
    IN_RANGE = "in_range"
    """The field is a number between ``minimum`` and ``maximum``, both included."""
    PRESENT = "present"
    """The field has a value (not empty)."""


def _field_name(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not (value in LEAD_FIELDS or _CUSTOM_KEY.fullmatch(value)):
        fail(
            attr.name,
            f"unknown lead field {value!r}; use one of {', '.join(LEAD_FIELDS)} or custom.<key>",
        )


def _scalar_values(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        fail(attr.name, f"expected a list of values, got {describe(value)}")
    for index, item in enumerate(value):
        if isinstance(item, float) or not isinstance(item, str | int | bool):
            fail(
                f"{attr.name}[{index}]",
                f"expected text, a whole number or True/False, got {describe(item)}",
            )


def _comparable(value: object) -> object:
    if isinstance(value, str):
        return value.strip().casefold()
    return value


def _as_number(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    return None


@attrs.frozen(kw_only=True)
class FieldCondition:
    """A test of one lead field. Build it with the named constructors.

    >>> FieldCondition.in_range("employees", minimum=200, maximum=5000).describe()
    '200 <= employees <= 5000'
    """

    field: str = attrs.field(validator=_field_name)
    operator: ConditionOperator = attrs.field(validator=is_enum(ConditionOperator))
    values: tuple[str | int | bool, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_scalar_values
    )
    minimum: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal())
    )
    maximum: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal())
    )

    def __attrs_post_init__(self) -> None:
        op = self.operator
        if op is ConditionOperator.EQUALS and len(self.values) != 1:
            fail("values", f"equals compares with exactly one value, got {len(self.values)}")
        if op is ConditionOperator.ONE_OF and not self.values:
            fail("values", "one_of needs at least one value")
        if op in (ConditionOperator.IN_RANGE, ConditionOperator.PRESENT) and self.values:
            fail("values", f"{op.value} takes no values")
        ranged = self.minimum is not None or self.maximum is not None
        if op is ConditionOperator.IN_RANGE and not ranged:
            fail("minimum", "in_range needs a minimum, a maximum or both")
        if op is not ConditionOperator.IN_RANGE and ranged:
            fail("minimum", f"{op.value} takes no bounds")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            fail("maximum", f"{self.maximum} is below the minimum {self.minimum}")

    @classmethod
    def equals(cls, field: str, value: str | int | bool) -> FieldCondition:
        """``field`` equals ``value``."""
        return cls(field=field, operator=ConditionOperator.EQUALS, values=(value,))

    @classmethod
    def one_of(cls, field: str, values: Iterable[str | int | bool]) -> FieldCondition:
        """``field`` equals one of ``values``."""
        return cls(field=field, operator=ConditionOperator.ONE_OF, values=tuple(values))

    @classmethod
    def in_range(
        cls,
        field: str,
        *,
        minimum: Decimal | int | str | None = None,
        maximum: Decimal | int | str | None = None,
    ) -> FieldCondition:
        """``field`` is a number from ``minimum`` to ``maximum`` (both included)."""
        return cls(
            field=field,
            operator=ConditionOperator.IN_RANGE,
            minimum=to_optional_decimal(minimum),
            maximum=to_optional_decimal(maximum),
        )

    @classmethod
    def present(cls, field: str) -> FieldCondition:
        """``field`` has a value."""
        return cls(field=field, operator=ConditionOperator.PRESENT)

    def matches(self, lead: Lead) -> bool:
        """True when ``lead`` meets the condition. A missing value meets nothing but
        never raises; for ``tags``, any one tag can match."""
        value = _lead_value(lead, self.field)
        candidates: tuple[object, ...] = value if isinstance(value, tuple) else (value,)
        op = self.operator
        if op is ConditionOperator.PRESENT:
            return any(c is not None and c != "" for c in candidates)
        if op is ConditionOperator.IN_RANGE:
            for candidate in candidates:
                number = _as_number(candidate)
                if number is None:
                    continue
                if self.minimum is not None and number < self.minimum:
                    continue
                if self.maximum is not None and number > self.maximum:
                    continue
                return True
            return False
        wanted = {(type(v) is bool, _comparable(v)) for v in self.values}
        return any(
            c is not None and (type(c) is bool, _comparable(c)) in wanted for c in candidates
        )

    def describe(self) -> str:
        """The condition in words, for explanations."""
        op = self.operator
        if op is ConditionOperator.PRESENT:
            return f"{self.field} is given"
        if op is ConditionOperator.IN_RANGE:
            low = "" if self.minimum is None else f"{self.minimum} <= "
            high = "" if self.maximum is None else f" <= {self.maximum}"
            return f"{low}{self.field}{high}"
        if op is ConditionOperator.EQUALS:
            return f"{self.field} = {self.values[0]!r}"
        return f"{self.field} in ({', '.join(repr(v) for v in self.values)})"


# --- rules -------------------------------------------------------------------------------


def _rule_id(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _RULE_ID.fullmatch(value):
        fail(attr.name, f"expected a rule id of lower case letters, digits, _ . -, got {value!r}")


@attrs.frozen(kw_only=True)
class FitRule:
    """Points when a lead's fields meet a condition. Negative points make a negative rule."""

    id: str = attrs.field(validator=_rule_id)
    label: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    condition: FieldCondition = attrs.field(validator=is_instance(FieldCondition))
    points: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=-1000, maximum=1000)
    )


@attrs.frozen(kw_only=True)
class EngagementRule:
    """Points for each engagement of one kind, fading as it ages.

    An engagement ``age`` days before ``as_of`` earns
    ``points * 0.5 ** (age / half_life_days)``; with no half-life it never
    fades. Engagements older than ``lookback_days`` (when given) earn nothing,
    and the rule as a whole earns at most ``max_points`` in magnitude.
    """

    id: str = attrs.field(validator=_rule_id)
    label: str = attrs.field(converter=to_text, validator=is_text(max_length=120))
    kind: EngagementKind = attrs.field(validator=is_enum(EngagementKind))
    points: Decimal = attrs.field(
        converter=to_decimal, validator=is_decimal(minimum=-1000, maximum=1000)
    )
    half_life_days: Decimal | None = attrs.field(
        default=None,
        converter=to_optional_decimal,
        validator=optional(is_decimal(minimum=Decimal("0.01"), maximum=3650)),
    )
    lookback_days: int | None = attrs.field(
        default=None, validator=optional(is_int(minimum=1, maximum=3650))
    )
    max_points: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal(minimum=0))
    )


@attrs.frozen(kw_only=True)
class GradeBand:
    """Scores of at least ``minimum`` get ``grade`` (unless a higher band applies)."""

    grade: str = attrs.field(converter=to_text, validator=is_text(max_length=16))
    minimum: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())


class ContributionKind(Enum):
    """What produced a part of a score."""

    FIT = "fit"
    ENGAGEMENT = "engagement"
    CAP = "cap"
    """A cap or the floor of the model; negative or positive so the parts add up."""


@attrs.frozen(kw_only=True)
class RuleContribution:
    """Points one rule (or cap) added to a score, and why."""

    rule_id: str = attrs.field(validator=is_text(max_length=64))
    label: str = attrs.field(validator=is_text(max_length=120))
    kind: ContributionKind = attrs.field(validator=is_enum(ContributionKind))
    points: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    detail: str = attrs.field(validator=is_text(max_length=300))


@attrs.frozen(kw_only=True)
class LeadScore:
    """A lead's score at ``as_of``: the total, its grade and every part of it.

    The ``contributions`` add up to ``total`` exactly; ``fit_points`` and
    ``engagement_points`` are the parts of each kind after their caps.
    """

    lead_id: LeadId = attrs.field(validator=is_id)
    model: str = attrs.field(validator=is_text(max_length=80))
    as_of: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    total: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    grade: str = attrs.field(validator=is_text(max_length=16))
    fit_points: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    engagement_points: Decimal = attrs.field(converter=to_decimal, validator=is_decimal())
    contributions: tuple[RuleContribution, ...] = attrs.field(
        converter=to_tuple, validator=is_tuple_of(RuleContribution)
    )

    def __attrs_post_init__(self) -> None:
        added = Decimal(0)
        for part in self.contributions:
            added = _ADD(added, part.points)
        if added != self.total:
            fail("total", f"{self.total} is not the sum of the contributions ({added})")

    def explain(self) -> str:
        """The score as readable lines: total and grade, then each contribution."""
        lines = [f"{self.total} points, grade {self.grade} ({self.model}, as of {self.as_of})"]
        lines.extend(
            f"  {c.points:+} {c.label} [{c.rule_id}]: {c.detail}" for c in self.contributions
        )
        return "\n".join(lines)


# --- the model ---------------------------------------------------------------------------


def _unique_ids(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    seen: set[str] = set()
    for index, rule in enumerate(cast("tuple[Any, ...]", value)):
        if rule.id in seen:
            fail(f"{attr.name}[{index}].id", f"rule id {rule.id!r} is used twice")
        seen.add(rule.id)


def _bands(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(GradeBand)(inst, attr, value)
    bands = cast("tuple[GradeBand, ...]", value)
    if not bands:
        fail(attr.name, "need at least one grade band")
    minimums = [b.minimum for b in bands]
    if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
        fail(attr.name, "bands go from the highest minimum to the lowest, each minimum once")
    grades = [b.grade for b in bands]
    if len(set(grades)) != len(grades):
        fail(attr.name, "each grade appears once")


@attrs.frozen(kw_only=True)
class ScoringModel:
    """How leads are scored: fit rules, engagement rules, caps and grade bands.

    ``fit_cap`` and ``engagement_cap`` limit each kind of points; the total is
    then held between ``floor`` and ``ceiling``. The last grade band must
    start at or below ``floor`` so that every score gets a grade.
    """

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=80))
    fit_rules: tuple[FitRule, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[is_tuple_of(FitRule), _unique_ids]
    )
    engagement_rules: tuple[EngagementRule, ...] = attrs.field(
        default=(), converter=to_tuple, validator=[is_tuple_of(EngagementRule), _unique_ids]
    )
    fit_cap: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal(minimum=0))
    )
    engagement_cap: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal(minimum=0))
    )
    floor: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, validator=is_decimal())
    ceiling: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(is_decimal())
    )
    grade_bands: tuple[GradeBand, ...] = attrs.field(converter=to_tuple, validator=_bands)

    def __attrs_post_init__(self) -> None:
        ids = [r.id for r in self.fit_rules] + [r.id for r in self.engagement_rules]
        if len(set(ids)) != len(ids):
            fail("engagement_rules", "a rule id is used by a fit rule and an engagement rule")
        if self.ceiling is not None and self.ceiling < self.floor:
            fail("ceiling", f"{self.ceiling} is below the floor {self.floor}")
        if self.grade_bands[-1].minimum > self.floor:
            fail(
                "grade_bands",
                f"the lowest band starts at {self.grade_bands[-1].minimum}, above the floor "
                f"{self.floor}, so some scores would get no grade",
            )

    @classmethod
    def default(cls) -> ScoringModel:
        """A documented starting point for B2B leads, on a 0-100 scale.

        Fit (at most 50): a decision-making title, a company of 50-5000
        people, a core industry, a reachable phone, a business email (free
        mail costs points), a referral or partner source. Engagement (at most
        50): form submissions, webinars and events count most and fade with
        a 30-day half-life; opens and visits count little and are capped.
        Grades: A from 75, B from 50, C from 25, D below.
        """
        return cls(
            name="default",
            fit_rules=(
                FitRule(
                    id="fit.decision_maker",
                    label="Decision-making title",
                    condition=FieldCondition.one_of(
                        "custom.seniority", ("c_level", "vp", "director", "head")
                    ),
                    points=15,
                ),
                FitRule(
                    id="fit.company_size",
                    label="Company of 50-5000 people",
                    condition=FieldCondition.in_range("employees", minimum=50, maximum=5000),
                    points=10,
                ),
                FitRule(
                    id="fit.core_industry",
                    label="Core industry",
                    condition=FieldCondition.one_of(
                        "industry", ("software", "manufacturing", "financial services", "retail")
                    ),
                    points=10,
                ),
                FitRule(
                    id="fit.phone",
                    label="Phone number given",
                    condition=FieldCondition.present("phone"),
                    points=5,
                ),
                FitRule(
                    id="fit.trusted_source",
                    label="Referral or partner source",
                    condition=FieldCondition.one_of("source_channel", ("referral", "partner")),
                    points=10,
                ),
                FitRule(
                    id="fit.free_mail",
                    label="Free-mail address",
                    condition=FieldCondition.equals("free_mail", True),
                    points=-10,
                ),
                FitRule(
                    id="fit.student",
                    label="Student or intern",
                    condition=FieldCondition.one_of("title", ("student", "intern")),
                    points=-25,
                ),
            ),
            engagement_rules=(
                EngagementRule(
                    id="eng.form",
                    label="Form submission",
                    kind=EngagementKind.FORM_SUBMISSION,
                    points=15,
                    half_life_days=30,
                    max_points=30,
                ),
                EngagementRule(
                    id="eng.webinar",
                    label="Webinar attended",
                    kind=EngagementKind.WEBINAR_ATTENDANCE,
                    points=10,
                    half_life_days=30,
                    max_points=20,
                ),
                EngagementRule(
                    id="eng.event",
                    label="Event attended",
                    kind=EngagementKind.EVENT,
                    points=10,
                    half_life_days=45,
                    max_points=20,
                ),
                EngagementRule(
                    id="eng.download",
                    label="Content downloaded",
                    kind=EngagementKind.CONTENT_DOWNLOAD,
                    points=6,
                    half_life_days=30,
                    max_points=18,
                ),
                EngagementRule(
                    id="eng.sales_touch",
                    label="Responded to sales",
                    kind=EngagementKind.SALES_TOUCH,
                    points=8,
                    half_life_days=21,
                    max_points=16,
                ),
                EngagementRule(
                    id="eng.click",
                    label="Email click",
                    kind=EngagementKind.EMAIL_CLICK,
                    points=3,
                    half_life_days=14,
                    max_points=9,
                ),
                EngagementRule(
                    id="eng.visit",
                    label="Web visit",
                    kind=EngagementKind.WEB_VISIT,
                    points=1,
                    half_life_days=14,
                    lookback_days=90,
                    max_points=10,
                ),
                EngagementRule(
                    id="eng.open",
                    label="Email open",
                    kind=EngagementKind.EMAIL_OPEN,
                    points=Decimal("0.5"),
                    half_life_days=14,
                    lookback_days=90,
                    max_points=5,
                ),
            ),
            fit_cap=Decimal(50),
            engagement_cap=Decimal(50),
            floor=Decimal(0),
            ceiling=Decimal(100),
            grade_bands=(
                GradeBand(grade="A", minimum=75),
                GradeBand(grade="B", minimum=50),
                GradeBand(grade="C", minimum=25),
                GradeBand(grade="D", minimum=0),
            ),
        )

    def grade_for(self, points: Decimal) -> str:
        """The grade of the first band whose minimum ``points`` reaches."""
        for band in self.grade_bands:
            if points >= band.minimum:
                return band.grade
        return self.grade_bands[-1].grade

    def score(self, lead: Lead, *, as_of: pendulum.DateTime) -> LeadScore:
        """Score ``lead`` as it stands at ``as_of``; later engagements are ignored."""
        if not isinstance(lead, Lead):
            fail("lead", f"expected a Lead, got {describe(lead)}")
        moment = check_instant(as_of, "as_of")
        parts: list[RuleContribution] = []

        fit = Decimal(0)
        for rule in self.fit_rules:
            if rule.condition.matches(lead):
                parts.append(
                    RuleContribution(
                        rule_id=rule.id,
                        label=rule.label,
                        kind=ContributionKind.FIT,
                        points=rule.points,
                        detail=rule.condition.describe(),
                    )
                )
                fit = _ADD(fit, rule.points)
        fit = self._cap(parts, fit, self.fit_cap, "cap.fit", "Fit cap")

        engagement = Decimal(0)
        ages = _ages_by_kind(lead, moment)
        for erule in self.engagement_rules:
            part = _engagement_points(erule, ages.get(erule.kind, ()))
            if part is not None:
                parts.append(part)
                engagement = _ADD(engagement, part.points)
        engagement = self._cap(
            parts, engagement, self.engagement_cap, "cap.engagement", "Engagement cap"
        )

        total = _ADD(fit, engagement)
        bounded = max(total, self.floor)
        if self.ceiling is not None:
            bounded = min(bounded, self.ceiling)
        if bounded != total:
            parts.append(
                RuleContribution(
                    rule_id="cap.total",
                    label="Score range",
                    kind=ContributionKind.CAP,
                    points=DECIMAL_CONTEXT.subtract(bounded, total),
                    detail=f"held between {self.floor} and {self.ceiling}",
                )
            )
        return LeadScore(
            lead_id=lead.id,
            model=self.name,
            as_of=moment,
            total=bounded,
            grade=self.grade_for(bounded),
            fit_points=fit,
            engagement_points=engagement,
            contributions=tuple(parts),
        )

    @staticmethod
    def _cap(
        parts: list[RuleContribution],
        points: Decimal,
        cap: Decimal | None,
        rule_id: str,
        label: str,
    ) -> Decimal:
        if cap is None or abs(points) <= cap:
            return points
        limited = cap if points > 0 else -cap
        parts.append(
            RuleContribution(
                rule_id=rule_id,
                label=label,
                kind=ContributionKind.CAP,
                points=DECIMAL_CONTEXT.subtract(limited, points),
                detail=f"{points} limited to {limited}",
            )
        )
        return limited


def _ages_by_kind(lead: Lead, as_of: pendulum.DateTime) -> dict[EngagementKind, list[Decimal]]:
    """The age in days at ``as_of`` of each engagement up to then, by kind (one pass)."""
    ages: dict[EngagementKind, list[Decimal]] = {}
    for engagement in lead.engagements:
        if engagement.at > as_of:
            continue
        # stdlib subtraction: exact, and without pendulum's Interval objects
        elapsed = _dt.datetime.__sub__(as_of, engagement.at) // _MICROSECOND
        ages.setdefault(engagement.kind, []).append(
            DECIMAL_CONTEXT.divide(Decimal(elapsed), _MICROSECONDS_PER_DAY)
        )
    return ages


def _engagement_points(rule: EngagementRule, ages: Sequence[Decimal]) -> RuleContribution | None:
    count = 0
    raw = Decimal(0)
    for age_days in ages:
        if rule.lookback_days is not None and age_days > rule.lookback_days:
            continue
        count += 1
        if rule.half_life_days is None:
            raw = _ADD(raw, rule.points)
        else:
            exponent = _DECAY_CONTEXT.divide(age_days, rule.half_life_days)
            factor = _DECAY_CONTEXT.exp(_DECAY_CONTEXT.multiply(exponent, _LN_HALF))
            raw = _ADD(raw, _DECAY_CONTEXT.multiply(rule.points, factor))
    if count == 0:
        return None
    points = _points(raw)
    detail = f"{count} x {rule.points}"
    if rule.half_life_days is not None:
        detail += f", fading with a {rule.half_life_days}-day half-life"
    if rule.max_points is not None and abs(points) > rule.max_points:
        limited = rule.max_points if points > 0 else -rule.max_points
        detail += f"; {points} capped at {limited}"
        points = limited
    return RuleContribution(
        rule_id=rule.id,
        label=rule.label,
        kind=ContributionKind.ENGAGEMENT,
        points=points,
        detail=detail,
    )
