"""Mutations for the entries a case records once and never corrects: reviews of seclusion and segregation,
observations, DoLS extensions and standard requests, ward stays, notifications to CQC and justified departures from
guidance. As in ``mutations``, each translates its input, makes one application call, and returns the new entry and
the case with any ``UserError``s; a mutation that returns errors has written nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

import strawberry

from rpledger.application.dto import CaseEntries
from rpledger.graphql import record_inputs as i
from rpledger.graphql.case_types import Case
from rpledger.graphql.entry_types import Authorisation, AuthorisationExtension
from rpledger.graphql.errors import IdempotencyKey, InputErrors, Once, UserError, run
from rpledger.graphql.mutations import case_of, reachable_case_id
from rpledger.graphql.record_types import (
    Departure,
    Notification,
    Observation,
    Review,
    StandardAuthorisationRequest,
    Stay,
)
from rpledger.graphql.types import Info

E = TypeVar("E")


def _found(
    info: Info, case_id: UUID, entry_id: UUID | None, entries: Callable[[CaseEntries], tuple[E, ...]]
) -> E | None:
    """The entry with ``entry_id`` among the case's entries of one kind, once a command has recorded it."""
    if entry_id is None:
        return None
    return next((e for e in entries(info.context.cases.entries(case_id)) if e.id == entry_id), None)  # type: ignore[attr-defined]


@strawberry.type
class RecordReviewPayload:
    review: Review | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class RecordObservationPayload:
    observation: Observation | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class ExtendAuthorisationPayload:
    extension: AuthorisationExtension | None = strawberry.field(description="The extension just recorded")
    authorisation: Authorisation | None = strawberry.field(description="The authorisation as extended")
    case: Case | None
    errors: list[UserError]


