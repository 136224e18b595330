"""Stateful tests of the account, contact and key account plan lifecycles (actions included):
random command sequences, allowed or not, with invariants checked after every step."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

import attrs
import pendulum
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pcf_sales.accounts import (
    ACCOUNT_LIFECYCLE,
    CONTACT_LIFECYCLE,
    KEY_ACCOUNT_PLAN_LIFECYCLE,
    PLAN_ACTION_LIFECYCLE,
    Account,
    AccountStatus,
    BuyingRole,
    ConsentStatus,
    Contact,
    ContactChannel,
    KeyAccountPlan,
    KeyAccountPlanStatus,
    PlanAction,
    PlanObjective,
    Stance,
)
from pcf_sales.core import Lifecycle, PlanActionId, UserId
from pcf_sales.errors import InvalidTransition
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import make_plan_target, make_target_actual

_BOOKKEEPING = frozenset({"status", "revision", "history"})
_MAX_GAP_MINUTES = 60 * 24 * 20


def _draw_fn(data: st.DataObject) -> st.DrawFn:
    return cast("st.DrawFn", data.draw)


def _rebuilt(value: Any) -> Any:
    """The aggregate built again from its fields, so every validator runs."""
    return type(value)(**{f.name: getattr(value, f.name) for f in attrs.fields(type(value))})


def _check_step(
    table: Lifecycle[Any, Any],
    before: Any,
    after: Any,
    command: str,
    at: pendulum.DateTime,
    by: UserId,
) -> None:
    row = table.transition(command)
    expected = before.status if row.target is None else row.target
    assert after.id == before.id
    assert after.status is expected
    assert after.revision == before.revision + 1
    assert after.history[:-1] == before.history
    entry = after.history[-1]
    assert (entry.command, entry.event) == (command, row.event)
    assert (entry.from_state, entry.to_state) == (before.status, expected)
    assert (entry.at, entry.by) == (at, by)
    fields = {f.name for f in attrs.fields(type(after))} - _BOOKKEEPING
    assert set(entry.changes) <= fields
    for name in fields - set(entry.changes):
        assert getattr(after, name) == getattr(before, name), name


def _check_refusal(
    table: Lifecycle[Any, Any], before: Any, command: str, run: Callable[[], object]
) -> None:
    snapshot = to_document(before)
    with pytest.raises(InvalidTransition) as error:
        run()
    refusal = error.value
    assert type(refusal) is InvalidTransition
    assert (refusal.aggregate, refusal.aggregate_id) == (table.aggregate, before.id)
    assert (refusal.command, refusal.state) == (command, before.status.value)
    assert refusal.allowed == table.allowed(before.status)
    assert to_document(before) == snapshot


def _check_aggregate(table: Lifecycle[Any, Any], value: Any) -> None:
    assert value.revision == len(value.history)
    assert isinstance(value.status, table.states)
    table.check_history(value)
    assert _rebuilt(value) == value
    assert from_document(to_document(value)) == value


class _Machine(RuleBasedStateMachine):
    """A clock that only moves forward, shared by the machines below."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = pendulum.datetime(2020, 1, 1, tz="UTC")

    def tick(self, data: st.DataObject) -> pendulum.DateTime:
        minutes = data.draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES), label="minutes")
        self.clock = self.clock.add(minutes=minutes)
        return self.clock


# --- accounts ---------------------------------------------------------------------------

_FORCE_ACCOUNT: dict[str, Callable[[Account, pendulum.DateTime, UserId], Account]] = {
    "become_customer": lambda a, at, by: a.become_customer(at=at, by=by),
    "go_dormant": lambda a, at, by: a.go_dormant(at=at, by=by),
    "churn": lambda a, at, by: a.churn(reason="lost", at=at, by=by),
    "reactivate": lambda a, at, by: a.reactivate(at=at, by=by),
    "disqualify": lambda a, at, by: a.disqualify(reason="no fit", at=at, by=by),
    "requalify": lambda a, at, by: a.requalify(at=at, by=by),
}


