"""Persistence wiring: the eventsourcing environment for the event store, and the SQLAlchemy engine for read
models, both from one ``Database`` setting."""

from __future__ import annotations

from typing import Any

from sqlalchemy import URL, Engine, create_engine, event

from rpledger.infrastructure.settings import Database


def event_store_env(database: Database) -> dict[str, str]:
    """The eventsourcing settings for the native SQLite or PostgreSQL recorder (explicit: nothing from os.environ),
    through rpledger's factories that chain every stored event by hashes (see ``integrity``)."""
    if database.backend == "sqlite":
        assert database.sqlite_path is not None
        return {
            "PERSISTENCE_MODULE": "rpledger.infrastructure.chained_sqlite:ChainedSQLiteFactory",
            "SQLITE_DBNAME": str(database.sqlite_path),
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    return {
        "PERSISTENCE_MODULE": "rpledger.infrastructure.chained_postgres:ChainedPostgresFactory",
        "POSTGRES_DBNAME": database.name,
        "POSTGRES_HOST": database.host,
        "POSTGRES_PORT": str(database.port),
        "POSTGRES_USER": database.user,
        "POSTGRES_PASSWORD": database.password,
        "POSTGRES_SCHEMA": database.schema,
        "POSTGRES_CONNECT_TIMEOUT": "10",
    }


def read_model_engine(database: Database) -> Engine:
    if database.backend == "sqlite":
        assert database.sqlite_path is not None
        engine = create_engine(f"sqlite:///{database.sqlite_path}", connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _wal(dbapi_connection: Any, _: Any) -> None:
            # The event store switches the file to WAL; readers then never wait for the projection's writes.
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA busy_timeout=30000")

        return engine
    url = URL.create(
        "postgresql+psycopg",
        username=database.user or None,
        password=database.password or None,
        host=database.host,
        port=database.port,
        database=database.name,
    )
    return create_engine(
        url,
        connect_args={"options": f"-csearch_path={database.schema}"},
        pool_pre_ping=True,
    )
