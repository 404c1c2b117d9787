"""``rpledger report``: reports for the people who answer for a provider's use of restrictive practice.

    rpledger report use-of-force --year 2025 [--location ID] [--format text|csv] [--database URL]
    rpledger report board --from DATE --to DATE [--location ID] [--by month|week]
        [--baseline-from DATE --baseline-to DATE] [--output FILE] [--database URL]

``use-of-force`` prints the year's counts the responsible person needs under the Mental Health Units (Use of Force)
Act 2018 (UOF-11): uses of force in mental health and learning disability or autism inpatient units, by type of
force, location, duration, injuries, relevant characteristics and learning disability or autism. Every count from 1
to 4 is shown as ``<5``, so that no person can be identified. See ``rpledger.export.use_of_force``.

``board`` writes the figures of ``Query.trends`` (uses by practice, prone share, seclusion hours, times to debrief and
to care-plan revision, overdue obligations) per month or week as one printable HTML page: a chart for each, the table
of the same numbers beneath it, and the baseline as a dashed line and a change column. See ``rpledger.export.board``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from rpledger.infrastructure.settings import Settings


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a year (e.g. 2025)") from None
    if not 1900 <= year <= 9998:
        raise argparse.ArgumentTypeError(f"{value!r} is not a year between 1900 and 9998")
    return year


def _day(value: str) -> date:
    """A calendar date, YYYY-MM-DD, worded as ``cli_audit.day`` (which the layer contract keeps this module from
    importing: the command modules are independent of each other)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date, e.g. 2025-03-01") from None


def add_commands(commands: Any, settings_of: Callable[[argparse.Namespace], Settings], database_help: str) -> None:
    def run_use_of_force(args: argparse.Namespace) -> int:
        return _use_of_force(settings_of(args), args)

    def run_board(args: argparse.Namespace) -> int:
        return _board(settings_of(args), args)

    report = commands.add_parser(
        "report", help="reports: the Use of Force Act's yearly counts, and the board's trend report with charts"
    )
    reports = report.add_subparsers(dest="report_command", required=True)
    use_of_force = reports.add_parser(
        "use-of-force",
        help="a year's uses of force in mental health units, by type, location, duration, injuries and the "
        "person's characteristics (counts of 1 to 4 shown as <5)",
    )
    use_of_force.add_argument("--year", type=_year, required=True, help="the calendar year (UTC) the uses started in")
    use_of_force.add_argument("--location", metavar="ID", help="only the cases at this location")
    use_of_force.add_argument("--format", choices=["text", "csv"], default="text")
    use_of_force.add_argument("--database", help=database_help)
    use_of_force.set_defaults(run=run_use_of_force)

    board = reports.add_parser(
        "board",
        help="a printable HTML report of the trends (uses by practice, prone share, seclusion hours, times to "
        "debrief and care-plan revision, overdue obligations) per month or week: charts with their tables",
    )
    board.add_argument("--location", metavar="ID", help="only the cases at this location (default: all locations)")
    board.add_argument("--from", dest="period_from", type=_day, required=True, metavar="DATE",
                       help="first day (UTC), e.g. 2025-01-01")
    board.add_argument("--to", dest="period_to", type=_day, required=True, metavar="DATE",
                       help="last day (UTC, inclusive)")
    board.add_argument("--by", choices=["month", "week"], default="month", help="calendar months or ISO weeks")
    board.add_argument("--baseline-from", type=_day, metavar="DATE", help="first day of the baseline to compare with")
    board.add_argument("--baseline-to", type=_day, metavar="DATE", help="last day of the baseline (inclusive)")
    board.add_argument("--output", default="board-report.html", metavar="FILE",
                       help="the HTML file to write (default: board-report.html)")
    board.add_argument("--database", help=database_help)
    board.set_defaults(run=run_board)


def _use_of_force(settings: Settings, args: argparse.Namespace) -> int:
    from rpledger.bootstrap import build_services
    from rpledger.export.use_of_force import build_report, read_cases, render_csv, render_text

    services = build_services(settings)
    try:
        cases = read_cases(services.cases, services.view, args.location)
        report = build_report(cases, args.year, args.location)
    finally:
        services.close()
    sys.stdout.write(render_csv(report) if args.format == "csv" else render_text(report))
    return 0


def _board_input_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the dates asked for, naming the option, or None; checked before anything is read."""
    if args.period_to < args.period_from:
        return "--to is before --from"
    if (args.baseline_from is None) != (args.baseline_to is None):
        given, missing = ("--baseline-from", "--baseline-to") if args.baseline_to is None else (
            "--baseline-to", "--baseline-from")
        return f"{missing} is needed with {given}: give both, or neither"
    if args.baseline_from is not None and args.baseline_to < args.baseline_from:
        return "--baseline-to is before --baseline-from"
    return None


_OPTIONS = {"from": "--from", "to": "--to", "baselineFrom": "--baseline-from", "baselineTo": "--baseline-to"}


def _board(settings: Settings, args: argparse.Namespace) -> int:
    from rpledger.application.trends import TrendInputError, TrendPeriod, trends
    from rpledger.bootstrap import build_services
    from rpledger.export.board import render_board, utc_days, write_board

    problem = _board_input_problem(args)
    if problem:
        print(f"rpledger: {problem}", file=sys.stderr)
        return 2
    start, end = utc_days(args.period_from, args.period_to)
    baseline: tuple[datetime | None, datetime | None] = (None, None)
    if args.baseline_from is not None:
        baseline = utc_days(args.baseline_from, args.baseline_to)
    services = build_services(settings)
    try:
        now = services.clock()
        report = trends(services.view, location_id=args.location, start=start, end=end,
                        by=TrendPeriod[args.by.upper()], now=now, baseline_start=baseline[0], baseline_end=baseline[1])
    except TrendInputError as refused:
        # The application names its arguments as the API does (``to: ...``): name the option instead.
        message = str(refused).removeprefix(f"{refused.argument}: ")
        print(f"rpledger: {_OPTIONS.get(refused.argument, refused.argument)}: {message}", file=sys.stderr)
        return 2
    finally:
        services.close()
    path = write_board(render_board(report, now), args.output)
    print(f"rpledger: wrote {path}")
    return 0
