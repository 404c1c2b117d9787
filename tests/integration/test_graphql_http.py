"""Smoke tests through a real server: ``rpledger serve`` in a subprocess on a free loopback port, spoken to over
real HTTP, stopped with SIGTERM, and started again on the same database. Every wait is bounded."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from rpledger.infrastructure.settings import Database
from tests.conftest import TEST_SECRET, token_for
from tests.integration.conftest import ERRORS, PERSON

pytestmark = pytest.mark.http

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Server:
    def __init__(self, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.process, self.url, self.log = process, url, log
        self.killed = False

    def graphql(self, query: str, **variables: Any) -> dict[str, Any]:
        response = httpx.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables}, timeout=TIMEOUT,
            headers={"Authorization": f"Bearer {token_for()}"},
        )
        assert response.status_code == 200 and "Traceback" not in response.text, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        pytest.fail(f"the server was not healthy within {TIMEOUT} s:\n{self.log.read_text()}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.killed = True
                self.process.kill()
                self.process.wait(timeout=TIMEOUT)
        return self.process.returncode


@contextmanager
def serving(database: Database, log: Path) -> Iterator[Server]:
    port = free_port()
    env = {**os.environ, "RPLEDGER_DATABASE_URL": database.url, "RPLEDGER_POSTGRES_SCHEMA": database.schema,
           "RPLEDGER_JWT_SECRET": TEST_SECRET}
    command = [sys.executable, "-m", "rpledger.cli", "serve", "--port", str(port), "--database", database.url,
               "--log-level", "info"]
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        server.wait_until_healthy()
        yield server
    finally:
        server.stop()


OPEN_CASE = f"""mutation($input: OpenCaseInput!) {{ openCase(input: $input) {{ case {{ id personRef }} {ERRORS} }} }}"""
RECORD_USE = f"""mutation($input: RecordUseInput!) {{ recordUse(input: $input) {{ use {{ id }} {ERRORS} }} }}"""
CASE = """query($id: ID!) { case(id: $id) {
  personRef locationId status(asOf: "2025-03-02T10:20:01Z")
  obligations(asOf: "2025-03-02T10:20:01Z") { ruleId dueAt status timeToReviewSeconds }
  findings(asOf: "2025-03-02T10:20:01Z") { ruleId detail }
  history { kind occurredAt recordedAt recordedBy { id } }
} }"""


def record_a_use(server: Server) -> str:
    opened = {"personRef": "P-HTTP", "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A",
              "openedAt": "2025-03-01T08:00:00+00:00", "person": PERSON}
    payload = server.graphql(OPEN_CASE, input=opened)["openCase"]
    assert payload["errors"] == []
    case_id: str = payload["case"]["id"]
    segments = [{"practice": "PHYS_PRONE", "startedAt": "2025-03-01T10:00:00Z", "endedAt": "2025-03-01T10:20:00Z"}]
    assert server.graphql(RECORD_USE, input={"caseId": case_id, "segments": segments})["recordUse"]["errors"] == []
    return case_id


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "server.log"


def test_server_reports_health(database: Database, log: Path) -> None:
    with serving(database, log) as server:
        assert httpx.get(f"{server.url}/health", timeout=TIMEOUT).json() == {"status": "ok"}


def test_mutation_then_query_over_http(database: Database, log: Path) -> None:
    with serving(database, log) as server:
        case = server.graphql(CASE, id=record_a_use(server))["case"]
    assert (case["personRef"], case["status"]) == ("P-HTTP", "NON_COMPLIANT")
    # A bare record of a 20-minute prone restraint, and nothing after it: no check of the person's physical health
    # within the hour (RES-04) nor a debrief, so a day later the debrief with the person is overdue.
    assert {o["ruleId"]: o["status"] for o in case["obligations"]} == {
        "RES-04": "OVERDUE", "DEB-01": "OVERDUE", "DEB-02": "PENDING", "CP-01": "PENDING"
    }
    # In the order they arose: no authorisation (AUTH-01); held past NICE's 10 minutes (RES-03); no s6(5) facts
    # (UOF-03), among them no reason for prone (RES-01) nor for going to the floor (RES-06); by the debrief deadline,
    # no word of the post-incident reviews (DEB-03); and recorded (now) long after the use ended (REC-01).
    assert [f["ruleId"] for f in case["findings"]] == [
        "AUTH-01", "RES-03", "RES-01", "RES-06", "UOF-03", "DEB-03", "REC-01"
    ]


def test_graphiql_is_served_to_a_browser(database: Database, log: Path) -> None:
    with serving(database, log) as server:
        response = httpx.get(f"{server.url}/graphql", headers={"Accept": "text/html"}, timeout=TIMEOUT)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


def test_server_stops_cleanly_on_sigterm(database: Database, log: Path) -> None:
    with serving(database, log) as server:
        record_a_use(server)
        returncode = server.stop()
    # uvicorn shuts down gracefully, then re-raises the signal it caught, so the exit status is "killed by SIGTERM"
    assert (server.killed, returncode) == (False, -signal.SIGTERM)
    assert "Application shutdown complete" in log.read_text() and "Traceback" not in log.read_text()


def test_data_survives_a_server_restart(database: Database, log: Path) -> None:
    with serving(database, log) as server:
        case_id = record_a_use(server)
        before = server.graphql(CASE, id=case_id)
    with serving(database, log) as server:
        assert server.graphql(CASE, id=case_id) == before
