"""Benchmark 3, dashboard: ``cases(status: NON_COMPLIANT, first: 50)`` over many cases, against a trivial query on
the same server. Goal: within 3x of the trivial query at p95.

    .venv/bin/python -m bench.dashboard_bench --backend sqlite --cases 100000 --years 1
    .venv/bin/python -m bench.dashboard_bench --backend postgresql --cases 100000 --years 1
    .venv/bin/python -m bench.dashboard_bench --cases 100000 --keep /tmp/d100k.db   # fill once, measure again later

A fresh database is filled by ``load_scale`` (``rpledger demo --cases N --years Y``) with its read models. Then
``rpledger serve`` (uvicorn, one worker) runs in a child process on loopback and one httpx client sends, after a
warm-up, ``--requests`` of each query, alternating, with a manager's token for the demo's four locations:

- **dashboard**: ``cases(status: NON_COMPLIANT, first: 50) { totalCount edges { node { id personRef locationId
  status } } }``: the first page of the non-compliant cases, their total, and each one's status;
- **trivial**: ``{ __typename }``: the same token check, HTTP and GraphQL, and no data.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.common import arguments, fresh_database, graphql, percentile, serving, settings, token, verdict
from rpledger.application.access import Role
from rpledger.bootstrap import build_services
from rpledger.demo.scale import load_scale
from rpledger.infrastructure.settings import Database

DASHBOARD = """{ cases(status: NON_COMPLIANT, first: 50) {
  totalCount edges { node { id personRef locationId status } } } }"""
TRIVIAL = "{ __typename }"


@contextmanager
def kept_or_fresh(backend: str, keep: str) -> Iterator[tuple[Database, bool]]:
    """The database to measure, and whether it still needs filling: a kept SQLite file (``--keep``) is filled once
    and measured again on later runs, which saves generating 100,000 cases (about 13 minutes) for every run."""
    if not keep:
        with fresh_database(backend) as database:
            yield database, True
        return
    if backend != "sqlite":
        raise SystemExit("--keep names a SQLite file; it cannot be used with --backend postgresql")
    path = Path(keep).resolve()
    yield Database.from_url(f"sqlite:///{path}"), not path.exists()


def main() -> None:
    args = arguments(__doc__.splitlines()[0], cases=(int, 10_000, "cases to generate"),
                     years=(float, 1.0, "years of history"), seed=(int, 7, "seed"),
                     requests=(int, 300, "requests of each query"),
                     keep=(str, "", "SQLite file to fill once and reuse on later runs"))
    with kept_or_fresh(args.backend, args.keep) as (database, empty):
        services = build_services(settings(database))
        try:
            if empty:
                load_scale(services.cases, count=args.cases, years=args.years, seed=args.seed,
                           after_batch=services.projection.catch_up)
            else:
                services.projection.catch_up()
            events = services.cases.recorder.max_notification_id() or 0
        finally:
            services.close()
        timings: dict[str, list[float]] = {DASHBOARD: [], TRIVIAL: []}
        headers = {"Authorization": f"Bearer {token((Role.MANAGER,))}"}
        with serving(database) as url, httpx.Client(headers=headers, timeout=120) as client:
            total = graphql(client, url, DASHBOARD)["cases"]["totalCount"]
            cases = graphql(client, url, "{ cases(first: 1) { totalCount } }")["cases"]["totalCount"]
            for _ in range(20):
                graphql(client, url, DASHBOARD), graphql(client, url, TRIVIAL)
            for _ in range(args.requests):
                for query, samples in timings.items():
                    started = time.perf_counter()
                    graphql(client, url, query)
                    samples.append(time.perf_counter() - started)
    dash, trivial = timings[DASHBOARD], timings[TRIVIAL]
    ratio = percentile(dash, 95) / percentile(trivial, 95)
    print(f"dashboard, {args.backend}: {cases:,} cases ({events:,} events), {total:,} NON_COMPLIANT; "
          f"{args.requests} requests of each, one client")
    for name, samples in (("trivial { __typename }", trivial), ("cases(NON_COMPLIANT, first: 50)", dash)):
        print(f"  {name:<34} p50 {percentile(samples, 50) * 1000:7.1f} ms  p95 {percentile(samples, 95) * 1000:7.1f} ms")
    print(f"  p95 ratio {ratio:.2f}  ({verdict(ratio, 3, at_least=False)})")


if __name__ == "__main__":
    main()
