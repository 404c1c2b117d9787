"""Shared fixtures: a real database per backend (a SQLite file, and PostgreSQL when configured), a settable clock,
and rpledger's services wired on them exactly as the server wires them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import uuid4

import psycopg
import pytest

from rpledger.application.access import Role
from rpledger.bootstrap import Services, build_services
from rpledger.infrastructure.settings import Authentication, Database, Settings
from rpledger.infrastructure.tokens import mint_development_token

POSTGRES_URL_VARIABLE = "RPLEDGER_TEST_POSTGRES_URL"
# The shared secret the tests' servers verify tokens with (development mode's HS256).
TEST_SECRET = "rpledger-tests-only-secret-0123456789abcdef"
TEST_AUTH = Authentication(secret=TEST_SECRET)
TEST_PROVIDER = "test-provider"
# Every location the tests record at; the default test token reaches them all.
TEST_LOCATIONS = (
    "WARD-A", "WARD-B", "WARD-Z", "HOME-1", "ward-7", "oak", "elm", "elm-house", "x", "W",
    "Ward 7", "Elm House", "Oak Ward",
)
# The roles that read and write cases and restrictions (not ADMIN, whose work is the provider's settings).
STAFF_ROLES = (Role.CARE_STAFF, Role.CLINICIAN, Role.MANAGER, Role.AUDITOR)


def token_for(
    roles: tuple[Role, ...] | list[Role] = STAFF_ROLES,
    *,
    provider: str = TEST_PROVIDER,
    locations: tuple[str, ...] | list[str] = TEST_LOCATIONS,
    subject: str = "local",
    name: str = "Local user",
) -> str:
    """A bearer token the tests' servers accept. By default: the tests' user, who may do everything but ADMIN's
    work, at every test location."""
    return mint_development_token(
        TEST_SECRET, subject=subject, name=name, roles=roles, provider=provider, locations=locations,
        now=datetime.now(UTC),
    )


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
    return Settings(database=database, authentication=TEST_AUTH)


@pytest.fixture
def services(settings: Settings, clock: Clock) -> Iterator[Services]:
    built = build_services(settings, clock=clock)
    try:
        yield built
    finally:
        built.close()