class AccountLifecycleMachine(_Machine):
    """Drives one account through random commands and checks it after each."""

    account: Account

    @initialize(data=st.data())
    def open(self, data: st.DataObject) -> None:
        self.account = data.draw(strategies.accounts(max_steps=4), label="account")
        self.clock = self.account.updated_at

    @rule(data=st.data(), command=st.sampled_from(ACCOUNT_LIFECYCLE.commands()))
    def run(self, data: st.DataObject, command: str) -> None:
        before = self.account
        snapshot = to_document(before)
        at = self.tick(data)
        by = data.draw(strategies.user_ids(), label="by")
        if command not in before.allowed_commands():
            event(f"refused {command} while {before.status.value}")
            _check_refusal(
                ACCOUNT_LIFECYCLE, before, command, lambda: _FORCE_ACCOUNT[command](before, at, by)
            )
            return
        after = strategies.apply_account_step(_draw_fn(data), before, command, at, by)
        assert to_document(before) == snapshot
        if after is before:
            event(f"{command} had nothing to do")
            return
        event(f"ran {command} from {before.status.value}")
        _check_step(ACCOUNT_LIFECYCLE, before, after, command, at, by)
        self.account = after

    @invariant()
    def consistent(self) -> None:
        account = self.account
        _check_aggregate(ACCOUNT_LIFECYCLE, account)
        assert account.parent_account_id != account.id
        assert list(account.team) == sorted(account.team, key=lambda m: (m.user_id, m.role.value))
        assert account.is_customer == (
            account.status in (AccountStatus.CUSTOMER, AccountStatus.DORMANT)
        )
        moves = [e for e in account.history[1:] if e.from_state is not e.to_state]
        if account.status is AccountStatus.CHURNED:
            assert moves[-1].command == "churn"
            assert moves[-1].reason is not None
        if account.status is AccountStatus.DISQUALIFIED:
            assert moves[-1].command == "disqualify"
            assert moves[-1].reason is not None


AccountLifecycleMachine.TestCase.settings = settings(stateful_step_count=30)
TestAccountLifecycle = AccountLifecycleMachine.TestCase


# --- contacts ---------------------------------------------------------------------------

_FORCE_CONTACT: dict[str, Callable[[Contact, pendulum.DateTime, UserId], Contact]] = {
    "leave": lambda c, at, by: c.leave(at=at, by=by),
    "rejoin": lambda c, at, by: c.rejoin(at=at, by=by),
    "set_buying_role": lambda c, at, by: c.set_buying_role(BuyingRole.USER, at=at, by=by),
    "set_stance": lambda c, at, by: c.set_stance(Stance.NEUTRAL, at=at, by=by),
}


class ContactLifecycleMachine(_Machine):
    """Drives one contact through random commands and checks it after each."""

    contact: Contact

    @initialize(data=st.data())
    def add(self, data: st.DataObject) -> None:
        self.contact = data.draw(strategies.contacts(max_steps=4), label="contact")
        self.clock = self.contact.updated_at

    @rule(data=st.data(), command=st.sampled_from(CONTACT_LIFECYCLE.commands()))
    def run(self, data: st.DataObject, command: str) -> None:
        before = self.contact
        snapshot = to_document(before)
        at = self.tick(data)
        by = data.draw(strategies.user_ids(), label="by")
        if command not in before.allowed_commands():
            event(f"refused {command} while {before.status.value}")
            _check_refusal(
                CONTACT_LIFECYCLE, before, command, lambda: _FORCE_CONTACT[command](before, at, by)
            )
            return
        after = strategies.apply_contact_step(_draw_fn(data), before, command, at, by)
        assert to_document(before) == snapshot
        if after is before:
            event(f"{command} had nothing to do")
            return
        event(f"ran {command} from {before.status.value}")
        _check_step(CONTACT_LIFECYCLE, before, after, command, at, by)
        self.contact = after

    @invariant()
    def consistent(self) -> None:
        contact = self.contact
        _check_aggregate(CONTACT_LIFECYCLE, contact)
        ats = [c.at for c in contact.consents]
        assert ats == sorted(ats)
        assert contact.person.last_name is not None or contact.person.email is not None
        for channel in ContactChannel:
            consent = contact.consent_for(channel)
            assert contact.may_contact(channel) == (
                contact.is_active
                and consent is not None
                and consent.status is ConsentStatus.OPTED_IN
            )
            assert consent is None or consent in contact.consents


ContactLifecycleMachine.TestCase.settings = settings(stateful_step_count=30)
TestContactLifecycle = ContactLifecycleMachine.TestCase


# --- key account plans and their actions ------------------------------------------------

