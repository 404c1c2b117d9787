"""The short load test: ``bench/load_bench.py``'s load, small and brief, on each backend. A real server on loopback
(one worker on SQLite; two on PostgreSQL, so that requests race for the same case), four clients for five seconds
mixing ``recordUse`` on three shared cases, ``openCase``, the dashboard's non-compliant page and a case's
obligations. Afterwards the store must hold exactly the acknowledged writes, each once, and nothing a client was
refused; writes refused because the case kept changing (``CONCURRENT_CHANGES``) are allowed, counted and printed.
The long version is ``python -m bench.load_bench --clients 8 --seconds 60`` (bench/README.md)."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.load_bench import DEFAULT_MIX, EXPECTED_REFUSALS, OPEN_CASE, RECORD_USE, describe, run_load
from rpledger.infrastructure.settings import Database

CLIENTS = 4
SECONDS = 5.0
# Fewer cases than clients: several clients write to the same case at once, which is what this test is about.
SHARED_CASES = 3


@pytest.mark.http
def test_concurrent_clients_store_every_acknowledged_write_once(database: Database) -> None:
    workers = 1 if database.backend == "sqlite" else 2
    report = run_load(database, clients=CLIENTS, seconds=SECONDS, cases=SHARED_CASES, workers=workers)
    print(describe(report))  # shown with -s or on failure: throughput, latencies, refusals, races lost

    server_errors = [s for s in report.samples if s.outcome.startswith("HTTP 5") or "traceback" in s.outcome]
    assert server_errors == []
    unexpected = {o: n for o, n in report.outcomes().items()
                  if o != "ok" and o.removeprefix("refused ") not in EXPECTED_REFUSALS}
    assert unexpected == {}
    for kind in DEFAULT_MIX:
        assert any(s.outcome == "ok" for s in report.of(kind)), f"no {kind} request completed"

    acknowledged = report.acknowledged
    assert sum(report.stored.values()) == len(acknowledged)
    assert report.stored == Counter({"Case.UseRecorded": sum(1 for s in acknowledged if s.kind == RECORD_USE),
                                     "Case.CaseOpened": sum(1 for s in acknowledged if s.kind == OPEN_CASE)})
    for sample in acknowledged:
        if sample.kind == RECORD_USE:
            assert sample.case_id is not None and sample.entry_id is not None
            assert report.stored_uses[sample.case_id][sample.entry_id] == 1, sample
    # Whatever else the load's own checks found (read models behind the store, broken chains, server tracebacks).
    assert report.problems == []
