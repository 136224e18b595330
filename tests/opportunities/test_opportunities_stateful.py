"""Stateful tests of the opportunity and activity lifecycles: random command sequences, allowed
or not, with invariants checked after every step."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import cast

import attrs
import pendulum
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pcf_sales.core import ContactId, Percentage, UserId, money, sum_money
from pcf_sales.errors import GuardFailed, InvalidTransition
from pcf_sales.opportunities import (
    ACTIVITY_LIFECYCLE,
    OPPORTUNITY_LIFECYCLE,
    ActivityKind,
    ActivityStatus,
    ForecastCategory,
    Opportunity,
    OpportunityStatus,
    SalesActivity,
)
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import make_activity_outcome, make_win_loss_review

_BOOKKEEPING = frozenset({"status", "revision", "history"})
_MAX_GAP_MINUTES = 60 * 24 * 20
BY = UserId("ae-1")


def _draw_fn(data: st.DataObject) -> st.DrawFn:
    return cast("st.DrawFn", data.draw)


def _refusals(deal: Opportunity, at: pendulum.DateTime) -> dict[str, Callable[[], object]]:
    """Each command called with plausible arguments, to check refusals by state."""
    review = make_win_loss_review()
    key = next(iter(sorted(deal.process.criterion_keys)), "budget_confirmed")
    return {
        "move_to_stage": lambda: deal.move_to_stage(
            deal.process.keys[-1], at=at, by=BY, override_reason="x"
        ),
        "close_won": lambda: deal.close_won(review, at=at, by=BY, override_reason="x"),
        "close_lost": lambda: deal.close_lost(review, at=at, by=BY),
        "reopen": lambda: deal.reopen(reason="x", at=at, by=BY),
        "check_criterion": lambda: deal.check_criterion(key, at=at, by=BY),
        "uncheck_criterion": lambda: deal.uncheck_criterion(key, at=at, by=BY),
        "change_amount": lambda: deal.change_amount(money("1.00", "USD"), at=at, by=BY),
        "change_close_date": lambda: deal.change_close_date(
            deal.close_date.add(days=1), at=at, by=BY
        ),
        "set_probability": lambda: deal.set_probability(Percentage(5), at=at, by=BY),
        "set_forecast_category": lambda: deal.set_forecast_category(
            ForecastCategory.COMMIT, at=at, by=BY
        ),
        "set_product_lines": lambda: deal.set_product_lines([], at=at, by=BY),
        "set_recurring_revenue": lambda: deal.set_recurring_revenue(None, at=at, by=BY),
        "set_next_step": lambda: deal.set_next_step(None, at=at, by=BY),
        "update_win_plan": lambda: deal.update_win_plan(deal.win_plan, at=at, by=BY),
    }


class OpportunityMachine(RuleBasedStateMachine):
    """Drives one deal through random commands with a clock that only moves forward."""

    def __init__(self) -> None:
        super().__init__()
        self._deal: Opportunity | None = None
        self.clock = pendulum.datetime(2020, 1, 1, tz="UTC")
        self.last_revision = 0

    @property
    def deal(self) -> Opportunity:
        if self._deal is None:  # pragma: no cover - initialize runs first
            msg = "no deal yet"
            raise RuntimeError(msg)
        return self._deal

    def _tick(self, data: st.DataObject) -> pendulum.DateTime:
        minutes = data.draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES), label="minutes")
        self.clock = self.clock.add(minutes=minutes)
        return self.clock

    @initialize(deal=strategies.opportunities(max_steps=4))
    def open_deal(self, deal: Opportunity) -> None:
        self._deal = deal
        self.clock = deal.updated_at
        self.last_revision = deal.revision

    def _check_step(self, before: Opportunity, after: Opportunity, command: str) -> None:
        if after is before:
            return
        row = OPPORTUNITY_LIFECYCLE.transition(command)
        assert after.status is (before.status if row.target is None else row.target)
        assert after.revision == before.revision + 1
        assert after.history[:-1] == before.history
        entry = after.history[-1]
        assert (entry.command, entry.event, entry.from_state) == (command, row.event, before.status)
        changed = {
            f.name
            for f in attrs.fields(Opportunity)
            if f.name not in _BOOKKEEPING and getattr(after, f.name) != getattr(before, f.name)
        }
        assert changed <= set(entry.changes)

    @rule(data=st.data(), step=st.sampled_from(strategies.OPPORTUNITY_STEPS))
    def take_a_step(self, data: st.DataObject, step: str) -> None:
        before = self.deal
        snapshot = to_document(before)
        at = self._tick(data)
        if step not in before.allowed_commands():
            event(f"refused {step} while {before.status.value}")
            run = _refusals(before, at).get(step)
            if run is not None:
                with pytest.raises(InvalidTransition) as caught:
                    run()
                assert type(caught.value) is InvalidTransition
                assert caught.value.command == step
                assert caught.value.state == before.status.value
            assert to_document(before) == snapshot
            return
        event(f"ran {step} from {before.status.value}")
        after = strategies.apply_opportunity_step(_draw_fn(data), before, step, at, BY)
        self._check_step(before, after, step)
        assert to_document(before) == snapshot
        self._deal = after

    @rule(data=st.data())
    def guarded_commands_refuse_without_the_criteria(self, data: st.DataObject) -> None:
        deal = self.deal
        if not deal.is_open:
            return
        process = deal.process
        start = process.index_of(deal.stage)
        done = set(deal.checklist)
        missing_to_win = [
            c for _, c in process.criteria_to_leave(start, len(process.stages)) if c.key not in done
        ]
        snapshot = to_document(deal)
        at = self._tick(data)
        if missing_to_win:
            with pytest.raises(GuardFailed) as caught:
                deal.close_won(make_win_loss_review(), at=at, by=BY)
            assert caught.value.failures[0][0] == "exit criteria done"
            assert caught.value.overridable
        else:
            won = deal.close_won(make_win_loss_review(), at=at, by=BY)
            assert won.status is OpportunityStatus.WON
            assert won.history[-1].overridden == ()
        assert to_document(deal) == snapshot

    @rule(data=st.data())
    def a_closed_deal_cannot_move_stages(self, data: st.DataObject) -> None:
        deal = self.deal
        if deal.is_open:
            return
        snapshot = to_document(deal)
        with pytest.raises(InvalidTransition):
            deal.move_to_stage(
                deal.process.keys[0], at=self._tick(data), by=BY, override_reason="x"
            )
        assert to_document(deal) == snapshot

    # -- invariants ---------------------------------------------------------------------------

    @invariant()
    def the_deal_is_valid_and_its_history_legal(self) -> None:
        if self._deal is None:
            return
        deal = self.deal
        assert attrs.evolve(deal) == deal  # every validator, history check included
        assert deal.revision == len(deal.history)
        assert deal.revision >= self.last_revision
        self.last_revision = deal.revision
        assert deal.status in OPPORTUNITY_LIFECYCLE.states

    @invariant()
    def closed_deals_have_a_review_and_fixed_probabilities(self) -> None:
        if self._deal is None:
            return
        deal = self.deal
        assert (deal.review is None) == deal.is_open
        if deal.status is OpportunityStatus.WON:
            assert deal.probability == Percentage(100)
            assert deal.forecast_category is ForecastCategory.CLOSED
        elif deal.status is OpportunityStatus.LOST:
            assert deal.probability == Percentage(0)
            assert deal.forecast_category is ForecastCategory.OMITTED
        else:
            assert deal.closed_at is None

    @invariant()
    def money_is_conserved(self) -> None:
        if self._deal is None:
            return
        deal = self.deal
        if deal.product_lines:
            assert sum_money([line.total for line in deal.product_lines]) == deal.amount
        splits = deal.revenue_splits()
        assert sum_money([s.amount for s in splits]) == deal.amount
        assert sum(s.share.percent for s in splits) == Decimal(100)
        assert deal.weighted_amount <= deal.amount

    @invariant()
    def stage_history_and_slippage_follow_the_history(self) -> None:
        if self._deal is None:
            return
        deal = self.deal
        moves = [e for e in deal.history if e.command in ("move_to_stage", "reopen")]
        assert len(deal.stage_history) == len(moves) + 1
        assert all(deal.process.has_stage(v.stage) for v in deal.stage_history)
        assert deal.days_slipped == sum(c.days for c in deal.close_date_changes if c.days > 0)

    @invariant()
    def the_deal_round_trips(self) -> None:
        if self._deal is None:
            return
        assert from_document(to_document(self.deal)) == self.deal


OpportunityMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None
)
TestOpportunityLifecycle = OpportunityMachine.TestCase


class ActivityMachine(RuleBasedStateMachine):
    """Drives one sales activity through random commands."""

    def __init__(self) -> None:
        super().__init__()
        self._activity: SalesActivity | None = None
        self.clock = pendulum.datetime(2020, 1, 1, tz="UTC")

    @property
    def activity(self) -> SalesActivity:
        if self._activity is None:  # pragma: no cover - initialize runs first
            msg = "no activity yet"
            raise RuntimeError(msg)
        return self._activity

    @initialize(activity=strategies.sales_activities(max_steps=1))
    def plan(self, activity: SalesActivity) -> None:
        self._activity = activity
        self.clock = activity.updated_at

    def _tick(self, data: st.DataObject) -> pendulum.DateTime:
        minutes = data.draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES), label="minutes")
        self.clock = self.clock.add(minutes=minutes)
        return self.clock

    @rule(data=st.data(), step=st.sampled_from(strategies.ACTIVITY_STEPS))
    def take_a_step(self, data: st.DataObject, step: str) -> None:
        before = self.activity
        snapshot = to_document(before)
        at = self._tick(data)
        if step not in before.allowed_commands():
            event(f"refused {step} while {before.status.value}")
            runs: dict[str, Callable[[], object]] = {
                "complete": lambda: before.complete(make_activity_outcome(), at=at, by=BY),
                "record_no_show": lambda: before.record_no_show(at=at, by=BY),
                "reschedule": lambda: before.reschedule(at, at=at, by=BY),
                "cancel": lambda: before.cancel(reason="x", at=at, by=BY),
                "add_attendee": lambda: before.add_attendee(ContactId("c-1"), at=at, by=BY),
                "remove_attendee": lambda: before.remove_attendee(ContactId("c-1"), at=at, by=BY),
                "set_agenda": lambda: before.set_agenda(None, at=at, by=BY),
                "assign": lambda: before.assign(BY, at=at, by=BY),
            }
            with pytest.raises(InvalidTransition) as caught:
                runs[step]()
            assert caught.value.command == step
            assert to_document(before) == snapshot
            return
        event(f"ran {step} from {before.status.value}")
        after = strategies.apply_activity_step(_draw_fn(data), before, step, at, BY)
        assert to_document(before) == snapshot
        if after is not before:
            row = ACTIVITY_LIFECYCLE.transition(step)
            assert after.revision == before.revision + 1
            assert after.status is (before.status if row.target is None else row.target)
            assert after.history[-1].command == step
        self._activity = after

    @rule(data=st.data())
    def a_no_show_is_never_recorded_before_the_start(self, data: st.DataObject) -> None:
        activity = self.activity
        if activity.status is not ActivityStatus.PLANNED or self.clock >= activity.scheduled_at:
            return
        with pytest.raises(Exception) as caught:  # noqa: PT011 - checked just below
            activity.record_no_show(at=self.clock, by=BY)
        assert getattr(caught.value, "field", None) == "at"

    @invariant()
    def the_activity_is_valid(self) -> None:
        if self._activity is None:
            return
        activity = self.activity
        assert attrs.evolve(activity) == activity
        assert (activity.outcome is not None) == (activity.status is ActivityStatus.COMPLETED)
        assert not activity.follow_ups or activity.status is ActivityStatus.COMPLETED
        if activity.status in ACTIVITY_LIFECYCLE.terminal:
            assert activity.allowed_commands() == ()
        interaction = activity.as_interaction()
        if interaction is not None:
            assert activity.status is ActivityStatus.COMPLETED
            assert activity.kind is not ActivityKind.PRESALES_TASK
        assert from_document(to_document(activity)) == activity


ActivityMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=20, deadline=None)
TestActivityLifecycle = ActivityMachine.TestCase
