"""Shared fixtures: a real database per backend (a SQLite file, and PostgreSQL when configured), a settable clock,
and rpledger's services wired on them exactly as the server wires them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import uuid4

import psycopg
import pytest

from rpledger.bootstrap import Services, build_services
from rpledger.infrastructure.settings import Database, Settings

POSTGRES_URL_VARIABLE = "RPLEDGER_TEST_POSTGRES_URL"


class Clock:
    """The moment rpledger takes as now; tests set it ("Given it is 2025-03-01 10:00")."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 3, 1, 9, 0, tzinfo=UTC))


def postgres_database() -> Iterator[Database]:
    """A fresh schema in the test PostgreSQL database, dropped afterwards; skipped when none is configured."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
    schema = f"rpledger_test_{uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield Database.from_url(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> Iterator[Database]:
    """Each test that uses this runs once on a SQLite file and once on PostgreSQL (skipped when unset)."""
    if request.param == "sqlite":
        yield Database.from_url(f"sqlite:///{tmp_path}/rpledger.db")
    else:
        yield from postgres_database()


@pytest.fixture
def settings(database: Database) -> Settings:
    return Settings(database=database)


@pytest.fixture
def services(settings: Settings, clock: Clock) -> Iterator[Services]:
    built = build_services(settings, clock=clock)
    try:
        yield built
    finally:
        built.close()
