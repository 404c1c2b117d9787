"""How rpledger's processes share one database: one start-up at a time, and a wake-up when events are stored.

**Start-up.** Every process creates the tables it needs when it starts (the event store's, the read models'). On
PostgreSQL, processes starting at once (``rpledger serve --workers N``, ``rpledger project`` beside it) would each
find a table missing and each create it, and all but one would fail; ``startup_lock`` makes them take turns, with
an advisory lock keyed by the schema. On SQLite the event store's statements are ``IF NOT EXISTS`` under the
database's write lock, and the read models take that lock themselves (``tracked_tables``).

**Wake-up.** ``rpledger project`` waits for new events with ``listener_for``:

- On PostgreSQL it LISTENs on ``NOTIFY_CHANNEL``, which a statement-level AFTER INSERT trigger on the events table
  notifies, with the schema and table as payload. The trigger, not a NOTIFY sent by rpledger's own writer, because:
  every writer of the table wakes the worker, whatever process or tool it is; the notification is transactional
  (delivered at commit, and only if the events were committed), so it never arrives before the events can be read;
  and the payload names the store, so stores in other schemas of the same database do not wake it (eventsourcing's
  own NOTIFY, on a channel named after the table alone, reaches every schema's listeners). Notifications of one
  transaction with the same payload are delivered once, and the events table is written one transaction at a time
  (eventsourcing locks it), so the trigger costs the writer little. It is created at the worker's start-up,
  idempotently, in the store's schema.
- On SQLite, which has no notifications, it polls.

Either way the worker also catches up every poll interval, as a safety net, and after a lost connection is remade
(notifications sent meanwhile are lost).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import eventsourcing.persistence
import psycopg
import sqlalchemy.exc
from psycopg.sql import SQL, Identifier, Literal

from rpledger.infrastructure.settings import Database

NOTIFY_CHANNEL = "rpledger_events"
NOTIFY_FUNCTION = "rpledger_notify_events"
NOTIFY_TRIGGER = "rpledger_notify_events"

# The database is busy, restarting or out of reach: a worker waits and tries again rather than stopping.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    sqlalchemy.exc.OperationalError,
    eventsourcing.persistence.OperationalError,
    eventsourcing.persistence.InterfaceError,
    psycopg.OperationalError,
)

_log = logging.getLogger("rpledger.project")


def connect(database: Database) -> psycopg.Connection[Any]:
    """An autocommit connection to a PostgreSQL ``database``."""
    given: dict[str, Any] = {
        "host": database.host, "port": database.port, "user": database.user, "password": database.password
    }
    return psycopg.connect(
        dbname=database.name, autocommit=True, connect_timeout=10, **{k: v for k, v in given.items() if v}
    )


def _startup_key(database: Database) -> Literal:
    return Literal(f"rpledger start-up {database.schema}")


@contextmanager
def startup_lock(database: Database) -> Iterator[None]:
    """On PostgreSQL, hold the schema's start-up lock (other processes starting on the schema wait for it)."""
    if database.backend != "postgresql":
        yield
        return
    with connect(database) as conn:  # closing the connection releases the lock, whatever happens
        conn.execute(SQL("SELECT pg_advisory_lock(hashtextextended({}, 0))").format(_startup_key(database)))
        yield


class LogListener(Protocol):
    def wait(self, timeout: float) -> bool:
        """Wait at most ``timeout`` seconds; True when events may have been stored meanwhile."""

    def close(self) -> None: ...


class Polling:
    """SQLite: nothing tells when events are stored; the worker catches up every poll interval."""

    def wait(self, timeout: float) -> bool:
        time.sleep(timeout)
        return False

    def close(self) -> None:
        pass


class Notifications:
    """PostgreSQL: LISTENs for the trigger's notifications of the store's events table (see the module's notes)."""

    def __init__(self, database: Database, events_table: str) -> None:
        self.database = database
        self.payload = f"{database.schema}.{events_table}"
        install_notify_trigger(database, events_table)
        self._conn: psycopg.Connection[Any] | None = self._listen()

    def _listen(self) -> psycopg.Connection[Any]:
        conn = connect(self.database)
        conn.execute(SQL("LISTEN {}").format(Identifier(NOTIFY_CHANNEL)))
        return conn

    def wait(self, timeout: float) -> bool:
        if self._conn is None:
            try:
                self._conn = self._listen()
            except psycopg.OperationalError:
                time.sleep(timeout)
                return False
            return True  # listening again: what was stored while the connection was down was not notified
        try:
            return any(n.payload == self.payload for n in self._conn.notifies(timeout=timeout, stop_after=1))
        except psycopg.OperationalError as lost:
            _log.warning("lost the connection that listens for new events (%s); connecting again", lost)
            self.close()
            return True

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def listener_for(database: Database, events_table: str) -> LogListener:
    return Notifications(database, events_table) if database.backend == "postgresql" else Polling()


def install_notify_trigger(database: Database, events_table: str) -> None:
    """Create the function and the trigger that notify ``NOTIFY_CHANNEL`` of inserts into the events table, in the
    store's schema, unless they exist. Under the start-up lock: two workers starting at once would both create."""
    names = {
        "schema": Identifier(database.schema),
        "table": Identifier(events_table),
        "function": Identifier(NOTIFY_FUNCTION),
        "trigger": Identifier(NOTIFY_TRIGGER),
        "schema_name": Literal(database.schema),
        "function_name": Literal(NOTIFY_FUNCTION),
        "trigger_name": Literal(NOTIFY_TRIGGER),
        "qualified": Literal(f'"{database.schema}"."{events_table}"'),
        "channel": Literal(NOTIFY_CHANNEL),
    }
    statement = SQL(
        "DO $do$ BEGIN "
        "IF NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = {schema_name} AND p.proname = {function_name}) THEN "
        "CREATE FUNCTION {schema}.{function}() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
        "PERFORM pg_notify({channel}, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME); RETURN NULL; END $fn$; "
        "END IF; "
        "IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = {trigger_name} AND tgrelid = {qualified}::regclass) "
        "THEN CREATE TRIGGER {trigger} AFTER INSERT ON {schema}.{table} FOR EACH STATEMENT "
        "EXECUTE FUNCTION {schema}.{function}(); "
        "END IF; END $do$"
    ).format(**names)
    with connect(database) as conn, conn.transaction():
        conn.execute(SQL("SELECT pg_advisory_xact_lock(hashtextextended({}, 0))").format(_startup_key(database)))
        conn.execute(statement)
