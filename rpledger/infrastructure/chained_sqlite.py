"""The native SQLite event store, with each event's chain link written in the same transaction as the event, and
triggers that make the database itself refuse UPDATE and DELETE on the events and their links.

Selected by ``PERSISTENCE_MODULE=rpledger.infrastructure.chained_sqlite:ChainedSQLiteFactory`` (see
``persistence.event_store_env``). The link of a save is computed after its events are inserted, inside the write
transaction: SQLite has one writer at a time, so the previous link read there cannot change under us.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore, SQLiteFactory

from rpledger.infrastructure.hash_chain import Key, StreamId, chain
from rpledger.infrastructure.stream_batches import SQLiteStreamBatches

REFUSAL = "rpledger: the event store is append-only; {table} rows are never {verb}"
_BATCH = 2000


def _db_id(stream_id: StreamId) -> str:
    return stream_id.hex if isinstance(stream_id, UUID) else stream_id


class ChainedSQLiteApplicationRecorder(SQLiteStreamBatches, SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events") -> None:
        self.links_table_name = events_table_name.removesuffix("_events") + "_event_links"
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {self.links_table_name} (originator_id TEXT, originator_version INTEGER, "
            "link BLOB NOT NULL, PRIMARY KEY (originator_id, originator_version)) WITHOUT ROWID"
        )
        for table in (self.events_table_name, self.links_table_name):
            for verb, operation in (("updated", "UPDATE"), ("deleted", "DELETE")):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL.format(table=table, verb=verb)}'); END"
                )
        return statements

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        notification_ids = super()._insert_events(c, stored_events, **kwargs)
        links = chain(stored_events, lambda keys: self._stored_links(c, keys))
        c.executemany(
            f"INSERT INTO {self.links_table_name} VALUES (?,?,?)",
            [(_db_id(stream_id), version, link) for (stream_id, version), link in links],
        )
        return notification_ids

    def _stored_links(self, c: SQLiteCursor, keys: list[Key]) -> Mapping[Key, bytes]:
        found: dict[Key, bytes] = {}
        for stream_id, version in keys:
            c.execute(
                f"SELECT link FROM {self.links_table_name} WHERE originator_id=? AND originator_version=?",
                (_db_id(stream_id), version),
            )
            row = c.fetchone()
            if row is not None:
                found[(stream_id, version)] = bytes(row[0])
        return found

    # ------------------------------------------------------------------------------------------ read by verify

    def chained_rows(self) -> Iterator[tuple[StreamId, int, str, bytes, bytes | None]]:
        """Every event with its stored link (None when it has none), in stream and position order."""
        statement = (
            f"SELECT e.originator_id, e.originator_version, e.topic, e.state, l.link FROM {self.events_table_name} e "
            f"LEFT JOIN {self.links_table_name} l "
            "ON l.originator_id = e.originator_id AND l.originator_version = e.originator_version "
            "ORDER BY e.originator_id, e.originator_version"
        )
        stored_id, stream_id = None, None
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement)
            while rows := c.sqlite_cursor.fetchmany(_BATCH):
                for row in rows:
                    if row[0] != stored_id:  # once per stream: the id conversion costs as much as the hash
                        stored_id, stream_id = row[0], self.convert_originator_id(row[0])
                    yield stream_id, row[1], row[2], row[3], row[4]

    def orphan_links(self) -> dict[StreamId, dict[int, bytes]]:
        """Links whose event is not in the events table (so it was deleted), by stream and position."""
        statement = (
            f"SELECT l.originator_id, l.originator_version, l.link FROM {self.links_table_name} l "
            f"WHERE NOT EXISTS (SELECT 1 FROM {self.events_table_name} e "
            "WHERE e.originator_id = l.originator_id AND e.originator_version = l.originator_version)"
        )
        orphans: dict[StreamId, dict[int, bytes]] = {}
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement)
            for stream_id, version, link in c.fetchall():
                orphans.setdefault(self.convert_originator_id(stream_id), {})[version] = link
        return orphans


class ChainedSQLiteFactory(SQLiteFactory):
    application_recorder_class = ChainedSQLiteApplicationRecorder
