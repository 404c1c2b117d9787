"""NOTIF-01: CQC is notified when a person under 18 has been on an adult psychiatric ward for more than 48 hours
(CQC (Registration) Regulations 2009 reg 18 as amended by SI 2012/921; regulatory-reference.md section 2 and
scenario 15).

A case-wide rule over the case's stays; ``per_use`` derives nothing. For each stay on an adult ward, when the
person's date of birth is known (as corrected) and they were under 18 when admitted:

- ``T`` is ``admitted_at`` + ``under_18_on_adult_ward_notify_after``;
- if the stay had not ended by ``T`` (no discharge, or one after ``T``) and the person's 18th birthday (midnight UTC
  at the start of that date; 1 March for someone born on 29 February, in a year without one) is after ``T``, an
  obligation opens at ``T`` and is due at ``T``: due soon at ``T`` itself, overdue from the next moment;
- it is met by the first notification of kind UNDER_18_ON_ADULT_WARD sent at or after the admission.

``triggered_by`` is the stay; the id is ``cadence_id`` of the rule, the stay and ``T``.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import NotificationKind
from rpledger.domain.obligation import Obligation
from rpledger.domain.policy import Policy
from rpledger.domain.rules.cadence import cadence_id
from rpledger.domain.rules.catalogue import NOTIF_01
from rpledger.domain.rules.derived import Derived
from rpledger.domain.values import Stay

ADULT_AGE = 18


def per_use(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Derived:
    return Derived()


def case_wide(case: Case, policy: Policy) -> Derived:
    derived = Derived()
    if policy.applies("NOTIF-01"):
        derived.obligations += under_18_notifications(case, policy)
    return derived


def birthday(born: date, age: int) -> datetime:
    """The moment a person born on ``born`` reaches ``age``: midnight UTC at the start of that birthday (1 March
    when they were born on 29 February and the year has none)."""
    year = born.year + age
    try:
        day = born.replace(year=year)
    except ValueError:  # 29 February in a year without one
        day = date(year, 3, 1)
    return datetime.combine(day, time(0), tzinfo=UTC)


def under_18_notifications(case: Case, policy: Policy) -> list[Obligation]:
    if case.date_of_birth is None:
        return []
    adult_from = birthday(case.date_of_birth, ADULT_AGE)
    sent = sorted(
        (n.sent_at, n.id) for n in case.notifications.values() if n.kind is NotificationKind.UNDER_18_ON_ADULT_WARD
    )
    obligations: list[Obligation] = []
    for stay in sorted(case.stays.values(), key=lambda s: (s.admitted_at, str(s.id))):
        notify_at = stay.admitted_at + policy.under_18_on_adult_ward_notify_after
        if not _notifiable(stay, notify_at, adult_from):
            continue
        met = next(((at, by) for at, by in sent if at >= stay.admitted_at), None)
        obligations.append(
            Obligation(
                id=cadence_id(NOTIF_01, stay.id, notify_at),
                rule=NOTIF_01,
                triggered_by=stay.id,
                opened_at=notify_at,
                due_at=notify_at,
                due_soon_from=notify_at - policy.due_soon_horizon,
                met_at=None if met is None else met[0],
                met_by=None if met is None else met[1],
            )
        )
    return obligations


def _notifiable(stay: Stay, notify_at: datetime, adult_from: datetime) -> bool:
    """An adult ward, a person under 18 when admitted and still under 18 at ``notify_at``, still there after it."""
    if not stay.adult_ward or stay.admitted_at >= adult_from or adult_from <= notify_at:
        return False
    return stay.discharged_at is None or stay.discharged_at > notify_at
