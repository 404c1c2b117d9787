"""The demo's plan is a list of steps: each one application command, with when it happens, who records it and, when
it was not written down as it happened, when it was.

Keys name the entries a later step refers to; the ids the application gives them are known only when recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rpledger.domain.codes import (
    AuthorisationBasis,
    DebriefKind,
    DolsRequestOutcome,
    MonitoringRisk,
    PracticeCode,
    ReviewKind,
    Setting,
)
from rpledger.domain.correction import Correction
from rpledger.domain.values import Actor, PersonDetails, Recording, Reviewer, Segment, UseDetails, VitalSigns


@dataclass(frozen=True)
class Open:
    setting: Setting
    location_id: str
    date_of_birth: date
    person: PersonDetails


@dataclass(frozen=True)
class Grant:
    key: str
    basis: AuthorisationBasis
    practices: tuple[PracticeCode, ...]
    valid_until: datetime
    granted_by: str
    conditions: str | None = None


@dataclass(frozen=True)
class EndGrant:
    key: str
    reason: str


@dataclass(frozen=True)
class RecordUse:
    key: str
    kind: str
    segments: tuple[Segment, ...]  # the last one is open when the use is recorded as it starts
    details: UseDetails


@dataclass(frozen=True)
class EndUse:
    key: str


@dataclass(frozen=True)
class Debrief:
    use_keys: tuple[str, ...]
    kind: DebriefKind
    declined_reason: str | None = None


@dataclass(frozen=True)
class Revise:
    use_keys: tuple[str, ...]  # none for the plan made on admission, or the seclusion care plan
    summary: str
    changes: tuple[str, ...]
    next_review_on: date
    permitted: tuple[PracticeCode, ...]  # what this version of the plan permits (the plan in full, each time)


@dataclass(frozen=True)
class Review:
    """A review of seclusion or segregation."""

    use_key: str
    kind: ReviewKind
    reviewers: tuple[Reviewer, ...]
    outcome: str


@dataclass(frozen=True)
class Observe:
    """An observation during or after a use: a check in seclusion, or physical observations (vital signs)."""

    use_key: str
    observer: str
    vitals: VitalSigns | None = None
    risks: tuple[MonitoringRisk, ...] | None = None  # None: as before
    no_further_concerns: bool = False
    note: str | None = None


@dataclass(frozen=True)
class RequestDols:
    key: str
    supervisory_body: str


@dataclass(frozen=True)
class DecideDols:
    key: str
    outcome: DolsRequestOutcome


@dataclass(frozen=True)
class Correct:
    key: str | None  # None: the person's details
    correction: Correction
    reason: str


Action = (
    Open
    | Grant
    | EndGrant
    | RecordUse
    | EndUse
    | Debrief
    | Revise
    | Review
    | Observe
    | RequestDols
    | DecideDols
    | Correct
)


@dataclass(frozen=True)
class Step:
    at: datetime  # when it happens: the command's own time (held at, revised at, valid from, ...)
    ref: str  # the person's reference
    by: Actor | Recording  # the demo records with a Recording: who, and when staff wrote it down
    action: Action
    # When it was written down, if not as it happened: a use recorded a day late, and whatever names a use (its
    # reviews and observations, its debriefs) no earlier than the use itself. Steps run in this order.
    written: datetime | None = None

    @property
    def order(self) -> datetime:
        return self.written or self.at
