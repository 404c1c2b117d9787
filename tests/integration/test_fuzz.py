"""Fuzzing. Schemathesis drives every query and mutation of the GraphQL API, as production serves it, with generated
documents (valid ones, and ones that break the schema's types); hypothesis drives every mutation again with
generated JSON variables, and every command of ``Cases`` and ``BlanketRestrictions`` with generated text, times and
ids. None may find a server error, a traceback, an error production would have to mask (a bug), a write from a
request or command that was refused, or read models left behind.

All are derandomized (the same examples on every run) and bounded to fit the test suite: about half a minute on
SQLite. They run on SQLite only; the other integration tests cover PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

import graphql
import pytest
import schemathesis
from cryptography.hazmat.primitives.asymmetric import rsa
from eventsourcing.application import AggregateNotFoundError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.generation.feedback import NO_FEEDBACK
from schemathesis.graphql import nodes
from schemathesis.specs.graphql.scalars import CUSTOM_SCALARS

import rpledger.graphql
from rpledger.application import vocabulary as v
from rpledger.bootstrap import Services, build_services, create_app
from rpledger.infrastructure.settings import Database, Settings
from tests.conftest import TEST_AUTH, TEST_LOCATIONS, Clock
from tests.integration.conftest import ALL_PRACTICES, Api
from tests.integration.test_graphql_hardening import production_settings, production_token

SDL = Path(rpledger.graphql.__file__).parent / "schema.graphql"
SCHEMA = graphql.build_schema(SDL.read_text(encoding="utf8"))
OPERATIONS = [
    (root, name) for root in ("Query", "Mutation") for name in SCHEMA.get_type(root).fields  # type: ignore[union-attr]
]
# Examples per operation: enough for each argument to be left out, null, valid, malformed and out of range a few
# times; about 30 operations, so some 500 requests in all.
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 5}
# Domain commands, of some 20 kinds, run one after another on the same store.
DOMAIN_EXAMPLES = 400
ERRORS = "errors { field code message }"


@dataclass
class Fuzzed:
    """The API in production mode on a SQLite file, with a case and a blanket restriction to aim at."""

    services: Services
    api: Api
    ids: list[str]

    def log_position(self) -> int:
        return int(self.services.cases.recorder.max_notification_id() or 0)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    folder = tmp_path_factory.mktemp("fuzz")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    database = Database.from_url(f"sqlite:///{folder}/rpledger.db")
    services = build_services(production_settings(database, folder, key), clock=Clock(datetime.now(UTC)))
    api = Api(create_app(services.settings, services), production_token(key))
    try:
        yield Fuzzed(services, api, seed(api))
    finally:
        services.close()


def seed(api: Api) -> list[str]:
    """A case with an authorisation, a restraint that ended, a seclusion going on, a debrief, a stay and a DoLS
    request, and a blanket restriction: the ids generated arguments draw from, so that some commands succeed."""
    case_id = api.open_case("P-FUZZ")
    authorisation = api.grant(case_id, ALL_PRACTICES, "2025-01-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00")
    restraint = api.record_use(case_id, ("PHYS_PRONE", "2025-03-03T09:00:00+00:00", "2025-03-03T09:05:00+00:00"))
    seclusion = api.record_use(case_id, ("ISO_SECLUSION", "2025-03-03T12:00:00+00:00", None))
    debrief = api.debrief(case_id, restraint, "2025-03-03T15:00:00+00:00")
    stay = api.ok("admitToWard", {"caseId": case_id, "ward": "Oak", "adultWard": True,
                                  "admittedAt": "2025-03-01T08:00:00+00:00"}, "stay { id }")["stay"]["id"]
    request = api.ok("requestStandardAuthorisation", {
        "caseId": case_id, "requestedAt": "2025-03-02T09:00:00+00:00", "supervisoryBody": "Northshire CC"},
        "standardAuthorisationRequest { id }")["standardAuthorisationRequest"]["id"]
    restriction = api.ok("introduceBlanketRestriction", {
        "locationId": "elm-house", "setting": "ADULT_SOCIAL_CARE", "scope": "all residents",
        "description": "No hot drinks after 21:00", "category": "HOT_DRINKS",
        "introducedAt": "2025-01-10T09:00:00+00:00"}, "blanketRestriction { id }")["blanketRestriction"]["id"]
    obligations = api.data("query($id: ID!) { case(id: $id) { obligations { id } } }", id=case_id)["case"]
    return [case_id, restriction, authorisation, restraint, seclusion, debrief, stay, request,
            *(o["id"] for o in obligations["obligations"])]


# ------------------------------------------------------------------------------------------------ arguments


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` about four times in five, else ``bad``: mostly values that get past their check, so that commands
    run, and the payloads after a write are resolved too. (Hypothesis favours small integers: a plain ``one_of``
    soon explores its other branches, and arguments would rarely be right together.)"""
    return st.integers(0, 9).flatmap(lambda n: good if n < 8 else bad)


