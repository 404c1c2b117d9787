"""Benchmark (not a test): how long ``verify`` takes over one case of 10,000 events, beside the raw cost of reading
those events from the store.

    python bench/verify_bench.py                      # SQLite (a temporary file)
    RPLEDGER_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test python bench/verify_bench.py   # and PostgreSQL

The case is written with a bare ``Cases`` application (no projection), one use recorded per command. Each figure is
the best of several repetitions: (a) ``recorder.select_notifications`` in batches of 1,000 (the raw read), (b)
``integrity.verify`` (read each event with its link, recompute and compare the chain), (c) ``integrity.log_digest``
(read in notification order, recompute every head from the event bytes).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import psycopg

from rpledger.application.cases import Cases
from rpledger.application.replay import replay
from rpledger.cli_audit import step_text
from rpledger.domain.codes import PracticeCode, ReasonCode, Setting
from rpledger.domain.values import Actor, Segment, StaffMember, UseDetails
from rpledger.infrastructure.integrity import log_digest, verify
from rpledger.infrastructure.persistence import event_store_env
from rpledger.infrastructure.settings import Database

EVENTS = 10_000
REPETITIONS = 5
NURSE = Actor("n-1", "Alex Nurse", "CARE_STAFF")
T0 = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


@contextmanager
def sqlite_database() -> Iterator[Database]:
    with tempfile.TemporaryDirectory() as folder:
        yield Database.from_url(f"sqlite:///{folder}/bench.db")


@contextmanager
def postgres_database(url: str) -> Iterator[Database]:
    schema = f"rpledger_bench_{uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield Database.from_url(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def write_case(cases: Cases) -> tuple[float, UUID]:
    started = time.perf_counter()
    case_id = cases.open_case("P-BENCH", Setting.MENTAL_HEALTH_INPATIENT, "ward-oak", NURSE, opened_at=T0)
    details = UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, staff=(StaffMember("Jo Bloggs", "Staff nurse"),))
    for n in range(1, EVENTS):
        at = T0 + timedelta(hours=n)
        cases.record_use(case_id, [Segment(PracticeCode.PHYS_STANDING, at, at + timedelta(minutes=5))], details, NURSE)
    return time.perf_counter() - started, case_id


def replay_text(cases: Cases, case_id: UUID) -> int:
    """What ``rpledger replay`` does, short of printing: every step evaluated and formatted as text."""
    return sum(len(step_text(step)) for step in replay(cases, case_id, with_details=False))


def raw_read(recorder: Any) -> int:
    count, start = 0, 1
    while page := recorder.select_notifications(start, 1000):
        count += len(page)
        start = page[-1].id + 1
    return count


def best(run: Callable[[], object]) -> float:
    timings = []
    for _ in range(REPETITIONS):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def measure(database: Database) -> dict[str, float]:
    cases = Cases(env=event_store_env(database))
    try:
        written, case_id = write_case(cases)
        recorder = cases.recorder
        assert raw_read(recorder) == EVENTS
        report = verify(recorder)  # type: ignore[arg-type]
        assert report.ok and report.events == EVENTS, report
        return {
            "write": written,
            "read": best(lambda: raw_read(recorder)),
            "verify": best(lambda: verify(recorder)),  # type: ignore[arg-type]
            "digest": best(lambda: log_digest(recorder)),  # type: ignore[arg-type]
            "replay": best(lambda: replay_text(cases, case_id)),
        }
    finally:
        cases.close()


def main() -> None:
    backends: list[tuple[str, Callable[[], Any]]] = [("SQLite", sqlite_database)]
    if url := os.environ.get("RPLEDGER_TEST_POSTGRES_URL"):
        backends.append(("PostgreSQL", lambda: postgres_database(url)))
    print(f"one case of {EVENTS:,} events; best of {REPETITIONS}; {os.cpu_count()} CPUs")
    print(
        f"{'backend':<11} {'write s':>8} {'raw read ms':>12} {'verify ms':>10} {'ratio':>6} {'digest ms':>10} "
        f"{'ratio':>6} {'replay ms':>10} {'ratio':>6}"
    )
    for name, database in backends:
        with database() as db:
            m = measure(db)
        print(
            f"{name:<11} {m['write']:>8.1f} {m['read'] * 1000:>12.1f} {m['verify'] * 1000:>10.1f} "
            f"{m['verify'] / m['read']:>6.2f} {m['digest'] * 1000:>10.1f} {m['digest'] / m['read']:>6.2f} "
            f"{m['replay'] * 1000:>10.1f} {m['replay'] / m['read']:>6.2f}"
        )


if __name__ == "__main__":
    main()
