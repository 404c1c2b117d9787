"""Five reference scenarios through the GraphQL API (features/compliance/through_the_api.feature).

Every step here is an HTTP request to the ASGI app that ``create_app`` builds on the scenario's ``services`` (so on
SQLite and on PostgreSQL), sent through ``httpx.ASGITransport`` as a ward's system would send it: entries are
mutations, and Then steps read the case, the blanket-restriction register or a stay's notification back with
queries, now (rpledger's clock, the ``clock`` fixture) or ``asOf`` a moment. No step calls ``services.cases`` or
``services.view``. The steps are all defined in this module (where a shared step in conftest.py has the same
wording, this module's definition is the one pytest-bdd runs); only the words (the parse types and the practice
names) and the table helpers come from ``gherkin_terms``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import anyio
import httpx
import parse
import pytest
from gherkin_terms import PRACTICES, TYPES, duration_seconds, moment, table_rows
from pytest_bdd import given, parsers, scenario, then, when
from starlette.applications import Starlette

from rpledger.application.access import Role
from rpledger.application.vocabulary import (
    AuthorisationBasis,
    ComplianceStatus,
    MonitoringRisk,
    ObligationStatus,
    PracticeCode,
)
from rpledger.bootstrap import Services, create_app
from tests.conftest import token_for

FEATURE = "compliance/through_the_api.feature"

# ------------------------------------------------------------------------------------------------- the client

ERRORS = "errors { field code message }"


class Api:
    """POSTs GraphQL to /graphql of the ASGI app. Every answer must be a 200 without GraphQL errors, and every
    mutation must come back without user errors: a refused entry fails the scenario where it was made."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def data(self, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
        """Sent with ``token``, else the tests' default token."""
        headers = {"Authorization": f"Bearer {token or token_for()}"}

        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://rpledger.test") as client:
                body = {"query": query, "variables": variables}
                return await client.post("/graphql", json=body, headers=headers)

        response = anyio.run(send)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        assert "errors" not in answer, answer["errors"]
        data: dict[str, Any] = answer["data"]
        return data

    def mutate(
        self, name: str, given: dict[str, Any], selection: str, token: str | None = None
    ) -> dict[str, Any]:
        """``name(input: given) { selection errors }``: the payload, once it is known to hold no errors."""
        input_type = name[0].upper() + name[1:] + "Input"
        mutation = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} {ERRORS} }} }}"
        payload: dict[str, Any] = self.data(mutation, token, input=given)[name]
        assert payload["errors"] == [], payload["errors"]
        return payload


@pytest.fixture
def api(services: Services) -> Api:
    """The API on the scenario's backend; ``services`` closes what it built (the app's lifespan is not run)."""
    return Api(create_app(services.settings, services))


# ------------------------------------------------------------------------------------------ what is recorded

OBLIGATION = (
    "id ruleId triggeredBy openedAt dueAt metAt status(asOf: $asOf) timeToReviewSeconds(asOf: $asOf) waivedAt "
    "waiverReason"
)
FINDING = "id ruleId subject at resolvedAt detail waivedAt"
CASE = f"""
query Case($id: ID!, $asOf: DateTime) {{
  case(id: $id) {{
    id locationId status(asOf: $asOf)
    obligations(asOf: $asOf) {{ {OBLIGATION} }}
    findings(asOf: $asOf, includeResolved: true) {{ {FINDING} }}
    open: findings(asOf: $asOf) {{ id }}
  }}
}}"""
LISTED = """
query Listed($status: ComplianceStatus, $locationId: String, $asOf: DateTime) {
  cases(status: $status, locationId: $locationId, asOf: $asOf, first: 50) { nodes { id } }
}"""
AUTHORISATIONS = """
query Authorisations($id: ID!) {
  case(id: $id) {
    authorisations { id basis validFrom validUntil grantedAt grantedBy
                     extensions { extendedAt previousValidUntil validUntil extendedBy } }
  }
}"""
DEPARTURES = """
query Departures($id: ID!) {
  case(id: $id) { departures { targetId ruleId subject reason justifiedAt justifiedBy } }
}"""
REGISTER = f"""
query Register($locationId: String!, $asOf: DateTime) {{
  blanketRestrictions(locationId: $locationId, asOf: $asOf) {{
    nodes {{
      id description category subtle priority status(asOf: $asOf)
      obligations(asOf: $asOf) {{ {OBLIGATION} }}
      findings(asOf: $asOf, includeResolved: true) {{ {FINDING} }}
      open: findings(asOf: $asOf) {{ id }}
    }}
  }}
}}"""

# Who records the entries, as the ward's system sends it in the actor headers.
NURSE_IN_CHARGE = token_for(
    (Role.CARE_STAFF, Role.CLINICIAN, Role.MANAGER), subject="rn-0417", name="Ann Okafor"
)
REGISTERED_MANAGER = "Mary Doyle, registered manager"
SUPERVISORY_BODY = "Barsetshire County Council (supervisory body)"
EXTENSION_REASON = "The best interests assessor could not visit before the urgent authorisation ended"