def moments() -> st.SearchStrategy[str]:
    """Times as clients get them right and wrong: without an offset, at the edges of what Python can hold, far in
    the future, malformed."""
    offsets = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))])
    near = st.datetimes(min_value=datetime(2025, 3, 4), max_value=datetime(2025, 12, 31), timezones=offsets)
    return mostly(near.map(datetime.isoformat), st.one_of(
        st.datetimes(timezones=offsets).map(datetime.isoformat),
        near.map(lambda moment: moment.replace(tzinfo=None).isoformat()),
        st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "2999-12-31T23:59:59Z",
                         "2025-02-30T10:00:00Z", "yesterday", ""]),
        st.text(max_size=30),
    ))


def texts() -> st.SearchStrategy[str]:
    """Text as people type it, and blank, with control characters, longer than any limit."""
    return mostly(
        st.one_of(st.sampled_from([*TEST_LOCATIONS, "elm-house", "P-FUZZ", "not known"]),
                  st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=40)),
        st.one_of(st.text(max_size=40),
                  st.sampled_from(["", "   ", "a\x00b", "\u202e\ufeff", "R" * 201, "T" * 10_001])),
    )


def identifiers(known: list[str]) -> st.SearchStrategy[str]:
    """Ids of the seeded records (the case's most often: every command of a case names it, then the blanket
    restriction's), ids of nothing, and things that are not ids."""
    case, restriction, *others = known
    return mostly(
        st.sampled_from([case] * 5 + [restriction] * 2 + others),
        st.one_of(st.uuids().map(str), st.text(max_size=40), st.just("c" * 300)),
    )


