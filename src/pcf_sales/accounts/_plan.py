"""The key account plan (PCF 3.5.2.2-3.5.2.3): objectives, targets, actions, and progress.

A plan is drafted for one account and one planning period, with objectives
and measurable targets per fiscal period. Activating it makes it the agreed
plan: from then on its objectives and targets change only through
:meth:`~KeyAccountPlan.revise`, which takes it back to draft. Actions are
added and worked in draft and active plans; results are recorded against
the targets as actuals, and :meth:`~KeyAccountPlan.progress` says where the
plan stands on any day.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, Final

import attrs
import pendulum

from pcf_sales.accounts._checks import check_field, require
from pcf_sales.accounts._plan_action import PLAN_ACTION_LIFECYCLE, PlanAction
from pcf_sales.accounts._plan_values import (
    PlanObjective,
    PlanTarget,
    TargetActual,
    check_same_kind,
)
from pcf_sales.accounts._progress import PlanProgress, plan_progress
from pcf_sales.core import (
    AccountId,
    Guard,
    HistoryEntry,
    KeyAccountPlanId,
    Lifecycle,
    Period,
    PlanActionId,
    Transition,
    UserId,
)
from pcf_sales.core._validate import (
    check_date,
    check_id,
    describe,
    fail,
    is_enum,
    is_id,
    is_instance,
    is_int,
    is_text,
    is_tuple_of,
    to_text,
    to_tuple,
)

__all__ = ["KEY_ACCOUNT_PLAN_LIFECYCLE", "KeyAccountPlan", "KeyAccountPlanStatus"]


class KeyAccountPlanStatus(Enum):
    """Where a key account plan is in its lifecycle."""

    DRAFT = "draft"
    """Being written or revised; objectives and targets can change."""
    ACTIVE = "active"
    """Agreed and being carried out; results are tracked against it."""
    CLOSED = "closed"
    """Its period is over or its work is done. Can be reopened."""
    CANCELLED = "cancelled"
    """Abandoned, for a stated reason. Final."""


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


@attrs.frozen(kw_only=True)
class KeyAccountPlan:
    """The plan for one key account over one planning ``period``.

    >>> from moneyed import Money
    >>> from pcf_sales.core import FiscalCalendar, PeriodKind
    >>> from pcf_sales.accounts import TargetValue
    >>> cal = FiscalCalendar(start_month=1)
    >>> at = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
    >>> plan = KeyAccountPlan.draft(
    ...     id=KeyAccountPlanId("P-1"), at=at, by=UserId("kam-1"),
    ...     account_id=AccountId("A-1"), name="Cobalt Labs 2026", owner=UserId("kam-1"),
    ...     period=cal.period(PeriodKind.YEAR, 2026),
    ...     objectives=[PlanObjective(key="expand", title="Expand into services")],
    ...     targets=[PlanTarget(key="bookings", objective_key="expand", measure="Bookings",
    ...                         period=cal.period(PeriodKind.YEAR, 2026),
    ...                         value=TargetValue.of_money(Money("400000.00", "EUR")))],
    ... )
    >>> plan = plan.activate(at=at.add(days=1), by=UserId("kam-1"))
    >>> plan = plan.record_actual(
    ...     TargetActual(target_key="bookings", on=pendulum.Date(2026, 3, 31),
    ...                  value=TargetValue.of_money(Money("150000.00", "EUR"))),
    ...     at=at.add(days=90), by=UserId("kam-1"))
    >>> progress = plan.progress(pendulum.Date(2026, 6, 30)).targets[0]
    >>> progress.status.value, progress.actual.describe(), str(progress.attainment)
    ('behind', '150000.00 EUR', '37.5 %')
    >>> progress.expected.describe(), progress.elapsed_days
    ('198356.16 EUR', 181)
    """

    id: KeyAccountPlanId = attrs.field(validator=is_id)
    status: KeyAccountPlanStatus = attrs.field(validator=is_enum(KeyAccountPlanStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[KeyAccountPlanStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    account_id: AccountId = attrs.field(validator=is_id)
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    owner: UserId = attrs.field(validator=is_id)
    period: Period = attrs.field(validator=is_instance(Period))
    objectives: tuple[PlanObjective, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(PlanObjective)
    )
    targets: tuple[PlanTarget, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(PlanTarget)
    )
    actions: tuple[PlanAction, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(PlanAction)
    )
    actuals: tuple[TargetActual, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(TargetActual)
    )

    def __attrs_post_init__(self) -> None:
        KEY_ACCOUNT_PLAN_LIFECYCLE.check_history(self)
        _check_objectives(self.objectives)
        keys = {o.key for o in self.objectives}
        for index, target in enumerate(self.targets):
            _check_target(target, keys, self.period, f"targets[{index}]")
            if target.key in {t.key for t in self.targets[:index]}:
                fail(f"targets[{index}].key", f"target {target.key!r} is declared twice")
        for index, action in enumerate(self.actions):
            if action.objective_key is not None and action.objective_key not in keys:
                fail(f"actions[{index}].objective_key", f"no objective {action.objective_key!r}")
            if action.id in {a.id for a in self.actions[:index]}:
                fail(f"actions[{index}].id", f"action {action.id!r} is there twice")
        by_key = {t.key: t for t in self.targets}
        for index, actual in enumerate(self.actuals):
            _check_actual(actual, by_key, f"actuals[{index}]")

    # -- creating -------------------------------------------------------------------

    @classmethod
    def draft(
        cls,
        *,
        id: KeyAccountPlanId,
        at: pendulum.DateTime,
        by: UserId,
        account_id: AccountId,
        name: str,
        owner: UserId,
        period: Period,
        objectives: Iterable[PlanObjective] = (),
        targets: Iterable[PlanTarget] = (),
    ) -> KeyAccountPlan:
        """A new plan in status ``draft`` for ``account_id`` over ``period``
        (PCF 3.5.2.2 develop the key account plan)."""
        return KEY_ACCOUNT_PLAN_LIFECYCLE.create(
            cls,
            at=at,
            by=by,
            id=id,
            account_id=account_id,
            name=name,
            owner=owner,
            period=period,
            objectives=objectives,
            targets=targets,
        )

    # -- facts ----------------------------------------------------------------------

    @property
    def updated_at(self) -> pendulum.DateTime:
        """When the plan last changed."""
        return self.history[-1].at

    def allowed_commands(self) -> tuple[str, ...]:
        """The commands allowed in the plan's current status."""
        return KEY_ACCOUNT_PLAN_LIFECYCLE.allowed(self.status)

    def action(self, action_id: PlanActionId) -> PlanAction:
        """The action ``action_id``."""
        return self._action(action_id)[1]

    def objective(self, key: str) -> PlanObjective:
        """The objective under ``key``."""
        for objective in self.objectives:
            if objective.key == key:
                return objective
        return fail("key", f"the plan has no objective {key!r}")

    def target(self, key: str) -> PlanTarget:
        """The target under ``key``."""
        for target in self.targets:
            if target.key == key:
                return target
        return fail("key", f"the plan has no target {key!r}")

    def progress(self, as_of: pendulum.Date) -> PlanProgress:
        """Where the plan stands on ``as_of``: each target against the share of it
        the elapsed days call for, counting actuals dated up to ``as_of``, and
        how many actions are open, done or overdue."""
        day = check_date(as_of, "as_of")
        return plan_progress(
            plan_id=self.id,
            account_id=self.account_id,
            targets=self.targets,
            actuals=self.actuals,
            actions=self.actions,
            as_of=day,
        )

    # -- the plan's lifecycle -----------------------------------------------------------

    def activate(self, *, at: pendulum.DateTime, by: UserId) -> KeyAccountPlan:
        """Agree the plan. It needs at least one objective and one target."""
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(self, "activate", at=at, by=by)

    def revise(self, *, reason: str, at: pendulum.DateTime, by: UserId) -> KeyAccountPlan:
        """Take the active plan back to draft to change its objectives or targets.
        Actions and actuals carry on."""
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(self, "revise", at=at, by=by, reason=reason)

    def close(
        self,
        *,
        at: pendulum.DateTime,
        by: UserId,
        reason: str | None = None,
        override: bool = False,
    ) -> KeyAccountPlan:
        """Close the active plan. Every action must be done or cancelled, unless
        ``override`` is set with a ``reason`` saying why the plan closes anyway."""
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, "close", at=at, by=by, reason=reason, override=override
        )

    def reopen(self, *, reason: str, at: pendulum.DateTime, by: UserId) -> KeyAccountPlan:
        """Make a closed plan active again."""
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(self, "reopen", at=at, by=by, reason=reason)

    def cancel(self, *, reason: str, at: pendulum.DateTime, by: UserId) -> KeyAccountPlan:
        """Abandon the plan. Final."""
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(self, "cancel", at=at, by=by, reason=reason)

    # -- plan data ----------------------------------------------------------------------

    def rename(self, name: str, *, at: pendulum.DateTime, by: UserId) -> KeyAccountPlan:
        """Change the plan's name."""
        self._require("rename")
        checked = check_field(KeyAccountPlan, "name", name)
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, "rename", at=at, by=by, changes={"name": checked}
        )

    def assign(self, owner: UserId, *, at: pendulum.DateTime, by: UserId) -> KeyAccountPlan:
        """Make ``owner`` responsible for the plan."""
        self._require("assign")
        checked = check_field(KeyAccountPlan, "owner", owner)
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, "assign", at=at, by=by, changes={"owner": checked}
        )

    def add_objective(
        self, objective: PlanObjective, *, at: pendulum.DateTime, by: UserId
    ) -> KeyAccountPlan:
        """Add an objective under a key the plan does not use yet."""
        self._require("add_objective")
        if not isinstance(objective, PlanObjective):
            fail("objective", f"expected a PlanObjective, got {describe(objective)}")
        if any(o.key == objective.key for o in self.objectives):
            fail("objective.key", f"the plan already has an objective {objective.key!r}")
        objectives = (*self.objectives, objective)
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, "add_objective", at=at, by=by, changes={"objectives": objectives}
        )

    def remove_objective(self, key: str, *, at: pendulum.DateTime, by: UserId) -> KeyAccountPlan:
        """Remove an objective no target or action refers to."""
        self._require("remove_objective")
        self.objective(key)
        users = [t.key for t in self.targets if t.objective_key == key]
        users += [a.id for a in self.actions if a.objective_key == key]
        if users:
            fail("key", f"objective {key!r} is still used by {', '.join(users)}")
        objectives = tuple(o for o in self.objectives if o.key != key)
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, "remove_objective", at=at, by=by, changes={"objectives": objectives}
        )

    def set_target(
        self, target: PlanTarget, *, at: pendulum.DateTime, by: UserId
    ) -> KeyAccountPlan:
        """Add a target, or replace the one with the same key.

        Its objective must exist and its period must lie within the plan's.
        A target with actuals keeps its kind (its currency, or its unit).
        """
        self._require("set_target")
        if not isinstance(target, PlanTarget):
            fail("target", f"expected a PlanTarget, got {describe(target)}")
        _check_target(target, {o.key for o in self.objectives}, self.period, "target")
        for actual in self.actuals:
            if actual.target_key == target.key:
                check_same_kind(actual.value, target.value, "target.value")
                if not target.period.start <= actual.on <= target.period.end:
                    fail("target.period", f"an actual of {actual.on} falls outside it")
        kept = [t for t in self.targets if t.key != target.key]
        position = next((i for i, t in enumerate(self.targets) if t.key == target.key), len(kept))
        kept.insert(position, target)
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, "set_target", at=at, by=by, changes={"targets": tuple(kept)}
        )

    def remove_target(self, key: str, *, at: pendulum.DateTime, by: UserId) -> KeyAccountPlan:
        """Remove a target that has no actuals."""
        self._require("remove_target")
        self.target(key)
        if any(a.target_key == key for a in self.actuals):
            fail("key", f"target {key!r} has actuals recorded against it")
        targets = tuple(t for t in self.targets if t.key != key)
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, "remove_target", at=at, by=by, changes={"targets": targets}
        )

    def record_actual(
        self, actual: TargetActual, *, at: pendulum.DateTime, by: UserId
    ) -> KeyAccountPlan:
        """Count a result towards a target (PCF 3.5.2.3). It must fall within the
        target's period and be of its kind. Actuals add up; each call adds one."""
        self._require("record_actual")
        if not isinstance(actual, TargetActual):
            fail("actual", f"expected a TargetActual, got {describe(actual)}")
        _check_actual(actual, {t.key: t for t in self.targets}, "actual")
        actuals = (*self.actuals, actual)
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, "record_actual", at=at, by=by, changes={"actuals": actuals}
        )

    # -- actions --------------------------------------------------------------------------

    def add_action(
        self,
        action_id: PlanActionId,
        *,
        title: str,
        owner: UserId,
        due: pendulum.Date,
        objective_key: str | None = None,
        at: pendulum.DateTime,
        by: UserId,
    ) -> KeyAccountPlan:
        """Add an open action for ``owner``, due on ``due``."""
        self._require("add_action")
        checked_id = PlanActionId(check_id(action_id, "action_id"))
        if any(a.id == checked_id for a in self.actions):
            fail("action_id", f"the plan already has an action {checked_id!r}")
        if objective_key is not None and not any(o.key == objective_key for o in self.objectives):
            fail("objective_key", f"the plan has no objective {objective_key!r}")
        action = PLAN_ACTION_LIFECYCLE.create(
            PlanAction,
            at=at,
            by=by,
            id=checked_id,
            title=title,
            owner=owner,
            due=due,
            objective_key=objective_key,
        )
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, "add_action", at=at, by=by, changes={"actions": (*self.actions, action)}
        )

    def start_action(
        self, action_id: PlanActionId, *, at: pendulum.DateTime, by: UserId
    ) -> KeyAccountPlan:
        """Someone starts on an open action."""
        return self._act("start_action", "start", action_id, at, by)

    def complete_action(
        self,
        action_id: PlanActionId,
        *,
        at: pendulum.DateTime,
        by: UserId,
        outcome: str | None = None,
    ) -> KeyAccountPlan:
        """Finish an action, with its ``outcome``."""
        checked = check_field(PlanAction, "outcome", outcome)
        return self._act("complete_action", "complete", action_id, at, by, {"outcome": checked})

    def cancel_action(
        self, action_id: PlanActionId, *, reason: str, at: pendulum.DateTime, by: UserId
    ) -> KeyAccountPlan:
        """Drop an unfinished action, saying why."""
        return self._act("cancel_action", "cancel", action_id, at, by, reason=reason)

    def reopen_action(
        self, action_id: PlanActionId, *, reason: str, at: pendulum.DateTime, by: UserId
    ) -> KeyAccountPlan:
        """Open a finished action again, saying why; its outcome is cleared."""
        return self._act("reopen_action", "reopen", action_id, at, by, {"outcome": None}, reason)

    def reassign_action(
        self, action_id: PlanActionId, owner: UserId, *, at: pendulum.DateTime, by: UserId
    ) -> KeyAccountPlan:
        """Give an unfinished action to ``owner``."""
        checked = check_field(PlanAction, "owner", owner)
        return self._act("reassign_action", "reassign", action_id, at, by, {"owner": checked})

    def reschedule_action(
        self, action_id: PlanActionId, due: pendulum.Date, *, at: pendulum.DateTime, by: UserId
    ) -> KeyAccountPlan:
        """Move an unfinished action's due day."""
        checked = check_date(due, "due")
        return self._act("reschedule_action", "reschedule", action_id, at, by, {"due": checked})

    def _require(self, command: str) -> None:
        require(KEY_ACCOUNT_PLAN_LIFECYCLE, self, command)

    def _action(self, action_id: object) -> tuple[int, PlanAction]:
        check_id(action_id, "action_id")
        for index, action in enumerate(self.actions):
            if action.id == action_id:
                return index, action
        return fail("action_id", f"the plan has no action {action_id!r}")

    def _act(
        self,
        command: str,
        action_command: str,
        action_id: PlanActionId,
        at: pendulum.DateTime,
        by: UserId,
        changes: dict[str, object] | None = None,
        reason: str | None = None,
    ) -> KeyAccountPlan:
        self._require(command)
        index, action = self._action(action_id)
        updated = PLAN_ACTION_LIFECYCLE.apply(
            action, action_command, at=at, by=by, reason=reason, changes=changes
        )
        actions = (*self.actions[:index], updated, *self.actions[index + 1 :])
        return KEY_ACCOUNT_PLAN_LIFECYCLE.apply(
            self, command, at=at, by=by, reason=reason, changes={"actions": actions}
        )


