"""A small host-side store for pcf_sales aggregates on SQLite, with optimistic concurrency.

pcf_sales does no I/O: storing aggregates is the host's job. This example
shows the contract a host store should keep, using only the standard
library's :mod:`sqlite3`.

The contract
------------

* **Documents, not pickles.** An aggregate is stored as the JSON text of
  :func:`pcf_sales.serialization.to_document` and read back with
  :func:`~pcf_sales.serialization.from_document`. The round trip is lossless:
  what :meth:`SqliteStore.load` returns equals what was saved, ``revision``
  and the whole ``history`` included.
* **One row per aggregate**, in ``aggregates(type, id, revision, document)``,
  keyed by ``(type, id)``. ``type`` is the document's type tag (``"Lead"``).
* **Optimistic concurrency on ``revision``.** Every command returns a new
  aggregate whose ``revision`` is one higher. A caller loads an aggregate
  (say at revision 3), runs commands on it, and saves the result saying which
  revision it started from: ``save(lead, expected_revision=3)``. The row is
  updated only ``WHERE revision = 3``; if another writer saved in between,
  the row has moved on, nothing is written and :class:`StaleWrite` is raised
  naming the id and both revisions. The caller reloads and decides again:
  nothing is lost and nothing is overwritten blindly.
* **Creating is separate from updating.** :meth:`SqliteStore.add` inserts a
  new aggregate, which must be at revision 1; adding an id that exists is an
  error, never an overwrite.
* **Events in the same transaction (the outbox).** Each history entry is the
  event a host publishes. Saving appends one row per new entry to
  ``events(type, id, revision, event, at)`` in the *same* transaction as the
  document, so the stored aggregate and its events never disagree. A relay
  process can read ``events`` in order and publish them; a crash between the
  write and the publish loses nothing.

>>> from pcf_sales.testing.factories import make_lead
>>> from pcf_sales.leads import LeadStatus
>>> store = SqliteStore.connect(":memory:")
>>> lead = make_lead()
>>> store.add(lead)
>>> working = store.load("Lead", lead.id).start_working(
...     at=lead.updated_at.add(hours=1), by=lead.history[0].by)
>>> store.save(working, expected_revision=1)
>>> store.load("Lead", lead.id).status is LeadStatus.WORKING
True
>>> [e.event for e in store.events("Lead", lead.id)]
['received', 'work_started']
>>> store.save(working, expected_revision=1)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sqlite_store.StaleWrite: Lead 'lead-1' was saved at revision 2 by someone else; ...
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, NamedTuple

from pcf_sales.core import Aggregate
from pcf_sales.serialization import from_document, to_document

__all__ = ["SCHEMA", "SqliteStore", "StaleWrite", "StoredEvent", "UnknownAggregate"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS aggregates (
    type     TEXT    NOT NULL,
    id       TEXT    NOT NULL,
    revision INTEGER NOT NULL CHECK (revision >= 1),
    document TEXT    NOT NULL,
    PRIMARY KEY (type, id)
);
CREATE TABLE IF NOT EXISTS events (
    type     TEXT    NOT NULL,
    id       TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    event    TEXT    NOT NULL,
    at       TEXT    NOT NULL,
    PRIMARY KEY (type, id, revision)
);
"""


class StaleWrite(Exception):
    """The aggregate was saved by someone else since the caller loaded it."""

    def __init__(
        self, type_tag: str, id: str, expected_revision: int, stored_revision: int
    ) -> None:
        self.type_tag = type_tag
        self.id = id
        self.expected_revision = expected_revision
        self.stored_revision = stored_revision
        super().__init__(
            f"{type_tag} {id!r} was saved at revision {stored_revision} by someone else; "
            f"you loaded revision {expected_revision}. Reload it and try again."
        )


class UnknownAggregate(LookupError):
    """No aggregate of this type is stored under this id."""

    def __init__(self, type_tag: str, id: str) -> None:
        self.type_tag = type_tag
        self.id = id
        super().__init__(f"no {type_tag} {id!r} is stored")


class StoredEvent(NamedTuple):
    """One row of the outbox: a history entry of an aggregate, in order."""

    type: str
    id: str
    revision: int
    event: str
    at: str


