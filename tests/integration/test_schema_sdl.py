"""The committed SDL matches the schema the code builds, and the schema holds every name of the API contract."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLNonNull, GraphQLObjectType, GraphQLSchema
from graphql import build_schema as parse_sdl

from rpledger.graphql.schema import schema_sdl

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "rpledger" / "graphql" / "schema.graphql"
REGENERATE = "python -m rpledger.cli export-schema --output rpledger/graphql/schema.graphql"


def test_committed_sdl_matches_the_schema() -> None:
    committed, current = COMMITTED.read_text(encoding="utf8"), schema_sdl()
    diff = "".join(difflib.unified_diff(
        committed.splitlines(keepends=True), current.splitlines(keepends=True), "committed", "schema_sdl()", n=1
    ))
    assert committed == current, f"{COMMITTED.relative_to(ROOT)} is out of date; regenerate it with\n  {REGENERATE}\n" \
        f"(from the repository root) and commit it. Differences:\n{diff[:4000]}"


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return parse_sdl(schema_sdl())


def object_type(schema: GraphQLSchema, name: str) -> GraphQLObjectType:
    found = schema.get_type(name)
    assert isinstance(found, GraphQLObjectType), f"{name} is not an object type of the schema"
    return found


CONTRACT_FIELDS = {
    "Case": "id personRef setting locationId status obligations findings uses history",
    "Obligation": "id ruleId description source confidence triggeredBy dueAt metAt status timeToReviewSeconds",
    "Finding": "ruleId description source confidence subject at",
    "UserError": "field code message",
    "CaseConnection": "edges pageInfo totalCount",
    "PageInfo": "hasNextPage endCursor",
}


@pytest.mark.parametrize("type_name", CONTRACT_FIELDS)
def test_contract_types_have_their_fields(schema: GraphQLSchema, type_name: str) -> None:
    missing = set(CONTRACT_FIELDS[type_name].split()) - set(object_type(schema, type_name).fields)
    assert not missing, f"{type_name} lacks {sorted(missing)}"


def test_case_query_takes_an_id(schema: GraphQLSchema) -> None:
    case = schema.query_type.fields["case"]  # type: ignore[union-attr]
    assert set(case.args) == {"id"} and str(case.type) == "Case"


def test_cases_query_takes_status_location_moment_and_page(schema: GraphQLSchema) -> None:
    cases = schema.query_type.fields["cases"]  # type: ignore[union-attr]
    assert {"status", "locationId", "asOf", "first", "after"} <= set(cases.args)
    assert str(cases.args["status"].type) == "ComplianceStatus" and str(cases.args["asOf"].type) == "DateTime"


@pytest.mark.parametrize(("type_name", "field"), [("Case", "status"), ("Case", "obligations"), ("Case", "findings"),
                                                  ("Obligation", "status"), ("Obligation", "timeToReviewSeconds")])
def test_moment_dependent_fields_take_as_of(schema: GraphQLSchema, type_name: str, field: str) -> None:
    assert str(object_type(schema, type_name).fields[field].args["asOf"].type) == "DateTime"


MUTATIONS = ["openCase", "grantAuthorisation", "endAuthorisation", "recordUse", "endUse", "recordDebrief",
             "reviseCarePlan", "correctEntry"]


@pytest.mark.parametrize("name", MUTATIONS)
def test_mutation_takes_its_input_and_returns_a_payload_with_user_errors(schema: GraphQLSchema, name: str) -> None:
    mutation = schema.mutation_type.fields[name]  # type: ignore[union-attr]
    input_type = mutation.args["input"].type
    assert isinstance(input_type, GraphQLNonNull) and isinstance(input_type.of_type, GraphQLInputObjectType)
    assert input_type.of_type.name == name[0].upper() + name[1:] + "Input"
    payload = object_type(schema, name[0].upper() + name[1:] + "Payload")
    assert str(payload.fields["errors"].type) == "[UserError!]!"


CONTRACT_ENUMS = {
    "Setting": "MENTAL_HEALTH_INPATIENT LEARNING_DISABILITY_AUTISM_INPATIENT ADULT_SOCIAL_CARE",
    "PracticeCode": "PHYS_PRONE PHYS_STANDING PHYS_ESCORT PHYS_SUPINE PHYS_SIDE PHYS_SEATED PHYS_KNEELING PHYS_OTHER "
    "MECH CHEM_INJ_RT CHEM_INJ_NONRT CHEM_ORAL CHEM_OTHER ISO_SECLUSION ISO_SEGREGATION OBS_ENHANCED BLANKET "
    "ENV_RESTRICT ACCESS_RESTRICT COVERT_MED DOL",
    "ReasonCode": "PREVENT_VIOLENCE_TO_OTHERS PREVENT_SELF_HARM PREVENT_ACCIDENTAL_INJURY ADMINISTER_TREATMENT "
    "FACILITATE_PERSONAL_CARE FACILITATE_NASOGASTRIC_FEEDING PREVENT_PROLONGED_OVERACTIVITY "
    "PREVENT_DANGEROUS_BEHAVIOUR SEARCH_FOR_SAFETY PREVENT_ABSCONDING OTHER NOT_KNOWN",
    "AuthorisationBasis": "MHA_DETENTION DOLS_URGENT DOLS_STANDARD COURT_OF_PROTECTION MCA_BEST_INTERESTS CARE_PLAN",
    "ComplianceStatus": "COMPLIANT ATTENTION NON_COMPLIANT",
    "ObligationStatus": "PENDING DUE_SOON OVERDUE MET MET_LATE",
}


@pytest.mark.parametrize("enum_name", CONTRACT_ENUMS)
def test_contract_enums_have_their_values(schema: GraphQLSchema, enum_name: str) -> None:
    enum = schema.get_type(enum_name)
    assert isinstance(enum, GraphQLEnumType), f"{enum_name} is not an enum of the schema"
    missing = set(CONTRACT_ENUMS[enum_name].split()) - set(enum.values)
    assert not missing, f"{enum_name} lacks {sorted(missing)}"
