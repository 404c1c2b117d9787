"""Audit, the week of ``test_audit_week``: which obligations existed, in which status, and which findings were open,
as of each boundary as known at each moment, corrected and as first recorded; and the refusal of a knownAt from
before the case was recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.test_audit_week import BACKENDS, END, Week, ask, iso, moment, week_on


@pytest.fixture(scope="module", params=BACKENDS)
def week(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Week]:
    yield from week_on(request.param, tmp_path_factory)




def span(start: str, end: str) -> int:
    return int((moment(end) - moment(start)).total_seconds())


def met(status: str, opened: str, at: str) -> tuple[str, str | None, int]:
    """Met (on time or late) at ``at``: timeToReview runs from the trigger to the meeting entry."""
    return status, iso(at), span(opened, at)


def open_(status: str, due: str, asked: str) -> tuple[str, str | None, int]:
    """Not met by the moment asked: timeToReview is the time left (negative when overdue)."""
    return status, None, span(asked, due)


def during(at: str) -> tuple[str, str | None, int]:
    """RES-04 met by a check taken during the restraint: met from the moment the restraint ended (timeToReview 0)."""
    return "MET", iso(at), 0


def obligations(week: Week, as_of: str, known_at: str | None, corrected: bool) -> dict[str, tuple[Any, ...]]:
    fields = ("obligations(asOf: $asOf, knownAt: $knownAt, corrected: $corrected) "
              "{ ruleId triggeredBy status metAt timeToReviewSeconds }")
    found = ask(week, fields, as_of, known_at, corrected)["obligations"]
    keyed = {f"{week.label(o['triggeredBy'])} {o['ruleId']}": (o["status"], o["metAt"], o["timeToReviewSeconds"])
             for o in found}
    assert len(keyed) == len(found), found  # one obligation of each rule per use: the keys lose none
    return keyed


def u1(asked: str, *, debriefed: bool = True) -> dict[str, tuple[Any, ...]]:
    """U1 (ended Mon 10:20, checked during it at 10:18, debriefed Mon 16:00, reviewed Wed 15:00) asked before its
    care plan was revised."""
    return {
        "U1 RES-04": during("Mon 10:18"),
        "U1 DEB-01": met("MET", "Mon 10:20", "Mon 16:00") if debriefed else open_("OVERDUE", "Tue 10:20", asked),
        "U1 DEB-02": met("MET", "Mon 10:20", "Wed 15:00") if moment(asked) >= moment("Wed 15:00")
        else open_("PENDING", "Thu 10:20", asked),
        "U1 CP-01": open_("PENDING", "Mon+ 10:20", asked),
    }


def u2(asked: str) -> dict[str, tuple[Any, ...]]:
    """U2 (secluded Wed 08:30-09:00, observed at 08:45, reviewed Wed 15:00, debriefed Thu 10:00, an hour after its
    deadline) asked after its debrief and before its care plan was revised. Its second observation, at 09:00, was
    taken as it ended: nothing was due then."""
    return {
        "U2 SEC-07": met("MET", "Wed 08:30", "Wed 08:45"),
        "U2 DEB-01": met("MET_LATE", "Wed 09:00", "Thu 10:00"),
        "U2 DEB-02": met("MET", "Wed 09:00", "Wed 15:00"),
        "U2 CP-01": open_("PENDING", "Wed+ 09:00", asked),
    }


def u3(asked: str) -> dict[str, tuple[Any, ...]]:
    """U3 (ended Tue 20:10 and recorded on Friday, checked during it, its debrief declined late on Friday, reviewed
    Friday 16:00) asked once all that was on the record, before its care plan was revised."""
    return {
        "U3 RES-04": during("Tue 20:08"),
        "U3 DEB-01": met("MET_LATE", "Tue 20:10", "Fri 15:30"),
        "U3 DEB-02": met("MET", "Tue 20:10", "Fri 16:00"),
        "U3 CP-01": open_("PENDING", "Tue+ 20:10", asked),
    }


def repeated(asked: str) -> dict[str, tuple[Any, ...]]:
    """The third use of the week by their starts (U1 Mon, U3 Tue, U2 Wed) makes a care-plan review due (GOV-02),
    from U2's start: knowable once U3 was on the record, on Friday."""
    return {"U2 GOV-02": open_("PENDING", "Wed+ 08:30", asked)}