def _check_objectives(objectives: tuple[PlanObjective, ...]) -> None:
    for index, objective in enumerate(objectives):
        if objective.key in {o.key for o in objectives[:index]}:
            fail(f"objectives[{index}].key", f"objective {objective.key!r} is declared twice")


def _check_target(target: PlanTarget, objective_keys: set[str], period: Period, where: str) -> None:
    if target.objective_key not in objective_keys:
        fail(f"{where}.objective_key", f"the plan has no objective {target.objective_key!r}")
    if target.period.start < period.start or target.period.end > period.end:
        fail(
            f"{where}.period",
            f"{target.period.label} ({target.period.start} to {target.period.end}) is not "
            f"within the plan's {period.label} ({period.start} to {period.end})",
        )


def _check_actual(actual: TargetActual, targets: dict[str, PlanTarget], where: str) -> None:
    target = targets.get(actual.target_key)
    if target is None:
        fail(f"{where}.target_key", f"the plan has no target {actual.target_key!r}")
    check_same_kind(actual.value, target.value, f"{where}.value")
    if not target.period.start <= actual.on <= target.period.end:
        fail(
            f"{where}.on",
            f"{actual.on} is outside the target's period {target.period.label} "
            f"({target.period.start} to {target.period.end})",
        )


def _has_objectives_and_targets(plan: KeyAccountPlan) -> str | None:
    if not plan.objectives:
        return "the plan has no objectives"
    if not plan.targets:
        return "the plan has no targets"
    return None


