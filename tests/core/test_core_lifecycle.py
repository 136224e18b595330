"""The lifecycle engine: tables checked when built, commands applied with history and guards."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, cast

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import Guard, HistoryEntry, Lifecycle, Transition, UserId
from pcf_sales.errors import GuardFailed, InvalidTransition, ValidationError
from pcf_sales.leads import LeadStatus
from pcf_sales.testing.factories import (
    FIXED_INSTANT,
    make_guard,
    make_history_entry,
    make_lifecycle,
    make_transition,
)

AT = FIXED_INSTANT
BY = UserId("editor-1")


class DocStatus(Enum):
    DRAFT = "draft"
    REVIEW = "review"
    APPROVED = "approved"
    ARCHIVED = "archived"


@attrs.frozen(kw_only=True)
class Doc:
    id: str
    status: DocStatus
    revision: int
    history: tuple[HistoryEntry[DocStatus], ...]
    title: str = ""
    amount: int = 0


def _has_title(doc: Doc) -> str | None:
    return None if doc.title else "a document needs a title"


def _within_limit(doc: Doc) -> str | None:
    return None if doc.amount <= 100 else f"{doc.amount} is above the limit of 100"


D, R = DocStatus.DRAFT, DocStatus.REVIEW
HAS_TITLE: Guard[Doc] = Guard("has title", _has_title, overridable=False)
WITHIN_LIMIT: Guard[Doc] = Guard("within limit", _within_limit)


def _row(
    command: str, event: str, sources: set[DocStatus], target: DocStatus | None, **kw: Any
) -> Transition[DocStatus, Doc]:
    return Transition(command=command, event=event, sources=sources, target=target, **kw)


def _table(**overrides: Any) -> Lifecycle[DocStatus, Doc]:
    fields: dict[str, Any] = {
        "aggregate": "Document",
        "states": DocStatus,
        "initial": DocStatus.DRAFT,
        "terminal": {DocStatus.ARCHIVED},
        "creation": "draft",
        "creation_event": "drafted",
        "transitions": [
            _row("submit", "submitted", {D}, R, guards=[HAS_TITLE]),
            _row("approve", "approved", {R}, DocStatus.APPROVED, guards=[WITHIN_LIMIT]),
            _row("reject", "rejected", {R}, D, needs_reason=True),
            _row("annotate", "annotated", {D, R}, None),
            _row("archive", "archived", {D, R, DocStatus.APPROVED}, DocStatus.ARCHIVED),
        ],
    }
    fields.update(overrides)
    return Lifecycle(**fields)


TABLE = _table()


def _new_doc(title: str = "Plan", amount: int = 10) -> Doc:
    return TABLE.create(Doc, at=AT, by=BY, id="doc-1", title=title, amount=amount)


def _in_review(amount: int = 10) -> Doc:
    return TABLE.apply(_new_doc(amount=amount), "submit", at=AT.add(hours=1), by=BY)


# --- the table -------------------------------------------------------------------


def test_the_commands_allowed_in_a_state_are_listed_sorted() -> None:
    assert TABLE.allowed(DocStatus.DRAFT) == ("annotate", "archive", "submit")
    assert TABLE.allowed(DocStatus.REVIEW) == ("annotate", "approve", "archive", "reject")
    assert TABLE.allowed(DocStatus.ARCHIVED) == ()
    assert TABLE.commands() == ("submit", "approve", "reject", "annotate", "archive")


@pytest.mark.parametrize("state", [LeadStatus.NEW, "draft", None, ["draft"]])
def test_asking_for_the_commands_of_a_foreign_state_names_the_state(state: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        TABLE.allowed(state)
    assert raised.value.field == "state"
    assert "is not a DocStatus" in raised.value.reason


def test_a_row_of_the_table_is_found_by_its_command() -> None:
    row = TABLE.transition("annotate")
    assert row.keeps_state
    assert not TABLE.transition("submit").keeps_state
    with pytest.raises(ValidationError) as raised:
        TABLE.transition("publish")
    assert raised.value.field == "command"
    assert "annotate, approve, archive, reject, submit" in raised.value.reason


@pytest.mark.parametrize(
    ("overrides", "field", "hint"),
    [
        ({"initial": DocStatus.ARCHIVED}, "initial", "cannot be terminal"),
        ({"terminal": {DocStatus.APPROVED, DocStatus.ARCHIVED}}, "terminal", "has commands"),
        ({"terminal": set()}, "transitions", "no way out"),
        ({"creation": "submit"}, "transitions", "declared twice"),
        ({"states": LeadStatus}, "initial", "expected a LeadStatus"),
        ({"aggregate": " "}, "aggregate", "aggregate's name"),
        ({"states": "DocStatus"}, "states", "an Enum of states"),
        ({"initial": "draft"}, "initial", "expected a DocStatus"),
        ({"terminal": {DocStatus.ARCHIVED, "archived"}}, "terminal", "DocStatus members"),
        ({"creation": "Draft it"}, "creation", "snake_case"),
        ({"creation_event": None}, "creation_event", "snake_case"),
        (
            {
                "transitions": [
                    *TABLE.transitions,
                    _row("lose", "lost", {D}, cast("DocStatus", LeadStatus.NEW)),
                ]
            },
            "transitions",
            "not a DocStatus",
        ),
    ],
)
def test_an_ill_formed_table_is_refused_when_it_is_built(
    overrides: dict[str, Any], field: str, hint: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _table(**overrides)
    assert raised.value.field == field
    assert hint in raised.value.reason


def test_a_table_with_an_unreachable_state_or_a_repeated_command_is_refused() -> None:
    rows = [r for r in TABLE.transitions if r.command != "approve"]
    with pytest.raises(ValidationError) as raised:
        _table(transitions=rows)
    assert "['approved']" in raised.value.reason
    with pytest.raises(ValidationError) as raised:
        _table(transitions=[*TABLE.transitions, TABLE.transition("reject")])
    assert raised.value.field == "transitions"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"command": "Submit", "event": "submitted", "sources": {DocStatus.DRAFT}}, "command"),
        ({"command": "submit", "event": "was submitted", "sources": {DocStatus.DRAFT}}, "event"),
        ({"command": "submit", "event": "submitted", "sources": set()}, "sources"),
    ],
)
def test_a_bad_table_row_is_refused(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Transition(**fields)
    assert raised.value.field == field


def test_the_factory_rows_come_from_the_lead_table() -> None:
    assert make_transition() is make_lifecycle().transition("qualify")
    assert make_guard() is make_transition().guards[0]
    assert make_guard().overridable


@pytest.mark.parametrize("table", [TABLE, make_lifecycle()])
def test_the_mermaid_diagram_names_every_state_and_every_state_changing_command(
    table: Lifecycle[Any, Any],
) -> None:
    diagram = table.to_mermaid()
    assert diagram.startswith("stateDiagram-v2\n")
    assert f"[*] --> {table.initial.value}: {table.creation}" in diagram
    for state in table.states:
        assert f" {state.value} " in diagram or f" {state.value}:" in diagram
    for row in table.transitions:
        label = row.command + (" [guarded]" if row.guards else "")
        for source in row.sources:
            edge = f"{source.value} --> {(row.target or source).value}: {label}"
            assert (edge in diagram) is (row.target is not None)
            assert edge in table.to_mermaid(include_data_commands=True)
    for state in table.terminal:
        assert f"{state.value} --> [*]" in diagram


def test_the_rows_for_documentation_start_with_the_creating_command() -> None:
    rows = TABLE.rows()
    assert rows[0] == ("draft", (), "draft", ())
    assert ("annotate", ("draft", "review"), "(unchanged)", ()) in rows
    assert ("submit", ("draft",), "review", ("has title",)) in rows


# --- creating and applying -------------------------------------------------------


def test_creating_an_aggregate_records_its_first_history_entry() -> None:
    doc = _new_doc()
    assert (doc.status, doc.revision, len(doc.history)) == (DocStatus.DRAFT, 1, 1)
    assert doc.history[0] == HistoryEntry(
        command="draft", event="drafted", from_state=None, to_state=D, at=AT, by=BY,
        changes=("amount", "id", "title"),
    )  # fmt: skip
    TABLE.check_history(doc)


def test_applying_a_command_records_it_and_bumps_the_revision() -> None:
    doc = _in_review()
    later = AT.add(hours=2)
    approved = TABLE.apply(doc, "approve", at=later, by=UserId("boss"), reason="  fine  ")
    assert approved.status is DocStatus.APPROVED
    assert approved.revision == doc.revision + 1
    assert approved.history[-1] == HistoryEntry(
        command="approve", event="approved", from_state=R, to_state=DocStatus.APPROVED,
        at=later, by=UserId("boss"), reason="fine",
    )  # fmt: skip
    assert approved.history[:-1] == doc.history
    TABLE.check_history(approved)


def test_the_original_aggregate_is_untouched_by_a_command() -> None:
    doc = _new_doc()
    before = attrs.evolve(doc)
    TABLE.apply(doc, "annotate", at=AT, by=BY, changes={"title": "Renamed"})
    assert doc == before


def test_a_data_only_command_keeps_the_state_and_records_the_changed_fields() -> None:
    doc = TABLE.apply(_new_doc(), "annotate", at=AT, by=BY, changes={"title": "B", "amount": 5})
    assert (doc.status, doc.title, doc.amount, doc.revision) == (DocStatus.DRAFT, "B", 5, 2)
    assert (doc.history[-1].from_state, doc.history[-1].to_state) == (D, D)
    assert doc.history[-1].changes == ("amount", "title")


def test_a_command_not_allowed_in_the_state_names_aggregate_command_state_and_allowed() -> None:
    doc = _new_doc()
    with pytest.raises(InvalidTransition) as raised:
        TABLE.apply(doc, "approve", at=AT, by=BY)
    error = raised.value
    assert (error.aggregate, error.aggregate_id, error.command, error.state) == (
        "Document",
        "doc-1",
        "approve",
        "draft",
    )
    assert error.allowed == ("annotate", "archive", "submit")
    assert "Document 'doc-1' cannot approve while draft" in str(error)


def test_a_terminal_state_allows_nothing_and_says_so() -> None:
    archived = TABLE.apply(_new_doc(), "archive", at=AT, by=BY)
    with pytest.raises(InvalidTransition) as raised:
        TABLE.apply(archived, "annotate", at=AT, by=BY)
    assert raised.value.allowed == ()
    assert "none (terminal state)" in str(raised.value)


def test_require_checks_the_state_before_anything_else() -> None:
    doc = _new_doc()
    TABLE.require(doc, "submit")
    with pytest.raises(InvalidTransition) as raised:
        TABLE.require(doc, "reject")
    assert raised.value.state == "draft"
    with pytest.raises(ValidationError) as unknown:
        TABLE.require(doc, "publish")
    assert unknown.value.field == "command"


def test_apply_reports_the_wrong_state_even_when_the_arguments_are_also_bad() -> None:
    naive = dt.datetime(2020, 1, 1)  # noqa: DTZ001 - a bad argument on purpose
    with pytest.raises(InvalidTransition):
        TABLE.apply(_new_doc(), "reject", at=naive, by=UserId("has space"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"at": dt.datetime(2026, 3, 2, 10)}, "at"),  # noqa: DTZ001 - naive on purpose
        ({"at": AT.subtract(seconds=1)}, "at"),
        ({"by": UserId("has space")}, "by"),
        ({"by": 42}, "by"),
        ({"reason": "x" * 4001}, "reason"),
        ({"reason": "bad\x00reason"}, "reason"),
        ({"override": True}, "reason"),
        ({"override": True, "reason": "   "}, "reason"),
    ],
)
def test_bad_arguments_are_refused_with_the_field_named_and_nothing_changes(
    kwargs: dict[str, Any], field: str
) -> None:
    doc = _new_doc()
    before = attrs.evolve(doc)
    arguments: dict[str, Any] = {"at": AT, "by": BY, **kwargs}
    with pytest.raises(ValidationError) as raised:
        TABLE.apply(doc, "annotate", **arguments)
    assert raised.value.field == field
    assert doc == before


def test_time_may_stand_still_but_never_run_backwards() -> None:
    doc = TABLE.apply(_new_doc(), "annotate", at=AT, by=BY)
    assert doc.history[-1].at == AT
    with pytest.raises(ValidationError) as raised:
        TABLE.apply(doc, "annotate", at=AT.in_timezone("Asia/Tokyo").subtract(minutes=1), by=BY)
    assert "history runs forward" in raised.value.reason


def test_an_aware_stdlib_datetime_is_accepted_as_the_time_of_a_command() -> None:
    at = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)
    doc = TABLE.apply(_new_doc(), "annotate", at=at, by=BY)  # type: ignore[arg-type]
    assert isinstance(doc.history[-1].at, pendulum.DateTime)
    assert doc.history[-1].at == at


def test_a_command_that_needs_a_reason_refuses_to_run_without_one() -> None:
    doc = _in_review()
    with pytest.raises(ValidationError) as raised:
        TABLE.apply(doc, "reject", at=AT.add(hours=2), by=BY, reason=" ")
    assert raised.value.field == "reason"
    rejected = TABLE.apply(doc, "reject", at=AT.add(hours=2), by=BY, reason="missing figures")
    assert rejected.status is DocStatus.DRAFT
    assert rejected.history[-1].reason == "missing figures"


# --- guards ----------------------------------------------------------------------


def test_a_guard_that_fails_blocks_the_command_with_its_reason() -> None:
    doc = _in_review(amount=250)
    before = attrs.evolve(doc)
    assert not TABLE.can(doc, "approve")
    with pytest.raises(GuardFailed) as raised:
        TABLE.apply(doc, "approve", at=AT.add(hours=2), by=BY)
    error = raised.value
    assert error.failures == (("within limit", "250 is above the limit of 100"),)
    assert error.overridable
    assert (error.command, error.state) == ("approve", "review")
    assert "within limit: 250 is above the limit of 100" in str(error)
    assert "override reason" in str(error)
    assert doc == before


def test_an_overridable_guard_yields_to_an_override_with_a_reason_and_history_says_so() -> None:
    doc = _in_review(amount=250)
    approved = TABLE.apply(
        doc, "approve", at=AT.add(hours=2), by=BY, override=True, reason="board decision"
    )
    assert approved.status is DocStatus.APPROVED
    assert approved.history[-1].overridden == ("within limit",)
    assert approved.history[-1].reason == "board decision"


def test_a_guard_that_passes_is_not_recorded_as_overridden() -> None:
    approved = TABLE.apply(
        _in_review(), "approve", at=AT.add(hours=2), by=BY, override=True, reason="r"
    )
    assert approved.history[-1].overridden == ()


def test_a_guard_that_is_not_overridable_cannot_be_overridden() -> None:
    untitled = _new_doc(title="")
    with pytest.raises(GuardFailed) as raised:
        TABLE.apply(untitled, "submit", at=AT, by=BY, override=True, reason="please")
    assert not raised.value.overridable
    assert raised.value.failures == (("has title", "a document needs a title"),)
    assert "override reason" not in str(raised.value)


def test_guards_judge_the_aggregate_the_command_would_produce() -> None:
    untitled = _new_doc(title="")
    assert not TABLE.can(untitled, "submit")
    titled = TABLE.apply(untitled, "submit", at=AT, by=BY, changes={"title": "Now titled"})
    assert titled.status is DocStatus.REVIEW


# --- checking a stored history ---------------------------------------------------


def _history_of_three() -> Doc:
    doc = TABLE.apply(_in_review(), "annotate", at=AT.add(hours=2), by=BY)
    TABLE.check_history(doc)
    return doc


def _entry(doc: Doc, index: int, **changes: Any) -> Doc:
    history = list(doc.history)
    history[index] = attrs.evolve(history[index], **changes)
    return attrs.evolve(doc, history=tuple(history))


def _rejected_without_reason(doc: Doc) -> Doc:
    rejected = TABLE.apply(_in_review(), "reject", at=AT.add(hours=2), by=BY, reason="Too long")
    TABLE.check_history(rejected)
    return _entry(rejected, 2, reason=None)


@pytest.mark.parametrize(
    ("tamper", "field"),
    [
        (lambda d: attrs.evolve(d, history=()), "history"),
        (lambda d: attrs.evolve(d, revision=2), "revision"),
        (lambda d: attrs.evolve(d, status=DocStatus.DRAFT), "status"),
        (lambda d: _entry(d, 0, command="submit"), "history[0]"),
        (lambda d: _entry(d, 0, to_state=DocStatus.REVIEW), "history[0].to_state"),
        (lambda d: _entry(d, 1, command="publish"), "history[1].command"),
        (lambda d: _entry(d, 1, event="sent"), "history[1].event"),
        (lambda d: _entry(d, 2, from_state=DocStatus.DRAFT), "history[2].from_state"),
        (lambda d: _entry(d, 1, command="approve", event="approved"), "history[1].command"),
        (lambda d: _entry(d, 2, to_state=DocStatus.APPROVED), "history[2].to_state"),
        (lambda d: _entry(d, 2, at=AT.subtract(days=1)), "history[2].at"),
        (lambda d: _entry(d, 2, overridden=("has_title",)), "history[2].reason"),
        (_rejected_without_reason, "history[2].reason"),
    ],
)
def test_an_inconsistent_history_is_refused_naming_where(tamper: Any, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        TABLE.check_history(tamper(_history_of_three()))
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"to_state": "new"}, "to_state"),
        ({"from_state": "new"}, "from_state"),
        ({"at": dt.datetime(2026, 3, 2)}, "at"),  # noqa: DTZ001 - naive on purpose
        ({"by": ""}, "by"),
        ({"command": ""}, "command"),
        ({"overridden": ("g", "g")}, "overridden[1]"),
    ],
)
def test_a_bad_history_entry_is_refused_with_the_field_named(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        make_history_entry(**overrides)
    assert raised.value.field == field


@given(st.lists(st.sampled_from(["annotate", "submit", "reject", "approve", "archive"])))
def test_any_sequence_of_commands_leaves_a_history_the_table_accepts(commands: list[str]) -> None:
    doc, at = _new_doc(), AT
    for command in commands:
        at = at.add(minutes=1)
        try:
            doc = TABLE.apply(doc, command, at=at, by=BY, reason="r")
        except InvalidTransition:
            assert command not in TABLE.allowed(doc.status)
    TABLE.check_history(doc)
    assert doc.revision == len(doc.history)


def test_a_terminal_state_may_keep_commands_that_record_data() -> None:
    rows = [
        _row("submit", "submitted", {D}, R),
        _row("annotate", "annotated", {D, R, DocStatus.ARCHIVED}, None),
        _row("approve", "approved", {R}, DocStatus.APPROVED),
        _row("archive", "archived", {D, R, DocStatus.APPROVED}, DocStatus.ARCHIVED),
    ]
    table = _table(transitions=rows)
    assert table.allowed(DocStatus.ARCHIVED) == ("annotate",)
    leaving = [*rows, _row("restore", "restored", {DocStatus.ARCHIVED}, D)]
    with pytest.raises(ValidationError) as error:
        _table(transitions=leaving)
    assert error.value.field == "terminal"
    assert "restore" in error.value.reason