# A use-of-force record with every item of UoF Act s6(5) filled in (the person's items are on the case): the record
# the rule features call complete (gherkin_terms.COMPLETE_RECORD), as the API takes it.
COMPLETE_RECORD: dict[str, Any] = {
    "reason": "PREVENT_VIOLENCE_TO_OTHERS",
    "place": "Ward 7 day room",
    "description": "Held standing by two staff, then taken to the floor",
    "staff": [{"name": "Sam Lee", "jobTitle": "Staff nurse"}, {"name": "Jo Patel", "jobTitle": "Healthcare assistant"}],
    "nonStaff": [],
    "deEscalation": "Offered time in the quiet room; talked with the patient for ten minutes",
    "outcome": "Calm after release; no further incident that shift",
    "diedOrSeriouslyInjured": False,
    "inCarePlan": False,
    "carePlanContactsNotified": True,
    "proneReason": "On top of a nurse and biting; prone was the only hold that freed her, released as soon as it did",
    "floorReason": "Pulled both staff down; they could not hold the person standing safely",
    "necessity": "Without it the person would have been seriously hurt, or hurt someone else",
    "proportionality": "The least force for the shortest time, against a likely and serious injury",
    "lessRestrictiveOptions": "Talking down, the quiet room and PRN by mouth were tried first",
}
# The full set of observations NICE QS154 statement 4 lists after rapid tranquillisation.
FULL_SET = {
    "pulse": 84,
    "bloodPressure": "122/78",
    "respiratoryRate": 16,
    "temperature": 36.7,
    "oxygenSaturation": 97,
    "hydration": "drinking water",
    "consciousness": "responds to voice",
    "sideEffects": "none seen",
}
OBSERVER = "Sam Lee"

# The Mental Capacity Act reasoning behind Dorothy's arrangements (MCA-01, MCA-03).
NECESSITY = "Dorothy has twice left alone at night and been found lost on the main road"
PROPORTIONALITY = "Serious harm is likely if she leaves alone; she goes out every day with staff or family"
LESS_RESTRICTIVE_OPTIONS = "A door sensor alone was tried for a month; she left unnoticed twice"


@dataclass
class Ward:
    """What the scenario has recorded through the API, by the names the feature uses. Ids are the API's strings."""

    cases: dict[str, str] = field(default_factory=dict)
    incidents: dict[str, tuple[str, str]] = field(default_factory=dict)
    urgent_authorisation: str | None = None
    standard_request: str | None = None
    service_settings: dict[str, str] = field(default_factory=dict)
    restriction: tuple[str, str] | None = None
    stays: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)


@pytest.fixture
def ward() -> Ward:
    return Ward()


# ---------------------------------------------------------------------------------------------------- words

# The roles in which people decide on seclusion and review it, as the API names them.
ROLES: dict[str, str] = {"registered nurse": "REGISTERED_NURSE", "doctor": "DOCTOR", "psychiatrist": "PSYCHIATRIST"}
CATEGORIES: dict[str, str] = {"hot drinks": "HOT_DRINKS", "bedroom access": "BEDROOM_ACCESS"}
# The duties the scenarios read, by the words of the feature: the rule whose obligations they are.
DUTIES: dict[str, str] = {
    "first medical review of": "SEC-01",
    "hourly set of observations after": "RT-01",
    "15-minute set of observations after": "RT-02",
}


def _one_of(phrases: dict[str, Any]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@parse.with_pattern(r"[^(),]+? \([^)]+\)")
def person_in_role(text: str) -> tuple[str, str]:
    """ "Dr Tom Reid (doctor)": the name, and the role as written."""
    name, _, role = text.removesuffix(")").partition(" (")
    return name, role


@parse.with_pattern(_one_of(CATEGORIES))
def category(text: str) -> str:
    return CATEGORIES[text]


@parse.with_pattern(_one_of(DUTIES))
def api_duty(text: str) -> str:
    return DUTIES[text]


@parse.with_pattern(r"\d{4}-\d{2}-\d{2}")
def day(text: str) -> date:
    return date.fromisoformat(text)


STATUSES = "|".join(sorted((s.value for s in ObligationStatus), key=len, reverse=True))


@parse.with_pattern(
    rf"not yet due|(?:{STATUSES}) with time to review -?\d+ h(?: \d+ min)?|(?:{STATUSES}) with time to review -?\d+ min"
)
def notification_state(text: str) -> tuple[str, int] | None:
    """ "not yet due" (None: no obligation yet), or "OVERDUE with time to review -1 min"."""
    if text == "not yet due":
        return None
    status, _, rest = text.partition(" with time to review ")
    return status, duration_seconds(rest)


TERMS: dict[str, Any] = {
    **TYPES,
    "PersonInRole": person_in_role,
    "Category": category,
    "ApiDuty": api_duty,
    "Day": day,
    "NotificationState": notification_state,
}


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TERMS)


