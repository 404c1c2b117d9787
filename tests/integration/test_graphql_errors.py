"""Bad input, each kind: the mutation answers with a ``UserError`` naming the input field, a stable code and a
sentence, and writes nothing (the case's history keeps its length). Every response is checked by ``Api`` for a
server error or a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.conftest import Api

UNKNOWN_ID = "5f0c6b1e-0000-4000-8000-000000000000"
START, END = "2025-03-01T10:00:00+00:00", "2025-03-01T10:20:00+00:00"


def use_input(case_id: str, *segments: dict[str, Any]) -> dict[str, Any]:
    return {"caseId": case_id, "segments": list(segments)}


def segment(started_at: str = START, ended_at: str | None = END, practice: str = "PHYS_PRONE") -> dict[str, Any]:
    return {"practice": practice, "startedAt": started_at, "endedAt": ended_at}


def authorisation(case_id: str, valid_from: str, valid_until: str) -> dict[str, Any]:
    return {"caseId": case_id, "basis": "MHA_DETENTION", "practices": ["PHYS_PRONE"], "validFrom": valid_from,
            "validUntil": valid_until, "grantedBy": "Dr R Khan"}


Build = Callable[[str, str], dict[str, Any]]  # (case id, use id) -> input

# (mutation, input, field, code, what the message must mention)
BAD_INPUTS: dict[str, tuple[str, Build, str, str, str]] = {
    "unknown case id": (
        "recordUse", lambda c, u: use_input(UNKNOWN_ID, segment()), "caseId", "UNKNOWN_CASE", UNKNOWN_ID,
    ),
    "malformed case id": (
        "recordUse", lambda c, u: use_input("case-42", segment()), "caseId", "UNKNOWN_CASE", "case-42",
    ),
    "malformed case id of a debrief": (
        "recordDebrief", lambda c, u: {"caseId": "42", "useIds": [u], "kind": "WITH_PERSON", "heldAt": END},
        "caseId", "UNKNOWN_CASE", "42",
    ),
    "segment ending before it starts": (
        "recordUse", lambda c, u: use_input(c, segment(END, START)),
        "segments[0].endedAt", "END_BEFORE_START", "before",
    ),
    "use ended before it started": (
        "endUse", lambda c, u: {"caseId": c, "useId": u, "endedAt": "2025-03-01T11:59:59+00:00"},
        "endedAt", "END_BEFORE_START", "12:00:00",
    ),
    "malformed time": (
        "recordUse", lambda c, u: use_input(c, segment("1 March 2025 10am")),
        "segments[0].startedAt", "INVALID_DATETIME", "1 March 2025 10am",
    ),
    "malformed time of a debrief": (
        "recordDebrief",
        lambda c, u: {"caseId": c, "useIds": [u], "kind": "WITH_PERSON", "heldAt": "2025-02-30T10:00Z"},
        "heldAt", "INVALID_DATETIME", "2025-02-30",
    ),
    "time without offset": (
        "recordUse", lambda c, u: use_input(c, segment(), segment("2025-03-01T10:30:00", None)),
        "segments[1].startedAt", "INVALID_DATETIME", "offset",
    ),
    "time without offset of an authorisation": (
        "grantAuthorisation", lambda c, u: authorisation(c, "2025-03-01T00:00:00", "2025-04-01T00:00:00+00:00"),
        "validFrom", "INVALID_DATETIME", "offset",
    ),
    "empty segments": ("recordUse", lambda c, u: use_input(c), "segments", "NO_SEGMENTS", "segment"),
    "debrief of an unknown use": (
        "recordDebrief", lambda c, u: {"caseId": c, "useIds": [UNKNOWN_ID], "kind": "WITH_PERSON", "heldAt": END},
        "useIds", "UNKNOWN_USE", UNKNOWN_ID,
    ),
    "revision triggered by an unknown use": (
        "reviseCarePlan",
        lambda c, u: {"caseId": c, "revisedAt": END, "triggeredBy": [UNKNOWN_ID], "summary": "Revised"},
        "triggeredBy", "UNKNOWN_USE", UNKNOWN_ID,
    ),
    "correction of an entry that does not exist": (
        "correctEntry",
        lambda c, u: {"caseId": c, "entryId": UNKNOWN_ID, "reason": "Typo", "use": {"place": "Garden"}},
        "entryId", "UNKNOWN_ENTRY", UNKNOWN_ID,
    ),
    "authorisation valid for no time": (
        "grantAuthorisation", lambda c, u: authorisation(c, START, START), "validUntil", "VALID_FOR_NO_TIME", "no time",
    ),
    "authorisation ending before it starts": (
        "grantAuthorisation", lambda c, u: authorisation(c, END, START), "validUntil", "VALID_FOR_NO_TIME", "no time",
    ),
}


@pytest.fixture
def recorded(api: Api, case_id: str) -> tuple[str, str]:
    """The case and a seclusion in it that started at 12:00 and is still going on."""
    return case_id, api.record_use(case_id, ("ISO_SECLUSION", "2025-03-01T12:00:00+00:00", None))


def submit(api: Api, recorded: tuple[str, str], kind: str) -> dict[str, Any]:
    mutation, build, *_ = BAD_INPUTS[kind]
    return api.mutate(mutation, build(*recorded), "case { id }")


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_gets_an_error_naming_the_field(api: Api, recorded: tuple[str, str], kind: str) -> None:
    _, _, field, code, mentioned = BAD_INPUTS[kind]
    [error] = submit(api, recorded, kind)["errors"]
    assert (error["field"], error["code"]) == (field, code)
    assert mentioned in error["message"]


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_writes_nothing(api: Api, recorded: tuple[str, str], kind: str) -> None:
    before = api.history_length(recorded[0])
    payload = submit(api, recorded, kind)
    assert (payload["case"], api.history_length(recorded[0])) == (None, before)


def test_unknown_case_id_finds_no_case(api: Api, recorded: tuple[str, str]) -> None:
    submit(api, recorded, "unknown case id")
    assert api.data("query($id: ID!) { case(id: $id) { id } }", id=UNKNOWN_ID) == {"case": None}


def test_malformed_case_id_in_a_query_finds_no_case(api: Api) -> None:
    assert api.data("query { case(id: \"case-42\") { id } }") == {"case": None}


def test_every_problem_of_an_input_is_reported_at_once(api: Api, recorded: tuple[str, str]) -> None:
    given = use_input("case-42", segment("yesterday", "2025-03-01T10:20:00"))
    errors = api.mutate("recordUse", given, "use { id }")["errors"]
    assert [e["field"] for e in errors] == ["caseId", "segments[0].startedAt", "segments[0].endedAt"]


def test_correction_of_the_wrong_kind_names_the_part_given(api: Api, recorded: tuple[str, str]) -> None:
    case_id, use_id = recorded
    given = {"caseId": case_id, "entryId": use_id, "reason": "Typo", "authorisation": {"grantedBy": "Dr B Obi"}}
    [error] = api.mutate("correctEntry", given, "case { id }")["errors"]
    assert (error["field"], error["code"]) == ("authorisation", "WRONG_CORRECTION_KIND")


def test_blank_person_ref_message_names_the_field_as_the_schema_does(api: Api) -> None:
    given = {"personRef": "   ", "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A"}
    [error] = api.mutate("openCase", given, "case { id }")["errors"]
    assert (error["field"], error["code"], error["message"]) == ("personRef", "BLANK", "personRef must not be blank")


LONG_REF = "P-" + "7" * 298  # a reference is at most 200 characters


def test_over_long_person_ref_is_refused(api: Api) -> None:
    given = {"personRef": LONG_REF, "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A"}
    payload = api.mutate("openCase", given, "case { personRef }")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("personRef", "TOO_LONG")]


def test_over_long_person_ref_does_not_stop_the_read_models(api: Api) -> None:
    api.mutate("openCase", {"personRef": LONG_REF, "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "W"}, "")
    given = {"personRef": "P-0002", "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A"}
    assert api.mutate("openCase", given, "case { personRef }") == {"case": {"personRef": "P-0002"}, "errors": []}


# --------------------------------------------------------------------- unknown enum values: GraphQL validation

RECORD_USE = "mutation($input: RecordUseInput!) { recordUse(input: $input) { use { id } errors { field } } }"


def test_unknown_enum_value_is_a_top_level_error_naming_the_field(api: Api, recorded: tuple[str, str]) -> None:
    body = api.post(RECORD_USE, {"input": use_input(recorded[0], segment(practice="PHYS_UPSIDE_DOWN"))})
    [error] = body["errors"]
    assert body["data"] is None
    assert "segments[0].practice" in error["message"] and "PHYS_UPSIDE_DOWN" in error["message"]


def test_unknown_enum_value_writes_nothing(api: Api, recorded: tuple[str, str]) -> None:
    before = api.history_length(recorded[0])
    api.post(RECORD_USE, {"input": use_input(recorded[0], segment(practice="PHYS_UPSIDE_DOWN"))})
    assert api.history_length(recorded[0]) == before


def test_unknown_status_in_a_query_is_a_top_level_error_naming_the_enum(api: Api) -> None:
    body = api.post("query { cases(status: FINE) { totalCount } }")
    assert body["data"] is None and "ComplianceStatus" in body["errors"][0]["message"]


@pytest.mark.parametrize("as_of", ["yesterday", "2025-03-01T10:00:00"])
def test_bad_as_of_is_an_error_naming_the_argument(api: Api, recorded: tuple[str, str], as_of: str) -> None:
    body = api.post("query($id: ID!, $asOf: DateTime) { case(id: $id) { status(asOf: $asOf) } }",
                    {"id": recorded[0], "asOf": as_of})
    assert body["errors"][0]["message"].startswith(f"asOf {as_of!r}")


def test_an_empty_correction_names_the_part_that_is_empty(api: Api, recorded: tuple[str, str]) -> None:
    case_id, use_id = recorded
    given = {"caseId": case_id, "entryId": use_id, "reason": "Nothing to say", "use": {}}
    [error] = api.mutate("correctEntry", given, "case { id }")["errors"]
    assert (error["field"], error["code"]) == ("use", "EMPTY_CORRECTION")
