"""Departures from statutory and NICE guidance through the API: a clinician justifies an obligation that was not met on
time, or an open finding, of a rule that may be departed from; it then shows as WAIVED with the reason, no longer
makes the case non-compliant, and the history shows the justification. Legal requirements, met obligations, unknown
targets and second justifications are refused, naming ``targetId``, and nothing is written."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import Clock
from tests.integration.conftest import Api

OBLIGATIONS = """
query($id: ID!, $asOf: DateTime, $knownAt: DateTime) {
  case(id: $id) {
    status(asOf: $asOf, knownAt: $knownAt)
    obligations(asOf: $asOf, knownAt: $knownAt) {
      id ruleId triggeredBy dueAt status departable waivedAt waiverReason timeToReviewSeconds
    }
  }
}"""
FINDINGS = """
query($id: ID!, $asOf: DateTime) {
  case(id: $id) {
    status(asOf: $asOf)
    findings(asOf: $asOf, includeResolved: true) { id ruleId subject at departable waivedAt waiverReason }
    open: findings(asOf: $asOf) { id }
  }
}"""
DEPARTURE = "id targetId ruleId subject reason justifiedAt justifiedBy"
REASON = "The duty doctor was attending a cardiac arrest on another ward"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def case_at(api: Api, case_id: str, as_of: str | None = None, known_at: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = api.data(OBLIGATIONS, id=case_id, asOf=as_of, knownAt=known_at)["case"]
    return found


def only(api: Api, case_id: str, rule_id: str, as_of: str | None = None) -> dict[str, Any]:
    [found] = [o for o in case_at(api, case_id, as_of)["obligations"] if o["ruleId"] == rule_id]
    return found


def justify(api: Api, case_id: str, target_id: str, selection: str = f"departure {{ {DEPARTURE} }}",
            **more: Any) -> dict[str, Any]:
    return api.mutate("justifyDeparture", {"caseId": case_id, "targetId": target_id, "reason": REASON, **more},
                      selection)


@pytest.fixture
def unreviewed(api: Api, case_id: str, clock: Clock) -> str:
    """A seclusion from 12:00 to 13:10 on 3 March, observed every 15 minutes and recorded as it went on, whose
    first medical review (SEC-01, due 13:00) was never held; asked about at 14:00."""
    clock.set(at("2025-03-03T12:02:00+00:00"))
    use_id = api.record_use(case_id, ("ISO_SECLUSION", "2025-03-03T12:00:00+00:00", None), inCarePlan=False)
    clock.set(at("2025-03-03T13:12:00+00:00"))
    for observed in ("12:10", "12:25", "12:40", "12:55"):
        api.ok("recordObservation", {"caseId": case_id, "useId": use_id, "observer": "Jo Lee",
                                     "observedAt": f"2025-03-03T{observed}:00+00:00"}, "observation { id }")
    api.ok("endUse", {"caseId": case_id, "useId": use_id, "endedAt": "2025-03-03T13:10:00+00:00"}, "use { id }")
    clock.set(at("2025-03-03T14:00:00+00:00"))
    return use_id


def test_an_overdue_first_medical_review_makes_the_case_non_compliant(api: Api, case_id: str, unreviewed: str) -> None:
    case = case_at(api, case_id)
    late = [(o["ruleId"], o["status"]) for o in case["obligations"] if o["status"] == "OVERDUE"]
    assert (case["status"], late) == ("NON_COMPLIANT", [("SEC-01", "OVERDUE")])
    sec01 = only(api, case_id, "SEC-01")
    assert (sec01["triggeredBy"], sec01["dueAt"], sec01["departable"]) == (unreviewed, "2025-03-03T13:00:00+00:00",
                                                                          True)
    assert (sec01["waivedAt"], sec01["waiverReason"]) == (None, None)


def test_a_justified_departure_waives_the_obligation(api: Api, case_id: str, unreviewed: str) -> None:
    sec01 = only(api, case_id, "SEC-01")
    payload = justify(api, case_id, sec01["id"], f"departure {{ {DEPARTURE} }} case {{ status departures {{ id }} }}")
    assert payload["errors"] == []
    departure = payload["departure"]
    assert departure == {
        "id": departure["id"], "targetId": sec01["id"], "ruleId": "SEC-01", "subject": unreviewed, "reason": REASON,
        "justifiedAt": "2025-03-03T14:00:00+00:00", "justifiedBy": "Local user",
    }
    assert payload["case"]["departures"] == [{"id": departure["id"]}]
    assert payload["case"]["status"] != "NON_COMPLIANT"

    waived = only(api, case_id, "SEC-01")
    assert (waived["status"], waived["waivedAt"], waived["waiverReason"], waived["timeToReviewSeconds"]) == (
        "WAIVED", "2025-03-03T14:00:00+00:00", REASON, None
    )
    assert case_at(api, case_id)["status"] == "COMPLIANT"


def test_before_its_justification_the_obligation_was_overdue(api: Api, case_id: str, unreviewed: str) -> None:
    justify(api, case_id, only(api, case_id, "SEC-01")["id"])
    before = only(api, case_id, "SEC-01", as_of="2025-03-03T13:59:59+00:00")
    assert (before["status"], before["waivedAt"], before["waiverReason"]) == ("OVERDUE", None, None)
    assert case_at(api, case_id, as_of="2025-03-03T13:59:59+00:00")["status"] == "NON_COMPLIANT"


def test_as_known_before_its_justification_the_obligation_was_overdue(
    api: Api, case_id: str, unreviewed: str, clock: Clock
) -> None:
    clock.set(at("2025-03-03T15:00:00+00:00"))
    justify(api, case_id, only(api, case_id, "SEC-01")["id"], justifiedAt="2025-03-03T14:00:00+00:00")
    known = case_at(api, case_id, known_at="2025-03-03T14:30:00+00:00")
    assert [o["status"] for o in known["obligations"] if o["ruleId"] == "SEC-01"] == ["OVERDUE"]
    assert only(api, case_id, "SEC-01")["status"] == "WAIVED"


def test_the_history_shows_the_justification(api: Api, case_id: str, unreviewed: str) -> None:
    target = only(api, case_id, "SEC-01")["id"]
    departure_id = justify(api, case_id, target)["departure"]["id"]
    query = "query($id: ID!) { case(id: $id) { history { kind entryId occurredAt summary details } } }"
    entry = api.data(query, id=case_id)["case"]["history"][-1]
    assert (entry["kind"], entry["entryId"], entry["occurredAt"]) == (
        "DepartureJustified", departure_id, "2025-03-03T14:00:00+00:00"
    )
    assert entry["summary"] == f"departure from SEC-01 justified by Local user: {REASON}"
    assert entry["details"]["departure"]["target_id"] == target


def test_a_second_justification_is_refused(api: Api, case_id: str, unreviewed: str) -> None:
    target = only(api, case_id, "SEC-01")["id"]
    justify(api, case_id, target)
    before = api.history_length(case_id)
    payload = justify(api, case_id, target, "departure { id } case { id }")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("targetId", "ALREADY_JUSTIFIED")]
    assert (payload["departure"], payload["case"], api.history_length(case_id)) == (None, None, before)


def test_a_blank_reason_is_refused(api: Api, case_id: str, unreviewed: str) -> None:
    before = api.history_length(case_id)
    payload = justify(api, case_id, only(api, case_id, "SEC-01")["id"], "departure { id }", reason="  ")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("reason", "BLANK")]
    assert api.history_length(case_id) == before


def test_an_obligation_met_on_time_is_no_departure(api: Api, case_id: str, unreviewed: str) -> None:
    review = {"caseId": case_id, "useId": unreviewed, "kind": "MEDICAL", "heldAt": "2025-03-03T12:50:00+00:00",
              "reviewers": [{"name": "Dr B Obi", "role": "DOCTOR"}]}
    api.ok("recordReview", review, "review { id }")
    sec01 = only(api, case_id, "SEC-01")
    assert sec01["status"] == "MET"
    before = api.history_length(case_id)
    payload = justify(api, case_id, sec01["id"], "departure { id }")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("targetId", "MET_ON_TIME")]
    assert api.history_length(case_id) == before


def test_an_obligation_met_late_may_be_justified(api: Api, case_id: str, unreviewed: str) -> None:
    review = {"caseId": case_id, "useId": unreviewed, "kind": "MEDICAL", "heldAt": "2025-03-03T13:05:00+00:00",
              "reviewers": [{"name": "Dr B Obi", "role": "DOCTOR"}]}
    api.ok("recordReview", review, "review { id }")
    sec01 = only(api, case_id, "SEC-01")
    assert sec01["status"] == "MET_LATE"
    assert justify(api, case_id, sec01["id"])["errors"] == []
    assert only(api, case_id, "SEC-01")["status"] == "WAIVED"


# ---------------------------------------------------------------------------------------------------- refusals


def test_a_debrief_with_the_person_cannot_be_departed_from(api: Api, case_id: str, clock: Clock) -> None:
    clock.set(at("2025-03-03T10:30:00+00:00"))
    use_id = api.record_use(case_id, ("PHYS_STANDING", "2025-03-03T10:00:00+00:00", "2025-03-03T10:05:00+00:00"))
    clock.set(at("2025-03-05T10:00:00+00:00"))
    deb01 = only(api, case_id, "DEB-01")
    assert (deb01["triggeredBy"], deb01["status"], deb01["departable"]) == (use_id, "OVERDUE", False)
    before = api.history_length(case_id)
    payload = justify(api, case_id, deb01["id"], "departure { id } case { id }")
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("targetId", "NOT_DEPARTABLE")
    assert "DEB-01" in error["message"]
    assert (payload["departure"], payload["case"], api.history_length(case_id)) == (None, None, before)
    assert only(api, case_id, "DEB-01")["status"] == "OVERDUE"


def test_an_unknown_target_is_refused(api: Api, case_id: str, unreviewed: str) -> None:
    before = api.history_length(case_id)
    payload = justify(api, case_id, "5f0c6b1e-0000-4000-8000-000000000000", "departure { id }")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("targetId", "UNKNOWN_TARGET")]
    assert api.history_length(case_id) == before


def test_the_use_itself_is_no_target(api: Api, case_id: str, unreviewed: str) -> None:
    payload = justify(api, case_id, unreviewed, "departure { id }")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("targetId", "UNKNOWN_TARGET")]


# ---------------------------------------------------------------------------------------------------- findings


@pytest.fixture
def prone(api: Api, case_id: str, clock: Clock) -> str:
    """A prone restraint without its cogent reason (RES-01), recorded at once, asked about the next morning."""
    clock.set(at("2025-03-03T10:30:00+00:00"))
    use_id = api.record_use(
        case_id, ("PHYS_PRONE", "2025-03-03T10:00:00+00:00", "2025-03-03T10:04:00+00:00"),
        inCarePlan=False, floorReason="He dropped to the floor as he was held",
    )
    clock.set(at("2025-03-04T09:00:00+00:00"))
    return use_id


def res01(api: Api, case_id: str, as_of: str | None = None) -> dict[str, Any]:
    case: dict[str, Any] = api.data(FINDINGS, id=case_id, asOf=as_of)["case"]
    return case


def test_a_finding_from_guidance_may_be_justified(api: Api, case_id: str, prone: str) -> None:
    case = res01(api, case_id)
    [finding] = [f for f in case["findings"] if f["ruleId"] == "RES-01"]
    assert (finding["subject"], finding["departable"], finding["waivedAt"]) == (prone, True, None)
    assert {"id": finding["id"]} in case["open"]

    payload = justify(api, case_id, finding["id"])
    assert payload["errors"] == []
    assert (payload["departure"]["ruleId"], payload["departure"]["subject"]) == ("RES-01", prone)

    case = res01(api, case_id)
    [waived] = [f for f in case["findings"] if f["ruleId"] == "RES-01"]
    assert (waived["id"], waived["waivedAt"], waived["waiverReason"]) == (
        finding["id"], "2025-03-04T09:00:00+00:00", REASON
    )
    assert {"id": finding["id"]} not in case["open"]
    before = res01(api, case_id, as_of="2025-03-04T08:59:59+00:00")
    assert {"id": finding["id"]} in before["open"]
    assert [f["waivedAt"] for f in before["findings"] if f["ruleId"] == "RES-01"] == [None]


def test_a_finding_about_times_given_with_an_offset_may_be_justified(api: Api, case_id: str, clock: Clock) -> None:
    clock.set(at("2025-03-03T10:30:00+00:00"))
    api.record_use(case_id, ("PHYS_PRONE", "2025-03-03T11:00:00+01:00", "2025-03-03T11:04:00+01:00"),
                   inCarePlan=False, floorReason="He dropped to the floor as he was held")
    clock.set(at("2025-03-04T09:00:00+00:00"))
    [finding] = [f for f in res01(api, case_id)["findings"] if f["ruleId"] == "RES-01"]
    assert justify(api, case_id, finding["id"])["errors"] == []
