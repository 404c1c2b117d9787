"""The command line: serve the API, load demo data, rebuild the read models, verify the event store, export the
schema."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rpledger.cli_audit import add_commands as add_audit_commands
from rpledger.cli_key import add_commands as add_key_commands
from rpledger.cli_project import add_commands as add_project_commands
from rpledger.cli_report import add_commands as add_report_commands
from rpledger.cli_retention import add_commands as add_retention_commands
from rpledger.cli_rules import add_commands as add_rules_commands
from rpledger.cli_token import add_commands as add_token_commands
from rpledger.infrastructure.settings import Settings, SettingsError

if TYPE_CHECKING:
    from rpledger.bootstrap import Services


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "database", None):
        settings = settings.with_database_url(args.database)
    return settings


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from rpledger.bootstrap import build_services, create_app

    settings = _settings(args)
    refused = _workers_refused(args.workers, settings)
    if refused:
        print(f"rpledger: {refused}", file=sys.stderr)
        return 2
    host = args.host or settings.host
    port = args.port or settings.port
    services = build_services(settings)
    if args.demo:
        _load_demo_once(services)
    print(f"rpledger: serving GraphQL at http://{host}:{port}/graphql on {settings.database.backend}"
          + (f" with {args.workers} workers" if args.workers > 1 else ""), flush=True)
    if not settings.production:
        _print_development_token(settings, f"http://{host}:{port}")
    if args.workers == 1:
        uvicorn.run(create_app(settings, services), host=host, port=port, log_level=args.log_level)
        return 0
    services.close()
    _serve_workers(args, host, port)
    return 0


def _workers_refused(workers: int, settings: Settings) -> str | None:
    if workers < 1:
        return "--workers must be 1 or more"
    if workers > 1 and settings.database.backend == "sqlite":
        return (
            f"--workers {workers} needs PostgreSQL: a SQLite file has one writer at a time, so one worker serves "
            "it (set --database or RPLEDGER_DATABASE_URL to postgresql://... for more)"
        )
    return None


def _serve_workers(args: argparse.Namespace, host: str, port: int) -> None:
    """Several worker processes: uvicorn starts each from the app factory, which reads its settings from the
    environment (each catches up the read models after its own saves, as one process does)."""
    import os

    import uvicorn

    if args.database:
        # The one way --database reaches the workers: they are new processes that inherit this environment.
        os.environ["RPLEDGER_DATABASE_URL"] = args.database
    uvicorn.run(
        "rpledger.bootstrap:create_app", factory=True, workers=args.workers, host=host, port=port,
        log_level=args.log_level,
    )


def _print_development_token(settings: Settings, base: str) -> None:
    """Development mode: a token for the demo's provider, so that the API and the dashboard work out of the box."""
    from rpledger.application.access import Role
    from rpledger.demo.cast import DEMO_PROVIDER, LOCATIONS
    from rpledger.infrastructure.tokens import development_secret, mint_development_token, utc_now

    token = mint_development_token(
        development_secret(settings), subject="dev-user", name="Development user",
        roles=[Role.CARE_STAFF, Role.CLINICIAN, Role.MANAGER], provider=DEMO_PROVIDER,
        locations=[location.id for location in LOCATIONS], now=utc_now(),
    )
    print(
        "rpledger: development mode. A 12-hour token for the demo's provider and locations (send it as "
        "'Authorization: Bearer <token>'; `rpledger token --help` mints others):\n"
        f"{token}\n"
        f"rpledger: dashboard: {base}/dashboard#token={token}",
        flush=True,
    )


def _load_demo_once(services: Services) -> None:
    """Load the demo history into an empty database; leave a database that already has a history alone."""
    from rpledger.demo import load_demo

    if services.view.position() > 0:
        print("rpledger: the database already holds a history; demo data not loaded again", flush=True)
        return
    print("rpledger: loading a year of demo history...", flush=True)
    print(load_demo(services.cases, restrictions=services.blanket_restrictions), flush=True)


