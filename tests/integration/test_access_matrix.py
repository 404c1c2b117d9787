"""Who may do what, and to whose records: the whole matrix of role x operation x target, checked cell by cell
through the HTTP API, and the tenant isolation around it.

Every cell sends one operation with a token carrying one role, of provider A at location A1, against a record of
its own location, of another location of its provider, or of another provider (``access_cases``), and classifies
the answer:

- the role may not perform the operation: FORBIDDEN, no data, nothing written;
- it may, and the record is within reach: the operation works (a write records events, a read returns the record);
- it may, but the record is out of reach: the very answer a record that never existed gives (null, the same error
  with only the id differing, the empty list, the zero figures), and nothing written.

The table ``MATRIX`` names every operation with the roles it expects; it must cover the schema's every Query and
Mutation field and agree with ``rpledger.application.access.OPERATIONS``, so a new operation without a rule (or
without a row here) fails.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID, uuid4

import httpx
import jwt
import pytest

from rpledger.application.access import OPERATIONS, PROVIDER_WIDE, Role
from rpledger.bootstrap import Services, build_services, create_app
from rpledger.graphql.case_types import cursor_of
from rpledger.graphql.schema import build_schema
from rpledger.infrastructure.settings import Database, Settings
from rpledger.infrastructure.tokens import mint_development_token
from tests.conftest import TEST_AUTH, TEST_SECRET, Clock, postgres_database, token_for
from tests.integration.access_cases import (
    NOW,
    OTHER_LOCATION,
    OTHER_PROVIDER,
    OWN,
    PARTS,
    PROVIDER_A,
    PROVIDER_B,
    RESTRAINT,
    TARGETS,
    Seed,
    Target,
    World,
    open_case_input,
    restriction_input,
)
from tests.integration.conftest import ERRORS, WELL_RECORDED, Api, api_for

CARE, CLINICAL = {Role.CARE_STAFF, Role.CLINICIAN}, {Role.CLINICIAN}
READERS = {Role.CARE_STAFF, Role.CLINICIAN, Role.MANAGER, Role.AUDITOR}
MANAGER = {Role.MANAGER}
NOWHERE = "Z9-never-used"  # a location nothing was ever recorded at, named by no token
FORBIDDEN_MESSAGE = "FORBIDDEN: the roles of this token may not use {}"
TRENDS_SPAN = 'from: "2025-03-01T00:00:00Z", to: "2025-04-01T00:00:00Z", by: MONTH'


@dataclass(frozen=True)
class Operation:
    """One row of the matrix: the roles that may perform the operation, what a request needs seeded, the request
    itself, and what its record is named by when out of reach (``case``, ``restriction`` or ``location``; None for
    an operation that touches no record)."""

    name: str
    roles: frozenset[Role]
    write: bool
    needs: tuple[str, ...]
    subject: str | None
    build: Callable[[Seed], tuple[str, dict[str, Any]]]
    selection: str = ""


def mutation(name: str, roles: set[Role], needs: tuple[str, ...], subject: str, selection: str,
             given: Callable[[Seed], dict[str, Any]]) -> Operation:
    input_type = name[0].upper() + name[1:] + "Input"
    query = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} {ERRORS} }} }}"
    return Operation(name, frozenset(roles), True, needs, subject, lambda s: (query, {"input": given(s)}), selection)


def query(name: str, roles: set[Role], needs: tuple[str, ...], subject: str | None, text: str,
          variables: Callable[[Seed], dict[str, Any]]) -> Operation:
    return Operation(name, frozenset(roles), False, needs, subject, lambda s: (text, variables(s)))


def on_case(**more: Any) -> Callable[[Seed], dict[str, Any]]:
    """An input naming the seed's case and, for each ``field=part``, the id of that part of the seed."""
    return lambda s: {"caseId": s["case"], **{k: (s[v] if v in PARTS else v) for k, v in more.items()}}


def merged(build: Callable[[Seed], dict[str, Any]], **fixed: Any) -> Callable[[Seed], dict[str, Any]]:
    return lambda s: {**build(s), **fixed}


