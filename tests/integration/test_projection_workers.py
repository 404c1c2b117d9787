"""Projections in processes of their own (``rpledger project``) beside writers in other processes, on real
databases: they bring the read models to the head of the log, apply every event once even two at a time, resume after
SIGKILL with no gap and no double, and on PostgreSQL wake when events are stored. "The same as a fresh rebuild" means
the rows of every read-model table equal those of both projections run from scratch on the same event store. Every
wait is bounded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Integer, select

from rpledger.application.blanket_projection import BlanketRegisterProjection
from rpledger.application.cases import Cases
from rpledger.application.projection import CaseProjection
from rpledger.application.view import PositionNotNewerError
from rpledger.bootstrap import Services, build_services
from rpledger.cli import main
from rpledger.domain.blanket_restriction import BlanketRestrictionCategory
from rpledger.domain.codes import Setting
from rpledger.infrastructure.blanket_register import SqlBlanketRegister
from rpledger.infrastructure.compliance_view import SqlComplianceView
from rpledger.infrastructure.persistence import event_store_env, read_model_engine
from rpledger.infrastructure.settings import Database, Settings
from rpledger.infrastructure.tracked_tables import TrackedTables
from tests.conftest import TEST_AUTH, TEST_PROVIDER, TEST_SECRET, postgres_database
from tests.integration.conftest import NURSE, T0, record_history
from tests.integration.test_graphql_http import CASE, Server, free_port, record_a_use

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30.0


def environment(database: Database, **extra: str) -> dict[str, str]:
    return {**os.environ, "RPLEDGER_DATABASE_URL": database.url, "RPLEDGER_POSTGRES_SCHEMA": database.schema, **extra}


def write(services: Services, first: int, count: int, restrictions: int = 0) -> None:
    """``count`` histories of four events each from number ``first``, then ``restrictions`` blanket restrictions,
    from this process, without bringing the read models up to date (``services`` are built not to)."""
    for n in range(first, first + count):
        record_history(services, f"P-{n:04d}")
    for n in range(restrictions):
        services.blanket_restrictions.introduce(
            "ward-oak", Setting.MENTAL_HEALTH_INPATIENT, "ward", f"Restriction {first}-{n}",
            BlanketRestrictionCategory.HOT_DRINKS, NURSE, introduced_at=T0, provider_id=TEST_PROVIDER,
        )


def project(database: Database, log: Path, *options: str, batch_size: int = 500) -> subprocess.Popen[bytes]:
    """``rpledger project`` in a process of its own, its output in ``log``."""
    command = [sys.executable, "-m", "rpledger.cli", "project", "--database", database.url, *options]
    env = environment(database, RPLEDGER_PROJECTION_BATCH_SIZE=str(batch_size))
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT, every: float = 0.02) -> float:
    """Seconds until ``condition`` held; fails after ``timeout``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"not within {timeout} s: {what}")
        time.sleep(every)
    return time.monotonic() - started


def wait_for_line(process: subprocess.Popen[bytes], log: Path, text: str) -> None:
    def logged() -> bool:
        if process.poll() is not None:
            pytest.fail(f"rpledger project exited with {process.returncode}:\n{log.read_text()}")
        return text in log.read_text()

    wait_until(logged, f"{text!r} in {log}")


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=TIMEOUT)
        pytest.fail("rpledger project did not stop on SIGTERM")


@pytest.fixture
def observer(settings: Settings) -> Iterator[Services]:
    """The database as this test sees it; it never brings the read models up to date itself."""
    built = build_services(settings, catch_up=False)
    try:
        yield built
    finally:
        built.close()


def rows(*views: TrackedTables[Any]) -> dict[str, Counter[tuple[Any, ...]]]:
    """Every row of the views' tables but tracking, each without its surrogate key (a serial number that differs
    from one write of the same row to the next), counted: a row applied twice counts 2."""
    found: dict[str, Counter[tuple[Any, ...]]] = {}
    for view in views:
        with view.engine.connect() as conn:
            for table in view.metadata.sorted_tables:
                if table in (view.tracking, view.schema_version):
                    continue
                columns = [c for c in table.c if not (c.primary_key and isinstance(c.type, Integer))]
                found[table.name] = Counter(tuple(row) for row in conn.execute(select(*columns)))
    return found


def rebuilt_from_scratch(settings: Settings, scratch: Path) -> dict[str, Counter[tuple[Any, ...]]]:
    """The rows both projections write when run from the start of the log into empty tables (a SQLite file)."""
    cases = Cases(env=event_store_env(settings.database), policies=settings.policies)
    view = SqlComplianceView(read_model_engine(Database.from_url(f"sqlite:///{scratch}")), cases.mapper.transcoder)
    register = SqlBlanketRegister(view.engine)
    try:
        CaseProjection(cases, view).catch_up()
        BlanketRegisterProjection(cases, register).catch_up()
        return rows(view, register)
    finally:
        view.engine.dispose()
        cases.close()