def days() -> st.SearchStrategy[str]:
    """Dates (of birth, of the next review): mostly plausible, sometimes at the edges of what Python can hold."""
    return mostly(st.dates(min_value=date(1930, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat),
                  st.one_of(st.dates().map(date.isoformat), st.sampled_from(["0001-01-01", "9999-12-31", "2025-02-30"]),
                            st.text(max_size=12)))


def numbers() -> st.SearchStrategy[int]:
    """Page sizes, versions and readings: mostly small and positive, sometimes anything an Int holds."""
    return mostly(st.integers(1, 120), st.integers(-(2**31), 2**31 - 1))


@pytest.fixture(scope="module")
def scalars(fuzzed: Fuzzed) -> Iterator[None]:
    """Schemathesis's strategies for our scalars (and String and ID, to aim at the limits and at real records)."""
    ours = {
        "DateTime": moments().map(nodes.String),
        "String": texts().map(nodes.String),
        "ID": identifiers(fuzzed.ids).map(nodes.String),
        "Int": numbers().map(nodes.Int),
        "Date": days().map(nodes.String),
    }
    saved = {name: CUSTOM_SCALARS[name] for name in ours if name in CUSTOM_SCALARS}
    for name, strategy in ours.items():
        schemathesis.graphql.scalar(name, strategy)
    try:
        yield
    finally:
        for name in ours:
            CUSTOM_SCALARS.pop(name, None)
        CUSTOM_SCALARS.update(saved)


@pytest.fixture(scope="module")
def api_schema() -> Any:
    return schemathesis.graphql.from_path(SDL)


# ------------------------------------------------------------------------------------------------- the checks


def with_errors_selected(document: str) -> str:
    """The document with ``errors { field code message }`` selected on every mutation's payload, so that every
    refusal is seen, whatever fields the generator chose."""
    parsed = graphql.parse(document)
    errors = graphql.parse(f"{{ {ERRORS} }}").definitions[0].selection_set.selections[0]  # type: ignore[attr-defined]
    definitions = []
    for definition in parsed.definitions:
        if isinstance(definition, graphql.OperationDefinitionNode) and definition.operation.value == "mutation":
            fields = [
                _copy(field, selection_set=_copy(field.selection_set,
                                                 selections=(*field.selection_set.selections, errors)))
                if isinstance(field, graphql.FieldNode) and field.selection_set is not None else field
                for field in definition.selection_set.selections
            ]
            definition = _copy(definition, selection_set=_copy(definition.selection_set, selections=tuple(fields)))
        definitions.append(definition)
    return graphql.print_ast(_copy(parsed, definitions=tuple(definitions)))


def _copy(node: Any, **changes: Any) -> Any:
    """AST nodes are immutable since graphql-core 3.3."""
    return type(node)(**{**{key: getattr(node, key) for key in node.keys}, **changes})


def check_call(fuzzed: Fuzzed, document: str, variables: dict[str, Any] | None = None) -> None:
    """One request: never a server error or a traceback (``Api.request`` checks), always a GraphQL answer, never an
    error production must mask (a bug), a write only from a mutation that reports no errors, and the read models
    brought up to date with every write (a failure there is only logged: the write itself stands)."""
    before = fuzzed.log_position()
    body = json.dumps({"query": document, "variables": variables})  # NaN and Infinity too: Python reads them
    response = fuzzed.api.request("POST", "/graphql", content=body, headers={"Content-Type": "application/json"})
    assert response.headers["content-type"].startswith("application/json"), response.text
    answer = response.json()
    assert answer.get("data") is not None or answer.get("errors"), answer
    for error in answer.get("errors") or ():
        assert error.get("extensions", {}).get("code") != "UNEXPECTED_ERROR", (document, variables, error)
    if fuzzed.log_position() != before:
        payloads = list((answer.get("data") or {}).values())
        assert document.lstrip().startswith("mutation"), ("a query wrote", document)
        assert payloads and all(p is not None and p["errors"] == [] for p in payloads), ("a refusal wrote", answer)
    assert fuzzed.services.view.position() == fuzzed.log_position(), ("read models behind", document, variables)


# Clients send inputs as variables (JSON): GraphQL coerces them, not the parser, and they can be any JSON at all.
VARIABLE_EXAMPLES = 10


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON, NaN and numbers too large for GraphQL's Int included."""
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=20))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=6)


def variables_for(type_: Any, known: list[str]) -> st.SearchStrategy[Any]:
    """Values of the input type ``type_`` as JSON, mostly well typed (so that the resolvers run), sometimes any JSON
    (so that GraphQL's coercion is tried), null where the type allows it."""
    nullable = not isinstance(type_, graphql.GraphQLNonNull)
    named = type_.of_type if not nullable else type_
    if isinstance(named, graphql.GraphQLList):
        good: st.SearchStrategy[Any] = st.lists(variables_for(named.of_type, known), max_size=3)
    elif isinstance(named, graphql.GraphQLInputObjectType):
        fields = {name: variables_for(field.type, known) for name, field in named.fields.items()}
        required = {n: fields[n] for n, f in named.fields.items() if isinstance(f.type, graphql.GraphQLNonNull)}
        good = st.fixed_dictionaries(required, optional={n: f for n, f in fields.items() if n not in required})
    elif isinstance(named, graphql.GraphQLEnumType):
        good = st.sampled_from(list(named.values))
    else:
        good = {
            "ID": identifiers(known), "String": texts(), "DateTime": moments(), "Int": numbers(),
            "Boolean": st.booleans(), "Float": st.floats(-50, 120), "Date": days(),
        }[named.name]
    value = mostly(good, json_values())
    return st.one_of(st.none(), value) if nullable else value


