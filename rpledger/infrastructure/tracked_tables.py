"""What every SQL read model shares: its tables with a tracking row (the last log position applied) and a schema
version, created on first use, dropped and refilled from the log when the version changes, and written one batch at
a time together with the new position, refusing a position that is not newer (so no event is applied twice).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, MetaData, Table, insert, inspect, select, update
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

    def create(self) -> None:
        with self._create_lock, self.engine.begin() as conn:
            if not self._schema_is_current(conn):
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
        with self.engine.begin() as conn:
            self.metadata.drop_all(conn, checkfirst=True)
        self.create()

    def position(self) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(self._position_query()).scalar()
        return int(found or 0)

    def apply(self, states: Sequence[State], position: int) -> None:
        with self.engine.begin() as conn:
            # The tracking row is claimed first, conditionally: a worker holding an older position changes nothing.
            claimed = conn.execute(
                update(self.tracking)
                .where(self.tracking.c.projection == self.projection_name, self.tracking.c.position < position)
                .values(position=position)
            )
            if claimed.rowcount != 1:
                raise PositionNotNewerError(position)
            for state in states:
                self._replace(conn, state)

    def _replace(self, conn: Connection, state: State) -> None:
        raise NotImplementedError
