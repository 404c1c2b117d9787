"""Load: N clients at once, for a fixed time, mixing writes and dashboard reads over HTTP; throughput and p50/p95/p99
latency of each kind of request, then a check that every acknowledged write is stored exactly once and nothing else.

    .venv/bin/python -m bench.load_bench --clients 8 --seconds 60
    .venv/bin/python -m bench.load_bench --backend postgresql --clients 8 --seconds 60 --workers 2

With no ``--backend``, it runs on SQLite, then on PostgreSQL when ``RPLEDGER_BENCH_POSTGRES_URL`` or
``RPLEDGER_TEST_POSTGRES_URL`` names a server (a fresh schema of it, dropped afterwards).

- **server**: ``rpledger serve`` in a child process on loopback, on a fresh database: one worker on SQLite (a file
  has one writer at a time, so ``serve`` refuses more), ``--workers`` on PostgreSQL (default 2). The resolvers are
  synchronous and run on uvicorn's event loop, so one worker answers one request at a time: two requests race for
  the same case only when two workers serve them.
- **clients**: ``--clients`` threads, each with its own httpx client and keep-alive connection, a bearer token of
  the demo provider (care staff, clinician and manager), sending one request after another until ``--seconds`` have
  passed, each kind drawn at random by ``--mix``: ``recordUse`` on one of ``--cases`` cases opened beforehand and
  shared by every client (so that several clients write the same case at once: the point of the test), ``openCase``
  of a new person, the dashboard's ``cases(status: NON_COMPLIANT, first: 50)``, and one shared case's status and
  obligations.
- **acknowledged write**: HTTP 200, no GraphQL error, no error in the payload, and the new entry's id returned.
  A write refused because other requests kept changing its case (``CONCURRENT_CHANGES``, once the application's
  retries run out) is counted apart: it is expected under contention and must have stored nothing.
- **check**: the events stored during the run, read back from the log, are exactly the acknowledged writes: one
  ``CaseOpened`` per acknowledged ``openCase`` (of that case), one ``UseRecorded`` per acknowledged ``recordUse`` (in
  the case it was acknowledged for, each use id once); the API's read models show every stored use and case; the
  hash chains verify; no request got a 5xx, a transport error, a traceback or an unexpected GraphQL error, and the
  server logged no traceback. Exit status 1 when anything fails.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from bench.common import LOCATIONS, fresh_database, percentile, postgres_url, serving, token
from bench.dashboard_bench import DASHBOARD
from bench.write_bench import FACTS
from rpledger.application.cases import Cases
from rpledger.domain.case import Case
from rpledger.infrastructure.integrity import open_event_store, verify
from rpledger.infrastructure.persistence import event_store_env
from rpledger.infrastructure.settings import Database

RECORD_USE, OPEN_CASE, DASHBOARD_READ, OBLIGATIONS = "recordUse", "openCase", "dashboard", "obligations"
WRITES = (RECORD_USE, OPEN_CASE)
# 70% writes, 30% reads: a ward records far more than it looks at the dashboard, but the dashboard's query is the
# expensive one (every case in reach is judged), so it is there to slow the writes down as it would in service.
DEFAULT_MIX = {RECORD_USE: 60.0, OPEN_CASE: 10.0, DASHBOARD_READ: 20.0, OBLIGATIONS: 10.0}
# What a request may be refused with under load and still be right: the case kept changing under it until the
# application's retries ran out. It must have stored nothing (the check counts on it).
EXPECTED_REFUSALS = frozenset({"CONCURRENT_CHANGES"})
# Long enough that no request answered in service is cut off (a cut-off write might still be stored, and would then
# look like a write stored without acknowledgement); it also bounds the run to --seconds plus this.
REQUEST_TIMEOUT = 60.0

QUERIES = {
    RECORD_USE: "mutation($input: RecordUseInput!) { recordUse(input: $input) { use { id } errors { code message } } }",
    OPEN_CASE: "mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id } errors { code message } } }",
    DASHBOARD_READ: DASHBOARD,
    OBLIGATIONS: "query($id: ID!) { case(id: $id) { status obligations { id ruleId dueAt status } } }",
}
USES = "query($id: ID!) { case(id: $id) { uses { id } } }"
OPEN_CASES = "{ cases(first: 1) { totalCount } }"


@dataclass(frozen=True)
class Sample:
    """One request: its kind, how long it took, what came of it ("ok", "refused CODE", "HTTP 503", ...), and for
    an acknowledged write the case written to and the id of the new entry (the case's own id for ``openCase``)."""

    kind: str
    seconds: float
    outcome: str
    case_id: str | None = None
    entry_id: str | None = None
    answered: float = field(default_factory=time.perf_counter)  # when the answer came (perf_counter)


@dataclass
class LoadReport:
    backend: str
    workers: int
    clients: int
    seconds: float  # from the clients' start to the last answer
    started: float  # the clients' start (perf_counter)
    mix: dict[str, float]
    cases: int
    samples: list[Sample]
    stored: Counter[str] = field(default_factory=Counter)  # events stored during the run, by kind
    # Notification ids the run used up without an event to show for them. On PostgreSQL each save that lost the race
    # for its case's next version took an id from the sequence before the unique key refused it, so this counts the
    # races lost (and retried by the application); on SQLite a rolled-back insert gives its id back, and one worker
    # has no races: 0.
    skipped_ids: int = 0
    stored_uses: dict[str, Counter[str]] = field(default_factory=dict)  # case id -> use id -> times stored
    problems: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[Sample]:
        return [s for s in self.samples if s.kind == kind]

    def outcomes(self, kind: str | None = None) -> Counter[str]:
        return Counter(s.outcome for s in self.samples if kind is None or s.kind == kind)

    @property
    def acknowledged(self) -> list[Sample]:
        return [s for s in self.samples if s.kind in WRITES and s.outcome == "ok"]

    @property
    def refused(self) -> int:
        """Writes refused as expected under contention (``EXPECTED_REFUSALS``): refused, nothing stored."""
        return sum(1 for s in self.samples if s.outcome.removeprefix("refused ") in EXPECTED_REFUSALS)

    @property
    def ok(self) -> bool:
        return not self.problems

    def write_rates(self) -> tuple[float, float]:
        """Acknowledged writes a second in the first and in the last quarter of the run: the shared cases grow
        through the run, and each write re-evaluates its whole case, so the rate falls as they do."""
        quarter = self.seconds / 4
        first = sum(1 for s in self.acknowledged if s.answered - self.started <= quarter)
        last = sum(1 for s in self.acknowledged if s.answered - self.started > self.seconds - quarter)
        return first / quarter, last / quarter


# ------------------------------------------------------------------------------------------------ the server


# ------------------------------------------------------------------------------------------------ the clients


def send(http: httpx.Client, url: str, kind: str, variables: dict[str, Any]) -> Sample:
    """Post one request and say what came of it; never raises for what the server answers."""
    started = time.perf_counter()
    try:
        response = http.post(f"{url}/graphql", json={"query": QUERIES[kind], "variables": variables})
    except httpx.HTTPError as failed:
        return Sample(kind, time.perf_counter() - started, f"transport {type(failed).__name__}")
    elapsed = time.perf_counter() - started
    if "Traceback" in response.text:
        return Sample(kind, elapsed, f"HTTP {response.status_code} with a traceback")
    if response.status_code != 200:
        return Sample(kind, elapsed, f"HTTP {response.status_code}")
    try:
        return answered(kind, elapsed, response.json(), variables)
    except (ValueError, KeyError, TypeError, AttributeError) as unreadable:  # a client thread must not die of it
        return Sample(kind, elapsed, f"unreadable answer ({type(unreadable).__name__})")


def answered(kind: str, elapsed: float, body: dict[str, Any], variables: dict[str, Any]) -> Sample:
    if body.get("errors"):
        codes = sorted({str((e.get("extensions") or {}).get("code", e.get("message", "?"))) for e in body["errors"]})
        return Sample(kind, elapsed, f"GraphQL error {', '.join(codes)}")
    data: dict[str, Any] = body["data"]
    if kind == RECORD_USE:
        return written(kind, elapsed, data["recordUse"], "use", variables["input"]["caseId"])
    if kind == OPEN_CASE:
        return written(kind, elapsed, data["openCase"], "case", None)
    if kind == OBLIGATIONS and data["case"] is None:
        return Sample(kind, elapsed, "case not found")
    return Sample(kind, elapsed, "ok")


def written(kind: str, elapsed: float, payload: dict[str, Any], entity: str, case_id: str | None) -> Sample:
    if payload["errors"]:
        return Sample(kind, elapsed, "refused " + ", ".join(sorted({e["code"] for e in payload["errors"]})))
    entry = (payload.get(entity) or {}).get("id")
    if not entry:
        return Sample(kind, elapsed, "no id returned")
    return Sample(kind, elapsed, "ok", case_id or entry, entry)


def variables_for(kind: str, cases: Sequence[str], rng: random.Random, name: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    if kind == RECORD_USE:
        # In the past (a moment over an hour ahead is refused), after the shared cases were opened (90 days ago).
        started = now - timedelta(minutes=rng.uniform(120, 60 * 24 * 60))
        segments = [{"practice": rng.choice(["PHYS_STANDING", "PHYS_SEATED", "PHYS_PRONE"]),
                     "startedAt": started.isoformat(), "endedAt": (started + timedelta(minutes=5)).isoformat()}]
        return {"input": {"caseId": rng.choice(cases), "segments": segments, **FACTS}}
    if kind == OPEN_CASE:
        return {"input": {"personRef": f"{name}-{uuid4().hex[:12]}", "setting": "MENTAL_HEALTH_INPATIENT",
                          "locationId": rng.choice(LOCATIONS), "openedAt": (now - timedelta(days=30)).isoformat(),
                          "person": {"name": "A Person"}}}
    if kind == OBLIGATIONS:
        return {"id": rng.choice(cases)}
    return {}


def client(url: str, number: int, cases: Sequence[str], mix: dict[str, float], seconds: float, seed: int,
           start: threading.Barrier, into: list[Sample]) -> None:
    """One client: requests one after another, each kind drawn by ``mix``, until ``seconds`` after the start."""
    rng = random.Random(seed * 1000 + number)
    kinds, weights = list(mix), list(mix.values())
    with httpx.Client(headers={"Authorization": f"Bearer {token()}"}, timeout=REQUEST_TIMEOUT) as http:
        start.wait()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            into.append(send(http, url, kind, variables_for(kind, cases, rng, f"L{number}")))


def open_shared_cases(url: str, count: int) -> list[str]:
    opened_at = (datetime.now(UTC) - timedelta(days=90)).isoformat()
    ids = []
    with httpx.Client(headers={"Authorization": f"Bearer {token()}"}, timeout=REQUEST_TIMEOUT) as http:
        for n in range(count):
            given = {"personRef": f"SHARED-{n}", "setting": "MENTAL_HEALTH_INPATIENT",
                     "locationId": LOCATIONS[n % len(LOCATIONS)], "openedAt": opened_at, "person": {"name": "A Person"}}
            sample = send(http, url, OPEN_CASE, {"input": given})
            if sample.outcome != "ok" or sample.entry_id is None:
                raise RuntimeError(f"could not open the shared case {n}: {sample.outcome}")
            ids.append(sample.entry_id)
    return ids


# ------------------------------------------------------------------------------------------------ the run


def run_load(
    database: Database,
    *,
    clients: int = 8,
    seconds: float = 60.0,
    mix: dict[str, float] | None = None,
    cases: int = 8,
    workers: int = 1,
    seed: int = 7,
) -> LoadReport:
    """Serve ``database`` (fresh), open ``cases`` shared cases, run ``clients`` clients for ``seconds``, then check
    the store against what was acknowledged. Nothing raises for what the load finds: it is in ``problems``."""
    mix = dict(DEFAULT_MIX if mix is None else mix)
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "server.log"
        with serving(database, workers, log) as url:
            shared = open_shared_cases(url, cases)
            before = _max_notification_id(database)
            per_client: list[list[Sample]] = [[] for _ in range(clients)]
            start = threading.Barrier(clients + 1)
            threads = [
                threading.Thread(target=client, args=(url, n, shared, mix, seconds, seed, start, per_client[n]))
                for n in range(clients)
            ]
            for thread in threads:
                thread.start()
            start.wait()
            started = time.perf_counter()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            report = LoadReport(database.backend, workers, clients, elapsed, started, mix, cases,
                                [s for samples in per_client for s in samples])
            check_store(database, before, shared, report)
            check_read_models(url, shared, report)
        server_log = log.read_text(errors="replace")
    check_answers(report)
    tracebacks = server_log.count("Traceback")
    if tracebacks:
        report.problems.append(f"the server logged {tracebacks} traceback(s); the first:\n"
                               + server_log[server_log.index("Traceback"):][:3000])
    return report


def _max_notification_id(database: Database) -> int:
    with open_event_store(database) as store:
        return store.max_notification_id() or 0


def check_answers(report: LoadReport) -> None:
    """Every answer is one a client should get: a result, or a refusal the load can cause."""
    for outcome, count in sorted(report.outcomes().items()):
        if outcome != "ok" and outcome.removeprefix("refused ") not in EXPECTED_REFUSALS:
            kinds = Counter(s.kind for s in report.samples if s.outcome == outcome)
            report.problems.append(f"{count} request(s) answered {outcome!r} ({dict(kinds)})")
    for kind, weight in report.mix.items():
        if weight > 0 and not any(s.outcome == "ok" for s in report.of(kind)):
            report.problems.append(f"no {kind} request completed")


def check_store(database: Database, before: int, shared: Sequence[str], report: LoadReport) -> None:
    """The events stored since notification ``before`` against the acknowledged writes, read from the store itself
    (not through the server); each case's stored use ids go into ``report.stored_uses``."""
    acknowledged_uses: dict[str, str] = {}  # use id -> case id
    acknowledged_cases: set[str] = set()
    for sample in report.acknowledged:
        assert sample.entry_id is not None and sample.case_id is not None
        if sample.kind == RECORD_USE:
            acknowledged_uses[sample.entry_id] = sample.case_id
        else:
            acknowledged_cases.add(sample.entry_id)
    stored_uses = report.stored_uses = {case_id: Counter() for case_id in shared}
    opened: Counter[str] = Counter()
    others: Counter[str] = Counter()
    # A Cases application is only a way to the recorder and the mapper (decoding, with the same transcodings).
    cases = Cases(env=event_store_env(database))
    try:
        start = before + 1
        while page := cases.recorder.select_notifications(start, 1000):
            for notification in page:
                event = cases.mapper.to_domain_event(notification)
                report.stored[type(event).__qualname__] += 1
                if isinstance(event, Case.UseRecorded):
                    stored_uses.setdefault(str(event.originator_id), Counter())[str(event.use.id)] += 1
                elif isinstance(event, Case.CaseOpened):
                    opened[str(event.originator_id)] += 1
                else:
                    others[type(event).__qualname__] += 1
            start = page[-1].id + 1
        report.skipped_ids = (cases.recorder.max_notification_id() or before) - before - sum(report.stored.values())
    finally:
        cases.close()
    total = sum(report.stored.values())
    if total != len(report.acknowledged):
        report.problems.append(f"{len(report.acknowledged)} writes acknowledged but {total} events stored")
    if others:
        report.problems.append(f"events stored that no client asked for: {dict(others)}")
    stored_where = {use_id: case_id for case_id, uses in stored_uses.items() for use_id in uses}
    some(report, "uses stored more than once", [
        f"{use_id} ({times} times in {case_id})"
        for case_id, uses in stored_uses.items() for use_id, times in uses.items() if times > 1
    ])
    some(report, "uses stored but not acknowledged in that case", [
        f"{use_id} in {case_id}" for use_id, case_id in stored_where.items() if acknowledged_uses.get(use_id) != case_id
    ])
    some(report, "uses acknowledged but not stored in that case", [
        f"{use_id} in {case_id} (stored in {stored_where.get(use_id)})"
        for use_id, case_id in acknowledged_uses.items() if stored_where.get(use_id) != case_id
    ])
    some(report, "cases opened more than once or without acknowledgement", [
        f"{case_id} ({times} times)" for case_id, times in opened.items()
        if times > 1 or case_id not in acknowledged_cases
    ])
    some(report, "cases acknowledged as opened but not stored", sorted(acknowledged_cases - set(opened)))
    with open_event_store(database) as store:
        chains = verify(store)
    if not chains.ok:
        report.problems.append(f"{chains}: {', '.join(map(str, chains.breaks[:5]))}")


def some(report: LoadReport, what: str, found: Sequence[str]) -> None:
    """One problem for all the ``found`` of a kind, naming the first few (a systematic fault finds thousands)."""
    if found:
        report.problems.append(f"{len(found)} {what}: {', '.join(found[:5])}{', ...' if len(found) > 5 else ''}")


def check_read_models(url: str, shared: Sequence[str], report: LoadReport) -> None:
    """What the API answers once the load is over: every stored use in its case, every case opened in the count.
    The read models are brought up to date inside each write, so they must show every acknowledged write."""
    with httpx.Client(headers={"Authorization": f"Bearer {token()}"}, timeout=REQUEST_TIMEOUT) as http:
        for case_id in shared:
            body = http.post(f"{url}/graphql", json={"query": USES, "variables": {"id": case_id}}).json()
            shown = Counter(use["id"] for use in body["data"]["case"]["uses"])
            stored = report.stored_uses.get(case_id, Counter())
            if shown != stored:
                report.problems.append(f"case {case_id}: the API shows {sum(shown.values())} uses, "
                                       f"{sum(stored.values())} are stored")
        body = http.post(f"{url}/graphql", json={"query": OPEN_CASES}).json()
        expected = len(shared) + sum(1 for s in report.acknowledged if s.kind == OPEN_CASE)
        if body["data"]["cases"]["totalCount"] != expected:
            report.problems.append(f"the API counts {body['data']['cases']['totalCount']} open cases, {expected} "
                                   "were opened")


# ------------------------------------------------------------------------------------------------ the report


def latencies(samples: Sequence[Sample]) -> tuple[float, float, float]:
    """p50, p95 and p99 in milliseconds (0 when there are none)."""
    if not samples:
        return 0.0, 0.0, 0.0
    seconds = [s.seconds for s in samples]
    p50, p95, p99 = (percentile(seconds, p) * 1000 for p in (50, 95, 99))
    return p50, p95, p99


def describe(report: LoadReport) -> str:
    writes = len(report.acknowledged)
    mix = ", ".join(f"{kind} {weight:g}" for kind, weight in report.mix.items())
    lines = [
        (f"load, {report.backend}: {report.clients} clients for {report.seconds:.1f} s, {report.workers} server "
         f"worker(s), {report.cases} shared cases; mix {mix}"),
        (f"  {'kind':<12} {'requests':>8} {'ok':>7} {'refused':>7} {'other':>6} {'req/s':>7} "
         f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"),
    ]
    for kind in [*report.mix, "all"]:
        samples = report.samples if kind == "all" else report.of(kind)
        outcomes = Counter(s.outcome for s in samples)
        refused = sum(n for o, n in outcomes.items() if o.startswith("refused "))
        other = len(samples) - outcomes["ok"] - refused
        p50, p95, p99 = latencies(samples)
        lines.append(f"  {kind:<12} {len(samples):>8,} {outcomes['ok']:>7,} {refused:>7,} {other:>6,} "
                     f"{len(samples) / report.seconds:>7.1f} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}")
    first, last = report.write_rates()
    stored = ", ".join(f"{kind} {n:,}" for kind, n in sorted(report.stored.items()))
    lines += [
        (f"  acknowledged writes {writes:,} ({writes / report.seconds:.1f}/s; {first:.1f}/s in the first quarter "
         f"of the run, {last:.1f}/s in the last); stored new events {sum(report.stored.values()):,} ({stored})"),
        (f"  refused under contention (CONCURRENT_CHANGES) {report.refused:,}; races lost and retried "
         f"(notification ids skipped) {report.skipped_ids:,}"),
        ("  check: every acknowledged write stored once, nothing else stored, read models and chains agree: "
         + ("OK" if report.ok else "FAILED")),
        *(f"  PROBLEM: {problem}" for problem in report.problems),
    ]
    return "\n".join(lines)


def table(reports: Sequence[LoadReport]) -> str:
    """One row per backend, in Markdown, for bench/README.md."""
    kinds = (RECORD_USE, OPEN_CASE, DASHBOARD_READ, OBLIGATIONS)
    rows = [
        "| backend | workers | clients | s | req/s | acknowledged writes/s (first / last quarter) | races lost "
        "(retried) | refused (busy) | " + " | ".join(f"{kind} p50 / p95 / p99 ms" for kind in kinds) + " | check |",
        "| --- |" + " ---: |" * (7 + len(kinds)) + " --- |",
    ]
    for r in reports:
        first, last = r.write_rates()
        cells = " | ".join("{:.0f} / {:.0f} / {:.0f}".format(*latencies(r.of(kind))) for kind in kinds)
        rows.append(f"| {r.backend} | {r.workers} | {r.clients} | {r.seconds:.0f} | {len(r.samples) / r.seconds:.1f} "
                    f"| {len(r.acknowledged) / r.seconds:.1f} ({first:.1f} / {last:.1f}) | {r.skipped_ids} | "
                    f"{r.refused} | {cells} | {'OK' if r.ok else 'FAILED'} |")
    return "\n".join(rows)


# ------------------------------------------------------------------------------------------------ the command


def parse_mix(text: str) -> dict[str, float]:
    """``recordUse=60,openCase=10,dashboard=20,obligations=10``: the weight of each kind (unnamed kinds: 0)."""
    mix = dict.fromkeys(DEFAULT_MIX, 0.0)
    for part in text.split(","):
        kind, _, weight = part.partition("=")
        if kind.strip() not in mix:
            raise argparse.ArgumentTypeError(f"unknown kind {kind.strip()!r}: one of {', '.join(mix)}")
        mix[kind.strip()] = float(weight)
    if sum(mix.values()) <= 0:
        raise argparse.ArgumentTypeError("the mix needs a kind with a weight above 0")
    return mix


def main(argv: Sequence[str] | None = None, run: Callable[..., LoadReport] = run_load) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append",
                        help="sqlite or postgresql (repeatable); default: sqlite, and postgresql when "
                             "RPLEDGER_BENCH_POSTGRES_URL or RPLEDGER_TEST_POSTGRES_URL is set")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the clients send requests")
    parser.add_argument("--cases", type=int, default=8, help="shared cases the recordUse requests write to")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes on PostgreSQL")
    parser.add_argument("--mix", type=parse_mix, default=DEFAULT_MIX,
                        help="weights of each kind, e.g. recordUse=60,openCase=10,dashboard=20,obligations=10")
    parser.add_argument("--seed", type=int, default=7, help="seed of the clients' choices")
    args = parser.parse_args(argv)
    backends = args.backend or ["sqlite", *(["postgresql"] if postgres_url() else [])]
    reports = []
    for backend in backends:
        with fresh_database(backend) as database:
            report = run(database, clients=args.clients, seconds=args.seconds, mix=args.mix, cases=args.cases,
                         workers=1 if backend == "sqlite" else args.workers, seed=args.seed)
        print(describe(report), flush=True)
        reports.append(report)
    print()
    print(table(reports))
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
