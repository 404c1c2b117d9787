"""PostgreSQL stopped while clients are writing: requests fail within seconds with HTTP 503 and a ``SERVICE_UNAVAILABLE``
GraphQL error (never a hang, a server error or a traceback), succeed again once PostgreSQL is back without restarting
rpledger, and every write that was acknowledged is in the store, once.

The outage test stops a PostgreSQL server, so it runs its own: a throwaway cluster made with ``initdb`` in a
temporary folder, on a free port (the shared test server on 5432 serves other test runs at the same time). It runs
when ``RPLEDGER_TEST_POSTGRES_URL`` is set (as for every PostgreSQL test) and PostgreSQL's server programs are
installed; as root they run as the ``postgres`` user, since ``initdb`` refuses root. The other tests here make the
database fail inside the app (a driver error raised where the read models or the event store would raise it), on
every backend, to check what the answer says about what was recorded.
"""

from __future__ import annotations

import logging
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from uuid import UUID

import eventsourcing.persistence
import httpx
import psycopg
import psycopg_pool
import pytest
import sqlalchemy.exc
from cryptography.hazmat.primitives.asymmetric import rsa

from rpledger.bootstrap import Services, build_services
from rpledger.domain.case import Case
from rpledger.graphql.app import MAYBE_RECORDED, NOT_RECORDED, RECORDED, RETRY_AFTER_SECONDS, SERVICE_UNAVAILABLE
from rpledger.infrastructure.persistence import POOL_WAIT_SECONDS
from rpledger.infrastructure.settings import Database, Settings
from tests.conftest import POSTGRES_URL_VARIABLE, TEST_AUTH, TEST_PROVIDER, TEST_SECRET, Clock, token_for
from tests.integration.conftest import COMPLETE_FACTS, ERRORS, PERSON, Api, api_for
from tests.integration.test_graphql_hardening import production_settings, production_token, send
from tests.integration.test_graphql_http import Server, free_port

ROOT = Path(__file__).resolve().parents[2]
# The longest any request may take while PostgreSQL is down. A recorder call gives up after 10 tries, each waiting
# persistence.POOL_WAIT_SECONDS for a connection and 0.2 s between them; the read models give up at once. A process
# answers one request at a time, so with four writers one may queue behind the other three.
WRITERS = 4
REQUEST_LIMIT = WRITERS * 10 * (POOL_WAIT_SECONDS + 0.2) + 5.0
# How long, at most, the clients may wait for what each phase needs (writes acknowledged, 503s seen).
PHASE_LIMIT = 30.0

OPEN_CASE = f"mutation($input: OpenCaseInput!) {{ openCase(input: $input) {{ case {{ id }} {ERRORS} }} }}"
RECORD_USE = (
    "mutation($input: RecordUseInput!, $key: String) "
    f"{{ recordUse(input: $input, idempotencyKey: $key) {{ use {{ id }} {ERRORS} }} }}"
)
USES = "query($id: ID!) { case(id: $id) { uses { id } } }"
# Personal data the writes carry, which no log line may show.
PERSONAL = (PERSON["name"], PERSON["nhsNumber"], *(member["name"] for member in COMPLETE_FACTS["staff"]))


# ------------------------------------------------------------------------------------------ a private PostgreSQL


def _server_programs() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: Debian's newest /usr/lib/postgresql/N/bin, else the PATH's."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(re.sub(r"\D", "", p.parent.name) or 0))
    for folder in [*reversed(found), *(Path(p).parent for p in [shutil.which("pg_ctl")] if p)]:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