CASE_OPS = [
    mutation("openCase", CARE, (), "location", "case { id personRef locationId }",
             lambda s: open_case_input(f"P-new-{uuid4().hex[:12]}", s.target.location)),
    mutation("grantAuthorisation", CLINICAL, (), "case", "authorisation { id } case { id }",
             merged(on_case(), basis="MHA_DETENTION", practices=["PHYS_STANDING"], grantedBy="Dr R Khan",
                    validFrom="2025-03-01T00:00:00+00:00", validUntil="2025-04-01T00:00:00+00:00")),
    mutation("endAuthorisation", CLINICAL, ("authorisation",), "case", "authorisation { id endedAt } case { id }",
             merged(on_case(authorisationId="authorisation"), endedAt="2025-03-03T13:00:00+00:00",
                    reason="Discharged from section")),
    mutation("extendAuthorisation", CLINICAL, ("urgent",), "case", "authorisation { id validUntil } case { id }",
             merged(on_case(authorisationId="urgent"), validUntil="2025-03-15T10:00:00+00:00",
                    extendedBy="Northshire CC", extendedAt="2025-03-03T09:00:00+00:00")),
    mutation("requestStandardAuthorisation", CLINICAL, (), "case", "standardAuthorisationRequest { id } case { id }",
             merged(on_case(), requestedAt="2025-03-02T09:00:00+00:00", supervisoryBody="Northshire CC")),
    mutation("decideStandardAuthorisationRequest", CLINICAL, ("request",), "case",
             "standardAuthorisationRequest { id outcome } case { id }",
             merged(on_case(requestId="request"), outcome="GRANTED", decidedAt="2025-03-03T10:00:00+00:00")),
    mutation("recordUse", CARE, (), "case", "use { id } case { id }",
             merged(on_case(), segments=[dict(zip(("practice", "startedAt", "endedAt"), RESTRAINT, strict=True))],
                    **WELL_RECORDED)),
    mutation("endUse", CARE, ("seclusion",), "case", "use { id } case { id }",
             merged(on_case(useId="seclusion"), endedAt="2025-03-03T13:30:00+00:00")),
    mutation("recordObservation", CARE, ("restraint",), "case", "observation { id } case { id }",
             merged(on_case(useId="restraint"), observedAt="2025-03-03T10:10:00+00:00", observer="Sam Carter",
                    vitals={"pulse": 92, "respiratoryRate": 18})),
    mutation("recordDebrief", CARE, ("restraint",), "case", "debrief { id } case { id }",
             lambda s: {"caseId": s["case"], "useIds": [s["restraint"]], "kind": "WITH_PERSON",
                        "heldAt": "2025-03-03T12:00:00+00:00"}),
    mutation("reviseCarePlan", CLINICAL, ("restraint",), "case", "carePlanRevision { id } case { id }",
             lambda s: {"caseId": s["case"], "revisedAt": "2025-03-03T13:00:00+00:00", "triggeredBy": [s["restraint"]],
                        "summary": "Revised after the restraint"}),
    mutation("correctEntry", CLINICAL, ("authorisation",), "case", "correction { kind } case { id }",
             merged(on_case(entryId="authorisation"), reason="From the section papers",
                    authorisation={"grantedBy": "Dr R Khan, responsible clinician"})),
    mutation("retractEntry", CLINICAL, ("authorisation",), "case", "retraction { kind } case { id }",
             merged(on_case(entryId="authorisation"), reason="Recorded for the wrong person")),
    mutation("recordReview", CLINICAL, ("seclusion",), "case", "review { id } case { id }",
             merged(on_case(useId="seclusion"), kind="NURSING", heldAt="2025-03-03T13:00:00+00:00", outcome="Continue",
                    reviewers=[{"name": "Sam Carter", "role": "REGISTERED_NURSE", "involvedInDecision": True}])),
    mutation("admitToWard", CARE, (), "case", "stay { id } case { id }",
             merged(on_case(), ward="Oak", adultWard=True, admittedAt="2025-03-01T08:00:00+00:00")),
    mutation("dischargeFromWard", CARE, ("stay",), "case", "stay { id dischargedAt } case { id }",
             merged(on_case(stayId="stay"), dischargedAt="2025-03-03T12:00:00+00:00")),
    mutation("recordNotification", {Role.CLINICIAN, Role.MANAGER}, (), "case", "notification { id } case { id }",
             merged(on_case(), kind="UNDER_18_ON_ADULT_WARD", sentAt="2025-03-03T10:00:00+00:00", reference="CQC-1")),
    mutation("justifyDeparture", CLINICAL, ("obligation",), "case", "departure { id ruleId } case { id }",
             merged(on_case(targetId="obligation"), reason="The duty doctor was attending a cardiac arrest")),
]


def on_restriction(**fixed: Any) -> Callable[[Seed], dict[str, Any]]:
    return lambda s: {"restrictionId": s["restriction"], **fixed}


BLANKET_OPS = [
    mutation("introduceBlanketRestriction", MANAGER, (), "location", "blanketRestriction { id locationId }",
             lambda s: restriction_input(s.target.location)),
    mutation("justifyBlanketRestriction", MANAGER, ("restriction",), "restriction",
             "entryId blanketRestriction { id }",
             on_restriction(necessityAndProportionality="Scalds on the ward", approvedBy="Governance group",
                            communicatedHow="Ward meeting")),
    mutation("reviewBlanketRestriction", MANAGER, ("restriction",), "restriction", "entryId blanketRestriction { id }",
             on_restriction(reviewedBy="Ward manager", decision="Still needed", continues=True)),
    mutation("grantBlanketExemption", MANAGER, ("restriction",), "restriction", "entryId blanketRestriction { id }",
             on_restriction(personRef="P-EXEMPT", reason="Safe with hot drinks")),
    mutation("liftBlanketRestriction", MANAGER, ("restriction",), "restriction", "entryId blanketRestriction { id }",
             on_restriction(reason="No longer needed")),
]

READ_OPS = [
    query("case", READERS, ("authorisation",), "case",
          "query($id: ID!) { case(id: $id) { id personRef locationId authorisations { id } } }",
          lambda s: {"id": s["case"]}),
    query("cases", READERS, (), "location",
          "query($loc: String) { cases(locationId: $loc, first: 500) { totalCount edges { node { id locationId } } "
          "pageInfo { hasNextPage } } }",
          lambda s: {"loc": s.target.location}),
    query("blanketRestrictions", READERS, (), "location",
          "query($loc: String!) { blanketRestrictions(locationId: $loc, includeLifted: true, first: 500) { totalCount "
          "edges { node { id locationId } } pageInfo { hasNextPage } } }",
          lambda s: {"loc": s.target.location}),
    query("blanketRestriction", READERS, ("restriction",), "restriction",
          "query($id: ID!) { blanketRestriction(id: $id) { id locationId description } }",
          lambda s: {"id": s["restriction"]}),
    query("trends", {Role.MANAGER, Role.AUDITOR}, (), "location",
          f"query($loc: String) {{ trends(locationId: $loc, {TRENDS_SPAN}) {{ locationId "
          "periods { start totalUses usesByPractice { practice uses } } } }",
          lambda s: {"loc": s.target.location}),
    query("policies", set(Role), (), None, "{ policies { name version } }", lambda s: {}),
]

