"""The stored events of several streams read with one statement, for a page of cases that each need their own
history (``rpledger.application.case_batches``); the library's recorders read one stream per statement.

Each stream is asked for with ``(id, after, from_snapshot)``: its events with a version above ``after`` and, when
``from_snapshot`` holds and a snapshot store is given, its latest snapshot too, and then only the events after that
snapshot, as the library's repository loads an aggregate that is not in its cache (``Repository.get``). The answer
gives every stream asked for, in the stored form (``StoredEvent``, for the application's mapper to decode): its
snapshot (None when it has none, or none was asked for) and its events in order.

The events and the snapshots are in two tables; one statement reads both (``UNION ALL``), with the streams asked
for passed as one parameter (a JSON array on SQLite, arrays on PostgreSQL), so the statement's text is the same for
any number of streams. The recorders of the event store (``chained_sqlite``, ``chained_postgres``) have these as
``select_streams``. On PostgreSQL the call is retried like the library's own reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Composed, Identifier

# (stream id, read the events with a version above this, start from the stream's latest snapshot)
Wanted = tuple[UUID, int, bool]
# Each stream's latest snapshot (None: none, or none asked for) and its events in order, stored as they are.
Streams = dict[UUID, tuple[StoredEvent | None, list[StoredEvent]]]


def _streams(wanted: Sequence[Wanted], rows: Iterable[tuple[Any, UUID, int, str, bytes]]) -> Streams:
    """Rows of (is a snapshot, stream id, version, topic, state), a stream's snapshot before its events."""
    found: Streams = {stream_id: (None, []) for stream_id, _, _ in wanted}
    for snapshot, stream_id, version, topic, state in rows:
        stored = StoredEvent(originator_id=stream_id, originator_version=version, topic=topic, state=state)
        if snapshot:
            found[stream_id] = (stored, found[stream_id][1])
        else:
            found[stream_id][1].append(stored)
    return found


class SQLiteStreamBatches:
    """``select_streams`` for a SQLite recorder of the event store."""

    datastore: SQLiteDatastore
    events_table_name: str

    def select_streams(self, wanted: Sequence[Wanted], snapshots: object = None) -> Streams:
        if not wanted:
            return {}
        snapshots_table = _snapshots_table(snapshots, SQLiteAggregateRecorder, self.datastore)
        given = json.dumps([[stream_id.hex, after, bool(start)] for stream_id, after, start in wanted])
        with self.datastore.transaction(commit=False) as c:
            c.execute(_sqlite_statement(self.events_table_name, snapshots_table), (given,))
            rows = c.fetchall()
        by_hex = {stream_id.hex: stream_id for stream_id, _, _ in wanted}
        return _streams(wanted, ((r[0], by_hex[r[1]], r[2], r[3], r[4]) for r in rows))


def _sqlite_statement(events: str, snapshots: str | None) -> str:
    wanted = (
        "WITH wanted(originator_id, above, from_snapshot) AS (SELECT json_extract(value, '$[0]'), "
        "json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?))"
    )
    if snapshots is None:
        return (
            f"{wanted} SELECT 0, e.originator_id, e.originator_version, e.topic, e.state FROM wanted w "
            f"JOIN {events} e ON e.originator_id = w.originator_id AND e.originator_version > w.above "
            "ORDER BY 2, 3"
        )
    return (
        f"{wanted}, latest(originator_id, version) AS (SELECT s.originator_id, MAX(s.originator_version) "
        f"FROM wanted w JOIN {snapshots} s ON s.originator_id = w.originator_id WHERE w.from_snapshot "
        "GROUP BY s.originator_id) "
        f"SELECT 1, s.originator_id, s.originator_version, s.topic, s.state FROM latest l JOIN {snapshots} s "
        "ON s.originator_id = l.originator_id AND s.originator_version = l.version "
        f"UNION ALL SELECT 0, e.originator_id, e.originator_version, e.topic, e.state FROM wanted w "
        f"LEFT JOIN latest l ON l.originator_id = w.originator_id JOIN {events} e "
        "ON e.originator_id = w.originator_id AND e.originator_version > MAX(w.above, COALESCE(l.version, 0)) "
        "ORDER BY 2, 1 DESC, 3"
    )


class PostgresStreamBatches:
    """``select_streams`` for a PostgreSQL recorder of the event store."""

    datastore: PostgresDatastore
    events_table_name: str

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_streams(self, wanted: Sequence[Wanted], snapshots: object = None) -> Streams:
        if not wanted:
            return {}
        snapshots_table = _snapshots_table(snapshots, PostgresAggregateRecorder, self.datastore)
        statement = _postgres_statement(self.datastore, self.events_table_name, snapshots_table)
        params = ([w[0] for w in wanted], [w[1] for w in wanted], [bool(w[2]) for w in wanted])
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params)
            rows = [(r["snapshot"], r["originator_id"], r["originator_version"], r["topic"], bytes(r["state"]))
                    for r in curs.fetchall()]
        return _streams(wanted, rows)


def _postgres_statement(datastore: PostgresDatastore, events: str, snapshots: str | None) -> Composed:
    names: Mapping[str, Any] = {
        "schema": Identifier(datastore.schema),
        "events": Identifier(events),
        "snapshots": Identifier(snapshots or events),
        "id_type": SQL(datastore.originator_id_type),  # "uuid" or "text": checked by the datastore
    }
    wanted = (
        "WITH wanted AS (SELECT * FROM unnest(%s::{id_type}[], %s::bigint[], %s::boolean[]) "
        "AS w(originator_id, above, from_snapshot))"
    )
    if snapshots is None:
        return SQL(
            wanted + " SELECT false AS snapshot, e.originator_id, e.originator_version, e.topic, e.state "
            "FROM wanted w JOIN {schema}.{events} e "
            "ON e.originator_id = w.originator_id AND e.originator_version > w.above ORDER BY 2, 3"
        ).format(**names)
    return SQL(
        wanted + ", latest AS (SELECT s.originator_id, max(s.originator_version) AS version FROM wanted w "
        "JOIN {schema}.{snapshots} s ON s.originator_id = w.originator_id WHERE w.from_snapshot "
        "GROUP BY s.originator_id) "
        "SELECT true AS snapshot, s.originator_id, s.originator_version, s.topic, s.state FROM latest l "
        "JOIN {schema}.{snapshots} s ON s.originator_id = l.originator_id AND s.originator_version = l.version "
        "UNION ALL SELECT false, e.originator_id, e.originator_version, e.topic, e.state FROM wanted w "
        "LEFT JOIN latest l ON l.originator_id = w.originator_id JOIN {schema}.{events} e "
        "ON e.originator_id = w.originator_id AND e.originator_version > greatest(w.above, coalesce(l.version, 0)) "
        "ORDER BY 2, 1 DESC, 3"
    ).format(**names)


def _snapshots_table(
    snapshots: object, kind: type[SQLiteAggregateRecorder | PostgresAggregateRecorder], datastore: object
) -> str | None:
    """The table of the snapshot store's recorder, when it is one of this kind in the same database (else the
    snapshots are not read, and each stream is read from ``above``: the same state, by replaying)."""
    if isinstance(snapshots, kind) and snapshots.datastore is datastore:
        return snapshots.events_table_name
    return None