class SqliteStore:
    """Aggregates as JSON documents in SQLite, guarded by their revision."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        with self._db:
            self._db.executescript(SCHEMA)

    @classmethod
    def connect(cls, database: str) -> SqliteStore:
        """A store on the SQLite file ``database`` (``":memory:"`` for a throwaway one)."""
        return cls(sqlite3.connect(database))

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    # -- writing ---------------------------------------------------------------------------

    def add(self, aggregate: Aggregate[Any]) -> None:
        """Store a new aggregate. It must be at revision 1 and its id must be free."""
        if aggregate.revision != 1:
            msg = f"add() stores new aggregates (revision 1); got revision {aggregate.revision}"
            raise ValueError(msg)
        document = to_document(aggregate)
        type_tag: str = document["type"]
        with self._db:  # one transaction: the row and its first event, or neither
            try:
                self._db.execute(
                    "INSERT INTO aggregates (type, id, revision, document) VALUES (?, ?, ?, ?)",
                    (type_tag, aggregate.id, 1, json.dumps(document)),
                )
            except sqlite3.IntegrityError:
                msg = f"{type_tag} {aggregate.id!r} is already stored; load and save it instead"
                raise ValueError(msg) from None
            self._append_events(type_tag, aggregate, after_revision=0)

    def save(self, aggregate: Aggregate[Any], expected_revision: int) -> None:
        """Store ``aggregate`` if the stored row is still at ``expected_revision``.

        ``expected_revision`` is the revision the caller loaded and ran its
        commands on. Raises :class:`StaleWrite` when another writer saved
        since, and :class:`UnknownAggregate` when nothing is stored under the
        id. Saving an aggregate no command changed (same revision) does
        nothing.
        """
        if aggregate.revision < expected_revision:
            msg = (
                f"revision {aggregate.revision} is older than the expected revision "
                f"{expected_revision}"
            )
            raise ValueError(msg)
        document = to_document(aggregate)
        type_tag: str = document["type"]
        with self._db:  # one transaction: the document and its new events, or nothing
            if aggregate.revision == expected_revision:
                if self._stored_revision(type_tag, aggregate.id) != expected_revision:
                    raise self._refusal(type_tag, aggregate.id, expected_revision)
                return
            cursor = self._db.execute(
                "UPDATE aggregates SET revision = ?, document = ? "
                "WHERE type = ? AND id = ? AND revision = ?",
                (
                    aggregate.revision,
                    json.dumps(document),
                    type_tag,
                    aggregate.id,
                    expected_revision,
                ),
            )
            if cursor.rowcount != 1:
                raise self._refusal(type_tag, aggregate.id, expected_revision)
            self._append_events(type_tag, aggregate, after_revision=expected_revision)

    def _refusal(self, type_tag: str, id: str, expected_revision: int) -> Exception:
        """Why the row at ``expected_revision`` could not be updated."""
        stored = self._stored_revision(type_tag, id)
        if stored is None:
            return UnknownAggregate(type_tag, id)
        return StaleWrite(type_tag, id, expected_revision, stored)

    def _append_events(self, type_tag: str, aggregate: Aggregate[Any], after_revision: int) -> None:
        # History entry number n (counting from 1) is the change that made revision n.
        rows = [
            (type_tag, aggregate.id, revision, entry.event, entry.at.isoformat())
            for revision, entry in enumerate(aggregate.history, start=1)
            if revision > after_revision
        ]
        self._db.executemany(
            "INSERT INTO events (type, id, revision, event, at) VALUES (?, ?, ?, ?, ?)", rows
        )

    # -- reading ---------------------------------------------------------------------------

    def load(self, type_tag: str, id: str) -> Any:
        """The stored aggregate, equal to the one saved (``revision`` and history included)."""
        row = self._db.execute(
            "SELECT revision, document FROM aggregates WHERE type = ? AND id = ?", (type_tag, id)
        ).fetchone()
        if row is None:
            raise UnknownAggregate(type_tag, id)
        revision, text = row
        aggregate = from_document(json.loads(text))
        if aggregate.revision != revision:  # the row and its document were written together
            msg = f"{type_tag} {id!r}: row revision {revision}, document {aggregate.revision}"
            raise RuntimeError(msg)
        return aggregate

    def events(self, type_tag: str, id: str) -> tuple[StoredEvent, ...]:
        """The outbox rows of one aggregate, oldest first."""
        rows = self._db.execute(
            "SELECT type, id, revision, event, at FROM events "
            "WHERE type = ? AND id = ? ORDER BY revision",
            (type_tag, id),
        ).fetchall()
        return tuple(StoredEvent(*row) for row in rows)

    def _stored_revision(self, type_tag: str, id: str) -> int | None:
        row = self._db.execute(
            "SELECT revision FROM aggregates WHERE type = ? AND id = ?", (type_tag, id)
        ).fetchone()
        return None if row is None else int(row[0])