MATRIX: dict[str, Operation] = {op.name: op for op in [*CASE_OPS, *BLANKET_OPS, *READ_OPS]}


# --------------------------------------------------------------------------------------------- exhaustiveness


def schema_operations() -> set[str]:
    schema = build_schema()._schema
    assert schema.subscription_type is None
    assert schema.query_type is not None and schema.mutation_type is not None
    return set(schema.query_type.fields) | set(schema.mutation_type.fields)


def test_the_matrix_covers_every_operation_of_the_schema_and_every_rule() -> None:
    operations = schema_operations()
    assert len(operations) == 29
    assert set(OPERATIONS) == operations, "every Query and Mutation field needs its roles in OPERATIONS"
    assert set(MATRIX) == operations, "every Query and Mutation field needs its row in this test's MATRIX"


def test_the_matrix_expects_exactly_the_roles_the_rules_give() -> None:
    assert {name: op.roles for name, op in MATRIX.items()} == OPERATIONS
    assert all(op.roles for op in MATRIX.values()), "an operation nobody may perform"
    writes = {name for name, op in MATRIX.items() if op.write}
    # Neither auditors nor admins change the record; admins read no cases.
    assert not any(OPERATIONS[name] & {Role.AUDITOR, Role.ADMIN} for name in writes)
    assert [name for name, roles in OPERATIONS.items() if Role.ADMIN in roles] == ["policies"]


# ---------------------------------------------------------------------------------------------------- the world


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The three targets seeded once per backend; every cell of that backend runs on it."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("access") / "rpledger.db"
        databases: Iterator[Database] = iter([Database.from_url(f"sqlite:///{path}")])
    else:
        databases = postgres_database()
    database = next(databases)
    services = build_services(Settings(database=database, authentication=TEST_AUTH), clock=Clock(NOW))
    try:
        yield World(services, services.clock)  # type: ignore[arg-type]
    finally:
        services.close()
        next(databases, None)  # drops the PostgreSQL schema


# ---------------------------------------------------------------------------------------------------- the cells


def in_reach(role: Role, target: Target) -> bool:
    """Written out here rather than asked of ``Principal``: own location always; another location of the provider
    for the provider-wide roles; another provider never."""
    if target == OWN:
        return True
    return target == OTHER_LOCATION and role in {Role.AUDITOR, Role.ADMIN}


CELLS = [
    pytest.param(name, role, target, id=f"{name}-{role.value}-{target.name}")
    for name in MATRIX for role in Role for target in TARGETS
]