def payload_selection(payload: Any) -> str:
    """``errors``, and the case as it now stands where the payload has it: its status and obligations are worked
    out afresh after a write."""
    case = " case { id status obligations { id status } findings { ruleId } }" if "case" in payload.fields else ""
    return f"{{ {ERRORS}{case} }}"


MUTATIONS = [name for root, name in OPERATIONS if root == "Mutation"]


@pytest.mark.parametrize("field", MUTATIONS)
def test_the_api_survives_generated_variables(fuzzed: Fuzzed, field: str) -> None:
    mutation = SCHEMA.mutation_type.fields[field]  # type: ignore[union-attr]
    input_type = mutation.args["input"].type
    document = (f"mutation($input: {input_type}) {{ {field}(input: $input) "
                f"{payload_selection(graphql.get_named_type(mutation.type))} }}")

    @settings(max_examples=VARIABLE_EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(given=variables_for(input_type, fuzzed.ids))
    def call(given: Any) -> None:
        check_call(fuzzed, document, {"input": given})

    call()


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda mode: mode.value)
@pytest.mark.parametrize(("root", "field"), OPERATIONS, ids=[f"{r}.{f}" for r, f in OPERATIONS])
def test_the_api_survives_generated_requests(
    fuzzed: Fuzzed, scalars: None, api_schema: Any, root: str, field: str, mode: GenerationMode
) -> None:
    @settings(max_examples=EXAMPLES[mode], derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=api_schema[root][field].as_strategy(generation_mode=mode, feedback=NO_FEEDBACK))
    def call(case: Any) -> None:
        check_call(fuzzed, with_errors_selected(case.body))

    call()


# ------------------------------------------------------------------------------------------ domain commands

NURSE = v.Actor("n-1", "Alex Nurse", "CARE_STAFF")
# The moments and dates the API lets through (``rpledger.graphql.scalars``): the domain is only reached past that
# boundary, and does not check them itself (near the years 1 and 9999 the rules' arithmetic overflows).
EARLIEST, LATEST = datetime(1900, 1, 2), datetime(2999, 12, 30)


@dataclass
class Seeded:
    """A store with a case of most kinds of entry, and blanket restrictions, for the commands to name."""

    services: Services
    case_id: UUID
    restriction_ids: list[UUID]  # several: once one is lifted, nothing more can be recorded on it
    ids: list[UUID]

    def log_position(self) -> int:
        return int(self.services.cases.recorder.max_notification_id() or 0)

    def version(self, stream: UUID) -> int | None:
        try:
            return int(self.services.cases.repository.get(stream).version)
        except AggregateNotFoundError:
            return None


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    database = Database.from_url(f"sqlite:///{tmp_path_factory.mktemp('domain')}/rpledger.db")
    services = build_services(Settings(database=database, authentication=TEST_AUTH), clock=Clock(datetime.now(UTC)))
    try:
        yield seed_domain(services)
    finally:
        services.close()


