"""``rpledger retention``: what a provider's purge job would hit, and which records UOF-04 still protects.

    rpledger retention --purge-before 2024-03-01 --as-of 2026-03-01T02:00:00+00:00

For every use-of-force record in every case (the cases from the read model, each record read from the event store),
it lists those a purge selecting the records made before ``--purge-before`` would erase at ``--as-of`` (default:
now), each marked BLOCKED, with its earliest permitted erasure, while it is within the Use of Force Act's retention
period, or ALLOWED. It exits 1 when any selected record is protected, 0 otherwise. Whatever the purge does, rpledger
itself keeps every record: its event store is append-only. See ``rpledger.domain.retention``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from rpledger.domain.retention import UseOfForceRecord, use_of_force_records
from rpledger.infrastructure.settings import Settings

if TYPE_CHECKING:
    from rpledger.bootstrap import Services

# The read model lists cases opened by a moment; this one is after any case can have been opened.
_END_OF_TIME = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
_PAGE = 200

APPEND_ONLY = (
    "rpledger itself keeps every record whatever the purge does: its event store is append-only (the database "
    "refuses to update or delete an event), so nothing is erased from it."
)
LONGER_SCHEDULES = (
    "Another retention schedule (the NHS records management code, for one) may keep a record longer: the longer "
    "period wins."
)


def date_or_moment(value: str) -> datetime:
    """A date (its start, midnight UTC) or an ISO 8601 time with a UTC offset."""
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(0), tzinfo=UTC)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is neither a date (2024-03-01) nor an ISO 8601 time (2024-03-01T00:00:00+00:00)"
        ) from None
    if parsed.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"{value!r} has no UTC offset: add one, e.g. +00:00 or Z")
    return parsed


def add_commands(commands: Any, settings_of: Callable[[argparse.Namespace], Settings], database_help: str) -> None:
    def run(args: argparse.Namespace) -> int:
        return _retention(settings_of(args), args)

    command = commands.add_parser(
        "retention",
        help="list the use-of-force records a purge of those made before a date would hit, and which the Use of "
        "Force Act still protects (exit 1 when any is protected)",
    )
    command.add_argument(
        "--purge-before",
        type=date_or_moment,
        required=True,
        metavar="DATE",
        help="the purge selects the records made before this date (or ISO time)",
    )
    command.add_argument("--as-of", type=date_or_moment, metavar="DATE", help="when the purge runs (default: now)")
    command.add_argument("--database", help=database_help)
    command.set_defaults(run=run)


@dataclass(frozen=True)
class PurgeCheck:
    """What a purge of the records made before ``purge_before``, run at ``as_of``, would select."""

    purge_before: datetime
    as_of: datetime
    selected: tuple[UseOfForceRecord, ...]

    @property
    def blocked(self) -> tuple[UseOfForceRecord, ...]:
        return tuple(r for r in self.selected if r.protected_at(self.as_of))

    @property
    def refused(self) -> bool:
        return bool(self.blocked)


def all_records(services: Services) -> Iterator[UseOfForceRecord]:
    """Every use-of-force record of every case the read model lists, as the event store holds it."""
    after = None
    while True:
        page = services.view.cases(moment=_END_OF_TIME, status=None, location_id=None, first=_PAGE, after=after)
        for summary in page.cases:
            case = services.cases.get_case(summary.id)
            yield from use_of_force_records(case, services.cases.policy_for(case.setting))
        if not page.has_next_page or not page.cases:
            return
        after = page.cases[-1].id


def check_purge(services: Services, purge_before: datetime, as_of: datetime) -> PurgeCheck:
    selected = sorted(
        (r for r in all_records(services) if r.made_at < purge_before), key=lambda r: (r.made_at, str(r.use_id))
    )
    return PurgeCheck(purge_before, as_of, tuple(selected))


def report(check: PurgeCheck) -> str:
    lines = [
        f"Purge at {_when(check.as_of)} of the use-of-force records made before {_when(check.purge_before)}: "
        + f"{len(check.selected)} selected."
    ]
    lines += [_record_line(r, check.as_of) for r in check.selected]
    blocked = len(check.blocked)
    if blocked:
        lines.append(
            f"{blocked} of them BLOCKED: the Use of Force Act 2018 s6(6) (UOF-04, V1) keeps a use-of-force record "
            "for its retention period from when it was made; the purge must leave them out."
        )
    else:
        lines.append("None of them is protected by UOF-04.")
    lines += [LONGER_SCHEDULES, APPEND_ONLY]
    return "\n".join(lines) + "\n"


def _record_line(record: UseOfForceRecord, as_of: datetime) -> str:
    retracted = " (retracted)" if record.retracted else ""
    where = f"case {record.person_ref} ({record.case_id}), use {record.use_id}{retracted}, made {_when(record.made_at)}"
    if record.retained_until is None:
        return f"ALLOWED  {where}: UOF-04 does not apply in this case's setting"
    if record.protected_at(as_of):
        return f"BLOCKED  {where}: within its retention period; earliest erasure {_when(record.retained_until)}"
    return f"ALLOWED  {where}: its retention period ended {_when(record.retained_until)}"


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _retention(settings: Settings, args: argparse.Namespace) -> int:
    from rpledger.bootstrap import build_services

    services = build_services(settings)
    try:
        check = check_purge(services, args.purge_before, args.as_of or services.clock())
    finally:
        services.close()
    sys.stdout.write(report(check))
    return 1 if check.refused else 0
