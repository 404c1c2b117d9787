"""What the scale benchmarks share: a fresh database per run (a SQLite file in a temporary folder, or a PostgreSQL
schema dropped afterwards), rpledger served by uvicorn in a child process on loopback, tokens, and timing."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import psycopg

from rpledger.application.access import Role
from rpledger.infrastructure.settings import Authentication, Database, Settings
from rpledger.infrastructure.tokens import mint_development_token

ROOT = Path(__file__).resolve().parent.parent


def postgres_url() -> str | None:
    """The PostgreSQL server benchmarks use when asked for one: RPLEDGER_BENCH_POSTGRES_URL, else the tests' server."""
    return os.environ.get("RPLEDGER_BENCH_POSTGRES_URL") or os.environ.get("RPLEDGER_TEST_POSTGRES_URL")


POSTGRES_URL = postgres_url() or "postgresql://postgres@127.0.0.1:5432/test"
SECRET = "rpledger-bench-only-secret-0123456789abcdef"
AUTH = Authentication(secret=SECRET)
PROVIDER = "demo"
LOCATIONS = ("ward-oak", "ward-elm", "unit-ash", "home-willow")


def arguments(description: str, **extra: tuple[type, Any, str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    for name, (kind, default, help_text) in extra.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=default, help=help_text)
    return parser.parse_args()


@contextmanager
def fresh_database(backend: str, name: str = "bench") -> Iterator[Database]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(dir=os.environ.get("RPLEDGER_BENCH_DIR")) as folder:
            yield Database.from_url(f"sqlite:///{folder}/{name}.db")
        return
    schema = f"rpledger_bench_{uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield Database.from_url(POSTGRES_URL, schema)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def settings(database: Database) -> Settings:
    return Settings(database=database, authentication=AUTH)


def token(roles: tuple[Role, ...] = (Role.CARE_STAFF, Role.CLINICIAN, Role.MANAGER)) -> str:
    return mint_development_token(
        SECRET, subject="bench", name="Bench user", roles=roles, provider=PROVIDER, locations=LOCATIONS,
        now=datetime.now(UTC),
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def serving(database: Database, workers: int = 1, log: Path | None = None) -> Iterator[str]:
    """``rpledger serve`` (uvicorn, ``workers`` processes) in a child process on a free loopback port; yields its base
    URL. With ``log``, the server's output is kept there (to look for tracebacks in)."""
    port = free_port()
    env = {**os.environ, "RPLEDGER_DATABASE_URL": database.url, "RPLEDGER_POSTGRES_SCHEMA": database.schema,
           "RPLEDGER_JWT_SECRET": SECRET}
    command = [sys.executable, "-m", "rpledger.cli", "serve", "--port", str(port), "--log-level", "warning",
               "--workers", str(workers)]
    if log is None:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    else:
        with log.open("ab") as output:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def said() -> str:
        return "" if log is None else f":\n{log.read_text()}"

    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}{said()}")
            try:
                if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start{said()}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def graphql(client: httpx.Client, url: str, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post(f"{url}/graphql", json={"query": query, "variables": variables})
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    if "errors" in body:
        raise RuntimeError(body["errors"])
    return body["data"]  # type: ignore[no-any-return]


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def verdict(ratio: float, goal: float, *, at_least: bool) -> str:
    met = ratio >= goal if at_least else ratio <= goal
    return f"goal {'>=' if at_least else '<='} {goal:g}: {'MET' if met else 'NOT YET'}"
