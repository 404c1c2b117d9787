"""Settings, read from the environment once, into a frozen object. Nothing else in rpledger reads os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_DATABASE_URL = "sqlite:///rpledger.db"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Database:
    """Where events and read models live: one SQLite file, or one PostgreSQL database (and schema)."""

    url: str
    backend: str  # "sqlite" or "postgresql"
    sqlite_path: Path | None = None
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    name: str = ""
    schema: str = "public"

    @classmethod
    def from_url(cls, url: str, schema: str = "public") -> Database:
        parts = urlsplit(url)
        scheme = parts.scheme.split("+")[0]
        if scheme == "sqlite":
            path = unquote(parts.path.removeprefix("/"))
            if not path or path == ":memory:":
                raise SettingsError("RPLEDGER_DATABASE_URL: a SQLite URL needs a file path, e.g. sqlite:///rpledger.db")
            return cls(url=url, backend="sqlite", sqlite_path=Path(path), schema=schema)
        if scheme in ("postgresql", "postgres"):
            name = parts.path.lstrip("/")
            if not name or not parts.hostname:
                raise SettingsError(
                    "RPLEDGER_DATABASE_URL: a PostgreSQL URL needs a host and a database, "
                    "e.g. postgresql://postgres@127.0.0.1:5432/rpledger"
                )
            return cls(
                url=url,
                backend="postgresql",
                host=parts.hostname,
                port=parts.port or 5432,
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                name=name,
                schema=schema,
            )
        raise SettingsError(
            f"RPLEDGER_DATABASE_URL: unsupported scheme {parts.scheme!r}; use sqlite:///FILE or postgresql://..."
        )


@dataclass(frozen=True)
class Settings:
    database: Database
    host: str = "127.0.0.1"
    port: int = 8000
    graphiql: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        schema = env.get("RPLEDGER_POSTGRES_SCHEMA", "public")
        database = Database.from_url(env.get("RPLEDGER_DATABASE_URL", DEFAULT_DATABASE_URL), schema)
        return cls(
            database=database,
            host=env.get("RPLEDGER_HOST", "127.0.0.1"),
            port=_port(env.get("RPLEDGER_PORT", "8000")),
            graphiql=env.get("RPLEDGER_GRAPHIQL", "true").lower() not in ("0", "false", "no", "off"),
        )

    def with_database_url(self, url: str) -> Settings:
        return replace(self, database=Database.from_url(url, self.database.schema))


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise SettingsError(f"RPLEDGER_PORT: {value!r} is not a port number") from None
    if not 0 < port < 65536:
        raise SettingsError(f"RPLEDGER_PORT: {port} is outside 1-65535")
    return port
