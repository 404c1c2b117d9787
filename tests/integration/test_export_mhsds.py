"""``rpledger export mhsds``, on each backend: the MHSDS MHS505 (incident) and MHS515 (intervention type) CSV files
built from the corrected record, and the listing of the records that could not be exported complete."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from rpledger.bootstrap import Services
from rpledger.cli import main
from rpledger.demo import load_demo
from rpledger.domain.codes import DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.correction import UseCorrection
from rpledger.domain.values import Actor, Injuries, Segment, UseDetails
from rpledger.export.mhsds import (
    EXPORTED_IN_PART,
    LEFT_OUT,
    LISTING_FIELDS,
    MHS505_FIELDS,
    MHS515_FIELDS,
    NOT_EXPORTED,
    MhsdsExport,
    export_mhsds,
    write_mhsds,
)
from rpledger.infrastructure.settings import Settings
from tests.conftest import Clock

UK = ZoneInfo("Europe/London")

NURSE = Actor("n-1", "Alex Nurse", "CARE_STAFF")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday in GMT: UK times equal UTC
MARCH = (date(2025, 3, 1), date(2025, 3, 31))
NATIONAL_505 = [
    "RestrictiveIntIncID",
    "HospProvSpellID",
    "LocalPatientId",
    "StartDateRestrictiveIntInc",
    "StartTimeRestrictiveIntInc",
    "EndDateRestrictiveIntInc",
    "EndTimeRestrictiveIntInc",
    "RestrictiveIntReason",
    "RestrictiveIntPIReviewHeldPat",
    "RestrictiveIntPIReviewNotHeldReasPat",
    "RestrictiveIntPIReviewHeldCarePers",
    "RPLEDGER_PIReviewNotHeldReasonTextPat",
]
NATIONAL_515 = [
    "RestrictiveIntTypeID",
    "RestrictiveIntIncID",
    "RestrictiveIntType",
    "StartDateRestrictiveIntType",
    "StartTimeRestrictiveIntType",
    "EndDateRestrictiveIntType",
    "EndTimeRestrictiveIntType",
    "RestraintInjuryPatient",
    "RestraintInjuryCarePers",
    "RestraintInjuryOtherPers",
]
NO_INJURY = Injuries(patient=False, staff=False, other_person=False)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def open_case(
    services: Services, ref: str, setting: Setting = Setting.MENTAL_HEALTH_INPATIENT, location: str = "oak"
) -> UUID:
    case_id = services.cases.open_case(ref, setting, location, NURSE, opened_at=T0)
    services.cases.admit(case_id, "Oak Ward", True, T0, NURSE)
    return case_id


def debriefs(services: Services, case_id: UUID, use_id: UUID, hours: float) -> None:
    services.cases.record_debrief(case_id, [use_id], DebriefKind.WITH_PERSON, at(hours), NURSE)
    services.cases.record_debrief(case_id, [use_id], DebriefKind.WITH_STAFF, at(hours), NURSE)


def record(services: Services, clock: Clock) -> dict[str, UUID]:
    """A prone-then-RT restraint, complete; a declined debrief; a use with no reason; a seclusion still open; an
    enhanced observation; a use in a care home; one in another month; and one at another location."""
    cases = services.cases
    clock.set(T0)
    case_id = open_case(services, "P-MH-1")
    clock.set(at(4))
    prone_rt = cases.record_use(
        case_id,
        [Segment(PracticeCode.PHYS_PRONE, at(1), at(1.25)), Segment(PracticeCode.CHEM_INJ_RT, at(1.25), at(1.5))],
        UseDetails(reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS, injuries=Injuries(True, False, None)),
        NURSE,
    )
    # the injury to another person was left out, then corrected: the export reads the corrected record
    cases.correct_entry(case_id, prone_rt, UseCorrection(injuries=Injuries(True, False, False)), "left out", NURSE)
    debriefs(services, case_id, prone_rt, 3)
    declined = cases.record_use(
        case_id,
        [Segment(PracticeCode.PHYS_STANDING, at(5), at(5.1))],
        UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, injuries=NO_INJURY),
        NURSE,
    )
    cases.record_debrief(
        case_id, [declined], DebriefKind.WITH_PERSON, at(6), NURSE, declined_reason="Did not want to talk about it"
    )
    cases.record_debrief(case_id, [declined], DebriefKind.WITH_STAFF, at(6), NURSE)
    no_reason = cases.record_use(
        case_id, [Segment(PracticeCode.MECH, at(7), at(7.5))], UseDetails(injuries=NO_INJURY), NURSE
    )
    debriefs(services, case_id, no_reason, 8)
    secluded = cases.record_use(
        case_id,
        [Segment(PracticeCode.ISO_SECLUSION, at(9))],
        UseDetails(reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS, injuries=NO_INJURY),
        NURSE,
    )
    observed = cases.record_use(
        case_id,
        [Segment(PracticeCode.OBS_ENHANCED, at(10), at(12))],
        UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, injuries=NO_INJURY),
        NURSE,
    )
    mixed = cases.record_use(
        case_id,
        [Segment(PracticeCode.OBS_ENHANCED, at(13), at(14)), Segment(PracticeCode.PHYS_SEATED, at(14), at(14.2))],
        UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, injuries=NO_INJURY),
        NURSE,
    )
    debriefs(services, case_id, mixed, 15)
    april = cases.record_use(
        case_id,
        [Segment(PracticeCode.PHYS_STANDING, at(24 * 30), at(24 * 30 + 0.1))],
        UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, injuries=NO_INJURY),
        NURSE,
    )
    home = cases.open_case("P-SC-1", Setting.ADULT_SOCIAL_CARE, "willow", NURSE, opened_at=T0)
    cases.record_use(
        home,
        [Segment(PracticeCode.PHYS_ESCORT, at(2), at(2.1))],
        UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, injuries=NO_INJURY),
        NURSE,
    )
    elm = open_case(services, "P-MH-2", location="elm")
    elsewhere = cases.record_use(
        elm,
        [Segment(PracticeCode.PHYS_SUPINE, at(3), at(3.2))],
        UseDetails(reason=ReasonCode.PREVENT_ABSCONDING, injuries=NO_INJURY),
        NURSE,
    )
    debriefs(services, elm, elsewhere, 4)
    clock.set(at(24 * 40))
    return {
        "prone_rt": prone_rt,
        "declined": declined,
        "no_reason": no_reason,
        "secluded": secluded,
        "observed": observed,
        "mixed": mixed,
        "april": april,
        "elsewhere": elsewhere,
    }


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def written(services: Services, tmp_path: Path, location: str | None = None) -> MhsdsExport:
    exported = export_mhsds(services.cases, services.view, *MARCH, location_id=location)
    write_mhsds(exported, tmp_path)
    return exported


def test_the_headers_are_the_national_field_names(services: Services, clock: Clock, tmp_path: Path) -> None:
    record(services, clock)
    written(services, tmp_path)
    assert list(MHS505_FIELDS) == NATIONAL_505 and list(MHS515_FIELDS) == NATIONAL_515
    assert read(tmp_path / "MHS505RestrictiveInterventInc.csv")[0] == NATIONAL_505
    assert read(tmp_path / "MHS515RestrictiveInterventType.csv")[0] == NATIONAL_515
    assert read(tmp_path / "MHSDS_not_exported.csv")[0] == list(LISTING_FIELDS)


def test_one_incident_per_use_and_one_type_row_per_segment_with_codes(
    services: Services, clock: Clock, tmp_path: Path
) -> None:
    ids = record(services, clock)
    written(services, tmp_path)
    incidents = {r["RestrictiveIntIncID"]: r for r in read(tmp_path / "MHS505RestrictiveInterventInc.csv")[1]}
    types = read(tmp_path / "MHS515RestrictiveInterventType.csv")[1]
    assert set(incidents) == {str(ids[k]) for k in ("prone_rt", "declined", "mixed", "elsewhere")}
    prone = incidents[str(ids["prone_rt"])]
    assert prone["LocalPatientId"] == "P-MH-1" and prone["HospProvSpellID"]
    assert prone["RestrictiveIntReason"] == "10"
    assert (prone["StartDateRestrictiveIntInc"], prone["StartTimeRestrictiveIntInc"]) == ("2025-03-03", "10:00:00")
    assert (prone["EndDateRestrictiveIntInc"], prone["EndTimeRestrictiveIntInc"]) == ("2025-03-03", "10:30:00")
    rows = [r for r in types if r["RestrictiveIntIncID"] == str(ids["prone_rt"])]
    assert [
        (r["RestrictiveIntType"], r["StartTimeRestrictiveIntType"], r["EndTimeRestrictiveIntType"]) for r in rows
    ] == [("01", "10:00:00", "10:15:00"), ("14", "10:15:00", "10:30:00")]
    assert rows[0]["RestrictiveIntTypeID"] != rows[1]["RestrictiveIntTypeID"]
    assert all(r["StartDateRestrictiveIntType"] == r["EndDateRestrictiveIntType"] == "2025-03-03" for r in rows)
    # the corrected injury flags, on each of the use's type rows
    assert {
        (r["RestraintInjuryPatient"], r["RestraintInjuryCarePers"], r["RestraintInjuryOtherPers"]) for r in rows
    } == {("Y", "N", "N")}
    # the mixed use: only its seated restraint (11) is exported, the enhanced observation is left out
    mixed = [r["RestrictiveIntType"] for r in types if r["RestrictiveIntIncID"] == str(ids["mixed"])]
    assert mixed == ["11"]
    assert incidents[str(ids["mixed"])]["StartTimeRestrictiveIntInc"] == "23:00:00"
    assert incidents[str(ids["elsewhere"])]["RestrictiveIntReason"] == "19"
    assert len(types) == len({r["RestrictiveIntTypeID"] for r in types}) == 5


def test_post_incident_review_flags_come_from_the_debriefs(services: Services, clock: Clock, tmp_path: Path) -> None:
    ids = record(services, clock)
    written(services, tmp_path)
    incidents = {r["RestrictiveIntIncID"]: r for r in read(tmp_path / "MHS505RestrictiveInterventInc.csv")[1]}
    held, declined = incidents[str(ids["prone_rt"])], incidents[str(ids["declined"])]
    assert (held["RestrictiveIntPIReviewHeldPat"], held["RestrictiveIntPIReviewHeldCarePers"]) == ("Y", "Y")
    assert held["RestrictiveIntPIReviewNotHeldReasPat"] == held["RPLEDGER_PIReviewNotHeldReasonTextPat"] == ""
    assert (declined["RestrictiveIntPIReviewHeldPat"], declined["RestrictiveIntPIReviewHeldCarePers"]) == ("N", "Y")
    assert declined["RPLEDGER_PIReviewNotHeldReasonTextPat"] == "Did not want to talk about it"
    assert declined["RestrictiveIntPIReviewNotHeldReasPat"] == ""  # no invented code


def test_incomplete_and_left_out_records_are_listed_with_what_is_missing(
    services: Services, clock: Clock, tmp_path: Path
) -> None:
    ids = record(services, clock)
    written(services, tmp_path)
    listed = {r["RestrictiveIntIncID"]: r for r in read(tmp_path / "MHSDS_not_exported.csv")[1]}
    assert set(listed) == {str(ids[k]) for k in ("no_reason", "secluded", "observed", "mixed")}
    assert listed[str(ids["no_reason"])]["Outcome"] == NOT_EXPORTED
    assert "RestrictiveIntReason" in listed[str(ids["no_reason"])]["Missing"]
    secluded = listed[str(ids["secluded"])]
    assert secluded["Outcome"] == NOT_EXPORTED and "still open" in secluded["Missing"]
    assert "RestrictiveIntPIReviewHeldPat" in secluded["Missing"]  # no debrief recorded at all
    assert listed[str(ids["observed"])]["Outcome"] == LEFT_OUT
    assert "OBS.ENHANCED" in listed[str(ids["observed"])]["Missing"]
    assert listed[str(ids["mixed"])]["Outcome"] == EXPORTED_IN_PART
    assert "no MHSDS code" in listed[str(ids["mixed"])]["Missing"]
    assert all(r["LocalPatientId"] == "P-MH-1" and r["LocationID"] == "oak" for r in listed.values())


def test_a_use_without_a_ward_stay_is_listed_as_missing_the_spell(services: Services, clock: Clock) -> None:
    clock.set(T0)
    case_id = services.cases.open_case("P-NOSTAY", Setting.MENTAL_HEALTH_INPATIENT, "oak", NURSE, opened_at=T0)
    use = services.cases.record_use(
        case_id,
        [Segment(PracticeCode.PHYS_STANDING, at(1), at(1.1))],
        UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, injuries=NO_INJURY),
        NURSE,
    )
    debriefs(services, case_id, use, 2)
    exported = export_mhsds(services.cases, services.view, *MARCH)
    assert exported.incidents == [] and len(exported.listing) == 1
    assert exported.listing[0]["Missing"].startswith("HospProvSpellID")


def test_the_period_and_location_filters(services: Services, clock: Clock, tmp_path: Path) -> None:
    ids = record(services, clock)
    everything = export_mhsds(services.cases, services.view, date(2025, 3, 1), date(2025, 4, 30))
    assert str(ids["april"]) in {r["RestrictiveIntIncID"] for r in everything.incidents + everything.listing}
    march = written(services, tmp_path)
    assert str(ids["april"]) not in {r["RestrictiveIntIncID"] for r in march.incidents + march.listing}
    # the care home's use is never looked at: care homes do not submit MHSDS
    assert {r["LocalPatientId"] for r in everything.incidents + everything.listing} == {"P-MH-1", "P-MH-2"}
    elm = export_mhsds(services.cases, services.view, *MARCH, location_id="elm")
    assert [r["RestrictiveIntIncID"] for r in elm.incidents] == [str(ids["elsewhere"])] and elm.listing == []
    day_one = export_mhsds(services.cases, services.view, date(2025, 3, 3), date(2025, 3, 3), location_id="oak")
    assert {r["RestrictiveIntIncID"] for r in day_one.incidents} == {
        str(ids[k]) for k in ("prone_rt", "declined", "mixed")
    }


def test_the_command_line(
    services: Services, settings: Settings, clock: Clock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if settings.database.backend != "sqlite":
        pytest.skip("the command line names a database by URL, which cannot name the test's PostgreSQL schema")
    ids = record(services, clock)
    url = settings.database.url
    out = tmp_path / "return"
    code = main(["export", "mhsds", "--from", "2025-03-01", "--to", "2025-03-31", "--location", "elm",
                 "--output", str(out), "--database", url])  # fmt: skip
    assert code == 0 and "wrote 1 incidents" in capsys.readouterr().out
    assert [r["RestrictiveIntIncID"] for r in read(out / "MHS505RestrictiveInterventInc.csv")[1]] == [
        str(ids["elsewhere"])
    ]
    assert main(["export", "mhsds", "--from", "2025-03-31", "--to", "2025-03-01", "--database", url]) == 2


def test_the_demo_exports_every_record_complete_or_listed(services: Services, clock: Clock, tmp_path: Path) -> None:
    clock.set(datetime(2025, 6, 30, 12, 0, tzinfo=UTC))
    load_demo(services.cases, days=60)
    page = services.view.cases(moment=clock(), status=None, location_id=None, first=1000, after=None)
    exported = export_mhsds(services.cases, services.view, date(2025, 5, 1), date(2025, 6, 30))
    write_mhsds(exported, tmp_path)
    headers, incidents = read(tmp_path / "MHS505RestrictiveInterventInc.csv")
    _, types = read(tmp_path / "MHS515RestrictiveInterventType.csv")
    _, listed = read(tmp_path / "MHSDS_not_exported.csv")
    assert headers == NATIONAL_505 and incidents and types and listed
    expected = set()
    for summary in page.cases:
        if summary.setting.is_mental_health_unit:
            case = services.cases.get_case(summary.id)
            expected |= {
                str(u.id) for u in case.uses.values() if u.started_at.astimezone(UK).date() >= date(2025, 5, 1)
            }
    exported_ids = {r["RestrictiveIntIncID"] for r in incidents}
    not_exported = {r["RestrictiveIntIncID"] for r in listed if r["Outcome"] != EXPORTED_IN_PART}
    assert exported_ids.isdisjoint(not_exported)
    assert expected == exported_ids | not_exported
    assert all(r["Missing"] for r in listed)
    assert {r["RestrictiveIntIncID"] for r in types} == exported_ids
    assert all(r["RestrictiveIntType"] in {f"{n:02d}" for n in (1, *range(4, 18))} for r in types)
    assert all(r["RestrictiveIntReason"] in {c.value for c in ReasonCode} for r in incidents)
    assert all(
        r[f] in {"Y", "N"}
        for r in incidents
        for f in ("RestrictiveIntPIReviewHeldPat", "RestrictiveIntPIReviewHeldCarePers")
    )
    assert all(
        r[f]
        for r in incidents + types
        for f in r
        if f not in {"RestrictiveIntPIReviewNotHeldReasPat", "RPLEDGER_PIReviewNotHeldReasonTextPat"}
    )
