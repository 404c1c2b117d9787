"""Benchmark 5, memory: peak resident memory while rebuilding the read models of a large log. Goal: under 300 MB.

    .venv/bin/python -m bench.memory_bench --backend sqlite --cases 70000 --years 1      # about a million events
    .venv/bin/python -m bench.memory_bench --backend postgresql --cases 70000 --years 1

A fresh database is filled by ``load_scale`` (``rpledger demo --cases N --years Y``, about 15 events a case a year).
Then ``rpledger projections rebuild`` runs in a child process, and its peak resident set size is read from
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` once it has exited. The baseline, in the same way, is a child
that only imports what the rebuild imports (what any rpledger process holds before it reads an event). The read
models are left empty by the load, so the rebuild's start-up catch-up and the rebuild itself each apply the whole
log; the peak is that of one pass, as the read models are written batch by batch.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

from bench.common import ROOT, arguments, fresh_database, settings, verdict
from rpledger.bootstrap import build_services
from rpledger.demo.scale import load_scale
from rpledger.infrastructure.settings import Database

# Everything a rebuild imports, and nothing read: what any rpledger process holds before it reads an event.
IDLE = "import rpledger.bootstrap, rpledger.cli, rpledger.demo"


def child_peak_mb(command: list[str], database: Database) -> tuple[float, float]:
    """Run ``command`` as the only child so far, return its peak RSS (MB) and how long it took."""
    env = {**os.environ, "RPLEDGER_DATABASE_URL": database.url, "RPLEDGER_POSTGRES_SCHEMA": database.schema}
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, elapsed  # Linux: kilobytes


def main() -> None:
    args = arguments(__doc__.splitlines()[0], cases=(int, 10_000, "cases to generate"),
                     years=(float, 1.0, "years of history"), seed=(int, 7, "seed"))
    with fresh_database(args.backend) as database:
        services = build_services(settings(database))
        try:
            load_scale(services.cases, count=args.cases, years=args.years, seed=args.seed)
            events = services.cases.recorder.max_notification_id() or 0
        finally:
            services.close()
        # ru_maxrss of RUSAGE_CHILDREN is the largest of any child waited for: run the small one first.
        idle, _ = child_peak_mb([sys.executable, "-c", IDLE], database)
        peak, took = child_peak_mb([sys.executable, "-m", "rpledger.cli", "projections", "rebuild"], database)
    print(f"memory, {args.backend}: {args.cases:,} cases, {events:,} events; rebuild took {took:.0f} s")
    print(f"  baseline: rpledger started, nothing read   {idle:6.0f} MB peak RSS")
    print(f"  rpledger projections rebuild               {peak:6.0f} MB peak RSS   "
          f"({verdict(peak, 300, at_least=False)}; ratio to baseline {peak / idle:.1f})")


if __name__ == "__main__":
    main()
