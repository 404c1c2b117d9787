"""End to end, through the API alone, at times no feature file uses: a night of seclusion that crosses midnight, and
a second use that overlaps the first (a supine restraint to take the person back into seclusion, then seclusion
again) before the first is recorded as ended. The obligations are those the seclusion rules imply, worked out here
by hand from the MHA Code of Practice chapter 26 defaults of the mental health inpatient policy (first medical review
within 1 h, or a psychiatrist's face-to-face assessment instead; nursing reviews every 2 h; observations every
15 min; an independent MDT review once seclusion, joined across overlapping uses, passes 8 h), each interval counted
from the entry that met the one before (the ROLLING review clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import Clock
from tests.integration.conftest import Api

WED, THU = "2025-03-05", "2025-03-06"
A_STARTED, A_ENDED = f"{WED}T22:47:13+00:00", f"{THU}T03:29:51+00:00"
B_RESTRAINED, B_SECLUDED, B_ENDED = f"{THU}T03:21:44+00:00", f"{THU}T03:26:02+00:00", f"{THU}T07:03:37+00:00"
# A's observations, every 13 to 15 minutes except across midnight, where 17 min 28 s pass (23:56:19 to 00:13:47).
A_OBSERVED = [f"{WED}T{t}+00:00" for t in ("23:00:41", "23:14:02", "23:28:55", "23:42:30", "23:56:19")] + [
    f"{THU}T{t}+00:00" for t in (
        "00:13:47", "00:27:12", "00:41:00", "00:55:33", "01:09:48", "01:23:05", "01:37:59", "01:51:14", "02:05:40",
        "02:19:02", "02:33:27", "02:47:45", "03:01:58", "03:15:30",
    )
]
B_OBSERVED = [f"{THU}T{t}+00:00" for t in (
    "03:33:20", "03:47:10", "04:01:05", "04:15:40", "04:29:59", "04:44:12", "04:58:30", "05:12:48", "05:27:03",
    "05:41:19", "05:55:36", "06:09:50", "06:24:07", "06:38:21", "06:52:40",
)]
NURSES = [{"name": "Sam Carter", "role": "REGISTERED_NURSE", "involvedInDecision": True},
          {"name": "Jo Lee", "role": "NURSING_SUPPORT"}]
FACTS = {"inCarePlan": False}
OBLIGATIONS = """
query($id: ID!, $asOf: DateTime) {
  case(id: $id) {
    status(asOf: $asOf)
    obligations(asOf: $asOf) { ruleId triggeredBy openedAt dueAt metAt status }
    findings(asOf: $asOf) { ruleId subject detail }
  }
}"""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def review(api: Api, case_id: str, use_id: str, kind: str, held_at: str, reviewers: list[dict[str, Any]]) -> None:
    api.ok("recordReview", {"caseId": case_id, "useId": use_id, "kind": kind, "heldAt": held_at,
                            "reviewers": reviewers}, "review { id }")


def observe(api: Api, case_id: str, use_id: str, observed_at: str, **more: Any) -> None:
    api.ok("recordObservation", {"caseId": case_id, "useId": use_id, "observedAt": observed_at,
                                 "observer": "Jo Lee", **more}, "observation { id }")


@pytest.fixture
def night(api: Api, clock: Clock) -> dict[str, str]:
    """The night, recorded as it went on; returns the case's and the two uses' ids."""
    case_id = api.open_case("P-NIGHT", opened_at="2025-03-01T08:00:00+00:00")
    api.grant(case_id, ["ISO_SECLUSION", "PHYS_SUPINE"])
    clock.set(at(f"{WED}T22:49:02+00:00"))
    a = api.record_use(case_id, ("ISO_SECLUSION", A_STARTED, None), **FACTS)

    clock.set(at(f"{WED}T23:59:07+00:00"))
    review(api, case_id, a, "MEDICAL", f"{WED}T23:31:08+00:00", [{"name": "Dr B Obi", "role": "DOCTOR"}])
    for observed in A_OBSERVED[:5]:
        observe(api, case_id, a, observed)

    clock.set(at(f"{THU}T03:27:10+00:00"))
    decided_by = {"name": "Dr C Day", "role": "PSYCHIATRIST", "assessedAt": f"{THU}T03:24:30+00:00"}
    b = api.record_use(case_id, ("PHYS_SUPINE", B_RESTRAINED, B_SECLUDED), ("ISO_SECLUSION", B_SECLUDED, None),
                       decidedBy=decided_by, floorReason="He dropped to the floor in the corridor", **FACTS)

    clock.set(at(f"{THU}T03:35:55+00:00"))
    for observed in A_OBSERVED[5:]:
        observe(api, case_id, a, observed)
    review(api, case_id, a, "NURSING", f"{THU}T00:39:55+00:00", NURSES)
    review(api, case_id, a, "NURSING", f"{THU}T02:41:10+00:00", NURSES)
    api.ok("endUse", {"caseId": case_id, "useId": a, "endedAt": A_ENDED}, "use { id }")
    observe(api, case_id, b, B_OBSERVED[0], vitals={"pulse": 104, "respiratoryRate": 18, "oxygenSaturation": 97})

    clock.set(at(f"{THU}T07:05:31+00:00"))
    for observed in B_OBSERVED[1:]:
        observe(api, case_id, b, observed)
    review(api, case_id, b, "NURSING", f"{THU}T05:19:31+00:00", NURSES)
    review(api, case_id, b, "INDEPENDENT_MDT", f"{THU}T06:58:19+00:00",
           [{"name": "Dr E Fox", "role": "PSYCHIATRIST"}, {"name": "Ms G Hall", "role": "OTHER_PROFESSIONAL"}])
    api.ok("endUse", {"caseId": case_id, "useId": b, "endedAt": B_ENDED}, "use { id }")
    return {"case": case_id, "A": a, "B": b}


def ask(api: Api, night: dict[str, str], as_of: str) -> dict[str, Any]:
    case: dict[str, Any] = api.data(OBLIGATIONS, id=night["case"], asOf=as_of)["case"]
    labels = {night["A"]: "A", night["B"]: "B"}
    for obligation in case["obligations"]:
        obligation["triggeredBy"] = labels.get(obligation["triggeredBy"], obligation["triggeredBy"])
    return case


def rows(case: dict[str, Any], rule_id: str) -> list[tuple[str, str, str, str | None, str]]:
    return sorted(
        (o["triggeredBy"], o["openedAt"], o["dueAt"], o["metAt"], o["status"])
        for o in case["obligations"]
        if o["ruleId"] == rule_id
    )


def observation_duty(use: str, started: str, observed: list[str], end: str) -> list[tuple[str, ...]]:
    """SEC-07 by hand: each 15-minute interval opens at the observation that met the one before."""
    expected: list[tuple[str, ...]] = []
    opened = at(started)
    for moment in map(at, observed):
        due = opened + timedelta(minutes=15)
        if due >= at(end):
            break
        expected.append((use, iso(opened), iso(due), iso(moment), "MET" if moment <= due else "MET_LATE"))
        opened = moment
    return expected


MORNING = f"{THU}T08:00:00+00:00"


def test_the_first_medical_review_of_each_seclusion(api: Api, night: dict[str, str]) -> None:
    # A: reviewed at 23:31:08, within the hour. B: the psychiatrist who decided on it saw him at 03:24:30, so no
    # SEC-01 is owed, and the next medical review (SEC-02) would fall due at 07:24:30, after B ended.
    assert rows(ask(api, night, MORNING), "SEC-01") == [
        ("A", A_STARTED, f"{WED}T23:47:13+00:00", f"{WED}T23:31:08+00:00", "MET"),
    ]
    assert rows(ask(api, night, MORNING), "SEC-02") == []


def test_nursing_reviews_every_two_hours_across_midnight(api: Api, night: dict[str, str]) -> None:
    assert rows(ask(api, night, MORNING), "SEC-03") == [
        ("A", A_STARTED, f"{THU}T00:47:13+00:00", f"{THU}T00:39:55+00:00", "MET"),
        ("A", f"{THU}T00:39:55+00:00", f"{THU}T02:39:55+00:00", f"{THU}T02:41:10+00:00", "MET_LATE"),
        ("B", B_SECLUDED, f"{THU}T05:26:02+00:00", f"{THU}T05:19:31+00:00", "MET"),
    ]


def test_observations_every_fifteen_minutes_one_late_after_midnight(api: Api, night: dict[str, str]) -> None:
    expected = observation_duty("A", A_STARTED, A_OBSERVED, A_ENDED) + observation_duty(
        "B", B_SECLUDED, B_OBSERVED, B_ENDED
    )
    found = rows(ask(api, night, MORNING), "SEC-07")
    assert found == sorted(expected)
    assert len(found) == 19 + 15
    assert [r[1:] for r in found if r[4] == "MET_LATE"] == [
        (f"{WED}T23:56:19+00:00", f"{THU}T00:11:19+00:00", f"{THU}T00:13:47+00:00", "MET_LATE"),
    ]


def test_just_after_midnight_the_missed_observation_was_overdue(api: Api, night: dict[str, str]) -> None:
    case = ask(api, night, f"{THU}T00:12:00+00:00")
    overdue = [(o["ruleId"], o["triggeredBy"], o["dueAt"]) for o in case["obligations"] if o["status"] == "OVERDUE"]
    assert (case["status"], overdue) == ("NON_COMPLIANT", [("SEC-07", "A", f"{THU}T00:11:19+00:00")])


def test_an_independent_review_once_the_joined_seclusion_passes_eight_hours(api: Api, night: dict[str, str]) -> None:
    # A (22:47:13 to 03:29:51) and B (from 03:26:02) overlap: one seclusion, eight hours long at 06:47:13, during B.
    assert rows(ask(api, night, MORNING), "SEC-06") == [
        ("B", f"{THU}T06:47:13+00:00", f"{THU}T06:47:13+00:00", f"{THU}T06:58:19+00:00", "MET_LATE"),
    ]
    case = ask(api, night, f"{THU}T06:50:00+00:00")
    assert case["status"] == "NON_COMPLIANT"
    assert [o["ruleId"] for o in case["obligations"] if o["status"] == "OVERDUE"] == ["SEC-06"]


def test_no_duty_falls_due_after_a_seclusion_ends(api: Api, night: dict[str, str]) -> None:
    # The first MDT review (24 h) and the seclusion care plan (24 h) would both fall due after each use ended.
    case = ask(api, night, MORNING)
    assert rows(case, "SEC-04") == rows(case, "SEC-05") == rows(case, "SEC-08") == []


def test_the_restraint_in_between_and_the_aftercare_of_both(api: Api, night: dict[str, str]) -> None:
    case = ask(api, night, MORNING)
    assert rows(case, "RES-04") == [("B", B_SECLUDED, f"{THU}T04:26:02+00:00", B_OBSERVED[0], "MET")]
    assert rows(case, "DEB-01") == [
        ("A", A_ENDED, "2025-03-07T03:29:51+00:00", None, "PENDING"),
        ("B", B_ENDED, "2025-03-07T07:03:37+00:00", None, "PENDING"),
    ]
    assert [r[0] for r in rows(case, "DEB-02")] == [r[0] for r in rows(case, "CP-01")] == ["A", "B"]


def test_the_next_morning_the_night_is_compliant(api: Api, night: dict[str, str]) -> None:
    case = ask(api, night, MORNING)
    assert (case["status"], case["findings"]) == ("COMPLIANT", [])
    # Nothing else is owed: no medical review after B's assessment, no MDT review, no seclusion care plan yet.
    assert {o["ruleId"] for o in case["obligations"]} == {
        "SEC-01", "SEC-03", "SEC-06", "SEC-07", "RES-04", "DEB-01", "DEB-02", "CP-01"
    }
