"""Tamper evidence: what a database administrator does to stored events behind rpledger's back is caught by
``rpledger verify``, at the case and position where it was done; the database itself refuses UPDATE and DELETE."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.persistence import StoredEvent

from rpledger.bootstrap import Services
from rpledger.infrastructure import hash_chain
from rpledger.infrastructure.integrity import Break, check_digest, log_digest, verify
from rpledger.infrastructure.settings import Database
from tests.integration.conftest import NURSE, T0, record_history

ROOT = Path(__file__).resolve().parents[2]


class Administrator:
    """Someone with direct access to the database: drops the guards, then edits the tables with plain SQL."""

    def __init__(self, database: Database, services: Services) -> None:
        self.database = database
        recorder: Any = services.cases.recorder
        self.events, self.links = recorder.events_table_name, recorder.links_table_name
        self.postgres = database.backend == "postgresql"
        if self.postgres:
            self.conn: Any = psycopg.connect(database.url, autocommit=True, options=f"-csearch_path={database.schema}")
        else:
            self.conn = sqlite3.connect(database.sqlite_path or "", isolation_level=None)

    def sql(self, statement: str, *params: Any) -> list[Any]:
        if self.postgres:
            statement = statement.replace("?", "%s")
        cursor = self.conn.execute(statement, tuple(params))
        return list(cursor.fetchall()) if cursor.description else []

    def key(self, case_id: UUID) -> Any:
        return case_id if self.postgres else case_id.hex

    def drop_guards(self) -> None:
        for table in (self.events, self.links):
            if self.postgres:
                self.sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            else:
                for operation in ("update", "delete"):
                    self.sql(f"DROP TRIGGER {table}_refuse_{operation}")

    def state(self, case_id: UUID, position: int) -> bytes:
        where = "originator_id = ? AND originator_version = ?"
        return bytes(self.sql(f"SELECT state FROM {self.events} WHERE {where}", self.key(case_id), position)[0][0])

    def tamper(self, case_id: UUID, position: int, old: bytes, new: bytes) -> None:
        state = self.state(case_id, position)
        assert old in state
        self.set_state(case_id, position, state.replace(old, new))

    def set_state(self, case_id: UUID, position: int, state: bytes) -> None:
        where = "originator_id = ? AND originator_version = ?"
        self.sql(f"UPDATE {self.events} SET state = ? WHERE {where}", state, self.key(case_id), position)

    def delete(self, table: str, case_id: UUID, position: int) -> None:
        self.sql(f"DELETE FROM {table} WHERE originator_id = ? AND originator_version = ?", self.key(case_id), position)

    def rewrite_links(self, case_id: UUID) -> None:
        """What a forger who knows the algorithm does after changing an event: recompute the whole chain."""
        rows = self.sql(
            f"SELECT originator_version, topic, state FROM {self.events} WHERE originator_id = ? "
            "ORDER BY originator_version", self.key(case_id),
        )
        link = hash_chain.genesis(case_id)
        for version, topic, state in rows:
            link = hash_chain.link(link, case_id, version, topic, bytes(state))
            self.sql(f"UPDATE {self.links} SET link = ? WHERE originator_id = ? AND originator_version = ?",
                     link, self.key(case_id), version)


@pytest.fixture
def admin(database: Database, services: Services) -> Iterator[Administrator]:
    administrator = Administrator(database, services)
    try:
        yield administrator
    finally:
        administrator.conn.close()


@pytest.fixture
def two_cases(services: Services) -> tuple[UUID, UUID]:
    return record_history(services, "P-001"), record_history(services, "P-002")


def breaks(services: Services) -> list[tuple[UUID, int]]:
    return [(b.stream_id, b.position) for b in verify(services.cases.recorder).breaks]  # type: ignore[arg-type]


def run_verify(database: Database, *args: str) -> subprocess.CompletedProcess[str]:
    # The URL goes in the environment too: ``--database`` keeps the schema of the environment's database setting.
    env = {**os.environ, "RPLEDGER_DATABASE_URL": database.url, "RPLEDGER_POSTGRES_SCHEMA": database.schema}
    command = [sys.executable, "-m", "rpledger.cli", "verify", "--database", database.url, *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_an_untouched_store_verifies_clean(services: Services, two_cases: tuple[UUID, UUID]) -> None:
    report = verify(services.cases.recorder)  # type: ignore[arg-type]
    assert report.ok, report.breaks
    assert (report.streams, report.events) == (2, 8)


def test_a_changed_event_is_reported_at_its_case_and_position(
    services: Services, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    case_id = two_cases[1]
    admin.drop_guards()
    admin.tamper(case_id, 2, b"Dr Rao", b"Dr Roe")
    assert breaks(services) == [(case_id, 2)]


def test_a_deleted_event_is_reported_at_its_position(
    services: Services, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    case_id = two_cases[0]
    admin.drop_guards()
    admin.delete(admin.events, case_id, 3)
    assert breaks(services) == [(case_id, 3)]


def test_an_event_deleted_with_its_link_is_reported_once_at_the_hole(
    services: Services, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    case_id = two_cases[0]
    admin.drop_guards()
    admin.delete(admin.events, case_id, 2)
    admin.delete(admin.links, case_id, 2)
    (found,) = verify(services.cases.recorder).breaks  # type: ignore[arg-type]
    assert found == Break(case_id, 2, "event and its link missing")


def test_a_forged_event_is_reported_at_its_position(
    services: Services, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    case_id = two_cases[0]
    topic = admin.sql(f"SELECT topic FROM {admin.events} WHERE originator_version = 4")[0][0]
    admin.sql(f"INSERT INTO {admin.events} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
              admin.key(case_id), 5, topic, admin.state(case_id, 4))
    assert breaks(services) == [(case_id, 5)]


def test_two_swapped_events_are_reported_at_both_positions(
    services: Services, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    case_id = two_cases[1]
    second, third = admin.state(case_id, 2), admin.state(case_id, 3)
    admin.drop_guards()
    admin.set_state(case_id, 2, third)
    admin.set_state(case_id, 3, second)
    assert breaks(services) == [(case_id, 2), (case_id, 3)]


def test_events_recorded_after_a_tampering_still_chain(
    services: Services, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    case_id = two_cases[0]
    admin.drop_guards()
    admin.tamper(case_id, 2, b"Dr Rao", b"Dr Roe")
    services.cases.revise_care_plan(case_id, T0 + timedelta(days=1), [], "Revised", NURSE)
    record_history(services, "P-003")
    assert breaks(services) == [(case_id, 2)]


@pytest.mark.parametrize("table", ["events", "links"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET originator_version = originator_version", "DELETE FROM {table}"])
def test_the_database_refuses_to_update_or_delete_stored_events(
    admin: Administrator, two_cases: tuple[UUID, UUID], table: str, statement: str
) -> None:
    refused = (psycopg.errors.InsufficientPrivilege, sqlite3.IntegrityError)
    with pytest.raises(refused, match="rpledger: .*append-only"):
        admin.sql(statement.format(table=getattr(admin, table)))
    assert admin.sql(f"SELECT COUNT(*) FROM {getattr(admin, table)}")[0][0] == 8


def test_postgres_refuses_to_truncate_stored_events(
    database: Database, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    if not admin.postgres:
        pytest.skip("SQLite has no TRUNCATE")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="TRUNCATE .* refused"):
        admin.sql(f"TRUNCATE {admin.events}")


def test_the_command_line_reports_a_break_and_exits_1(
    database: Database, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    case_id = two_cases[0]
    admin.drop_guards()
    admin.tamper(case_id, 3, b"Jo Bloggs", b"J Nobody")
    result = run_verify(database)
    assert result.returncode == 1, result.stderr
    assert f"case {case_id} position 3: stored event does not match its link" in result.stdout


def test_the_command_line_prints_a_digest_of_a_clean_store(
    database: Database, services: Services, two_cases: tuple[UUID, UUID]
) -> None:
    result = run_verify(database, "--digest")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 case streams, 8 events checked: intact" in result.stdout
    assert result.stdout.splitlines()[-1] == log_digest(services.cases.recorder)  # type: ignore[arg-type]


def test_a_kept_digest_still_matches_after_more_events(
    database: Database, services: Services, two_cases: tuple[UUID, UUID]
) -> None:
    kept = log_digest(services.cases.recorder)  # type: ignore[arg-type]
    record_history(services, "P-003")
    assert check_digest(services.cases.recorder, kept) is None  # type: ignore[arg-type]
    assert run_verify(database, "--expect", kept).returncode == 0


def test_a_kept_digest_catches_a_forger_who_rewrote_the_links(
    database: Database, services: Services, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    kept = log_digest(services.cases.recorder)  # type: ignore[arg-type]
    record_history(services, "P-003")
    case_id = two_cases[0]
    admin.drop_guards()
    admin.tamper(case_id, 2, b"Dr Rao", b"Dr Roe")
    admin.rewrite_links(case_id)
    assert breaks(services) == []  # the chain alone is fooled...
    assert "history up to it was changed" in (check_digest(services.cases.recorder, kept) or "")  # type: ignore[arg-type]
    result = run_verify(database, "--expect", kept)  # ...the kept digest is not
    assert result.returncode == 1
    assert f"kept digest {kept}: digest as of notification" in result.stdout


def test_a_kept_digest_catches_the_newest_events_removed_with_their_links(
    services: Services, admin: Administrator, two_cases: tuple[UUID, UUID]
) -> None:
    kept = log_digest(services.cases.recorder)  # type: ignore[arg-type]
    case_id = two_cases[1]
    admin.drop_guards()
    admin.delete(admin.events, case_id, 4)
    admin.delete(admin.links, case_id, 4)
    assert breaks(services) == []
    assert "events removed" in (check_digest(services.cases.recorder, kept) or "")  # type: ignore[arg-type]


def test_several_events_of_several_cases_saved_together_chain(services: Services) -> None:
    first, second = uuid4(), uuid4()
    topic = "rpledger.domain.case:Case.Opened"
    services.cases.recorder.insert_events(
        [StoredEvent(stream, version, topic, b"{}") for version in (1, 2, 3) for stream in (first, second)]
    )
    services.cases.recorder.insert_events([StoredEvent(first, 4, topic, b"{}")])
    report = verify(services.cases.recorder)  # type: ignore[arg-type]
    assert (report.ok, report.streams, report.events) == (True, 2, 7)
