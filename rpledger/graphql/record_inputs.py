"""Mutation inputs of the records kept beside a case's uses (reviews and observations of a use, DoLS extensions and
requests, ward stays, notifications to CQC and justified departures), and their translation into the application's
values; the inputs of the case itself, its uses, debriefs, care plan, corrections and retractions are in ``inputs``.
Problems found while translating are collected as ``UserError``s so that nothing is written."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from rpledger.application import vocabulary as v
from rpledger.graphql.enums import DolsRequestOutcome, MonitoringRisk, NotificationKind, ReviewKind, StaffRole
from rpledger.graphql.errors import InputErrors


@strawberry.input
class ReviewerInput:
    name: str
    role: StaffRole
    involved_in_decision: bool = strawberry.field(
        default=False, description="Whether they took part in the decision to seclude or segregate"
    )


@strawberry.input
class RecordReviewInput:
    case_id: strawberry.ID
    use_id: strawberry.ID = strawberry.field(description="The seclusion or segregation reviewed")
    kind: ReviewKind
    held_at: datetime
    reviewers: list[ReviewerInput]
    face_to_face: bool = True
    outcome: str | None = None


@strawberry.input(description="The observations taken; leave out those not taken")
class VitalSignsInput:
    pulse: int | None = strawberry.field(default=None, description="Beats per minute")
    blood_pressure: str | None = strawberry.field(default=None, description="e.g. 120/80")
    respiratory_rate: int | None = strawberry.field(default=None, description="Breaths per minute")
    temperature: float | None = strawberry.field(default=None, description="Degrees Celsius")
    oxygen_saturation: int | None = strawberry.field(default=None, description="SpO2, per cent")
    hydration: str | None = None
    consciousness: str | None = strawberry.field(default=None, description="e.g. the AVPU level")
    side_effects: str | None = None


@strawberry.input
class RecordObservationInput:
    case_id: strawberry.ID
    use_id: strawberry.ID = strawberry.field(description="The use during or after which the person was observed")
    observed_at: datetime
    observer: str
    vitals: VitalSignsInput | None = None
    risks: list[MonitoringRisk] | None = strawberry.field(
        default=None, description="The RT-02 risks that hold from now: leave out for unchanged, [] for none"
    )
    no_further_concerns: bool = strawberry.field(
        default=False, description="A clinician's statement that ends monitoring after rapid tranquillisation"
    )
    note: str | None = None


@strawberry.input
class ExtendAuthorisationInput:
    case_id: strawberry.ID
    authorisation_id: strawberry.ID = strawberry.field(description="An urgent DoLS authorisation")
    valid_until: datetime = strawberry.field(description="The new end (exclusive), after the current one")
    extended_by: str = strawberry.field(description="The supervisory body, and who there extended it")
    extended_at: datetime | None = strawberry.field(default=None, description="Defaults to now")
    reason: str | None = None


@strawberry.input
class RequestStandardAuthorisationInput:
    case_id: strawberry.ID
    requested_at: datetime
    supervisory_body: str


@strawberry.input
class DecideStandardAuthorisationRequestInput:
    case_id: strawberry.ID
    request_id: strawberry.ID
    outcome: DolsRequestOutcome
    decided_at: datetime


@strawberry.input
class AdmitToWardInput:
    case_id: strawberry.ID
    ward: str
    adult_ward: bool = strawberry.field(description="Whether the ward is for adults (NOTIF-01)")
    admitted_at: datetime


@strawberry.input
class DischargeFromWardInput:
    case_id: strawberry.ID
    stay_id: strawberry.ID
    discharged_at: datetime


@strawberry.input
class RecordNotificationInput:
    case_id: strawberry.ID
    kind: NotificationKind
    sent_at: datetime
    reference: str | None = strawberry.field(default=None, description="CQC's or the provider's reference")


@strawberry.input(description="Justify a departure from statutory or NICE guidance for an obligation not met on time "
                  "or an open finding; it then shows as WAIVED")
class JustifyDepartureInput:
    case_id: strawberry.ID
    target_id: strawberry.ID = strawberry.field(description="The obligation's or finding's id")
    reason: str = strawberry.field(description="The cogent reason for departing from the guidance")
    justified_at: datetime | None = strawberry.field(default=None, description="Defaults to now")


# -------------------------------------------------------------------------------------------- translation


def review(errors: InputErrors, given: RecordReviewInput) -> v.Review:
    """The review as the application records it (its id is issued by the application)."""
    return v.Review(
        id=UUID(int=0),
        use_id=errors.identifier("useId", given.use_id, "UNKNOWN_USE"),
        kind=given.kind,
        held_at=errors.moment("heldAt", given.held_at),
        reviewers=tuple(v.Reviewer(r.name, r.role, r.involved_in_decision) for r in given.reviewers),
        face_to_face=given.face_to_face,
        outcome=given.outcome,
    )


def observation(errors: InputErrors, given: RecordObservationInput) -> v.Observation:
    """The observation as the application records it (its id is issued by the application)."""
    return v.Observation(
        id=UUID(int=0),
        use_id=errors.identifier("useId", given.use_id, "UNKNOWN_USE"),
        observed_at=errors.moment("observedAt", given.observed_at),
        observer=given.observer,
        vitals=None if given.vitals is None else v.VitalSigns(**vars(given.vitals)),
        risks=None if given.risks is None else tuple(dict.fromkeys(given.risks)),
        no_further_concerns=given.no_further_concerns,
        note=given.note,
    )