def u4(asked: str, debrief: str) -> dict[str, tuple[Any, ...]]:
    """U4 (Fri 14:00-14:10, the wrong person's, checked during it) while it was on the record."""
    return {
        "U4 RES-04": during("Fri 14:08"),
        "U4 DEB-01": open_(debrief, "Sat 14:10", asked),
        "U4 DEB-02": open_("PENDING", "Mon+ 14:10", asked),
        "U4 CP-01": open_("PENDING", "Fri+ 14:10", asked),
    }


def friday(asked: str) -> dict[str, tuple[Any, ...]]:
    """U1 to U3 as the record stood from Friday evening, before Sunday's care-plan revision."""
    return {**u1(asked), **u2(asked), **u3(asked), **repeated(asked)}


FRIDAY_EVENING = friday("Fri 18:00")
FINAL = {
    **{key: value for key, value in FRIDAY_EVENING.items() if "CP-01" not in key and "GOV-02" not in key},
    "U1 CP-01": met("MET", "Mon 10:20", "Sun 11:00"),
    "U2 CP-01": met("MET", "Wed 09:00", "Sun 11:00"),
    "U3 CP-01": met("MET", "Tue 20:10", "Sun 11:00"),
    "U2 GOV-02": met("MET", "Wed 08:30", "Sun 11:00"),  # the same revision meets the review
}
THURSDAY_10 = {**u1("Thu 10:00"), **u2("Thu 10:00")}  # U3 not yet on the record: no GOV-02

OBLIGATIONS: list[tuple[str, str | None, bool, dict[str, tuple[Any, ...]]]] = [
    ("Mon 10:19:59", END, True, {}),  # U1 has not ended
    ("Mon 10:20", "Mon 10:29:59", True, {}),  # U1 has ended but is not on the record
    ("Mon 10:20", "Mon 10:30", True, {
        "U1 RES-04": during("Mon 10:18"),
        "U1 DEB-01": open_("PENDING", "Tue 10:20", "Mon 10:20"),
        "U1 DEB-02": open_("PENDING", "Thu 10:20", "Mon 10:20"),
        "U1 CP-01": open_("PENDING", "Mon+ 10:20", "Mon 10:20"),
    }),
    ("Mon 22:20", "Mon 22:20", True, {**u1("Mon 22:20"), "U1 DEB-01": open_("DUE_SOON", "Tue 10:20", "Mon 22:20")}),
    ("Tue 10:20", "Tue 10:20", True, {**u1("Tue 10:20"), "U1 DEB-01": open_("DUE_SOON", "Tue 10:20", "Tue 10:20")}),
    ("Tue 10:20:01", "Tue 10:20:01", True, u1("Tue 10:20:01", debriefed=False)),
    ("Tue 10:20:01", "Tue 16:30", True, u1("Tue 10:20:01")),  # hindsight: held on Monday
    ("Tue 10:20:01", None, True, u1("Tue 10:20:01")),  # the read models agree
    ("Thu 10:00", "Thu 10:04:59", True, {**THURSDAY_10, "U2 DEB-01": open_("OVERDUE", "Thu 09:00", "Thu 10:00")}),
    ("Thu 10:00", "Thu 10:05", True, THURSDAY_10),
    ("Fri 18:00", "Fri 18:00", True, {**FRIDAY_EVENING, **u4("Fri 18:00", "PENDING")}),  # U4 on the record then
    ("Fri 18:00", END, True, FRIDAY_EVENING),  # U4 retracted since: gone from the corrected view
    ("Fri 18:00", None, True, FRIDAY_EVENING),
    ("Fri 18:00", END, False, {**FRIDAY_EVENING, **u4("Fri 18:00", "PENDING")}),  # as first recorded: U4 back
    pytest.param("Thu 10:00", "Thu 10:05", False, THURSDAY_10),  # nothing corrected yet: the same as corrected
    # X > Y: U4's debrief due within 12 h, as the record stood on Friday
    ("Sat 02:10", "Fri 18:00", True, {**friday("Sat 02:10"), **u4("Sat 02:10", "DUE_SOON")}),
    # X > Y: ... and overdue by Saturday afternoon
    ("Sat 14:10:01", "Fri 18:00", True, {**friday("Sat 14:10:01"), **u4("Sat 14:10:01", "OVERDUE")}),
    (END, END, True, FINAL),
    (END, None, True, FINAL),
    pytest.param(END, END, False, {**FINAL, **u4(END, "OVERDUE")}),
]


