"""Steps shared by the compliance features: the clock, people, authorisations, incidents and their records, care
plans, observations, aftercare and the read-model checks. Each makes one call on ``services.cases`` or reads
``services.view``; only Then steps assert.

Scenario functions name the parametrised ``database`` fixture, so every scenario runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from gherkin_terms import (
    COMPLETE_RECORD,
    FULL_SET,
    IN_CARE_PLAN,
    NURSE_IN_CHARGE,
    OBSERVER,
    PULSE_AND_BREATHING,
    TYPES,
    Ledger,
    findings_for,
    moment,
    obligations_for,
    open_findings_for,
    person_details,
    record_leaving_out,
    segments,
    table_rows,
)
from pytest_bdd import given, parsers, then, when

from rpledger.application.vocabulary import (
    AuthorisationBasis,
    ComplianceStatus,
    DebriefKind,
    MonitoringRisk,
    ObligationStatus,
    Observation,
    PersonDetails,
    PracticeCode,
    Setting,
    UseCorrection,
    UseDetails,
    VitalSigns,
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
    _record(services, ledger, incident, name, datatable, COMPLETE_RECORD)


@given(step("staff recorded incident {incident:Incident} for {name:Name}, the record leaving out {omitted:Omissions}:"))
@when(step("staff record incident {incident:Incident} for {name:Name}, the record leaving out {omitted:Omissions}:"))
def record_incident_leaving_out(
    services: Services,
    ledger: Ledger,
    incident: str,
    name: str,
    omitted: tuple[str, ...],
    datatable: list[list[str]],
) -> None:
    _record(services, ledger, incident, name, datatable, record_leaving_out(omitted))


@given(
    step(
        "staff recorded incident {incident:Incident} for {name:Name}, the record saying the force used was part of the care plan:"
    )
)
@when(
    step(
        "staff record incident {incident:Incident} for {name:Name}, the record saying the force used was part of the care plan:"
    )
)
def record_incident_in_care_plan(
    services: Services, ledger: Ledger, incident: str, name: str, datatable: list[list[str]]
) -> None:
    _record(services, ledger, incident, name, datatable, IN_CARE_PLAN)


def _record(
    services: Services, ledger: Ledger, incident: str, name: str, datatable: list[list[str]], details: UseDetails
) -> None:
    case_id = ledger.cases[name]
    use_id = services.cases.record_use(case_id, segments(datatable), details, NURSE_IN_CHARGE)
    ledger.incidents[incident] = (case_id, use_id)


@when(step('{who} adds to the record of {incident:Incident} {field:RecordItem}: "{text}"'))
def add_to_record(services: Services, ledger: Ledger, who: str, incident: str, field: str, text: str) -> None:
    case_id, use_id = ledger.incidents[incident]
    correction = UseCorrection(**{field: text})
    services.cases.correct_entry(case_id, use_id, correction, f"Left out when first recorded ({who})", NURSE_IN_CHARGE)


@when(
    step("the nurse in charge corrects the record of {incident:Incident}: the force used was not part of the care plan")
)
def correct_care_plan_flag(services: Services, ledger: Ledger, incident: str) -> None:
    case_id, use_id = ledger.incidents[incident]
    correction = UseCorrection(in_care_plan=False)
    services.cases.correct_entry(case_id, use_id, correction, "The care plan does not include it", NURSE_IN_CHARGE)


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


@given(step("the staff involved in {incident:Incident} were debriefed at {held:Moment}"))
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


@given(step("{name:Name}'s care plan version {version:d}, written at {written:Moment}, permits {practices:Practices}"))
def care_plan_permitting(
    services: Services, ledger: Ledger, name: str, version: int, written: datetime, practices: tuple[PracticeCode, ...]
) -> None:
    _care_plan(services, ledger.cases[name], version, written, practices)


@given(
    step(
        "{name:Name}'s care plan version {version:d}, written at {written:Moment}, does not say which restrictive "
        "interventions it permits"
    )
)
def care_plan_silent(services: Services, ledger: Ledger, name: str, version: int, written: datetime) -> None:
    _care_plan(services, ledger.cases[name], version, written, None)


def _care_plan(
    services: Services, case_id: UUID, version: int, written: datetime, permits: tuple[PracticeCode, ...] | None
) -> None:
    """A care-plan version written before the incidents of the scenario, naming none of them."""
    summary = "Positive behaviour support plan"
    services.cases.revise_care_plan(
        case_id, written, [], summary, NURSE_IN_CHARGE, version=version, permitted_practices=permits
    )


# -------------------------------------------------------------------------------------------- observations


def _observe(
    services: Services,
    ledger: Ledger,
    incident: str,
    at: datetime,
    vitals: VitalSigns | None,
    risks: tuple[MonitoringRisk, ...] | None = None,
    no_further_concerns: bool = False,
) -> None:
    case_id, use_id = ledger.incidents[incident]
    observation = Observation(uuid4(), use_id, at, OBSERVER, vitals, risks, no_further_concerns)
    services.cases.record_observation(case_id, observation, NURSE_IN_CHARGE)


@given(step("staff checked {name:Name}'s pulse and breathing at {at:Moment} after {incident:Incident}"))
@when(step("staff check {name:Name}'s pulse and breathing at {at:Moment} after {incident:Incident}"))
@when(step("staff check {name:Name}'s pulse and breathing at {at:Moment}, during {incident:Incident}"))
def pulse_and_breathing(services: Services, ledger: Ledger, at: datetime, incident: str) -> None:
    _observe(services, ledger, incident, at, PULSE_AND_BREATHING)


@given(step("staff took a full set of observations of {name:Name} at {at:Moment} after {incident:Incident}"))
@when(step("staff take a full set of observations of {name:Name} at {at:Moment} after {incident:Incident}"))
def full_set(services: Services, ledger: Ledger, at: datetime, incident: str) -> None:
    _observe(services, ledger, incident, at, FULL_SET)


@when(
    step(
        "staff take a full set of observations of {name:Name} at {at:Moment} after {incident:Incident}, noting that "
        "{subject:Name} {risks:Risk}"
    )
)
def full_set_noting(
    services: Services, ledger: Ledger, at: datetime, incident: str, risks: tuple[MonitoringRisk, ...]
) -> None:
    _observe(services, ledger, incident, at, FULL_SET, risks)


@given(
    step(
        "at {at:Moment} staff noted after {incident:Incident} that {name:Name} {risks:Risk}, without taking observations"
    )
)
@when(
    step(
        "at {at:Moment} staff note after {incident:Incident} that {name:Name} {risks:Risk}, without taking observations"
    )
)
def note_without_observations(
    services: Services, ledger: Ledger, at: datetime, incident: str, risks: tuple[MonitoringRisk, ...]
) -> None:
    _observe(services, ledger, incident, at, None, risks)


@when(
    step(
        "the doctor records at {at:Moment} that there are no further concerns about {name:Name} after "
        "{incident:Incident}, with a full set of observations"
    )
)
def no_further_concerns_with_set(services: Services, ledger: Ledger, at: datetime, incident: str) -> None:
    _observe(services, ledger, incident, at, FULL_SET, no_further_concerns=True)


@when(
    step(
        "the doctor records at {at:Moment} that there are no further concerns about {name:Name} after "
        "{incident:Incident}, without taking observations"
    )
)
def no_further_concerns_without_set(services: Services, ledger: Ledger, at: datetime, incident: str) -> None:
    _observe(services, ledger, incident, at, None, no_further_concerns=True)


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


@then(step("the {duty:Duty} {incident:Incident} is {status:Status}"))
def obligation_status_only(
    services: Services, ledger: Ledger, duty: str, incident: str, status: ObligationStatus
) -> None:
    [obligation] = obligations_for(services, ledger, duty, incident)
    assert obligation.status(services.clock()) is status


@then(step("the {duty:Duty} {incident:Incident} was met at {met:Moment}"))
def obligation_met_at(services: Services, ledger: Ledger, duty: str, incident: str, met: datetime) -> None:
    [obligation] = obligations_for(services, ledger, duty, incident)
    assert obligation.met_at == met


@then(step("the findings under {rule_id} about {incident:Incident} are:"))
def findings_under(services: Services, ledger: Ledger, rule_id: str, incident: str, datatable: list[list[str]]) -> None:
    """Every finding of the rule about the incident, open or closed: rows of from, until (empty: still open) and
    the finding's words."""
    found = [(f.at, f.resolved_at, f.detail) for f in findings_for(services, ledger, rule_id, incident)]
    expected = [
        (moment(r["from"]), moment(r["until"]) if r["until"] else None, r["finding"]) for r in table_rows(datatable)
    ]
    assert found == expected


