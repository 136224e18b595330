"""Key account plans (PCF 3.5.2.2-3.5.2.3): commands, guards, actions and progress."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from moneyed import Money

from pcf_sales.accounts import (
    KEY_ACCOUNT_PLAN_LIFECYCLE,
    PLAN_ACTION_LIFECYCLE,
    KeyAccountPlan,
    KeyAccountPlanStatus,
    PlanActionStatus,
    PlanObjective,
    PlanProgress,
    TargetActual,
    TargetProgressStatus,
    TargetValue,
)
from pcf_sales.core import FiscalCalendar, KeyAccountPlanId, PeriodKind, PlanActionId, UserId
from pcf_sales.errors import GuardFailed, InvalidTransition, ValidationError
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_key_account_plan,
    make_plan_action,
    make_plan_objective,
    make_plan_target,
    make_target_actual,
    make_target_value,
)

BY = UserId("kam-7")
CAL = FiscalCalendar(start_month=1)
A1 = PlanActionId("action-1")


def _next(plan: KeyAccountPlan, hours: int = 1) -> pendulum.DateTime:
    return plan.updated_at.add(hours=hours)


def _check_step(
    before: KeyAccountPlan,
    after: KeyAccountPlan,
    command: str,
    to_state: KeyAccountPlanStatus,
    *,
    changes: tuple[str, ...] = (),
) -> None:
    assert after.status is to_state
    assert after.revision == before.revision + 1
    assert after.history[:-1] == before.history
    entry = after.history[-1]
    assert entry.command == command
    assert entry.event == KEY_ACCOUNT_PLAN_LIFECYCLE.transition(command).event
    assert (entry.from_state, entry.to_state) == (before.status, to_state)
    assert entry.changes == changes
    untouched = {f.name for f in attrs.fields(KeyAccountPlan)} - {"status", "revision", "history"}
    for name in untouched - set(changes):
        assert getattr(after, name) == getattr(before, name), name


# --- drafting ---------------------------------------------------------------------------


def test_drafting_a_plan() -> None:
    plan = make_key_account_plan()
    assert plan.status is KeyAccountPlanStatus.DRAFT
    assert plan.revision == 1
    assert plan.objective("expand").title == "Expand into services"
    assert plan.target("bookings").value == make_target_value()
    assert plan.history[0].event == "drafted"


def test_a_target_must_serve_a_known_objective() -> None:
    with pytest.raises(ValidationError) as error:
        make_key_account_plan(targets=[make_plan_target(objective_key="ghost")])
    assert error.value.field == "targets[0].objective_key"


def test_a_target_must_lie_within_the_plan_period() -> None:
    next_year = make_plan_target(period=CAL.period(PeriodKind.QUARTER, 2027, 1))
    with pytest.raises(ValidationError) as error:
        make_key_account_plan(targets=[next_year])
    assert error.value.field == "targets[0].period"


def test_objective_and_target_keys_are_unique() -> None:
    with pytest.raises(ValidationError) as objectives:
        make_key_account_plan(objectives=[make_plan_objective()] * 2)
    assert objectives.value.field == "objectives[1].key"
    with pytest.raises(ValidationError) as targets:
        make_key_account_plan(targets=[make_plan_target()] * 2)
    assert targets.value.field == "targets[1].key"


def test_a_negative_target_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        make_plan_target(value=make_target_value("-1.00"))
    assert error.value.field == "value"


def test_a_target_value_is_money_or_a_quantity_not_both() -> None:
    with pytest.raises(ValidationError) as both:
        TargetValue(amount=Money(1, "USD"), quantity=Decimal(1))
    assert both.value.field == "amount"
    with pytest.raises(ValidationError) as unit:
        TargetValue(amount=Money(1, "USD"), unit="workshops")
    assert unit.value.field == "unit"


# --- lifecycle --------------------------------------------------------------------------


def test_activating_needs_objectives_and_targets_and_cannot_be_overridden() -> None:
    bare = make_key_account_plan(objectives=(), targets=())
    with pytest.raises(GuardFailed) as error:
        bare.activate(at=_next(bare), by=BY)
    assert error.value.failures == (("objectives and targets set", "the plan has no objectives"),)
    assert not error.value.overridable


def test_activating_a_complete_draft() -> None:
    draft = make_key_account_plan()
    active = draft.activate(at=_next(draft), by=BY)
    _check_step(draft, active, "activate", KeyAccountPlanStatus.ACTIVE)


def test_revising_takes_an_active_plan_back_to_draft_with_a_reason() -> None:
    active = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    draft = active.revise(reason="new budget", at=_next(active), by=BY)
    _check_step(active, draft, "revise", KeyAccountPlanStatus.DRAFT)
    assert draft.history[-1].reason == "new budget"
    assert draft.actions == active.actions


def test_closing_needs_every_action_finished_unless_overridden() -> None:
    active = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    snapshot = to_document(active)
    with pytest.raises(GuardFailed) as error:
        active.close(at=_next(active), by=BY)
    assert error.value.failures == (("every action finished", "unfinished actions: action-1"),)
    assert error.value.overridable
    assert to_document(active) == snapshot
    with pytest.raises(ValidationError) as no_reason:
        active.close(at=_next(active), by=BY, override=True)
    assert no_reason.value.field == "reason"
    closed = active.close(at=_next(active), by=BY, reason="year over", override=True)
    assert closed.status is KeyAccountPlanStatus.CLOSED
    assert closed.history[-1].overridden == ("every action finished",)


def test_a_closed_plan_is_reopened_with_a_reason() -> None:
    closed = make_key_account_plan(KeyAccountPlanStatus.CLOSED)
    reopened = closed.reopen(reason="extension agreed", at=_next(closed), by=BY)
    _check_step(closed, reopened, "reopen", KeyAccountPlanStatus.ACTIVE)


@pytest.mark.parametrize("status", [KeyAccountPlanStatus.DRAFT, KeyAccountPlanStatus.ACTIVE])
def test_cancelling_is_final(status: KeyAccountPlanStatus) -> None:
    plan = make_key_account_plan(status)
    cancelled = plan.cancel(reason="account lost", at=_next(plan), by=BY)
    _check_step(plan, cancelled, "cancel", KeyAccountPlanStatus.CANCELLED)
    assert cancelled.allowed_commands() == ()
    with pytest.raises(InvalidTransition) as error:
        cancelled.rename("x", at=_next(cancelled), by=BY)
    assert error.value.allowed == ()


_CALLS: dict[str, Callable[[KeyAccountPlan, pendulum.DateTime], KeyAccountPlan]] = {
    "activate": lambda p, at: p.activate(at=at, by=BY),
    "revise": lambda p, at: p.revise(reason="r", at=at, by=BY),
    "close": lambda p, at: p.close(at=at, by=BY, reason="r", override=True),
    "reopen": lambda p, at: p.reopen(reason="r", at=at, by=BY),
    "cancel": lambda p, at: p.cancel(reason="r", at=at, by=BY),
    "rename": lambda p, at: p.rename("New name", at=at, by=BY),
    "assign": lambda p, at: p.assign(UserId("kam-2"), at=at, by=BY),
    "add_objective": lambda p, at: p.add_objective(
        PlanObjective(key="retain", title="Retain"), at=at, by=BY
    ),
    "remove_objective": lambda p, at: p.remove_objective("expand", at=at, by=BY),
    "set_target": lambda p, at: p.set_target(make_plan_target(key="other"), at=at, by=BY),
    "remove_target": lambda p, at: p.remove_target("bookings", at=at, by=BY),
    "record_actual": lambda p, at: p.record_actual(make_target_actual(), at=at, by=BY),
    "add_action": lambda p, at: p.add_action(
        PlanActionId("new"), title="Call", owner=BY, due=pendulum.Date(2026, 5, 1), at=at, by=BY
    ),
    "start_action": lambda p, at: p.start_action(A1, at=at, by=BY),
    "complete_action": lambda p, at: p.complete_action(A1, at=at, by=BY),
    "cancel_action": lambda p, at: p.cancel_action(A1, reason="r", at=at, by=BY),
    "reopen_action": lambda p, at: p.reopen_action(A1, reason="r", at=at, by=BY),
    "reassign_action": lambda p, at: p.reassign_action(A1, UserId("se-2"), at=at, by=BY),
    "reschedule_action": lambda p, at: p.reschedule_action(
        A1, pendulum.Date(2026, 6, 1), at=at, by=BY
    ),
}


def test_every_plan_command_has_a_case() -> None:
    assert set(_CALLS) == set(KEY_ACCOUNT_PLAN_LIFECYCLE.commands())


@pytest.mark.parametrize("status", list(KeyAccountPlanStatus))
@pytest.mark.parametrize("command", sorted(_CALLS))
def test_commands_not_allowed_in_a_status_are_refused_naming_the_allowed_ones(
    status: KeyAccountPlanStatus, command: str
) -> None:
    plan = make_key_account_plan(status)
    if status in KEY_ACCOUNT_PLAN_LIFECYCLE.transition(command).sources:
        return
    snapshot = to_document(plan)
    with pytest.raises(InvalidTransition) as error:
        _CALLS[command](plan, _next(plan))
    assert type(error.value) is InvalidTransition
    assert error.value.aggregate == "KeyAccountPlan"
    assert (error.value.command, error.value.state) == (command, status.value)
    assert error.value.allowed == KEY_ACCOUNT_PLAN_LIFECYCLE.allowed(status)
    assert to_document(plan) == snapshot


# --- objectives and targets ---------------------------------------------------------------


def test_objectives_and_targets_change_in_draft() -> None:
    draft = make_key_account_plan()
    more = draft.add_objective(PlanObjective(key="retain", title="Retain"), at=_next(draft), by=BY)
    _check_step(draft, more, "add_objective", KeyAccountPlanStatus.DRAFT, changes=("objectives",))
    q2 = make_plan_target(
        key="meetings",
        objective_key="retain",
        measure="Executive meetings",
        period=CAL.period(PeriodKind.QUARTER, 2026, 2),
        value=TargetValue.of_quantity(4, "meetings"),
    )
    targeted = more.set_target(q2, at=_next(more), by=BY)
    _check_step(more, targeted, "set_target", KeyAccountPlanStatus.DRAFT, changes=("targets",))
    replaced = targeted.set_target(
        attrs.evolve(q2, value=TargetValue.of_quantity(6, "meetings")), at=_next(targeted), by=BY
    )
    assert [t.key for t in replaced.targets] == ["bookings", "meetings"]
    assert replaced.target("meetings").value.quantity == 6
    removed = replaced.remove_target("meetings", at=_next(replaced), by=BY)
    assert [t.key for t in removed.targets] == ["bookings"]
    gone = removed.remove_objective("retain", at=_next(removed), by=BY)
    assert [o.key for o in gone.objectives] == ["expand"]


def test_an_objective_in_use_cannot_be_removed() -> None:
    draft = make_key_account_plan()
    with pytest.raises(ValidationError) as error:
        draft.remove_objective("expand", at=_next(draft), by=BY)
    assert error.value.field == "key"
    assert "bookings" in error.value.reason


def test_a_target_with_actuals_keeps_its_kind_and_cannot_be_removed() -> None:
    active = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    active = active.record_actual(make_target_actual(), at=_next(active), by=BY)
    draft = active.revise(reason="rebase", at=_next(active), by=BY)
    with pytest.raises(ValidationError) as kind:
        draft.set_target(
            make_plan_target(value=make_target_value("1.00", "EUR")), at=_next(draft), by=BY
        )
    assert kind.value.field == "target.value"
    with pytest.raises(ValidationError) as removal:
        draft.remove_target("bookings", at=_next(draft), by=BY)
    assert removal.value.field == "key"
    raised = draft.set_target(
        make_plan_target(value=make_target_value("500000.00")), at=_next(draft), by=BY
    )
    assert raised.target("bookings").value.amount == Money("500000.00", "USD")


# --- actuals and progress -------------------------------------------------------------


def test_actuals_add_up_and_progress_tells_where_each_target_stands() -> None:
    plan = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    for day, amount in (
        (pendulum.Date(2026, 2, 10), "100000.00"),
        (pendulum.Date(2026, 5, 5), "80000.00"),
    ):
        plan = plan.record_actual(
            make_target_actual(on=day, value=make_target_value(amount)), at=_next(plan), by=BY
        )
    assert plan.history[-1].event == "actual_recorded"
    march = plan.progress(pendulum.Date(2026, 3, 31)).targets[0]
    assert march.actual.amount == Money("100000.00", "USD")
    assert march.expected.amount == Money("98630.14", "USD")
    assert march.status is TargetProgressStatus.ON_TRACK
    assert str(march.attainment) == "25 %"
    june = plan.progress(pendulum.Date(2026, 6, 30)).targets[0]
    assert june.actual.amount == Money("180000.00", "USD")
    assert june.status is TargetProgressStatus.BEHIND
    after_year = plan.progress(pendulum.Date(2027, 1, 15))
    assert after_year.targets[0].status is TargetProgressStatus.MISSED
    assert after_year.targets[0].expected.amount == Money("400000.00", "USD")
    assert after_year.overdue_actions == ("action-1",)
    assert not after_year.on_track
    before = plan.progress(pendulum.Date(2025, 12, 1)).targets[0]
    assert before.status is TargetProgressStatus.NOT_STARTED
    assert before.elapsed_days == 0


def test_a_target_reached_early_is_achieved() -> None:
    plan = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    plan = plan.record_actual(
        make_target_actual(value=make_target_value("400000.00")), at=_next(plan), by=BY
    )
    progress = plan.progress(pendulum.Date(2026, 4, 1))
    assert progress.targets[0].status is TargetProgressStatus.ACHIEVED
    assert "achieved:" in progress.explain()


def test_an_actual_must_fit_its_target() -> None:
    plan = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    snapshot = to_document(plan)
    cases: list[tuple[TargetActual, str]] = [
        (make_target_actual(target_key="ghost"), "actual.target_key"),
        (make_target_actual(on=pendulum.Date(2027, 1, 1)), "actual.on"),
        (make_target_actual(value=make_target_value("5.00", "EUR")), "actual.value"),
        (make_target_actual(value=TargetValue.of_quantity(5)), "actual.value"),
    ]
    for actual, field in cases:
        with pytest.raises(ValidationError) as error:
            plan.record_actual(actual, at=_next(plan), by=BY)
        assert error.value.field == field
    assert to_document(plan) == snapshot


# --- actions --------------------------------------------------------------------------


def test_an_action_goes_through_its_own_lifecycle_inside_the_plan() -> None:
    plan = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    assert plan.action(A1).status is PlanActionStatus.OPEN
    started = plan.start_action(A1, at=_next(plan), by=BY)
    _check_step(plan, started, "start_action", KeyAccountPlanStatus.ACTIVE, changes=("actions",))
    action = started.action(A1)
    assert action.status is PlanActionStatus.IN_PROGRESS
    assert action.history[-1].event == "started"
    assert action.revision == 2
    done = started.complete_action(A1, at=_next(started), by=BY, outcome="workshop held")
    assert done.action(A1).status is PlanActionStatus.DONE
    assert done.action(A1).outcome == "workshop held"
    reopened = done.reopen_action(A1, reason="follow-up needed", at=_next(done), by=BY)
    assert reopened.action(A1).status is PlanActionStatus.OPEN
    assert reopened.action(A1).outcome is None
    assert reopened.history[-1].reason == "follow-up needed"
    moved = reopened.reschedule_action(A1, pendulum.Date(2026, 9, 1), at=_next(reopened), by=BY)
    moved = moved.reassign_action(A1, UserId("se-9"), at=_next(moved), by=BY)
    assert (moved.action(A1).due, moved.action(A1).owner) == (pendulum.Date(2026, 9, 1), "se-9")
    dropped = moved.cancel_action(A1, reason="customer declined", at=_next(moved), by=BY)
    assert dropped.action(A1).status is PlanActionStatus.CANCELLED
    assert [e.event for e in dropped.action(A1).history] == [
        "added",
        "started",
        "completed",
        "reopened",
        "rescheduled",
        "reassigned",
        "cancelled",
    ]


@pytest.mark.parametrize("status", list(PlanActionStatus))
@pytest.mark.parametrize(
    "command", ["start", "complete", "cancel", "reopen", "reassign", "reschedule"]
)
def test_action_commands_are_refused_where_the_action_table_says(
    status: PlanActionStatus, command: str
) -> None:
    action = make_plan_action(status)
    plan = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    plan = attrs.evolve(plan, actions=(action,), history=plan.history, revision=plan.revision)
    at = action.history[-1].at.add(hours=1)
    if status in PLAN_ACTION_LIFECYCLE.transition(command).sources:
        return
    snapshot = to_document(plan)
    with pytest.raises(InvalidTransition) as error:
        _CALLS[f"{command}_action"](plan, at)
    assert error.value.aggregate == "PlanAction"
    assert error.value.aggregate_id == A1
    assert error.value.allowed == PLAN_ACTION_LIFECYCLE.allowed(status)
    assert to_document(plan) == snapshot


def test_action_input_is_checked() -> None:
    plan = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    snapshot = to_document(plan)
    at = _next(plan)
    draft = plan.revise(reason="r", at=at, by=BY)
    not_a_day: Any = "2026-01-01"
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: plan.start_action(PlanActionId("ghost"), at=at, by=BY), "action_id"),
        (lambda: plan.start_action(" ", at=at, by=BY), "action_id"),  # type: ignore[arg-type]
        (
            lambda: plan.add_action(
                A1, title="Dup", owner=BY, due=pendulum.Date(2026, 1, 1), at=at, by=BY
            ),
            "action_id",
        ),
        (
            lambda: plan.add_action(
                PlanActionId("n"), title=" ", owner=BY, due=pendulum.Date(2026, 1, 1), at=at, by=BY
            ),
            "title",
        ),
        (
            lambda: plan.add_action(
                PlanActionId("n"),
                title="T",
                owner=BY,
                due=not_a_day,
                at=at,
                by=BY,
            ),
            "due",
        ),
        (
            lambda: plan.add_action(
                PlanActionId("n"),
                title="T",
                owner=BY,
                due=pendulum.Date(2026, 1, 1),
                objective_key="ghost",
                at=at,
                by=BY,
            ),
            "objective_key",
        ),
        (lambda: plan.reassign_action(A1, " ", at=at, by=BY), "owner"),  # type: ignore[arg-type]
        (lambda: plan.reschedule_action(A1, FIXED_INSTANT, at=at, by=BY), "due"),
        (lambda: plan.complete_action(A1, outcome="x" * 2001, at=at, by=BY), "outcome"),
        (lambda: plan.cancel_action(A1, reason=" ", at=at, by=BY), "reason"),
        (lambda: plan.start_action(A1, at=at.subtract(days=2), by=BY), "at"),
        (lambda: draft.add_objective("expand", at=at, by=BY), "objective"),  # type: ignore[arg-type]
        (
            lambda: draft.add_objective(make_plan_objective(), at=at, by=BY),
            "objective.key",
        ),
        (lambda: draft.set_target("t", at=at, by=BY), "target"),  # type: ignore[arg-type]
        (lambda: plan.record_actual("a", at=at, by=BY), "actual"),  # type: ignore[arg-type]
        (lambda: plan.rename("", at=at, by=BY), "name"),
        (lambda: plan.assign(" ", at=at, by=BY), "owner"),  # type: ignore[arg-type]
        (lambda: plan.progress(FIXED_INSTANT), "as_of"),
    ]
    for run, field in cases:
        with pytest.raises(ValidationError) as error:
            run()
        assert error.value.field == field
    assert to_document(plan) == snapshot


def test_a_plan_built_from_inconsistent_parts_is_refused() -> None:
    plan = make_key_account_plan(KeyAccountPlanStatus.ACTIVE)
    fields: dict[str, Any] = {f.name: getattr(plan, f.name) for f in attrs.fields(KeyAccountPlan)}
    fields["actuals"] = (make_target_actual(target_key="ghost"),)
    with pytest.raises(ValidationError) as error:
        KeyAccountPlan(**fields)
    assert error.value.field == "actuals[0].target_key"
    fields["actuals"] = ()
    fields["actions"] = (plan.actions[0], plan.actions[0])
    with pytest.raises(ValidationError) as twice:
        KeyAccountPlan(**fields)
    assert twice.value.field == "actions[1].id"


def test_a_plan_id_is_checked() -> None:
    with pytest.raises(ValidationError) as error:
        make_key_account_plan(id=KeyAccountPlanId(""))
    assert error.value.field == "id"


@given(strategies.key_account_plans())
def test_every_plan_round_trips_through_its_document(plan: KeyAccountPlan) -> None:
    assert from_document(to_document(plan)) == plan


@given(strategies.plan_progresses())
def test_progress_counts_every_action_once(progress: PlanProgress) -> None:
    counted = (
        progress.open_actions
        + progress.actions_in_progress
        + progress.done_actions
        + progress.cancelled_actions
    )
    assert counted >= len(progress.overdue_actions)
    for target in progress.targets:
        assert target.expected.kind == target.target.kind == target.actual.kind
        assert 0 <= target.elapsed_days <= target.period.days
        assert target.status is not TargetProgressStatus.NOT_STARTED or target.elapsed_days == 0


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1.005"])
def test_a_money_target_that_is_not_a_finite_rounded_amount_is_refused(amount: str) -> None:
    with pytest.raises(ValidationError) as caught:
        TargetValue.of_money(Money(amount, "EUR"))
    assert caught.value.field == "amount"
    with pytest.raises(ValidationError) as caught:
        TargetValue.of_quantity(amount if amount != "1.005" else "Infinity")
    assert caught.value.field == "quantity"