def iso(at: datetime) -> str:
    """A moment as the API takes it and gives it back: ISO 8601 in UTC with its offset."""
    return at.isoformat()


def iso_or_none(at: datetime | None) -> str | None:
    return None if at is None else iso(at)


def instant(text: str) -> datetime:
    """A moment as the API gives it back."""
    return datetime.fromisoformat(text)


# ---------------------------------------------------------------------------------------------------- scenarios


@scenario(FEATURE, "Reference scenario 1: the nurse in charge starts seclusion at 10:00 and the doctor comes at 11:30")
def test_reference_scenario_1_first_medical_review_late(database: object) -> None:
    pass


@scenario(FEATURE, "Until a doctor comes, the first medical review is due soon up to 11:00 and overdue from 11:01")
def test_first_medical_review_around_its_deadline(database: object) -> None:
    pass


@scenario(
    FEATURE, "The duty doctor is held up at a cardiac arrest, and the responsible clinician justifies the departure"
)
def test_justified_departure_from_the_first_medical_review(database: object) -> None:
    pass


@scenario(
    FEATURE,
    "Reference scenario 6: asleep after IM lorazepam, the 15:45 set missing, then an hourly set 20 minutes late",
)
def test_reference_scenario_6_rapid_tranquillisation_monitoring(database: object) -> None:
    pass


@scenario(
    FEATURE,
    "No observations at all after the injection: the first set is due soon up to 16:00 and overdue from 16:01",
)
def test_first_set_after_rapid_tranquillisation_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, 'The doctor\'s "no further concerns", with a full set of observations, ends the observations')
def test_no_further_concerns_ends_the_observations(database: object) -> None:
    pass


@scenario(
    FEATURE,
    "Reference scenario 10: the urgent authorisation, extended once, runs out while Dorothy is still deprived of "
    "liberty",
)
def test_reference_scenario_10_deprivation_without_authority(database: object) -> None:
    pass


@scenario(FEATURE, "Dorothy's case is compliant until the minute the extended urgent authorisation runs out")
def test_deprivation_without_authority_from_the_minute(database: object) -> None:
    pass


@scenario(FEATURE, "Reference scenario 14: no hot drinks after 21:00, with no justification and no review")
def test_reference_scenario_14_blanket_restriction(database: object) -> None:
    pass


@scenario(FEATURE, "The review falls due at the very minute three months after the restriction was brought in")
def test_blanket_restriction_review_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "Reference scenario 15: Sam, 17, is still on Oak Ward on Saturday morning and CQC has not been told")
def test_reference_scenario_15_under_18_on_an_adult_ward(database: object) -> None:
    pass


@scenario(FEATURE, "The ward manager tells CQC on Sunday morning: overdue until then, met late from then")
def test_notification_sent_late(database: object) -> None:
    pass


# ------------------------------------------------------------------------------------------------------- time


@given(step("it is {now:Moment}"))
@when(step("it is {now:Moment}"))
def it_is(clock: Any, now: datetime) -> None:
    clock.set(now)


# ----------------------------------------------------------------------------------------------------- people


@given(step("{full_name} is a patient on {location}, a mental health inpatient unit, recorded with:"))
def patient(api: Api, ward: Ward, clock: Any, full_name: str, location: str, datatable: list[list[str]]) -> None:
    [row] = table_rows(datatable)
    person = {
        "name": full_name,
        "nhsNumber": row["NHS number"].replace(" ", "") or None,
        "mentalDisorder": row["mental disorder"],
        "relevantCharacteristics": row["relevant characteristics"],
        "learningDisabilityOrAutism": {"yes": True, "no": False}[row["learning disability or autism"]],
    }
    _open_case(api, ward, clock, full_name, "MENTAL_HEALTH_INPATIENT", location, person=person)


@given(step("{full_name} is a resident of {home}, an adult social care service"))
def resident(api: Api, ward: Ward, clock: Any, full_name: str, home: str) -> None:
    _open_case(api, ward, clock, full_name, "ADULT_SOCIAL_CARE", home, person={"name": full_name})


@given(step("{full_name} is a patient of the mental health unit, born on {born:Day}"))
def patient_born_on(api: Api, ward: Ward, clock: Any, full_name: str, born: date) -> None:
    _open_case(
        api,
        ward,
        clock,
        full_name,
        "MENTAL_HEALTH_INPATIENT",
        "Oak Ward",
        person={"name": full_name},
        dateOfBirth=born.isoformat(),
    )