def send(api: Api, text: str, variables: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = api.request("POST", "/graphql", json={"query": text, "variables": variables})
    body: dict[str, Any] = response.json()
    return response.status_code, body


def subject_of(op: Operation, seed: Seed) -> str:
    """The text naming the operation's record in its request: the id, or the location."""
    if op.subject == "location":
        return seed.target.location
    assert op.subject is not None
    return seed[op.subject]


def nonexistent(op: Operation, seed: Seed) -> tuple[Seed, str]:
    """The seed with its record replaced by one that never existed: a fresh UUID, or a location with nothing."""
    if op.subject == "location":
        return Seed(Target("nowhere", seed.target.provider, NOWHERE), seed.person_ref, seed.ids), NOWHERE
    assert op.subject is not None
    never = str(uuid4())
    return Seed(seed.target, seed.person_ref, {**seed.ids, op.subject: never}), never


def anonymised(body: dict[str, Any], text: str) -> str:
    return json.dumps(body, sort_keys=True).replace(text, "<subject>")


@pytest.mark.parametrize(("name", "role", "target"), CELLS)
def test_cell(world: World, name: str, role: Role, target: Target) -> None:
    op = MATRIX[name]
    api = world.api(role)
    allowed, reached = role in op.roles, in_reach(role, target) or op.subject is None
    # A write that works consumes its record (an ended use, a lifted restriction): it gets one of its own.
    needs = (*op.needs, "case") if op.subject == "case" else op.needs
    seed = world.seed(target, needs) if allowed and reached and op.write else world.shared[target.name]
    text, variables = op.build(seed)
    before = world.position()
    status, body = send(api, text, variables)
    written = world.position() - before

    if not allowed:
        assert (status, body) == (200, {"data": None, "errors": [
            {"message": FORBIDDEN_MESSAGE.format(name), "extensions": {"code": "FORBIDDEN"}}
        ]})
        assert written == 0
    elif reached:
        assert status == 200 and "errors" not in body, body
        if op.write:
            assert written > 0, "a write that works records its events"
        else:
            assert written == 0
        WORKS[name](world, seed, body["data"])
    else:
        assert status == 200 and "errors" not in body, body
        assert written == 0, "nothing is written for a record out of reach"
        OUT_OF_REACH[op.subject or ""](name, body["data"], subject_of(op, seed))
        never_seed, never = nonexistent(op, seed)
        never_text, never_variables = op.build(never_seed)
        assert never_text == text
        _, never_body = send(api, never_text, never_variables)
        assert world.position() == before
        assert anonymised(body, subject_of(op, seed)) == anonymised(never_body, never), (
            "out of reach must read exactly as never existed"
        )


# --------------------------------------------------------------------------- what each answer must be, in detail


def null_payload(name: str, data: dict[str, Any], code: str, field: str, message: str) -> None:
    payload = data[name]
    assert payload["errors"] == [{"field": field, "code": code, "message": message}]
    assert [k for k, v in payload.items() if k != "errors" and v is not None] == [], payload


OUT_OF_REACH: dict[str, Callable[[str, dict[str, Any], str], None]] = {}


def out_of_reach_case(name: str, data: dict[str, Any], case_id: str) -> None:
    if name == "case":
        assert data == {"case": None}
    else:
        null_payload(name, data, "UNKNOWN_CASE", "caseId", f"no case has id {case_id}")


def out_of_reach_restriction(name: str, data: dict[str, Any], restriction_id: str) -> None:
    if name == "blanketRestriction":
        assert data == {"blanketRestriction": None}
    else:
        null_payload(name, data, "UNKNOWN_BLANKET_RESTRICTION", "restrictionId",
                     f"no blanket restriction has id {restriction_id}")


def out_of_reach_location(name: str, data: dict[str, Any], location: str) -> None:
    if name in ("openCase", "introduceBlanketRestriction"):
        null_payload(name, data, "LOCATION_OUT_OF_REACH", "locationId",
                     "locationId is not one of the locations of your token")
    elif name == "cases":
        assert data == {"cases": {"totalCount": 0, "edges": [], "pageInfo": {"hasNextPage": False}}}
    elif name == "blanketRestrictions":
        assert data == {"blanketRestrictions": {"totalCount": 0, "edges": [], "pageInfo": {"hasNextPage": False}}}
    else:
        assert name == "trends"
        assert data["trends"]["locationId"] == location
        assert [(p["totalUses"], p["usesByPractice"]) for p in data["trends"]["periods"]] == [(0, [])]


OUT_OF_REACH.update(case=out_of_reach_case, restriction=out_of_reach_restriction, location=out_of_reach_location)


def works_on_case(entry: str) -> Callable[[World, Seed, dict[str, Any]], None]:
    def check(world: World, seed: Seed, data: dict[str, Any]) -> None:
        [payload] = data.values()
        assert payload["errors"] == []
        assert payload[entry] is not None, payload
        assert payload["case"] == {"id": seed["case"]}

    return check


def works_on_restriction(world: World, seed: Seed, data: dict[str, Any]) -> None:
    [payload] = data.values()
    assert payload["errors"] == [] and payload["entryId"], payload
    assert payload["blanketRestriction"] == {"id": seed["restriction"]}


def case_opened(world: World, seed: Seed, data: dict[str, Any]) -> None:
    payload = data["openCase"]
    assert payload["errors"] == []
    world.registry.add_case(seed.target.provider, seed.target.location, payload["case"]["id"])
    assert payload["case"]["locationId"] == seed.target.location


def use_recorded(world: World, seed: Seed, data: dict[str, Any]) -> None:
    works_on_case("use")(world, seed, data)
    world.registry.add_use(seed.target.provider, seed.target.location, RESTRAINT[0])


def restriction_introduced(world: World, seed: Seed, data: dict[str, Any]) -> None:
    payload = data["introduceBlanketRestriction"]
    assert payload["errors"] == []
    assert payload["blanketRestriction"]["locationId"] == seed.target.location
    world.registry.add_restriction(seed.target.provider, seed.target.location, payload["blanketRestriction"]["id"])


def case_read(world: World, seed: Seed, data: dict[str, Any]) -> None:
    authorisations = [{"id": seed[part]} for part in ("authorisation", "urgent") if part in seed.ids]
    assert data == {"case": {"id": seed["case"], "personRef": seed.person_ref, "locationId": seed.target.location,
                             "authorisations": authorisations}}


def cases_read(world: World, seed: Seed, data: dict[str, Any]) -> None:
    expected = world.registry.cases_at(seed.target.provider, [seed.target.location])
    connection = data["cases"]
    assert expected and connection["totalCount"] == len(expected)
    assert {e["node"]["id"] for e in connection["edges"]} == expected
    assert {e["node"]["locationId"] for e in connection["edges"]} == {seed.target.location}


def register_read(world: World, seed: Seed, data: dict[str, Any]) -> None:
    expected = world.registry.restrictions[(seed.target.provider, seed.target.location)]
    connection = data["blanketRestrictions"]
    assert expected and {e["node"]["id"] for e in connection["edges"]} == expected
    assert connection["totalCount"] == len(connection["edges"]) == len(expected)
    assert {e["node"]["locationId"] for e in connection["edges"]} == {seed.target.location}


def restriction_read(world: World, seed: Seed, data: dict[str, Any]) -> None:
    found = data["blanketRestriction"]
    assert (found["id"], found["locationId"]) == (seed["restriction"], seed.target.location)


def trends_read(world: World, seed: Seed, data: dict[str, Any]) -> None:
    uses = world.registry.uses_at(seed.target.provider, [seed.target.location])
    [period] = data["trends"]["periods"]
    assert period["totalUses"] == sum(uses.values()) > 0
    assert {p["practice"]: p["uses"] for p in period["usesByPractice"]} == dict(uses)


def policies_read(world: World, seed: Seed, data: dict[str, Any]) -> None:
    names = [p["name"] for p in data["policies"]]
    assert names and len(names) == len(set(names))


WORKS: dict[str, Callable[[World, Seed, dict[str, Any]], None]] = {
    "openCase": case_opened,
    "recordUse": use_recorded,
    "introduceBlanketRestriction": restriction_introduced,
    "case": case_read,
    "cases": cases_read,
    "blanketRestrictions": register_read,
    "blanketRestriction": restriction_read,
    "trends": trends_read,
    "policies": policies_read,
    **{op.name: works_on_restriction for op in BLANKET_OPS[1:]},
    **{op.name: works_on_case(op.selection.split()[0]) for op in CASE_OPS[1:] if op.name != "recordUse"},
}


def test_every_operation_has_its_checks() -> None:
    assert set(WORKS) == set(MATRIX)
    assert {op.subject for op in MATRIX.values()} - {None} == set(OUT_OF_REACH)
    assert PROVIDER_WIDE == {Role.AUDITOR, Role.ADMIN}
    assert len(CELLS) == len(MATRIX) * len(Role) * len(TARGETS) == 435
    assert OTHER_PROVIDER.provider != OWN.provider and OTHER_LOCATION.provider == OWN.provider


# ------------------------------------------------------------------------------------------------- credentials

OPEN_CASE = f"mutation($input: OpenCaseInput!) {{ openCase(input: $input) {{ case {{ id }} {ERRORS} }} }}"


def log_position(services: Services) -> int:
    return int(services.cases.recorder.max_notification_id() or 0)


def claims(**changed: Any) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    given = {"sub": "u-1", "name": "Sam Carter", "roles": ["CARE_STAFF", "CLINICIAN"], "provider": PROVIDER_A,
             "locations": ["A1"], "iat": now, "exp": now + 3600, **changed}
    return {k: v for k, v in given.items() if v is not None}


def unsigned(payload: dict[str, Any], alg: str = "none") -> str:
    """A token with an empty signature, its header naming ``alg``, built by hand as an attacker would."""
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': alg, 'typ': 'JWT'})}.{part(payload)}."


HOUR = timedelta(hours=1)
BAD_CREDENTIALS: dict[str, tuple[Callable[[], str | None], str]] = {
    "no Authorization header": (lambda: None, "a bearer token is required"),
    "a Basic credential": (lambda: "Basic dXNlcjpwYXNz", "a bearer token is required"),
    "an empty bearer token": (lambda: "Bearer   ", "a bearer token is required"),
    "a malformed token": (lambda: "Bearer not.a.token", "the token is not valid: DecodeError"),
    "an expired token": (lambda: "Bearer " + mint_development_token(
        TEST_SECRET, subject="u-1", name="Sam Carter", roles=[Role.CLINICIAN], provider=PROVIDER_A, locations=["A1"],
        now=datetime.now(UTC) - 3 * HOUR, lifetime=HOUR), "the token has expired"),
    "a token signed with another secret": (lambda: "Bearer " + mint_development_token(
        "another-secret-entirely-0123456789abcdef", subject="u-1", name="Sam Carter", roles=[Role.CLINICIAN],
        provider=PROVIDER_A, locations=["A1"], now=datetime.now(UTC)), "the token is not valid: InvalidSignatureError"),
    "an unsigned token (alg none)": (lambda: "Bearer " + unsigned(claims()),
                                     "the token is not valid: InvalidAlgorithmError"),
    "an unsigned token (alg NONE)": (lambda: "Bearer " + unsigned(claims(), "NONE"), "the token is not valid"),
    "an HS256 token stripped of its signature": (lambda: "Bearer " + unsigned(claims(), "HS256"),
                                                 "the token is not valid"),
    "a token without exp": (lambda: "Bearer " + jwt.encode(claims(exp=None), TEST_SECRET, algorithm="HS256"),
                            "the token is not valid: MissingRequiredClaimError"),
    "a token without provider": (lambda: "Bearer " + jwt.encode(claims(provider=None), TEST_SECRET, algorithm="HS256"),
                                 "the token's provider claim must name the provider"),
}


@pytest.mark.parametrize("credential", list(BAD_CREDENTIALS))
def test_a_request_without_a_valid_token_is_refused_with_401_and_writes_nothing(
    services: Services, credential: str
) -> None:
    authorization, reason = BAD_CREDENTIALS[credential]
    api = api_for(services)
    before = log_position(services)
    variables = {"input": open_case_input("P-401", "WARD-A")}
    response = api.request("POST", "/graphql", json={"query": OPEN_CASE, "variables": variables},
                           headers={"Authorization": authorization()})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    assert response.headers["www-authenticate"] == 'Bearer realm="rpledger"'
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED"} and error["message"].startswith(reason), error
    assert response.json().keys() == {"errors"}
    assert log_position(services) == before == 0


def test_a_query_in_the_url_needs_a_token_too(services: Services) -> None:
    api = api_for(services)
    refused = api.request("GET", "/graphql", params={"query": "{ policies { name } }"}, headers={"Authorization": None})
    assert refused.status_code == 401 and refused.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    allowed = api.request("GET", "/graphql", params={"query": "{ policies { name } }"})
    assert allowed.status_code == 200 and allowed.json()["data"]["policies"]


def test_health_needs_no_token(services: Services) -> None:
    response = api_for(services).request("GET", "/health", headers={"Authorization": None})
    assert response.status_code == 200 and response.json()["status"] == "ok"


# ---------------------------------------------------------------------------------------------- who recorded


class SmugglingApi(Api):
    """A client that sends, with every request, headers claiming to be somebody else."""

    SMUGGLED: ClassVar[dict[str, str]] = {
        "X-Actor-Id": "admin-0", "X-Actor-Name": "Mallory Impostor", "X-Actor-Role": "MANAGER",
        "X-Forwarded-User": "admin-0", "X-Remote-User": "admin-0",
    }

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        kwargs["headers"] = {**self.SMUGGLED, **kwargs.pop("headers", {})}
        return super().request(method, path, **kwargs)


def test_the_actor_recorded_is_the_token_s_never_the_input_s_nor_a_header_s(
    services: Services, clock: Clock
) -> None:
    clock.set(NOW)
    token = token_for([Role.CLINICIAN, Role.CARE_STAFF], provider=PROVIDER_A, locations=["A1"], subject="u-77",
                      name="Sam Carter")
    nurse = SmugglingApi(create_app(services.settings, services), token)
    case_id = nurse.open_case("P-ACTOR", location_id="A1")
    nurse.grant(case_id)
    use_id = nurse.record_use(case_id, RESTRAINT, **WELL_RECORDED)
    nurse.debrief(case_id, use_id, "2025-03-03T12:00:00+00:00")
    # There is no input field for who recorded: an input naming one is refused before anything runs.
    before = log_position(services)
    body = nurse.post(OPEN_CASE, {"input": {**open_case_input("P-ACTOR-2", "A1"), "recordedBy": "admin-0"}})
    assert body.get("data") is None and "recordedBy" in body["errors"][0]["message"]
    assert log_position(services) == before

    manager = api_for(services, token_for([Role.MANAGER], provider=PROVIDER_A, locations=["A1"]))
    history = manager.data("query($id: ID!) { case(id: $id) { history { kind recordedBy { id name role } } } }",
                           id=case_id)["case"]["history"]
    assert [e["kind"] for e in history] == ["CaseOpened", "AuthorisationGranted", "UseRecorded", "DebriefHeld"]
    assert {json.dumps(e["recordedBy"]) for e in history} == {
        json.dumps({"id": "u-77", "name": "Sam Carter", "role": "CARE_STAFF+CLINICIAN"})
    }
    assert "Mallory" not in json.dumps(history) and "admin-0" not in json.dumps(history)


# ------------------------------------------------------------------------------------------- tenant isolation


@dataclass
class Provider:
    """What one provider recorded, through its own token: ids and every text that must not cross to another."""

    api: Api
    cases: dict[str, str]  # case id -> person ref
    uses: list[str]
    obligations: list[str]
    restrictions: dict[str, str]  # restriction id -> description

    def secrets(self) -> set[str]:
        return {*self.cases, *self.cases.values(), *self.uses, *self.obligations, *self.restrictions,
                *self.restrictions.values()}


def recorded(services: Services, provider: str, locations: list[str], refs: list[str]) -> Provider:
    api = api_for(services, token_for(SEEDER_ROLES, provider=provider, locations=locations))
    found = Provider(api, {}, [], [], {})
    for location, ref in zip(locations * len(refs), refs, strict=False):
        case_id = api.open_case(ref, location_id=location)
        found.cases[case_id] = ref
        api.grant(case_id)
        found.uses.append(api.record_use(case_id, RESTRAINT, **WELL_RECORDED))
        obligations = api.data("query($id: ID!) { case(id: $id) { obligations { id ruleId } } }", id=case_id)
        found.obligations += [o["id"] for o in obligations["case"]["obligations"]]
        description = f"No phones at night ({provider} {ref})"
        given = restriction_input(location, description)
        restriction = api.ok("introduceBlanketRestriction", given, "blanketRestriction { id }")["blanketRestriction"]
        found.restrictions[restriction["id"]] = description
    return found


SEEDER_ROLES = (Role.CARE_STAFF, Role.CLINICIAN, Role.MANAGER)
EVERY_READ = (Role.CARE_STAFF, Role.CLINICIAN, Role.MANAGER, Role.AUDITOR)


@pytest.fixture
def two_providers(services: Services, clock: Clock) -> tuple[Provider, Provider]:
    """Provider A at A1 and A2; provider B at B1 and at a location it also calls A1, with a person whose reference
    is one of A's too."""
    clock.set(NOW)
    a = recorded(services, PROVIDER_A, ["A1", "A2"], ["P-SAME", "P-A-2"])
    b = recorded(services, PROVIDER_B, ["B1", "A1"], ["P-SAME", "P-B-2", "P-B-3"])
    return a, b


def reader(services: Services, roles: tuple[Role, ...]) -> Api:
    return api_for(services, token_for(roles, provider=PROVIDER_A, locations=["A1"], subject="u-a", name="A reader"))


def same_as_never(
    api: Api, text: str, variables: dict[str, Any], real: str, never: str | None = None
) -> dict[str, Any]:
    """The answer with ``real`` in the variables, asserted to equal the answer with a never-issued id instead; with
    ``real`` itself (the caller's own words, echoed) taken out."""
    never = never or str(uuid4())
    answer = api.post(text, json.loads(json.dumps(variables).replace(real, never)))
    given = anonymised(api.post(text, variables), real)
    assert given == anonymised(answer, never)
    found: dict[str, Any] = json.loads(given)
    return found


def test_nothing_of_another_provider_can_be_listed_guessed_or_inferred(
    services: Services, two_providers: tuple[Provider, Provider]
) -> None:
    a, b = two_providers
    staff, auditor = reader(services, SEEDER_ROLES), reader(services, (Role.AUDITOR,))
    before = log_position(services)
    answers: list[dict[str, Any]] = []
    page = "query($after: String) { cases(first: 500, after: $after) { totalCount edges { node { id personRef } } } }"

    for api, expected in ((staff, [c for c, ref in a.cases.items() if ref == "P-SAME"]), (auditor, list(a.cases))):
        listed = api.data(page)["cases"]
        assert {e["node"]["id"] for e in listed["edges"]} == set(expected)
        assert listed["totalCount"] == len(expected)
        answers.append(listed)
        for case_id in b.cases:  # a cursor made from another provider's id pages exactly as any other id would
            after = UUID(int=UUID(case_id).int + 1)
            answers.append(same_as_never(api, page, {"after": cursor_of(UUID(case_id))}, cursor_of(UUID(case_id)),
                                         cursor_of(after)))

        for case_id in b.cases:
            answers.append(same_as_never(api, "query($id: ID!) { case(id: $id) { id personRef } }", {"id": case_id},
                                         case_id))
        for restriction_id in b.restrictions:
            answers.append(same_as_never(api, "query($id: ID!) { blanketRestriction(id: $id) { id } }",
                                         {"id": restriction_id}, restriction_id))
        register = "query($loc: String!) { blanketRestrictions(locationId: $loc) { totalCount nodes { id description } } }"
        answers.append(same_as_never(api, register, {"loc": "B1"}, "B1", NOWHERE))
        own = api.data(register, loc="A1")["blanketRestrictions"]
        assert {r["id"] for r in own["nodes"]} == {r for r, d in a.restrictions.items() if "P-SAME" in d}
        assert own["totalCount"] == len(own["nodes"])

        trends = (f"query($loc: String) {{ trends(locationId: $loc, {TRENDS_SPAN}) {{ locationId "
                  "periods { totalUses overdueObligations usesByPractice { practice uses } } } }")
        answers.append(same_as_never(api, trends, {"loc": "B1"}, "B1", NOWHERE))
        if Role.MANAGER in api_roles(api) or Role.AUDITOR in api_roles(api):
            at_a1 = api.data(trends, loc="A1")["trends"]["periods"]
            everywhere = api.data(trends, loc=None)["trends"]["periods"]
            assert [p["totalUses"] for p in at_a1] == [1]  # A's use at A1, not B's at its own "A1"
            assert [p["totalUses"] for p in everywhere] == [2 if api is auditor else 1]
            answers += [at_a1, everywhere]

    # Mutations naming B's records, on B's case or from within A's own: the answer of an id never issued.
    own_case = next(c for c, ref in a.cases.items() if ref == "P-SAME")
    clinician = api_for(services, token_for([Role.CLINICIAN], provider=PROVIDER_A, locations=["A1"]))
    for b_case in b.cases:
        use = {"caseId": b_case, "segments": [dict(zip(("practice", "startedAt", "endedAt"), RESTRAINT, strict=True))]}
        answers.append(same_as_never(clinician, mutation_text("recordUse", "use { id }"), {"input": use}, b_case))
    for b_use in b.uses:
        debrief = {"caseId": own_case, "useIds": [b_use], "kind": "WITH_PERSON", "heldAt": "2025-03-03T12:00:00Z"}
        answers.append(same_as_never(clinician, mutation_text("recordDebrief", "debrief { id }"), {"input": debrief},
                                     b_use))
        for name in ("correctEntry", "retractEntry"):
            given = {"caseId": own_case, "entryId": b_use, "reason": "Wrong person",
                     **({"use": {"outcome": "Settled"}} if name == "correctEntry" else {})}
            answers.append(same_as_never(clinician, mutation_text(name, "case { id }"), {"input": given}, b_use))
    for b_obligation in b.obligations:
        departure = {"caseId": own_case, "targetId": b_obligation, "reason": "Guessing"}
        answers.append(same_as_never(clinician, mutation_text("justifyDeparture", "departure { id }"),
                                     {"input": departure}, b_obligation))
    manager = api_for(services, token_for([Role.MANAGER], provider=PROVIDER_A, locations=["A1"]))
    for b_restriction in b.restrictions:
        lift = {"restrictionId": b_restriction, "reason": "Guessing"}
        answers.append(same_as_never(manager, mutation_text("liftBlanketRestriction", "entryId"), {"input": lift},
                                     b_restriction))

    assert log_position(services) == before, "probing wrote nothing"
    refusals = [
        (name, [e["code"] for e in payload["errors"]])
        for answer in answers if "data" in answer
        for name, payload in (answer["data"] or {}).items() if isinstance(payload, dict) and "errors" in payload
    ]
    assert sorted({(name, tuple(codes)) for name, codes in refusals}) == [
        ("correctEntry", ("UNKNOWN_ENTRY",)), ("justifyDeparture", ("UNKNOWN_TARGET",)),
        ("liftBlanketRestriction", ("UNKNOWN_BLANKET_RESTRICTION",)), ("recordDebrief", ("UNKNOWN_USE",)),
        ("recordUse", ("UNKNOWN_CASE",)), ("retractEntry", ("UNKNOWN_ENTRY",)),
    ]
    assert len(refusals) == len(b.cases) + 3 * len(b.uses) + len(b.obligations) + len(b.restrictions)
    text = json.dumps(answers)
    leaked = {s for s in b.secrets() - a.secrets() if s in text}
    assert leaked == set()


def api_roles(api: Api) -> frozenset[Role]:
    return frozenset(Role(r) for r in jwt.decode(api.token, options={"verify_signature": False})["roles"])


def mutation_text(name: str, selection: str) -> str:
    input_type = name[0].upper() + name[1:] + "Input"
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} {ERRORS} }} }}"


