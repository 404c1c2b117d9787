"""The Use of Force report: a year's counts for the responsible person under the Mental Health Units (Use of Force)
Act 2018 (regulatory-reference.md section 1.1, rows UOF-01 to UOF-11, the s6(5) items of section 3.1).

Scope: cases in a mental health or learning disability and autism inpatient setting (``Setting.is_mental_health_unit``)
and, in them, every use of force (a use with at least one practice for which ``PracticeCode.is_use_of_force``:
physical, mechanical or chemical restraint, or isolation) that started in the calendar year, in UTC. Each case is read
in its corrected view: corrections apply, retracted uses are left out.

The tables:

- **by type of force**: per practice (rpledger's code and the MHSDS ``RestrictiveIntType`` code). A use with several
  types counts once in each type it used, and once in the total of uses, so the type rows can add up to more than the
  total;
- **by location**;
- **durations**: from the use's start to its end; uses still going on are counted but left out of the durations, and
  how many there are is shown;
- **injuries**: the MHSDS patient / staff / other person flags, and whether the patient died or was seriously injured;
- **relevant characteristics**: grouped by the exact text recorded for the person, "not recorded" when there is none;
- **learning disability or autism**: yes / no / not recorded.

**Small numbers are suppressed** so that no person can be identified: every count from 1 to 4 is shown as ``<5``, in
every table, totals included; 0 is shown as 0 and 5 or more as the number. Durations are not counts and are shown as
they are.

``build_report`` is a pure function over cases; ``read_cases`` lists them through the read model and reads each
through the application; ``render_text`` and ``render_csv`` print the report.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from rpledger.application.cases import Cases
from rpledger.application.view import ComplianceView
from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode

SUPPRESSION_RULE = (
    "Small numbers are suppressed so that no person can be identified: every count from 1 to 4 is shown as <5, in "
    "every table, totals included; 0 is shown as 0."
)
SEVERAL_TYPES = (
    "A use of force with several types counts once in each type it used and once in the total of uses, so the type "
    "rows can add up to more than the total."
)
NOT_RECORDED = "not recorded"
ALL_USES = "all uses of force"

# A moment after any case can have been opened: the read model lists the cases opened by a moment.
_END_OF_TIME = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
_PAGE = 200

FORCE_TYPES: tuple[PracticeCode, ...] = tuple(p for p in PracticeCode if p.is_use_of_force)
FORCE_TYPE_NAMES: dict[PracticeCode, str] = {
    PracticeCode.PHYS_PRONE: "physical restraint, prone",
    PracticeCode.PHYS_STANDING: "physical restraint, standing",
    PracticeCode.PHYS_ESCORT: "physical restraint, restrictive escort",
    PracticeCode.PHYS_SUPINE: "physical restraint, supine",
    PracticeCode.PHYS_SIDE: "physical restraint, side",
    PracticeCode.PHYS_SEATED: "physical restraint, seated",
    PracticeCode.PHYS_KNEELING: "physical restraint, kneeling",
    PracticeCode.PHYS_OTHER: "physical restraint, other",
    PracticeCode.MECH: "mechanical restraint",
    PracticeCode.CHEM_INJ_RT: "chemical restraint, injection, rapid tranquillisation",
    PracticeCode.CHEM_INJ_NONRT: "chemical restraint, injection, not rapid tranquillisation",
    PracticeCode.CHEM_ORAL: "chemical restraint, oral",
    PracticeCode.CHEM_OTHER: "chemical restraint, other",
    PracticeCode.ISO_SECLUSION: "seclusion",
    PracticeCode.ISO_SEGREGATION: "segregation",
}


def suppressed(count: int) -> str:
    """A count as the report shows it: 1 to 4 as ``<5``, anything else as the number."""
    return "<5" if 1 <= count <= 4 else str(count)


@dataclass(frozen=True)
class ForceUse:
    """One use of force in the report's scope, with the facts the tables count."""

    case_id: UUID
    use_id: UUID
    location_id: str
    types: tuple[PracticeCode, ...]  # its types of force, each once, in the order first used
    started_at: datetime
    ended_at: datetime | None
    patient_injured: bool | None
    staff_injured: bool | None
    other_person_injured: bool | None
    died_or_seriously_injured: bool | None
    relevant_characteristics: str | None
    learning_disability_or_autism: bool | None

    @property
    def duration(self) -> timedelta | None:
        return None if self.ended_at is None else self.ended_at - self.started_at


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def uses_of_force(case: Case, year: int) -> list[ForceUse]:
    """The uses of force of one case (in its corrected view) that started in ``year`` (UTC); none outside a mental
    health unit."""
    if not case.setting.is_mental_health_unit:
        return []
    start, end = year_bounds(year)
    found = []
    for use in case.uses.values():
        types = tuple(p for p in use.practices if p.is_use_of_force)
        if not types or not start <= use.started_at < end:
            continue
        injuries = use.details.injuries
        found.append(
            ForceUse(
                case_id=case.id,
                use_id=use.id,
                location_id=case.location_id,
                types=types,
                started_at=use.started_at,
                ended_at=use.ended_at,
                patient_injured=None if injuries is None else injuries.patient,
                staff_injured=None if injuries is None else injuries.staff,
                other_person_injured=None if injuries is None else injuries.other_person,
                died_or_seriously_injured=use.details.died_or_seriously_injured,
                relevant_characteristics=case.person.relevant_characteristics,
                learning_disability_or_autism=case.person.learning_disability_or_autism,
            )
        )
    return sorted(found, key=lambda u: (u.started_at, str(u.use_id)))


