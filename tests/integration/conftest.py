"""The GraphQL API as a client sees it: HTTP requests through the ASGI app that ``create_app`` builds, on the
``services`` of each backend, plus the few mutations and queries the tests share.

Requests go through ``httpx.ASGITransport`` (the same bytes uvicorn would pass in), one event loop per request:
the resolvers are synchronous, so nothing outlives a request.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import anyio
import httpx
import pytest
from starlette.applications import Starlette

from rpledger.bootstrap import Services, create_app
from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.values import Actor, Segment, StaffMember, UseDetails
from tests.conftest import token_for

ERRORS = "errors { field code message }"

# Every fact UoF Act s6(5) asks of the person (e), (g), (j), (k), (l) and of the use (a), (d), (f), (h), (i), (m)-(p).
PERSON = {
    "name": "Alex Example",
    "nhsNumber": "9434765919",
    "mentalDisorder": "not known",
    "relevantCharacteristics": "not known",
    "learningDisabilityOrAutism": False,
}
COMPLETE_FACTS: dict[str, Any] = {
    "reason": "PREVENT_VIOLENCE_TO_OTHERS",
    "place": "Ward A lounge",
    "description": "Two-person standing hold, then prone",
    "staff": [{"name": "Sam Carter", "jobTitle": "Staff nurse"}, {"name": "Jo Lee", "jobTitle": "HCA"}],
    "nonStaff": [],
    "deEscalation": "Verbal de-escalation and offer of quiet room",
    "injuries": {"patient": False, "staff": False, "otherPerson": False},
    "outcome": "Settled after 20 minutes",
    "diedOrSeriouslyInjured": False,
    "inCarePlan": True,
    "carePlanContactsNotified": True,
}
# What a good ward's record of a restraint also gives, beyond the s6(5) items, so that only the rule a test is about
# judges it: the cogent reason for prone (RES-01) and why going to the floor could not be avoided (RES-06), and (d)
# answered "no" (CP-03 judges a "yes" against the care plan in force, and these cases have none). Tests of those rules
# leave an item out, or say "yes", on purpose. ``record_use`` keeps ``COMPLETE_FACTS`` alone as its default.
WELL_RECORDED: dict[str, Any] = {
    **COMPLETE_FACTS,
    "inCarePlan": False,
    "proneReason": "Biting a nurse's arm; prone was the only hold that freed it, released as soon as it did",
    "floorReason": "Pulled both staff down; they could not hold the person standing safely",
}
# A pulse and breathing check: an observation with vital signs taken, which meets RES-04 after manual restraint.
PULSE_AND_BREATHING = {"pulse": 92, "respiratoryRate": 18}
ALL_PRACTICES = ["PHYS_PRONE", "PHYS_STANDING", "CHEM_INJ_RT", "CHEM_ORAL", "MECH", "ISO_SECLUSION", "ISO_SEGREGATION"]

COMPLIANCE = """
query Compliance($id: ID!, $asOf: DateTime) {
  case(id: $id) {
    status(asOf: $asOf)
    obligations(asOf: $asOf) { id ruleId triggeredBy dueAt metAt status timeToReviewSeconds }
    findings(asOf: $asOf) { ruleId subject at detail }
  }
}"""


class Api:
    """POSTs GraphQL to /graphql. Every response is checked: never a server error, never a traceback."""

    def __init__(self, app: Starlette, token: str | None = None) -> None:
        self.app = app
        self.token = token_for() if token is None else token

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """With the API's bearer token unless the request's own headers give an Authorization header."""
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        kwargs["headers"] = {k: v for k, v in headers.items() if v is not None}

        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://rpledger.test") as client:
                return await client.request(method, path, **kwargs)

        response = anyio.run(send)
        assert response.status_code < 500, response.text
        assert "Traceback" not in response.text, response.text
        return response

    def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = self.request("POST", "/graphql", json={"query": query, "variables": variables}).json()
        return body

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        body = self.post(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def mutate(self, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
        """``name(input: ...) { selection errors }``, returning the payload (errors included)."""
        input_type = name[0].upper() + name[1:] + "Input"
        query = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} {ERRORS} }} }}"
        payload: dict[str, Any] = self.data(query, input=input)[name]
        return payload

    def ok(self, name: str, input: dict[str, Any], selection: str) -> dict[str, Any]:
        payload = self.mutate(name, input, selection)
        assert payload["errors"] == [], payload["errors"]
        return payload

    # ------------------------------------------------------------------------------------ shared steps

    def open_case(
        self,
        person_ref: str = "P-0001",
        *,
        setting: str = "MENTAL_HEALTH_INPATIENT",
        location_id: str = "WARD-A",
        opened_at: str = "2025-03-01T08:00:00+00:00",
        person: dict[str, Any] | None = None,
    ) -> str:
        given = {"personRef": person_ref, "setting": setting, "locationId": location_id, "openedAt": opened_at}
        given["person"] = PERSON if person is None else person
        case_id: str = self.ok("openCase", given, "case { id }")["case"]["id"]
        return case_id

    def grant(
        self,
        case_id: str,
        practices: list[str] | None = None,
        valid_from: str = "2025-03-01T00:00:00+00:00",
        valid_until: str = "2025-04-01T00:00:00+00:00",
        **more: Any,
    ) -> str:
        given = {
            "caseId": case_id, "basis": "MHA_DETENTION", "practices": practices or ALL_PRACTICES,
            "validFrom": valid_from, "validUntil": valid_until, "grantedBy": "Dr R Khan, responsible clinician",
            **more,
        }
        authorisation_id: str = self.ok("grantAuthorisation", given, "authorisation { id }")["authorisation"]["id"]
        return authorisation_id

    def record_use(self, case_id: str, *segments: tuple[str, str, str | None], **facts: Any) -> str:
        """A use with the given (practice, startedAt, endedAt) segments and, unless replaced, a complete record."""
        given = {
            "caseId": case_id,
            "segments": [{"practice": p, "startedAt": s, "endedAt": e} for p, s, e in segments],
            **COMPLETE_FACTS,
            **facts,
        }
        use_id: str = self.ok("recordUse", given, "use { id }")["use"]["id"]
        return use_id

    def debrief(self, case_id: str, use_id: str, held_at: str, kind: str = "WITH_PERSON", **more: Any) -> str:
        given = {"caseId": case_id, "useIds": [use_id], "kind": kind, "heldAt": held_at, **more}
        debrief_id: str = self.ok("recordDebrief", given, "debrief { id }")["debrief"]["id"]
        return debrief_id

    def observe(self, case_id: str, use_id: str, observed_at: str, **more: Any) -> str:
        """An observation of the person during or after the use; unless replaced, a pulse and breathing check."""
        given = {"caseId": case_id, "useId": use_id, "observedAt": observed_at, "observer": "Sam Carter",
                 "vitals": PULSE_AND_BREATHING, **more}
        observation_id: str = self.ok("recordObservation", given, "observation { id }")["observation"]["id"]
        return observation_id

    def revise_care_plan(self, case_id: str, revised_at: str, *triggered_by: str) -> str:
        given = {"caseId": case_id, "revisedAt": revised_at, "triggeredBy": list(triggered_by), "summary": "Revised"}
        revision_id: str = self.ok("reviseCarePlan", given, "carePlanRevision { id }")["carePlanRevision"]["id"]
        return revision_id

    def compliance(self, case_id: str, as_of: str | None = None) -> dict[str, Any]:
        case: dict[str, Any] = self.data(COMPLIANCE, id=case_id, asOf=as_of)["case"]
        return case

    def obligations(self, case_id: str, rule_id: str, as_of: str | None = None) -> list[dict[str, Any]]:
        return [o for o in self.compliance(case_id, as_of)["obligations"] if o["ruleId"] == rule_id]

    def history_length(self, case_id: str) -> int:
        history = self.data("query($id: ID!) { case(id: $id) { history { position } } }", id=case_id)["case"]["history"]
        return len(history)

    def use_ids(self, case_id: str) -> list[str]:
        uses = self.data("query($id: ID!) { case(id: $id) { uses { id } } }", id=case_id)["case"]["uses"]
        return [use["id"] for use in uses]


def api_for(services: Services, token: str | None = None) -> Api:
    return Api(create_app(services.settings, services), token)


@pytest.fixture
def api(services: Services) -> Api:
    """The API on the test's backend; the ``services`` fixture closes what it built (lifespan is not run)."""
    return api_for(services)