_A = PlanActionId("action-1")
_FORCE_PLAN: dict[str, Callable[[KeyAccountPlan, pendulum.DateTime, UserId], KeyAccountPlan]] = {
    "activate": lambda p, at, by: p.activate(at=at, by=by),
    "revise": lambda p, at, by: p.revise(reason="r", at=at, by=by),
    "close": lambda p, at, by: p.close(at=at, by=by, reason="r", override=True),
    "reopen": lambda p, at, by: p.reopen(reason="r", at=at, by=by),
    "cancel": lambda p, at, by: p.cancel(reason="r", at=at, by=by),
    "rename": lambda p, at, by: p.rename("n", at=at, by=by),
    "assign": lambda p, at, by: p.assign(by, at=at, by=by),
    "add_objective": lambda p, at, by: p.add_objective(
        PlanObjective(key="zz", title="Z"), at=at, by=by
    ),
    "remove_objective": lambda p, at, by: p.remove_objective("zz", at=at, by=by),
    "set_target": lambda p, at, by: p.set_target(make_plan_target(), at=at, by=by),
    "remove_target": lambda p, at, by: p.remove_target("zz", at=at, by=by),
    "record_actual": lambda p, at, by: p.record_actual(make_target_actual(), at=at, by=by),
    "add_action": lambda p, at, by: p.add_action(
        _A, title="t", owner=by, due=pendulum.Date(2026, 1, 1), at=at, by=by
    ),
    "start_action": lambda p, at, by: p.start_action(_A, at=at, by=by),
    "complete_action": lambda p, at, by: p.complete_action(_A, at=at, by=by),
    "cancel_action": lambda p, at, by: p.cancel_action(_A, reason="r", at=at, by=by),
    "reopen_action": lambda p, at, by: p.reopen_action(_A, reason="r", at=at, by=by),
    "reassign_action": lambda p, at, by: p.reassign_action(_A, by, at=at, by=by),
    "reschedule_action": lambda p, at, by: p.reschedule_action(
        _A, pendulum.Date(2026, 1, 1), at=at, by=by
    ),
}


class KeyAccountPlanMachine(_Machine):
    """Drives one plan, and the actions inside it, through random commands."""

    plan: KeyAccountPlan

    @initialize(data=st.data())
    def draft(self, data: st.DataObject) -> None:
        self.plan = data.draw(strategies.key_account_plans(max_steps=6), label="plan")
        self.clock = self.plan.updated_at

    @rule(data=st.data(), command=st.sampled_from(KEY_ACCOUNT_PLAN_LIFECYCLE.commands()))
    def run(self, data: st.DataObject, command: str) -> None:
        before = self.plan
        snapshot = to_document(before)
        at = self.tick(data)
        by = data.draw(strategies.user_ids(), label="by")
        if command not in before.allowed_commands():
            event(f"refused {command} while {before.status.value}")
            _check_refusal(
                KEY_ACCOUNT_PLAN_LIFECYCLE,
                before,
                command,
                lambda: _FORCE_PLAN[command](before, at, by),
            )
            return
        after = strategies.apply_plan_step(_draw_fn(data), before, command, at, by)
        assert to_document(before) == snapshot
        if after is before:
            event(f"{command} had nothing to do in {before.status.value}")
            return
        event(f"ran {command} from {before.status.value}")
        _check_step(KEY_ACCOUNT_PLAN_LIFECYCLE, before, after, command, at, by)
        if command.endswith("_action"):
            self._check_action_step(before, after, command, at, by)
        self.plan = after

    @staticmethod
    def _check_action_step(
        before: KeyAccountPlan,
        after: KeyAccountPlan,
        command: str,
        at: pendulum.DateTime,
        by: UserId,
    ) -> None:
        old = {a.id: a for a in before.actions}
        new = {a.id: a for a in after.actions}
        if command == "add_action":
            (added,) = set(new) - set(old)
            assert new[added].revision == 1
            assert new[added].history[0].at == at
            return
        changed = [i for i in new if new[i] != old[i]]
        assert len(changed) == 1
        action_before: PlanAction = old[changed[0]]
        action_after: PlanAction = new[changed[0]]
        _check_step(
            PLAN_ACTION_LIFECYCLE,
            action_before,
            action_after,
            command.removesuffix("_action"),
            at,
            by,
        )

    @invariant()
    def consistent(self) -> None:
        plan = self.plan
        _check_aggregate(KEY_ACCOUNT_PLAN_LIFECYCLE, plan)
        for action in plan.actions:
            _check_aggregate(PLAN_ACTION_LIFECYCLE, action)
            assert action.history[-1].at <= plan.updated_at
        if plan.status in (KeyAccountPlanStatus.ACTIVE, KeyAccountPlanStatus.CLOSED):
            assert plan.objectives
            assert plan.targets
        if plan.status is KeyAccountPlanStatus.CLOSED and any(
            not a.is_finished for a in plan.actions
        ):
            closing = [e for e in plan.history if e.command == "close"][-1]
            assert closing.overridden == ("every action finished",)

    @invariant()
    def actuals_are_conserved_in_the_progress(self) -> None:
        plan = self.plan
        progress = plan.progress(plan.period.end)
        for line in progress.targets:
            recorded = sum(
                (a.value.number for a in plan.actuals if a.target_key == line.target_key),
                Decimal(0),
            )
            assert line.actual.number == recorded
            assert line.actual.kind == line.target.kind
        assert progress.open_actions + progress.actions_in_progress + progress.done_actions + (
            progress.cancelled_actions
        ) == len(plan.actions)


KeyAccountPlanMachine.TestCase.settings = settings(stateful_step_count=30)
TestKeyAccountPlanLifecycle = KeyAccountPlanMachine.TestCase