def _open_case(api: Api, ward: Ward, clock: Any, full_name: str, setting: str, location: str, **more: Any) -> None:
    given = {"personRef": full_name, "setting": setting, "locationId": location, "openedAt": iso(clock()), **more}
    payload = api.mutate("openCase", given, "case { id }", NURSE_IN_CHARGE)
    ward.cases[full_name.split()[0]] = payload["case"]["id"]


# --------------------------------------------------------------------------------------------- authorisations


@given(
    step(
        "{name:Name}'s {basis:Basis}, granted by {granter}, covers {practices:Practices} from {start:Moment} until "
        "{end:Moment}"
    )
)
def authorisation(
    api: Api,
    ward: Ward,
    name: str,
    basis: AuthorisationBasis,
    granter: str,
    practices: tuple[PracticeCode, ...],
    start: datetime,
    end: datetime,
) -> None:
    given = {
        "caseId": ward.cases[name],
        "basis": basis.name,
        "practices": [p.name for p in practices],
        "validFrom": iso(start),
        "validUntil": iso(end),
        "grantedBy": granter,
    }
    api.mutate("grantAuthorisation", given, "authorisation { id }", NURSE_IN_CHARGE)


@given(
    step(
        "at {granted:Moment} the registered manager grants {name:Name} an urgent authorisation from {start:Moment} "
        "until {end:Moment}"
    )
)
def urgent_authorisation(api: Api, ward: Ward, granted: datetime, name: str, start: datetime, end: datetime) -> None:
    given = {
        "caseId": ward.cases[name],
        "basis": "DOLS_URGENT",
        "practices": ["DOL"],
        "validFrom": iso(start),
        "validUntil": iso(end),
        "grantedBy": REGISTERED_MANAGER,
        "grantedAt": iso(granted),
    }
    payload = api.mutate("grantAuthorisation", given, "authorisation { id }", NURSE_IN_CHARGE)
    ward.urgent_authorisation = payload["authorisation"]["id"]


@given(step("at {at:Moment} the registered manager requests a standard authorisation from the supervisory body"))
def standard_request(api: Api, ward: Ward, at: datetime) -> None:
    [case_id] = ward.cases.values()
    given = {"caseId": case_id, "requestedAt": iso(at), "supervisoryBody": SUPERVISORY_BODY}
    payload = api.mutate("requestStandardAuthorisation", given, "standardAuthorisationRequest { id }", NURSE_IN_CHARGE)
    ward.standard_request = payload["standardAuthorisationRequest"]["id"]


@given(step("at {at:Moment} the supervisory body extends the urgent authorisation until {until:Moment}"))
def extension(api: Api, ward: Ward, at: datetime, until: datetime) -> None:
    [case_id] = ward.cases.values()
    given = {
        "caseId": case_id,
        "authorisationId": ward.urgent_authorisation,
        "validUntil": iso(until),
        "extendedBy": SUPERVISORY_BODY,
        "extendedAt": iso(at),
        "reason": EXTENSION_REASON,
    }
    api.mutate("extendAuthorisation", given, "extension { validUntil }", NURSE_IN_CHARGE)


@given(step("{name:Name} is deprived of liberty at {place} from {start:Moment}: {arrangements}"))
def deprived_of_liberty(api: Api, ward: Ward, name: str, place: str, start: datetime, arrangements: str) -> None:
    """A use with the practice DOL, going on until the arrangements end."""
    given = {
        "caseId": ward.cases[name],
        "segments": [{"practice": "DOL", "startedAt": iso(start)}],
        "place": place,
        "description": arrangements,
        "necessity": NECESSITY,
        "proportionality": PROPORTIONALITY,
        "lessRestrictiveOptions": LESS_RESTRICTIVE_OPTIONS,
    }
    api.mutate("recordUse", given, "use { id }", NURSE_IN_CHARGE)


# -------------------------------------------------------------------------------------------------- incidents


def _segments(datatable: list[list[str]]) -> list[dict[str, Any]]:
    """Rows of practice, from and to; an empty "to" means still going on."""
    return [
        {
            "practice": PRACTICES[row["practice"]].name,
            "startedAt": iso(moment(row["from"])),
            "endedAt": iso(moment(row["to"])) if row["to"] else None,
        }
        for row in table_rows(datatable)
    ]


def _record_use(api: Api, ward: Ward, incident: str, name: str, datatable: list[list[str]], **more: Any) -> None:
    case_id = ward.cases[name]
    given = {"caseId": case_id, "segments": _segments(datatable), **COMPLETE_RECORD, **more}
    use_id = api.mutate("recordUse", given, "use { id }", NURSE_IN_CHARGE)["use"]["id"]
    ward.incidents[incident] = (case_id, use_id)


@given(step("staff recorded incident {incident:Incident} for {name:Name}, with a complete use-of-force record:"))
def record_incident(api: Api, ward: Ward, incident: str, name: str, datatable: list[list[str]]) -> None:
    _record_use(api, ward, incident, name, datatable)