def seed_domain(services: Services) -> Seeded:
    """A case with uses (the ids commands name most often come first), authorisations, a debrief, a care-plan
    revision, a stay, a DoLS request and its obligations; and three blanket restrictions."""
    cases, at, hour = services.cases, datetime(2025, 3, 3, 9, tzinfo=UTC), timedelta(hours=1)
    case_id = cases.open_case("P-DOMAIN", v.Setting.MENTAL_HEALTH_INPATIENT, "WARD-A", NURSE, opened_at=at)
    uses = [
        cases.record_use(case_id, [v.Segment(practice, at + n * hour, end)], v.UseDetails(), NURSE)
        for n, (practice, end) in enumerate([
            (v.PracticeCode.PHYS_PRONE, at + timedelta(minutes=5)),
            (v.PracticeCode.ISO_SECLUSION, None),
            (v.PracticeCode.CHEM_INJ_RT, at + 2 * hour),
        ])
    ]
    ids = [
        *uses,
        cases.grant_authorisation(case_id, v.AuthorisationBasis.MHA_DETENTION, list(v.PracticeCode), at,
                                  at + timedelta(days=300), "Dr R Khan", NURSE),
        cases.grant_authorisation(case_id, v.AuthorisationBasis.DOLS_URGENT, [v.PracticeCode.DOL], at,
                                  at + timedelta(days=7), "Northshire CC", NURSE),
        cases.record_debrief(case_id, uses[:1], v.DebriefKind.WITH_PERSON, at + 5 * hour, NURSE),
        cases.revise_care_plan(case_id, at + 24 * hour, uses[:1], "Revised", NURSE)[0],
        cases.admit(case_id, "Oak", True, at, NURSE),
        cases.request_standard_authorisation(case_id, at + 24 * hour, "Northshire CC", NURSE),
        case_id,
        *(o.id for o in cases.compliance(case_id).obligations),
    ]
    restriction_ids = [
        services.blanket_restrictions.introduce(
            "elm-house", v.Setting.ADULT_SOCIAL_CARE, "all residents", description, v.BlanketRestrictionCategory.OTHER,
            NURSE, introduced_at=at,
        )
        for description in ("No hot drinks after 21:00", "Garden locked at night", "No phones at meals")
    ]
    return Seeded(services, case_id, restriction_ids, [*ids, *restriction_ids])


def domain_moments() -> st.SearchStrategy[datetime]:
    offsets = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=12))])
    near = st.datetimes(min_value=datetime(2025, 3, 3), max_value=datetime(2025, 12, 31), timezones=offsets)
    return mostly(near, st.datetimes(min_value=EARLIEST, max_value=LATEST, timezones=offsets))


def domain_texts(limit: int = 10_000) -> st.SearchStrategy[str]:
    return mostly(
        st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=30),
        st.one_of(st.text(max_size=30), st.sampled_from(["", " \t ", "a\x00b", "x" * (limit + 1)])),
    )