def _actions_finished(plan: KeyAccountPlan) -> str | None:
    unfinished = [a.id for a in plan.actions if not a.is_finished]
    if unfinished:
        return f"unfinished actions: {', '.join(unfinished)}"
    return None


_DRAFT: Final = frozenset({KeyAccountPlanStatus.DRAFT})
_WORKING: Final = frozenset({KeyAccountPlanStatus.DRAFT, KeyAccountPlanStatus.ACTIVE})


def _data(
    command: str,
    event: str,
    sources: frozenset[KeyAccountPlanStatus],
    *,
    needs_reason: bool = False,
) -> Transition[KeyAccountPlanStatus, KeyAccountPlan]:
    return Transition(command=command, event=event, sources=sources, needs_reason=needs_reason)


KEY_ACCOUNT_PLAN_LIFECYCLE: Lifecycle[KeyAccountPlanStatus, KeyAccountPlan] = Lifecycle(
    aggregate="KeyAccountPlan",
    states=KeyAccountPlanStatus,
    initial=KeyAccountPlanStatus.DRAFT,
    terminal={KeyAccountPlanStatus.CANCELLED},
    creation="draft",
    creation_event="drafted",
    transitions=(
        Transition(
            command="activate",
            event="activated",
            sources=_DRAFT,
            target=KeyAccountPlanStatus.ACTIVE,
            guards=(
                Guard("objectives and targets set", _has_objectives_and_targets, overridable=False),
            ),
        ),
        Transition(
            command="revise",
            event="revision_started",
            sources={KeyAccountPlanStatus.ACTIVE},
            target=KeyAccountPlanStatus.DRAFT,
            needs_reason=True,
        ),
        Transition(
            command="close",
            event="closed",
            sources={KeyAccountPlanStatus.ACTIVE},
            target=KeyAccountPlanStatus.CLOSED,
            guards=(Guard("every action finished", _actions_finished),),
        ),
        Transition(
            command="reopen",
            event="reopened",
            sources={KeyAccountPlanStatus.CLOSED},
            target=KeyAccountPlanStatus.ACTIVE,
            needs_reason=True,
        ),
        Transition(
            command="cancel",
            event="cancelled",
            sources=_WORKING,
            target=KeyAccountPlanStatus.CANCELLED,
            needs_reason=True,
        ),
        _data("rename", "renamed", _WORKING),
        _data("assign", "assigned", _WORKING),
        _data("add_objective", "objective_added", _DRAFT),
        _data("remove_objective", "objective_removed", _DRAFT),
        _data("set_target", "target_set", _DRAFT),
        _data("remove_target", "target_removed", _DRAFT),
        _data("record_actual", "actual_recorded", _WORKING),
        _data("add_action", "action_added", _WORKING),
        _data("start_action", "action_started", _WORKING),
        _data("complete_action", "action_completed", _WORKING),
        _data("cancel_action", "action_cancelled", _WORKING, needs_reason=True),
        _data("reopen_action", "action_reopened", _WORKING, needs_reason=True),
        _data("reassign_action", "action_reassigned", _WORKING),
        _data("reschedule_action", "action_rescheduled", _WORKING),
    ),
)
"""The key account plan lifecycle: draft → active ⇄ draft (revise) → closed ⇄ active
(reopen); a draft or active plan can be cancelled, which is final. Objectives and
targets change only in draft; actions and actuals in draft or active plans."""
