"""Output types of the entries a case records once and never corrects: reviews, observations, DoLS requests, ward
stays, notifications to CQC and departures from guidance."""

from __future__ import annotations

from datetime import datetime

import strawberry

from rpledger.application import vocabulary as v
from rpledger.graphql.enums import DolsRequestOutcome, MonitoringRisk, NotificationKind, ReviewKind, StaffRole


@strawberry.type
class Reviewer:
    name: str
    role: StaffRole
    involved_in_decision: bool = strawberry.field(description="Took part in the decision to seclude or segregate")


@strawberry.type(description="A review of a person in seclusion or segregation")
class Review:
    id: strawberry.ID
    use_id: strawberry.ID
    kind: ReviewKind
    held_at: datetime
    reviewers: list[Reviewer]
    face_to_face: bool
    outcome: str | None

    @classmethod
    def of(cls, r: v.Review) -> Review:
        return cls(
            id=strawberry.ID(str(r.id)),
            use_id=strawberry.ID(str(r.use_id)),
            kind=r.kind,
            held_at=r.held_at,
            reviewers=[
                Reviewer(name=x.name, role=x.role, involved_in_decision=x.involved_in_decision) for x in r.reviewers
            ],
            face_to_face=r.face_to_face,
            outcome=r.outcome,
        )


@strawberry.type(description="The observations taken; null where not taken")
class VitalSigns:
    pulse: int | None
    blood_pressure: str | None
    respiratory_rate: int | None
    temperature: float | None
    oxygen_saturation: int | None
    hydration: str | None
    consciousness: str | None
    side_effects: str | None


@strawberry.type(description="An observation during or after a use: seclusion checks, physical health after "
                 "restraint or rapid tranquillisation")
class Observation:
    id: strawberry.ID
    use_id: strawberry.ID
    observed_at: datetime
    observer: str
    vitals: VitalSigns | None
    risks: list[MonitoringRisk] | None = strawberry.field(
        description="The RT-02 risks that held from this observation; null when unchanged from the one before"
    )
    no_further_concerns: bool
    note: str | None

    @classmethod
    def of(cls, o: v.Observation) -> Observation:
        return cls(
            id=strawberry.ID(str(o.id)),
            use_id=strawberry.ID(str(o.use_id)),
            observed_at=o.observed_at,
            observer=o.observer,
            vitals=None if o.vitals is None else VitalSigns(**vars(o.vitals)),
            risks=None if o.risks is None else list(o.risks),
            no_further_concerns=o.no_further_concerns,
            note=o.note,
        )


@strawberry.type(description="A request to the supervisory body for a standard DoLS authorisation")
class StandardAuthorisationRequest:
    id: strawberry.ID
    requested_at: datetime
    supervisory_body: str
    outcome: DolsRequestOutcome | None = strawberry.field(description="Null until decided")
    decided_at: datetime | None

    @classmethod
    def of(cls, r: v.DolsRequest) -> StandardAuthorisationRequest:
        return cls(
            id=strawberry.ID(str(r.id)),
            requested_at=r.requested_at,
            supervisory_body=r.supervisory_body,
            outcome=r.outcome,
            decided_at=r.decided_at,
        )


@strawberry.type(description="A stay on a ward, from admission to discharge")
class Stay:
    id: strawberry.ID
    ward: str
    adult_ward: bool
    admitted_at: datetime
    discharged_at: datetime | None = strawberry.field(description="Null while the stay goes on")

    @classmethod
    def of(cls, s: v.Stay) -> Stay:
        return cls(
            id=strawberry.ID(str(s.id)),
            ward=s.ward,
            adult_ward=s.adult_ward,
            admitted_at=s.admitted_at,
            discharged_at=s.discharged_at,
        )


@strawberry.type(description="A statutory notification sent to CQC")
class Notification:
    id: strawberry.ID
    kind: NotificationKind
    sent_at: datetime
    reference: str | None

    @classmethod
    def of(cls, n: v.Notification) -> Notification:
        return cls(id=strawberry.ID(str(n.id)), kind=n.kind, sent_at=n.sent_at, reference=n.reference)


@strawberry.type(description="A justified departure from statutory or NICE guidance: the obligation or finding it "
                 "names shows as WAIVED from justifiedAt")
class Departure:
    id: strawberry.ID
    target_id: strawberry.ID = strawberry.field(description="The obligation or finding justified")
    rule_id: str
    subject: strawberry.ID = strawberry.field(description="The entry the obligation or finding is about")
    reason: str
    justified_at: datetime
    justified_by: str

    @classmethod
    def of(cls, d: v.Departure) -> Departure:
        return cls(
            id=strawberry.ID(str(d.id)),
            target_id=strawberry.ID(str(d.target_id)),
            rule_id=d.rule_id,
            subject=strawberry.ID(str(d.subject)),
            reason=d.reason,
            justified_at=d.justified_at,
            justified_by=d.justified_by,
        )
