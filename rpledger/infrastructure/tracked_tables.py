"""What every SQL read model shares: its tables with a tracking row (the last log position applied) and a schema
version, created on first use, dropped and refilled from the log when the version changes, and written one batch at
a time together with the new position, refusing a position that is not newer (so no event is applied twice).

Several processes write the same read models (API workers after their own saves, ``rpledger project`` processes),
so both the write of a batch and the creation of the tables are atomic across processes:

- ``apply`` claims the tracking row first, with one conditional UPDATE in the transaction that then writes the rows:
  newer than the recorded position, and (when the caller says where its batch started) still at that start. On
  PostgreSQL the UPDATE takes the row's lock; a second worker's UPDATE waits for the first to commit, then re-reads
  the row (READ COMMITTED re-checks the WHERE clause on the committed version) and matches nothing. On SQLite the
  UPDATE takes the database's write lock. A worker that finds nothing to claim raises ``PositionNotNewerError`` and
  has written nothing. The start condition also refuses a batch read before a ``reset`` (``projections rebuild``),
  which would otherwise jump the emptied tables to its own position and skip everything before it.
- ``create`` and ``reset`` run in one transaction that holds a lock for the DDL (PostgreSQL: an advisory lock on the
  schema; SQLite: ``BEGIN IMMEDIATE``): processes starting at once would each find a table missing and each create
  it, and all but one would fail.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, MetaData, Table, insert, inspect, select, text, update
from sqlalchemy.engine import Connection

from rpledger.application.view import PositionNotNewerError

State = TypeVar("State")


class TrackedTables(Generic[State]):
    """A read model: subclasses name their tables and write one state in ``_replace``."""

    metadata: MetaData
    tracking: Table  # columns: projection (key), position
    schema_version: Table  # columns: name (key), version
    projection_name: str
    version: str  # raised whenever a table changes shape

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._create_lock = threading.Lock()
        self.create()

    def create(self, *, drop: bool = False) -> None:
        """Create the tables that are missing; first drop them all when ``drop`` or when they are of another
        version."""
        with self._create_lock:
            if not drop and self._ready():
                return  # the usual start: nothing to write, so no need to wait for the lock
            self._create(drop)

    def _ready(self) -> bool:
        """Whether every table is there, made by this version, with its tracking row."""
        with self.engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            if any(table.name not in names for table in self.metadata.sorted_tables):
                return False
            return self._schema_is_current(conn) and conn.execute(self._position_query()).first() is not None

    def _create(self, drop: bool) -> None:
        with self.engine.begin() as conn:
            _lock_ddl(conn)
            if drop or not self._schema_is_current(conn):
                self.metadata.drop_all(conn, checkfirst=True)
            self.metadata.create_all(conn, checkfirst=True)
            if conn.execute(select(self.schema_version.c.version)).first() is None:
                conn.execute(insert(self.schema_version).values(name=self.projection_name, version=self.version))
            if conn.execute(self._position_query()).first() is None:
                conn.execute(insert(self.tracking).values(projection=self.projection_name, position=0))

    def _schema_is_current(self, conn: Connection) -> bool:
        """True when the tables are missing (nothing to drop) or were made by this version of rpledger."""
        names = set(inspect(conn).get_table_names())
        if self.tracking.name not in names:
            return True
        if self.schema_version.name not in names:
            return False
        found = conn.execute(
            select(self.schema_version.c.version).where(self.schema_version.c.name == self.projection_name)
        )
        return found.scalar() == self.version

    def _position_query(self) -> Any:
        return select(self.tracking.c.position).where(self.tracking.c.projection == self.projection_name)

    def reset(self) -> None:
        self.create(drop=True)

    def position(self) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(self._position_query()).scalar()
        return int(found or 0)

    def apply(self, states: Sequence[State], position: int, *, previous: int | None = None) -> None:
        """Write ``states`` and record ``position`` in one transaction, or raise ``PositionNotNewerError`` and write
        nothing: when the recorded position is not older than ``position``, or (given ``previous``, where the batch
        started) is no longer ``previous``."""
        claim = [self.tracking.c.projection == self.projection_name, self.tracking.c.position < position]
        if previous is not None:
            claim.append(self.tracking.c.position == previous)
        with self.engine.begin() as conn:
            # The tracking row is claimed first, conditionally: a worker holding an older position changes nothing.
            claimed = conn.execute(update(self.tracking).where(*claim).values(position=position))
            if claimed.rowcount != 1:
                raise PositionNotNewerError(position)
            self._replace_all(conn, states)

    def _replace_all(self, conn: Connection, states: Sequence[State]) -> None:
        """Replace the rows of every stream in ``states`` (one state per stream). Views that can write a batch's
        rows in a few statements, rather than a few per stream, override this."""
        for state in states:
            self._replace(conn, state)

    def _replace(self, conn: Connection, state: State) -> None:
        raise NotImplementedError


def _lock_ddl(conn: Connection) -> None:
    """Make this transaction the only one creating or dropping read-model tables until it ends."""
    if conn.dialect.name == "sqlite":
        # pysqlite opens no transaction for DDL on its own; IMMEDIATE takes the write lock now (waiting its turn).
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        key = "hashtextextended('rpledger read models ' || current_schema(), 0)"
        conn.execute(text(f"SELECT pg_advisory_xact_lock({key})"))
