"""NOTIF-01 on cases built by their commands (rpledger.domain.rules.notification).

Regulatory-reference.md scenario 15: Sam, 17, is admitted to an adult acute ward on Thursday 1 May 2025 at 09:00 and
is still there at Saturday 3 May 09:00; CQC is to be notified from then.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import NotificationKind, Setting
from rpledger.domain.correction import PersonCorrection
from rpledger.domain.obligation import Obligation, ObligationStatus
from rpledger.domain.policy import DEFAULT_POLICIES, Policy
from rpledger.domain.rules import evaluate, notification
from rpledger.domain.rules.cadence import cadence_id
from rpledger.domain.rules.catalogue import NOTIF_01
from rpledger.domain.rules.notification import birthday
from rpledger.domain.values import Actor, Notification, PersonDetails, Stay

MH_UNIT = DEFAULT_POLICIES[Setting.MENTAL_HEALTH_INPATIENT]
SEVENTEEN_IN_MAY_2025 = date(2007, 11, 20)


def may(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2025, 5, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def opened(by: Actor) -> Callable[..., Case]:
    def _open(born: date | None = SEVENTEEN_IN_MAY_2025, setting: Setting = Setting.MENTAL_HEALTH_INPATIENT) -> Case:
        case = Case.open("SAM-17", setting, "oak-ward", born, PersonDetails(name="Sam Reid"), may(1, 8), by)
        case.collect_events()
        return case

    return _open


ADMITTED = may(1, 9)


def admit(case: Case, by: Actor, at: datetime = ADMITTED, adult_ward: bool = True) -> Stay:
    stay = Stay(uuid4(), "Oak Ward" if adult_ward else "Willow Unit (young people)", adult_ward, at)
    case.admit(stay, by)
    return stay


def notify(
    case: Case, by: Actor, at: datetime, kind: NotificationKind = NotificationKind.UNDER_18_ON_ADULT_WARD
) -> Notification:
    sent = Notification(uuid4(), kind, at, "CQC-NOTIF-0451")
    case.send_notification(sent, by)
    return sent


def notifications(case: Case, policy: Policy = MH_UNIT) -> list[Obligation]:
    return [o for o in evaluate(case, policy).obligations if o.rule.id == "NOTIF-01"]


def test_scenario_15_notification_due_48_hours_after_admission(opened: Callable[..., Case], by: Actor) -> None:
    case = opened()
    stay = admit(case, by)

    [due] = notifications(case)

    assert due.id == cadence_id(NOTIF_01, stay.id, may(3, 9))
    assert (due.triggered_by, due.opened_at, due.due_at, due.met_at) == (stay.id, may(3, 9), may(3, 9), None)
    assert not due.exists_at(may(3, 8, 59))
    assert due.status(may(3, 9)) is ObligationStatus.DUE_SOON
    assert due.time_to_review_seconds(may(3, 9)) == 0
    assert due.status(may(3, 9, 1)) is ObligationStatus.OVERDUE
    assert due.time_to_review_seconds(may(3, 9, 1)) == -60


@pytest.mark.parametrize(
    ("sent_at", "status"),
    [
        (may(1, 8, 59), ObligationStatus.OVERDUE),  # before the admission: about something else
        (may(1, 9), ObligationStatus.MET),
        (may(3, 9), ObligationStatus.MET),
        (may(3, 9, 1), ObligationStatus.MET_LATE),
    ],
)
def test_the_first_notification_sent_since_admission_meets_it(
    opened: Callable[..., Case], by: Actor, sent_at: datetime, status: ObligationStatus
) -> None:
    case = opened()
    admit(case, by)
    notify(case, by, sent_at)

    [due] = notifications(case)

    assert due.status(may(5)) is status


def test_a_notification_of_another_kind_or_retracted_does_not_meet_it(opened: Callable[..., Case], by: Actor) -> None:
    case = opened()
    admit(case, by)
    notify(case, by, may(2, 10), NotificationKind.DOLS_OUTCOME)
    mistaken = notify(case, by, may(2, 11))
    case.retract_entry(mistaken.id, "Sent about another patient", may(2, 12), by)

    [due] = notifications(case)

    assert due.met_at is None


@pytest.mark.parametrize(
    ("discharged_at", "due"),
    [(may(2, 15), False), (may(3, 9), False), (may(3, 9, 1), True), (None, True)],
)
def test_only_a_stay_longer_than_48_hours_is_notified(
    opened: Callable[..., Case], by: Actor, discharged_at: datetime | None, due: bool
) -> None:
    case = opened()
    stay = admit(case, by)
    if discharged_at is not None:
        case.discharge(stay.id, discharged_at, by)

    assert bool(notifications(case)) is due


@pytest.mark.parametrize(
    ("born", "due"),
    [
        (date(2007, 5, 2), False),  # 18 on 2 May, before the 48 hours are up
        (date(2007, 5, 3), False),  # 18 at midnight starting 3 May: an adult by 09:00
        (date(2007, 5, 4), True),
        (date(2007, 4, 30), False),  # already 18 when admitted
    ],
)
def test_only_someone_still_under_18_when_the_48_hours_are_up(
    opened: Callable[..., Case], by: Actor, born: date, due: bool
) -> None:
    case = opened(born)
    admit(case, by)

    assert bool(notifications(case)) is due


def test_a_birthday_on_29_february_falls_on_1_march_in_other_years() -> None:
    assert birthday(date(2008, 2, 29), 18) == datetime(2026, 3, 1, tzinfo=UTC)
    assert birthday(date(2007, 11, 20), 18) == datetime(2025, 11, 20, tzinfo=UTC)


def test_nothing_is_due_on_a_ward_for_young_people_or_without_a_date_of_birth(
    opened: Callable[..., Case], by: Actor
) -> None:
    young_peoples_ward = opened()
    admit(young_peoples_ward, by, adult_ward=False)
    unknown_age = opened(None)
    admit(unknown_age, by)

    assert notifications(young_peoples_ward) == []
    assert notifications(unknown_age) == []


def test_a_date_of_birth_added_later_makes_it_due(opened: Callable[..., Case], by: Actor) -> None:
    case = opened(None)
    admit(case, by)
    case.correct_entry(case.id, PersonCorrection(date_of_birth=SEVENTEEN_IN_MAY_2025), "From the GP", may(4, 10), by)

    [due] = notifications(case)

    assert due.due_at == may(3, 9)


def test_each_stay_on_an_adult_ward_is_notified(opened: Callable[..., Case], by: Actor) -> None:
    case = opened()
    first = admit(case, by)
    case.discharge(first.id, may(4, 12), by)
    notify(case, by, may(3, 10))
    second = admit(case, by, may(20, 18))

    found = [(o.triggered_by, o.due_at, o.met_at) for o in notifications(case)]

    assert found == [(first.id, may(3, 9), may(3, 10)), (second.id, may(22, 18), None)]


def test_the_notify_after_parameter_is_the_policy_s(opened: Callable[..., Case], by: Actor) -> None:
    case = opened()
    admit(case, by)

    [due] = notifications(case, MH_UNIT.tightened(under_18_on_adult_ward_notify_after=timedelta(hours=24)))

    assert due.due_at == may(2, 9)


def test_only_where_the_policy_applies_it(opened: Callable[..., Case], by: Actor) -> None:
    case = opened(setting=Setting.ADULT_SOCIAL_CARE)
    admit(case, by)

    assert notifications(case, DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE]) == []
    assert notification.per_use(case, MH_UNIT).obligations == []
