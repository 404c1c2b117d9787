"""Output types. Each wraps an application DTO; fields that depend on a moment take ``asOf`` and otherwise use the
moment of the query that produced them (``cases(asOf: ...)``) or now."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from rpledger.application import vocabulary as v
from rpledger.application.dto import HistoryEntry as HistoryEntryDto
from rpledger.application.dto import UseSummary
from rpledger.graphql.context import Context
from rpledger.graphql.enums import (
    AuthorisationBasis,
    DebriefKind,
    ObligationStatus,
    PracticeCode,
    ReasonCode,
    StaffRole,
)
from rpledger.graphql.scalars import checked_moment

Info = strawberry.Info[Context, None]


def moment_of(info: Info, as_of: datetime | None, inherited: datetime | None) -> datetime:
    if as_of is not None:
        return checked_moment("asOf", as_of)
    return inherited or info.context.clock()


@strawberry.type
class Actor:
    id: str
    name: str
    role: str


@strawberry.type
class Obligation:
    _obligation: strawberry.Private[v.Obligation]
    _moment: strawberry.Private[datetime | None]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._obligation.id))

    @strawberry.field
    def rule_id(self) -> str:
        return self._obligation.rule.id

    @strawberry.field
    def description(self) -> str:
        return self._obligation.rule.description

    @strawberry.field
    def source(self) -> str:
        return self._obligation.rule.source

    @strawberry.field
    def confidence(self) -> str:
        return self._obligation.rule.confidence

    @strawberry.field
    def triggered_by(self) -> strawberry.ID:
        return strawberry.ID(str(self._obligation.triggered_by))

    @strawberry.field(description="When the triggering event happened: the obligation exists from then.")
    def opened_at(self) -> datetime:
        return self._obligation.opened_at

    @strawberry.field
    def due_at(self) -> datetime:
        return self._obligation.due_at

    @strawberry.field(description="When it was met, if it had been by the moment asked about")
    def met_at(self, info: Info) -> datetime | None:
        return self._obligation.met_at if self._met_by_then(info) else None

    @strawberry.field(description="The entry that met the obligation, if it had by the moment asked about")
    def met_by(self, info: Info) -> strawberry.ID | None:
        met_by = self._obligation.met_by
        return strawberry.ID(str(met_by)) if met_by is not None and self._met_by_then(info) else None

    def _met_by_then(self, info: Info) -> bool:
        met_at = self._obligation.met_at
        return met_at is not None and met_at <= moment_of(info, None, self._moment)

    @strawberry.field(description="Whether the rule is guidance a clinician may depart from with a justification")
    def departable(self) -> bool:
        return self._obligation.rule.departable

    @strawberry.field(description="When a departure from the guidance was justified, if it had been by the moment")
    def waived_at(self, info: Info) -> datetime | None:
        return self._obligation.waived_at if self._waived_by_then(info) else None

    @strawberry.field(description="The justification of the departure, if it had been made by the moment")
    def waiver_reason(self, info: Info) -> str | None:
        return self._obligation.waiver_reason if self._waived_by_then(info) else None

    def _waived_by_then(self, info: Info) -> bool:
        waived_at = self._obligation.waived_at
        return waived_at is not None and waived_at <= moment_of(info, None, self._moment)

    @strawberry.field
    def status(self, info: Info, as_of: datetime | None = None) -> ObligationStatus:
        return self._obligation.status(moment_of(info, as_of, self._moment))

    @strawberry.field(description="Met: seconds from trigger to meeting. Open: seconds left (negative when overdue).")
    def time_to_review_seconds(self, info: Info, as_of: datetime | None = None) -> int | None:
        return self._obligation.time_to_review_seconds(moment_of(info, as_of, self._moment))


@strawberry.type
class Finding:
    _finding: strawberry.Private[v.Finding]
    _moment: strawberry.Private[datetime | None] = None

    @strawberry.field(description="Stable: the same rule about the same subject from the same moment")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._finding.id))

    @strawberry.field
    def rule_id(self) -> str:
        return self._finding.rule.id

    @strawberry.field
    def description(self) -> str:
        return self._finding.rule.description

    @strawberry.field
    def source(self) -> str:
        return self._finding.rule.source

    @strawberry.field
    def confidence(self) -> str:
        return self._finding.rule.confidence

    @strawberry.field(description="The entry the finding is about (for these rules, a use).")
    def subject(self) -> strawberry.ID:
        return strawberry.ID(str(self._finding.subject))

    @strawberry.field(description="When the finding arose.")
    def at(self) -> datetime:
        return self._finding.at

    @strawberry.field(description="When a later entry (such as a correction) resolved it, if one had by the moment")
    def resolved_at(self, info: Info) -> datetime | None:
        resolved_at = self._finding.resolved_at
        moment = moment_of(info, None, self._moment)
        return resolved_at if resolved_at is not None and resolved_at <= moment else None

    @strawberry.field(description="What exactly is wrong, e.g. which Use of Force Act items are missing.")
    def detail(self) -> str:
        return self._finding.detail

    @strawberry.field(description="Whether the rule is guidance a clinician may depart from with a justification")
    def departable(self) -> bool:
        return self._finding.rule.departable

    @strawberry.field(description="When a departure from the guidance was justified, if it had been by the moment")
    def waived_at(self, info: Info) -> datetime | None:
        return self._finding.waived_at if self._waived_by_then(info) else None

    @strawberry.field(description="The justification of the departure, if it had been made by the moment")
    def waiver_reason(self, info: Info) -> str | None:
        return self._finding.waiver_reason if self._waived_by_then(info) else None

    def _waived_by_then(self, info: Info) -> bool:
        waived_at = self._finding.waived_at
        return waived_at is not None and waived_at <= moment_of(info, None, self._moment)


@strawberry.type
class UseSegment:
    practice: PracticeCode
    national_code: str | None = strawberry.field(description="MHSDS RestrictiveIntType, where the data set has one")
    started_at: datetime
    ended_at: datetime | None


@strawberry.type
class StaffMember:
    name: str
    job_title: str | None


@strawberry.type
class NonStaffParticipant:
    name: str
    reason: str | None


@strawberry.type
class Injuries:
    patient: bool | None
    staff: bool | None
    other_person: bool | None


@strawberry.type
class Use:
    _use: strawberry.Private[UseSummary]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._use.id))

    @strawberry.field
    def started_at(self) -> datetime:
        return self._use.started_at

    @strawberry.field(description="Null while the use is still going on.")
    def ended_at(self) -> datetime | None:
        return self._use.ended_at

    @strawberry.field
    def segments(self) -> list[UseSegment]:
        return [UseSegment(practice=s.practice, national_code=s.practice.national_code, started_at=s.started_at, ended_at=s.ended_at) for s in self._use.segments]

    @strawberry.field
    def reason(self) -> ReasonCode | None:
        return self._use.details.reason

    @strawberry.field
    def reason_national_code(self) -> str | None:
        reason = self._use.details.reason
        return None if reason is None else reason.national_code

    @strawberry.field
    def details(self) -> UseDetails:
        d = self._use.details
        injuries = None if d.injuries is None else Injuries(**vars(d.injuries))
        non_staff = None if d.non_staff is None else [NonStaffParticipant(name=n.name, reason=n.reason) for n in d.non_staff]
        return UseDetails(
            reason_detail=d.reason_detail,
            place=d.place,
            description=d.description,
            staff=[StaffMember(name=s.name, job_title=s.job_title) for s in d.staff],
            non_staff=non_staff,
            de_escalation=d.de_escalation,
            injuries=injuries,
            outcome=d.outcome,
            died_or_seriously_injured=d.died_or_seriously_injured,
            in_care_plan=d.in_care_plan,
            care_plan_contacts_notified=d.care_plan_contacts_notified,
            prone_reason=d.prone_reason,
            floor_reason=d.floor_reason,
            decided_by=None if d.decided_by is None else Decision.of(d.decided_by),
            long_term_segregation=d.long_term_segregation,
            necessity=d.necessity,
            proportionality=d.proportionality,
            less_restrictive_options=d.less_restrictive_options,
        )


@strawberry.type(description="Who decided on seclusion or segregation, in what role, and when they assessed the "
                 "person face to face (null when they did not)")
class Decision:
    name: str
    role: StaffRole
    assessed_at: datetime | None

    @classmethod
    def of(cls, d: v.Decision) -> Decision:
        return cls(name=d.name, role=d.role, assessed_at=d.assessed_at)


@strawberry.type
class UseDetails:
    reason_detail: str | None
    place: str | None
    description: str | None
    staff: list[StaffMember]
    non_staff: list[NonStaffParticipant] | None
    de_escalation: str | None
    injuries: Injuries | None
    outcome: str | None
    died_or_seriously_injured: bool | None
    in_care_plan: bool | None
    care_plan_contacts_notified: bool | None
    prone_reason: str | None = strawberry.field(description="The cogent reason for prone restraint (RES-01)")
    floor_reason: str | None = strawberry.field(description="Why going to the floor was unavoidable (RES-06)")
    decided_by: Decision | None = strawberry.field(description="Who decided on seclusion or segregation")
    long_term_segregation: bool
    necessity: str | None = strawberry.field(description="Mental Capacity Act restraint: why necessary (MCA-01)")
    proportionality: str | None = strawberry.field(description="Mental Capacity Act restraint: why proportionate")
    less_restrictive_options: str | None = strawberry.field(
        description="Mental Capacity Act restraint: the less restrictive options considered (MCA-03)"
    )


@strawberry.type(description="An urgent DoLS authorisation extended by the supervisory body")
class AuthorisationExtension:
    extended_at: datetime
    previous_valid_until: datetime
    valid_until: datetime
    extended_by: str
    reason: str | None

    @classmethod
    def of(cls, x: v.Extension) -> AuthorisationExtension:
        return cls(
            extended_at=x.extended_at,
            previous_valid_until=x.previous_valid_until,
            valid_until=x.valid_until,
            extended_by=x.extended_by,
            reason=x.reason,
        )


@strawberry.type
class Authorisation:
    id: strawberry.ID
    basis: AuthorisationBasis
    practices: list[PracticeCode]
    valid_from: datetime
    valid_until: datetime
    granted_at: datetime
    granted_by: str
    conditions: str | None
    ended_at: datetime | None
    end_reason: str | None
    place: str | None = strawberry.field(description="The hospital or care home (DoLS-05)")
    purpose: str | None
    qualifying_requirements: str | None = strawberry.field(description="Why each qualifying requirement is met")
    extensions: list[AuthorisationExtension] = strawberry.field(
        description="Its extensions in order; validUntil is the end as last extended"
    )

    @classmethod
    def of(cls, a: Any) -> Authorisation:
        return cls(
            id=strawberry.ID(str(a.id)),
            basis=a.basis,
            practices=list(a.practices),
            valid_from=a.valid_from,
            valid_until=a.valid_until,
            granted_at=a.granted_at,
            granted_by=a.granted_by,
            conditions=a.conditions,
            ended_at=a.ended_at,
            end_reason=a.end_reason,
            place=a.place,
            purpose=a.purpose,
            qualifying_requirements=a.qualifying_requirements,
            extensions=[AuthorisationExtension.of(x) for x in a.extensions],
        )


@strawberry.type
class Debrief:
    id: strawberry.ID
    use_ids: list[strawberry.ID]
    kind: DebriefKind
    held_at: datetime = strawberry.field(description="When it was held, or offered and declined")
    declined_reason: str | None

    @classmethod
    def of(cls, d: Any) -> Debrief:
        return cls(
            id=strawberry.ID(str(d.id)),
            use_ids=[strawberry.ID(str(u)) for u in d.use_ids],
            kind=d.kind,
            held_at=d.held_at,
            declined_reason=d.declined_reason,
        )


@strawberry.type
class CarePlanRevision:
    id: strawberry.ID
    version: int
    revised_at: datetime
    triggered_by: list[strawberry.ID]
    summary: str
    changes: list[str]
    next_review_date: date | None
    permitted_practices: list[PracticeCode] | None = strawberry.field(
        description="The restrictive interventions this version permits; null when it does not say"
    )

    @classmethod
    def of(cls, r: Any) -> CarePlanRevision:
        return cls(
            id=strawberry.ID(str(r.id)),
            version=r.version,
            revised_at=r.revised_at,
            triggered_by=[strawberry.ID(str(u)) for u in r.triggered_by],
            summary=r.summary,
            changes=list(r.changes),
            next_review_date=r.next_review_on,
            permitted_practices=None if r.permitted_practices is None else list(r.permitted_practices),
        )


@strawberry.type
class HistoryEntry:
    position: int
    kind: str = strawberry.field(description="The event, e.g. UseRecorded, DebriefHeld, EntryCorrected")
    entry_id: strawberry.ID = strawberry.field(description="The entry the event created or concerns")
    corrects: strawberry.ID | None = strawberry.field(description="For a correction, the entry it corrects")
    retracts: strawberry.ID | None = strawberry.field(description="For a retraction, the entry it retracts")
    occurred_at: datetime = strawberry.field(description="When it happened, as the recorder said")
    recorded_at: datetime = strawberry.field(description="When it was recorded")
    recorded_by: Actor
    correlation_id: str | None = strawberry.field(description="Shared by every entry one request recorded")
    recording_delay_seconds: int = strawberry.field(description="From when it happened to when it was recorded")
    late: bool = strawberry.field(description="Recorded later after it happened than the policy allows")
    summary: str
    details: JSON

    @classmethod
    def of(cls, e: HistoryEntryDto) -> HistoryEntry:
        return cls(
            position=e.position,
            kind=e.kind,
            entry_id=strawberry.ID(str(e.entry_id)),
            corrects=None if e.corrects is None else strawberry.ID(str(e.corrects)),
            retracts=None if e.retracts is None else strawberry.ID(str(e.retracts)),
            occurred_at=e.occurred_at,
            recorded_at=e.recorded_at,
            recorded_by=Actor(id=e.recorded_by.id, name=e.recorded_by.name, role=e.recorded_by.role),
            correlation_id=e.correlation_id,
            recording_delay_seconds=e.recording_delay_seconds,
            late=e.late,
            summary=e.summary,
            details=e.details,
        )
