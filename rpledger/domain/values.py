"""Value objects recorded in a Case's events, and the entities the Case holds (all immutable)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Self
from uuid import UUID

from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, ReasonCode


class Value:
    """An immutable value: copying it (the aggregate cache deep-copies every case it hands out) returns itself."""

    __slots__ = ()

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        return self


@dataclass(frozen=True)
class Actor(Value):
    """Who recorded an entry. From the caller's identity, never from the entry's own content."""

    id: str
    name: str
    role: str


@dataclass(frozen=True)
class Recording(Value):
    """The facts of recording an entry: who recorded it, when (the application's clock; None lets the event take
    the moment it is created), and the correlation id shared by everything one request recorded."""

    actor: Actor
    at: datetime | None = None
    correlation_id: str | None = None


@dataclass(frozen=True)
class Segment(Value):
    """One typed part of a use, as MHSDS has one MHS515 row per type with its own start and end.

    ``ended_at`` is None only for the last segment of a use that is still going on (seclusion, segregation).
    """

    practice: PracticeCode
    started_at: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True)
class StaffMember(Value):
    """A member of staff who used force: UoF Act s6(5)(h) needs the name and the job title."""

    name: str
    job_title: str | None = None


@dataclass(frozen=True)
class NonStaffParticipant(Value):
    """Someone other than unit staff who took part (police, for example): s6(5)(i) needs the reason."""

    name: str
    reason: str | None = None


@dataclass(frozen=True)
class Injuries(Value):
    """The three MHSDS injury flags of an incident."""

    patient: bool | None = None
    staff: bool | None = None
    other_person: bool | None = None


@dataclass(frozen=True)
class PersonDetails(Value):
    """What the record of a use of force needs about the person (UoF Act s6(5)(e), (g), (j), (k), (l)).

    ``mental_disorder`` and ``relevant_characteristics`` are required "if known": an explicit "not known" counts
    as recorded, silence does not.
    """

    name: str | None = None
    nhs_number: str | None = None
    mental_disorder: str | None = None
    relevant_characteristics: str | None = None
    learning_disability_or_autism: bool | None = None


@dataclass(frozen=True)
class UseDetails(Value):
    """The facts of a use of force beyond its segments, mostly the UoF Act s6(5) items. None means not recorded."""

    reason: ReasonCode | None = None
    reason_detail: str | None = None
    place: str | None = None
    description: str | None = None
    staff: tuple[StaffMember, ...] = ()
    non_staff: tuple[NonStaffParticipant, ...] | None = None
    de_escalation: str | None = None
    injuries: Injuries | None = None
    outcome: str | None = None
    died_or_seriously_injured: bool | None = None
    in_care_plan: bool | None = None
    care_plan_contacts_notified: bool | None = None


@dataclass(frozen=True)
class Use(Value):
    """One use of restrictive practice (an MHSDS incident): its typed segments and details."""

    id: UUID
    segments: tuple[Segment, ...]
    details: UseDetails

    @property
    def started_at(self) -> datetime:
        return self.segments[0].started_at

    @property
    def ended_at(self) -> datetime | None:
        return self.segments[-1].ended_at

    @property
    def practices(self) -> tuple[PracticeCode, ...]:
        seen: dict[PracticeCode, None] = {}
        for segment in self.segments:
            seen.setdefault(segment.practice, None)
        return tuple(seen)

    def ended(self, at: datetime) -> Use:
        last = replace(self.segments[-1], ended_at=at)
        return replace(self, segments=(*self.segments[:-1], last))


@dataclass(frozen=True)
class Authorisation(Value):
    """A lawful basis for restrictive practice, valid from ``valid_from`` until ``valid_until`` (exclusive)."""

    id: UUID
    basis: AuthorisationBasis
    practices: tuple[PracticeCode, ...]
    valid_from: datetime
    valid_until: datetime
    granted_at: datetime
    granted_by: str
    conditions: str | None = None
    ended_at: datetime | None = None
    end_reason: str | None = None

    def covers(self, practice: PracticeCode, at: datetime) -> bool:
        """Whether this authorisation, as granted by ``at``, covers ``practice`` at that moment."""
        if practice not in self.practices or self.granted_at > at:
            return False
        until = self.valid_until if self.ended_at is None else min(self.valid_until, self.ended_at)
        return self.valid_from <= at < until


@dataclass(frozen=True)
class Debrief(Value):
    """A debrief or post-incident review of one or more uses, held or declined."""

    id: UUID
    use_ids: tuple[UUID, ...]
    kind: DebriefKind
    held_at: datetime
    declined_reason: str | None = None

    @property
    def was_held(self) -> bool:
        return self.declined_reason is None


@dataclass(frozen=True)
class CarePlanRevision(Value):
    """A new version of the person's care (or behaviour support) plan."""

    id: UUID
    version: int
    revised_at: datetime
    triggered_by: tuple[UUID, ...]
    summary: str
    changes: tuple[str, ...] = ()
    next_review_on: date | None = None
