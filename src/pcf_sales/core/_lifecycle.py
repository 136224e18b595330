"""The lifecycle engine: state machines declared as data, run by one small engine.

A :class:`Lifecycle` is a table: the states (an ``Enum``), the command that
creates an aggregate, and one :class:`Transition` per command with the states
it may start from, the state it leads to (or none, for commands that only
change data) and its :class:`Guard` s. The table is checked when it is built:
one initial state, no exits from terminal states, every state reachable, no
dead ends.

:meth:`Lifecycle.apply` runs a command: it checks the command is allowed in
the current state, builds the new aggregate with the command's data changes,
runs the guards on it, appends a :class:`HistoryEntry` and increments
``revision``. The old aggregate is never touched, so a refused command
changes nothing.

Aggregates are frozen, slotted attrs classes with the fields ``id``,
``status``, ``revision`` and ``history``. The engine copies them without
re-running their validators (the command methods validate their own input);
that keeps one command in the low microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

import attrs
import pendulum

from pcf_sales.core._fast import builder, copier, slot_setter
from pcf_sales.core._ids import UserId
from pcf_sales.core._validate import (
    ID_PATTERN,
    check_id,
    check_instant,
    check_text,
    fail,
    is_id,
    is_instant,
    is_text,
    is_tuple_of,
    optional,
    to_frozenset,
    to_instant,
    to_optional_text,
    to_tuple,
)
from pcf_sales.errors import GuardFailed, InvalidTransition

__all__ = [
    "Aggregate",
    "Guard",
    "HistoryEntry",
    "Lifecycle",
    "Transition",
]

#: The longest reason a history entry keeps. Commands that compose a reason
#: from a code and a note keep the note short enough to fit.
MAX_REASON = 4000

_DATETIME = pendulum.DateTime

S = TypeVar("S", bound=Enum)
S_co = TypeVar("S_co", bound=Enum, covariant=True)
_COMMAND_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _state_or_none(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Enum):
        fail(attr.name, f"expected a state (an Enum member), got {value!r}")


def _state(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Enum):
        fail(attr.name, f"expected a state (an Enum member), got {value!r}")


@attrs.frozen(kw_only=True)
class HistoryEntry(Generic[S]):
    """One line of an aggregate's audit trail: a command that was carried out.

    ``command`` is the order that was given (``qualify``), ``event`` the same
    thing in the past tense (``qualified``), which is the name a host publishes
    it under. ``from_state`` is ``None`` for the entry that created the
    aggregate. ``overridden`` names the guards the caller chose to override
    (with ``reason``), and ``changes`` the data fields the command changed.
    """

    command: str = attrs.field(validator=is_text(max_length=64))
    event: str = attrs.field(validator=is_text(max_length=64))
    from_state: S | None = attrs.field(validator=_state_or_none)
    to_state: S = attrs.field(validator=_state)
    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    by: UserId = attrs.field(validator=is_id)
    reason: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=MAX_REASON))
    )
    overridden: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(str, unique=True)
    )
    changes: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=is_tuple_of(str, unique=True)
    )


class Aggregate(Protocol[S_co]):
    """What the engine needs of an aggregate."""

    @property
    def id(self) -> str: ...

    @property
    def status(self) -> S_co: ...

    @property
    def revision(self) -> int: ...

    @property
    def history(self) -> tuple[HistoryEntry[Any], ...]: ...


A = TypeVar("A", bound=Aggregate[Any])


@attrs.frozen
class Guard(Generic[A]):
    """A condition a command must meet, checked on the aggregate it would produce.

    ``check`` returns ``None`` when the condition holds and otherwise the
    reason it does not. An ``overridable`` guard can be set aside by a caller
    who gives a reason; the history records that it was.
    """

    name: str = attrs.field(validator=is_text(max_length=120))
    check: Callable[[A], str | None] = attrs.field(repr=False)
    overridable: bool = attrs.field(default=True, kw_only=True)


@attrs.frozen(kw_only=True)
class Transition(Generic[S, A]):
    """One row of a lifecycle table: a command, where it may start, where it leads.

    ``target`` is ``None`` for commands that change data and keep the state.
    ``needs_reason`` makes the command refuse to run without a reason.
    """

    command: str
    event: str
    sources: frozenset[S] = attrs.field(converter=to_frozenset)
    target: S | None = None
    guards: tuple[Guard[A], ...] = attrs.field(default=(), converter=to_tuple)
    needs_reason: bool = False

    def __attrs_post_init__(self) -> None:
        for field, name in (("command", self.command), ("event", self.event)):
            if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
                fail(field, f"expected a snake_case name, got {name!r}")
        if not self.sources:
            fail("sources", f"{self.command} needs at least one source state")

    @property
    def keeps_state(self) -> bool:
        """True for commands that change data but not the state."""
        return self.target is None


@attrs.frozen(kw_only=True)
class Lifecycle(Generic[S, A]):
    """A state machine declared as data, checked when it is built.

    >>> from enum import Enum
    >>> class Light(Enum):
    ...     OFF = "off"
    ...     ON = "on"
    ...     BROKEN = "broken"
    >>> table = Lifecycle(
    ...     aggregate="Lamp", states=Light, initial=Light.OFF, terminal={Light.BROKEN},
    ...     creation="install", creation_event="installed",
    ...     transitions=[
    ...         Transition(command="switch_on", event="switched_on",
    ...                    sources={Light.OFF}, target=Light.ON),
    ...         Transition(command="switch_off", event="switched_off",
    ...                    sources={Light.ON}, target=Light.OFF),
    ...         Transition(command="break_down", event="broke_down",
    ...                    sources={Light.OFF, Light.ON}, target=Light.BROKEN),
    ...     ],
    ... )
    >>> table.allowed(Light.ON)
    ('break_down', 'switch_off')
    """

    aggregate: str
    states: type[S]
    initial: S
    terminal: frozenset[S] = attrs.field(converter=to_frozenset)
    creation: str
    creation_event: str
    transitions: tuple[Transition[S, A], ...] = attrs.field(converter=to_tuple)
    _by_command: dict[str, Transition[S, A]] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _allowed: dict[S, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        self._check_arguments()
        by_command: dict[str, Transition[S, A]] = {}
        for row in self.transitions:
            if row.command in by_command or row.command == self.creation:
                fail("transitions", f"command {row.command!r} is declared twice")
            unknown = [s for s in row.sources if not isinstance(s, self.states)]
            if unknown or (row.target is not None and not isinstance(row.target, self.states)):
                fail(
                    "transitions",
                    f"{row.command} names a state that is not a {self.states.__name__}",
                )
            by_command[row.command] = row
        object.__setattr__(self, "_by_command", by_command)
        allowed = {
            state: tuple(sorted(r.command for r in self.transitions if state in r.sources))
            for state in self.states
        }
        object.__setattr__(self, "_allowed", allowed)
        self._check_shape()

    def _check_arguments(self) -> None:
        if not isinstance(self.aggregate, str) or not self.aggregate.strip():
            fail("aggregate", f"expected the aggregate's name, got {self.aggregate!r}")
        if not (isinstance(self.states, type) and issubclass(self.states, Enum)):
            fail("states", f"expected an Enum of states, got {self.states!r}")
        if not isinstance(self.initial, self.states):
            fail("initial", f"expected a {self.states.__name__}, got {self.initial!r}")
        strays = sorted(repr(s) for s in self.terminal if not isinstance(s, self.states))
        if strays:
            fail("terminal", f"expected {self.states.__name__} members, got {', '.join(strays)}")
        for field, name in (("creation", self.creation), ("creation_event", self.creation_event)):
            if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
                fail(field, f"expected a snake_case name, got {name!r}")

    def _check_shape(self) -> None:
        if self.initial in self.terminal:
            fail("initial", f"the initial state {self.initial.value!r} cannot be terminal")
        for state in self.terminal:
            # A terminal state is never left; commands that record data and keep the
            # state (a return on a closed order) may still run in it.
            leaving = tuple(
                sorted(
                    r.command
                    for r in self.transitions
                    if state in r.sources and r.target not in (None, state)
                )
            )
            if leaving:
                fail("terminal", f"terminal state {state.value!r} has commands {leaving}")
        reachable = {self.initial}
        frontier = [self.initial]
        while frontier:
            state = frontier.pop()
            for row in self.transitions:
                if state in row.sources and row.target is not None and row.target not in reachable:
                    reachable.add(row.target)
                    frontier.append(row.target)
        missing = [s.value for s in self.states if s not in reachable]
        if missing:
            fail("transitions", f"states {missing} cannot be reached from {self.initial.value!r}")
        for state in self.states:
            if state in self.terminal:
                continue
            exits = [
                r for r in self.transitions if state in r.sources and r.target not in (None, state)
            ]
            if not exits:
                fail("transitions", f"non-terminal state {state.value!r} has no way out")

    # -- asking the table --------------------------------------------------------

    def allowed(self, state: S) -> tuple[str, ...]:
        """The commands allowed in ``state``, sorted by name."""
        try:
            return self._allowed[state]
        except (KeyError, TypeError):
            fail("state", f"{state!r} is not a {self.states.__name__}")

    def transition(self, command: str) -> Transition[S, A]:
        """The table row for ``command``."""
        try:
            return self._by_command[command]
        except KeyError:
            known = ", ".join(sorted(self._by_command))
            fail("command", f"{self.aggregate} has no command {command!r}; known: {known}")

    def commands(self) -> tuple[str, ...]:
        """Every command of the table except the creating one, in table order."""
        return tuple(r.command for r in self.transitions)

    def require(self, aggregate: A, command: str) -> None:
        """Raise :class:`~pcf_sales.errors.InvalidTransition` unless ``command`` is
        allowed in the aggregate's state.

        Commands call this before they validate their own arguments, so a
        command given in the wrong state is reported as such, whatever its
        arguments.
        """
        row = self._by_command.get(command)
        if row is None:
            row = self.transition(command)  # raises, naming the known commands
        if aggregate.status not in row.sources:
            state = aggregate.status
            raise InvalidTransition(
                self.aggregate, aggregate.id, command, state.value, self._allowed[state]
            )

    def can(self, aggregate: A, command: str) -> bool:
        """True when ``command`` is allowed in the aggregate's state and its guards pass."""
        row = self.transition(command)
        if aggregate.status not in row.sources:
            return False
        return not any(g.check(aggregate) is not None for g in row.guards)

    # -- running commands --------------------------------------------------------

    def create(
        self,
        cls: Callable[..., A],
        *,
        at: pendulum.DateTime,
        by: UserId,
        reason: str | None = None,
        **fields: Any,
    ) -> A:
        """A new aggregate in the initial state, with its first history entry.

        ``fields`` go to the class constructor, which validates them.
        """
        moment = check_instant(at, "at")
        actor = UserId(check_id(by, "by"))
        entry: HistoryEntry[S] = HistoryEntry(
            command=self.creation,
            event=self.creation_event,
            from_state=None,
            to_state=self.initial,
            at=moment,
            by=actor,
            reason=reason,
            changes=tuple(sorted(fields)),
        )
        created: A = cls(status=self.initial, revision=1, history=(entry,), **fields)
        return created

    def apply(
        self,
        aggregate: A,
        command: str,
        *,
        at: pendulum.DateTime,
        by: UserId,
        reason: str | None = None,
        override: bool = False,
        changes: Mapping[str, object] | None = None,
    ) -> A:
        """Run ``command`` on ``aggregate`` and return the new aggregate.

        ``changes`` are the data fields the command sets; the command method
        has validated them. Raises :class:`~pcf_sales.errors.InvalidTransition`
        when the command is not allowed in the current state,
        :class:`~pcf_sales.errors.GuardFailed` when a guard says no (unless
        ``override`` is set, the guard is overridable and a reason is given)
        and :class:`~pcf_sales.errors.ValidationError` for a bad ``at``,
        ``by`` or ``reason``.
        """
        row = self._by_command.get(command)
        if row is None:
            row = self.transition(command)  # raises, naming the known commands
        state = aggregate.status
        if state not in row.sources:
            raise InvalidTransition(
                self.aggregate, aggregate.id, command, state.value, self._allowed[state]
            )
        if at.__class__ is not _DATETIME or at.tzinfo is None:
            at = check_instant(at, "at")
        history = aggregate.history
        last = history[-1]
        if at < last.at:
            fail(
                "at",
                f"{at.isoformat()} is before the last recorded change at {last.at.isoformat()}; "
                "history runs forward",
            )
        if by.__class__ is not str or ID_PATTERN.fullmatch(by) is None:
            check_id(by, "by")
        if reason is not None:
            reason = (
                check_text(reason, "reason", max_length=MAX_REASON, allow_empty=True).strip()
                or None
            )
        if row.needs_reason and reason is None:
            fail("reason", f"{command} needs a reason")
        if override and reason is None:
            fail("reason", "overriding a guard needs a reason")

        target = state if row.target is None else row.target
        copier = _COPIERS.get(aggregate.__class__) or _copier_for(aggregate.__class__)
        result: A = copier.copy(aggregate, target, aggregate.revision + 1, history)
        changed: tuple[str, ...] = ()
        if changes:
            copier.set_fields(result, changes)
            changed = tuple(changes) if len(changes) == 1 else tuple(sorted(changes))

        overridden: tuple[str, ...] = ()
        if row.guards:
            failures = [(g, why) for g in row.guards if (why := g.check(result)) is not None]
            if failures:
                blocking = [
                    (g.name, why) for g, why in failures if not (override and g.overridable)
                ]
                if blocking:
                    raise GuardFailed(
                        self.aggregate,
                        aggregate.id,
                        command,
                        state.value,
                        self._allowed[state],
                        blocking,
                        overridable=all(g.overridable for g, _ in failures),
                    )
                overridden = tuple(g.name for g, _ in failures)

        entry = _new_entry(command, row.event, state, target, at, by, reason, overridden, changed)
        copier.set_history(result, (*history, entry))
        return result

    def check_history(self, aggregate: A) -> None:
        """Check that an aggregate's history is a legal path through this table.

        Aggregates call this when they are built from their fields (loading a
        stored document, for instance): ``revision`` equals the number of
        entries, the first entry is the creation, each entry starts where the
        previous one ended with a command the table allows, time never runs
        backwards, commands that need a reason (or overrode a guard) record
        one, and the last entry ends in the current ``status``.
        """
        history = aggregate.history
        if not isinstance(history, tuple) or not history:
            fail("history", "expected at least the entry that created the aggregate")
        if aggregate.revision != len(history):
            fail(
                "revision",
                f"revision {aggregate.revision} does not match the {len(history)} history entries",
            )
        first = history[0]
        if first.command != self.creation or first.from_state is not None:
            fail("history[0]", f"the first entry must be {self.creation!r} from no state")
        if first.to_state is not self.initial:
            fail("history[0].to_state", f"expected {self.initial.value!r}")
        for index in range(1, len(history)):
            previous, entry = history[index - 1], history[index]
            where = f"history[{index}]"
            row = self._by_command.get(entry.command)
            if row is None:
                fail(f"{where}.command", f"{self.aggregate} has no command {entry.command!r}")
            if entry.event != row.event:
                fail(
                    f"{where}.event", f"{entry.command} records {row.event!r}, not {entry.event!r}"
                )
            if entry.from_state is not previous.to_state:
                fail(f"{where}.from_state", "does not continue from the previous entry")
            if entry.from_state not in row.sources:
                fail(f"{where}.command", f"{entry.command} is not allowed from {entry.from_state}")
            expected = entry.from_state if row.target is None else row.target
            if entry.to_state is not expected:
                fail(
                    f"{where}.to_state",
                    f"{entry.command} leads to {expected}, not {entry.to_state}",
                )
            if entry.at < previous.at:
                fail(f"{where}.at", "is before the previous entry; history runs forward")
            if entry.reason is None and (row.needs_reason or entry.overridden):
                why = "overrides a guard" if entry.overridden else "needs a reason"
                fail(f"{where}.reason", f"{entry.command} {why}, and none is recorded")
        if history[-1].to_state is not aggregate.status:
            fail("status", f"does not match the last history entry ({history[-1].to_state})")

    # -- documentation -------------------------------------------------------------

    def to_mermaid(self, *, include_data_commands: bool = False) -> str:
        """The table as a Mermaid ``stateDiagram-v2`` (the docs draw it)."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial.value}: {self.creation}"]
        for row in self.transitions:
            if row.target is None and not include_data_commands:
                continue
            label = row.command + (" [guarded]" if row.guards else "")
            for source in sorted(row.sources, key=lambda s: list(self.states).index(s)):
                target = source if row.target is None else row.target
                lines.append(f"    {source.value} --> {target.value}: {label}")
        for state in sorted(self.terminal, key=lambda s: list(self.states).index(s)):
            lines.append(f"    {state.value} --> [*]")
        return "\n".join(lines)

    def rows(self) -> tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...]:
        """``(command, sources, target, guards)`` for every command, for tables in docs."""
        order = list(self.states)
        result: list[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = [
            (self.creation, (), self.initial.value, ())
        ]
        for row in self.transitions:
            sources = tuple(s.value for s in sorted(row.sources, key=order.index))
            target = "(unchanged)" if row.target is None else row.target.value
            result.append((row.command, sources, target, tuple(g.name for g in row.guards)))
        return tuple(result)


# --- fast copies ---------------------------------------------------------------------


class _Copier:
    """Copies a slotted attrs aggregate without re-running its validators."""

    __slots__ = ("copy", "set_fields", "set_history")

    def __init__(self, cls: type) -> None:
        fields = attrs.fields(cls)
        names = [f.name for f in fields]
        for required in ("id", "status", "revision", "history"):
            if required not in names:
                msg = f"{cls.__name__} is not an aggregate: it has no {required!r} field"
                raise TypeError(msg)
        if any(not f.init for f in fields):
            msg = f"{cls.__name__} has init=False fields, which a copy would leave stale"
            raise TypeError(msg)
        setters = {name: slot_setter(cls, name) for name in names}
        self.copy: Callable[..., Any] = copier(cls, ("status", "revision", "history"))
        self.set_history = setters["history"]

        def set_fields(target: object, changes: Mapping[str, object]) -> None:
            for name, value in changes.items():
                setter = setters.get(name)
                if setter is None or name in ("id", "status", "revision", "history"):
                    msg = f"{cls.__name__} has no data field {name!r} a command may set"
                    raise TypeError(msg)
                setter(target, value)

        self.set_fields = set_fields


_COPIERS: dict[type, _Copier] = {}


def _copier_for(cls: type) -> _Copier:
    found = _COPIERS.get(cls)
    if found is None:
        found = _COPIERS[cls] = _Copier(cls)
    return found


_new_entry = builder(HistoryEntry)
