"""``rpledger report use-of-force`` on a real database: a SQLite file, and PostgreSQL when configured.

A hand-built 2024 on two mental health units and a care home checks every table and the small-number rule (4 shows
as ``<5``, 5 as 5, 0 as 0); then the demo's year, loaded through the application, is checked against counts this test
works out itself from the stored events.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from rpledger.bootstrap import Services
from rpledger.cli import main
from rpledger.demo import load_demo
from rpledger.domain.codes import PracticeCode, ReasonCode, Setting
from rpledger.domain.correction import UseCorrection
from rpledger.domain.values import Actor, Injuries, PersonDetails, Segment, StaffMember, Use, UseDetails
from rpledger.export.use_of_force import (
    SEVERAL_TYPES,
    SUPPRESSION_RULE,
    build_report,
    read_cases,
    render_csv,
    render_text,
    suppressed,
)
from rpledger.infrastructure.settings import Database
from tests.conftest import Clock

P = PracticeCode
BY = Actor("rn-1", "Ann Okafor", "nurse in charge")
STAFF = (StaffMember("Sam Carter", "Staff nurse"),)
FEMALE = "Female; White British"
MALE = "Male; Black British"
NO_INJURY = Injuries(patient=False, staff=False, other_person=False)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def details(injuries: Injuries | None = NO_INJURY, died: bool | None = False) -> UseDetails:
    return UseDetails(
        reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS, staff=STAFF, injuries=injuries, died_or_seriously_injured=died
    )


def one(practice: PracticeCode, start: datetime, minutes: int | None) -> list[Segment]:
    return [Segment(practice, start, None if minutes is None else start + timedelta(minutes=minutes))]


@dataclass(frozen=True)
class History:
    ward_a: tuple[UUID, ...]
    eli: UUID


def record_history(services: Services, clock: Clock) -> History:
    """2024 on WARD-A (mental health), UNIT-B (learning disability and autism) and HOME-C (a care home).

    Ann, Bea, Cat and Dee on WARD-A: one prone restraint each (Ann's began standing), 15, 20, 30 and 40 minutes.
    Eli on UNIT-B: four standing holds of 5 minutes, one recorded as standing and corrected to kneeling, a seclusion
    still going on, a standing hold retracted, one in 2023 and one on 1 January 2025. Fay on WARD-A: enhanced
    observation only. Gus in the care home: a seated hold (the Act does not apply there).
    """
    cases = services.cases
    clock.set(at(2023, 12, 1, 9))

    def person(characteristics: str | None, ld: bool | None) -> PersonDetails:
        return PersonDetails(
            name="A Person", relevant_characteristics=characteristics, learning_disability_or_autism=ld
        )

    mh = Setting.MENTAL_HEALTH_INPATIENT
    ann = cases.open_case("Ann", mh, "WARD-A", BY, person=person(FEMALE, False))
    bea = cases.open_case("Bea", mh, "WARD-A", BY, person=person(FEMALE, False))
    cat = cases.open_case("Cat", mh, "WARD-A", BY, person=person(FEMALE, False))
    dee = cases.open_case("Dee", mh, "WARD-A", BY, person=person(FEMALE, None))
    fay = cases.open_case("Fay", mh, "WARD-A", BY, person=person(None, False))
    eli = cases.open_case("Eli", Setting.LEARNING_DISABILITY_AUTISM_INPATIENT, "UNIT-B", BY, person=person(MALE, True))
    gus = cases.open_case("Gus", Setting.ADULT_SOCIAL_CARE, "HOME-C", BY, person=person(FEMALE, False))

    clock.set(at(2025, 1, 2, 10))
    start = at(2024, 3, 4, 11)
    two_types = [Segment(P.PHYS_STANDING, start, start + timedelta(minutes=10))]
    two_types.append(Segment(P.PHYS_PRONE, start + timedelta(minutes=10), start + timedelta(minutes=15)))
    cases.record_use(ann, two_types, details(Injuries(patient=True, staff=False, other_person=False)), BY)
    cases.record_use(bea, one(P.PHYS_PRONE, at(2024, 5, 1, 9), 20), details(None, None), BY)
    cases.record_use(cat, one(P.PHYS_PRONE, at(2024, 7, 1, 9), 30), details(), BY)
    cases.record_use(dee, one(P.PHYS_PRONE, at(2024, 12, 31, 23, 0), 40), details(), BY)
    cases.record_use(fay, one(P.OBS_ENHANCED, at(2024, 6, 1, 9), 60), details(), BY)
    cases.record_use(gus, one(P.PHYS_SEATED, at(2024, 6, 1, 9), 10), details(), BY)

    staff_hurt = details(Injuries(patient=False, staff=True, other_person=False), None)
    for month in (2, 4, 6, 8):
        cases.record_use(eli, one(P.PHYS_STANDING, at(2024, month, 10, 14), 5), staff_hurt, BY)
    kneeling = cases.record_use(eli, one(P.PHYS_STANDING, at(2024, 9, 10, 14), 5), staff_hurt, BY)
    cases.correct_entry(
        eli, kneeling, UseCorrection(segments=tuple(one(P.PHYS_KNEELING, at(2024, 9, 10, 14), 5))), "kneeling", BY
    )
    cases.record_use(eli, one(P.ISO_SECLUSION, at(2024, 12, 20, 22), None), staff_hurt, BY)
    wrong = cases.record_use(eli, one(P.PHYS_STANDING, at(2024, 10, 1, 8), 5), staff_hurt, BY)
    cases.retract_entry(eli, wrong, "recorded against the wrong person", BY)
    cases.record_use(eli, one(P.PHYS_STANDING, at(2023, 12, 31, 23, 55), 5), staff_hurt, BY)
    cases.record_use(eli, one(P.PHYS_STANDING, at(2025, 1, 1, 0, 0), 5), staff_hurt, BY)
    return History((ann, bea, cat, dee, fay), eli)


def csv_cells(text: str) -> dict[tuple[str, str, str], str]:
    rows = list(csv.DictReader(io.StringIO(text)))
    return {(r["table"], r["row"], r["column"]): r["value"] for r in rows}


def report_command(database: Database, *args: str) -> list[str]:
    return ["report", "use-of-force", *args, "--database", database.url]


@pytest.fixture
def schema(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command finds the PostgreSQL schema where the server would."""
    monkeypatch.delenv("RPLEDGER_POLICY_FILE", raising=False)
    monkeypatch.setenv("RPLEDGER_POSTGRES_SCHEMA", database.schema)


def test_suppression_rule() -> None:
    assert [suppressed(n) for n in (0, 1, 2, 3, 4, 5, 6, 120)] == ["0", "<5", "<5", "<5", "<5", "5", "6", "120"]


def test_every_table_of_a_hand_built_year(
    services: Services, clock: Clock, database: Database, schema: None, capsys: pytest.CaptureFixture[str]
) -> None:
    record_history(services, clock)

    assert main(report_command(database, "--year", "2024", "--format", "csv")) == 0
    cells = csv_cells(capsys.readouterr().out)

    expected = {
        # by type: standing 5 (Ann's first segment and four of Eli's) shows as 5; prone 4 as <5; mechanical 0 as 0
        ("type", "PHYS.STANDING", "uses"): "5",
        ("type", "PHYS.STANDING", "people"): "<5",
        ("type", "PHYS.STANDING", "MHSDS code"): "07",
        ("type", "PHYS.PRONE", "uses"): "<5",
        ("type", "PHYS.PRONE", "people"): "<5",
        ("type", "PHYS.PRONE", "MHSDS code"): "01",
        ("type", "PHYS.KNEELING", "uses"): "<5",
        ("type", "ISO.SECLUSION", "uses"): "<5",
        ("type", "ISO.SECLUSION", "MHSDS code"): "05",
        ("type", "MECH", "uses"): "0",
        ("type", "PHYS.SEATED", "uses"): "0",
        ("type", "all uses of force", "uses"): "10",
        ("type", "all uses of force", "people"): "5",
        # by location: the care home is not listed; WARD-A lists Fay's observation nowhere
        ("location", "WARD-A", "uses"): "<5",
        ("location", "WARD-A", "people"): "<5",
        ("location", "UNIT-B", "uses"): "6",
        ("location", "UNIT-B", "people"): "<5",
        ("location", "all uses of force", "uses"): "10",
        # durations: 5, 5, 5, 5, 5 (kneeling), 15, 20, 30, 40 minutes; the seclusion is still going on
        ("duration", "uses ended (in the durations)", "value"): "9",
        ("duration", "uses still going on (counted, not in the durations)", "value"): "<5",
        ("duration", "total duration", "value"): "2 h 10 min",
        ("duration", "median duration", "value"): "0 h 05 min",
        ("duration", "longest duration", "value"): "0 h 40 min",
        # injuries
        ("injuries", "patient injured", "yes"): "<5",
        ("injuries", "patient injured", "no"): "8",
        ("injuries", "patient injured", "not recorded"): "<5",
        ("injuries", "staff injured", "yes"): "6",
        ("injuries", "staff injured", "no"): "<5",
        ("injuries", "other person injured", "yes"): "0",
        ("injuries", "other person injured", "no"): "9",
        ("injuries", "patient died or was seriously injured", "yes"): "0",
        ("injuries", "patient died or was seriously injured", "no"): "<5",
        ("injuries", "patient died or was seriously injured", "not recorded"): "7",
        # relevant characteristics, by the exact text
        ("characteristics", FEMALE, "uses"): "<5",
        ("characteristics", MALE, "uses"): "6",
        ("characteristics", MALE, "people"): "<5",
        ("characteristics", "not recorded", "uses"): "0",
        # learning disability or autism
        ("learning_disability_or_autism", "yes", "uses"): "6",
        ("learning_disability_or_autism", "no", "uses"): "<5",
        ("learning_disability_or_autism", "not recorded", "uses"): "<5",
        ("learning_disability_or_autism", "not recorded", "people"): "<5",
    }
    assert {key: cells.get(key) for key in expected} == expected
    assert ("location", "HOME-C", "uses") not in cells
    assert ("characteristics", FEMALE, "people") in cells
    notes = {cells[key] for key in cells if key[0] == "note"}
    assert SUPPRESSION_RULE in notes and SEVERAL_TYPES in notes
    every_count = [v for (table, _, column), v in cells.items() if table not in ("note", "duration", "type")]
    assert every_count and all(v == "0" or v == "<5" or int(v) >= 5 for v in every_count)

    # The same figures, unsuppressed, from the functions the command uses.
    report = build_report(read_cases(services.cases, services.view), 2024)
    assert report.table("type").cell("PHYS.PRONE", "uses") == 4
    assert report.table("type").cell("PHYS.STANDING", "uses") == 5
    assert report.table("learning_disability_or_autism").cell("not recorded", "uses") == 1
    assert report.table("duration").cell("uses still going on (counted, not in the durations)", "value") == 1


def test_text_and_one_location(
    services: Services, clock: Clock, database: Database, schema: None, capsys: pytest.CaptureFixture[str]
) -> None:
    record_history(services, clock)

    assert main(report_command(database, "--year", "2024")) == 0
    text = capsys.readouterr().out
    assert text.startswith("Use of force report for 2024")
    assert SUPPRESSION_RULE in text and SEVERAL_TYPES in text
    lines = text.splitlines()
    assert any(line.split()[:1] == ["PHYS.PRONE"] and line.split()[-2:] == ["<5", "<5"] for line in lines)
    assert any(line.split()[:1] == ["PHYS.STANDING"] and line.split()[-2:] == ["5", "<5"] for line in lines)
    assert any(line.split()[:1] == ["MECH"] and line.split()[-2:] == ["0", "0"] for line in lines)

    assert main(report_command(database, "--year", "2024", "--location", "UNIT-B", "--format", "csv")) == 0
    cells = csv_cells(capsys.readouterr().out)
    assert cells[("type", "all uses of force", "uses")] == "6"
    assert cells[("type", "PHYS.PRONE", "uses")] == "0"
    assert ("location", "WARD-A", "uses") not in cells

    # 2025 holds only Eli's hold of New Year's midnight; 2023 only his hold five minutes before it.
    for year in (2023, 2025):
        report = build_report(read_cases(services.cases, services.view), year)
        assert [u.types for u in report.uses] == [(P.PHYS_STANDING,)]
        assert "all uses of force" in render_text(report)
        assert csv_cells(render_csv(report))[("type", "all uses of force", "uses")] == "<5"


# ------------------------------------------------------------------------------------------------ the demo year


@dataclass(frozen=True)
class Independent:
    """A use of force as this test works it out from the events, without the report's module."""

    case_id: UUID
    location_id: str
    use: Use
    characteristics: str | None
    ld: bool | None


def independent_uses(services: Services, year: int) -> list[Independent]:
    found = []
    page = services.view.cases(moment=at(9999, 1, 1), status=None, location_id=None, first=10_000, after=None)
    for summary in page.cases:
        events: list[Any] = list(services.cases.events.get(summary.id))
        opened = events[0]
        if opened.setting is Setting.ADULT_SOCIAL_CARE:
            continue
        person, uses, ends, retracted = opened.person, {}, {}, set()
        for event in events[1:]:
            kind = type(event).__name__
            if kind in ("UseRecorded", "UseStarted"):
                uses[event.use.id] = event.use
            elif kind == "UseEnded":
                ends[event.use_id] = event.occurred_at
            elif kind == "EntryCorrected" and event.entry_id in uses:
                uses[event.entry_id] = event.correction.apply(uses[event.entry_id])
            elif kind == "EntryCorrected" and event.entry_id == summary.id:
                person = event.correction.apply(person)
            elif kind == "EntryRetracted":
                retracted.add(event.entry_id)
        for use_id, use in uses.items():
            if use_id in retracted or not any(s.practice.is_use_of_force for s in use.segments):
                continue
            if use_id in ends and use.segments[-1].ended_at is None:
                use = use.ended(ends[use_id])
            if use.segments[0].started_at.year == year:
                found.append(
                    Independent(
                        summary.id,
                        opened.location_id,
                        use,
                        person.relevant_characteristics,
                        person.learning_disability_or_autism,
                    )
                )
    return found


def test_the_demo_year_matches_counts_from_the_events(
    services: Services, database: Database, schema: None, capsys: pytest.CaptureFixture[str]
) -> None:
    load_demo(services.cases, days=365)  # the clock fixture's now: 2025-03-01 09:00, so most of it is 2024

    for year in (2024, 2025):
        mine = independent_uses(services, year)
        report = build_report(read_cases(services.cases, services.view), year)
        assert len(mine) > 0
        assert sorted(u.use_id for u in report.uses) == sorted(u.use.id for u in mine)

        types = Counter(p for u in mine for p in {s.practice for s in u.use.segments} if p.is_use_of_force)
        for practice in PracticeCode:
            if practice.is_use_of_force:
                assert report.table("type").cell(practice.value, "uses") == types[practice], practice
        assert report.table("type").cell("all uses of force", "uses") == len(mine)
        assert report.table("type").cell("all uses of force", "people") == len({u.case_id for u in mine})

        locations = Counter(u.location_id for u in mine)
        for location, count in locations.items():
            assert report.table("location").cell(location, "uses") == count

        durations = [
            u.use.segments[-1].ended_at - u.use.segments[0].started_at for u in mine if u.use.segments[-1].ended_at
        ]
        going_on = sum(1 for u in mine if u.use.segments[-1].ended_at is None)
        table = report.table("duration")
        assert table.cell("uses ended (in the durations)", "value") == len(durations)
        assert table.cell("uses still going on (counted, not in the durations)", "value") == going_on
        median = statistics.median(durations)
        assert table.cell("median duration", "value") == _as_text(median)
        assert table.cell("longest duration", "value") == _as_text(max(durations))

        def flag(value: bool | None) -> str:
            return "not recorded" if value is None else ("yes" if value else "no")

        injuries = report.table("injuries")
        for row, read in (
            ("patient injured", lambda u: None if u.use.details.injuries is None else u.use.details.injuries.patient),
            ("staff injured", lambda u: None if u.use.details.injuries is None else u.use.details.injuries.staff),
            ("patient died or was seriously injured", lambda u: u.use.details.died_or_seriously_injured),
        ):
            counted = Counter(flag(read(u)) for u in mine)
            for answer in ("yes", "no", "not recorded"):
                assert injuries.cell(row, answer) == counted[answer], (row, answer)

        characteristics = Counter(u.characteristics or "not recorded" for u in mine)
        for text, count in characteristics.items():
            assert report.table("characteristics").cell(text, "uses") == count
        ld = Counter(flag(u.ld) for u in mine)
        for answer in ("yes", "no", "not recorded"):
            assert report.table("learning_disability_or_autism").cell(answer, "uses") == ld[answer]

    # Through the command line, suppressed.
    mine = independent_uses(services, 2024)
    assert main(report_command(database, "--year", "2024", "--format", "csv")) == 0
    cells = csv_cells(capsys.readouterr().out)
    assert cells[("type", "all uses of force", "uses")] == suppressed(len(mine))
    types = Counter(p for u in mine for p in {s.practice for s in u.use.segments} if p.is_use_of_force)
    for practice in PracticeCode:
        if practice.is_use_of_force:
            assert cells[("type", practice.value, "uses")] == suppressed(types[practice])
    for location, count in Counter(u.location_id for u in mine).items():
        assert cells[("location", location, "uses")] == suppressed(count)
    assert not any(loc == "home-willow" for (_, loc, _) in cells)


def _as_text(value: timedelta) -> str:
    minutes = round(value.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    text = f"{rest // 60} h {rest % 60:02d} min"
    return f"{days} d {text}" if days else text
