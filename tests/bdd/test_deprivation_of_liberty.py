"""DOLS-01..DOLS-08: deprivation of liberty in a care home (features/compliance/deprivation_of_liberty.feature).

The steps that grant, extend and request DoLS authorisations, and record the deprivation itself, belong to this
feature. The entries a scenario records are named as the feature names them ("the urgent authorisation", "the
request", "the deprivation of liberty"), so that the findings can be read back by those names.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import parse
import pytest
from gherkin_terms import NURSE_IN_CHARGE, TYPES, Ledger, moment, table_rows
from pytest_bdd import given, parsers, scenario, then, when

from rpledger.application.vocabulary import (
    AuthorisationBasis,
    AuthorisationCorrection,
    DolsRequestOutcome,
    Finding,
    Obligation,
    ObligationStatus,
    PracticeCode,
    Segment,
    UseDetails,
)
from rpledger.bootstrap import Services

FEATURE = "compliance/deprivation_of_liberty.feature"

REGISTERED_MANAGER = "Mary Doyle, registered manager"
SUPERVISORY_BODY = "Barsetshire County Council (supervisory body)"
EXTENSION_REASON = "The best interests assessor could not visit before the urgent authorisation ended"

URGENT = "the urgent authorisation"
STANDARD = "the standard authorisation"
REQUEST = "the request"
DEPRIVATION = "the deprivation of liberty"

# What the supervisory body's form states, in the words of the feature (DOLS-05, Sch A1 para 55).
STATEMENTS: dict[str, tuple[str, str]] = {
    "the care home": ("place", "Elm House care home, 14 Mill Lane"),
    "the purpose": ("purpose", "To keep Dorothy safe from getting lost and from falls if she leaves alone"),
    "the qualifying requirements": (
        "qualifying_requirements",
        "Age, mental health, mental capacity, best interests, eligibility and no refusals: each assessed as met",
    ),
}

# The Mental Capacity Act reasoning behind the arrangements (MCA-01, MCA-03 ask the record of every use in a care home).
NECESSITY = "Dorothy has twice left alone at night and been found lost on the main road"
PROPORTIONALITY = "Serious harm is likely if she leaves alone; she goes out every day with staff or family"
LESS_RESTRICTIVE_OPTIONS = "A door sensor alone was tried for a month; she left unnoticed twice"

DECISIONS = {"grants": DolsRequestOutcome.GRANTED, "refuses": DolsRequestOutcome.REFUSED}


@parse.with_pattern(r"(?:only )?(?:" + "|".join(STATEMENTS) + r")(?:(?:, | and )(?:" + "|".join(STATEMENTS) + r"))*")
def stated(text: str) -> dict[str, str]:
    """ "the care home, the purpose and the qualifying requirements"; "only the care home"."""
    return dict(STATEMENTS[part] for part in re.split(r", | and ", text.removeprefix("only ")))


@parse.with_pattern("|".join(DECISIONS))
def decision(text: str) -> DolsRequestOutcome:
    return DECISIONS[text]


@parse.with_pattern(r"no|one")
def count(text: str) -> int:
    return {"no": 0, "one": 1}[text]


TERMS: dict[str, Any] = {**TYPES, "Stated": stated, "Decision": decision, "Count": count}


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TERMS)


@pytest.fixture
def entries() -> dict[str, tuple[UUID, UUID]]:
    """The scenario's DoLS entries by the feature's names: (case id, entry id)."""
    return {}


# ---------------------------------------------------------------------------------------------------- scenarios


@scenario(
    FEATURE, "Scenario 10: the urgent authorisation, extended once, runs out while Dorothy is still deprived of liberty"
)
def test_scenario_10_deprived_of_liberty_without_authority(database: object) -> None:
    pass


@scenario(FEATURE, "Dorothy's case is not compliant from the minute the extended urgent authorisation ran out")
def test_deprivation_without_authority_from_the_minute_it_began(database: object) -> None:
    pass


@scenario(FEATURE, "The standard authorisation granted that afternoon closes the gap from the moment it was granted")
def test_standard_authorisation_closes_the_gap_from_its_grant(database: object) -> None:
    pass


@scenario(FEATURE, "An urgent authorisation granted for exactly 7 days raises no finding")
def test_urgent_authorisation_of_7_days(database: object) -> None:
    pass


@scenario(FEATURE, "An urgent authorisation written for 10 days is found from the end of the seventh")
def test_urgent_authorisation_longer_than_7_days(database: object) -> None:
    pass


@scenario(FEATURE, "The urgent authorisation written for 10 days makes the case non-compliant for its last 3 days")
def test_urgent_authorisation_longer_than_7_days_status(database: object) -> None:
    pass


@scenario(
    FEATURE, "The supervisory body extends the urgent authorisation before any standard authorisation was requested"
)
def test_extension_without_a_standard_request(database: object) -> None:
    pass


@scenario(FEATURE, "A standard request made by the moment of the extension is in time")
def test_standard_request_by_the_extension(database: object) -> None:
    pass


@scenario(FEATURE, "An extension adds at most 7 days")
def test_extension_of_at_most_7_days(database: object) -> None:
    pass


@scenario(FEATURE, "A second extension is beyond the one allowed")
def test_second_extension(database: object) -> None:
    pass


@scenario(
    FEATURE,
    "Scenario 11: no renewal is requested, and the home grants itself an urgent authorisation the day the standard "
    "one expires",
)
def test_scenario_11_renewal_missed_and_urgent_authorisation_used(database: object) -> None:
    pass


@scenario(FEATURE, "An urgent authorisation within 28 days either side of the standard one's expiry is found")
def test_urgent_authorisation_near_the_expiry_of_a_standard_one(database: object) -> None:
    pass


@scenario(FEATURE, "A standard authorisation lasts at most 12 calendar months")
def test_standard_authorisation_of_at_most_12_months(database: object) -> None:
    pass


@scenario(FEATURE, "A standard authorisation granted for 13 months is found from the end of the twelfth")
def test_standard_authorisation_longer_than_12_months(database: object) -> None:
    pass


@scenario(FEATURE, "A standard authorisation that states everything raises no finding")
def test_complete_standard_authorisation(database: object) -> None:
    pass


@scenario(FEATURE, "The authorisation is entered with only the care home stated, and the rest is added two days later")
def test_incomplete_standard_authorisation_corrected(database: object) -> None:
    pass


@scenario(FEATURE, "No renewal is requested before the standard authorisation expires")
def test_renewal_request_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "A further request made on 10 February meets the duty on time")
def test_renewal_request_on_time(database: object) -> None:
    pass


@scenario(FEATURE, "A further request made the day after the expiry meets the duty late")
def test_renewal_request_late(database: object) -> None:
    pass


@scenario(FEATURE, "No renewal is due once Dorothy is no longer deprived of liberty")
def test_no_renewal_once_the_deprivation_ended(database: object) -> None:
    pass


@scenario(FEATURE, "The supervisory body has not yet decided the request made on 1 September")
def test_decision_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "The supervisory body decides the request, on time or late, whatever it decides")
def test_decision_on_time_or_late(database: object) -> None:
    pass


# -------------------------------------------------------------------------------------------------- recording


@given(
    step(
        "at {granted:Moment} the registered manager grants {name:Name} an urgent authorisation from {start:Moment} until {end:Moment}"
    )
)
@when(
    step(
        "at {granted:Moment} the registered manager grants {name:Name} an urgent authorisation from {start:Moment} until {end:Moment}"
    )
)
def urgent_authorisation(
    services: Services,
    ledger: Ledger,
    entries: dict[str, tuple[UUID, UUID]],
    granted: datetime,
    name: str,
    start: datetime,
    end: datetime,
) -> None:
    case_id = ledger.cases[name]
    entries[URGENT] = (
        case_id,
        services.cases.grant_authorisation(
            case_id,
            AuthorisationBasis.DOLS_URGENT,
            [PracticeCode.DOL],
            start,
            end,
            REGISTERED_MANAGER,
            NURSE_IN_CHARGE,
            granted_at=granted,
        ),
    )


@given(
    step(
        "{name:Name}'s standard authorisation, granted by the supervisory body at {granted:Moment}, runs from {start:Moment} until {end:Moment}, with {content:Stated} stated"
    )
)
@when(
    step(
        "{name:Name}'s standard authorisation, granted by the supervisory body at {granted:Moment}, runs from {start:Moment} until {end:Moment}, with {content:Stated} stated"
    )
)
def standard_authorisation(
    services: Services,
    ledger: Ledger,
    entries: dict[str, tuple[UUID, UUID]],
    name: str,
    granted: datetime,
    start: datetime,
    end: datetime,
    content: dict[str, str],
) -> None:
    """Granted, then its form's content entered at the same moment (the command to grant takes only the period and
    the practices; the content is entered as a correction of the new entry)."""
    case_id = ledger.cases[name]
    authorisation_id = services.cases.grant_authorisation(
        case_id,
        AuthorisationBasis.DOLS_STANDARD,
        [PracticeCode.DOL],
        start,
        end,
        SUPERVISORY_BODY,
        NURSE_IN_CHARGE,
        granted_at=granted,
    )
    entries[STANDARD] = case_id, authorisation_id
    reason = "Entered from the supervisory body's standard authorisation form"
    correction = AuthorisationCorrection(**content)
    services.cases.correct_entry(case_id, authorisation_id, correction, reason, NURSE_IN_CHARGE, corrected_at=granted)


@when(step("the DoLS lead adds {content:Stated} from the supervisory body's letter at {at:Moment}"))
def content_added(
    services: Services, entries: dict[str, tuple[UUID, UUID]], content: dict[str, str], at: datetime
) -> None:
    case_id, authorisation_id = entries[STANDARD]
    reason = "Left out when the authorisation was entered; copied from the supervisory body's letter"
    correction = AuthorisationCorrection(**content)
    services.cases.correct_entry(case_id, authorisation_id, correction, reason, NURSE_IN_CHARGE, corrected_at=at)


@given(step("at {at:Moment} the supervisory body extends the urgent authorisation until {until:Moment}"))
@when(step("at {at:Moment} the supervisory body extends the urgent authorisation until {until:Moment}"))
def extension(services: Services, entries: dict[str, tuple[UUID, UUID]], at: datetime, until: datetime) -> None:
    case_id, authorisation_id = entries[URGENT]
    services.cases.extend_authorisation(
        case_id, authorisation_id, until, SUPERVISORY_BODY, NURSE_IN_CHARGE, extended_at=at, reason=EXTENSION_REASON
    )


@given(step("at {at:Moment} the registered manager requests a standard authorisation from the supervisory body"))
@when(step("at {at:Moment} the registered manager requests a standard authorisation from the supervisory body"))
def standard_request(services: Services, ledger: Ledger, entries: dict[str, tuple[UUID, UUID]], at: datetime) -> None:
    [case_id] = ledger.cases.values()
    entries[REQUEST] = (
        case_id,
        services.cases.request_standard_authorisation(case_id, at, SUPERVISORY_BODY, NURSE_IN_CHARGE),
    )


@when(step("at {at:Moment} the supervisory body {outcome:Decision} the request"))
def request_decided(
    services: Services, entries: dict[str, tuple[UUID, UUID]], at: datetime, outcome: DolsRequestOutcome
) -> None:
    case_id, request_id = entries[REQUEST]
    services.cases.decide_dols_request(case_id, request_id, outcome, at, NURSE_IN_CHARGE)


@given(step("{name:Name} is deprived of liberty at {place} from {start:Moment}: {arrangements}"))
def deprived_of_liberty(
    services: Services,
    ledger: Ledger,
    entries: dict[str, tuple[UUID, UUID]],
    name: str,
    place: str,
    start: datetime,
    arrangements: str,
) -> None:
    case_id = ledger.cases[name]
    details = UseDetails(
        place=place,
        description=arrangements,
        necessity=NECESSITY,
        proportionality=PROPORTIONALITY,
        less_restrictive_options=LESS_RESTRICTIVE_OPTIONS,
    )
    entries[DEPRIVATION] = (
        case_id,
        services.cases.record_use(case_id, [Segment(PracticeCode.DOL, start, None)], details, NURSE_IN_CHARGE),
    )


@when(step("{name:Name}'s deprivation of liberty ends at {end:Moment}"))
def deprivation_ends(services: Services, entries: dict[str, tuple[UUID, UUID]], end: datetime) -> None:
    case_id, use_id = entries[DEPRIVATION]
    services.cases.end_use(case_id, use_id, end, NURSE_IN_CHARGE)


# ----------------------------------------------------------------------------------------------------- checks


def _dols_findings(services: Services, ledger: Ledger, name: str, rule_id: str = "DOLS-") -> list[Finding]:
    return [f for f in services.view.findings(ledger.cases[name]) if f.rule.id.startswith(rule_id)]


def _obligation(
    services: Services, entries: dict[str, tuple[UUID, UUID]], rule_id: str, entry: str
) -> list[Obligation]:
    case_id, entry_id = entries[entry]
    return [o for o in services.view.obligations(case_id) if o.rule.id == rule_id and o.triggered_by == entry_id]


def _when(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


@then(step("{name:Name} is found deprived of liberty without authority from {start:Moment}"))
def deprived_without_authority(services: Services, ledger: Ledger, name: str, start: datetime) -> None:
    now = services.clock()
    found = [(f.at, f.detail) for f in _dols_findings(services, ledger, name, "DOLS-06") if f.open_at(now)]
    assert found == [(start, f"deprived of liberty without authority from {_when(start)}")]


@then(step("there is {expected:Count} finding under {rule_id} about {name:Name}"))
def finding_count(services: Services, ledger: Ledger, expected: int, rule_id: str, name: str) -> None:
    assert len(_dols_findings(services, ledger, name, rule_id)) == expected


@then(step("the DoLS findings about {name:Name} are:"))
def dols_findings(
    services: Services,
    ledger: Ledger,
    entries: dict[str, tuple[UUID, UUID]],
    name: str,
    datatable: list[list[str]],
) -> None:
    names = {entry_id: label for label, (_, entry_id) in entries.items()}
    found = [
        (f.rule.id, names.get(f.subject, str(f.subject)), f.at, f.resolved_at)
        for f in _dols_findings(services, ledger, name)
    ]
    expected = [
        (row["rule"], row["about"], moment(row["from"]), moment(row["until"]) if row["until"] else None)
        for row in table_rows(datatable)
    ]
    assert found == expected


@then(step('the finding under {rule_id} says "{detail}"'))
def finding_detail(services: Services, ledger: Ledger, rule_id: str, detail: str) -> None:
    [name] = ledger.cases
    assert [f.detail for f in _dols_findings(services, ledger, name, rule_id)] == [detail]


@then(
    step(
        "the renewal request for {name:Name}'s standard authorisation is {status:Status} with time to review {seconds:Duration}"
    )
)
def renewal_status(
    services: Services, entries: dict[str, tuple[UUID, UUID]], status: ObligationStatus, seconds: int
) -> None:
    [renewal] = _obligation(services, entries, "DOLS-07", STANDARD)
    now = services.clock()
    assert (renewal.status(now), renewal.time_to_review_seconds(now)) == (status, seconds)


@then(step("the renewal request for {name:Name}'s standard authorisation is due by {due:Moment}"))
def renewal_due(services: Services, entries: dict[str, tuple[UUID, UUID]], due: datetime) -> None:
    [renewal] = _obligation(services, entries, "DOLS-07", STANDARD)
    assert renewal.due_at == due


@then(step("no renewal request is due for {name:Name}'s standard authorisation"))
def no_renewal(services: Services, entries: dict[str, tuple[UUID, UUID]]) -> None:
    assert _obligation(services, entries, "DOLS-07", STANDARD) == []


@then(step("the supervisory body's decision on the request is {status:Status} with time to review {seconds:Duration}"))
def decision_status(
    services: Services, entries: dict[str, tuple[UUID, UUID]], status: ObligationStatus, seconds: int
) -> None:
    [decided] = _obligation(services, entries, "DOLS-08", REQUEST)
    now = services.clock()
    assert (decided.status(now), decided.time_to_review_seconds(now)) == (status, seconds)


@then(step("the supervisory body's decision on the request is due by {due:Moment}"))
def decision_due(services: Services, entries: dict[str, tuple[UUID, UUID]], due: datetime) -> None:
    [decided] = _obligation(services, entries, "DOLS-08", REQUEST)
    assert decided.due_at == due