def test_a_person_reference_of_another_provider_opens_a_case_of_its_own(services: Services, clock: Clock) -> None:
    clock.set(NOW)
    b = api_for(services, token_for(SEEDER_ROLES, provider=PROVIDER_B, locations=["B1"]))
    a = api_for(services, token_for(SEEDER_ROLES, provider=PROVIDER_A, locations=["A1"]))
    b_case = b.open_case("P-0042", location_id="B1")
    a_case = a.open_case("P-0042", location_id="A1")  # no CASE_ALREADY_OPEN: B's person is not A's
    assert a_case != b_case
    again = a.mutate("openCase", open_case_input("P-0042", "A1"), "case { id }")
    assert (again["case"], again["errors"]) == (None, [{"field": "personRef", "code": "CASE_ALREADY_OPEN",
                                                        "message": "a case is already open for person 'P-0042'"}])
    assert a.data("query($id: ID!) { case(id: $id) { id personRef locationId } }", id=a_case)["case"] == {
        "id": a_case, "personRef": "P-0042", "locationId": "A1"}
    assert b.data("query($id: ID!) { case(id: $id) { id locationId } }", id=b_case)["case"] == {
        "id": b_case, "locationId": "B1"}


# ------------------------------------------------------------------------------------------ history and knownAt

HISTORY_QUERIES = {
    "history": "query($id: ID!) { case(id: $id) { history { kind recordedBy { id } } } }",
    "status knownAt": 'query($id: ID!) { case(id: $id) { status(knownAt: "2025-03-03T13:59:00Z") } }',
    "uses knownAt": 'query($id: ID!) { case(id: $id) { uses(knownAt: "2025-03-03T13:59:00Z") { id } } }',
    "history in a fragment": "query($id: ID!) { ...Root } fragment Root on Query { case(id: $id) { ...Past } } "
                             "fragment Past on Case { history { kind } }",
    "history under an alias": "query($id: ID!) { c: case(id: $id) { h: history { kind } } }",
}
HISTORY_REFUSED = "FORBIDDEN: only managers and auditors may read history or knownAt"


