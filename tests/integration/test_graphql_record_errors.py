"""Bad input to the mutations of reviews, observations, DoLS, stays, notifications and departures: a ``UserError``
naming the input field (camelCase, with its index path), a stable code, and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.conftest import Api
from tests.integration.test_graphql_records import review_input, seclusion

UNKNOWN_ID = "5f0c6b1e-0000-4000-8000-000000000000"


@pytest.fixture
def ids(api: Api, case_id: str) -> dict[str, str]:
    """A case with a seclusion going on since 12:00, a finished prone restraint, an MHA authorisation, an urgent DoLS
    authorisation, a standard request already decided, one not, and a stay on a ward."""
    given: dict[str, str] = {"case": case_id, "mha": api.data(
        "query($id: ID!) { case(id: $id) { authorisations { id } } }", id=case_id)["case"]["authorisations"][0]["id"]}
    given["seclusion"] = seclusion(api, case_id)
    given["prone"] = api.record_use(case_id, ("PHYS_PRONE", "2025-03-03T09:00:00+00:00", "2025-03-03T09:05:00+00:00"))
    given["urgent"] = api.grant(case_id, ["DOL"], "2025-03-01T10:00:00+00:00", "2025-03-08T10:00:00+00:00",
                                basis="DOLS_URGENT")
    for name, decided in (("decided", True), ("request", False)):
        request = {"caseId": case_id, "requestedAt": "2025-03-02T09:00:00+00:00", "supervisoryBody": "Northshire CC"}
        given[name] = api.ok("requestStandardAuthorisation", request, "standardAuthorisationRequest { id }")[
            "standardAuthorisationRequest"]["id"]
        if decided:
            api.ok("decideStandardAuthorisationRequest", {"caseId": case_id, "requestId": given[name],
                                                          "outcome": "REFUSED", "decidedAt": "2025-03-05T09:00:00Z"}, "")
    given["stay"] = api.ok("admitToWard", {"caseId": case_id, "ward": "Oak", "adultWard": True,
                                           "admittedAt": "2025-03-01T08:00:00+00:00"}, "stay { id }")["stay"]["id"]
    return given


Build = Callable[[dict[str, str]], dict[str, Any]]


def observation(ids: dict[str, str], use: str = "prone", **more: Any) -> dict[str, Any]:
    return {"caseId": ids["case"], "useId": ids[use], "observedAt": "2025-03-03T09:10:00+00:00",
            "observer": "Sam Carter", **more}


def extension(ids: dict[str, str], **more: Any) -> dict[str, Any]:
    return {"caseId": ids["case"], "authorisationId": ids["urgent"], "validUntil": "2025-03-15T10:00:00+00:00",
            "extendedBy": "Northshire CC", **more}


def decision(ids: dict[str, str], **more: Any) -> dict[str, Any]:
    return {"caseId": ids["case"], "requestId": ids["request"], "outcome": "GRANTED",
            "decidedAt": "2025-03-10T09:00:00+00:00", **more}


def discharge(ids: dict[str, str], **more: Any) -> dict[str, Any]:
    return {"caseId": ids["case"], "stayId": ids["stay"], "dischargedAt": "2025-03-10T09:00:00+00:00", **more}


def notification(ids: dict[str, str], **more: Any) -> dict[str, Any]:
    return {"caseId": ids["case"], "kind": "DOLS_OUTCOME", "sentAt": "2025-03-10T09:00:00+00:00", **more}


def departure(ids: dict[str, str], **more: Any) -> dict[str, Any]:
    return {"caseId": ids["case"], "targetId": UNKNOWN_ID, "reason": "Clinical judgement", **more}


# (mutation, input, field, code)
BAD_INPUTS: dict[str, tuple[str, Build, str, str]] = {
    # recordReview
    "review of an unknown case": (
        "recordReview", lambda i: review_input(UNKNOWN_ID, i["seclusion"]), "caseId", "UNKNOWN_CASE"),
    "review of a malformed use id": ("recordReview", lambda i: review_input(i["case"], "use-7"), "useId", "UNKNOWN_USE"),
    "review of an unknown use": ("recordReview", lambda i: review_input(i["case"], UNKNOWN_ID), "useId", "UNKNOWN_USE"),
    "review of a restraint": ("recordReview", lambda i: review_input(i["case"], i["prone"]), "useId", "NOT_ISOLATION"),
    "review without reviewers": (
        "recordReview", lambda i: review_input(i["case"], i["seclusion"], reviewers=[]), "reviewers", "NO_REVIEWERS"),
    "reviewer without a name": (
        "recordReview",
        lambda i: review_input(i["case"], i["seclusion"], reviewers=[
            {"name": "Sam Carter", "role": "REGISTERED_NURSE"}, {"name": " ", "role": "DOCTOR"}]),
        "reviewers[1].name", "BLANK"),
    "review before the seclusion": (
        "recordReview", lambda i: review_input(i["case"], i["seclusion"], heldAt="2025-03-03T11:00:00+00:00"),
        "heldAt", "BEFORE_USE_STARTED"),
    "review at a time without offset": (
        "recordReview", lambda i: review_input(i["case"], i["seclusion"], heldAt="2025-03-03T14:00:00"),
        "heldAt", "INVALID_DATETIME"),
    "review with a blank outcome": (
        "recordReview", lambda i: review_input(i["case"], i["seclusion"], outcome=""), "outcome", "BLANK"),
    # recordObservation
    "observation of an unknown use": (
        "recordObservation", lambda i: {**observation(i), "useId": UNKNOWN_ID}, "useId", "UNKNOWN_USE"),
    "observation without an observer": (
        "recordObservation", lambda i: observation(i, observer=""), "observer", "BLANK"),
    "observation before the use": (
        "recordObservation", lambda i: observation(i, observedAt="2025-03-03T08:59:00+00:00"),
        "observedAt", "BEFORE_USE_STARTED"),
    "implausible pulse": (
        "recordObservation", lambda i: observation(i, vitals={"pulse": 900}), "vitals.pulse", "IMPLAUSIBLE"),
    "implausible oxygen saturation": (
        "recordObservation", lambda i: observation(i, vitals={"oxygenSaturation": 101}),
        "vitals.oxygenSaturation", "IMPLAUSIBLE"),
    "blank blood pressure": (
        "recordObservation", lambda i: observation(i, vitals={"bloodPressure": " "}), "vitals.bloodPressure", "BLANK"),
    "no further concerns after restraint": (
        "recordObservation", lambda i: observation(i, noFurtherConcerns=True),
        "noFurtherConcerns", "NOT_RAPID_TRANQUILLISATION"),
    "malformed observation time": (
        "recordObservation", lambda i: observation(i, observedAt="quarter past nine"), "observedAt", "INVALID_DATETIME"),
    # extendAuthorisation
    "extension of an MHA authorisation": (
        "extendAuthorisation", lambda i: extension(i, authorisationId=i["mha"]), "authorisationId", "NOT_URGENT_DOLS"),
    "extension of an unknown authorisation": (
        "extendAuthorisation", lambda i: extension(i, authorisationId=UNKNOWN_ID),
        "authorisationId", "UNKNOWN_AUTHORISATION"),
    "extension of a malformed authorisation id": (
        "extendAuthorisation", lambda i: extension(i, authorisationId="auth-1"),
        "authorisationId", "UNKNOWN_AUTHORISATION"),
    "extension that ends no later": (
        "extendAuthorisation", lambda i: extension(i, validUntil="2025-03-08T10:00:00+00:00"), "validUntil", "NOT_LATER"),
    "extension by nobody": ("extendAuthorisation", lambda i: extension(i, extendedBy=""), "extendedBy", "BLANK"),
    "extension at a malformed time": (
        "extendAuthorisation", lambda i: extension(i, extendedAt="soon"), "extendedAt", "INVALID_DATETIME"),
    # requestStandardAuthorisation
    "request to no supervisory body": (
        "requestStandardAuthorisation",
        lambda i: {"caseId": i["case"], "requestedAt": "2025-03-02T09:00:00Z", "supervisoryBody": " "},
        "supervisoryBody", "BLANK"),
    "request at a time without offset": (
        "requestStandardAuthorisation",
        lambda i: {"caseId": i["case"], "requestedAt": "2025-03-02T09:00:00", "supervisoryBody": "Northshire CC"},
        "requestedAt", "INVALID_DATETIME"),
    # decideStandardAuthorisationRequest
    "decision on an unknown request": (
        "decideStandardAuthorisationRequest", lambda i: decision(i, requestId=UNKNOWN_ID), "requestId",
        "UNKNOWN_REQUEST"),
    "decision on a malformed request id": (
        "decideStandardAuthorisationRequest", lambda i: decision(i, requestId="r1"), "requestId", "UNKNOWN_REQUEST"),
    "second decision": (
        "decideStandardAuthorisationRequest", lambda i: decision(i, requestId=i["decided"]), "requestId",
        "ALREADY_DECIDED"),
    "decision before the request": (
        "decideStandardAuthorisationRequest", lambda i: decision(i, decidedAt="2025-03-01T09:00:00+00:00"),
        "decidedAt", "BEFORE_REQUEST"),
    # admitToWard
    "admission to no ward": (
        "admitToWard", lambda i: {"caseId": i["case"], "ward": "", "adultWard": True,
                                  "admittedAt": "2025-03-01T08:00:00Z"}, "ward", "BLANK"),
    "admission of an unknown case": (
        "admitToWard", lambda i: {"caseId": UNKNOWN_ID, "ward": "Oak", "adultWard": True,
                                  "admittedAt": "2025-03-01T08:00:00Z"}, "caseId", "UNKNOWN_CASE"),
    # dischargeFromWard
    "discharge from an unknown stay": (
        "dischargeFromWard", lambda i: discharge(i, stayId=UNKNOWN_ID), "stayId", "UNKNOWN_STAY"),
    "discharge before admission": (
        "dischargeFromWard", lambda i: discharge(i, dischargedAt="2025-02-28T08:00:00+00:00"),
        "dischargedAt", "BEFORE_ADMISSION"),
    "discharge at a malformed time": (
        "dischargeFromWard", lambda i: discharge(i, dischargedAt="tomorrow"), "dischargedAt", "INVALID_DATETIME"),
    # recordNotification
    "notification with an over-long reference": (
        "recordNotification", lambda i: notification(i, reference="R" * 201), "reference", "TOO_LONG"),
    "notification with a control character": (
        "recordNotification", lambda i: notification(i, reference="CQC\x00"), "reference", "CONTROL_CHARACTER"),
    "notification of an unknown case": (
        "recordNotification", lambda i: notification(i, caseId="c-1"), "caseId", "UNKNOWN_CASE"),
    # justifyDeparture
    "departure from an unknown obligation": ("justifyDeparture", departure, "targetId", "UNKNOWN_TARGET"),
    "departure from a malformed target id": (
        "justifyDeparture", lambda i: departure(i, targetId="SEC-01"), "targetId", "UNKNOWN_TARGET"),
    "departure at a malformed time": (
        "justifyDeparture", lambda i: departure(i, justifiedAt="now"), "justifiedAt", "INVALID_DATETIME"),
}


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_gets_an_error_naming_the_field_and_writes_nothing(api: Api, ids: dict[str, str], kind: str) -> None:
    mutation, build, field, code = BAD_INPUTS[kind]
    before = api.history_length(ids["case"])
    payload = api.mutate(mutation, build(ids), "case { id }")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert payload["errors"][0]["message"].strip()
    assert (payload["case"], api.history_length(ids["case"])) == (None, before)


def test_every_problem_of_a_review_is_reported_at_once(api: Api, ids: dict[str, str]) -> None:
    given = review_input("case-1", "use-1", heldAt="at two")
    errors = api.mutate("recordReview", given, "review { id }")["errors"]
    assert [e["field"] for e in errors] == ["caseId", "useId", "heldAt"]


def test_an_unknown_risk_is_a_top_level_error_naming_the_field(api: Api, ids: dict[str, str]) -> None:
    before = api.history_length(ids["case"])
    query = "mutation($input: RecordObservationInput!) { recordObservation(input: $input) { errors { field } } }"
    body = api.post(query, {"input": observation(ids, risks=["FULL_MOON"])})
    assert body["data"] is None and "risks" in body["errors"][0]["message"]
    assert api.history_length(ids["case"]) == before


def test_a_bad_decided_by_time_names_its_path(api: Api, ids: dict[str, str]) -> None:
    given = {"caseId": ids["case"], "segments": [{"practice": "ISO_SECLUSION", "startedAt": "2025-03-04T12:00:00Z"}],
             "decidedBy": {"name": "Dr A Rao", "role": "PSYCHIATRIST", "assessedAt": "2025-03-04T11:55:00"}}
    [error] = api.mutate("recordUse", given, "use { id }")["errors"]
    assert (error["field"], error["code"]) == ("decidedBy.assessedAt", "INVALID_DATETIME")


def test_a_blank_decider_in_a_correction_names_its_path(api: Api, ids: dict[str, str]) -> None:
    given = {"caseId": ids["case"], "entryId": ids["seclusion"], "reason": "Typo",
             "use": {"decidedBy": {"name": " ", "role": "DOCTOR"}}}
    [error] = api.mutate("correctEntry", given, "correction { kind }")["errors"]
    assert (error["field"], error["code"]) == ("use.decidedBy.name", "BLANK")


def test_a_blank_prone_reason_is_refused(api: Api, ids: dict[str, str]) -> None:
    given = {"caseId": ids["case"], "proneReason": "",
             "segments": [{"practice": "PHYS_PRONE", "startedAt": "2025-03-04T12:00:00Z",
                           "endedAt": "2025-03-04T12:03:00Z"}]}
    [error] = api.mutate("recordUse", given, "use { id }")["errors"]
    assert (error["field"], error["code"]) == ("proneReason", "BLANK")
