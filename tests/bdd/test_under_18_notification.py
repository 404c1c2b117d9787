"""NOTIF-01: CQC is notified when a person under 18 has been on an adult ward for more than 48 hours
(features/compliance/under_18_notification.feature).

The steps that open a case with a date of birth, admit and discharge, and notify CQC belong to this feature.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import parse
import pytest
from gherkin_terms import NURSE_IN_CHARGE, TYPES, Ledger, duration_seconds
from pytest_bdd import given, parsers, scenario, then, when

from rpledger.application.vocabulary import (
    NotificationKind,
    Obligation,
    ObligationStatus,
    PersonCorrection,
    PersonDetails,
    Setting,
)
from rpledger.bootstrap import Services

FEATURE = "compliance/under_18_notification.feature"
STATUSES = "|".join(sorted((s.value for s in ObligationStatus), key=len, reverse=True))


@parse.with_pattern(r"\d{4}-\d{2}-\d{2}")
def day(text: str) -> date:
    return date.fromisoformat(text)


@parse.with_pattern(
    rf"not yet due|(?:{STATUSES})(?: with time to review -?\d+ h(?: \d+ min)?| with time to review -?\d+ min)?"
)
def notification_state(text: str) -> tuple[ObligationStatus, int | None] | None:
    """ "not yet due" (None); "OVERDUE with time to review -1 min"; "MET" (any time to review)."""
    if text == "not yet due":
        return None
    status, _, rest = text.partition(" with time to review ")
    return ObligationStatus(status), duration_seconds(rest) if rest else None


@parse.with_pattern(r"no|one")
def count(text: str) -> int:
    return {"no": 0, "one": 1}[text]


TERMS: dict[str, Any] = {**TYPES, "Date": day, "State": notification_state, "Count": count}


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TERMS)


@pytest.fixture
def stays() -> dict[tuple[str, str], tuple[UUID, UUID]]:
    """Each stay by the person's first name and the ward: (case id, stay id)."""
    return {}


# ---------------------------------------------------------------------------------------------------- scenarios


@scenario(FEATURE, "Scenario 15: a 17-year-old admitted to an adult acute ward on Thursday morning")
def test_scenario_15_notification_due_after_48_hours(database: object) -> None:
    pass


@scenario(FEATURE, "Sam is still on Oak Ward on Saturday morning and CQC has not been told")
def test_notification_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "The ward manager notifies CQC, on time or late")
def test_notification_on_time_or_late(database: object) -> None:
    pass


@scenario(FEATURE, "A notification sent before the admission does not count for it")
def test_notification_before_the_admission(database: object) -> None:
    pass


@scenario(FEATURE, "A stay that ends within the 48 hours needs no notification")
def test_stay_ending_within_48_hours(database: object) -> None:
    pass


@scenario(FEATURE, "Someone who turns 18 before the 48 hours are up needs no notification")
def test_eighteenth_birthday_within_48_hours(database: object) -> None:
    pass


@scenario(FEATURE, "A stay on a ward for young people needs no notification")
def test_ward_for_young_people(database: object) -> None:
    pass


@scenario(FEATURE, "A date of birth added after the 48 hours shows the notification overdue since the 48th hour")
def test_date_of_birth_added_later(database: object) -> None:
    pass


# -------------------------------------------------------------------------------------------------- recording


def _patient(services: Services, ledger: Ledger, full_name: str, born: date | None) -> None:
    ledger.cases[full_name.split()[0]] = services.cases.open_case(
        full_name,
        Setting.MENTAL_HEALTH_INPATIENT,
        "Oak Ward",
        NURSE_IN_CHARGE,
        date_of_birth=born,
        person=PersonDetails(name=full_name),
    )


@given(step("{full_name} is a patient of the mental health unit, born on {born:Date}"))
def patient_born_on(services: Services, ledger: Ledger, full_name: str, born: date) -> None:
    _patient(services, ledger, full_name, born)


@given(step("{full_name} is a patient of the mental health unit, date of birth not recorded"))
def patient_of_unknown_age(services: Services, ledger: Ledger, full_name: str) -> None:
    _patient(services, ledger, full_name, None)


