"""Random command sequences on generated lifecycle tables keep every engine invariant."""

from __future__ import annotations

import itertools
from enum import Enum
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from pcf_sales.core import Guard, HistoryEntry, Lifecycle, Transition, UserId
from pcf_sales.errors import GuardFailed, InvalidTransition, ValidationError
from pcf_sales.testing import strategies
from pcf_sales.testing.factories import FIXED_INSTANT


@attrs.frozen(kw_only=True)
class Thing:
    id: str
    status: Any
    revision: int
    history: tuple[HistoryEntry[Any], ...]
    counter: int = 0


def _guard(name: str, divisor: int, overridable: bool) -> Guard[Thing]:
    def check(thing: Thing) -> str | None:
        return None if thing.counter % divisor else f"counter {thing.counter} divides by {divisor}"

    return Guard(name, check, overridable=overridable)


_GUARD_SPECS = st.lists(st.tuples(st.integers(min_value=2, max_value=4), st.booleans()), max_size=2)


@st.composite
def lifecycles(draw: st.DrawFn) -> Lifecycle[Any, Thing]:
    """A valid table: a backbone makes every state reachable with a way out; extras at random."""
    size = draw(st.integers(min_value=2, max_value=6))
    make_enum: Any = Enum
    states: type[Enum] = make_enum("Step", [(f"S{i}", f"s{i}") for i in range(size)])
    members = list(states)
    terminal = {members[-1]} if draw(st.booleans()) else set()
    open_states = [s for s in members if s not in terminal]
    rows: list[Transition[Any, Thing]] = [
        Transition(
            command=f"step_{i}",
            event=f"stepped_{i}",
            sources={state},
            target=members[(i + 1) % size],
            guards=[_guard(f"g{i}_{j}", d, o) for j, (d, o) in enumerate(draw(_GUARD_SPECS))],
        )
        for i, state in enumerate(open_states)
    ]
    extras = st.tuples(
        st.sets(st.sampled_from(open_states), min_size=1),
        st.none() | st.sampled_from(members),
        _GUARD_SPECS,
        st.booleans(),
    )
    for n, (sources, target, specs, needs_reason) in enumerate(draw(st.lists(extras, max_size=5))):
        rows.append(
            Transition(
                command=f"extra_{n}",
                event=f"extra_{n}_done",
                sources=sources,
                target=target,
                guards=[_guard(f"x{n}_{j}", d, o) for j, (d, o) in enumerate(specs)],
                needs_reason=needs_reason,
            )
        )
    return Lifecycle(
        aggregate="Thing",
        states=states,
        initial=members[0],
        terminal=terminal,
        creation="make",
        creation_event="made",
        transitions=rows,
    )


class LifecycleMachine(RuleBasedStateMachine):
    """Drives a generated table with random commands, times, reasons and overrides."""

    def __init__(self) -> None:
        super().__init__()
        self.table: Lifecycle[Any, Thing] | None = None
        self.thing: Thing | None = None
        self.now: pendulum.DateTime = FIXED_INSTANT

    @initialize(table=lifecycles(), by=strategies.user_ids())
    def create(self, table: Lifecycle[Any, Thing], by: UserId) -> None:
        self.table = table
        self.thing = table.create(Thing, at=self.now, by=by, id="thing-1", counter=1)

    def _current(self) -> tuple[Lifecycle[Any, Thing], Thing]:
        assert self.table is not None
        assert self.thing is not None
        return self.table, self.thing

    @rule(
        data=st.data(),
        minutes=st.integers(min_value=0, max_value=600),
        counter=st.integers(min_value=0, max_value=12),
        override=st.booleans(),
        reason=st.none() | st.sampled_from(["customer asked", "  ", "board decision"]),
        by=strategies.user_ids(),
    )
    def apply_a_command(
        self,
        data: st.DataObject,
        minutes: int,
        counter: int,
        override: bool,
        reason: str | None,
        by: UserId,
    ) -> None:
        table, before = self._current()
        command = data.draw(st.sampled_from(table.commands()))
        row = table.transition(command)
        at = self.now.add(minutes=minutes)
        given_reason = reason.strip() if reason and reason.strip() else None
        failing = [g for g in row.guards if g.check(attrs.evolve(before, counter=counter))]
        blocking = [g.name for g in failing if not (override and g.overridable)]

        def run() -> Thing:
            return table.apply(
                before,
                command,
                at=at,
                by=by,
                reason=reason,
                override=override,
                changes={"counter": counter},
            )

        if before.status not in row.sources:
            with pytest.raises(InvalidTransition) as refused:
                run()
            assert type(refused.value) is InvalidTransition
            assert refused.value.allowed == table.allowed(before.status)
            assert command not in refused.value.allowed
        elif given_reason is None and (override or row.needs_reason):
            with pytest.raises(ValidationError) as invalid:
                run()
            assert invalid.value.field == "reason"
        elif blocking:
            with pytest.raises(GuardFailed) as blocked:
                run()
            assert [name for name, _ in blocked.value.failures] == blocking
            assert blocked.value.overridable is all(g.overridable for g in failing)
        else:
            after = run()
            assert after.status == (row.target or before.status)
            assert after.counter == counter
            entry = after.history[-1]
            assert (entry.command, entry.by, entry.at, entry.reason) == (
                command,
                by,
                at,
                given_reason,
            )
            assert entry.overridden == tuple(g.name for g in failing)
            self.thing, self.now = after, at
            return
        assert self.thing is before
        assert before.revision == len(before.history)

    @precondition(lambda self: self.thing is not None)
    @rule(data=st.data(), seconds=st.integers(min_value=1, max_value=3600))
    def time_never_runs_backwards(self, data: st.DataObject, seconds: int) -> None:
        table, before = self._current()
        allowed = table.allowed(before.status)
        if not allowed:
            return
        command = data.draw(st.sampled_from(allowed))
        earlier = self.now.subtract(seconds=seconds)
        with pytest.raises(ValidationError) as raised:
            table.apply(before, command, at=earlier, by=UserId("u"), reason="r")
        assert raised.value.field == "at"

    @invariant()
    def revision_counts_the_history(self) -> None:
        if self.thing is not None:
            assert self.thing.revision == len(self.thing.history)

    @invariant()
    def status_is_where_the_last_entry_ended(self) -> None:
        if self.thing is not None:
            assert self.thing.status is self.thing.history[-1].to_state

    @invariant()
    def every_step_was_allowed_from_its_source_and_time_ran_forward(self) -> None:
        if self.table is None or self.thing is None:
            return
        history = self.thing.history
        assert history[0].from_state is None
        assert history[0].to_state is self.table.initial
        for previous, entry in itertools.pairwise(history):
            assert entry.from_state is previous.to_state
            assert entry.command in self.table.allowed(entry.from_state)
            assert entry.at >= previous.at
        self.table.check_history(self.thing)


LifecycleMachine.TestCase.settings = settings(stateful_step_count=30)
TestLifecycleMachine = LifecycleMachine.TestCase