@given(
    step("staff recorded incident {incident:Incident} for {name:Name}, seclusion decided on by {decider:PersonInRole}:")
)
def seclusion_decided(
    api: Api, ward: Ward, incident: str, name: str, decider: tuple[str, str], datatable: list[list[str]]
) -> None:
    who, role = decider
    _record_use(api, ward, incident, name, datatable, decidedBy={"name": who, "role": ROLES[role]})


# ---------------------------------------------------------------------------------------- reviews, observations


@when(step("a medical review of {incident:Incident} is held at {held:Moment} by {who:PersonInRole}"))
def medical_review(api: Api, ward: Ward, incident: str, held: datetime, who: tuple[str, str]) -> None:
    case_id, use_id = ward.incidents[incident]
    name, role = who
    given = {
        "caseId": case_id,
        "useId": use_id,
        "kind": "MEDICAL",
        "heldAt": iso(held),
        "reviewers": [{"name": name, "role": ROLES[role]}],
    }
    api.mutate("recordReview", given, "review { id }", NURSE_IN_CHARGE)


def _observe(api: Api, ward: Ward, incident: str, at: datetime, **more: Any) -> None:
    case_id, use_id = ward.incidents[incident]
    given = {"caseId": case_id, "useId": use_id, "observedAt": iso(at), "observer": OBSERVER, **more}
    api.mutate("recordObservation", given, "observation { id }", NURSE_IN_CHARGE)


@given(
    step(
        "observations of {incident:Incident} were recorded every {every:Duration} from {first:Moment} to {last:Moment}"
    )
)
def seclusion_observations(api: Api, ward: Ward, incident: str, every: int, first: datetime, last: datetime) -> None:
    observed = first
    while observed <= last:
        _observe(api, ward, incident, observed)
        observed += timedelta(seconds=every)


def _risks(risks: tuple[MonitoringRisk, ...]) -> list[str]:
    return [risk.name for risk in risks]


@when(
    step(
        "at {at:Moment} staff note after {incident:Incident} that {name:Name} {risks:Risk}, without taking observations"
    )
)
def note_without_observations(
    api: Api, ward: Ward, at: datetime, incident: str, risks: tuple[MonitoringRisk, ...]
) -> None:
    _observe(api, ward, incident, at, risks=_risks(risks))


@when(step("staff take a full set of observations of {name:Name} at {at:Moment} after {incident:Incident}"))
def full_set(api: Api, ward: Ward, at: datetime, incident: str) -> None:
    _observe(api, ward, incident, at, vitals=FULL_SET)


@when(
    step(
        "staff take a full set of observations of {name:Name} at {at:Moment} after {incident:Incident}, noting that "
        "{subject:Name} {risks:Risk}"
    )
)
def full_set_noting(api: Api, ward: Ward, at: datetime, incident: str, risks: tuple[MonitoringRisk, ...]) -> None:
    _observe(api, ward, incident, at, vitals=FULL_SET, risks=_risks(risks))


@when(
    step(
        "the doctor records at {at:Moment} that there are no further concerns about {name:Name} after "
        "{incident:Incident}, with a full set of observations"
    )
)
def no_further_concerns(api: Api, ward: Ward, at: datetime, incident: str) -> None:
    _observe(api, ward, incident, at, vitals=FULL_SET, noFurtherConcerns=True)


# ------------------------------------------------------------------------------------------------- departures


@when(step('{clinician:PersonInRole} justifies the departure from the {duty:ApiDuty} {incident:Incident}: "{reason}"'))
def justify_departure(api: Api, ward: Ward, clinician: tuple[str, str], duty: str, incident: str, reason: str) -> None:
    """Sent with the clinician as the actor: the departure is theirs."""
    [obligation] = _duty(api, ward, duty, incident, None)
    name, _ = clinician
    actor = token_for((Role.CLINICIAN,), subject="dr-" + name.split()[-1].lower(), name=name)
    given = {"caseId": ward.incidents[incident][0], "targetId": obligation["id"], "reason": reason}
    api.mutate("justifyDeparture", given, "departure { id }", actor)


# -------------------------------------------------------------------------------------------- blanket register


@given(step("{home} is an adult social care service"))
def social_care_service(ward: Ward, home: str) -> None:
    ward.service_settings[home] = "ADULT_SOCIAL_CARE"


@given(step('the manager of {home} brings in "{description}" for {scope}, restricting {what:Category}'))
def brings_in(api: Api, ward: Ward, clock: Any, home: str, description: str, scope: str, what: str) -> None:
    given = {
        "locationId": home,
        "setting": ward.service_settings[home],
        "scope": scope,
        "description": description,
        "category": what,
        "introducedAt": iso(clock()),
    }
    payload = api.mutate("introduceBlanketRestriction", given, "blanketRestriction { id }", NURSE_IN_CHARGE)
    ward.restriction = home, payload["blanketRestriction"]["id"]


