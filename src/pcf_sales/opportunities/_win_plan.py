"""Win plans (PCF 3.5.1.5): decision criteria, stakeholders, competitors, actions and risks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, TypeVar, cast

import attrs
import pendulum

from pcf_sales.accounts import BuyingRole, Stance
from pcf_sales.core import ContactId, UserId
from pcf_sales.core._validate import (
    check_date,
    check_text,
    fail,
    is_bool,
    is_date,
    is_enum,
    is_id,
    is_text,
    is_tuple_of,
    optional,
    to_optional_date,
    to_optional_text,
    to_text,
    to_tuple,
)
from pcf_sales.opportunities._checks import check_instance

__all__ = [
    "CompetitorPosition",
    "DealRisk",
    "DealStakeholder",
    "DecisionCriterion",
    "Level",
    "Standing",
    "WinPlan",
    "WinPlanAction",
]

T = TypeVar("T")


class Level(Enum):
    """A three-step scale for importance, threat, likelihood and impact."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> int:
        """1 for low, 2 for medium, 3 for high."""
        return {"low": 1, "medium": 2, "high": 3}[self.value]


class Standing(Enum):
    """Where we stand against the competition on one decision criterion."""

    AHEAD = "ahead"
    EVEN = "even"
    BEHIND = "behind"


_NOTES = optional(is_text(max_length=2000))


@attrs.frozen(kw_only=True)
class DecisionCriterion:
    """Something the customer will decide on, how much it matters and where we stand."""

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    importance: Level = attrs.field(validator=is_enum(Level))
    standing: Standing = attrs.field(validator=is_enum(Standing))
    notes: str | None = attrs.field(default=None, converter=to_optional_text, validator=_NOTES)


@attrs.frozen(kw_only=True)
class DealStakeholder:
    """A contact who takes part in the buying decision, their role in it and their stance."""

    contact_id: ContactId = attrs.field(validator=is_id)
    role: BuyingRole = attrs.field(validator=is_enum(BuyingRole))
    stance: Stance = attrs.field(validator=is_enum(Stance))
    notes: str | None = attrs.field(default=None, converter=to_optional_text, validator=_NOTES)


@attrs.frozen(kw_only=True)
class CompetitorPosition:
    """A competitor on the deal: how big a threat, and their strengths and weaknesses."""

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    threat: Level = attrs.field(validator=is_enum(Level))
    strengths: str | None = attrs.field(default=None, converter=to_optional_text, validator=_NOTES)
    weaknesses: str | None = attrs.field(default=None, converter=to_optional_text, validator=_NOTES)


@attrs.frozen(kw_only=True)
class WinPlanAction:
    """Something we will do to win the deal, who does it, by when, and whether it is done."""

    description: str = attrs.field(converter=to_text, validator=is_text(max_length=500))
    owner: UserId | None = attrs.field(default=None, validator=optional(is_id))
    due: pendulum.Date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(is_date)
    )
    done: bool = attrs.field(default=False, validator=is_bool)

    def is_overdue(self, on: pendulum.Date) -> bool:
        """True when the action is not done and its due date is before ``on``."""
        day = check_date(on, "on")
        return not self.done and self.due is not None and self.due < day


@attrs.frozen(kw_only=True)
class DealRisk:
    """Something that could lose us the deal, how likely and how bad, and what we do
    about it."""

    description: str = attrs.field(converter=to_text, validator=is_text(max_length=500))
    likelihood: Level = attrs.field(validator=is_enum(Level))
    impact: Level = attrs.field(validator=is_enum(Level))
    mitigation: str | None = attrs.field(default=None, converter=to_optional_text, validator=_NOTES)

    @property
    def severity(self) -> int:
        """Likelihood times impact on the 1-3 scales: 1 (low, low) to 9 (high, high)."""
        return self.likelihood.weight * self.impact.weight


