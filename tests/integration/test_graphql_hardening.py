"""The limits every request is held to (depth, tokens, aliases, page size, body size, execution time), what
production hides (introspection, suggestions, GraphiQL, the text of unexpected errors), and moments of things that
happened refused when they lie in the future. Every test runs on SQLite and, when configured, on PostgreSQL."""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import text
from starlette.applications import Starlette

from rpledger.bootstrap import Services, build_services, create_app
from rpledger.graphql import hardening
from rpledger.graphql.hardening import MAX_ALIASES, MAX_BODY_BYTES, MAX_DEPTH, MAX_TOKENS, RequestLimits
from rpledger.graphql.queries import MAX_PAGE
from rpledger.infrastructure.settings import Authentication, Database, Settings
from tests.conftest import STAFF_ROLES, TEST_LOCATIONS, TEST_PROVIDER, Clock
from tests.integration.conftest import Api, api_for

# ------------------------------------------------------------------------------------------ production mode


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    """The identity provider's key: production verifies RS256 tokens with its public half."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def production_settings(database: Database, folder: Path, key: rsa.RSAPrivateKey) -> Settings:
    """Production as deployed: tokens verified by public key, events and read models encrypted."""
    public = folder / "identity-provider.pem"
    public.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ))
    return Settings(
        database=database, mode="production", encryption_key=base64.b64encode(os.urandom(32)).decode(),
        authentication=Authentication(public_key_file=public),
    )


def production_token(key: rsa.RSAPrivateKey) -> str:
    """What ``tests.conftest.token_for()`` is in development: the tests' user at every test location."""
    now = datetime.now(UTC)
    claims = {
        "sub": "local", "name": "Local user", "roles": sorted(r.value for r in STAFF_ROLES), "provider": TEST_PROVIDER,
        "locations": sorted(TEST_LOCATIONS), "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=2)).timestamp()),
    }
    return jwt.encode(claims, key, algorithm="RS256")


@pytest.fixture
def production_services(
    database: Database, tmp_path: Path, signing_key: rsa.RSAPrivateKey, clock: Clock
) -> Iterator[Services]:
    services = build_services(production_settings(database, tmp_path, signing_key), clock=clock)
    try:
        yield services
    finally:
        services.close()


@pytest.fixture
def production(production_services: Services, signing_key: rsa.RSAPrivateKey) -> Api:
    """The API as production serves it, with a token of the tests' user signed by the identity provider."""
    return api_for(production_services, production_token(signing_key))