def row_id(row: Any) -> str:
    as_of, known_at, corrected, *_ = getattr(row, "values", row)
    return f"{as_of} as known at {known_at}{'' if corrected else ' uncorrected'}"


@pytest.mark.parametrize(("as_of", "known_at", "corrected", "expected"), OBLIGATIONS,
                         ids=[row_id(row) for row in OBLIGATIONS])
def test_obligations(week: Week, as_of: str, known_at: str | None, corrected: bool, expected: dict[str, Any]) -> None:
    assert obligations(week, as_of, known_at, corrected) == expected


def test_met_at_shows_only_once_the_meeting_happened_even_in_hindsight(week: Week) -> None:
    # U2's debrief was held at Thu 10:00: asked at 09:59:59 with the whole record, it was not yet met.
    assert obligations(week, "Thu 09:59:59", END, True)["U2 DEB-01"] == open_("OVERDUE", "Thu 09:00", "Thu 09:59:59")


# ---------------------------------------------------------------------------------------------------- findings

UOF03 = ("UOF-03", "U2", "Wed 09:00")  # U2's record lacked its outcome from its end until Thursday's correction
REC01 = ("REC-01", "U3", "Wed 20:10")  # U3 was due on the record 24 h after it ended, and came on Friday 15:00
# By each debrief deadline the record must say whether the post-incident review with the person was held (DEB-03,
# MHSDS); a late debrief leaves that out from the deadline until the time it was held (or offered and declined).
DEB03_U3 = ("DEB-03", "U3", "Wed 20:10")  # until Friday 15:30, when U3's debrief was offered and declined
DEB03_U2 = ("DEB-03", "U2", "Thu 09:00")  # until Thursday 10:00, when U2's debrief was held
DEB03_U4 = ("DEB-03", "U4", "Sat 14:10")  # U4, as first recorded, was never debriefed

FINDINGS: list[tuple[str, str | None, bool, bool, list[tuple[str, ...]]]] = [
    ("Wed 08:59:59", END, True, True, []),
    ("Wed 09:00", END, True, False, [(*UOF03, "")]),
    ("Wed 09:00", "Wed 09:09:59", True, True, []),  # U2's end not yet recorded: no finding to see
    ("Wed 20:09:59", END, True, False, [(*UOF03, "")]),
    ("Wed 20:10", END, True, False, [(*UOF03, ""), (*DEB03_U3, ""), (*REC01, "")]),
    ("Wed 20:10", "Thu 12:00", True, True, [(*UOF03, "")]),  # U3 not on the record: its findings not yet knowable
    ("Thu 10:59:59", END, True, False, [(*UOF03, ""), (*DEB03_U3, ""), (*REC01, "")]),
    ("Thu 11:00", "Thu 10:59:59", True, True, [(*UOF03, ""), (*DEB03_U2, "Thu 10:00")]),  # X > Y: not yet corrected
    ("Thu 11:00", "Thu 11:00", True, True, [(*UOF03, "Thu 11:00"), (*DEB03_U2, "Thu 10:00")]),
    ("Thu 11:00", END, True, False, [(*DEB03_U3, ""), (*REC01, "")]),
    ("Thu 11:00", END, True, True, [(*UOF03, "Thu 11:00"), (*DEB03_U3, ""), (*REC01, ""), (*DEB03_U2, "Thu 10:00")]),
    ("Fri 14:59:59", "Fri 14:59:59", True, False, []),
    ("Fri 14:59:59", END, True, False, [(*DEB03_U3, ""), (*REC01, "")]),
    ("Fri 15:00", END, True, False, [(*DEB03_U3, "")]),  # recorded at last: REC-01 resolved from that moment
    ("Fri 15:30", END, True, False, []),  # U3's debrief offered and declined: the record says so from then
    ("Fri 15:00", "Fri 15:00", True, True,
     [(*UOF03, "Thu 11:00"), (*DEB03_U3, ""), (*REC01, "Fri 15:00"), (*DEB03_U2, "Thu 10:00")]),
    (END, None, True, True,
     [(*UOF03, "Thu 11:00"), (*DEB03_U3, "Fri 15:30"), (*REC01, "Fri 15:00"), (*DEB03_U2, "Thu 10:00")]),
    (END, END, False, False, [(*UOF03, ""), (*DEB03_U4, "")]),  # as first recorded: U2's outcome never given, U4 kept
    (END, END, False, True, [(*UOF03, ""), (*DEB03_U3, "Fri 15:30"), (*REC01, "Fri 15:00"), (*DEB03_U2, "Thu 10:00"),
                             (*DEB03_U4, "")]),
    ("Thu 12:00", "Thu 12:00", False, False, [(*UOF03, "")]),
]