def _admit(
    services: Services,
    ledger: Ledger,
    stays: dict[tuple[str, str], tuple[UUID, UUID]],
    name: str,
    ward: str,
    adult_ward: bool,
    at: datetime,
) -> None:
    case_id = ledger.cases[name]
    stays[name, ward] = case_id, services.cases.admit(case_id, ward, adult_ward, at, NURSE_IN_CHARGE)


@given(step("{name:Name} is admitted to {ward}, an adult acute ward, at {at:Moment}"))
@when(step("{name:Name} is admitted to {ward}, an adult acute ward, at {at:Moment}"))
def admitted_to_adult_ward(
    services: Services,
    ledger: Ledger,
    stays: dict[tuple[str, str], tuple[UUID, UUID]],
    name: str,
    ward: str,
    at: datetime,
) -> None:
    _admit(services, ledger, stays, name, ward, True, at)


@when(step("{name:Name} is admitted to {ward}, a ward for young people, at {at:Moment}"))
def admitted_to_young_peoples_ward(
    services: Services,
    ledger: Ledger,
    stays: dict[tuple[str, str], tuple[UUID, UUID]],
    name: str,
    ward: str,
    at: datetime,
) -> None:
    _admit(services, ledger, stays, name, ward, False, at)


@when(step("{name:Name} is discharged from {ward} at {at:Moment}"))
def discharged(
    services: Services, stays: dict[tuple[str, str], tuple[UUID, UUID]], name: str, ward: str, at: datetime
) -> None:
    case_id, stay_id = stays[name, ward]
    services.cases.discharge(case_id, stay_id, at, NURSE_IN_CHARGE)


@given(step("the ward manager notifies CQC at {at:Moment} that {name:Name}, under 18, is on an adult ward"))
@when(step("the ward manager notifies CQC at {at:Moment} that {name:Name}, under 18, is on an adult ward"))
def notified(services: Services, ledger: Ledger, at: datetime, name: str) -> None:
    kind = NotificationKind.UNDER_18_ON_ADULT_WARD
    services.cases.send_notification(ledger.cases[name], kind, at, NURSE_IN_CHARGE, reference="CQC-NOTIF-0451")


@when(step("the ward administrator adds {name:Name}'s date of birth, {born:Date}, from the GP's letter"))
def date_of_birth_added(services: Services, ledger: Ledger, name: str, born: date) -> None:
    case_id = ledger.cases[name]
    correction = PersonCorrection(date_of_birth=born)
    services.cases.correct_entry(case_id, case_id, correction, "Date of birth from the GP's letter", NURSE_IN_CHARGE)


# ----------------------------------------------------------------------------------------------------- checks


def _notifications(
    services: Services, stays: dict[tuple[str, str], tuple[UUID, UUID]], name: str, ward: str
) -> list[Obligation]:
    case_id, stay_id = stays[name, ward]
    return [o for o in services.view.obligations(case_id) if o.rule.id == "NOTIF-01" and o.triggered_by == stay_id]


@then(step("the notification to CQC about {name:Name}'s stay on {ward} is due by {due:Moment}"))
def notification_due(
    services: Services, stays: dict[tuple[str, str], tuple[UUID, UUID]], name: str, ward: str, due: datetime
) -> None:
    [notification] = _notifications(services, stays, name, ward)
    assert notification.due_at == due


@then(step("the notification to CQC about {name:Name}'s stay on {ward} is {state:State}"))
def notification_state_now(
    services: Services,
    stays: dict[tuple[str, str], tuple[UUID, UUID]],
    name: str,
    ward: str,
    state: tuple[ObligationStatus, int | None] | None,
) -> None:
    [notification] = _notifications(services, stays, name, ward)
    now = services.clock()
    if state is None:
        assert not notification.exists_at(now)
        return
    status, seconds = state
    assert notification.exists_at(now)
    assert notification.status(now) is status
    if seconds is not None:
        assert notification.time_to_review_seconds(now) == seconds


@then(step("{expected:Count} notification to CQC is due about {name:Name}'s stay on {ward}"))
def notification_count(
    services: Services, stays: dict[tuple[str, str], tuple[UUID, UUID]], expected: int, name: str, ward: str
) -> None:
    assert len(_notifications(services, stays, name, ward)) == expected
