"""Commands for the entries a case records once and never corrects: seclusion and segregation reviews,
observations, DoLS requests and extensions, ward stays, notifications to CQC and departures from guidance.

A mistake in one of these is retracted and recorded again. ``Case`` mixes this in; the events (and their apply
bodies) are declared on ``Case`` itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from rpledger.domain import checks, errors
from rpledger.domain.codes import DolsRequestOutcome
from rpledger.domain.values import (
    Actor,
    Authorisation,
    Departure,
    DolsRequest,
    Extension,
    Notification,
    Observation,
    Recording,
    Review,
    Stay,
    Use,
    recording_facts,
)


class RecordCommands:
    if TYPE_CHECKING:  # provided by Case (and, for _require_new_entry, the CaseCommands it mixes in)

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...
        def _require_new_entry(self, entry_id: UUID) -> None: ...

        uses: dict[UUID, Use]
        authorisations: dict[UUID, Authorisation]
        dols_requests: dict[UUID, DolsRequest]
        stays: dict[UUID, Stay]
        ReviewHeld: Any
        ObservationRecorded: Any
        DolsRequestMade: Any
        DolsRequestDecided: Any
        StayBegan: Any
        StayEnded: Any
        NotificationSent: Any
        DepartureJustified: Any
        AuthorisationExtended: Any

    def record_review(self, review: Review, by: Actor | Recording) -> None:
        self._require_new_entry(review.id)
        checks.check_review(review, self.uses)
        self.trigger_event(self.ReviewHeld, review=review, occurred_at=review.held_at, **recording_facts(by))

    def record_observation(self, observation: Observation, by: Actor | Recording) -> None:
        self._require_new_entry(observation.id)
        checks.check_observation(observation, self.uses)
        self.trigger_event(
            self.ObservationRecorded, observation=observation, occurred_at=observation.observed_at, **recording_facts(by)
        )

    def extend_authorisation(self, authorisation_id: UUID, extension: Extension, by: Actor | Recording) -> None:
        authorisation = self.authorisations.get(authorisation_id)
        if authorisation is None:
            raise errors.UnknownAuthorisationError(authorisation_id)
        checks.check_extension(authorisation, extension)
        self.trigger_event(
            self.AuthorisationExtended,
            authorisation_id=authorisation_id,
            extension=extension,
            occurred_at=extension.extended_at,
            **recording_facts(by),
        )

    def request_standard_authorisation(self, request: DolsRequest, by: Actor | Recording) -> None:
        self._require_new_entry(request.id)
        checks.check_dols_request(request)
        self.trigger_event(self.DolsRequestMade, request=request, occurred_at=request.requested_at, **recording_facts(by))

    def decide_dols_request(
        self, request_id: UUID, outcome: DolsRequestOutcome, at: datetime, by: Actor | Recording
    ) -> None:
        request = self.dols_requests.get(request_id)
        if request is None:
            raise checks.refuse("request_id", "UNKNOWN_REQUEST", f"this case has no DoLS request with id {request_id}")
        if request.outcome is not None:
            raise checks.refuse("request_id", "ALREADY_DECIDED", f"the request was already {request.outcome.value}")
        if at < request.requested_at:
            raise checks.refuse("decided_at", "BEFORE_REQUEST", f"decided at {at.isoformat()}, before the request "
                                f"at {request.requested_at.isoformat()}")
        self.trigger_event(self.DolsRequestDecided, request_id=request_id, outcome=outcome, occurred_at=at, **recording_facts(by))

    def admit(self, stay: Stay, by: Actor | Recording) -> None:
        self._require_new_entry(stay.id)
        checks.check_stay(stay)
        self.trigger_event(self.StayBegan, stay=stay, occurred_at=stay.admitted_at, **recording_facts(by))

    def discharge(self, stay_id: UUID, at: datetime, by: Actor | Recording) -> None:
        stay = self.stays.get(stay_id)
        if stay is None:
            raise checks.refuse("stay_id", "UNKNOWN_STAY", f"this case has no stay with id {stay_id}")
        if stay.discharged_at is not None:
            raise checks.refuse("stay_id", "ALREADY_DISCHARGED", f"discharged at {stay.discharged_at.isoformat()}")
        if at < stay.admitted_at:
            raise checks.refuse("discharged_at", "BEFORE_ADMISSION", f"discharged at {at.isoformat()}, before "
                                f"admission at {stay.admitted_at.isoformat()}")
        self.trigger_event(self.StayEnded, stay_id=stay_id, occurred_at=at, **recording_facts(by))

    def send_notification(self, notification: Notification, by: Actor | Recording) -> None:
        self._require_new_entry(notification.id)
        checks.check_notification(notification)
        self.trigger_event(
            self.NotificationSent, notification=notification, occurred_at=notification.sent_at, **recording_facts(by)
        )

    def justify_departure(self, departure: Departure, by: Actor | Recording) -> None:
        """Record a departure's justification. Which obligations and findings may be justified is decided where
        they are derived (the application checks the target against the rules' results first)."""
        self._require_new_entry(departure.id)
        checks.check_departure(departure)
        self.trigger_event(
            self.DepartureJustified, departure=departure, occurred_at=departure.justified_at, **recording_facts(by)
        )