@given(step('the restriction is justified at {at:Moment} by {approver}: "{reasons}"'))
def justified(api: Api, ward: Ward, at: datetime, approver: str, reasons: str) -> None:
    assert ward.restriction is not None
    given = {
        "restrictionId": ward.restriction[1],
        "necessityAndProportionality": reasons,
        "approvedBy": approver,
        "justifiedAt": iso(at),
    }
    api.mutate("justifyBlanketRestriction", given, "entryId", NURSE_IN_CHARGE)


# ----------------------------------------------------------------------------------------- stays, notifications


@given(step("{name:Name} is admitted to {ward_name}, an adult acute ward, at {at:Moment}"))
def admitted(api: Api, ward: Ward, name: str, ward_name: str, at: datetime) -> None:
    case_id = ward.cases[name]
    given = {"caseId": case_id, "ward": ward_name, "adultWard": True, "admittedAt": iso(at)}
    stay_id = api.mutate("admitToWard", given, "stay { id }", NURSE_IN_CHARGE)["stay"]["id"]
    ward.stays[name, ward_name] = case_id, stay_id


@when(step("the ward manager notifies CQC at {at:Moment} that {name:Name}, under 18, is on an adult ward"))
def notified(api: Api, ward: Ward, at: datetime, name: str) -> None:
    given = {
        "caseId": ward.cases[name],
        "kind": "UNDER_18_ON_ADULT_WARD",
        "sentAt": iso(at),
        "reference": "CQC-NOTIF-0451",
    }
    api.mutate("recordNotification", given, "notification { id }", NURSE_IN_CHARGE)


# ------------------------------------------------------------------------------------------------ reading back


def _case(api: Api, case_id: str, as_of: datetime | None) -> dict[str, Any]:
    found: dict[str, Any] = api.data(CASE, id=case_id, asOf=iso_or_none(as_of))["case"]
    assert found is not None
    return found


def _duty(api: Api, ward: Ward, rule_id: str, incident: str, as_of: datetime | None) -> list[dict[str, Any]]:
    """The obligations of a rule that the incident opened, as the API gives them, in the order they opened."""
    case_id, use_id = ward.incidents[incident]
    obligations = _case(api, case_id, as_of)["obligations"]
    found = [o for o in obligations if o["ruleId"] == rule_id and o["triggeredBy"] == use_id]
    return sorted(found, key=lambda o: instant(o["openedAt"]))


def _due_by(api: Api, ward: Ward, rule_id: str, incident: str, due: datetime, as_of: datetime | None) -> dict[str, Any]:
    found = _duty(api, ward, rule_id, incident, as_of)
    matching = [o for o in found if instant(o["dueAt"]) == due]
    assert len(matching) == 1, [(o["dueAt"], o["status"], o["metAt"]) for o in found]
    return matching[0]


def _case_status(api: Api, ward: Ward, name: str, status: ComplianceStatus, as_of: datetime | None) -> None:
    """The case's own status, and the ward's list of cases in that status listing it."""
    case = _case(api, ward.cases[name], as_of)
    assert case["status"] == status.name
    listed = api.data(LISTED, status=status.name, locationId=case["locationId"], asOf=iso_or_none(as_of))
    assert case["id"] in [node["id"] for node in listed["cases"]["nodes"]]


@then(step("{name:Name}'s case is {status:Compliance}"))
def case_status(api: Api, ward: Ward, name: str, status: ComplianceStatus) -> None:
    _case_status(api, ward, name, status, None)


@then(step("as at {at:Moment} {name:Name}'s case is {status:Compliance}"))
def case_status_as_at(api: Api, ward: Ward, at: datetime, name: str, status: ComplianceStatus) -> None:
    _case_status(api, ward, name, status, at)


def _duty_status(
    api: Api,
    ward: Ward,
    duty: str,
    incident: str,
    due: datetime,
    status: ObligationStatus,
    left: int,
    as_of: datetime | None,
) -> None:
    obligation = _due_by(api, ward, duty, incident, due, as_of)
    assert (obligation["status"], obligation["timeToReviewSeconds"]) == (status.name, left)


@then(
    step(
        "the {duty:ApiDuty} {incident:Incident} due by {due:Moment} is {status:Status} with time to review "
        "{left:Duration}"
    )
)
def duty_status(
    api: Api, ward: Ward, duty: str, incident: str, due: datetime, status: ObligationStatus, left: int
) -> None:
    _duty_status(api, ward, duty, incident, due, status, left, None)


@then(
    step(
        "as at {at:Moment} the {duty:ApiDuty} {incident:Incident} due by {due:Moment} is {status:Status} with time "
        "to review {left:Duration}"
    )
)
def duty_status_as_at(
    api: Api, ward: Ward, at: datetime, duty: str, incident: str, due: datetime, status: ObligationStatus, left: int
) -> None:
    _duty_status(api, ward, duty, incident, due, status, left, at)