def _unique(key: Callable[[Any], object], what: str) -> Callable[[object, Any, object], None]:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        seen: set[object] = set()
        for index, item in enumerate(cast("tuple[Any, ...]", value)):
            marker = key(item)
            if marker in seen:
                fail(f"{attr.name}[{index}]", f"{what} {marker!r} is listed twice")
            seen.add(marker)

    return check


def _casefolded(text: str) -> str:
    return text.casefold()


def _replace(items: tuple[T, ...], new: T, same: Callable[[T], bool]) -> tuple[T, ...]:
    """``items`` with the one ``same`` picks replaced by ``new`` (in place), or ``new`` added."""
    for index, item in enumerate(items):
        if same(item):
            return (*items[:index], new, *items[index + 1 :])
    return (*items, new)


@attrs.frozen(kw_only=True)
class WinPlan:
    """How we intend to win a deal (PCF 3.5.1.5): the objective, the customer's decision
    criteria, the people in the decision, the competitors, our actions and the risks.

    A plan is a value: the ``with_*`` and ``without_*`` methods return a new plan,
    which :meth:`Opportunity.update_win_plan` records on the deal.

    >>> from pcf_sales.accounts import BuyingRole, Stance
    >>> plan = WinPlan(objective="Replace the legacy test rigs in two plants")
    >>> plan = plan.with_stakeholder(DealStakeholder(
    ...     contact_id="C-1", role=BuyingRole.CHAMPION, stance=Stance.SUPPORTIVE))
    >>> plan.gaps(on=pendulum.Date(2026, 3, 2))
    ('no economic buyer identified among the stakeholders',)
    """

    objective: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=500))
    )
    decision_criteria: tuple[DecisionCriterion, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[
            is_tuple_of(DecisionCriterion),
            _unique(lambda c: _casefolded(c.name), "criterion"),
        ],
    )
    stakeholders: tuple[DealStakeholder, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[is_tuple_of(DealStakeholder), _unique(lambda s: s.contact_id, "contact")],
    )
    competitors: tuple[CompetitorPosition, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[
            is_tuple_of(CompetitorPosition),
            _unique(lambda c: _casefolded(c.name), "competitor"),
        ],
    )
    actions: tuple[WinPlanAction, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[is_tuple_of(WinPlanAction), _unique(lambda a: a.description, "action")],
    )
    risks: tuple[DealRisk, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=[is_tuple_of(DealRisk), _unique(lambda r: r.description, "risk")],
    )

    # -- editing (each returns a new plan) ----------------------------------------------------

    def with_objective(self, objective: str | None) -> WinPlan:
        """The plan with ``objective``."""
        return attrs.evolve(self, objective=objective)

    def with_decision_criterion(self, criterion: DecisionCriterion) -> WinPlan:
        """The plan with ``criterion`` added, or replacing the one of the same name."""
        item = check_instance(DecisionCriterion, criterion, "criterion")
        key = _casefolded(item.name)
        updated = _replace(self.decision_criteria, item, lambda c: _casefolded(c.name) == key)
        return attrs.evolve(self, decision_criteria=updated)

    def with_stakeholder(self, stakeholder: DealStakeholder) -> WinPlan:
        """The plan with ``stakeholder`` added, or replacing the entry for the same contact."""
        item = check_instance(DealStakeholder, stakeholder, "stakeholder")
        updated = _replace(self.stakeholders, item, lambda s: s.contact_id == item.contact_id)
        return attrs.evolve(self, stakeholders=updated)

    def without_stakeholder(self, contact_id: ContactId) -> WinPlan:
        """The plan without the stakeholder ``contact_id`` (who must be in it)."""
        kept = tuple(s for s in self.stakeholders if s.contact_id != contact_id)
        if len(kept) == len(self.stakeholders):
            fail("contact_id", f"{contact_id!r} is not a stakeholder of the plan")
        return attrs.evolve(self, stakeholders=kept)

    def with_competitor(self, competitor: CompetitorPosition) -> WinPlan:
        """The plan with ``competitor`` added, or replacing the one of the same name."""
        item = check_instance(CompetitorPosition, competitor, "competitor")
        key = _casefolded(item.name)
        updated = _replace(self.competitors, item, lambda c: _casefolded(c.name) == key)
        return attrs.evolve(self, competitors=updated)

    def with_action(self, action: WinPlanAction) -> WinPlan:
        """The plan with ``action`` added, or replacing the one with the same description."""
        item = check_instance(WinPlanAction, action, "action")
        updated = _replace(self.actions, item, lambda a: a.description == item.description)
        return attrs.evolve(self, actions=updated)

    def complete_action(self, description: str) -> WinPlan:
        """The plan with the action ``description`` marked done."""
        text = check_text(description, "description", max_length=500).strip()
        for index, action in enumerate(self.actions):
            if action.description == text:
                done = attrs.evolve(action, done=True)
                actions = (*self.actions[:index], done, *self.actions[index + 1 :])
                return attrs.evolve(self, actions=actions)
        return fail("description", f"the plan has no action {text!r}")

    def with_risk(self, risk: DealRisk) -> WinPlan:
        """The plan with ``risk`` added, or replacing the one with the same description."""
        item = check_instance(DealRisk, risk, "risk")
        updated = _replace(self.risks, item, lambda r: r.description == item.description)
        return attrs.evolve(self, risks=updated)

    def without_risk(self, description: str) -> WinPlan:
        """The plan without the risk ``description`` (which must be in it)."""
        kept = tuple(r for r in self.risks if r.description != description)
        if len(kept) == len(self.risks):
            fail("description", f"the plan has no risk {description!r}")
        return attrs.evolve(self, risks=kept)

    # -- reading -----------------------------------------------------------------------------

    def stakeholders_in(self, roles: Iterable[BuyingRole]) -> tuple[DealStakeholder, ...]:
        """The stakeholders whose role is one of ``roles``."""
        wanted = frozenset(roles)
        return tuple(s for s in self.stakeholders if s.role in wanted)

    def open_actions(self) -> tuple[WinPlanAction, ...]:
        """The actions not done yet, soonest due first (undated last)."""
        pending = [a for a in self.actions if not a.done]
        return tuple(sorted(pending, key=lambda a: (a.due is None, a.due or pendulum.Date.min)))

    def gaps(self, *, on: pendulum.Date) -> tuple[str, ...]:
        """What the plan still lacks or warns of on day ``on``, most fundamental first.

        Checked: an economic buyer and a champion among the stakeholders,
        stakeholders opposed to us, high-importance criteria where we are
        behind, high-threat competitors, overdue actions, and risks of
        severity 6 or more without a mitigation.
        """
        day = check_date(on, "on")
        found: list[str] = []
        roles = {s.role for s in self.stakeholders}
        if BuyingRole.ECONOMIC_BUYER not in roles:
            found.append("no economic buyer identified among the stakeholders")
        if self.stakeholders and BuyingRole.CHAMPION not in roles:
            found.append("no champion among the stakeholders")
        found.extend(
            f"{s.role.value.replace('_', ' ')} {s.contact_id} is opposed"
            for s in self.stakeholders
            if s.stance is Stance.OPPOSED
        )
        found.extend(
            f"behind on {c.name!r}, which matters most to the customer"
            for c in self.decision_criteria
            if c.importance is Level.HIGH and c.standing is Standing.BEHIND
        )
        found.extend(
            f"{c.name} is a high threat" for c in self.competitors if c.threat is Level.HIGH
        )
        found.extend(
            f"action {a.description!r} was due {a.due}" for a in self.actions if a.is_overdue(day)
        )
        found.extend(
            f"risk {r.description!r} (severity {r.severity}) has no mitigation"
            for r in self.risks
            if r.severity >= 6 and r.mitigation is None
        )
        return tuple(found)