@strawberry.type
class RequestStandardAuthorisationPayload:
    standard_authorisation_request: StandardAuthorisationRequest | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class DecideStandardAuthorisationRequestPayload:
    standard_authorisation_request: StandardAuthorisationRequest | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class AdmitToWardPayload:
    stay: Stay | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class DischargeFromWardPayload:
    stay: Stay | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class RecordNotificationPayload:
    notification: Notification | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class JustifyDeparturePayload:
    departure: Departure | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class RecordMutation:
    @strawberry.mutation(description="Record a review of a person in seclusion or segregation")
    def record_review(
        self, info: Info, input: i.RecordReviewInput, idempotency_key: IdempotencyKey = None
    ) -> RecordReviewPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        review = i.review(errors, input)
        cases, actor = info.context.cases, info.context.recording
        review_id = run(
            errors, lambda: cases.record_review(case_id, review, actor),
            once=Once(info, idempotency_key, input),
        )
        found = _found(info, case_id, review_id, lambda e: e.reviews)
        return RecordReviewPayload(
            review=None if found is None else Review.of(found),
            case=case_of(info, case_id if review_id else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Record an observation of a person during or after a use")
    def record_observation(
        self, info: Info, input: i.RecordObservationInput, idempotency_key: IdempotencyKey = None
    ) -> RecordObservationPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        observation = i.observation(errors, input)
        cases, actor = info.context.cases, info.context.recording
        observation_id = run(
            errors, lambda: cases.record_observation(case_id, observation, actor),
            once=Once(info, idempotency_key, input),
        )
        found = _found(info, case_id, observation_id, lambda e: e.observations)
        return RecordObservationPayload(
            observation=None if found is None else Observation.of(found),
            case=case_of(info, case_id if observation_id else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Record the supervisory body's extension of an urgent DoLS authorisation")
    def extend_authorisation(
        self, info: Info, input: i.ExtendAuthorisationInput, idempotency_key: IdempotencyKey = None
    ) -> ExtendAuthorisationPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        authorisation_id = errors.identifier("authorisationId", input.authorisation_id, "UNKNOWN_AUTHORISATION")
        valid_until = errors.moment("validUntil", input.valid_until)
        extended_at = errors.optional_moment("extendedAt", input.extended_at)
        cases, actor = info.context.cases, info.context.recording
        run(errors, lambda: cases.extend_authorisation(
            case_id, authorisation_id, valid_until, input.extended_by, actor,
            extended_at=extended_at, reason=input.reason,
        ), once=Once(info, idempotency_key, input))
        done = not errors.errors
        found = _found(info, case_id, authorisation_id if done else None, lambda e: e.authorisations)
        return ExtendAuthorisationPayload(
            extension=AuthorisationExtension.of(found.extensions[-1]) if found and found.extensions else None,
            authorisation=None if found is None else Authorisation.of(found),
            case=case_of(info, case_id if done else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Record a request to the supervisory body for a standard DoLS authorisation")
    def request_standard_authorisation(
        self, info: Info, input: i.RequestStandardAuthorisationInput, idempotency_key: IdempotencyKey = None) -> RequestStandardAuthorisationPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        requested_at = errors.moment("requestedAt", input.requested_at)
        cases, actor = info.context.cases, info.context.recording
        request_id = run(errors, lambda: cases.request_standard_authorisation(
            case_id, requested_at, input.supervisory_body, actor
        ), once=Once(info, idempotency_key, input))
        found = _found(info, case_id, request_id, lambda e: e.dols_requests)
        return RequestStandardAuthorisationPayload(
            standard_authorisation_request=None if found is None else StandardAuthorisationRequest.of(found),
            case=case_of(info, case_id if request_id else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Record the supervisory body's decision on a standard authorisation request")
    def decide_standard_authorisation_request(
        self, info: Info, input: i.DecideStandardAuthorisationRequestInput, idempotency_key: IdempotencyKey = None) -> DecideStandardAuthorisationRequestPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        request_id = errors.identifier("requestId", input.request_id, "UNKNOWN_REQUEST")
        decided_at = errors.moment("decidedAt", input.decided_at)
        cases, actor = info.context.cases, info.context.recording
        run(
            errors, lambda: cases.decide_dols_request(case_id, request_id, input.outcome, decided_at, actor),
            once=Once(info, idempotency_key, input),
        )
        done = not errors.errors
        found = _found(info, case_id, request_id if done else None, lambda e: e.dols_requests)
        return DecideStandardAuthorisationRequestPayload(
            standard_authorisation_request=None if found is None else StandardAuthorisationRequest.of(found),
            case=case_of(info, case_id if done else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Record an admission to a ward")
    def admit_to_ward(
        self, info: Info, input: i.AdmitToWardInput, idempotency_key: IdempotencyKey = None
    ) -> AdmitToWardPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        admitted_at = errors.moment("admittedAt", input.admitted_at)
        cases, actor = info.context.cases, info.context.recording
        stay_id = run(
            errors, lambda: cases.admit(case_id, input.ward, input.adult_ward, admitted_at, actor),
            once=Once(info, idempotency_key, input),
        )
        found = _found(info, case_id, stay_id, lambda e: e.stays)
        return AdmitToWardPayload(
            stay=None if found is None else Stay.of(found),
            case=case_of(info, case_id if stay_id else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Record a discharge from the ward a stay began on")
    def discharge_from_ward(
        self, info: Info, input: i.DischargeFromWardInput, idempotency_key: IdempotencyKey = None
    ) -> DischargeFromWardPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        stay_id = errors.identifier("stayId", input.stay_id, "UNKNOWN_STAY")
        discharged_at = errors.moment("dischargedAt", input.discharged_at)
        cases, actor = info.context.cases, info.context.recording
        run(
            errors, lambda: cases.discharge(case_id, stay_id, discharged_at, actor),
            once=Once(info, idempotency_key, input),
        )
        done = not errors.errors
        found = _found(info, case_id, stay_id if done else None, lambda e: e.stays)
        return DischargeFromWardPayload(
            stay=None if found is None else Stay.of(found),
            case=case_of(info, case_id if done else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Record a statutory notification sent to CQC")
    def record_notification(
        self, info: Info, input: i.RecordNotificationInput, idempotency_key: IdempotencyKey = None
    ) -> RecordNotificationPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        sent_at = errors.moment("sentAt", input.sent_at)
        cases, actor = info.context.cases, info.context.recording
        notification_id = run(errors, lambda: cases.send_notification(
            case_id, input.kind, sent_at, actor, reference=input.reference
        ), once=Once(info, idempotency_key, input))
        found = _found(info, case_id, notification_id, lambda e: e.notifications)
        return RecordNotificationPayload(
            notification=None if found is None else Notification.of(found),
            case=case_of(info, case_id if notification_id else None),
            errors=errors.errors,
        )

    @strawberry.mutation(
        description="Justify a departure from statutory or NICE guidance: the obligation (not met on time) or open "
        "finding named shows as WAIVED; legal requirements cannot be departed from"
    )
    def justify_departure(
        self, info: Info, input: i.JustifyDepartureInput, idempotency_key: IdempotencyKey = None
    ) -> JustifyDeparturePayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        target_id = errors.identifier("targetId", input.target_id, "UNKNOWN_TARGET")
        justified_at = errors.optional_moment("justifiedAt", input.justified_at)
        cases, actor = info.context.cases, info.context.recording
        departure_id = run(errors, lambda: cases.justify_departure(
            case_id, target_id, input.reason, actor, justified_at=justified_at
        ), once=Once(info, idempotency_key, input))
        found = _found(info, case_id, departure_id, lambda e: e.departures)
        return JustifyDeparturePayload(
            departure=None if found is None else Departure.of(found),
            case=case_of(info, case_id if departure_id else None),
            errors=errors.errors,
        )
