"""``rpledger report``: reports for the people who answer for a provider's use of restrictive practice.

    rpledger report use-of-force --year 2025 [--location ID] [--format text|csv] [--database URL]

``use-of-force`` prints the year's counts the responsible person needs under the Mental Health Units (Use of Force)
Act 2018 (UOF-11): uses of force in mental health and learning disability or autism inpatient units, by type of
force, location, duration, injuries, relevant characteristics and learning disability or autism. Every count from 1
to 4 is shown as ``<5``, so that no person can be identified. See ``rpledger.export.use_of_force``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
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


def add_commands(commands: Any, settings_of: Callable[[argparse.Namespace], Settings], database_help: str) -> None:
    def run_use_of_force(args: argparse.Namespace) -> int:
        return _use_of_force(settings_of(args), args)

    report = commands.add_parser("report", help="reports: the Use of Force Act's yearly counts")
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
