"""Value objects recorded in a Case's events, and the entities the Case holds (all immutable)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Self
from uuid import UUID

from rpledger.domain.codes import (
    AuthorisationBasis,
    DebriefKind,
    DolsRequestOutcome,
    MonitoringRisk,
    NotificationKind,
    PracticeCode,
    ReasonCode,
    ReviewKind,
    StaffRole,
)


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


def recording_facts(by: Actor | Recording) -> dict[str, Any]:
    """The recording facts every event carries: who, in which request, and when (None: the moment it is created)."""
    recording = by if isinstance(by, Recording) else Recording(by)
    return {"recorded_by": recording.actor, "correlation_id": recording.correlation_id, "timestamp": recording.at}


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
    # RES-01: the cogent reason for any prone restraint; RES-06: why going to the floor could not be avoided.
    prone_reason: str | None = None
    floor_reason: str | None = None
    # Who decided on seclusion or segregation (SEC-01: a psychiatrist's face-to-face assessment counts as the first
    # medical review; SEC-03: reviewers not involved in this decision).
    decided_by: Decision | None = None
    # MHSDS has one code for segregation; long-term segregation is a local flag (section 1.2).
    long_term_segregation: bool = False
    # MCA-01 and MCA-03: restraint under the Mental Capacity Act.
    necessity: str | None = None
    proportionality: str | None = None
    less_restrictive_options: str | None = None


@dataclass(frozen=True)
class Decision(Value):
    """A decision to seclude or segregate: who took it, in what role, and when they assessed the person face to face
    (None when they did not)."""

    name: str
    role: StaffRole
    assessed_at: datetime | None = None


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
    # What DoLS-05 asks a standard authorisation to state beyond its period and conditions.
    place: str | None = None
    purpose: str | None = None
    qualifying_requirements: str | None = None
    extensions: tuple[Extension, ...] = ()

    def covers(self, practice: PracticeCode, at: datetime) -> bool:
        """Whether this authorisation, as granted by ``at``, covers ``practice`` at that moment."""
        if practice not in self.practices or self.granted_at > at:
            return False
        return self.valid_from <= at < self.lapses_at

    @property
    def lapses_at(self) -> datetime:
        """When it stops having effect: the end of its period (as extended), or its early end."""
        return self.valid_until if self.ended_at is None else min(self.valid_until, self.ended_at)


@dataclass(frozen=True)
class Extension(Value):
    """An urgent DoLS authorisation extended by the supervisory body (DOLS-02)."""

    extended_at: datetime
    previous_valid_until: datetime
    valid_until: datetime
    extended_by: str
    reason: str | None = None


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
    # The restrictive interventions this version of the plan permits (CP-03); None when it does not say.
    permitted_practices: tuple[PracticeCode, ...] | None = None


@dataclass(frozen=True)
class Reviewer(Value):
    name: str
    role: StaffRole
    involved_in_decision: bool = False


@dataclass(frozen=True)
class Review(Value):
    """A review of a person in seclusion or segregation (section 3.5): its kind, who took part, and its outcome."""

    id: UUID
    use_id: UUID
    kind: ReviewKind
    held_at: datetime
    reviewers: tuple[Reviewer, ...]
    face_to_face: bool = True
    outcome: str | None = None


@dataclass(frozen=True)
class VitalSigns(Value):
    """The observations NICE QS154 statement 4 lists after rapid tranquillisation; None means not taken."""

    pulse: int | None = None
    blood_pressure: str | None = None
    respiratory_rate: int | None = None
    temperature: float | None = None
    oxygen_saturation: int | None = None
    hydration: str | None = None
    consciousness: str | None = None
    side_effects: str | None = None

    @property
    def any_taken(self) -> bool:
        return any(getattr(self, name) is not None for name in self.__dataclass_fields__)


@dataclass(frozen=True)
class Observation(Value):
    """An observation of a person during or after a use: seclusion checks (SEC-07), physical health after restraint
    (RES-04) and after rapid tranquillisation (RT-01, RT-02).

    ``risks`` is the set of RT-02 risks that hold from this moment (None: unchanged since the last observation);
    ``no_further_concerns`` is the clinician's statement that ends rapid tranquillisation monitoring.
    """

    id: UUID
    use_id: UUID
    observed_at: datetime
    observer: str
    vitals: VitalSigns | None = None
    risks: tuple[MonitoringRisk, ...] | None = None
    no_further_concerns: bool = False
    note: str | None = None


@dataclass(frozen=True)
class DolsRequest(Value):
    """A request to the supervisory body for a standard authorisation (DOLS-02, DOLS-07, DOLS-08)."""

    id: UUID
    requested_at: datetime
    supervisory_body: str
    outcome: DolsRequestOutcome | None = None
    decided_at: datetime | None = None


@dataclass(frozen=True)
class Stay(Value):
    """A stay on a ward, from admission to discharge (NOTIF-01 needs to know whether the ward is for adults)."""

    id: UUID
    ward: str
    adult_ward: bool
    admitted_at: datetime
    discharged_at: datetime | None = None


@dataclass(frozen=True)
class Notification(Value):
    id: UUID
    kind: NotificationKind
    sent_at: datetime
    reference: str | None = None


@dataclass(frozen=True)
class Departure(Value):
    """A clinician's recorded reason for departing from statutory guidance: the obligation or finding it justifies
    shows as WAIVED from ``justified_at``. ``subject`` is what the obligation or finding is about (for replay)."""

    id: UUID
    target_id: UUID
    rule_id: str
    subject: UUID
    reason: str
    justified_at: datetime
    justified_by: str