@pytest.fixture
def case_id(api: Api) -> str:
    """A mental health inpatient case, opened 2025-03-01 08:00 UTC with every UoF person item, and an authorisation
    covering the practices the tests use for March 2025."""
    opened = api.open_case()
    api.grant(opened)
    return opened


NURSE = Actor("n-1", "Alex Nurse", "CARE_STAFF")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def record_history(services: Services, person_ref: str) -> UUID:
    """Four events: the case opened (1), an authorisation (2), a use (3), its debrief (4).

    A plain history, not a model one: the use's record lacks s6(5) items (UOF-03), no check after the restraint is
    recorded (RES-04) and no debrief with the staff (DEB-03). test_integrity counts on these four events."""
    cases = services.cases
    case_id = cases.open_case(person_ref, Setting.MENTAL_HEALTH_INPATIENT, "ward-oak", NURSE, opened_at=T0)
    cases.grant_authorisation(
        case_id, AuthorisationBasis.MHA_DETENTION, [PracticeCode.PHYS_STANDING], T0, T0 + timedelta(days=28), "Dr Rao",
        NURSE,
    )
    use_id = cases.record_use(
        case_id,
        [Segment(PracticeCode.PHYS_STANDING, T0 + timedelta(hours=2), T0 + timedelta(hours=2, minutes=6))],
        UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, staff=(StaffMember("Jo Bloggs", "Staff nurse"),)),
        NURSE,
    )
    cases.record_debrief(case_id, [use_id], DebriefKind.WITH_PERSON, T0 + timedelta(hours=5), NURSE)
    return case_id