@then(step("the {duty:ApiDuty} {incident:Incident} due by {due:Moment} was met late, by {late:Duration}"))
def duty_met_late(api: Api, ward: Ward, duty: str, incident: str, due: datetime, late: int) -> None:
    obligation = _due_by(api, ward, duty, incident, due, None)
    assert obligation["status"] == ObligationStatus.MET_LATE.name
    assert instant(obligation["metAt"]) - instant(obligation["dueAt"]) == timedelta(seconds=late)


@then(step('the {duty:ApiDuty} {incident:Incident} due by {due:Moment} shows as WAIVED from {at:Moment}: "{reason}"'))
def duty_waived(api: Api, ward: Ward, duty: str, incident: str, due: datetime, at: datetime, reason: str) -> None:
    obligation = _due_by(api, ward, duty, incident, due, None)
    assert (obligation["status"], instant(obligation["waivedAt"]), obligation["waiverReason"]) == (
        ObligationStatus.WAIVED.name,
        at,
        reason,
    )
    assert obligation["timeToReviewSeconds"] is None


@then(
    step(
        "{name:Name}'s record lists the departure from {rule_id} about {incident:Incident}, justified by {who} at "
        "{at:Moment}"
    )
)
def departure_listed(api: Api, ward: Ward, name: str, rule_id: str, incident: str, who: str, at: datetime) -> None:
    case_id, use_id = ward.incidents[incident]
    departures = api.data(DEPARTURES, id=case_id)["case"]["departures"]
    assert [(d["ruleId"], d["subject"], d["justifiedBy"], instant(d["justifiedAt"])) for d in departures] == [
        (rule_id, use_id, who, at)
    ]


@then(step("the observations after {incident:Incident} are:"))
def observation_sets(api: Api, ward: Ward, incident: str, datatable: list[list[str]]) -> None:
    """Each set of observations due after rapid tranquillisation (RT-01 hourly, RT-02 every 15 minutes), in the
    order they opened, with its status now and when a set met it."""
    due = sorted(
        _duty(api, ward, "RT-01", incident, None) + _duty(api, ward, "RT-02", incident, None),
        key=lambda o: instant(o["openedAt"]),
    )
    found = [(o["ruleId"], instant(o["dueAt"]), o["status"], instant(o["metAt"]) if o["metAt"] else None) for o in due]
    expected = [
        (r["under"], moment(r["due by"]), r["status"], moment(r["met at"]) if r["met at"] else None)
        for r in table_rows(datatable)
    ]
    assert found == expected


# ------------------------------------------------------------------------------------------ deprivation of liberty


def _dols_findings(api: Api, ward: Ward, name: str, rule_id: str) -> list[dict[str, Any]]:
    """Every finding of the rule on the case by now, open or resolved."""
    return [f for f in _case(api, ward.cases[name], None)["findings"] if f["ruleId"] == rule_id]


@then(step("{name:Name} is found deprived of liberty without authority from {start:Moment}"))
def deprived_without_authority(api: Api, ward: Ward, name: str, start: datetime) -> None:
    case = _case(api, ward.cases[name], None)
    open_ids = {f["id"] for f in case["open"]}
    found = [
        (instant(f["at"]), f["detail"]) for f in case["findings"] if f["ruleId"] == "DOLS-06" and f["id"] in open_ids
    ]
    assert found == [(start, f"deprived of liberty without authority from {start:%Y-%m-%d %H:%M}")]


@then(step("there is no finding under {rule_id} about {name:Name}"))
def no_finding(api: Api, ward: Ward, rule_id: str, name: str) -> None:
    assert _dols_findings(api, ward, name, rule_id) == []


@then(
    step(
        "{name:Name}'s urgent authorisation runs until {until:Moment}, extended once, at {at:Moment}, from "
        "{before:Moment}"
    )
)
def urgent_authorisation_extended(
    api: Api, ward: Ward, name: str, until: datetime, at: datetime, before: datetime
) -> None:
    authorisations = api.data(AUTHORISATIONS, id=ward.cases[name])["case"]["authorisations"]
    [urgent] = [a for a in authorisations if a["id"] == ward.urgent_authorisation]
    assert (urgent["basis"], instant(urgent["validUntil"])) == ("DOLS_URGENT", until)
    assert [
        (instant(e["extendedAt"]), instant(e["previousValidUntil"]), instant(e["validUntil"]), e["extendedBy"])
        for e in urgent["extensions"]
    ] == [(at, before, until, SUPERVISORY_BODY)]


@then(step("the supervisory body's decision on the request is {status:Status} with time to review {left:Duration}"))
def decision_status(api: Api, ward: Ward, status: ObligationStatus, left: int) -> None:
    [case_id] = ward.cases.values()
    obligations = _case(api, case_id, None)["obligations"]
    [decision] = [o for o in obligations if o["ruleId"] == "DOLS-08" and o["triggeredBy"] == ward.standard_request]
    assert (decision["status"], decision["timeToReviewSeconds"]) == (status.name, left)


