"""Output types of a case's main entries, each wrapping an application value: its uses (with their segments and the
Use of Force Act details), authorisations (with their extensions), debriefs and care-plan revisions. The records
kept beside them (reviews, observations, DoLS requests, stays, notifications, departures) are in ``record_types``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from rpledger.application import vocabulary as v
from rpledger.application.dto import UseSummary
from rpledger.graphql.enums import AuthorisationBasis, DebriefKind, PracticeCode, ReasonCode, StaffRole


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