class Draws:
    """The arguments of a command, drawn as it is built: mostly ones that pass the domain's checks, so that
    commands succeed and the case grows, and often ones that do not."""

    def __init__(self, draw: st.DrawFn, seeded: Seeded) -> None:
        self.draw, self.seeded = draw, seeded
        self.case = draw(mostly(st.just(seeded.case_id), st.uuids()))
        self.restriction = draw(mostly(st.sampled_from(seeded.restriction_ids), st.uuids()))

    def maybe(self, value: Callable[[], Any]) -> Any:
        return value() if self.draw(st.booleans()) else None

    def moment(self) -> datetime:
        return self.draw(domain_moments())

    def day(self) -> date:
        return self.draw(st.dates(min_value=EARLIEST.date(), max_value=LATEST.date()))

    def text(self) -> str:
        return self.draw(domain_texts())

    def count(self, most: int) -> int:
        return int(self.draw(mostly(st.integers(1, most), st.just(0))))

    def texts(self) -> list[str]:
        return [self.text() for _ in range(self.count(2))]

    def entry(self) -> UUID:
        return self.draw(mostly(st.sampled_from(self.seeded.ids), st.uuids()))

    def entries(self) -> list[UUID]:
        return [self.entry() for _ in range(self.count(2))]

    def one(self, choices: Any) -> Any:
        return self.draw(st.sampled_from(list(choices)))

    def segments(self) -> list[v.Segment]:
        return [v.Segment(self.one(v.PracticeCode), self.moment(), self.maybe(self.moment))
                for _ in range(self.count(3))]

    def details(self) -> v.UseDetails:
        return v.UseDetails(
            reason=self.maybe(lambda: self.one(v.ReasonCode)), reason_detail=self.maybe(self.text),
            place=self.maybe(self.text), staff=tuple(v.StaffMember(t, self.maybe(self.text)) for t in self.texts()),
            decided_by=self.maybe(lambda: v.Decision(self.text(), self.one(v.StaffRole), self.maybe(self.moment))),
            prone_reason=self.maybe(self.text),
        )

    def vitals(self) -> v.VitalSigns:
        return v.VitalSigns(
            pulse=self.maybe(lambda: self.draw(st.integers(-10, 400))),
            temperature=self.maybe(lambda: self.draw(st.floats())), blood_pressure=self.maybe(self.text),
        )

    def correction(self) -> v.Correction:
        kind = self.draw(st.integers(0, 4))
        if kind == 0:
            return v.UseCorrection(segments=self.maybe(lambda: tuple(self.segments())), place=self.maybe(self.text))
        if kind == 1:
            return v.AuthorisationCorrection(valid_from=self.maybe(self.moment), valid_until=self.maybe(self.moment),
                                             granted_by=self.maybe(self.text))
        if kind == 2:
            return v.DebriefCorrection(use_ids=self.maybe(lambda: tuple(self.entries())),
                                       held_at=self.maybe(self.moment))
        if kind == 3:
            return v.CarePlanRevisionCorrection(revised_at=self.maybe(self.moment), summary=self.maybe(self.text))
        return v.PersonCorrection(name=self.maybe(self.text), date_of_birth=self.maybe(self.day))


Command = tuple[str, Callable[[], Any]]


def case_commands(d: Draws) -> dict[str, Callable[[], Callable[[], Any]]]:
    """Each command of ``Cases``, as a function that draws its arguments and returns it ready to run."""
    cases, case = d.seeded.services.cases, d.case
    return {
        "open_case": lambda: partial(cases.open_case, d.text(), d.one(v.Setting), d.text(), NURSE,
                                     opened_at=d.maybe(d.moment), date_of_birth=d.maybe(d.day)),
        "grant_authorisation": lambda: partial(
            cases.grant_authorisation, case, d.one(v.AuthorisationBasis), [d.one(v.PracticeCode) for _ in d.texts()],
            d.moment(), d.moment(), d.text(), NURSE, granted_at=d.maybe(d.moment), conditions=d.maybe(d.text)),
        "end_authorisation": lambda: partial(cases.end_authorisation, case, d.entry(), d.moment(), d.maybe(d.text),
                                             NURSE),
        "record_use": lambda: partial(cases.record_use, case, d.segments(), d.details(), NURSE),
        "end_use": lambda: partial(cases.end_use, case, d.entry(), d.moment(), NURSE),
        "record_debrief": lambda: partial(cases.record_debrief, case, d.entries(), d.one(v.DebriefKind), d.moment(),
                                          NURSE, declined_reason=d.maybe(d.text)),
        "revise_care_plan": lambda: partial(
            cases.revise_care_plan, case, d.moment(), d.entries(), d.text(), NURSE,
            version=d.maybe(lambda: d.draw(st.integers(-2, 5))), changes=d.texts()),
        "correct_entry": lambda: partial(cases.correct_entry, case, d.entry(), d.correction(), d.text(), NURSE,
                                         corrected_at=d.maybe(d.moment)),
        "retract_entry": lambda: partial(cases.retract_entry, case, d.entry(), d.text(), NURSE,
                                         retracted_at=d.maybe(d.moment)),
        "record_review": lambda: partial(cases.record_review, case, v.Review(
            d.entry(), d.entry(), d.one(v.ReviewKind), d.moment(),
            tuple(v.Reviewer(name, d.one(v.StaffRole)) for name in d.texts()), outcome=d.maybe(d.text)), NURSE),
        "record_observation": lambda: partial(cases.record_observation, case, v.Observation(
            d.entry(), d.entry(), d.moment(), d.text(), d.maybe(d.vitals), no_further_concerns=d.draw(st.booleans()),
            note=d.maybe(d.text)), NURSE),
        "extend_authorisation": lambda: partial(cases.extend_authorisation, case, d.entry(), d.moment(), d.text(),
                                                NURSE, extended_at=d.maybe(d.moment)),
        "request_standard_authorisation": lambda: partial(cases.request_standard_authorisation, case, d.moment(),
                                                          d.text(), NURSE),
        "decide_dols_request": lambda: partial(cases.decide_dols_request, case, d.entry(), d.one(v.DolsRequestOutcome),
                                               d.moment(), NURSE),
        "admit": lambda: partial(cases.admit, case, d.text(), d.draw(st.booleans()), d.moment(), NURSE),
        "discharge": lambda: partial(cases.discharge, case, d.entry(), d.moment(), NURSE),
        "send_notification": lambda: partial(cases.send_notification, case, d.one(v.NotificationKind), d.moment(),
                                             NURSE, reference=d.maybe(d.text)),
        "justify_departure": lambda: partial(cases.justify_departure, case, d.entry(), d.text(), NURSE,
                                             justified_at=d.maybe(d.moment)),
    }