# ------------------------------------------------------------------------------------------ blanket restrictions


def _restriction(api: Api, ward: Ward, as_of: datetime | None) -> dict[str, Any]:
    """The scenario's restriction as the register of its service lists it."""
    assert ward.restriction is not None
    home, restriction_id = ward.restriction
    register = api.data(REGISTER, locationId=home, asOf=iso_or_none(as_of))["blanketRestrictions"]
    listed: list[dict[str, Any]] = register["nodes"]
    [restriction] = [r for r in listed if r["id"] == restriction_id]
    return restriction


@then(step("the register of {home} lists the restriction at high priority, as a subtle restriction CQC names"))
def high_priority(api: Api, ward: Ward, home: str) -> None:
    assert ward.restriction is not None and ward.restriction[0] == home
    restriction = _restriction(api, ward, None)
    assert (restriction["priority"], restriction["subtle"]) == ("HIGH", True)


@then(step('the restriction is found without a documented justification since {at:Moment}: "{detail}"'))
def found_unjustified(api: Api, ward: Ward, at: datetime, detail: str) -> None:
    restriction = _restriction(api, ward, None)
    open_ids = {f["id"] for f in restriction["open"]}
    found = [(f["ruleId"], instant(f["at"]), f["detail"]) for f in restriction["findings"] if f["id"] in open_ids]
    assert found == [("BLK-01", at, detail)]


def _review_status(
    api: Api, ward: Ward, due: datetime, status: ObligationStatus, left: int, as_of: datetime | None
) -> None:
    obligations = _restriction(api, ward, as_of)["obligations"]
    [review] = [o for o in obligations if instant(o["dueAt"]) == due]
    assert (review["ruleId"], review["status"], review["timeToReviewSeconds"]) == ("BLK-02", status.name, left)


@then(step("the review of the restriction due by {due:Moment} is {status:Status} with time to review {left:Duration}"))
def review_status(api: Api, ward: Ward, due: datetime, status: ObligationStatus, left: int) -> None:
    _review_status(api, ward, due, status, left, None)


@then(
    step(
        "as at {at:Moment} the review of the restriction due by {due:Moment} is {status:Status} with time to review "
        "{left:Duration}"
    )
)
def review_status_as_at(api: Api, ward: Ward, at: datetime, due: datetime, status: ObligationStatus, left: int) -> None:
    _review_status(api, ward, due, status, left, at)


@then(step("the restriction is {status:Compliance}"))
def restriction_status(api: Api, ward: Ward, status: ComplianceStatus) -> None:
    assert _restriction(api, ward, None)["status"] == status.name


@then(step("as at {at:Moment} the restriction is {status:Compliance}"))
def restriction_status_as_at(api: Api, ward: Ward, at: datetime, status: ComplianceStatus) -> None:
    assert _restriction(api, ward, at)["status"] == status.name


# -------------------------------------------------------------------------------------------------- notification


def _notifications(api: Api, ward: Ward, name: str, ward_name: str, as_of: datetime | None) -> list[dict[str, Any]]:
    """The NOTIF-01 obligations the stay opened that existed at the moment."""
    case_id, stay_id = ward.stays[name, ward_name]
    obligations = _case(api, case_id, as_of)["obligations"]
    return [o for o in obligations if o["ruleId"] == "NOTIF-01" and o["triggeredBy"] == stay_id]


@then(step("the notification to CQC about {name:Name}'s stay on {ward_name} is due by {due:Moment}"))
def notification_due(api: Api, ward: Ward, name: str, ward_name: str, due: datetime) -> None:
    [notification] = _notifications(api, ward, name, ward_name, None)
    assert instant(notification["dueAt"]) == due


def _notification_state(
    api: Api, ward: Ward, name: str, ward_name: str, state: tuple[str, int] | None, as_of: datetime | None
) -> None:
    found = [(o["status"], o["timeToReviewSeconds"]) for o in _notifications(api, ward, name, ward_name, as_of)]
    assert found == ([] if state is None else [state])


@then(step("the notification to CQC about {name:Name}'s stay on {ward_name} is {state:NotificationState}"))
def notification_state_now(api: Api, ward: Ward, name: str, ward_name: str, state: tuple[str, int] | None) -> None:
    _notification_state(api, ward, name, ward_name, state, None)


@then(
    step(
        "as at {at:Moment} the notification to CQC about {name:Name}'s stay on {ward_name} is {state:NotificationState}"
    )
)
def notification_state_as_at(
    api: Api, ward: Ward, at: datetime, name: str, ward_name: str, state: tuple[str, int] | None
) -> None:
    _notification_state(api, ward, name, ward_name, state, at)
