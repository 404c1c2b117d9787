"""UOF-04: a use-of-force record is kept for 3 years from when it was made (Mental Health Units (Use of Force) Act
2018 s6(6), V1; regulatory-reference.md section 2, section 3.1 and scenario 12).

rpledger itself never updates or deletes an event (its database triggers refuse both), so no record held by rpledger
can be erased at all. What this module serves is a provider's own purge job, over its copies and exports: it must be
told which records are still protected, and until when.

- A record is *made* when the use was first recorded: ``case.first_recorded_at[use_id]``, the store's time, not
  the time of the use.
- It is kept until ``retained_until(made_at, policy)``: the same moment ``use_of_force_record_kept_for_years``
  calendar years later. A record made on 29 February is kept until 1 March in a year without one: a retention
  period is never shortened (the parameter is one that may only be made longer).
- Erasing it earlier is refused with ``RecordRetainedError``, which names the earliest permitted erasure.
- A use-of-force record is a use with any practice that is use of force (UoF Act s1(6)-(7)), as first recorded or
  as corrected: a correction cannot take a record out of its protection. Retracted records are listed too, marked:
  the Act's period runs from when the record was made, and the provider decides what a retraction means for its
  copies.
- The Act applies in mental health units only: in a setting whose policy does not apply UOF-04 the record has no
  retention period under this rule (``retained_until`` None). Another schedule (the NHS records management code,
  for one) may keep a record longer; the longer period wins (open question 9), and is the provider's to apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.errors import DomainError
from rpledger.domain.policy import Policy
from rpledger.domain.values import Use

RULE_ID = "UOF-04"


def add_years(moment: datetime, years: int) -> datetime:
    """The same moment ``years`` calendar years later; 29 February moves on to 1 March in a year without one."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, month=3, day=1)


def retained_until(made_at: datetime, policy: Policy) -> datetime:
    """When a use-of-force record made at ``made_at`` may first be erased."""
    return add_years(made_at.astimezone(UTC), policy.use_of_force_record_kept_for_years)


class RecordRetainedError(DomainError):
    """A use-of-force record asked to be erased before its retention period is over."""

    code = "RETENTION_PERIOD_NOT_OVER"

    def __init__(self, use_id: UUID, made_at: datetime, erase_at: datetime, earliest: datetime, years: int) -> None:
        super().__init__(
            "erase_at",
            f"the use-of-force record of use {use_id}, made {_when(made_at)}, is kept for {years} years from when "
            f"it was made (Use of Force Act 2018 s6(6)): it cannot be erased at {_when(erase_at)}; the earliest "
            f"permitted erasure is {_when(earliest)}",
        )
        self.use_id = use_id
        self.made_at = made_at
        self.earliest_erasure = earliest


def check_erasure(use_id: UUID, made_at: datetime, erase_at: datetime, policy: Policy) -> None:
    """Refuse to erase the record of ``use_id`` at ``erase_at`` while it is within its retention period."""
    earliest = retained_until(made_at, policy)
    if erase_at < earliest:
        raise RecordRetainedError(use_id, made_at, erase_at, earliest, policy.use_of_force_record_kept_for_years)


@dataclass(frozen=True)
class UseOfForceRecord:
    """One use-of-force record of a case, with when it was made and until when it is kept (None: UOF-04 does not
    apply in the case's setting)."""

    case_id: UUID
    person_ref: str
    use_id: UUID
    made_at: datetime
    retained_until: datetime | None
    retracted: bool = False

    def protected_at(self, moment: datetime) -> bool:
        return self.retained_until is not None and moment < self.retained_until

    def check_erasure(self, erase_at: datetime, policy: Policy) -> None:
        if self.retained_until is not None:
            check_erasure(self.use_id, self.made_at, erase_at, policy)


def _is_use_of_force(use: Use | None) -> bool:
    return use is not None and any(p.is_use_of_force for p in use.practices)


def use_of_force_records(case: Case, policy: Policy) -> list[UseOfForceRecord]:
    """Every use-of-force record the case ever held, retracted ones included, in the order they were made."""
    applies = policy.applies(RULE_ID)
    records = []
    for use_id, as_recorded in case.uses_as_recorded.items():
        if not (_is_use_of_force(as_recorded) or _is_use_of_force(case.uses.get(use_id))):
            continue
        made_at = case.first_recorded_at[use_id]
        records.append(
            UseOfForceRecord(
                case_id=case.id,
                person_ref=case.person_ref,
                use_id=use_id,
                made_at=made_at,
                retained_until=retained_until(made_at, policy) if applies else None,
                retracted=use_id in case.retractions,
            )
        )
    return sorted(records, key=lambda r: (r.made_at, str(r.use_id)))


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