def assert_the_same_as_a_fresh_rebuild(observer: Services, tmp_path: Path, cases: int, restrictions: int) -> None:
    head = observer.cases.recorder.max_notification_id()
    assert observer.view.position() == observer.blanket_register.position() == head
    found = rows(observer.view, observer.blanket_register)
    assert (found["rp_cases"].total(), found["rp_blanket_restrictions"].total()) == (cases, restrictions)
    assert found == rebuilt_from_scratch(observer.settings, tmp_path / "scratch.db")


def test_project_once_brings_the_read_models_to_the_head_of_the_log(
    database: Database, observer: Services, tmp_path: Path
) -> None:
    write(observer, 0, 8, restrictions=3)
    assert observer.view.position() == 0 < observer.cases.recorder.max_notification_id()
    log = tmp_path / "project.log"
    assert project(database, log, "--once").wait(timeout=TIMEOUT) == 0
    assert "applied 35 events, now at position" in log.read_text()
    assert_the_same_as_a_fresh_rebuild(observer, tmp_path, cases=8, restrictions=3)


def test_two_projectors_at_once_apply_every_event_once(database: Database, observer: Services, tmp_path: Path) -> None:
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    projectors = [project(database, log, "--poll", "0.1", batch_size=3) for log in logs]
    for projector, log in zip(projectors, logs, strict=True):
        wait_for_line(projector, log, "caught up")
    write(observer, 0, 30, restrictions=5)  # while both follow the log, a batch of three events at a time
    head = observer.cases.recorder.max_notification_id()
    wait_until(lambda: observer.view.position() == observer.blanket_register.position() == head, "both at the head")
    assert [stop(projector) for projector in projectors] == [0, 0]
    assert_the_same_as_a_fresh_rebuild(observer, tmp_path, cases=30, restrictions=5)
    assert all("Traceback" not in log.read_text() for log in logs)


def test_a_projector_killed_mid_catch_up_resumes_with_no_gap_and_no_double(
    database: Database, observer: Services, tmp_path: Path
) -> None:
    write(observer, 0, 20, restrictions=2)
    head = observer.cases.recorder.max_notification_id()
    log = tmp_path / "project.log"
    projector = project(database, log, batch_size=2)
    wait_until(lambda: observer.view.position() > 0 or projector.poll() is not None, "a first batch", every=0.005)
    projector.send_signal(signal.SIGKILL)
    projector.wait(timeout=TIMEOUT)
    assert 0 < observer.view.position() < head, log.read_text()
    assert project(database, log, "--once", batch_size=2).wait(timeout=TIMEOUT) == 0
    assert_the_same_as_a_fresh_rebuild(observer, tmp_path, cases=20, restrictions=2)


def test_a_batch_read_before_a_reset_is_refused(services: Services) -> None:
    """A worker that read the log at the old position while ``projections rebuild`` emptied the tables must not
    jump them to its own position: everything before its batch would be skipped."""
    case_id = record_history(services, "P-0001")
    position = services.view.position()
    state = services.projection.state_of(case_id, 4)
    services.view.reset()
    with pytest.raises(PositionNotNewerError):
        services.view.apply([state], position + 1, previous=position)
    assert (services.view.position(), services.view.case(case_id)) == (0, None)


@pytest.fixture
def postgres() -> Iterator[Database]:
    """A fresh PostgreSQL schema, for the tests that only PostgreSQL can run."""
    yield from postgres_database()


@pytest.mark.postgres
def test_on_postgresql_new_events_wake_the_projector(postgres: Database, tmp_path: Path) -> None:
    observer = build_services(Settings(database=postgres, authentication=TEST_AUTH), catch_up=False)
    log = tmp_path / "project.log"
    projector = project(postgres, log, "--poll", "60")
    try:
        wait_for_line(projector, log, "caught up")
        record_history(observer, "P-0001")
        head = observer.cases.recorder.max_notification_id()
        # Polling alone would take a minute.
        assert wait_until(lambda: observer.view.position() == head, "woken by the notification", timeout=5) < 3
        assert stop(projector) == 0
    finally:
        projector.kill()
        observer.close()


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--workers", "2", "--database", f"sqlite:///{tmp_path}/rpledger.db"]) == 2
    assert "--workers 2 needs PostgreSQL" in capsys.readouterr().err
    assert not (tmp_path / "rpledger.db").exists()


@pytest.mark.postgres
@pytest.mark.http
def test_on_postgresql_two_api_workers_and_a_projector_serve_one_database(postgres: Database, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "server.log"
    command = [sys.executable, "-m", "rpledger.cli", "serve", "--workers", "2", "--port", str(port),
               "--database", postgres.url]
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment(postgres, RPLEDGER_JWT_SECRET=TEST_SECRET),
                                   stdout=output, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    projector = project(postgres, tmp_path / "project.log")
    try:
        server.wait_until_healthy()
        case_id = record_a_use(server)
        # Each request may reach either worker: every one reads what the other wrote.
        answers = [server.graphql(CASE, id=case_id)["case"] for _ in range(6)]
        assert {(case["personRef"], case["status"]) for case in answers} == {("P-HTTP", "NON_COMPLIANT")}
        assert server.stop() in (0, -signal.SIGTERM) and not server.killed
        assert stop(projector) == 0
    finally:
        server.stop()
        projector.kill()
    assert "Traceback" not in log.read_text()
