"""The words and steps of the seclusion and long-term segregation features (SEC-00..SEC-08, LTS-01..LTS-04).

The steps are defined here once and installed into each test module that runs these features
(``install_steps(globals())``): pytest-bdd finds a module's steps among its own fixtures. Every phrase a ward worker
or inspector reads in those features maps to one code, moment or status here.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import parse
from gherkin_terms import (
    COMPLETE_RECORD,
    NURSE_IN_CHARGE,
    TYPES,
    Ledger,
    findings_for,
    moment,
    segments,
    table_rows,
)
from pytest_bdd import given, parsers, then, when

from rpledger.application.vocabulary import Finding, Obligation, ObligationStatus, UseDetails
from rpledger.bootstrap import Services
from rpledger.domain.codes import ReviewKind, StaffRole
from rpledger.domain.rules.seclusion import daily_medical_reviews_id
from rpledger.domain.values import Decision, Observation, Review, Reviewer

REVIEW_KINDS: dict[str, ReviewKind] = {
    "nursing review": ReviewKind.NURSING,
    "medical review": ReviewKind.MEDICAL,
    "internal MDT review": ReviewKind.INTERNAL_MDT,
    "independent MDT review": ReviewKind.INDEPENDENT_MDT,
    "approved clinician's review": ReviewKind.APPROVED_CLINICIAN,
    "external review": ReviewKind.EXTERNAL,
}

ROLES: dict[str, StaffRole] = {
    "registered nurse": StaffRole.REGISTERED_NURSE,
    "healthcare assistant": StaffRole.NURSING_SUPPORT,
    "doctor": StaffRole.DOCTOR,
    "psychiatrist": StaffRole.PSYCHIATRIST,
    "approved clinician": StaffRole.APPROVED_CLINICIAN,
    "psychologist": StaffRole.OTHER_PROFESSIONAL,
    "occupational therapist": StaffRole.OTHER_PROFESSIONAL,
    "commissioner's representative": StaffRole.COMMISSIONER_REPRESENTATIVE,
    "advocate": StaffRole.ADVOCATE,
}
INVOLVED = "involved in the decision"

# Each duty, singular and plural, by the rule id and (for SEC-05) which of its two duties.
DUTIES: dict[str, tuple[str, str]] = {
    "first medical review": ("SEC-01", ""),
    "4-hourly medical review": ("SEC-02", ""),
    "2-hourly nursing review": ("SEC-03", ""),
    "first MDT review": ("SEC-04", ""),
    "daily MDT review": ("SEC-05", "mdt"),
    "day's pair of medical reviews": ("SEC-05", "medical"),
    "daily pairs of medical reviews": ("SEC-05", "medical"),
    "independent MDT review": ("SEC-06", ""),
    "15-minute observation": ("SEC-07", ""),
    "seclusion care plan": ("SEC-08", ""),
    "daily approved clinician's review": ("LTS-02", ""),
    "weekly MDT review": ("LTS-03", ""),
    "external review": ("LTS-04", ""),
}

# What a finding says, in the features' words, and the detail rpledger gives it.
FINDINGS: dict[str, tuple[str, str]] = {
    "seclusion of a person not detained under the Mental Health Act": (
        "SEC-00",
        "the person was not detained under the Mental Health Act when seclusion started at {start}",
    ),
    "recorded only after the seclusion ended": ("SEC-08", "recorded only after the seclusion ended"),
    "long-term segregation started without the commissioner's representative in the decision": (
        "LTS-01",
        (
            "long-term segregation started at {start} without an MDT decision in which a representative of "
            "the commissioning authority took part"
        ),
    ),
}


def _alternatives(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@parse.with_pattern(r"(?:an? )?(?:" + _alternatives(list(REVIEW_KINDS)) + ")")
def review_kind(text: str) -> ReviewKind:
    return REVIEW_KINDS[re.sub(r"^an? ", "", text)]


_REVIEWER = r"[^(),]+? \([^)]+\)"


@parse.with_pattern(rf"{_REVIEWER}(?:(?:, | and ){_REVIEWER})*")
def reviewers(text: str) -> tuple[Reviewer, ...]:
    """ "Sam Lee (registered nurse, involved in the decision) and Jo Patel (healthcare assistant)"."""
    found = []
    for name, described in re.findall(r"(?:^|, | and )([^(),]+?) \(([^)]+)\)", text):
        role, *flags = described.split(", ")
        found.append(Reviewer(name, ROLES[role], involved_in_decision=INVOLVED in flags))
    return tuple(found)


@parse.with_pattern(r"(?:the )?(?:" + _alternatives([*DUTIES, *(d + "s" for d in DUTIES if not d.endswith("s"))]) + ")")
def duty(text: str) -> tuple[str, str]:
    text = re.sub(r"^the ", "", text)
    return DUTIES[text] if text in DUTIES else DUTIES[text.removesuffix("s")]


@parse.with_pattern(_alternatives(list(FINDINGS)))
def finding_kind(text: str) -> tuple[str, str]:
    return FINDINGS[text]


SECLUSION_TYPES: dict[str, Any] = {
    **TYPES,
    "ReviewKind": review_kind,
    "Reviewers": reviewers,
    "SeclusionDuty": duty,
    "FindingKind": finding_kind,
}


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=SECLUSION_TYPES)


# ------------------------------------------------------------------------------------------------ read models


def duty_obligations(services: Services, ledger: Ledger, which: tuple[str, str], incident: str) -> list[Obligation]:
    """The obligations of one duty that an incident opened, in the order they fall due."""
    rule_id, part = which
    use_id = ledger.use_of(incident)
    found = [
        o
        for o in services.view.obligations(ledger.case_of(incident))
        if o.rule.id == rule_id and o.triggered_by == use_id
    ]
    if part:
        daily = {o.id for o in found if o.id == daily_medical_reviews_id(use_id, o.opened_at)}
        found = [o for o in found if (o.id in daily) == (part == "medical")]
    return sorted(found, key=lambda o: o.due_at)


def obligation_due(
    services: Services, ledger: Ledger, which: tuple[str, str], incident: str, due: datetime
) -> Obligation:
    matching = [o for o in duty_obligations(services, ledger, which, incident) if o.due_at == due]
    assert len(matching) == 1, [
        (o.opened_at, o.due_at, o.met_at) for o in duty_obligations(services, ledger, which, incident)
    ]
    return matching[0]


def hours_and_minutes(span: timedelta) -> str:
    sign = "-" if span < timedelta(0) else ""
    minutes = abs(int(span.total_seconds())) // 60
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{minutes} min"] if minutes or not hours else [])
    return sign + " ".join(parts)


# ------------------------------------------------------------------------------------------------ incidents


def _record(
    services: Services, ledger: Ledger, incident: str, name: str, details: UseDetails, datatable: list[list[str]]
) -> None:
    case_id = ledger.cases[name]
    use_id = services.cases.record_use(case_id, segments(datatable), details, NURSE_IN_CHARGE)
    ledger.incidents[incident] = (case_id, use_id)


@given(
    step("staff recorded incident {incident:Incident} for {name:Name}, seclusion decided on by {decider:Reviewers}:")
)
@when(step("staff record incident {incident:Incident} for {name:Name}, seclusion decided on by {decider:Reviewers}:"))
def seclusion_decided(
    services: Services,
    ledger: Ledger,
    incident: str,
    name: str,
    decider: tuple[Reviewer, ...],
    datatable: list[list[str]],
) -> None:
    [who] = decider
    details = replace(COMPLETE_RECORD, decided_by=Decision(who.name, who.role))
    _record(services, ledger, incident, name, details, datatable)


@given(
    step(
        "staff recorded incident {incident:Incident} for {name:Name}, seclusion authorised by {decider:Reviewers} "
        "after assessing {person:Name} at {assessed:Moment}:"
    )
)
@when(
    step(
        "staff record incident {incident:Incident} for {name:Name}, seclusion authorised by {decider:Reviewers} "
        "after assessing {person:Name} at {assessed:Moment}:"
    )
)
def seclusion_authorised_after_assessment(
    services: Services,
    ledger: Ledger,
    incident: str,
    name: str,
    decider: tuple[Reviewer, ...],
    assessed: datetime,
    datatable: list[list[str]],
) -> None:
    [who] = decider
    details = replace(COMPLETE_RECORD, decided_by=Decision(who.name, who.role, assessed))
    _record(services, ledger, incident, name, details, datatable)


@given(step("staff recorded incident {incident:Incident} for {name:Name}, a long-term segregation:"))
@when(step("staff record incident {incident:Incident} for {name:Name}, a long-term segregation:"))
def long_term_segregation(
    services: Services, ledger: Ledger, incident: str, name: str, datatable: list[list[str]]
) -> None:
    _record(services, ledger, incident, name, replace(COMPLETE_RECORD, long_term_segregation=True), datatable)


# -------------------------------------------------------------------------------------- reviews, observations


def _review(
    services: Services, ledger: Ledger, kind: ReviewKind, incident: str, held: datetime, who: tuple[Reviewer, ...]
) -> None:
    case_id, use_id = ledger.incidents[incident]
    services.cases.record_review(case_id, Review(uuid4(), use_id, kind, held, who), NURSE_IN_CHARGE)


@given(step("{kind:ReviewKind} of {incident:Incident} was held at {held:Moment} by {who:Reviewers}"))
@when(step("{kind:ReviewKind} of {incident:Incident} is held at {held:Moment} by {who:Reviewers}"))
def review_held(
    services: Services, ledger: Ledger, kind: ReviewKind, incident: str, held: datetime, who: tuple[Reviewer, ...]
) -> None:
    _review(services, ledger, kind, incident, held, who)


@given(step("these reviews of {incident:Incident} were held:"))
@when(step("these reviews of {incident:Incident} are held:"))
def reviews_held(services: Services, ledger: Ledger, incident: str, datatable: list[list[str]]) -> None:
    for row in table_rows(datatable):
        who = reviewers(row["by"])
        _review(services, ledger, review_kind(row["review"]), incident, moment(row["at"]), who)


def _observe(services: Services, ledger: Ledger, incident: str, observed: datetime) -> None:
    case_id, use_id = ledger.incidents[incident]
    observation = Observation(uuid4(), use_id, observed, "Jo Patel, healthcare assistant")
    services.cases.record_observation(case_id, observation, NURSE_IN_CHARGE)


@given(step("an observation of {incident:Incident} was recorded at {observed:Moment}"))
@when(step("an observation of {incident:Incident} is recorded at {observed:Moment}"))
def observation_recorded(services: Services, ledger: Ledger, incident: str, observed: datetime) -> None:
    _observe(services, ledger, incident, observed)


@given(
    step(
        "observations of {incident:Incident} were recorded every {every:Duration} from {first:Moment} to {last:Moment}"
    )
)
@when(
    step("observations of {incident:Incident} are recorded every {every:Duration} from {first:Moment} to {last:Moment}")
)
def observations_recorded(
    services: Services, ledger: Ledger, incident: str, every: int, first: datetime, last: datetime
) -> None:
    observed = first
    while observed <= last:
        _observe(services, ledger, incident, observed)
        observed += timedelta(seconds=every)


@given(step('{name:Name}\'s care plan was revised at {revised:Moment} without naming any incident: "{summary}"'))
def care_plan_was_revised(services: Services, ledger: Ledger, name: str, revised: datetime, summary: str) -> None:
    services.cases.revise_care_plan(ledger.cases[name], revised, [], summary, NURSE_IN_CHARGE)


# ------------------------------------------------------------------------------------------------- checks


@then(
    step(
        "the {which:SeclusionDuty} of {incident:Incident} due by {due:Moment} is {status:Status} with time to review "
        "{seconds:Duration}"
    )
)
def duty_status(
    services: Services,
    ledger: Ledger,
    which: tuple[str, str],
    incident: str,
    due: datetime,
    status: ObligationStatus,
    seconds: int,
) -> None:
    obligation, now = obligation_due(services, ledger, which, incident, due), services.clock()
    assert obligation.exists_at(now)
    assert (obligation.status(now), obligation.time_to_review_seconds(now)) == (status, seconds)


@then(step("the {which:SeclusionDuty} of {incident:Incident} due by {due:Moment} was met on time at {met:Moment}"))
def duty_met_on_time(
    services: Services, ledger: Ledger, which: tuple[str, str], incident: str, due: datetime, met: datetime
) -> None:
    obligation = obligation_due(services, ledger, which, incident, due)
    assert (obligation.status(services.clock()), obligation.met_at) == (ObligationStatus.MET, met)


@then(step("the {which:SeclusionDuty} of {incident:Incident} due by {due:Moment} was met late, by {late:Duration}"))
def duty_met_late(
    services: Services, ledger: Ledger, which: tuple[str, str], incident: str, due: datetime, late: int
) -> None:
    obligation = obligation_due(services, ledger, which, incident, due)
    assert obligation.status(services.clock()) is ObligationStatus.MET_LATE
    assert obligation.met_at is not None and obligation.met_at - obligation.due_at == timedelta(seconds=late)


@then(step("the {which:SeclusionDuty} of {incident:Incident} due by {due:Moment} is overdue by {late:Duration}"))
def duty_overdue(
    services: Services, ledger: Ledger, which: tuple[str, str], incident: str, due: datetime, late: int
) -> None:
    obligation, now = obligation_due(services, ledger, which, incident, due), services.clock()
    assert obligation.status(now) is ObligationStatus.OVERDUE
    assert now - obligation.due_at == timedelta(seconds=late)


@then(step("no {which:SeclusionDuty} of {incident:Incident} is due"))
def no_duty(services: Services, ledger: Ledger, which: tuple[str, str], incident: str) -> None:
    assert duty_obligations(services, ledger, which, incident) == []


@then(step("no {which:SeclusionDuty} of {incident:Incident} is due yet"))
def no_duty_yet(services: Services, ledger: Ledger, which: tuple[str, str], incident: str) -> None:
    now = services.clock()
    assert [o for o in duty_obligations(services, ledger, which, incident) if o.exists_at(now)] == []


@then(step("the {which:SeclusionDuty} of {incident:Incident} fall due as follows:"))
def duty_schedule(
    services: Services, ledger: Ledger, which: tuple[str, str], incident: str, datatable: list[list[str]]
) -> None:
    """Every obligation of the duty (also those not yet open), with its status now when it is open."""
    now = services.clock()
    found = [
        {
            "from": o.opened_at.strftime("%Y-%m-%d %H:%M"),
            "due by": o.due_at.strftime("%Y-%m-%d %H:%M"),
            "met at": o.met_at.strftime("%Y-%m-%d %H:%M") if o.met_at else "",
            "status": o.status(now).value if o.exists_at(now) else "not yet open",
        }
        for o in duty_obligations(services, ledger, which, incident)
    ]
    assert found == table_rows(datatable)


def _findings(services: Services, ledger: Ledger, rule_id: str, incident: str) -> list[Finding]:
    return findings_for(services, ledger, rule_id, incident)


@then(step("no {kind:ReviewKind} of {incident:Incident} has been held"))
def no_review_held(services: Services, ledger: Ledger, kind: ReviewKind, incident: str) -> None:
    case = services.cases.get_case(ledger.case_of(incident))
    assert [r for r in case.reviews.values() if r.use_id == ledger.use_of(incident) and r.kind is kind] == []


@then(step("{incident:Incident} is found to be {kind:FindingKind}, from {start:Moment}"))
@then(step("{incident:Incident} is found {kind:FindingKind}, from {start:Moment}"))
def found(services: Services, ledger: Ledger, incident: str, kind: tuple[str, str], start: datetime) -> None:
    rule_id, detail = kind
    use = services.cases.get_case(ledger.case_of(incident)).uses[ledger.use_of(incident)]
    expected = detail.format(start=use.started_at.isoformat())
    now = services.clock()
    assert [(f.at, f.detail) for f in _findings(services, ledger, rule_id, incident) if f.open_at(now)] == [
        (start, expected)
    ]


@then(step("the nursing review of {incident:Incident} at {held:Moment} is found wanting: {failures}"))
def nursing_review_wanting(services: Services, ledger: Ledger, incident: str, held: datetime, failures: str) -> None:
    expected = f"the nursing review at {held.isoformat()} had {failures}"
    assert expected in [f.detail for f in _findings(services, ledger, "SEC-03", incident) if f.at == held]


@then(step("no nursing review of {incident:Incident} is found wanting"))
def no_nursing_review_wanting(services: Services, ledger: Ledger, incident: str) -> None:
    assert _findings(services, ledger, "SEC-03", incident) == []


# ------------------------------------------------------------------------------------------------ install


def install_steps(namespace: MutableMapping[str, Any]) -> None:
    """Make this module's steps visible to the scenarios of the test module whose globals are ``namespace``."""
    for name, value in list(globals().items()):
        if name.startswith("pytestbdd_"):
            namespace[name] = value