def send(
    app: Starlette, method: str, path: str = "/graphql", token: str | None = None, **kwargs: Any
) -> httpx.Response:
    """A request whose answer may be a server error (``Api.request`` refuses those)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def request() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://rpledger.test") as client:
            return await client.request(method, path, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)

    return anyio.run(request)


def log_position(services: Services) -> int:
    return int(services.cases.recorder.max_notification_id() or 0)


# ------------------------------------------------------------------------------- depth, tokens, aliases, page


def only_error(body: dict[str, Any]) -> str:
    assert body.get("data") is None, body
    messages = [error["message"] for error in body["errors"]]
    assert messages, body
    return " / ".join(messages)


def test_a_query_nested_deeper_than_the_limit_is_refused(api: Api) -> None:
    nested = "{ id " * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1)
    body = api.post(f'query Deep {{ case(id: "x") {nested} }}')
    assert f"'Deep' exceeds maximum operation depth of {MAX_DEPTH}" in only_error(body)


def test_a_document_with_too_many_tokens_is_refused(api: Api) -> None:
    body = api.post("{ policies { " + "name " * MAX_TOKENS + "} }")
    assert f"Document contains more than {MAX_TOKENS} tokens" in only_error(body)


def test_too_many_aliases_are_refused(api: Api) -> None:
    aliased = " ".join(f"p{n}: policies {{ name }}" for n in range(MAX_ALIASES + 1))
    assert f"{MAX_ALIASES + 1} aliases found. Allowed: {MAX_ALIASES}" in only_error(api.post(f"{{ {aliased} }}"))


def test_as_many_aliases_as_allowed_are_answered(api: Api) -> None:
    aliased = " ".join(f"p{n}: policies {{ name }}" for n in range(MAX_ALIASES))
    assert len(api.data(f"{{ {aliased} }}")) == MAX_ALIASES


def test_a_page_larger_than_the_limit_is_refused(api: Api) -> None:
    body = api.post(f"{{ cases(first: {MAX_PAGE + 1}) {{ totalCount }} }}")
    assert f"first must be between 1 and {MAX_PAGE}" in body["errors"][0]["message"]


# ---------------------------------------------------------------------------------------------- request size


def test_a_body_over_the_limit_is_refused_with_413_and_writes_nothing(api: Api, services: Services) -> None:
    before = log_position(services)
    person_ref = "P-" + "9" * MAX_BODY_BYTES
    query = "mutation($i: OpenCaseInput!) { openCase(input: $i) { errors { code } } }"
    given = {"personRef": person_ref, "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A"}
    response = api.request("POST", "/graphql", json={"query": query, "variables": {"i": given}})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert log_position(services) == before


def test_a_streamed_body_over_the_limit_is_refused_without_a_content_length(api: Api) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ policies { name } }", "padding": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 1):
            yield b"x" * 65536
        yield b'"}'

    response = api.request("POST", "/graphql", content=chunks(), headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["errors"][0]["extensions"]["code"]) == (413, "REQUEST_TOO_LARGE")


def test_a_body_within_the_limit_is_answered(api: Api) -> None:
    padding = " " * (MAX_BODY_BYTES - 100)
    assert api.data("{ policies { name } }" + padding)["policies"]


def test_a_body_that_does_not_arrive_in_time_is_refused_with_408(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hardening, "BODY_SECONDS", 0.05)
    sent: list[dict[str, Any]] = []

    async def never_called(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not run")

    async def trickle() -> dict[str, Any]:
        await anyio.sleep(1)
        return {"type": "http.request", "body": b"{", "more_body": True}

    async def record(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "headers": [], "query_string": b""}
    anyio.run(RequestLimits(never_called), scope, trickle, record)
    assert sent[0]["status"] == 408


# ----------------------------------------------------------------------------------------- execution deadline


def test_a_query_past_its_deadline_is_stopped_with_503(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hardening, "QUERY_SECONDS", 0.0)
    response = send(api.app, "POST", token=api.token, json={"query": "{ policies { name rules { id } } }"})
    body = response.json()
    assert response.status_code == 503
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TIMEOUT" and "took too long" in error["message"]


def test_a_mutation_is_never_cut_short_by_the_deadline(
    api: Api, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hardening, "QUERY_SECONDS", 0.0)
    before = log_position(services)
    given = {"personRef": "P-0001", "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A"}
    payload = api.ok("openCase", given, "case { personRef obligations { id } }")
    assert payload["case"]["personRef"] == "P-0001"
    assert log_position(services) == before + 1


# ------------------------------------------------------------------------------------ introspection, GraphiQL


INTROSPECTION = "{ __schema { queryType { name } } }"


def test_introspection_is_open_in_development(api: Api) -> None:
    assert api.data(INTROSPECTION) == {"__schema": {"queryType": {"name": "Query"}}}


def test_introspection_is_refused_in_production(production: Api) -> None:
    assert "introspection" in only_error(production.post(INTROSPECTION)).lower()


def test_typename_is_still_answered_in_production(production: Api) -> None:
    assert production.data("{ __typename }") == {"__typename": "Query"}


def test_production_does_not_suggest_field_names(production: Api, api: Api) -> None:
    assert "Did you mean" in only_error(api.post("{ cas { id } }"))
    refused = only_error(production.post("{ cas { id } }"))
    assert "Cannot query field 'cas'" in refused and "Did you mean" not in refused and "'case'" not in refused


def test_graphiql_is_served_in_development_only(api: Api, production: Api) -> None:
    page = {"headers": {"Accept": "text/html"}}
    assert "graphiql" in send(api.app, "GET", **page).text.lower()
    assert send(production.app, "GET", **page).status_code == 404


# --------------------------------------------------------------------------------------------- masked errors


def break_the_read_models(app_services: Services) -> None:
    """An unexpected failure: the table of cases is gone from under the running service."""
    with app_services.view.engine.begin() as conn:
        conn.execute(text("ALTER TABLE rp_cases RENAME TO rp_cases_gone"))


def test_production_masks_an_unexpected_error(
    production_services: Services, signing_key: rsa.RSAPrivateKey, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(production_services.settings, production_services)
    break_the_read_models(production_services)
    with caplog.at_level(logging.ERROR):
        response = send(app, "POST", token=production_token(signing_key), json={"query": "{ cases { totalCount } }"})
    [error] = response.json()["errors"]
    assert response.status_code == 200
    assert error["message"] == hardening.UNEXPECTED_MESSAGE
    assert error["extensions"] == {"code": "UNEXPECTED_ERROR"}
    for internal in ("Traceback", "rp_cases", "sqlite", "psycopg", "SELECT", "sqlalchemy", "rpledger.", "Operational"):
        assert internal.lower() not in response.text.lower(), internal
    assert "rp_cases" in caplog.text  # the operators' log keeps what the client is not shown


def test_development_shows_the_unexpected_error(services: Services) -> None:
    api = api_for(services)
    break_the_read_models(services)
    assert "rp_cases" in only_error(api.post("{ cases { totalCount } }"))


def test_production_shows_expected_errors_as_they_are(production: Api) -> None:
    assert "first must be between" in production.post("{ cases(first: 0) { totalCount } }")["errors"][0]["message"]
    assert "asOf 'soon'" in production.post('{ cases(asOf: "soon") { totalCount } }')["errors"][0]["message"]


def test_production_shows_what_is_wrong_with_the_variables(production: Api) -> None:
    query = "mutation($i: RecordObservationInput!) { recordObservation(input: $i) { errors { code } } }"
    given = {"caseId": "c", "useId": "u", "observedAt": "2025-03-03T09:10:00Z", "observer": "Sam", "vitals": {
        "pulse": 10**12, "temperature": float("nan")}}
    body = json.dumps({"query": query, "variables": {"i": given}})  # NaN, which Python's JSON reader accepts
    response = production.request("POST", "/graphql", content=body, headers={"Content-Type": "application/json"})
    messages = " / ".join(error["message"] for error in response.json()["errors"])
    assert "vitals.pulse" in messages and "non 32-bit signed integer" in messages
    assert "vitals.temperature" in messages and "non numeric value: nan" in messages


@pytest.mark.parametrize("body", [b'{"query": "\xff"}', b'{"variables": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"],
                         ids=["not UTF-8", "nested too deeply"])
def test_a_body_that_cannot_be_read_as_json_is_refused_with_400(production: Api, body: bytes) -> None:
    response = production.request("POST", "/graphql", content=body, headers={"Content-Type": "application/json"})
    assert (response.status_code, response.text) == (400, "Unable to parse request body as JSON")


def test_production_names_the_refused_operation(production_services: Services, signing_key: rsa.RSAPrivateKey) -> None:
    app = create_app(production_services.settings, production_services)
    now = datetime.now(UTC)
    auditor = jwt.encode({"sub": "a-1", "roles": ["AUDITOR"], "provider": TEST_PROVIDER, "locations": ["WARD-A"],
                          "exp": int((now + timedelta(hours=1)).timestamp())}, signing_key, algorithm="RS256")
    given = {"personRef": "P-1", "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A"}
    query = "mutation($i: OpenCaseInput!) { openCase(input: $i) { errors { code } } }"
    [error] = send(app, "POST", token=auditor, json={"query": query, "variables": {"i": given}}).json()["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN" and "openCase" in error["message"]


# -------------------------------------------------------------------------------------------- future moments

# The real time when the module is loaded: the tests' clock is set to it, so that "now" is the same for the clock
# and for the real time the check also takes into account.
NOW = datetime.now(UTC).replace(microsecond=0)
LATER = (NOW + timedelta(hours=2)).isoformat()  # past the hour clocks may drift
SOON = (NOW + timedelta(minutes=30)).isoformat()  # within it
PAST = "2025-03-05T10:00:00+00:00"
SOME_ID = "5f0c6b1e-0000-4000-8000-000000000000"  # never checked: nothing runs once a moment is refused


def use(case_id: str, started_at: str = PAST, ended_at: str | None = PAST, **more: Any) -> dict[str, Any]:
    return {"caseId": case_id, "segments": [{"practice": "PHYS_PRONE", "startedAt": started_at, "endedAt": ended_at}],
            **more}


def restriction(**more: Any) -> dict[str, Any]:
    return {"locationId": "elm-house", "setting": "ADULT_SOCIAL_CARE", "scope": "all residents",
            "description": "No hot drinks after 21:00", "category": "HOT_DRINKS", **more}


# mutation -> (input given the case's and a restriction's ids, the field named)
FUTURE: dict[str, tuple[str, Any, str]] = {
    "case opened": ("openCase", lambda c, r: {"personRef": "P-9", "setting": "MENTAL_HEALTH_INPATIENT",
                                              "locationId": "WARD-A", "openedAt": LATER}, "openedAt"),
    "authorisation granted": ("grantAuthorisation", lambda c, r: {
        "caseId": c, "basis": "MHA_DETENTION", "practices": ["PHYS_PRONE"], "validFrom": PAST,
        "validUntil": "2099-01-01T00:00:00Z", "grantedBy": "Dr R Khan", "grantedAt": LATER}, "grantedAt"),
    "authorisation ended": ("endAuthorisation", lambda c, r: {"caseId": c, "authorisationId": SOME_ID,
                                                              "endedAt": LATER}, "endedAt"),
    "use started": ("recordUse", lambda c, r: use(c, LATER, None), "segments[0].startedAt"),
    "use's segment ended": ("recordUse", lambda c, r: use(c, PAST, LATER), "segments[0].endedAt"),
    "decider's assessment": ("recordUse", lambda c, r: use(c, decidedBy={
        "name": "Dr A Rao", "role": "PSYCHIATRIST", "assessedAt": LATER}), "decidedBy.assessedAt"),
    "use ended": ("endUse", lambda c, r: {"caseId": c, "useId": SOME_ID, "endedAt": LATER}, "endedAt"),
    "debrief held": ("recordDebrief", lambda c, r: {"caseId": c, "useIds": [SOME_ID], "kind": "WITH_PERSON",
                                                    "heldAt": LATER}, "heldAt"),
    "care plan revised": ("reviseCarePlan", lambda c, r: {"caseId": c, "revisedAt": LATER, "triggeredBy": [],
                                                          "summary": "Revised"}, "revisedAt"),
    "correction made": ("correctEntry", lambda c, r: {"caseId": c, "entryId": SOME_ID, "reason": "Typo",
                                                      "correctedAt": LATER, "use": {"place": "Garden"}}, "correctedAt"),
    "corrected segment": ("correctEntry", lambda c, r: {"caseId": c, "entryId": SOME_ID, "reason": "Typo", "use": {
        "segments": [{"practice": "PHYS_PRONE", "startedAt": PAST, "endedAt": LATER}]}}, "use.segments[0].endedAt"),
    "retraction made": ("retractEntry", lambda c, r: {"caseId": c, "entryId": SOME_ID, "reason": "Wrong person",
                                                      "retractedAt": LATER}, "retractedAt"),
    "review held": ("recordReview", lambda c, r: {"caseId": c, "useId": SOME_ID, "kind": "NURSING", "heldAt": LATER,
                                                  "reviewers": [{"name": "Sam Carter", "role": "REGISTERED_NURSE"}]},
                    "heldAt"),
    "observation made": ("recordObservation", lambda c, r: {"caseId": c, "useId": SOME_ID, "observedAt": LATER,
                                                            "observer": "Sam Carter"}, "observedAt"),
    "authorisation extended": ("extendAuthorisation", lambda c, r: {
        "caseId": c, "authorisationId": SOME_ID, "validUntil": "2099-01-01T00:00:00Z", "extendedBy": "Northshire CC",
        "extendedAt": LATER}, "extendedAt"),
    "standard authorisation requested": ("requestStandardAuthorisation", lambda c, r: {
        "caseId": c, "requestedAt": LATER, "supervisoryBody": "Northshire CC"}, "requestedAt"),
    "request decided": ("decideStandardAuthorisationRequest", lambda c, r: {
        "caseId": c, "requestId": SOME_ID, "outcome": "GRANTED", "decidedAt": LATER}, "decidedAt"),
    "admission": ("admitToWard", lambda c, r: {"caseId": c, "ward": "Oak", "adultWard": True, "admittedAt": LATER},
                  "admittedAt"),
    "discharge": ("dischargeFromWard", lambda c, r: {"caseId": c, "stayId": SOME_ID, "dischargedAt": LATER},
                  "dischargedAt"),
    "notification sent": ("recordNotification", lambda c, r: {"caseId": c, "kind": "DOLS_OUTCOME", "sentAt": LATER},
                          "sentAt"),
    "departure justified": ("justifyDeparture", lambda c, r: {"caseId": c, "targetId": SOME_ID, "reason": "Judgement",
                                                              "justifiedAt": LATER}, "justifiedAt"),
    "restriction introduced": ("introduceBlanketRestriction", lambda c, r: restriction(introducedAt=LATER),
                               "introducedAt"),
    "restriction justified": ("justifyBlanketRestriction", lambda c, r: {
        "restrictionId": r, "necessityAndProportionality": "Scalds", "approvedBy": "Governance group",
        "justifiedAt": LATER}, "justifiedAt"),
    "restriction reviewed": ("reviewBlanketRestriction", lambda c, r: {
        "restrictionId": r, "reviewedBy": "Governance group", "decision": "Continue", "continues": True,
        "reviewedAt": LATER}, "reviewedAt"),
    "exemption granted": ("grantBlanketExemption", lambda c, r: {
        "restrictionId": r, "personRef": "P-7", "reason": "Safe", "grantedAt": LATER}, "grantedAt"),
    "restriction lifted": ("liftBlanketRestriction", lambda c, r: {"restrictionId": r, "reason": "No longer needed",
                                                                   "liftedAt": LATER}, "liftedAt"),
}


@pytest.fixture
def now_api(api: Api, clock: Clock) -> Api:
    clock.set(NOW)
    return api


@pytest.fixture
def targets(now_api: Api, case_id: str) -> tuple[str, str]:
    """The case (opened 2025-03-01, with an authorisation) and a blanket restriction introduced in 2025."""
    given = restriction(introducedAt=PAST)
    restriction_id = now_api.ok("introduceBlanketRestriction", given, "blanketRestriction { id }")
    return case_id, restriction_id["blanketRestriction"]["id"]


@pytest.mark.parametrize("kind", FUTURE)
def test_a_moment_in_the_future_is_refused_naming_the_field(
    now_api: Api, services: Services, targets: tuple[str, str], kind: str
) -> None:
    mutation, build, field = FUTURE[kind]
    before = log_position(services)
    payload = now_api.mutate(mutation, build(*targets), "")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, "IMPLAUSIBLE_FUTURE")]
    assert LATER[:16] in payload["errors"][0]["message"]
    assert log_position(services) == before


def test_a_moment_within_the_allowance_is_recorded(now_api: Api, case_id: str) -> None:
    assert now_api.record_use(case_id, ("ISO_SECLUSION", SOON, None))


def test_an_authorisation_may_run_into_the_future(now_api: Api, case_id: str) -> None:
    assert now_api.grant(case_id, ["PHYS_PRONE"], LATER, (NOW + timedelta(days=365)).isoformat())


def test_the_services_clock_counts_when_it_is_ahead(now_api: Api, clock: Clock) -> None:
    clock.set(NOW + timedelta(days=30))
    assert now_api.open_case(opened_at=(NOW + timedelta(days=29)).isoformat())


# ------------------------------------------------------------------------------------- dates and times in range


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "1899-12-31T23:00:00Z"])
def test_a_time_outside_the_years_a_record_holds_is_refused(api: Api, case_id: str, moment: str) -> None:
    payload = api.mutate("grantAuthorisation", {
        "caseId": case_id, "basis": "MHA_DETENTION", "practices": ["PHYS_PRONE"], "validFrom": PAST,
        "validUntil": moment, "grantedBy": "Dr R Khan"}, "")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("validUntil", "INVALID_DATETIME")]
    assert "outside the years 1900 to 2999" in payload["errors"][0]["message"]


@pytest.mark.parametrize(("mutation", "given", "field"), [
    ("openCase", {"personRef": "P-2", "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A",
                  "dateOfBirth": "9999-12-31"}, "dateOfBirth"),
    ("correctEntry", {"reason": "Typo", "dateOfBirth": "0001-01-01"}, "dateOfBirth"),
    ("reviseCarePlan", {"revisedAt": PAST, "triggeredBy": [], "summary": "Revised", "nextReviewDate": "9999-12-31"},
     "nextReviewDate"),
])
def test_a_date_outside_the_years_a_record_holds_is_refused_and_writes_nothing(
    api: Api, services: Services, case_id: str, mutation: str, given: dict[str, Any], field: str
) -> None:
    """A date of birth in the year 9999 would be stored, and then overflow the rules' arithmetic (the person's 18th
    birthday) and stop the read models for every case after it."""
    api.ok("admitToWard", {"caseId": case_id, "ward": "Oak", "adultWard": True, "admittedAt": PAST}, "stay { id }")
    before = log_position(services)
    if mutation != "openCase":
        given = {"caseId": case_id, "entryId": case_id, **given}
    message = only_error(api.post(
        f"mutation($i: {mutation[0].upper()}{mutation[1:]}Input!) {{ {mutation}(input: $i) {{ errors {{ code }} }} }}",
        {"i": given},
    ))
    assert field in message and "outside the years 1900 to 2999" in message
    assert log_position(services) == before == services.view.position()


def test_production_shows_why_a_date_was_refused(production: Api) -> None:
    body = production.post('mutation { openCase(input: { personRef: "P-3", setting: MENTAL_HEALTH_INPATIENT, '
                           'locationId: "WARD-A", dateOfBirth: "9999-12-31" }) { errors { code } } }')
    assert "'9999-12-31' is outside the years 1900 to 2999" in only_error(body)