@then(step("the findings open about {incident:Incident} are:"))
def open_findings(services: Services, ledger: Ledger, incident: str, datatable: list[list[str]]) -> None:
    """Every finding about the incident open now, under any rule, in the order they arose."""
    case_id, use_id, now = *ledger.incidents[incident], services.clock()
    found = [
        (f.rule.id, f.at, f.detail) for f in services.view.findings(case_id) if f.subject == use_id and f.open_at(now)
    ]
    expected = [(r["rule"], moment(r["from"]), r["finding"]) for r in table_rows(datatable)]
    assert sorted(found, key=lambda f: (f[1], f[0])) == expected


@then(step("the observations after {incident:Incident} are:"))
def observation_sets(services: Services, ledger: Ledger, incident: str, datatable: list[list[str]]) -> None:
    """Each set of observations due after rapid tranquillisation (RT-01 hourly, RT-02 every 15 minutes), in order,
    with its status now and when a set met it."""
    now = services.clock()
    due = sorted(
        obligations_for(services, ledger, "RT-01", incident) + obligations_for(services, ledger, "RT-02", incident),
        key=lambda o: o.opened_at,
    )
    found = [(o.rule.id, o.due_at, o.status(now).value, o.met_at) for o in due]
    expected = [
        (r["under"], moment(r["due by"]), r["status"], moment(r["met at"]) if r["met at"] else None)
        for r in table_rows(datatable)
    ]
    assert found == expected