# A cell is a count (suppressed when shown) or a text shown as it is (codes, durations).
Cell = int | str


@dataclass(frozen=True)
class Table:
    key: str  # the table's name in the CSV
    title: str
    columns: tuple[str, ...]  # the first names the rows, the others their cells
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]

    def cell(self, row: str, column: str) -> Cell:
        """The unsuppressed value (for tests and callers that must not publish it)."""
        index = self.columns.index(column) - 1
        return dict(self.rows)[row][index]


@dataclass(frozen=True)
class UseOfForceReport:
    year: int
    location_id: str | None
    uses: tuple[ForceUse, ...]
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _count(uses: Iterable[ForceUse]) -> tuple[int, int]:
    """How many uses, and how many people they were used on."""
    listed = list(uses)
    return len(listed), len({u.case_id for u in listed})


def _flag(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("yes" if value else "no")


def _duration(value: timedelta | None) -> str:
    if value is None:
        return "none ended"
    minutes = round(value.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    text = f"{hours} h {minutes:02d} min"
    return f"{days} d {text}" if days else text


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(values) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def build_report(cases: Iterable[Case], year: int, location_id: str | None = None) -> UseOfForceReport:
    """The report of the uses of force that started in ``year`` in ``cases`` (at ``location_id`` only, if given)."""
    in_scope = [c for c in cases if c.setting.is_mental_health_unit and location_id in (None, c.location_id)]
    uses = sorted(
        (u for case in in_scope for u in uses_of_force(case, year)), key=lambda u: (u.started_at, str(u.use_id))
    )
    columns = ("uses", "people")

    by_type = [
        (
            practice.value,
            (practice.national_code or "", FORCE_TYPE_NAMES[practice], *_count(u for u in uses if practice in u.types)),
        )
        for practice in FORCE_TYPES
    ]
    by_type.append((ALL_USES, ("", "", *_count(uses))))

    locations = sorted({c.location_id for c in in_scope} | {u.location_id for u in uses})
    by_location = [(loc, _count(u for u in uses if u.location_id == loc)) for loc in locations]
    by_location.append((ALL_USES, _count(uses)))

    ended = [u.duration for u in uses if u.duration is not None]
    durations: list[tuple[str, tuple[Cell, ...]]] = [
        ("uses ended (in the durations)", (len(ended),)),
        ("uses still going on (counted, not in the durations)", (sum(1 for u in uses if u.ended_at is None),)),
        ("total duration", (_duration(sum(ended, timedelta()) if ended else None),)),
        ("median duration", (_duration(_median(ended)),)),
        ("longest duration", (_duration(max(ended) if ended else None),)),
    ]

    def flags(label: str, attribute: str) -> tuple[str, tuple[Cell, ...]]:
        values = [getattr(u, attribute) for u in uses]
        return label, tuple(sum(1 for v in values if _flag(v) == answer) for answer in ("yes", "no", NOT_RECORDED))

    injuries = [
        flags("patient injured", "patient_injured"),
        flags("staff injured", "staff_injured"),
        flags("other person injured", "other_person_injured"),
        flags("patient died or was seriously injured", "died_or_seriously_injured"),
    ]

    texts = sorted({u.relevant_characteristics for u in uses if u.relevant_characteristics is not None})
    characteristics = [(text, _count(u for u in uses if u.relevant_characteristics == text)) for text in texts]
    characteristics.append((NOT_RECORDED, _count(u for u in uses if u.relevant_characteristics is None)))

    ld = [
        (answer, _count(u for u in uses if _flag(u.learning_disability_or_autism) == answer))
        for answer in ("yes", "no", NOT_RECORDED)
    ]

    tables = (
        Table(
            "type", "Uses of force by type of force", ("type", "MHSDS code", "description", *columns), tuple(by_type)
        ),
        Table("location", "Uses of force by location", ("location", *columns), tuple(by_location)),
        Table("duration", "Durations (from the start of a use to its end)", ("measure", "value"), tuple(durations)),
        Table("injuries", "Injuries (uses of force)", ("injury", "yes", "no", NOT_RECORDED), tuple(injuries)),
        Table(
            "characteristics",
            "Uses of force by the person's recorded relevant characteristics",
            ("relevant characteristics", *columns),
            tuple(characteristics),
        ),
        Table(
            "learning_disability_or_autism",
            "Uses of force by learning disability or autism",
            ("learning disability or autism", *columns),
            tuple(ld),
        ),
    )
    return UseOfForceReport(year, location_id, tuple(uses), tables)


def read_cases(cases: Cases, view: ComplianceView, location_id: str | None = None) -> Iterator[Case]:
    """Every case in a mental health unit that the read model lists (at ``location_id`` only, if given), each read
    in its corrected view through the application."""
    after = None
    while True:
        page = view.cases(moment=_END_OF_TIME, status=None, location_id=location_id, first=_PAGE, after=after)
        for summary in page.cases:
            if summary.setting.is_mental_health_unit:
                yield cases.get_case(summary.id)
        if not page.has_next_page or not page.cases:
            return
        after = page.cases[-1].id


def _shown(cell: Cell) -> str:
    return suppressed(cell) if isinstance(cell, int) else cell


def _scope(report: UseOfForceReport) -> str:
    where = f"location {report.location_id}" if report.location_id else "all locations"
    return (
        f"Use of force report for {report.year} (uses of force that started from {report.year}-01-01 to "
        f"{report.year}-12-31, UTC), {where}: mental health and learning disability or autism inpatient units "
        "(Mental Health Units (Use of Force) Act 2018)."
    )


def notes(report: UseOfForceReport) -> tuple[str, ...]:
    return (
        SUPPRESSION_RULE,
        SEVERAL_TYPES,
        "Durations run from the start of a use to its end; uses still going on are counted but not in the durations.",
        "Corrections are applied; retracted uses are not counted.",
    )


def render_text(report: UseOfForceReport) -> str:
    lines = [_scope(report), *notes(report)]
    for table in report.tables:
        cells = [[label, *(_shown(c) for c in row)] for label, row in table.rows]
        widths = [max(len(x) for x in column) for column in zip(table.columns, *cells, strict=True)]
        counts = [False] + [all(isinstance(row[i], int) for _, row in table.rows) for i in range(len(widths) - 1)]
        lines += ["", table.title]
        for row in (list(table.columns), *cells):
            padded = (c.rjust(w) if count else c.ljust(w) for c, w, count in zip(row, widths, counts, strict=True))
            lines.append(("  " + "  ".join(padded)).rstrip())
    return "\n".join(lines) + "\n"


def render_csv(report: UseOfForceReport) -> str:
    """Long form: one row a value, ``table,row,column,value``; the notes come first, as rows of the ``note``
    table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value"])
    writer.writerow(["note", "scope", "", _scope(report)])
    for index, note in enumerate(notes(report), 1):
        writer.writerow(["note", str(index), "", note])
    for table in report.tables:
        for label, row in table.rows:
            for column, cell in zip(table.columns[1:], row, strict=True):
                writer.writerow([table.key, label, column, _shown(cell)])
    return out.getvalue()