@dataclass
class Cluster:
    """A PostgreSQL cluster of the test's own, in a temporary folder, that the test may stop and start at will."""

    programs: Path
    folder: Path
    port: int
    user: str | None  # the OS user its programs run as (None: this process's)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, program: str, *arguments: str) -> None:
        completed = subprocess.run(
            [str(self.programs / program), *arguments], cwd=self.folder, user=self.user, capture_output=True,
            text=True, timeout=60, check=False,
        )
        if completed.returncode:
            raise RuntimeError(f"{program} {' '.join(arguments)} exited {completed.returncode}:\n{completed.stderr}")

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
        self.run("pg_ctl", "start", "-D", str(self.folder / "data"), "-l", str(self.folder / "server.log"),
                 "-o", options, "-w", "-t", "60")

    def stop(self, mode: str = "immediate") -> None:
        """``immediate``: the server dies as in a crash, dropping every connection mid-whatever; it recovers from
        its write-ahead log when started again."""
        self.run("pg_ctl", "stop", "-D", str(self.folder / "data"), "-m", mode, "-w", "-t", "60")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not os.environ.get(POSTGRES_URL_VARIABLE):
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
    programs = _server_programs()
    if programs is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    user = None
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            user = pwd.getpwnam("postgres").pw_name
        except KeyError:
            pytest.skip("running as root, and there is no postgres user to run PostgreSQL's server as")
    # Not pytest's tmp_path: its parents are private to this user, and the server may run as another.
    folder = Path(tempfile.mkdtemp(prefix="rpledger-outage-"))
    try:
        if user is not None:
            shutil.chown(folder, user)
        built = Cluster(programs, folder, free_port(), user)
        built.run("initdb", "-D", str(folder / "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        built.start()
        yield built
    finally:
        subprocess.run(
            [str(programs / "pg_ctl"), "stop", "-D", str(folder / "data"), "-m", "immediate"], cwd=folder, user=user,
            capture_output=True, timeout=60, check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(cluster: Cluster, tmp_path: Path) -> Iterator[Server]:
    """``rpledger serve`` (uvicorn) on the private cluster, its output (the operators' log) kept in a file."""
    port, log = free_port(), tmp_path / "server.log"
    env = {**os.environ, "RPLEDGER_DATABASE_URL": cluster.url, "RPLEDGER_JWT_SECRET": TEST_SECRET}
    env.pop("RPLEDGER_POSTGRES_SCHEMA", None)
    command = [sys.executable, "-m", "rpledger.cli", "serve", "--port", str(port), "--log-level", "warning"]
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    running = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        running.wait_until_healthy()
        yield running
    finally:
        running.stop()


# ------------------------------------------------------------------------------------------ the writing clients


@dataclass(frozen=True)
class Answer:
    """One request and its answer, as a client saw them."""

    writer: str
    marker: str  # the use's description, or the person reference of the case opened
    kind: str  # "use" or "case"
    started: float  # time.monotonic()
    seconds: float
    status: int
    acknowledged: str | None  # the id of what was recorded, when the answer said it was
    recorded: str | None  # the SERVICE_UNAVAILABLE error's account of the writes
    problem: str | None  # anything but an acknowledgement or a well-formed 503

    @property
    def ended(self) -> float:
        return self.started + self.seconds


def _problem(response: httpx.Response) -> str | None:
    """What is wrong with an answer that is not an acknowledgement; None for the outage's 503."""
    if "Traceback" in response.text:
        return f"a traceback: {response.text}"
    if response.status_code != 503:
        return f"HTTP {response.status_code}: {response.text}"
    body = response.json()
    first = (body.get("errors") or [{}])[0]
    extensions = first.get("extensions") or {}
    if extensions.get("code") != SERVICE_UNAVAILABLE or extensions.get("recorded") not in (
        NOT_RECORDED, MAYBE_RECORDED, RECORDED
    ):
        return f"a 503 without the SERVICE_UNAVAILABLE error: {response.text}"
    if response.headers.get("Retry-After") != str(RETRY_AFTER_SECONDS):
        return f"a 503 without Retry-After: {response.headers}"
    return None


@dataclass
class Writer:
    """A client writing continuously: a use after another on its own case and, unless ``keyed``, now and then a new
    case. A keyed writer sends every use with an idempotency key and sends it again, with the same key, until it is
    acknowledged; the other sends each write once and moves on, whatever the answer."""

    name: str
    url: str
    case_id: str
    keyed: bool
    stop: threading.Event
    answers: list[Answer] = field(default_factory=list)
    failures: list[BaseException] = field(default_factory=list)

    def run(self) -> None:
        try:
            with httpx.Client(base_url=self.url, timeout=REQUEST_LIMIT * 2,
                              headers={"Authorization": f"Bearer {token_for()}"}) as client:
                count = 0
                while not self.stop.is_set():
                    count += 1
                    if not self.keyed and count % 4 == 0:
                        self.send(client, "case", f"{self.name}-case-{count}")
                        continue
                    marker = f"{self.name} use {count}"
                    while True:
                        answer = self.send(client, "use", marker)
                        if answer.acknowledged or answer.problem or not self.keyed or self.stop.is_set():
                            break
        except BaseException as failure:  # noqa: BLE001 - reported by the test
            self.failures.append(failure)

    def send(self, client: httpx.Client, kind: str, marker: str) -> Answer:
        if kind == "case":
            variables: dict[str, Any] = {"input": {
                "personRef": marker, "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A",
                "openedAt": "2025-03-01T08:00:00Z", "person": PERSON,
            }}
            query = OPEN_CASE
        else:
            segments = [{"practice": "PHYS_STANDING", "startedAt": "2025-03-01T10:00:00Z",
                         "endedAt": "2025-03-01T10:05:00Z"}]
            variables = {"input": {**COMPLETE_FACTS, "caseId": self.case_id, "segments": segments,
                                   "description": marker},
                         "key": marker if self.keyed else None}
            query = RECORD_USE
        started = time.monotonic()
        response = client.post("/graphql", json={"query": query, "variables": variables})
        seconds = time.monotonic() - started
        acknowledged = recorded = problem = None
        if response.status_code == 200 and "Traceback" not in response.text:
            payload = response.json().get("data", {})["openCase" if kind == "case" else "recordUse"]
            entry = payload["case"] if kind == "case" else payload["use"]
            if payload["errors"]:
                problem = f"refused: {response.text}"
            elif entry is not None:
                acknowledged = entry["id"]
            # else: recorded, but the read models had not caught up with it when the answer was made: neither
            # acknowledged nor refused, so the checks below allow it either way.
        else:
            problem = _problem(response)
            if problem is None:
                recorded = response.json()["errors"][0]["extensions"]["recorded"]
        answer = Answer(self.name, marker, kind, started, seconds, response.status_code, acknowledged, recorded,
                        problem)
        self.answers.append(answer)
        if recorded is not None:
            time.sleep(0.1)  # as a client told to come back later would: not a tight loop against a 503
        return answer

    def acknowledged_after(self, moment: float) -> int:
        return sum(1 for a in self.answers if a.acknowledged and a.started > moment)


def wait_for(what: str, condition: Callable[[], bool], writers: list[Writer], limit: float = PHASE_LIMIT) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            _give_up(f"not within {limit:g} s: {what}", writers)
        if any(w.failures for w in writers):
            _give_up("a writer failed", writers)
        time.sleep(0.05)


def _give_up(reason: str, writers: list[Writer]) -> NoReturn:
    failures = [failure for w in writers for failure in w.failures]
    answers = [a for w in writers for a in w.answers]
    pytest.fail(f"{reason}; failures {failures!r}; last answers {answers[-10:]!r}")


# ------------------------------------------------------------------------------------------ the outage


@pytest.mark.postgres
@pytest.mark.http
def test_writes_during_a_postgres_outage_fail_with_503_and_resume_without_loss(
    cluster: Cluster, server: Server
) -> None:
    stop = threading.Event()
    writers = []
    for number, keyed in enumerate([False, True] * (WRITERS // 2)):
        name = f"{'keyed' if keyed else 'plain'}-{number}"
        opened = server.graphql(OPEN_CASE, input={
            "personRef": f"{name}-own", "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A",
            "openedAt": "2025-03-01T08:00:00Z", "person": PERSON,
        })["openCase"]
        writers.append(Writer(name, server.url, opened["case"]["id"], keyed, stop))
    threads = [threading.Thread(target=w.run, name=w.name, daemon=True) for w in writers]
    for thread in threads:
        thread.start()
    try:
        wait_for("two writes acknowledged per client", lambda: all(w.acknowledged_after(0) >= 2 for w in writers),
                 writers)
        down = time.monotonic()
        cluster.stop("immediate")
        # Until every client has been answered 503, and a new case (which goes straight to the event store, whose
        # retries take the longest to give up) has been too.
        wait_for(
            "a 503 for every client, and for a new case",
            lambda: all(any(a.recorded for a in w.answers if a.started > down) for w in writers)
            and any(a.recorded and a.kind == "case" for w in writers for a in w.answers),
            writers,
        )
        # Liveness only, but answered (within the time a request takes to be refused: the server is not stuck).
        assert httpx.get(f"{server.url}/health", timeout=REQUEST_LIMIT).json() == {"status": "ok"}
        starting = time.monotonic()
        cluster.start()
        up = time.monotonic()
        wait_for("two writes acknowledged per client after PostgreSQL is back",
                 lambda: all(w.acknowledged_after(up) >= 2 for w in writers), writers)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=2 * REQUEST_LIMIT)
    assert not any(thread.is_alive() for thread in threads)
    answers = [a for w in writers for a in w.answers]
    assert not [f for w in writers for f in w.failures]
    assert [a for a in answers if a.problem] == []

    # No hang: every answer came within the limit, and the outage was answered 503 (no request waited it out).
    assert max(a.seconds for a in answers) < REQUEST_LIMIT, max(answers, key=lambda a: a.seconds)
    unavailable = [a for a in answers if a.recorded]
    assert unavailable and all(down <= a.ended for a in unavailable)
    assert any(a.started > down and a.ended < up for a in unavailable)
    # Back without a restart of rpledger: the first write acknowledged once PostgreSQL was back.
    recovered = min(a.ended for a in answers if a.acknowledged and a.ended > up) - up
    assert recovered < REQUEST_LIMIT
    slowest = max(a.seconds for a in unavailable)
    print(f"\n{len(unavailable)} answers 503 while down (slowest {slowest:.2f} s, median "
          f"{sorted(a.seconds for a in unavailable)[len(unavailable) // 2]:.2f} s); first write acknowledged "
          f"{recovered:.2f} s after PostgreSQL was back (it took {up - starting:.2f} s to start)")

    # The read models caught up with every write: what the API lists is what the event store holds (below).
    listed = {w.name: {u["id"] for u in server.graphql(USES, id=w.case_id)["case"]["uses"]} for w in writers}
    server.stop()
    check_the_store(cluster, writers, answers, listed)
    log = server.log.read_text()
    assert "the database is unavailable" in log
    for personal in PERSONAL:
        assert personal not in log, personal


def check_the_store(cluster: Cluster, writers: list[Writer], answers: list[Answer], listed: dict[str, set[str]]) -> None:
    """Every acknowledged write is in the event store, once; nothing is there twice; a write sent once and answered
"not recorded" is not there, and one answered "recorded" is; and every keyed write was, in the end, acknowledged.
(A keyed write answered "not recorded" is sent again, and then is there: the checks of the answers' accounts are
of the writes sent once.)"""
    services = build_services(Settings(database=Database.from_url(cluster.url), authentication=TEST_AUTH),
                              catch_up=False)
    try:
        stored: dict[str, list[str]] = {}  # marker -> ids of the stored uses with it
        for writer in writers:
            uses = services.cases.entries(UUID(writer.case_id)).uses
            assert {str(u.id) for u in uses} == listed[writer.name]
            for use in uses:
                stored.setdefault(use.details.description or "", []).append(str(use.id))
        assert {marker: ids for marker, ids in stored.items() if len(ids) > 1} == {}
        keyed = {w.name for w in writers if w.keyed}
        for answer in answers:
            if answer.writer in keyed:
                assert not answer.acknowledged or stored.get(answer.marker) == [answer.acknowledged], answer
            elif answer.kind == "use":
                there = stored.get(answer.marker, [])
                if answer.acknowledged:
                    assert there == [answer.acknowledged], answer
                elif answer.recorded == NOT_RECORDED:
                    assert there == [], answer
                elif answer.recorded == RECORDED:
                    assert len(there) == 1, answer
            else:
                events = list(services.cases.events.get(Case.create_id(answer.marker, TEST_PROVIDER)))
                if answer.acknowledged:
                    assert events and str(events[0].originator_id) == answer.acknowledged, answer
                elif answer.recorded == NOT_RECORDED:
                    assert events == [], answer
        for writer in (w for w in writers if w.keyed):
            # Each use sent again with its key until acknowledged: all were, but perhaps the one in hand at the end.
            unresolved = {a.marker for a in writer.answers} - {a.marker for a in writer.answers if a.acknowledged}
            assert len(unresolved) <= 1, unresolved
    finally:
        services.close()


# ------------------------------------------------------------------------------------------ what the answer says


def connection_refused() -> psycopg.OperationalError:
    return psycopg.OperationalError(
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )


def read_models_unreachable(*_: Any, **__: Any) -> NoReturn:
    """What SQLAlchemy raises when the read models' database cannot be reached (its message quotes the statement
    and, unless hidden, its parameters: here a person reference)."""
    cause = connection_refused()
    raise sqlalchemy.exc.OperationalError("SELECT * FROM rp_cases WHERE id = %(id)s", {"id": "P-SECRET"}, cause) \
        from cause


def insert_events(*_: Any, **__: Any) -> NoReturn:
    """What the event store's write raises when eventsourcing's retries have found no connection (named as the
    recorder's method is: the failure happened while saving)."""
    cause = psycopg_pool.PoolTimeout("couldn't get a connection after 0.50 sec")
    raise eventsourcing.persistence.OperationalError(str(cause)) from cause


def post(api: Api, query: str, **variables: Any) -> httpx.Response:
    return send(api.app, "POST", token=api.token, json={"query": query, "variables": variables})


def unavailable(response: httpx.Response) -> dict[str, Any]:
    """The SERVICE_UNAVAILABLE error of a well-formed 503 answer."""
    assert _problem(response) is None, response.text
    error: dict[str, Any] = response.json()["errors"][0]
    return error


def use_input(case_id: str, marker: str) -> dict[str, Any]:
    segments = [{"practice": "PHYS_STANDING", "startedAt": "2025-03-01T10:00:00Z", "endedAt": "2025-03-01T10:05:00Z"}]
    return {**COMPLETE_FACTS, "caseId": case_id, "segments": segments, "description": marker}


def stored_descriptions(services: Services, case_id: str) -> list[str | None]:
    return [u.details.description for u in services.cases.entries(UUID(case_id)).uses]


def test_a_query_the_database_cannot_serve_is_answered_503_and_logged_once(
    api: Api, services: Services, case_id: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(services.view, "case", read_models_unreachable)
    with caplog.at_level(logging.INFO):
        response = post(api, "query($id: ID!) { case(id: $id) { status } }", id=case_id)
    error = unavailable(response)
    assert response.json()["data"] is None  # no partial answer to mistake for the whole
    assert error["extensions"] == {"code": SERVICE_UNAVAILABLE, "recorded": NOT_RECORDED}
    assert error["message"] == "the database is unavailable; nothing was recorded by this request; try again in a few seconds"
    for internal in ("Traceback", "psycopg", "sqlalchemy", "SELECT", "rp_cases", "P-SECRET"):
        assert internal.lower() not in response.text.lower(), internal
    # Logged once, at WARNING, with the driver's words and none of the statement's data; strawberry's ERROR record
    # of it (with the traceback) is not made.
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert (record.name, record.levelno, record.exc_info) == ("rpledger.graphql", logging.WARNING, None)
    assert "Connection refused" in record.getMessage() and "P-SECRET" not in caplog.text


def test_a_write_refused_before_saving_says_nothing_was_recorded(
    api: Api, services: Services, case_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(services.view, "case", read_models_unreachable)
        response = post(api, RECORD_USE, input=use_input(case_id, "refused"))
    assert unavailable(response)["extensions"]["recorded"] == NOT_RECORDED
    assert "refused" not in stored_descriptions(services, case_id)


def test_a_write_that_failed_while_saving_may_have_been_recorded(
    api: Api, services: Services, case_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(services.cases.recorder, "insert_events", insert_events)
        response = post(api, RECORD_USE, input=use_input(case_id, "uncertain"))
    error = unavailable(response)
    assert error["extensions"]["recorded"] == MAYBE_RECORDED
    assert "may or may not have been recorded" in error["message"] and "idempotencyKey" in error["message"]


def test_a_write_that_failed_after_saving_says_it_was_recorded(
    api: Api, services: Services, case_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        # The use is saved (and the read models catch up), then its answer cannot be read from them.
        patched.setattr(services.view, "uses", read_models_unreachable)
        response = post(api, RECORD_USE, input=use_input(case_id, "stored"))
    error = unavailable(response)
    assert error["extensions"]["recorded"] == RECORDED
    assert "what it recorded is stored" in error["message"] and "do not send it again" in error["message"]
    assert stored_descriptions(services, case_id).count("stored") == 1


def test_production_shows_the_outage_as_it_is(
    database: Database, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Production masks unexpected errors; a database that cannot be reached is not one, and the client must
    learn what became of its request."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    services = build_services(production_settings(database, tmp_path, key), clock=clock)
    try:
        api = api_for(services, production_token(key))
        opened = api.open_case()
        monkeypatch.setattr(services.view, "case", read_models_unreachable)
        response = post(api, "query($id: ID!) { case(id: $id) { status } }", id=opened)
        assert unavailable(response)["extensions"] == {"code": SERVICE_UNAVAILABLE, "recorded": NOT_RECORDED}
    finally:
        services.close()


def test_other_database_errors_are_not_called_an_outage(
    api: Api, services: Services, case_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database error that waiting will not cure (here, a statement the database refuses) stays an unexpected
    error: 200 with the error, as before."""

    def refused(*_: Any, **__: Any) -> NoReturn:
        cause = psycopg.errors.UndefinedTable('relation "rp_cases" does not exist')
        raise sqlalchemy.exc.ProgrammingError("SELECT * FROM rp_cases", {}, cause) from cause

    monkeypatch.setattr(services.view, "case", refused)
    response = post(api, "query($id: ID!) { case(id: $id) { status } }", id=case_id)
    assert response.status_code == 200 and "Retry-After" not in response.headers
    assert SERVICE_UNAVAILABLE not in response.text
