"""The Case aggregate: one event stream per person in a service.

Public command methods check invariants and raise ``DomainError``s; the private ``@event`` methods only assign state,
so replay is deterministic and old histories stay loadable when rules tighten.

The events and the ``@event`` methods are declared here, on ``Case`` itself: the events' stored topics name
``Case`` (``rpledger.domain.case:Case.<Event>``), and the aggregate's metaclass finds ``@event`` methods in the class
body only. The commands are mixed in: ``CaseCommands`` (``case_commands``) for the entries a case may correct, and
for corrections and retractions; ``RecordCommands`` (``case_records``) for the entries it records once.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from rpledger.domain import checks
from rpledger.domain.case_commands import CaseCommands
from rpledger.domain.case_records import RecordCommands
from rpledger.domain.codes import DolsRequestOutcome, Setting
from rpledger.domain.corrected_view import PLAIN_VIEWS, CorrectedView, RecordedCorrection, RecordedRetraction
from rpledger.domain.correction import Correction
from rpledger.domain.values import (
    Actor,
    Authorisation,
    CarePlanRevision,
    Debrief,
    Departure,
    DolsRequest,
    Extension,
    Notification,
    Observation,
    PersonDetails,
    Recording,
    Review,
    Stay,
    Use,
    Value,
    recording_facts,
)

CASE_NAMESPACE = uuid5(NAMESPACE_URL, "https://rpledger.invalid/case")


class Case(Aggregate, CorrectedView, CaseCommands, RecordCommands):
    class Event(Aggregate.Event):
        # ``timestamp`` (from the library's base class) is when the entry was recorded; see ``Recording``.
        occurred_at: datetime
        recorded_by: Actor
        correlation_id: str | None

    class CaseOpened(Aggregate.Created):
        # Version 2 names the provider whose case it is; cases opened before providers existed belong to none ("").
        class_version = 2
        person_ref: str
        setting: Setting
        location_id: str
        provider_id: str
        date_of_birth: date | None
        person: PersonDetails
        occurred_at: datetime
        recorded_by: Actor
        correlation_id: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["provider_id"] = ""

    class AuthorisationGranted(Event):
        authorisation: Authorisation

    class AuthorisationEnded(Event):
        authorisation_id: UUID
        reason: str | None

    class UseRecorded(Event):
        use: Use

    class UseStarted(Event):
        use: Use

    class UseEnded(Event):
        use_id: UUID

    class DebriefHeld(Event):
        debrief: Debrief

    class DebriefDeclined(Event):
        debrief: Debrief

    class CarePlanRevised(Event):
        revision: CarePlanRevision

    class EntryCorrected(Event):
        entry_id: UUID
        correction: Correction
        reason: str

    class EntryRetracted(Event):
        entry_id: UUID
        reason: str

    # Entries recorded once and never corrected. Each event applies itself (state assignment only); the commands
    # that trigger them are in ``RecordCommands``.
    class _PlainEntryRecorded(Event):
        def apply(self, aggregate: Any) -> None:
            entry: Value = getattr(self, self.entry_field)
            aggregate._add(aggregate.plain_as_recorded, entry, self.timestamp)

        entry_field = ""

    class ReviewHeld(_PlainEntryRecorded):
        review: Review
        entry_field = "review"

    class ObservationRecorded(_PlainEntryRecorded):
        observation: Observation
        entry_field = "observation"

    class DolsRequestMade(_PlainEntryRecorded):
        request: DolsRequest
        entry_field = "request"

    class StayBegan(_PlainEntryRecorded):
        stay: Stay
        entry_field = "stay"

    class NotificationSent(_PlainEntryRecorded):
        notification: Notification
        entry_field = "notification"

    class DepartureJustified(_PlainEntryRecorded):
        departure: Departure
        entry_field = "departure"

    class DolsRequestDecided(Event):
        request_id: UUID
        outcome: DolsRequestOutcome

        def apply(self, aggregate: Any) -> None:
            aggregate.dols_outcomes[self.request_id] = (self.outcome, self.occurred_at)
            aggregate._refresh(self.request_id)

    class StayEnded(Event):
        stay_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.discharges[self.stay_id] = self.occurred_at
            aggregate._refresh(self.stay_id)

    class AuthorisationExtended(Event):
        authorisation_id: UUID
        extension: Extension

        def apply(self, aggregate: Any) -> None:
            earlier = aggregate.authorisation_extensions.get(self.authorisation_id, ())
            aggregate.authorisation_extensions[self.authorisation_id] = (*earlier, self.extension)
            aggregate._refresh(self.authorisation_id)

    @staticmethod
    def create_id(person_ref: str, provider_id: str = "", **_: Any) -> UUID:
        """One stream per person of each provider: the id follows from the provider and the person's reference, so
        a second opening is refused, and two providers' references never meet. (Cases of no provider keep the id of
        the reference alone, as before providers existed.)"""
        key = person_ref.strip() if not provider_id else f"{provider_id}\x00{person_ref.strip()}"
        return uuid5(CASE_NAMESPACE, key)

    @classmethod
    def open(
        cls,
        person_ref: str,
        setting: Setting,
        location_id: str,
        date_of_birth: date | None,
        person: PersonDetails,
        at: datetime,
        by: Actor | Recording,
        provider_id: str = "",
    ) -> Case:
        checks.require_text("person_ref", person_ref, checks.REFERENCE_LIMIT)
        checks.require_text("location_id", location_id, checks.REFERENCE_LIMIT)
        checks.check_person(person)
        return cls._create(
            cls.CaseOpened,
            id=cls.create_id(person_ref, provider_id),
            person_ref=person_ref.strip(),
            setting=setting,
            location_id=location_id.strip(),
            provider_id=provider_id,
            date_of_birth=date_of_birth,
            person=person,
            occurred_at=at,
            **recording_facts(by),
        )

    @event(CaseOpened)
    def __init__(
        self,
        person_ref: str,
        setting: Setting,
        location_id: str,
        provider_id: str,
        date_of_birth: date | None,
        person: PersonDetails,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.person_ref = person_ref
        self.setting = setting
        self.location_id = location_id
        self.provider_id = provider_id
        self.opened_at = occurred_at
        self.date_of_birth_as_recorded = date_of_birth
        self.person_as_recorded = person
        self.date_of_birth = date_of_birth
        self.person = person
        self.authorisations_as_recorded: dict[UUID, Authorisation] = {}
        self.authorisation_ends: dict[UUID, tuple[datetime, str | None]] = {}
        self.authorisations: dict[UUID, Authorisation] = {}
        self.uses_as_recorded: dict[UUID, Use] = {}
        self.use_ends: dict[UUID, datetime] = {}
        self.uses: dict[UUID, Use] = {}
        self.debriefs_as_recorded: dict[UUID, Debrief] = {}
        self.debriefs: dict[UUID, Debrief] = {}
        self.revisions_as_recorded: dict[UUID, CarePlanRevision] = {}
        self.care_plan_revisions: dict[UUID, CarePlanRevision] = {}
        # Each entry's corrections, in the order they took effect; tuples, so that copies never share a mutation.
        self.corrections: dict[UUID, tuple[RecordedCorrection, ...]] = {}
        self.correction_count = 0
        self.retractions: dict[UUID, RecordedRetraction] = {}
        # Which debriefs and care-plan revisions name each use, so that rules find them without a scan.
        self.debriefs_of_use: dict[UUID, frozenset[UUID]] = {}
        self.revisions_of_use: dict[UUID, frozenset[UUID]] = {}
        self.authorisation_extensions: dict[UUID, tuple[Extension, ...]] = {}
        self.plain_as_recorded: dict[UUID, Value] = {}
        for view in PLAIN_VIEWS.values():
            setattr(self, view, {})
        self.dols_outcomes: dict[UUID, tuple[DolsRequestOutcome, datetime]] = {}
        self.discharges: dict[UUID, datetime] = {}
        self.reviews_of_use: dict[UUID, frozenset[UUID]] = {}
        self.observations_of_use: dict[UUID, frozenset[UUID]] = {}
        # When each entry was first recorded (the store's time, not the time it happened): late recording shows.
        self.first_recorded_at: dict[UUID, datetime] = {self.id: timestamp}

    def __deepcopy__(self, memo: dict[int, object]) -> Case:
        """A copy whose collections are new and whose entries are shared: every entry is an immutable value.

        The aggregate cache hands out a deep copy of each case, so that a command that fails leaves the cached case
        as it was; copying only the collections keeps that guarantee at a fraction of the cost.
        """
        clone = copy.copy(self)
        for name, value in vars(self).items():
            if isinstance(value, dict | list):
                setattr(clone, name, copy.copy(value))
        return clone

    # ----------------------------------------------------------------------------------------- authorisations

    @event(AuthorisationGranted)
    def _grant_authorisation(
        self,
        authorisation: Authorisation,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self._add(self.authorisations_as_recorded, authorisation, timestamp)

    @event(AuthorisationEnded)
    def _end_authorisation(
        self,
        authorisation_id: UUID,
        reason: str | None,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.authorisation_ends[authorisation_id] = (occurred_at, reason)
        self._refresh(authorisation_id)

    # ----------------------------------------------------------------------------------------------------- uses

    @event(UseRecorded)
    def _record_use(
        self,
        use: Use,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self._add(self.uses_as_recorded, use, timestamp)

    @event(UseStarted)
    def _start_use(
        self,
        use: Use,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self._add(self.uses_as_recorded, use, timestamp)

    @event(UseEnded)
    def _end_use(
        self,
        use_id: UUID,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.use_ends[use_id] = occurred_at
        self._refresh(use_id)

    # ------------------------------------------------------------------------------------ debriefs and plans

    @event(DebriefHeld)
    def _hold_debrief(
        self,
        debrief: Debrief,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self._add(self.debriefs_as_recorded, debrief, timestamp)

    @event(DebriefDeclined)
    def _decline_debrief(
        self,
        debrief: Debrief,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self._add(self.debriefs_as_recorded, debrief, timestamp)

    @event(CarePlanRevised)
    def _revise_care_plan(
        self,
        revision: CarePlanRevision,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self._add(self.revisions_as_recorded, revision, timestamp)

    # ----------------------------------------------------------------------------------------------- corrections

    @event(EntryCorrected)
    def _correct_entry(
        self,
        entry_id: UUID,
        correction: Correction,
        reason: str,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        recorded = RecordedCorrection(entry_id, correction, reason, occurred_at, self.correction_count)
        self.correction_count += 1
        ordered = sorted((*self.corrections.get(entry_id, ()), recorded), key=lambda c: (c.corrected_at, c.sequence))
        self.corrections[entry_id] = tuple(ordered)
        self._refresh(entry_id)

    @event(EntryRetracted)
    def _retract_entry(
        self,
        entry_id: UUID,
        reason: str,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.retractions[entry_id] = RecordedRetraction(entry_id, reason, occurred_at)
        self._refresh(entry_id)

    # --------------------------------------------------------------------------------------------- internals

    def _add(self, records: dict[UUID, Any], entry: Any, recorded_at: datetime) -> None:
        """A new entry as recorded (state assignment only): noted with when it was recorded, then its view derived."""
        self.first_recorded_at[entry.id] = recorded_at
        records[entry.id] = entry
        self._refresh(entry.id)