@pytest.mark.parametrize("role", EVERY_READ, ids=[r.value for r in EVERY_READ])
def test_history_and_known_at_are_for_managers_and_auditors(services: Services, clock: Clock, role: Role) -> None:
    clock.set(NOW - HOUR)
    seeder = api_for(services, token_for(SEEDER_ROLES, provider=PROVIDER_A, locations=["A1"]))
    case_id = seeder.open_case("P-HISTORY", location_id="A1")
    clock.set(NOW)
    use_id = seeder.record_use(case_id, RESTRAINT, **WELL_RECORDED)
    restriction_id = seeder.ok("introduceBlanketRestriction", restriction_input("A1"),
                               "blanketRestriction { id }")["blanketRestriction"]["id"]
    api = api_for(services, token_for([role], provider=PROVIDER_A, locations=["A1"]))
    allowed = role in (Role.MANAGER, Role.AUDITOR)
    answers = {name: api.post(text, {"id": case_id}) for name, text in HISTORY_QUERIES.items()}
    answers["restriction history"] = api.post("query($id: ID!) { blanketRestriction(id: $id) { history { kind } } }",
                                              {"id": restriction_id})
    for name, body in answers.items():
        if allowed:
            assert "errors" not in body and body["data"], (name, body)
        else:
            assert body == {"data": None, "errors": [{"message": HISTORY_REFUSED,
                                                      "extensions": {"code": "FORBIDDEN"}}]}, name
    if allowed:
        assert [e["kind"] for e in answers["history"]["data"]["case"]["history"]] == ["CaseOpened", "UseRecorded"]
        assert answers["uses knownAt"]["data"]["case"]["uses"] == []  # recorded at 14:00, asked as known at 13:59
        assert answers["history under an alias"]["data"]["c"]["h"] == [{"kind": "CaseOpened"}, {"kind": "UseRecorded"}]
    # A write that asks for history back is refused whole: nothing written.
    if role in (Role.CARE_STAFF, Role.CLINICIAN):
        before = log_position(services)
        given = {"caseId": case_id, "useIds": [use_id], "kind": "WITH_PERSON", "heldAt": "2025-03-03T12:00:00Z"}
        body = api.post(mutation_text("recordDebrief", "case { history { kind } }"), {"input": given})
        assert body["data"] is None and body["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
        assert log_position(services) == before
