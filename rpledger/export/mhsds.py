"""The monthly national return of restrictive interventions: MHSDS tables MHS505 and MHS515 as CSV files.

``rpledger export mhsds`` writes the uses that started in a period (on UK local dates, from and to inclusive):

- ``MHS505RestrictiveInterventInc.csv``: one row per use (an MHSDS *incident*, regulatory-reference.md §1.2, §3.1,
  MHSDS-01, DEB-03);
- ``MHS515RestrictiveInterventType.csv``: one row per segment (an MHSDS *restrictive intervention type*), with the
  segment's own start and end;
- ``MHSDS_not_exported.csv``: each record that could not be exported complete, and what it lacks (a missing
  reason, a segment still open...), plus the segments left out because their practice has no MHSDS code. A record
  with anything missing is listed there *instead of* being written to the two tables, so that the tables hold only
  complete records and nothing is dropped silently.

Only cases in mental health and learning disability/autism inpatient settings (``Setting.is_mental_health_unit``)
submit MHSDS; uses in other settings are not looked at. Practices without an MHSDS code (``national_code`` is
None: enhanced observation, covert medication, environmental and access restrictions...) are not MHSDS
restrictive interventions: their segments are left out (and listed); a use made only of them is listed as left
out. Date fields are ``YYYY-MM-DD`` and time fields ``HH:MM:SS``, in UK civil time (GMT/BST); flags are ``Y``/``N``.

Where each field name comes from (all read in NHS Digital's public pipeline code, with the ``search`` tool):

- Table names ``MHS505RestrictiveInterventInc`` and ``MHS515RestrictiveInterventType``, and the columns
  ``RestrictiveIntIncID``, ``StartDateRestrictiveIntInc``, ``StartTimeRestrictiveIntInc``,
  ``EndDateRestrictiveIntInc``, ``EndTimeRestrictiveIntInc``, ``StartDateRestrictiveIntType``,
  ``StartTimeRestrictiveIntType``, ``EndDateRestrictiveIntType``, ``EndTimeRestrictiveIntType`` and
  ``RestrictiveIntType``: NHSDigital/mental-health-monthly-statistics, ``Mental_Health_Monthly_Statistics/
  Restraints/`` (the restraints preparation notebooks select them from ``mhs505restrictiveinterventinc`` and
  ``mhs515restrictiveinterventtype``), and the MHSDS v5 test-data dictionaries of NHS Digital's data-processing code
  (``#  MHS505RestrictiveInterventInc`` / ``#  MHS515RestrictiveInterventType``), which also list the rest:
- ``HospProvSpellID``, ``RestrictiveIntReason``, ``RestrictiveIntPIReviewHeldPat``,
  ``RestrictiveIntPIReviewNotHeldReasPat``, ``RestrictiveIntPIReviewHeldCarePers`` on MHS505;
  ``RestrictiveIntTypeID`` (the type row's own identifier), ``RestrictiveIntIncID`` (its incident) and the three
  injury flags ``RestraintInjuryPatient``, ``RestraintInjuryCarePers``, ``RestraintInjuryOtherPers`` on MHS515 (in
  MHSDS v5 the injury flags sit on the type row, as §1.2 says; rpledger records injuries once per use, so each of a
  use's type rows repeats them). The same names appear in NHS Digital's dbt pass-through models of both tables.
- ``LocalPatientId``: the Local Patient Identifier of MHS001MPI (same sources). It is not an MHS505 column (MHSDS
  reaches the person through the hospital spell); it is added to the MHS505 file so that the provider can link
  each incident to its person. It holds the case's ``person_ref``. The NHS number (``NHSNumber``, MHS001MPI) is not
  exported: neither table carries it.

Values:

- ``RestrictiveIntIncID``: the use's id; ``RestrictiveIntTypeID``: the use's id, ``-``, the segment's number (1...).
- ``HospProvSpellID``: rpledger records ward stays (``Cases.admit``), not hospital provider spells; the id of the
  stay in which the use started stands for the spell (**unconfirmed**: a provider whose spells span several wards
  must map it to its own spell id). A use with no such stay is listed as missing it.
- ``RestrictiveIntType`` and ``RestrictiveIntReason``: ``PracticeCode.national_code`` and
  ``ReasonCode.national_code`` (regulatory-reference.md §1.2).
- ``RestrictiveIntPIReviewHeldPat``: ``Y`` when a debrief with the person (``DebriefKind.WITH_PERSON``) was held,
  else ``N`` when one was declined; ``RestrictiveIntPIReviewHeldCarePers``: ``Y`` when a debrief with staff
  (``WITH_STAFF``) was held, ``N`` when declined. Neither recorded: the record is listed as missing it.
- ``RestrictiveIntPIReviewNotHeldReasPat``: left empty. Its national code list was not retrieved
  (regulatory-reference.md open question 12, **unconfirmed**), and no code is invented: the reason the person
  declined is written as free text in the extra, non-national column ``RPLEDGER_PIReviewNotHeldReasonTextPat``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from uuid import UUID

from rpledger.application.cases import Cases
from rpledger.application.view import ComplianceView
from rpledger.domain.case import Case
from rpledger.domain.codes import DebriefKind
from rpledger.domain.values import Segment, Use
from rpledger.export.wording import uk_time

NOT_HELD_REASON_TEXT = "RPLEDGER_PIReviewNotHeldReasonTextPat"

MHS505_FIELDS = (
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
    NOT_HELD_REASON_TEXT,
)
MHS515_FIELDS = (
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
)
LISTING_FIELDS = ("RestrictiveIntIncID", "LocalPatientId", "CaseID", "LocationID", "UseStarted", "Outcome", "Missing")

# What the listing says happened to each record it names.
NOT_EXPORTED = "NOT_EXPORTED"  # incomplete: in neither table until what is missing is recorded
LEFT_OUT = "LEFT_OUT"  # no segment has an MHSDS code: not an MHSDS restrictive intervention
EXPORTED_IN_PART = "EXPORTED_IN_PART"  # exported, but segments without an MHSDS code were left out

MHS505_FILE = "MHS505RestrictiveInterventInc.csv"
MHS515_FILE = "MHS515RestrictiveInterventType.csv"
LISTING_FILE = "MHSDS_not_exported.csv"

Row = dict[str, str]


@dataclass
class MhsdsExport:
    """The rows of the three files, in order: by person, then by the start of the use."""

    incidents: list[Row] = field(default_factory=list)
    types: list[Row] = field(default_factory=list)
    listing: list[Row] = field(default_factory=list)


def export_mhsds(
    cases: Cases, view: ComplianceView, start: date, end: date, *, location_id: str | None = None
) -> MhsdsExport:
    """The MHSDS rows of the uses that started from ``start`` to ``end`` (UK dates, inclusive), in every mental
    health or LD/autism inpatient case (at ``location_id`` only, when given), from the corrected record."""
    return build_rows(_mental_health_cases(cases, view, location_id), start, end)


def _mental_health_cases(cases: Cases, view: ComplianceView, location_id: str | None) -> Iterator[Case]:
    moment, after = cases.clock(), None
    while True:
        page = view.cases(moment=moment, status=None, location_id=location_id, first=200, after=after)
        for summary in page.cases:
            if summary.setting.is_mental_health_unit:
                yield cases.get_case(summary.id)
        if not page.has_next_page or not page.cases:
            return
        after = page.cases[-1].id


def build_rows(cases: Iterable[Case], start: date, end: date) -> MhsdsExport:
    """The rows for the uses of ``cases`` that started in the period (cases outside mental health units skipped)."""
    export = MhsdsExport()
    chosen = [
        (case, use)
        for case in cases
        if case.setting.is_mental_health_unit
        for use in case.uses.values()
        if start <= _local(use.started_at).date() <= end
    ]
    chosen.sort(key=lambda pair: (pair[0].person_ref, pair[1].started_at, str(pair[1].id)))
    for case, use in chosen:
        _add_use(export, case, use)
    return export


def _add_use(export: MhsdsExport, case: Case, use: Use) -> None:
    numbered = list(enumerate(use.segments, start=1))
    coded = [(n, s) for n, s in numbered if s.practice.national_code is not None]
    left_out = [
        f"{s.practice.value} segment from {_stamp(s.started_at)} left out: the practice has no MHSDS code"
        for _, s in numbered
        if s.practice.national_code is None
    ]
    if not coded:
        export.listing.append(_listed(case, use, LEFT_OUT, left_out))
        return
    missing = _missing(case, use, [s for _, s in coded])
    if missing:
        export.listing.append(_listed(case, use, NOT_EXPORTED, missing + left_out))
        return
    if left_out:
        export.listing.append(_listed(case, use, EXPORTED_IN_PART, left_out))
    export.incidents.append(_incident(case, use, [s for _, s in coded]))
    export.types.extend(_type_row(use, n, s) for n, s in coded)


def _missing(case: Case, use: Use, segments: list[Segment]) -> list[str]:
    missing = []
    if _stay_id(case, use) is None:
        missing.append("HospProvSpellID: no ward stay (admission) recorded in which the use started")
    if use.details.reason is None:
        missing.append("RestrictiveIntReason: no reason recorded")
    for segment in segments:
        if segment.ended_at is None:
            missing.append(
                f"EndDateRestrictiveIntType/EndTimeRestrictiveIntType: the {segment.practice.value} segment from "
                f"{_stamp(segment.started_at)} is still open (no end recorded)"
            )
    injuries = use.details.injuries
    if injuries is None:
        missing.append("RestraintInjuryPatient/RestraintInjuryCarePers/RestraintInjuryOtherPers: injuries not recorded")
    else:
        flags = [
            ("RestraintInjuryPatient", injuries.patient, "to the patient"),
            ("RestraintInjuryCarePers", injuries.staff, "to staff"),
            ("RestraintInjuryOtherPers", injuries.other_person, "to another person"),
        ]
        missing.extend(
            f"{name}: whether there was an injury {whom} not recorded" for name, flag, whom in flags if flag is None
        )
    held_pat, _ = _review(case, use, DebriefKind.WITH_PERSON)
    if held_pat is None:
        missing.append(
            "RestrictiveIntPIReviewHeldPat: no post-incident review with the patient recorded, held or declined"
        )
    held_staff, _ = _review(case, use, DebriefKind.WITH_STAFF)
    if held_staff is None:
        missing.append(
            "RestrictiveIntPIReviewHeldCarePers: no post-incident review with staff recorded, held or declined"
        )
    return missing


def _incident(case: Case, use: Use, segments: list[Segment]) -> Row:
    started = min(s.started_at for s in segments)
    ended = max(s.ended_at for s in segments if s.ended_at is not None)
    held_pat, declined_reason = _review(case, use, DebriefKind.WITH_PERSON)
    held_staff, _ = _review(case, use, DebriefKind.WITH_STAFF)
    reason = use.details.reason
    return {
        "RestrictiveIntIncID": str(use.id),
        "HospProvSpellID": str(_stay_id(case, use)),
        "LocalPatientId": case.person_ref,
        "StartDateRestrictiveIntInc": _date(started),
        "StartTimeRestrictiveIntInc": _time(started),
        "EndDateRestrictiveIntInc": _date(ended),
        "EndTimeRestrictiveIntInc": _time(ended),
        "RestrictiveIntReason": "" if reason is None else reason.national_code,
        "RestrictiveIntPIReviewHeldPat": _flag(held_pat),
        "RestrictiveIntPIReviewNotHeldReasPat": "",  # the national code list was not retrieved: see the docstring
        "RestrictiveIntPIReviewHeldCarePers": _flag(held_staff),
        NOT_HELD_REASON_TEXT: declined_reason or "",
    }


def _type_row(use: Use, number: int, segment: Segment) -> Row:
    assert segment.ended_at is not None  # an open segment keeps its use out of the tables
    injuries = use.details.injuries
    assert injuries is not None
    return {
        "RestrictiveIntTypeID": f"{use.id}-{number}",
        "RestrictiveIntIncID": str(use.id),
        "RestrictiveIntType": segment.practice.national_code or "",
        "StartDateRestrictiveIntType": _date(segment.started_at),
        "StartTimeRestrictiveIntType": _time(segment.started_at),
        "EndDateRestrictiveIntType": _date(segment.ended_at),
        "EndTimeRestrictiveIntType": _time(segment.ended_at),
        "RestraintInjuryPatient": _flag(injuries.patient),
        "RestraintInjuryCarePers": _flag(injuries.staff),
        "RestraintInjuryOtherPers": _flag(injuries.other_person),
    }


def _review(case: Case, use: Use, kind: DebriefKind) -> tuple[bool | None, str | None]:
    """Whether a debrief of ``kind`` was held for the use (True), only declined (False, with the latest reason), or
    neither was recorded (None)."""
    debriefs = [case.debriefs[i] for i in case.debriefs_of_use.get(use.id, ()) if i in case.debriefs]
    debriefs = sorted((d for d in debriefs if d.kind is kind), key=lambda d: d.held_at)
    if any(d.was_held for d in debriefs):
        return True, None
    if debriefs:
        return False, debriefs[-1].declined_reason
    return None, None


def _stay_id(case: Case, use: Use) -> UUID | None:
    at = use.started_at
    for stay in sorted(case.stays.values(), key=lambda s: s.admitted_at):
        if stay.admitted_at <= at and (stay.discharged_at is None or at < stay.discharged_at):
            return stay.id
    return None


def _listed(case: Case, use: Use, outcome: str, missing: list[str]) -> Row:
    return {
        "RestrictiveIntIncID": str(use.id),
        "LocalPatientId": case.person_ref,
        "CaseID": str(case.id),
        "LocationID": case.location_id,
        "UseStarted": _stamp(use.started_at),
        "Outcome": outcome,
        "Missing": "; ".join(missing),
    }


def _local(moment: datetime) -> datetime:
    return moment.astimezone(uk_time())


def _date(moment: datetime) -> str:
    return _local(moment).strftime("%Y-%m-%d")


def _time(moment: datetime) -> str:
    return _local(moment).strftime("%H:%M:%S")


def _stamp(moment: datetime) -> str:
    return _local(moment).strftime("%Y-%m-%d %H:%M:%S")


def _flag(value: bool | None) -> str:
    return "" if value is None else ("Y" if value else "N")


def write_mhsds(export: MhsdsExport, directory: Path | str) -> tuple[Path, Path, Path]:
    """Write the MHS505, MHS515 and not-exported files into ``directory`` (created if missing)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = (folder / MHS505_FILE, folder / MHS515_FILE, folder / LISTING_FILE)
    for path, fields, rows in zip(
        paths,
        (MHS505_FIELDS, MHS515_FIELDS, LISTING_FIELDS),
        (export.incidents, export.types, export.listing),
        strict=True,
    ):
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=fields)
            writer.writeheader()
            writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    return paths


def _cell(value: object) -> object:
    """Free text that a spreadsheet would take for a formula is written as text (a leading apostrophe)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
