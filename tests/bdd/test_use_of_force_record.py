"""UOF-03: the record of each use of force holds every item of s6(5) (features/compliance/use_of_force_record.feature).

The steps that leave items out of a record, or correct it, belong to this feature only.
"""

from __future__ import annotations

from gherkin_terms import (
    NURSE_IN_CHARGE,
    TYPES,
    Ledger,
    findings_for,
    item_letters,
    moment,
    open_findings_for,
    record_without_efforts_or_job_titles,
    segments,
    table_rows,
)
from pytest_bdd import given, parsers, scenario, then, when

from rpledger.application.vocabulary import PersonCorrection, StaffMember, UseCorrection
from rpledger.bootstrap import Services

FEATURE = "compliance/use_of_force_record.feature"
CORRECTION_REASON = "Item of the use-of-force record (UoF Act s6(5)) left out when first recorded"


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


@scenario(FEATURE, "A complete record raises no finding")
def test_complete_record_raises_no_finding(database: object) -> None:
    pass


@scenario(FEATURE, "The record leaves out the efforts to avoid force and the staff's job titles")
def test_incomplete_record_is_a_finding(database: object) -> None:
    pass


@scenario(FEATURE, "The nurse in charge completes the record at 16:30, closing the finding from then on")
def test_correction_closes_the_finding_from_its_time(database: object) -> None:
    pass


@scenario(FEATURE, "A correction that supplies only the job titles leaves the efforts to avoid force missing")
def test_partial_correction_leaves_a_finding_for_the_rest(database: object) -> None:
    pass


@scenario(FEATURE, "An NHS number unknown at the time of the restraint is added the next morning")
def test_person_correction_closes_the_finding(database: object) -> None:
    pass


@given(
    step(
        "staff recorded incident {incident:Incident} for {name:Name}, the record naming {staff:Names} without job titles and giving no efforts made to avoid force:"
    )
)
@when(
    step(
        "staff record incident {incident:Incident} for {name:Name}, the record naming {staff:Names} without job titles and giving no efforts made to avoid force:"
    )
)
def incomplete_incident(
    services: Services, ledger: Ledger, incident: str, name: str, staff: tuple[str, ...], datatable: list[list[str]]
) -> None:
    details, case_id = record_without_efforts_or_job_titles(staff), ledger.cases[name]
    use_id = services.cases.record_use(case_id, segments(datatable), details, NURSE_IN_CHARGE)
    ledger.incidents[incident] = (case_id, use_id)


@when(step("the nurse in charge adds to the record of {incident:Incident} the job titles of the staff who used force:"))
def add_job_titles(services: Services, ledger: Ledger, incident: str, datatable: list[list[str]]) -> None:
    staff = tuple(StaffMember(row["name"], row["job title"]) for row in table_rows(datatable))
    case_id, use_id = ledger.incidents[incident]
    services.cases.correct_entry(case_id, use_id, UseCorrection(staff=staff), CORRECTION_REASON, NURSE_IN_CHARGE)


@when(
    step('the nurse in charge adds to the record of {incident:Incident} the efforts made to avoid force: "{efforts}"')
)
def add_efforts_to_avoid_force(services: Services, ledger: Ledger, incident: str, efforts: str) -> None:
    case_id, use_id = ledger.incidents[incident]
    correction = UseCorrection(de_escalation=efforts)
    services.cases.correct_entry(case_id, use_id, correction, CORRECTION_REASON, NURSE_IN_CHARGE)


@when(step('the ward administrator adds {name:Name}\'s NHS number "{nhs_number}" to his details'))
def add_nhs_number(services: Services, ledger: Ledger, name: str, nhs_number: str) -> None:
    case_id = ledger.cases[name]
    correction = PersonCorrection(nhs_number=nhs_number)
    services.cases.correct_entry(case_id, case_id, correction, "NHS number traced with the GP", NURSE_IN_CHARGE)


@then(step("the use-of-force record of {incident:Incident} is {missing:RecordState}"))
def record_state(services: Services, ledger: Ledger, incident: str, missing: tuple[str, ...]) -> None:
    found = open_findings_for(services, ledger, "UOF-03", incident)
    assert [item_letters(f.detail) for f in found] == ([missing] if missing else [])


@then(step("the findings about the use-of-force record of {incident:Incident} are:"))
def findings_history(services: Services, ledger: Ledger, incident: str, datatable: list[list[str]]) -> None:
    found = [(f.at, f.resolved_at, item_letters(f.detail)) for f in findings_for(services, ledger, "UOF-03", incident)]
    rows = table_rows(datatable)
    expected = [
        (moment(r["from"]), moment(r["until"]) if r["until"] else None, item_letters(r["missing"])) for r in rows
    ]
    assert found == expected