@pytest.mark.parametrize(
    ("as_of", "known_at", "corrected", "include_resolved", "expected"), FINDINGS,
    ids=[f"{a} as known at {k}{'' if c else ' uncorrected'}{' +resolved' if r else ''}" for a, k, c, r, _ in FINDINGS],
)
def test_findings(week: Week, as_of: str, known_at: str | None, corrected: bool, include_resolved: bool,
                  expected: list[tuple[str, ...]]) -> None:
    fields = ("findings(asOf: $asOf, knownAt: $knownAt, corrected: $corrected, includeResolved: %s) "
              "{ ruleId subject at resolvedAt }" % ("true" if include_resolved else "false"))
    found = ask(week, fields, as_of, known_at, corrected)["findings"]
    assert found == [{"ruleId": rule, "subject": week.ids[subject], "at": iso(at), "resolvedAt": resolved and iso(resolved)
                      or None} for rule, subject, at, resolved in expected]


def test_findings_say_what_is_wrong(week: Week) -> None:
    found = ask(week, "findings(asOf: $asOf, knownAt: $knownAt, corrected: $corrected) { ruleId detail }",
                "Thu 10:00", END)["findings"]
    assert found == [
        {"ruleId": "UOF-03", "detail": "missing s6(5)(m) a description of the outcome"},
        {"ruleId": "DEB-03", "detail": "the record does not give MHSDS RestrictiveIntPIReviewHeldPat (a post-incident "
                                       "review with the patient, or the reason it was not held)"},
        {"ruleId": "REC-01", "detail": "recorded 66 h 50 min after the use ended, more than the 24 h allowed"},
    ]


# ------------------------------------------------------------------------------------------ knownAt too early

@pytest.mark.parametrize("field", [
    "status(asOf: $asOf, knownAt: $knownAt, corrected: $corrected)",
    "obligations(asOf: $asOf, knownAt: $knownAt, corrected: $corrected) { ruleId }",
    "findings(asOf: $asOf, knownAt: $knownAt, corrected: $corrected) { ruleId }",
])
@pytest.mark.parametrize("corrected", [True, False])
def test_known_at_before_the_case_was_recorded_is_a_clear_error(week: Week, field: str, corrected: bool) -> None:
    query = "query($id: ID!, $asOf: DateTime, $knownAt: DateTime, $corrected: Boolean!) { case(id: $id) { %s } }"
    body = week.api.post(query % field, {"id": week.case_id, "asOf": iso(END), "knownAt": iso("Mon 07:59:59"),
                                         "corrected": corrected})
    [error] = body["errors"]
    assert error["message"] == "nothing of this case had been recorded by knownAt 2025-03-03 07:59:59+00:00"


def test_known_at_exactly_when_the_case_was_opened_answers(week: Week) -> None:
    assert ask(week, "status(asOf: $asOf, knownAt: $knownAt, corrected: $corrected)", "Mon 08:00", "Mon 08:00") == {"status": "COMPLIANT"}


def test_known_at_without_an_offset_is_refused_by_name(week: Week) -> None:
    query = "query($id: ID!) { case(id: $id) { status(knownAt: \"2025-03-05T12:00:00\") } }"
    [error] = week.api.post(query, {"id": week.case_id})["errors"]
    assert error["message"].startswith("knownAt '2025-03-05T12:00:00' has no UTC offset")