def _demo(args: argparse.Namespace) -> int:
    from rpledger.bootstrap import build_services
    from rpledger.demo import DemoAlreadyLoadedError, load_demo

    services = build_services(_settings(args))
    try:
        if args.cases is not None:
            from rpledger.demo import load_scale

            report: object = load_scale(
                services.cases, count=args.cases, years=args.years, seed=args.seed,
                after_batch=services.projection.catch_up,
            )
        else:
            report = load_demo(
                services.cases, seed=args.seed, days=args.days, restrictions=services.blanket_restrictions
            )
        services.projection.catch_up()
    except (DemoAlreadyLoadedError, ValueError) as refused:
        print(f"rpledger: {refused}", file=sys.stderr)
        return 2
    finally:
        services.close()
    print(report)
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    from rpledger.bootstrap import build_services
    from rpledger.progress import log_position_bar

    services = build_services(_settings(args))
    try:
        total = services.cases.recorder.max_notification_id() or 0
        # Each projection reads the whole log: the compliance view does the work, the register mostly skips.
        with log_position_bar(total, "read models") as reached:
            applied = services.projection.rebuild(reached)
        with log_position_bar(total, "blanket register") as reached:
            services.blanket_projection.rebuild(reached)
    finally:
        services.close()
    print(f"rpledger: read models rebuilt from {applied} events")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from rpledger.infrastructure.integrity import DigestFormatError, check_digest, log_digest, open_event_store, verify

    database = _settings(args).database
    if database.sqlite_path is not None and not database.sqlite_path.exists():
        print(f"rpledger: no database at {database.sqlite_path}", file=sys.stderr)
        return 2
    with open_event_store(database) as store:
        try:
            problem = check_digest(store, args.expect) if args.expect else None
        except DigestFormatError as refused:
            print(f"rpledger: {refused}", file=sys.stderr)
            return 2
        report = verify(store)
        for found in report.breaks:
            print(found)
        if problem:
            print(f"kept digest {args.expect.strip()}: {problem}")
        elif args.expect:
            print(f"kept digest {args.expect.strip()}: matches, nothing recorded up to it has changed")
        print(report)
        if args.digest:
            print(log_digest(store))
    return 0 if report.ok and problem is None else 1


def _export_schema(args: argparse.Namespace) -> int:
    from rpledger.graphql.schema import schema_sdl

    sdl = schema_sdl()
    if args.output == "-":
        sys.stdout.write(sdl)
    else:
        Path(args.output).write_text(sdl, encoding="utf8")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="rpledger", description="Restrictive Practice Ledger")
    commands = root.add_subparsers(dest="command", required=True)
    database_help = "database URL (overrides RPLEDGER_DATABASE_URL): sqlite:///FILE or postgresql://..."

    serve = commands.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument("--host", help="address to listen on (default RPLEDGER_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default RPLEDGER_PORT or 8000)")
    serve.add_argument("--database", help=database_help)
    serve.add_argument("--demo", action="store_true", help="load the demo history first if the database is empty")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.add_argument(
        "--workers", type=int, default=1, metavar="N", help="worker processes (more than 1 needs PostgreSQL)"
    )
    serve.set_defaults(run=_serve)

    demo = commands.add_parser("demo", help="load a synthetic year of history for a few locations")
    demo.add_argument("--database", help=database_help)
    demo.add_argument("--seed", type=int, default=7, help="random seed (the same seed gives the same history)")
    demo.add_argument("--days", type=int, default=365, help="how many days of history, ending now")
    demo.add_argument(
        "--cases", type=int, help="instead, a scalable history for benchmarks: this many cases (progress on stderr)"
    )
    demo.add_argument("--years", type=float, default=1.0, help="with --cases: how many years of history, ending now")
    demo.set_defaults(run=_demo)

    projections = commands.add_parser("projections", help="manage the read models")
    projection_commands = projections.add_subparsers(dest="projection_command", required=True)
    rebuild = projection_commands.add_parser("rebuild", help="drop the read models and rebuild them from the log")
    rebuild.add_argument("--database", help=database_help)
    rebuild.set_defaults(run=_rebuild)

    verify = commands.add_parser("verify", help="check the hash chains of every stored event (exit 1 on any break)")
    verify.add_argument("--database", help=database_help)
    verify.add_argument("--digest", action="store_true", help="then print the digest of the log's head, to keep")
    verify.add_argument("--expect", metavar="DIGEST", help="a digest kept earlier: check nothing before it changed")
    verify.set_defaults(run=_verify)

    add_audit_commands(commands, _settings, database_help)
    add_rules_commands(commands)
    add_retention_commands(commands, _settings, database_help)
    add_report_commands(commands, _settings, database_help)
    add_key_commands(commands)
    add_token_commands(commands, _settings)
    add_project_commands(commands, _settings, database_help)

    export = commands.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    export.add_argument("--output", default="-", help="file to write, or - for standard output")
    export.set_defaults(run=_export_schema)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except SettingsError as problem:
        print(f"rpledger: {problem}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (``| head``) has gone: stop quietly, as other command-line tools do
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
