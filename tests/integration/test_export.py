"""The export of a person's history for an inspection file, on each backend: the JSON Lines file (a header, every
entry in order, the obligations and findings at the as-of moment) and the printable HTML report."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from uuid import UUID

from rpledger.bootstrap import Services
from rpledger.demo import load_demo
from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.correction import UseCorrection
from rpledger.domain.values import Actor, Segment, StaffMember, UseDetails
from rpledger.export import ExportedCase, export_case, records, render_html, write_export, write_jsonl
from rpledger.export.narrative import headline
from rpledger.export.wording import uk_time
from tests.conftest import Clock

NURSE = Actor("n-1", "Alex Nurse", "CARE_STAFF")
HOSTILE = "<script>alert(1)</script>"
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
AS_OF = T0 + timedelta(days=4)  # the debrief was on time; the 72-hour review is overdue; the care plan is not due


def record_history(services: Services, clock: Clock) -> UUID:
    """A use (with a hostile staff name), a debrief, a correction of the use, and a duplicate use retracted."""
    cases = services.cases
    clock.set(T0)
    case_id = cases.open_case("P-EXP-1", Setting.MENTAL_HEALTH_INPATIENT, "ward-oak", NURSE, opened_at=T0)
    cases.grant_authorisation(
        case_id,
        AuthorisationBasis.MHA_DETENTION,
        [PracticeCode.PHYS_STANDING],
        T0,
        T0 + timedelta(days=28),
        "Dr Rao",
        NURSE,
    )
    clock.set(T0 + timedelta(hours=2, minutes=30))
    segment = Segment(PracticeCode.PHYS_STANDING, T0 + timedelta(hours=2), T0 + timedelta(hours=2, minutes=6))
    details = UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, staff=(StaffMember(HOSTILE, "Staff nurse"),))
    use_id = cases.record_use(case_id, [segment], details, NURSE)
    duplicate = cases.record_use(case_id, [segment], details, NURSE)
    clock.set(T0 + timedelta(hours=5, minutes=10))
    cases.record_debrief(case_id, [use_id], DebriefKind.WITH_PERSON, T0 + timedelta(hours=5), NURSE)
    clock.set(T0 + timedelta(days=1))
    cases.correct_entry(case_id, use_id, UseCorrection(place="Lounge & garden"), "place left out", NURSE)
    cases.retract_entry(case_id, duplicate, "recorded twice", NURSE)
    return case_id


def export(services: Services, clock: Clock) -> ExportedCase:
    case_id = record_history(services, clock)
    clock.set(AS_OF + timedelta(days=30))  # exported later, about the as-of moment
    return export_case(services.cases, services.view, case_id, as_of=AS_OF)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_jsonl_has_a_header_then_every_entry_in_order(services: Services, clock: Clock, tmp_path: Path) -> None:
    exported = export(services, clock)
    write_jsonl(exported, tmp_path / "case.jsonl")
    lines = read_jsonl(tmp_path / "case.jsonl")
    header, entries = lines[0], [line for line in lines if line["kind"] == "entry"]
    assert header["kind"] == "case" and header["personRef"] == "P-EXP-1" and header["location"] == "ward-oak"
    assert header["asOf"] == AS_OF.isoformat() and header["knownAt"] is None
    assert header["status"] == "NON_COMPLIANT"
    assert [e["entryKind"] for e in entries] == [
        "CaseOpened",
        "AuthorisationGranted",
        "UseRecorded",
        "UseRecorded",
        "DebriefHeld",
        "EntryCorrected",
        "EntryRetracted",
    ]
    assert [e["position"] for e in entries] == sorted(e["position"] for e in entries)
    assert entries[5]["corrects"] == entries[2]["entryId"] and entries[6]["retracts"] == entries[3]["entryId"]
    assert entries[2]["recordedBy"] == {"id": "n-1", "name": "Alex Nurse", "role": "CARE_STAFF"}
    assert list(entries[0]) == list(_entry_keys())


def _entry_keys() -> tuple[str, ...]:
    return (
        "kind",
        "position",
        "entryKind",
        "entryId",
        "corrects",
        "retracts",
        "occurredAt",
        "recordedAt",
        "recordedBy",
        "correlationId",
        "recordingDelaySeconds",
        "late",
        "summary",
        "details",
    )


def test_the_jsonl_gives_the_obligations_and_findings_at_the_as_of_moment(
    services: Services, clock: Clock, tmp_path: Path
) -> None:
    write_jsonl(export(services, clock), tmp_path / "case.jsonl")
    lines = read_jsonl(tmp_path / "case.jsonl")
    obligations = {o["ruleId"]: o for o in lines if o["kind"] == "obligation"}
    assert {rule: o["status"] for rule, o in obligations.items()} == {
        "RES-04": "OVERDUE",  # no check of the person's physical health was recorded after the restraint
        "DEB-01": "MET",
        "DEB-02": "OVERDUE",
        "CP-01": "PENDING",  # none for the retracted duplicate
    }
    assert obligations["DEB-01"]["metAt"] == (T0 + timedelta(hours=5)).isoformat()
    assert obligations["DEB-01"]["timeToReviewSeconds"] == 2 * 3600 + 54 * 60  # from the use's end to the debrief
    assert obligations["DEB-02"]["metAt"] is None and obligations["DEB-02"]["timeToReviewSeconds"] < 0
    findings = [f for f in lines if f["kind"] == "finding"]
    # The record still lacks s6(5) items; and by the debrief deadline it did not say whether the staff involved had a
    # post-incident review (DEB-03: only the debrief with the person was recorded).
    assert [(f["ruleId"], f["open"]) for f in findings] == [("UOF-03", True), ("DEB-03", True)]


def test_a_meeting_after_the_as_of_moment_is_not_shown_as_met(services: Services, clock: Clock) -> None:
    case_id = record_history(services, clock)
    exported = export_case(services.cases, services.view, case_id, as_of=T0 + timedelta(hours=4))
    debrief = next(o for o in exported.obligations if o.obligation.rule.id == "DEB-01")
    assert debrief.status.value == "PENDING"  # the debrief held at five hours had not happened yet
    line = next(r for r in records(exported) if r["kind"] == "obligation" and r["ruleId"] == "DEB-01")
    assert line["metAt"] is None and line["metBy"] is None


def test_known_at_exports_the_record_as_it_then_stood(services: Services, clock: Clock) -> None:
    case_id = record_history(services, clock)
    known_at = T0 + timedelta(hours=3)  # before the debrief, the correction and the retraction were recorded
    exported = export_case(services.cases, services.view, case_id, as_of=AS_OF, known_at=known_at)
    assert [e.kind for e in exported.entries][-1] == "UseRecorded"
    assert {o.obligation.rule.id: o.status.value for o in exported.obligations}["DEB-01"] == "OVERDUE"


def test_the_report_shows_every_entry_and_the_status_badge(services: Services, clock: Clock) -> None:
    exported = export(services, clock)
    page = render_html(exported)
    for entry in exported.entries:
        origin = exported.origin(entry.corrects or entry.retracts)
        assert escape(headline(entry, origin, uk_time())) in page, entry.kind
        assert f'id="entry-{entry.position}"' in page
    assert '<div class="badge status-non-compliant">Not compliant' in page
    assert "Overdue" in page and "Done on time" in page


def test_the_report_links_corrections_and_retractions_to_what_they_change(services: Services, clock: Clock) -> None:
    exported = export(services, clock)
    page = render_html(exported)
    use, duplicate, correction, retraction = (exported.entries[i] for i in (2, 3, 5, 6))
    assert f'Corrects <a href="#entry-{use.position}">' in page
    assert f'Withdraws <a href="#entry-{duplicate.position}">' in page
    assert f'Corrected on <a href="#entry-{correction.position}">' in page
    assert f'Withdrawn on <a href="#entry-{retraction.position}">' in page


def test_the_report_escapes_recorded_text(services: Services, clock: Clock) -> None:
    page = render_html(export(services, clock))
    assert HOSTILE not in page and "<script" not in page
    assert escape(HOSTILE) in page
    assert "Lounge &amp; garden" in page


def test_an_entry_recorded_late_is_marked_with_its_delay(services: Services, clock: Clock) -> None:
    case_id = record_history(services, clock)
    ended = T0 + timedelta(days=2, minutes=10)
    clock.set(ended + timedelta(hours=30))  # thirty hours after it ended
    segment = Segment(PracticeCode.PHYS_STANDING, T0 + timedelta(days=2), ended)
    services.cases.record_use(case_id, [segment], UseDetails(), NURSE)
    page = render_html(export_case(services.cases, services.view, case_id, as_of=clock.now))
    late = page[page.index('<span class="tag late">') :]
    assert "Recorded late" in late and "(30 h 00 min after it ended)" in late.split("</li>")[0]


class Structure(HTMLParser):
    """Checks that every element opened is closed in order (void elements aside), and counts the main sections."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.sections: list[str] = []
        self.mismatched: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        self.open.append(tag)
        if tag == "section" and dict(attrs).get("id"):
            self.sections.append(str(dict(attrs)["id"]))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.mismatched.append(tag)


def test_the_report_is_well_formed(services: Services, clock: Clock) -> None:
    parser = Structure()
    parser.feed(render_html(export(services, clock)))
    parser.close()
    assert parser.mismatched == [] and parser.open == []
    assert parser.sections == ["summary", "findings", "obligations", "timeline", "rules"]


def test_a_demo_case_exports_to_both_files(services: Services, clock: Clock, tmp_path: Path) -> None:
    clock.set(datetime(2025, 6, 1, 12, 0, tzinfo=UTC))
    load_demo(services.cases, days=60)
    page = services.view.cases(moment=clock.now, status=None, location_id=None, first=100, after=None)
    case = max(page.cases, key=lambda c: len(services.cases.history(c.id)))
    jsonl, html_file = write_export(export_case(services.cases, services.view, case.id, as_of=clock.now), tmp_path)
    assert (jsonl.name, html_file.name) == (f"{case.person_ref}.jsonl", f"{case.person_ref}.html")
    lines = read_jsonl(jsonl)
    assert sum(line["kind"] == "entry" for line in lines) == len(services.cases.history(case.id))
    parser = Structure()
    parser.feed(html_file.read_text(encoding="utf-8"))
    assert parser.mismatched == [] and "timeline" in parser.sections