def restriction_commands(d: Draws) -> dict[str, Callable[[], Callable[[], Any]]]:
    """Each command of ``BlanketRestrictions``, likewise."""
    restrictions, restriction = d.seeded.services.blanket_restrictions, d.restriction
    return {
        "introduce": lambda: partial(restrictions.introduce, d.text(), d.one(v.Setting), d.text(), d.text(),
                                     d.one(v.BlanketRestrictionCategory), NURSE, introduced_at=d.maybe(d.moment)),
        "justify": lambda: partial(restrictions.justify, restriction, d.text(), d.text(), NURSE,
                                   justified_at=d.maybe(d.moment), communicated_how=d.maybe(d.text)),
        "review": lambda: partial(restrictions.review, restriction, d.text(), d.text(), d.draw(st.booleans()), NURSE,
                                  reviewed_at=d.maybe(d.moment)),
        "grant_exemption": lambda: partial(restrictions.grant_exemption, restriction, d.text(), d.text(), NURSE,
                                           granted_at=d.maybe(d.moment)),
        "lift": lambda: partial(restrictions.lift, restriction, d.text(), NURSE, lifted_at=d.maybe(d.moment)),
    }


@st.composite
def domain_commands(draw: st.DrawFn, seeded: Seeded) -> Command:
    """One command of ``Cases`` or ``BlanketRestrictions``, with generated arguments, ready to run."""
    draws = Draws(draw, seeded)
    choices = {**case_commands(draws), **restriction_commands(draws)}
    name = draw(st.sampled_from(sorted(choices)))
    return name, choices[name]()


def test_domain_commands_succeed_or_are_refused_without_a_write(seeded: Seeded) -> None:
    @settings(max_examples=DOMAIN_EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(command=domain_commands(seeded))
    def run(command: Command) -> None:
        name, act = command
        before = seeded.log_position()
        versions = {stream: seeded.version(stream) for stream in (seeded.case_id, *seeded.restriction_ids)}
        try:
            act()
        except v.DomainError:  # any other exception fails the test
            assert seeded.log_position() == before, f"{name} was refused but wrote"
            assert {s: seeded.version(s) for s in versions} == versions, f"{name} was refused but changed a stream"
        assert seeded.services.view.position() == seeded.log_position(), f"the read models fell behind after {name}"

    run()
