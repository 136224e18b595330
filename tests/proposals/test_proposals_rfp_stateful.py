"""Stateful test of the request lifecycle: random command sequences, invariants after every
step."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import pendulum
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pcf_sales.core import UserId
from pcf_sales.errors import InvalidTransition
from pcf_sales.proposals import RFP_LIFECYCLE, BidOutcome, Rfp, RfpStatus
from pcf_sales.serialization import from_document, to_document
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import RFP_PATHS

_MAX_GAP_MINUTES = 60 * 24 * 3

#: Commands with no arguments but ``at``, ``by`` (and a reason), to try where not allowed.
_SIMPLE: dict[str, Callable[[Rfp, pendulum.DateTime, UserId], Rfp]] = {
    "start_review": lambda r, at, by: r.start_review(at=at, by=by),
    "start_preparation": lambda r, at, by: r.start_preparation(at=at, by=by),
    "submit_for_review": lambda r, at, by: r.submit_for_review(at=at, by=by),
    "start_revision": lambda r, at, by: r.start_revision(at=at, by=by),
    "win": lambda r, at, by: r.win(at=at, by=by),
    "lose": lambda r, at, by: r.lose(at=at, by=by, reason="price"),
    "withdraw": lambda r, at, by: r.withdraw(at=at, by=by, reason="capacity"),
    "cancel": lambda r, at, by: r.cancel(at=at, by=by, reason="budget"),
    "reconsider": lambda r, at, by: r.reconsider(at=at, by=by, reason="scope"),
    "assign": lambda r, at, by: r.assign(None, at=at, by=by),
}


def _draw_fn(data: st.DataObject) -> st.DrawFn:
    """``data.draw`` where the kit's step runner expects a ``draw`` function."""
    return cast("st.DrawFn", data.draw)


class RfpLifecycleMachine(RuleBasedStateMachine):
    """Drives one request through random commands, allowed or not, with a clock that only
    moves forward, and checks the aggregate's invariants after every step."""

    def __init__(self) -> None:
        super().__init__()
        self._rfp: Rfp | None = None
        self.clock = pendulum.datetime(2020, 1, 1, tz="UTC")
        self.last_revision = 0

    @property
    def rfp(self) -> Rfp:
        if self._rfp is None:
            msg = "the machine has not received its request yet"
            raise RuntimeError(msg)
        return self._rfp

    def _tick(self, data: st.DataObject) -> pendulum.DateTime:
        minutes = data.draw(st.integers(min_value=0, max_value=_MAX_GAP_MINUTES), label="minutes")
        self.clock = max(self.clock.add(minutes=minutes), self.rfp.updated_at)
        return self.clock

    @initialize(data=st.data())
    def receive(self, data: st.DataObject) -> None:
        self._rfp = data.draw(strategies.rfps(max_steps=0), label="received")
        self.clock = self.rfp.updated_at
        # Start in any status through the kit's step runner, so late states are explored.
        target = data.draw(st.sampled_from(RfpStatus), label="start in")
        for step in RFP_PATHS[target]:
            name = "submit" if step in ("submit", "resubmit") else step
            if name == "answer_all":
                for requirement in self.rfp.requirements:
                    self._rfp = self.rfp.answer_requirement(
                        data.draw(strategies.compliance_answers(key=requirement.key)),
                        at=self._tick(data),
                        by=UserId("bid-desk"),
                    )
                continue
            self._rfp = strategies.apply_rfp_step(
                _draw_fn(data), self.rfp, name, self._tick(data), UserId("bid-desk")
            )
        self.last_revision = self.rfp.revision

    @rule(data=st.data(), step=st.sampled_from(strategies.RFP_STEPS))
    def run_a_step(self, data: st.DataObject, step: str) -> None:
        before = self.rfp
        snapshot = to_document(before)
        after = strategies.apply_rfp_step(
            _draw_fn(data), before, step, self._tick(data), UserId("bid-desk")
        )
        assert to_document(before) == snapshot, "the old request must not change"
        if after is before:
            event(f"skipped {step} while {before.status.value}")
            return
        event(f"ran {step} from {before.status.value}")
        entry = after.history[-1]
        assert after.revision == before.revision + 1
        assert after.history[:-1] == before.history
        assert entry.from_state is before.status
        assert entry.to_state is after.status
        assert entry.command in before.allowed_commands()
        row = RFP_LIFECYCLE.transition(entry.command)
        assert after.status is (before.status if row.target is None else row.target)
        self._rfp = after

    @rule(data=st.data(), command=st.sampled_from(sorted(_SIMPLE)))
    def a_command_the_status_does_not_allow_is_refused(
        self, data: st.DataObject, command: str
    ) -> None:
        before = self.rfp
        if command in before.allowed_commands():
            return
        snapshot = to_document(before)
        with pytest.raises(InvalidTransition) as error:
            _SIMPLE[command](before, self._tick(data), UserId("bid-desk"))
        assert error.value.command == command
        assert error.value.state == before.status.value
        assert error.value.allowed == RFP_LIFECYCLE.allowed(before.status)
        assert to_document(before) == snapshot

    @invariant()
    def the_request_rebuilds_from_its_document(self) -> None:
        if self._rfp is None:
            return
        assert from_document(to_document(self.rfp)) == self.rfp

    @invariant()
    def revision_counts_the_history_and_only_grows(self) -> None:
        if self._rfp is None:
            return
        assert self.rfp.revision == len(self.rfp.history)
        assert self.rfp.revision >= self.last_revision
        self.last_revision = self.rfp.revision
        ats = [e.at for e in self.rfp.history]
        assert ats == sorted(ats)

    @invariant()
    def the_bid_decision_matches_the_status(self) -> None:
        if self._rfp is None:
            return
        decision = self.rfp.bid_decision
        if self.rfp.status in (RfpStatus.RECEIVED, RfpStatus.IN_REVIEW):
            assert decision is None
        elif self.rfp.status is RfpStatus.NO_BID:
            assert decision is not None
            assert decision.outcome is BidOutcome.NO_BID
        elif self.rfp.status not in (
            RfpStatus.CANCELLED,
            RfpStatus.EXPIRED,
            RfpStatus.WITHDRAWN,
        ):
            assert decision is not None
            assert decision.outcome is BidOutcome.BID

    @invariant()
    def the_compliance_matrix_accounts_for_every_must_have(self) -> None:
        if self._rfp is None:
            return
        coverage = self.rfp.compliance_coverage()
        assert [line.requirement_key for line in coverage.lines] == [
            r.key for r in self.rfp.requirements
        ]
        assert len(coverage.musts_met) + len(coverage.musts_not_met) == coverage.must_total
        assert 0 <= coverage.must_coverage.percent <= 100

    @invariant()
    def terminal_requests_allow_nothing_and_submissions_follow_approval(self) -> None:
        if self._rfp is None:
            return
        if self.rfp.status in RFP_LIFECYCLE.terminal:
            assert self.rfp.allowed_commands() == ()
            assert not self.rfp.is_open
        commands = [e.command for e in self.rfp.history]
        for index, command in enumerate(commands):
            if command in ("submit", "resubmit"):
                assert self.rfp.history[index].from_state is RfpStatus.APPROVED
                revised = "start_revision" in commands[:index]
                assert revised == (command == "resubmit")


RfpLifecycleMachine.TestCase.settings = settings(
    RfpLifecycleMachine.TestCase.settings, stateful_step_count=25
)
TestRfpLifecycle = RfpLifecycleMachine.TestCase
