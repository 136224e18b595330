"""The SQLite store example keeps its contract, on a real SQLite file.

Round trips are lossless (revision and history included), a stale writer is
refused without losing or half-writing anything, and the events table always
holds exactly the stored aggregate's history.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pcf_sales.core import UserId
from pcf_sales.leads import DisqualificationReason, Lead, LeadStatus
from pcf_sales.testing import strategies as pcf_st
from pcf_sales.testing.factories import make_lead
from pcf_sales.testing.strategies import LEAD_STEPS, apply_lead_step

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sqlite_store.py"
SDR = UserId("sdr-7")
AE = UserId("ae-2")


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sqlite_store", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


sqlite_store = _load_example()


@contextlib.contextmanager
def _store(path: Path) -> Iterator[Any]:
    store = sqlite_store.SqliteStore.connect(str(path))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "sales.sqlite3"


def _later(lead: Lead, hours: int = 1) -> Any:
    return lead.updated_at.add(hours=hours)


def _assert_events_match(store: Any, lead: Lead) -> None:
    events = store.events("Lead", lead.id)
    assert [e.revision for e in events] == list(range(1, lead.revision + 1))
    assert [e.event for e in events] == [h.event for h in lead.history]
    assert [e.at for e in events] == [h.at.isoformat() for h in lead.history]
    assert {(e.type, e.id) for e in events} == {("Lead", lead.id)}


# --- round trips -------------------------------------------------------------------------------


def test_a_lead_comes_back_equal_with_its_revision_after_reopening(database: Path) -> None:
    lead = make_lead(LeadStatus.QUALIFIED)
    with _store(database) as store:
        store.add(make_lead())
        store.save(lead, expected_revision=1)
    with _store(database) as reopened:
        loaded = reopened.load("Lead", lead.id)
        assert loaded == lead
        assert loaded.revision == lead.revision == 4
        assert loaded.history == lead.history
        _assert_events_match(reopened, lead)


def test_the_document_is_stored_as_json_text_with_its_revision(database: Path) -> None:
    lead = make_lead(LeadStatus.WORKING)
    with _store(database) as store:
        store.add(make_lead())
        store.save(lead, expected_revision=1)
    with contextlib.closing(sqlite3.connect(database)) as raw:
        rows = raw.execute("SELECT type, id, revision, document FROM aggregates").fetchall()
    assert len(rows) == 1
    type_tag, lead_id, revision, document = rows[0]
    assert (type_tag, lead_id, revision) == ("Lead", "lead-1", 2)
    assert document.startswith('{"type": "Lead", "version": 1, "data": {')


def test_add_stores_only_new_leads(database: Path) -> None:
    with _store(database) as store:
        with pytest.raises(ValueError, match="revision 1"):
            store.add(make_lead(LeadStatus.WORKING))
        with pytest.raises(sqlite_store.UnknownAggregate):
            store.load("Lead", "lead-1")
        assert store.events("Lead", "lead-1") == ()


def test_adding_an_id_twice_is_refused_and_keeps_the_first(database: Path) -> None:
    first = make_lead()
    other = make_lead(owner=UserId("sdr-9"))
    with _store(database) as store:
        store.add(first)
        with pytest.raises(ValueError, match="already stored"):
            store.add(other)
        assert store.load("Lead", first.id) == first
        _assert_events_match(store, first)


def test_saving_a_lead_that_was_never_added_is_refused(database: Path) -> None:
    with _store(database) as store:
        with pytest.raises(sqlite_store.UnknownAggregate):
            store.save(make_lead(LeadStatus.WORKING), expected_revision=1)
        assert store.events("Lead", "lead-1") == ()


def test_saving_an_unchanged_lead_writes_nothing(database: Path) -> None:
    lead = make_lead()
    with _store(database) as store:
        store.add(lead)
        store.save(lead, expected_revision=1)
        assert store.load("Lead", lead.id) == lead
        _assert_events_match(store, lead)


# --- two writers -------------------------------------------------------------------------------


def test_the_second_of_two_writers_is_refused_and_nothing_is_lost(database: Path) -> None:
    with _store(database) as setup:
        setup.add(make_lead())
        setup.save(make_lead(LeadStatus.WORKING), expected_revision=1)

    with _store(database) as alice_store, _store(database) as bob_store:
        alice_lead = alice_store.load("Lead", "lead-1")
        bob_lead = bob_store.load("Lead", "lead-1")
        assert alice_lead == bob_lead
        loaded_at = alice_lead.revision

        nurtured = alice_lead.nurture(at=_later(alice_lead), by=SDR, reason="next quarter")
        alice_store.save(nurtured, expected_revision=loaded_at)

        disqualified = bob_lead.disqualify(
            DisqualificationReason.NO_BUDGET, at=_later(bob_lead, 2), by=AE
        )
        with pytest.raises(sqlite_store.StaleWrite) as caught:
            bob_store.save(disqualified, expected_revision=loaded_at)

        refusal = caught.value
        assert (refusal.type_tag, refusal.id) == ("Lead", "lead-1")
        assert refusal.expected_revision == loaded_at == 2
        assert refusal.stored_revision == nurtured.revision == 3
        assert "'lead-1'" in str(refusal)
        assert "revision 3" in str(refusal)
        assert "revision 2" in str(refusal)

    with _store(database) as reader:
        stored = reader.load("Lead", "lead-1")
        assert stored == nurtured
        assert stored.status is LeadStatus.NURTURING
        _assert_events_match(reader, nurtured)
        assert "disqualified" not in [e.event for e in reader.events("Lead", "lead-1")]


def test_the_refused_writer_can_reload_and_apply_its_change(database: Path) -> None:
    with _store(database) as alice_store, _store(database) as bob_store:
        alice_store.add(make_lead())
        alice_lead = alice_store.load("Lead", "lead-1")
        bob_lead = bob_store.load("Lead", "lead-1")
        alice_store.save(alice_lead.assign(SDR, at=_later(alice_lead), by=SDR), 1)
        with pytest.raises(sqlite_store.StaleWrite):
            bob_store.save(bob_lead.tag("vip", at=_later(bob_lead), by=AE), 1)

        fresh = bob_store.load("Lead", "lead-1")
        retried = fresh.tag("vip", at=_later(fresh), by=AE)
        bob_store.save(retried, expected_revision=fresh.revision)

        final = alice_store.load("Lead", "lead-1")
        assert final.owner == SDR
        assert final.tags == ("vip",)
        assert [e.command for e in final.history] == ["receive", "assign", "tag"]
        _assert_events_match(alice_store, final)


def test_a_failed_event_write_rolls_the_document_back(database: Path) -> None:
    lead = make_lead()
    with _store(database) as store:
        store.add(lead)
    # Plant a row where the next event must go, so writing it fails midway.
    with contextlib.closing(sqlite3.connect(database)) as raw, raw:
        raw.execute(
            "INSERT INTO events (type, id, revision, event, at) VALUES (?, ?, ?, ?, ?)",
            ("Lead", "lead-1", 2, "planted", "2026-01-01T00:00:00+00:00"),
        )
    working = lead.start_working(at=_later(lead), by=SDR)
    with _store(database) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.save(working, expected_revision=1)
        assert store.load("Lead", "lead-1") == lead
        assert [e.event for e in store.events("Lead", "lead-1")] == ["received", "planted"]


# --- any sequence of commands ------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_any_command_sequence_saved_step_by_step_reloads_equal(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    lead = data.draw(pcf_st.leads(max_steps=0), label="received")
    path = tmp_path_factory.mktemp("store") / "leads.sqlite3"
    draw = cast("st.DrawFn", data.draw)
    with _store(path) as store:
        store.add(lead)
        at = lead.updated_at
        for step in data.draw(st.lists(st.sampled_from(LEAD_STEPS), max_size=12), label="steps"):
            at = at.add(minutes=data.draw(st.integers(min_value=0, max_value=10_000)))
            changed = apply_lead_step(draw, lead, step, at, data.draw(st.from_type(UserId)))
            store.save(changed, expected_revision=lead.revision)
            lead = changed
    with _store(path) as reopened:
        loaded = reopened.load("Lead", lead.id)
        assert loaded == lead
        assert loaded.revision == lead.revision
        _assert_events_match(reopened, lead)


# --- the example's own documentation -----------------------------------------------------------


def test_the_examples_docstring_runs() -> None:
    result = doctest.testmod(sqlite_store, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted >= 8
    assert result.failed == 0
