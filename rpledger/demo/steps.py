"""The demo's plan is a list of steps: each one application command, with when it happens and who records it.

Keys name the entries a later step refers to; the ids the application gives them are known only when recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, Setting
from rpledger.domain.correction import Correction
from rpledger.domain.values import Actor, PersonDetails, Recording, Segment, UseDetails


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
    use_keys: tuple[str, ...]
    summary: str
    changes: tuple[str, ...]
    next_review_on: date


@dataclass(frozen=True)
class Correct:
    key: str | None  # None: the person's details
    correction: Correction
    reason: str


Action = Open | Grant | EndGrant | RecordUse | EndUse | Debrief | Revise | Correct


@dataclass(frozen=True)
class Step:
    at: datetime  # when it happens: the command's own time (held at, revised at, valid from, ...)
    ref: str  # the person's reference
    by: Actor | Recording  # the demo records with a Recording: who, and when staff wrote it down
    action: Action
