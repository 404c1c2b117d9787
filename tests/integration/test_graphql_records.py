"""The entries a case records once and never corrects, through the API: reviews of seclusion and segregation,
observations, DoLS extensions and standard requests, ward stays and notifications to CQC. Each mutation's new entry
comes back typed, the case lists it (as known at a moment, too), and the history summarises it; and the new facts of
uses, authorisations and care-plan revisions, given when recorded and by a correction."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Clock
from tests.integration.conftest import Api

SECLUDED = "2025-03-03T12:00:00+00:00"
REVIEW = "id useId kind heldAt reviewers { name role involvedInDecision } faceToFace outcome"
OBSERVATION = (
    "id useId observedAt observer risks noFurtherConcerns note "
    "vitals { pulse bloodPressure respiratoryRate temperature oxygenSaturation hydration consciousness sideEffects }"
)
EXTENSION = "extendedAt previousValidUntil validUntil extendedBy reason"
REQUEST = "id requestedAt supervisoryBody outcome decidedAt"
STAY = "id ward adultWard admittedAt dischargedAt"
NOTIFICATION = "id kind sentAt reference"
DECIDED_BY = {"name": "Dr A Rao", "role": "PSYCHIATRIST", "assessedAt": "2025-03-03T11:55:00+00:00"}


def seclusion(api: Api, case_id: str, started_at: str = SECLUDED, **facts: Any) -> str:
    """A seclusion still going on, decided on by a psychiatrist who saw the person first."""
    return api.record_use(case_id, ("ISO_SECLUSION", started_at, None), decidedBy=DECIDED_BY, **facts)


def review_input(case_id: str, use_id: str, **more: Any) -> dict[str, Any]:
    return {
        "caseId": case_id, "useId": use_id, "kind": "NURSING", "heldAt": "2025-03-03T14:00:00+00:00",
        "reviewers": [
            {"name": "Sam Carter", "role": "REGISTERED_NURSE", "involvedInDecision": True},
            {"name": "Jo Lee", "role": "NURSING_SUPPORT"},
        ],
        **more,
    }


def last_entry(api: Api, case_id: str) -> dict[str, Any]:
    query = "query($id: ID!) { case(id: $id) { history { kind entryId occurredAt summary details } } }"
    entry: dict[str, Any] = api.data(query, id=case_id)["case"]["history"][-1]
    return entry


def case_list(api: Api, case_id: str, field: str, selection: str, known_at: str | None = None) -> list[dict[str, Any]]:
    query = f"query($id: ID!, $knownAt: DateTime) {{ case(id: $id) {{ {field}(knownAt: $knownAt) {{ {selection} }} }} }}"
    found: list[dict[str, Any]] = api.data(query, id=case_id, knownAt=known_at)["case"][field]
    return found


# ----------------------------------------------------------------------------------------------------- reviews


def test_a_review_comes_back_as_recorded_and_the_case_lists_it(api: Api, case_id: str) -> None:
    use_id = seclusion(api, case_id)
    payload = api.ok(
        "recordReview", review_input(case_id, use_id, outcome="Continue; next review at 16:00"),
        f"review {{ {REVIEW} }} case {{ id reviews {{ id }} }}",
    )
    review = payload["review"]
    assert review == {
        "id": review["id"], "useId": use_id, "kind": "NURSING", "heldAt": "2025-03-03T14:00:00+00:00",
        "reviewers": [
            {"name": "Sam Carter", "role": "REGISTERED_NURSE", "involvedInDecision": True},
            {"name": "Jo Lee", "role": "NURSING_SUPPORT", "involvedInDecision": False},
        ],
        "faceToFace": True, "outcome": "Continue; next review at 16:00",
    }
    assert payload["case"] == {"id": case_id, "reviews": [{"id": review["id"]}]}


def test_a_review_in_the_history(api: Api, case_id: str) -> None:
    use_id = seclusion(api, case_id)
    given = review_input(case_id, use_id, kind="MEDICAL", faceToFace=False, outcome="Continue",
                         reviewers=[{"name": "Dr B Obi", "role": "DOCTOR"}])
    review_id = api.ok("recordReview", given, "review { id }")["review"]["id"]
    entry = last_entry(api, case_id)
    assert (entry["kind"], entry["entryId"], entry["occurredAt"]) == ("ReviewHeld", review_id, given["heldAt"])
    assert entry["summary"] == "MEDICAL review held by Dr B Obi (DOCTOR), not face to face: Continue"
    assert entry["details"]["review"]["use_id"] == use_id


def test_reviews_are_listed_in_the_order_held(api: Api, case_id: str) -> None:
    use_id = seclusion(api, case_id)
    late = api.ok("recordReview", review_input(case_id, use_id, heldAt="2025-03-03T16:00:00+00:00"), "review { id }")
    early = api.ok("recordReview", review_input(case_id, use_id), "review { id }")
    held = [(r["id"], r["heldAt"]) for r in case_list(api, case_id, "reviews", "id heldAt")]
    assert held == [(early["review"]["id"], "2025-03-03T14:00:00+00:00"),
                    (late["review"]["id"], "2025-03-03T16:00:00+00:00")]


# ------------------------------------------------------------------------------------------------ observations


def test_an_observation_after_rapid_tranquillisation_comes_back_as_recorded(api: Api, case_id: str) -> None:
    use_id = api.record_use(case_id, ("CHEM_INJ_RT", "2025-03-03T14:00:00+00:00", "2025-03-03T14:01:00+00:00"))
    given = {
        "caseId": case_id, "useId": use_id, "observedAt": "2025-03-03T14:15:00+00:00", "observer": "Sam Carter",
        "vitals": {"pulse": 88, "bloodPressure": "124/82", "respiratoryRate": 16, "temperature": 36.8,
                   "oxygenSaturation": 97, "hydration": "Drinking", "consciousness": "Alert", "sideEffects": "None"},
        "risks": ["ASLEEP_OR_SEDATED", "BNF_MAXIMUM_EXCEEDED", "ASLEEP_OR_SEDATED"],
        "note": "Settled",
    }
    observation = api.ok("recordObservation", given, f"observation {{ {OBSERVATION} }}")["observation"]
    assert observation == {
        "id": observation["id"], "useId": use_id, "observedAt": "2025-03-03T14:15:00+00:00",
        "observer": "Sam Carter", "risks": ["ASLEEP_OR_SEDATED", "BNF_MAXIMUM_EXCEEDED"],
        "noFurtherConcerns": False, "note": "Settled", "vitals": given["vitals"],
    }
    entry = last_entry(api, case_id)
    assert (entry["kind"], entry["entryId"]) == ("ObservationRecorded", observation["id"])
    assert entry["summary"] == (
        "observation by Sam Carter; vital signs taken (pulse, blood pressure, respiratory rate, temperature, "
        "oxygen saturation, hydration, consciousness, side effects); risks: ASLEEP_OR_SEDATED, BNF_MAXIMUM_EXCEEDED: "
        "Settled"
    )


def test_risks_left_out_are_unchanged_and_an_empty_list_clears_them(api: Api, case_id: str) -> None:
    use_id = api.record_use(case_id, ("CHEM_INJ_RT", "2025-03-03T14:00:00+00:00", "2025-03-03T14:01:00+00:00"))
    base = {"caseId": case_id, "useId": use_id, "observer": "Sam Carter"}
    api.ok("recordObservation", {**base, "observedAt": "2025-03-03T14:15:00+00:00", "risks": ["DRUGS_OR_ALCOHOL"]}, "")
    api.ok("recordObservation", {**base, "observedAt": "2025-03-03T14:30:00+00:00"}, "")
    api.ok("recordObservation", {**base, "observedAt": "2025-03-03T15:30:00+00:00", "risks": [],
                                 "noFurtherConcerns": True}, "")
    listed = case_list(api, case_id, "observations", "risks noFurtherConcerns vitals { pulse }")
    assert listed == [
        {"risks": ["DRUGS_OR_ALCOHOL"], "noFurtherConcerns": False, "vitals": None},
        {"risks": None, "noFurtherConcerns": False, "vitals": None},
        {"risks": [], "noFurtherConcerns": True, "vitals": None},
    ]
    assert last_entry(api, case_id)["summary"] == "observation by Sam Carter; no risks; no further concerns"


# ---------------------------------------------------------------------------------------------------- DoLS


@pytest.fixture
def dols_case(api: Api) -> str:
    return api.open_case("P-DOLS", setting="ADULT_SOCIAL_CARE", location_id="HOME-1")


def urgent(api: Api, case_id: str) -> str:
    return api.grant(case_id, ["DOL"], "2025-03-01T10:00:00+00:00", "2025-03-08T10:00:00+00:00",
                     basis="DOLS_URGENT", grantedBy="Registered manager")


def test_an_extended_urgent_authorisation(api: Api, dols_case: str) -> None:
    authorisation_id = urgent(api, dols_case)
    given = {"caseId": dols_case, "authorisationId": authorisation_id, "validUntil": "2025-03-15T10:00:00+00:00",
             "extendedBy": "Northshire supervisory body", "extendedAt": "2025-03-06T09:00:00+00:00",
             "reason": "Assessments not complete"}
    payload = api.ok("extendAuthorisation", given,
                     f"extension {{ {EXTENSION} }} authorisation {{ id validUntil extensions {{ validUntil }} }} "
                     "case { id }")
    assert payload["extension"] == {
        "extendedAt": "2025-03-06T09:00:00+00:00", "previousValidUntil": "2025-03-08T10:00:00+00:00",
        "validUntil": "2025-03-15T10:00:00+00:00", "extendedBy": "Northshire supervisory body",
        "reason": "Assessments not complete",
    }
    assert payload["authorisation"] == {"id": authorisation_id, "validUntil": "2025-03-15T10:00:00+00:00",
                                        "extensions": [{"validUntil": "2025-03-15T10:00:00+00:00"}]}
    entry = last_entry(api, dols_case)
    assert (entry["kind"], entry["entryId"]) == ("AuthorisationExtended", authorisation_id)
    assert entry["summary"] == ("authorisation extended by Northshire supervisory body until "
                                "2025-03-15T10:00:00+00:00: Assessments not complete")


def test_a_standard_request_and_its_decision(api: Api, dols_case: str) -> None:
    given = {"caseId": dols_case, "requestedAt": "2025-03-02T09:00:00+00:00", "supervisoryBody": "Northshire CC"}
    request = api.ok("requestStandardAuthorisation", given, f"standardAuthorisationRequest {{ {REQUEST} }}")
    made = request["standardAuthorisationRequest"]
    assert made == {"id": made["id"], "requestedAt": "2025-03-02T09:00:00+00:00", "supervisoryBody": "Northshire CC",
                    "outcome": None, "decidedAt": None}
    assert last_entry(api, dols_case)["summary"] == "standard authorisation requested from Northshire CC"

    decision = {"caseId": dols_case, "requestId": made["id"], "outcome": "GRANTED",
                "decidedAt": "2025-03-20T15:00:00+00:00"}
    decided = api.ok("decideStandardAuthorisationRequest", decision,
                     f"standardAuthorisationRequest {{ {REQUEST} }} case {{ standardAuthorisationRequests {{ id }} }}")
    assert decided["standardAuthorisationRequest"] == {**made, "outcome": "GRANTED",
                                                       "decidedAt": "2025-03-20T15:00:00+00:00"}
    assert decided["case"] == {"standardAuthorisationRequests": [{"id": made["id"]}]}
    entry = last_entry(api, dols_case)
    assert (entry["kind"], entry["entryId"], entry["summary"]) == (
        "DolsRequestDecided", made["id"], "standard authorisation request GRANTED"
    )


# ------------------------------------------------------------------------------------ stays and notifications


def test_a_stay_from_admission_to_discharge(api: Api, case_id: str) -> None:
    given = {"caseId": case_id, "ward": "Oak ward", "adultWard": True, "admittedAt": "2025-03-01T08:00:00+00:00"}
    stay = api.ok("admitToWard", given, f"stay {{ {STAY} }}")["stay"]
    assert stay == {"id": stay["id"], "ward": "Oak ward", "adultWard": True,
                    "admittedAt": "2025-03-01T08:00:00+00:00", "dischargedAt": None}
    entry = last_entry(api, case_id)
    assert (entry["kind"], entry["entryId"], entry["summary"]) == ("StayBegan", stay["id"],
                                                                  "admitted to Oak ward, an adult ward")

    discharge = {"caseId": case_id, "stayId": stay["id"], "dischargedAt": "2025-03-04T11:00:00+00:00"}
    payload = api.ok("dischargeFromWard", discharge, f"stay {{ {STAY} }} case {{ stays {{ id dischargedAt }} }}")
    assert payload["stay"] == {**stay, "dischargedAt": "2025-03-04T11:00:00+00:00"}
    assert payload["case"] == {"stays": [{"id": stay["id"], "dischargedAt": "2025-03-04T11:00:00+00:00"}]}
    entry = last_entry(api, case_id)
    assert (entry["kind"], entry["entryId"], entry["summary"]) == ("StayEnded", stay["id"], "discharged from the ward")


def test_a_notification_to_cqc(api: Api, case_id: str) -> None:
    given = {"caseId": case_id, "kind": "UNDER_18_ON_ADULT_WARD", "sentAt": "2025-03-03T10:00:00+00:00",
             "reference": "CQC-123"}
    payload = api.ok("recordNotification", given, f"notification {{ {NOTIFICATION} }} case {{ notifications {{ id }} }}")
    notification = payload["notification"]
    assert notification == {"id": notification["id"], "kind": "UNDER_18_ON_ADULT_WARD",
                             "sentAt": "2025-03-03T10:00:00+00:00", "reference": "CQC-123"}
    assert payload["case"] == {"notifications": [{"id": notification["id"]}]}
    entry = last_entry(api, case_id)
    assert (entry["kind"], entry["entryId"], entry["summary"]) == (
        "NotificationSent", notification["id"], "UNDER_18_ON_ADULT_WARD notification sent to CQC (reference CQC-123)"
    )


# ------------------------------------------------------------------------------------------------- knownAt


def test_entry_lists_show_what_had_been_recorded_by_known_at(api: Api, case_id: str, clock: Clock) -> None:
    use_id = seclusion(api, case_id)
    clock.set(clock.now.replace(day=3, hour=14, minute=5))
    first = api.ok("recordReview", review_input(case_id, use_id), "review { id }")["review"]["id"]
    api.ok("admitToWard", {"caseId": case_id, "ward": "Oak", "adultWard": True,
                           "admittedAt": "2025-03-01T08:00:00+00:00"}, "stay { id }")
    clock.set(clock.now.replace(hour=16, minute=5))
    api.ok("recordReview", review_input(case_id, use_id, heldAt="2025-03-03T16:00:00+00:00"), "review { id }")
    api.ok("recordNotification", {"caseId": case_id, "kind": "UNDER_18_ON_ADULT_WARD",
                                  "sentAt": "2025-03-03T16:00:00+00:00"}, "notification { id }")

    between = "2025-03-03T15:00:00+00:00"
    assert [r["id"] for r in case_list(api, case_id, "reviews", "id", between)] == [first]
    assert len(case_list(api, case_id, "reviews", "id")) == 2
    assert len(case_list(api, case_id, "stays", "id", between)) == 1
    assert case_list(api, case_id, "notifications", "id", between) == []
    assert len(case_list(api, case_id, "notifications", "id")) == 1
    assert [u["id"] for u in case_list(api, case_id, "uses", "id", between)] == [use_id]
    assert len(case_list(api, case_id, "authorisations", "id", between)) == 1


def test_known_at_before_anything_was_recorded_is_an_error_naming_it(api: Api, case_id: str) -> None:
    body = api.post("query($id: ID!) { case(id: $id) { reviews(knownAt: \"2020-01-01T00:00:00Z\") { id } } }",
                    {"id": case_id})
    assert "knownAt" in body["errors"][0]["message"]


# ---------------------------------------------------------------- the new facts of uses, authorisations, plans

USE_DETAILS = (
    "proneReason floorReason decidedBy { name role assessedAt } longTermSegregation necessity proportionality "
    "lessRestrictiveOptions"
)


def test_a_use_records_its_new_facts(api: Api, case_id: str) -> None:
    facts = {"proneReason": "Risk to others from biting", "floorReason": "Person dropped to the floor",
             "necessity": "To prevent a fall", "proportionality": "Brief hold", "lessRestrictiveOptions": "Verbal"}
    use_id = api.record_use(case_id, ("PHYS_PRONE", "2025-03-03T10:00:00+00:00", "2025-03-03T10:05:00+00:00"),
                            decidedBy=DECIDED_BY, **facts)
    [use] = [u for u in case_list(api, case_id, "uses", f"id details {{ {USE_DETAILS} }}") if u["id"] == use_id]
    assert use["details"] == {**facts, "decidedBy": DECIDED_BY, "longTermSegregation": False}


def test_a_correction_gives_the_new_facts_of_a_use(api: Api, case_id: str) -> None:
    use_id = api.record_use(case_id, ("ISO_SEGREGATION", "2025-03-03T10:00:00+00:00", None))
    correction = {"longTermSegregation": True, "decidedBy": {"name": "Dr C Day", "role": "APPROVED_CLINICIAN"}}
    api.ok("correctEntry", {"caseId": case_id, "entryId": use_id, "reason": "Omitted", "use": correction},
           "correction { kind }")
    [use] = case_list(api, case_id, "uses", f"details {{ {USE_DETAILS} }}")
    assert use["details"]["longTermSegregation"] is True
    assert use["details"]["decidedBy"] == {"name": "Dr C Day", "role": "APPROVED_CLINICIAN", "assessedAt": None}


def test_a_correction_gives_the_dols_statements_of_an_authorisation(api: Api, dols_case: str) -> None:
    authorisation_id = urgent(api, dols_case)
    statements = {"place": "Rose House", "purpose": "To keep her safe", "qualifyingRequirements": "All six met"}
    api.ok("correctEntry", {"caseId": dols_case, "entryId": authorisation_id, "reason": "Omitted",
                            "authorisation": statements}, "correction { kind }")
    [authorisation] = case_list(api, dols_case, "authorisations", "place purpose qualifyingRequirements extensions "
                                "{ validUntil }")
    assert authorisation == {**statements, "extensions": []}


def test_a_care_plan_revision_lists_the_practices_it_permits(api: Api, case_id: str) -> None:
    use_id = api.record_use(case_id, ("PHYS_PRONE", "2025-03-03T10:00:00+00:00", "2025-03-03T10:05:00+00:00"))
    given = {"caseId": case_id, "revisedAt": "2025-03-04T10:00:00+00:00", "triggeredBy": [use_id],
             "summary": "Revised", "permittedPractices": ["PHYS_STANDING", "PHYS_SEATED", "PHYS_STANDING"]}
    revision = api.ok("reviseCarePlan", given, "carePlanRevision { id permittedPractices }")["carePlanRevision"]
    assert revision["permittedPractices"] == ["PHYS_STANDING", "PHYS_SEATED"]
    api.ok("correctEntry", {"caseId": case_id, "entryId": revision["id"], "reason": "Prone was permitted",
                            "carePlanRevision": {"permittedPractices": ["PHYS_PRONE"]}}, "correction { kind }")
    assert case_list(api, case_id, "carePlanRevisions", "permittedPractices") == [{"permittedPractices": ["PHYS_PRONE"]}]


def test_a_revision_that_does_not_say_what_it_permits(api: Api, case_id: str) -> None:
    use_id = api.record_use(case_id, ("PHYS_PRONE", "2025-03-03T10:00:00+00:00", "2025-03-03T10:05:00+00:00"))
    api.revise_care_plan(case_id, "2025-03-04T10:00:00+00:00", use_id)
    assert case_list(api, case_id, "carePlanRevisions", "permittedPractices") == [{"permittedPractices": None}]
