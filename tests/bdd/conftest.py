"""Steps shared by the compliance features: the clock, people, authorisations, incidents, aftercare and the
read-model checks. Each makes one call on ``services.cases`` or reads ``services.view``; only Then steps assert.

Scenario functions name the parametrised ``database`` fixture, so every scenario runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import pytest
from gherkin_terms import (
    COMPLETE_RECORD,
    NURSE_IN_CHARGE,
    TYPES,
    Ledger,
    obligations_for,
    open_findings_for,
    person_details,
    segments,
)
from pytest_bdd import given, parsers, then, when

from rpledger.application.vocabulary import (
    AuthorisationBasis,
    ComplianceStatus,
    DebriefKind,
    ObligationStatus,
    PersonDetails,
    PracticeCode,
    Setting,
    compliance_status,
)
from rpledger.bootstrap import Services


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


@pytest.fixture
def ledger() -> Ledger:
    return Ledger()


# ----------------------------------------------------------------------------------------------------- time


@given(step("it is {now:Moment}"))
@when(step("it is {now:Moment}"))
def it_is(clock: Any, now: datetime) -> None:
    clock.set(now)


# --------------------------------------------------------------------------------------------------- people


@given(step("{full_name} is a patient on {ward}, a mental health inpatient unit, recorded with:"))
def patient(services: Services, ledger: Ledger, full_name: str, ward: str, datatable: list[list[str]]) -> None:
    details = person_details(full_name, datatable)
    ledger.cases[full_name.split()[0]] = services.cases.open_case(
        full_name, Setting.MENTAL_HEALTH_INPATIENT, ward, NURSE_IN_CHARGE, person=details
    )


@given(step("{full_name} is a resident of {home}, an adult social care service"))
def resident(services: Services, ledger: Ledger, full_name: str, home: str) -> None:
    ledger.cases[full_name.split()[0]] = services.cases.open_case(
        full_name, Setting.ADULT_SOCIAL_CARE, home, NURSE_IN_CHARGE, person=PersonDetails(name=full_name)
    )


# ------------------------------------------------------------------------------------------- authorisations


@given(
    step(
        "{name:Name}'s {basis:Basis}, granted by {granter}, covers {practices:Practices} from {start:Moment} until {end:Moment}"
    )
)
def authorisation(
    services: Services,
    ledger: Ledger,
    name: str,
    basis: AuthorisationBasis,
    granter: str,
    practices: tuple[PracticeCode, ...],
    start: datetime,
    end: datetime,
) -> None:
    services.cases.grant_authorisation(ledger.cases[name], basis, practices, start, end, granter, NURSE_IN_CHARGE)


@given(
    step(
        "at {granted:Moment} {granter} grants {name:Name} {basis:Basis} covering {practices:Practices} from {start:Moment} until {end:Moment}"
    )
)
def authorisation_granted_later(
    services: Services,
    ledger: Ledger,
    granted: datetime,
    granter: str,
    name: str,
    basis: AuthorisationBasis,
    practices: tuple[PracticeCode, ...],
    start: datetime,
    end: datetime,
) -> None:
    case, by = ledger.cases[name], NURSE_IN_CHARGE
    services.cases.grant_authorisation(case, basis, practices, start, end, granter, by, granted_at=granted)


# ------------------------------------------------------------------------------------------------ incidents


@given(step("staff recorded incident {incident:Incident} for {name:Name}, with a complete use-of-force record:"))
@when(step("staff record incident {incident:Incident} for {name:Name}, with a complete use-of-force record:"))
@given(step("staff recorded incident {incident:Incident} for {name:Name}:"))
@when(step("staff record incident {incident:Incident} for {name:Name}:"))
def record_incident(services: Services, ledger: Ledger, incident: str, name: str, datatable: list[list[str]]) -> None:
    case_id = ledger.cases[name]
    use_id = services.cases.record_use(case_id, segments(datatable), COMPLETE_RECORD, NURSE_IN_CHARGE)
    ledger.incidents[incident] = (case_id, use_id)


@given(step("incident {incident:Incident} ended at {ended:Moment}"))
@when(step("incident {incident:Incident} ends at {ended:Moment}"))
def incident_ends(services: Services, ledger: Ledger, incident: str, ended: datetime) -> None:
    services.cases.end_use(ledger.case_of(incident), ledger.use_of(incident), ended, NURSE_IN_CHARGE)


# ----------------------------------------------------------------------------------------------- aftercare


def _debrief(
    services: Services, ledger: Ledger, incident: str, kind: DebriefKind, at: datetime, reason: str | None = None
) -> UUID:
    case_id, use_id = ledger.incidents[incident]
    return services.cases.record_debrief(case_id, [use_id], kind, at, NURSE_IN_CHARGE, declined_reason=reason)


@given(step("a debrief with {name:Name} after {incident:Incident} was held at {held:Moment}"))
@when(step("a debrief with {name:Name} after {incident:Incident} is held at {held:Moment}"))
def debrief_with_person(services: Services, ledger: Ledger, incident: str, held: datetime) -> None:
    _debrief(services, ledger, incident, DebriefKind.WITH_PERSON, held)


@when(step('{name:Name} declines the debrief offered at {offered:Moment} after {incident:Incident}, saying "{reason}"'))
def debrief_declined(services: Services, ledger: Ledger, incident: str, offered: datetime, reason: str) -> None:
    _debrief(services, ledger, incident, DebriefKind.WITH_PERSON, offered, reason)


@when(step("the staff involved in {incident:Incident} are debriefed at {held:Moment}"))
def debrief_with_staff(services: Services, ledger: Ledger, incident: str, held: datetime) -> None:
    _debrief(services, ledger, incident, DebriefKind.WITH_STAFF, held)


@given(step("the formal post-incident review of {incident:Incident} was held at {held:Moment}"))
@when(step("the formal post-incident review of {incident:Incident} is held at {held:Moment}"))
def post_incident_review(services: Services, ledger: Ledger, incident: str, held: datetime) -> None:
    _debrief(services, ledger, incident, DebriefKind.POST_INCIDENT_REVIEW, held)


@when(
    step(
        'the formal post-incident review of {incident:Incident} set for {planned:Moment} is not held, because "{reason}"'
    )
)
def post_incident_review_not_held(
    services: Services, ledger: Ledger, incident: str, planned: datetime, reason: str
) -> None:
    _debrief(services, ledger, incident, DebriefKind.POST_INCIDENT_REVIEW, planned, reason)


@when(step('{name:Name}\'s care plan is revised at {revised:Moment} after {incident:Incident}: "{summary}"'))
def care_plan_revised(services: Services, ledger: Ledger, incident: str, revised: datetime, summary: str) -> None:
    case_id, use_id = ledger.incidents[incident]
    services.cases.revise_care_plan(case_id, revised, [use_id], summary, NURSE_IN_CHARGE)


@when(step('{name:Name}\'s care plan is revised at {revised:Moment} without naming any incident: "{summary}"'))
def care_plan_revised_unprompted(
    services: Services, ledger: Ledger, name: str, revised: datetime, summary: str
) -> None:
    services.cases.revise_care_plan(ledger.cases[name], revised, [], summary, NURSE_IN_CHARGE)


# ------------------------------------------------------------------------------------------------- checks


@then(
    step(
        "the {duty:Duty} {name:Name} after {incident:Incident} is {status:Status} with time to review {seconds:Duration}"
    )
)
@then(step("the {duty:Duty} {incident:Incident} is {status:Status} with time to review {seconds:Duration}"))
def obligation_status(
    services: Services, ledger: Ledger, duty: str, incident: str, status: ObligationStatus, seconds: int
) -> None:
    [obligation] = obligations_for(services, ledger, duty, incident)
    now = services.clock()
    assert (obligation.status(now), obligation.time_to_review_seconds(now)) == (status, seconds)


@then(step("the {duty:Duty} {name:Name} after {incident:Incident} is due by {due:Moment}"))
@then(step("the {duty:Duty} {incident:Incident} is due by {due:Moment}"))
def obligation_due(services: Services, ledger: Ledger, duty: str, incident: str, due: datetime) -> None:
    [obligation] = obligations_for(services, ledger, duty, incident)
    assert obligation.due_at == due


@then(step("no {duty:Duty} {name:Name} after {incident:Incident} is due"))
@then(step("no {duty:Duty} {incident:Incident} is due"))
def no_obligation(services: Services, ledger: Ledger, duty: str, incident: str) -> None:
    assert obligations_for(services, ledger, duty, incident) == []


@then(step("{name:Name}'s case is {status:Compliance}"))
def case_status(services: Services, ledger: Ledger, name: str, status: ComplianceStatus) -> None:
    case_id, now, view = ledger.cases[name], services.clock(), services.view
    listed = view.cases(moment=now, status=status, location_id=None, first=50, after=None)
    assert compliance_status(view.obligations(case_id), view.findings(case_id), now) is status
    assert case_id in {summary.id for summary in listed.cases}


@then(step("{incident:Incident} is found not covered by any authorisation for {practice:Practice} from {start:Moment}"))
def uncovered(services: Services, ledger: Ledger, incident: str, practice: PracticeCode, start: datetime) -> None:
    [finding] = open_findings_for(services, ledger, "AUTH-01", incident)
    expected = f"not covered by a valid authorisation: {practice.value} from {start.isoformat()}"
    assert (finding.at, finding.detail) == (start, expected)


@then(step("no finding under {rule_id} is open about {incident:Incident}"))
def no_open_finding(services: Services, ledger: Ledger, rule_id: str, incident: str) -> None:
    assert open_findings_for(services, ledger, rule_id, incident) == []
