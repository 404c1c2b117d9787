"""The auditors' commands: ``rpledger replay`` (a case's history entry by entry, with what each entry did to its
obligations and findings), ``rpledger export`` (an inspection file: JSON Lines and a printable HTML report) and
``rpledger export mhsds`` (the national return of restrictive interventions: MHSDS MHS505 and MHS515 as CSV)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from rpledger.application.cases import Cases
from rpledger.application.history import plain
from rpledger.application.replay import ReplayStep, replay
from rpledger.domain.errors import NotYetRecordedError, UnknownCaseError
from rpledger.domain.obligation import compliance_status
from rpledger.infrastructure.settings import Settings


def moment(value: str) -> datetime:
    """An ISO 8601 time with a UTC offset, for ``--as-of`` and ``--known-at``."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 time, e.g. 2025-03-01T10:00:00+00:00") from None
    if parsed.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"{value!r} has no UTC offset: add one, e.g. +00:00 or Z")
    return parsed


def case_id(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a case id") from None


def add_commands(commands: Any, settings_of: Callable[[argparse.Namespace], Settings], database_help: str) -> None:
    def run_replay(args: argparse.Namespace) -> int:
        return _replay(settings_of(args), args)

    replay_command = commands.add_parser(
        "replay", help="a case's history, entry by entry, with the obligations each entry opened or met"
    )
    replay_command.add_argument("case_id", type=case_id, metavar="CASE_ID")
    replay_command.add_argument(
        "--as-of", type=moment, help="judge every status at this moment (default: each entry's recorded time)"
    )
    replay_command.add_argument("--known-at", type=moment, help="only what had been recorded by this moment")
    replay_command.add_argument("--format", choices=["text", "json"], default="text")
    replay_command.add_argument("--database", help=database_help)
    replay_command.set_defaults(run=run_replay)

    def run_export(args: argparse.Namespace) -> int:
        return _export(settings_of(args), args)

    export_command = commands.add_parser(
        "export",
        help="write a case's full history as JSON Lines and a printable HTML report, for an inspection file "
        "(or, as 'export mhsds', the MHSDS restrictive intervention tables)",
        epilog="'rpledger export mhsds --from DATE --to DATE ...' writes the MHSDS tables instead: see its --help",
    )
    export_command.add_argument("case_id", type=case_id, metavar="CASE_ID")
    export_command.add_argument("--output", default=".", help="folder to write PERSON_REF.jsonl and .html into")
    export_command.add_argument("--as-of", type=moment, help="judge the obligations at this moment (default: now)")
    export_command.add_argument("--known-at", type=moment, help="only what had been recorded by this moment")
    export_command.add_argument("--database", help=database_help)
    export_command.set_defaults(run=run_export)

    def run_mhsds(args: argparse.Namespace) -> int:
        return _export_mhsds(settings_of(args), args)

    # ``export mhsds`` beside ``export CASE_ID``: the export parser hands its arguments to this one when the first is
    # the literal ``mhsds`` (a case id is a UUID, so the two cannot be confused).
    mhsds = argparse.ArgumentParser(
        prog=f"{export_command.prog} mhsds",
        description="write the restrictive interventions of uses that started in the period as MHSDS MHS505 "
        "(incidents) and MHS515 (types) CSV files, and list each record that could not be exported complete",
    )
    mhsds.add_argument(
        "--from", dest="period_from", type=day, required=True, metavar="DATE", help="first day, e.g. 2025-03-01"
    )
    mhsds.add_argument("--to", dest="period_to", type=day, required=True, metavar="DATE", help="last day (inclusive)")
    mhsds.add_argument("--location", help="only the cases at this location id")
    mhsds.add_argument("--output", default=".", help="folder to write the three CSV files into")
    mhsds.add_argument("--database", help=database_help)
    mhsds.set_defaults(run=run_mhsds)
    export_command.__class__ = _ExportParser
    export_command.mhsds = mhsds  # type: ignore[attr-defined]


class _ExportParser(argparse.ArgumentParser):
    """The ``export`` command's parser: ``export mhsds ...`` goes to the MHSDS parser, anything else as before."""

    mhsds: argparse.ArgumentParser

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if args and args[0] == "mhsds":
            return self.mhsds.parse_known_args(args[1:], namespace)
        return super().parse_known_args(args, namespace)


def day(value: str) -> date:
    """A calendar date, YYYY-MM-DD, for ``--from`` and ``--to``."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date, e.g. 2025-03-01") from None


def _export_mhsds(settings: Settings, args: argparse.Namespace) -> int:
    from rpledger.bootstrap import build_services
    from rpledger.export.mhsds import export_mhsds, write_mhsds

    if args.period_to < args.period_from:
        print("rpledger: --to is before --from", file=sys.stderr)
        return 2
    services = build_services(settings)
    try:
        exported = export_mhsds(
            services.cases, services.view, args.period_from, args.period_to, location_id=args.location
        )
    finally:
        services.close()
    paths = write_mhsds(exported, args.output)
    print(
        f"rpledger: wrote {len(exported.incidents)} incidents, {len(exported.types)} intervention types and "
        f"{len(exported.listing)} records not exported complete to {', '.join(str(p) for p in paths)}"
    )
    return 0


def _export(settings: Settings, args: argparse.Namespace) -> int:
    from rpledger.bootstrap import build_services
    from rpledger.export import export_case, write_export

    services = build_services(settings)
    try:
        as_of = args.as_of or services.clock()
        exported = export_case(services.cases, services.view, args.case_id, as_of=as_of, known_at=args.known_at)
        jsonl_path, html_path = write_export(exported, args.output)
    except UnknownCaseError as unknown:
        print(f"rpledger: {unknown}", file=sys.stderr)
        return 2
    finally:
        services.close()
    print(f"rpledger: wrote {jsonl_path} and {html_path}")
    return 0


def _replay(settings: Settings, args: argparse.Namespace) -> int:
    from rpledger.bootstrap import build_services

    services = build_services(settings)
    try:
        steps = replay(
            services.cases,
            args.case_id,
            as_of=args.as_of,
            known_at=args.known_at,
            with_details=args.format == "json",  # the text shows each entry's summary, not its details
        )
        closing = _closing(services.cases, args)
        if args.format == "json":
            json.dump({"entries": [_step_json(s) for s in steps], "final": closing}, sys.stdout, indent=1)
            print()
        else:
            for step in steps:
                print(step_text(step))
            print(_closing_text(closing))
    except (UnknownCaseError, NotYetRecordedError) as unknown:
        print(f"rpledger: {unknown}", file=sys.stderr)
        return 2
    finally:
        services.close()
    return 0


def _closing(cases: Cases, args: argparse.Namespace) -> dict[str, Any]:
    """The whole case's compliance at the end: at --as-of (or now), from what was known at --known-at."""
    at = args.as_of or cases.clock()
    compliance = cases.compliance(args.case_id, known_at=args.known_at)
    existing = [o for o in compliance.obligations if o.exists_at(at)]
    counts: dict[str, int] = {}
    for o in existing:
        counts[o.status(at).value] = counts.get(o.status(at).value, 0) + 1
    return {
        "asOf": _iso(at),
        "knownAt": _iso(args.known_at),
        "status": compliance_status(existing, compliance.findings, at).value,
        "obligations": counts,
        "openFindings": sum(1 for f in compliance.findings if f.open_at(at)),
    }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _short(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _duration(seconds: int) -> str:
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{sign}{hours} h {rest // 60} min"


def step_text(step: ReplayStep) -> str:
    e = step.entry
    since = "it ended" if e.kind == "UseRecorded" else "it happened"
    late = f"  LATE (recorded {_duration(e.recording_delay_seconds)} after {since})" if e.late else ""
    link = f"  corrects {e.corrects}" if e.corrects else (f"  retracts {e.retracts}" if e.retracts else "")
    heading = (
        f"#{e.position} {e.kind}  happened {_short(e.occurred_at)}  recorded {_short(e.recorded_at)}  "
        f"by {e.recorded_by.name} ({e.recorded_by.role}){late}{link}"
    )
    lines = [heading, f"    {e.summary}"]
    lines += [_obligation_text(o) for o in step.obligations]
    lines += [f"    finding {f.rule.id}: {f.detail} (since {_short(f.at)})" for f in step.findings]
    return "\n".join(lines)


def _obligation_text(o: Any) -> str:
    ob = o.obligation
    if ob.met_at is not None and o.status.value in ("MET", "MET_LATE"):
        timing = f"met {_short(ob.met_at)}, {_duration(o.time_to_review_seconds)} after"
    else:
        timing = f"due {_short(ob.due_at)}, {_duration(o.time_to_review_seconds or 0)} left"
    return f"    {ob.rule.id} {o.status.value}: {timing} ({ob.rule.source}; {ob.rule.confidence})"


def _closing_text(closing: dict[str, Any]) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in sorted(closing["obligations"].items())) or "no obligations"
    known = f", as known at {closing['knownAt']}" if closing["knownAt"] else ""
    return (
        f"Status at {closing['asOf']}{known}: {closing['status']} ({counts}; {closing['openFindings']} open findings)"
    )


def _step_json(step: ReplayStep) -> dict[str, Any]:
    e = step.entry
    return {
        "position": e.position,
        "kind": e.kind,
        "entryId": str(e.entry_id),
        "corrects": plain(e.corrects),
        "retracts": plain(e.retracts),
        "occurredAt": _iso(e.occurred_at),
        "recordedAt": _iso(e.recorded_at),
        "recordedBy": plain(e.recorded_by),
        "correlationId": e.correlation_id,
        "recordingDelaySeconds": e.recording_delay_seconds,
        "late": e.late,
        "summary": e.summary,
        "details": e.details,
        "judgedAt": _iso(step.moment),
        "obligations": [_obligation_json(o) for o in step.obligations],
        "findings": [_finding_json(f) for f in step.findings],
    }


def _obligation_json(o: Any) -> dict[str, Any]:
    ob = o.obligation
    met = o.status.value in ("MET", "MET_LATE")
    return {
        "id": str(ob.id),
        "ruleId": ob.rule.id,
        "source": ob.rule.source,
        "confidence": ob.rule.confidence,
        "triggeredBy": str(ob.triggered_by),
        "dueAt": _iso(ob.due_at),
        "metAt": _iso(ob.met_at) if met else None,
        "status": o.status.value,
        "timeToReviewSeconds": o.time_to_review_seconds,
    }


def _finding_json(f: Any) -> dict[str, Any]:
    return {"ruleId": f.rule.id, "subject": str(f.subject), "at": _iso(f.at), "detail": f.detail}
