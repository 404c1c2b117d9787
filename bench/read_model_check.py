"""Read models from a large log against a recomputation: fill every read model from the log, then check each row
they serve against the same facts recomputed from the event store. Exits 1 on any difference.

    .venv/bin/python bench/read_model_check.py --events 1000000                      # SQLite, a temporary file
    .venv/bin/python bench/read_model_check.py --events 1000000 --database big.db    # kept; its log reused next time
    RPLEDGER_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/read_model_check.py --events 1000000 --postgres [--schema NAME]

1. **Log.** An empty database is filled by ``rpledger demo --cases N --years Y`` (``load_scale``, with its progress
   bar; N is worked out from ``--events`` at about 15 events a case a year) and the demo's three blanket
   restrictions, so that the register has something to compare. The read models are left empty. A database that
   already holds a log (``--database`` of an earlier run, or ``--postgres --schema`` of one) is used as it is.
2. **Rebuild**, timed: what ``rpledger projections rebuild`` does (``CaseProjection.rebuild``, then
   ``BlanketRegisterProjection.rebuild``), with a progress bar that follows the tracking position.
3. **Check**, timed: ``tests/integration/read_model_recompute.check_read_models``. Every case and blanket
   restriction in the log is loaded through a ``Cases`` application of its own (no aggregate cache), judged by the
   domain's rules, and compared field by field with what the read models serve; the statuses the SQL filter gives at
   three moments; the cases and restrictions listed against the streams in the log; both tracking positions against
   the log's last notification id. See that module for the whole list.

The comparison lives with the tests (``test_read_models_at_scale`` runs it on a CI-sized log), so it is imported
from there: run as a script, the repository root is put on ``sys.path`` first, as ``python -m`` would.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as ``python bench/read_model_check.py``: make ``bench`` and ``tests`` importable
    sys.path.insert(0, str(ROOT))

import argparse
import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import psycopg

from bench.common import fresh_database, settings
from bench.rebuild_bench import rebuild_with_progress
from rpledger.bootstrap import build_services
from rpledger.demo.blanket import record_blanket_restrictions
from rpledger.demo.scale import load_scale
from rpledger.domain.obligation import ComplianceStatus
from rpledger.infrastructure.settings import Database
from tests.integration.read_model_recompute import check_read_models

# Events a scaled-demo case has in a year (bench/README.md: 151,678 events from 10,000 cases; 19,972 from 1,300).
EVENTS_PER_CASE_YEAR = 15.2
POSTGRES_URL_VARIABLE = "RPLEDGER_TEST_POSTGRES_URL"
# Differences printed (all are counted).
SHOWN = 50


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="about how many events to generate")
    parser.add_argument("--years", type=float, default=1.0, help="years of history")
    parser.add_argument("--seed", type=int, default=7, help="seed of the scaled demo")
    parser.add_argument("--database", type=Path, help="a SQLite file to use and keep (its log is reused if any)")
    parser.add_argument("--postgres", action="store_true", help=f"PostgreSQL at ${POSTGRES_URL_VARIABLE}")
    parser.add_argument("--schema", help="with --postgres: this schema, kept (its log is reused if any), instead of "
                        "a fresh one dropped afterwards")
    args = parser.parse_args()
    if args.postgres and not os.environ.get(POSTGRES_URL_VARIABLE):
        parser.error(f"--postgres needs {POSTGRES_URL_VARIABLE}")
    if args.postgres and args.database:
        parser.error("--database is a SQLite file: not with --postgres")
    return args


@contextmanager
def database_for(args: argparse.Namespace) -> Iterator[Database]:
    if args.database is not None:
        yield Database.from_url(f"sqlite:///{args.database.resolve()}")
    elif not args.postgres:
        with fresh_database("sqlite", "read_model_check") as database:
            yield database
    else:
        url = os.environ[POSTGRES_URL_VARIABLE]
        schema = args.schema or f"rpledger_bench_{uuid4().hex[:12]}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        try:
            yield Database.from_url(url, schema)
        finally:
            if args.schema is None:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> int:
    args = parse()
    with database_for(args) as database:
        # No catch-up at start or after saves: the log is written first and the rebuild alone fills the read models.
        services = build_services(settings(database), catch_up=False)
        try:
            total = services.cases.recorder.max_notification_id() or 0
            if total:
                origin = f"the log already in {database.sqlite_path or database.schema}"
            else:
                cases = max(1, round(args.events / (EVENTS_PER_CASE_YEAR * args.years)))
                report = load_scale(services.cases, count=cases, years=args.years, seed=args.seed)
                record_blanket_restrictions(services.blanket_restrictions, report.window)
                total = services.cases.recorder.max_notification_id() or 0
                origin = f"generated in {report.seconds:.0f} s"
            started = time.perf_counter()
            applied = rebuild_with_progress(services, total)
            rebuilt = time.perf_counter() - started
            started = time.perf_counter()
            check = check_read_models(services, progress=True)
            checked = time.perf_counter() - started
        finally:
            services.close()

    streams = check.cases + check.restrictions
    statuses = ", ".join(f"{check.statuses.get(s, 0):,} {s.value}" for s in ComplianceStatus)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    print(f"read models against a recomputation, {database.backend}: {check.events:,} events, {check.cases:,} cases, "
          f"{check.restrictions} blanket restrictions ({origin})")
    print(f"  rebuild every read model    {rebuilt:8.1f} s  {total / rebuilt:9,.0f} events/s")
    if applied != total:  # the check below says whether the read models reached the end of the log regardless
        print(f"    (this process applied {applied:,} of the {total:,} events itself: another worker applied the rest)")
    print(f"  recompute and compare       {checked:8.1f} s  {streams / checked:9,.0f} streams/s")
    print(f"  compared: {check.uses:,} uses, {check.obligations:,} obligations, {check.findings:,} findings; "
          f"statuses at {len(check.moments)} moments; now: {statuses}")
    print(f"  peak RSS of this process    {peak:8.0f} MB")
    print(f"  differences found: {len(check.differences)}")
    for difference in check.differences[:SHOWN]:
        print(f"    {difference}")
    if len(check.differences) > SHOWN:
        print(f"    ... and {len(check.differences) - SHOWN} more")
    return 1 if check.differences else 0


if __name__ == "__main__":
    sys.exit(main())
