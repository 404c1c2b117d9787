"""The native PostgreSQL event store, with each event's chain link written in the same transaction as the event,
and triggers that make the database itself refuse UPDATE, DELETE and TRUNCATE on the events and their links.

Selected by ``PERSISTENCE_MODULE=rpledger.infrastructure.chained_postgres:ChainedPostgresFactory``. The links are
computed after the library has taken its ``LOCK TABLE ... IN EXCLUSIVE MODE`` and inserted the events, so writers are
serialised and the previous link read there is the one committed last. They go through a second cursor: the first
still holds the ``RETURNING notification_id`` rows the library fetches afterwards. Everything is created in the
configured schema (``POSTGRES_SCHEMA``), idempotently: existing triggers and the function are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore, PostgresFactory
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier, Literal

from rpledger.infrastructure.hash_chain import Key, StreamId, chain
from rpledger.infrastructure.stream_batches import PostgresStreamBatches

REFUSE_FUNCTION = "rpledger_refuse_change"
_BATCH = 2000


class ChainedPostgresApplicationRecorder(PostgresStreamBatches, PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        if datastore.enable_db_functions:
            # That path inserts through a stored function and would bypass the chain.
            raise ValueError("the chained event store needs POSTGRES_ENABLE_DB_FUNCTIONS off")
        super().__init__(datastore, events_table_name=events_table_name)
        self.links_table_name = events_table_name.removesuffix("_events") + "_event_links"
        self.check_identifier_length(self.links_table_name)
        self.sql_create_statements.extend(self._chain_statements())

    def _names(self, **names: str) -> dict[str, Any]:
        return {
            "schema": Identifier(self.datastore.schema),
            "events": Identifier(self.events_table_name),
            "links": Identifier(self.links_table_name),
            "id_type": SQL(self.datastore.originator_id_type),  # "uuid" or "text": checked by the datastore
            "function": Identifier(REFUSE_FUNCTION),
            **{name: Identifier(value) for name, value in names.items()},
        }

    def _chain_statements(self) -> list[Composed]:
        links = SQL(
            "CREATE TABLE IF NOT EXISTS {schema}.{links} (originator_id {id_type} NOT NULL, "
            "originator_version bigint NOT NULL, link bytea NOT NULL, PRIMARY KEY (originator_id, originator_version))"
        ).format(**self._names())
        function = SQL(
            "DO $do$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = {schema_name} AND p.proname = {function_name}) THEN "
            "CREATE FUNCTION {schema}.{function}() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
            "RAISE EXCEPTION 'rpledger: % on %.% refused: the event store is append-only', "
            "TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $fn$; "
            "END IF; END $do$"
        ).format(schema_name=Literal(self.datastore.schema), function_name=Literal(REFUSE_FUNCTION), **self._names())
        return [links, function, *self._trigger_statements(self.events_table_name),
                *self._trigger_statements(self.links_table_name)]

    def _trigger_statements(self, table: str) -> list[Composed]:
        qualified = Literal(f'"{self.datastore.schema}"."{table}"')
        triggers = [
            ("rpledger_refuse_update_delete", "BEFORE UPDATE OR DELETE", "FOR EACH ROW"),
            ("rpledger_refuse_truncate", "BEFORE TRUNCATE", "FOR EACH STATEMENT"),
        ]
        return [
            SQL(
                "DO $do$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger "
                "WHERE tgname = {trigger_name} AND tgrelid = {qualified}::regclass) THEN "
                "CREATE TRIGGER {trigger} " + when + " ON {schema}.{table} " + each +
                " EXECUTE FUNCTION {schema}.{function}(); END IF; END $do$"
            ).format(trigger_name=Literal(name), qualified=qualified, **self._names(trigger=name, table=table))
            for name, when, each in triggers
        ]

    def _insert_stored_events(self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        super()._insert_stored_events(curs, stored_events, **kwargs)
        # The library queues its INSERT in a pipeline. Sync it before reading the previous links: when the INSERT
        # loses a race (another writer took the version), PostgreSQL skips whatever was queued behind it, and a
        # skipped statement that psycopg had just decided to prepare is left "prepared" on its side only, which
        # breaks every later save on that connection. Synced here, the lost race surfaces as the IntegrityError the
        # application retries, and nothing queued behind it is skipped.
        with curs.connection.pipeline() as pipeline:
            pipeline.sync()
        with curs.connection.cursor() as links_cursor:
            links = chain(stored_events, lambda keys: self._stored_links(links_cursor, keys))
            links_cursor.execute(
                SQL(
                    "INSERT INTO {schema}.{links} (originator_id, originator_version, link) "
                    "SELECT * FROM unnest(%s::{id_type}[], %s::bigint[], %s::bytea[])"
                ).format(**self._names()),
                ([k[0] for k, _ in links], [k[1] for k, _ in links], [link for _, link in links]),
            )

    def _stored_links(self, curs: Cursor[DictRow], keys: list[Key]) -> Mapping[Key, bytes]:
        if not keys:
            return {}
        curs.execute(
            SQL(
                "SELECT l.originator_id, l.originator_version, l.link FROM unnest(%s::{id_type}[], %s::bigint[]) "
                "AS wanted(originator_id, originator_version) JOIN {schema}.{links} l "
                "USING (originator_id, originator_version)"
            ).format(**self._names()),
            ([k[0] for k in keys], [k[1] for k in keys]),
        )
        return {(row["originator_id"], row["originator_version"]): bytes(row["link"]) for row in curs.fetchall()}

    # ------------------------------------------------------------------------------------------ read by verify

    def chained_rows(self) -> Iterator[tuple[StreamId, int, str, bytes, bytes | None]]:
        """Every event with its stored link (None when it has none), in stream and position order."""
        statement = SQL(
            "SELECT e.originator_id, e.originator_version, e.topic, e.state, l.link FROM {schema}.{events} e "
            "LEFT JOIN {schema}.{links} l USING (originator_id, originator_version) "
            "ORDER BY e.originator_id, e.originator_version"
        ).format(**self._names())
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor(name="rpledger_verify") as curs:
            curs.itersize = _BATCH
            curs.execute(statement)
            for row in curs:
                link = row["link"]
                yield (row["originator_id"], row["originator_version"], row["topic"], bytes(row["state"]),
                       None if link is None else bytes(link))

    def orphan_links(self) -> dict[StreamId, dict[int, bytes]]:
        """Links whose event is not in the events table (so it was deleted), by stream and position."""
        statement = SQL(
            "SELECT l.originator_id, l.originator_version, l.link FROM {schema}.{links} l "
            "WHERE NOT EXISTS (SELECT 1 FROM {schema}.{events} e "
            "WHERE e.originator_id = l.originator_id AND e.originator_version = l.originator_version)"
        ).format(**self._names())
        orphans: dict[StreamId, dict[int, bytes]] = {}
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement)
            for row in curs.fetchall():
                orphans.setdefault(row["originator_id"], {})[row["originator_version"]] = bytes(row["link"])
        return orphans


class ChainedPostgresFactory(PostgresFactory):
    application_recorder_class = ChainedPostgresApplicationRecorder
