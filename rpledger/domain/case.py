"""The Case aggregate: one event stream per person in a service.

Public command methods check invariants and raise ``DomainError``s; the private ``@event`` methods only assign state,
so replay is deterministic and old histories stay loadable when rules tighten.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar, cast
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from rpledger.domain import checks, errors
from rpledger.domain.codes import Setting
from rpledger.domain.correction import (
    AuthorisationCorrection,
    CarePlanRevisionCorrection,
    Correction,
    DebriefCorrection,
    PersonCorrection,
    UseCorrection,
)
from rpledger.domain.values import (
    Actor,
    Authorisation,
    CarePlanRevision,
    Debrief,
    PersonDetails,
    Recording,
    Use,
    Value,
)

T = TypeVar("T")

CASE_NAMESPACE = uuid5(NAMESPACE_URL, "https://rpledger.invalid/case")

# What kind of entry each correction type corrects, in the words the history and errors use.
_CORRECTION_KIND: dict[type, str] = {
    PersonCorrection: "person",
    UseCorrection: "use",
    AuthorisationCorrection: "authorisation",
    DebriefCorrection: "debrief",
    CarePlanRevisionCorrection: "care_plan_revision",
}


@dataclass(frozen=True)
class RecordedCorrection(Value):
    """A correction as the case holds it, in the order corrections took effect."""

    entry_id: UUID
    correction: Correction
    reason: str
    corrected_at: datetime
    sequence: int


@dataclass(frozen=True)
class RecordedRetraction(Value):
    entry_id: UUID
    reason: str
    retracted_at: datetime


def _stamp(by: Actor | Recording) -> dict[str, Any]:
    """The recording facts every event carries: who, in which request, and when (None: the moment it is created)."""
    recording = by if isinstance(by, Recording) else Recording(by)
    return {"recorded_by": recording.actor, "correlation_id": recording.correlation_id, "timestamp": recording.at}


class Case(Aggregate):
    class Event(Aggregate.Event):
        # ``timestamp`` (from the library's base class) is when the entry was recorded; see ``Recording``.
        occurred_at: datetime
        recorded_by: Actor
        correlation_id: str | None

    class CaseOpened(Aggregate.Created):
        person_ref: str
        setting: Setting
        location_id: str
        date_of_birth: date | None
        person: PersonDetails
        occurred_at: datetime
        recorded_by: Actor
        correlation_id: str | None

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

    @staticmethod
    def create_id(person_ref: str, **_: Any) -> UUID:
        """One stream per person: the id follows from the person's reference, so a second opening is refused."""
        return uuid5(CASE_NAMESPACE, person_ref.strip())

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
    ) -> Case:
        checks.require_text("person_ref", person_ref, checks.REFERENCE_LIMIT)
        checks.require_text("location_id", location_id, checks.REFERENCE_LIMIT)
        checks.check_person(person)
        return cls._create(
            cls.CaseOpened,
            id=cls.create_id(person_ref),
            person_ref=person_ref.strip(),
            setting=setting,
            location_id=location_id.strip(),
            date_of_birth=date_of_birth,
            person=person,
            occurred_at=at,
            **_stamp(by),
        )

    @event(CaseOpened)
    def __init__(
        self,
        person_ref: str,
        setting: Setting,
        location_id: str,
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

    def grant_authorisation(self, authorisation: Authorisation, by: Actor | Recording) -> None:
        self._require_new_entry(authorisation.id)
        checks.check_authorisation(authorisation)
        self._grant_authorisation(authorisation=authorisation, occurred_at=authorisation.granted_at, **_stamp(by))

    @event(AuthorisationGranted)
    def _grant_authorisation(
        self,
        authorisation: Authorisation,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.first_recorded_at[authorisation.id] = timestamp
        self.authorisations_as_recorded[authorisation.id] = authorisation
        self._refresh(authorisation.id)

    def end_authorisation(
        self, authorisation_id: UUID, at: datetime, reason: str | None, by: Actor | Recording
    ) -> None:
        authorisation = self.authorisations.get(authorisation_id)
        if authorisation is None:
            raise errors.UnknownAuthorisationError(authorisation_id)
        if authorisation.ended_at is not None:
            raise errors.AuthorisationAlreadyEndedError(authorisation_id, authorisation.ended_at)
        if at < authorisation.granted_at:
            raise errors.AuthorisationEndedBeforeGrantError(authorisation.granted_at, at)
        checks.optional_text("reason", reason)
        self._end_authorisation(authorisation_id=authorisation_id, reason=reason, occurred_at=at, **_stamp(by))

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

    def record_use(self, use: Use, by: Actor | Recording) -> None:
        """Record a use: finished (``UseRecorded``) or, when its last segment has no end, still going on."""
        self._require_new_entry(use.id)
        checks.check_use(use)
        if use.ended_at is None:
            self._start_use(use=use, occurred_at=use.started_at, **_stamp(by))
        else:
            self._record_use(use=use, occurred_at=use.started_at, **_stamp(by))

    @event(UseRecorded)
    def _record_use(
        self,
        use: Use,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.first_recorded_at[use.id] = timestamp
        self.uses_as_recorded[use.id] = use
        self._refresh(use.id)

    @event(UseStarted)
    def _start_use(
        self,
        use: Use,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.first_recorded_at[use.id] = timestamp
        self.uses_as_recorded[use.id] = use
        self._refresh(use.id)

    def end_use(self, use_id: UUID, at: datetime, by: Actor | Recording) -> None:
        use = self._use_or_raise(use_id, "use_id")
        if use.ended_at is not None:
            raise errors.UseAlreadyEndedError(use_id, use.ended_at)
        if at < use.segments[-1].started_at:
            raise errors.UseEndsBeforeItStartsError(use_id, use.segments[-1].started_at, at)
        self._end_use(use_id=use_id, occurred_at=at, **_stamp(by))

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

    def record_debrief(self, debrief: Debrief, by: Actor | Recording) -> None:
        self._require_new_entry(debrief.id)
        self._check_debrief(debrief)
        if debrief.was_held:
            self._hold_debrief(debrief=debrief, occurred_at=debrief.held_at, **_stamp(by))
        else:
            self._decline_debrief(debrief=debrief, occurred_at=debrief.held_at, **_stamp(by))

    @event(DebriefHeld)
    def _hold_debrief(
        self,
        debrief: Debrief,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.first_recorded_at[debrief.id] = timestamp
        self.debriefs_as_recorded[debrief.id] = debrief
        self._refresh(debrief.id)

    @event(DebriefDeclined)
    def _decline_debrief(
        self,
        debrief: Debrief,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.first_recorded_at[debrief.id] = timestamp
        self.debriefs_as_recorded[debrief.id] = debrief
        self._refresh(debrief.id)

    def revise_care_plan(self, revision: CarePlanRevision, by: Actor | Recording) -> None:
        """Record a new care-plan version; ``revision.version`` 0 means "the next version"."""
        self._require_new_entry(revision.id)
        latest = self.latest_care_plan_version
        if revision.version == 0:
            revision = replace(revision, version=latest + 1)
        elif revision.version <= latest:
            raise errors.CarePlanVersionNotIncreasingError(revision.version, latest)
        self._check_revision(revision)
        self._revise_care_plan(revision=revision, occurred_at=revision.revised_at, **_stamp(by))

    @event(CarePlanRevised)
    def _revise_care_plan(
        self,
        revision: CarePlanRevision,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
        timestamp: datetime,
    ) -> None:
        self.first_recorded_at[revision.id] = timestamp
        self.revisions_as_recorded[revision.id] = revision
        self._refresh(revision.id)

    @property
    def latest_care_plan_version(self) -> int:
        return max((r.version for r in self.care_plan_revisions.values()), default=0)

    # ----------------------------------------------------------------------------------------------- corrections

    def correct_entry(
        self, entry_id: UUID, correction: Correction, reason: str, at: datetime, by: Actor | Recording
    ) -> None:
        """Correct an earlier entry. The entry as recorded stays in the history; rules read the corrected view."""
        kind = self.entry_kind(entry_id)
        if kind is None:
            raise errors.UnknownEntryError(entry_id)
        given = _CORRECTION_KIND[type(correction)]
        if given != kind:
            raise errors.CorrectionKindMismatchError(kind, given)
        if not correction.changed_fields():
            raise errors.EmptyCorrectionError(kind)
        checks.require_text("reason", reason)
        self._check_corrected(entry_id, correction)
        self._correct_entry(entry_id=entry_id, correction=correction, reason=reason, occurred_at=at, **_stamp(by))

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

    def retract_entry(self, entry_id: UUID, reason: str, at: datetime, by: Actor | Recording) -> None:
        """Retract an entry that should never have been recorded (the wrong person, a duplicate). It stays in the
        history, linked to its retraction; rules no longer read it."""
        if entry_id == self.id:
            raise errors.CaseCannotBeRetractedError()
        if entry_id in self.retractions:
            raise errors.AlreadyRetractedError(entry_id, self.retractions[entry_id].retracted_at)
        if self.entry_kind(entry_id) is None:
            raise errors.UnknownEntryError(entry_id, "retract")
        checks.require_text("reason", reason)
        self._retract_entry(entry_id=entry_id, reason=reason, occurred_at=at, **_stamp(by))

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

    def as_first_recorded(self) -> Case:
        """The case as its entries were first recorded: no correction or retraction applied (for auditors)."""
        clone = copy.deepcopy(self)
        clone.corrections = {}
        clone.retractions = {}
        # Emptied first, so that refreshing each entry rebuilds the views and their indexes from the records alone.
        clone.uses, clone.authorisations, clone.debriefs, clone.care_plan_revisions = {}, {}, {}, {}
        clone.debriefs_of_use = {}
        clone.revisions_of_use = {}
        for entry_id in clone.all_entry_ids():
            clone._refresh(entry_id)
        return clone

    def all_entry_ids(self) -> list[UUID]:
        """Every entry ever recorded in the case, retracted ones included."""
        recorded: list[dict[UUID, Any]] = [
            self.uses_as_recorded,
            self.authorisations_as_recorded,
            self.debriefs_as_recorded,
            self.revisions_as_recorded,
        ]
        return [self.id, *(entry_id for entries in recorded for entry_id in entries)]

    def entry_kind(self, entry_id: UUID) -> str | None:
        if entry_id == self.id:
            return "person"
        for kind, entries in (
            ("use", self.uses),
            ("authorisation", self.authorisations),
            ("debrief", self.debriefs),
            ("care_plan_revision", self.care_plan_revisions),
        ):
            if entry_id in entries:
                return kind
        return None

    def corrections_of(self, entry_id: UUID) -> tuple[RecordedCorrection, ...]:
        """The corrections of one entry in the order they took effect (when made, then when recorded)."""
        return self.corrections.get(entry_id, ())

    def use_as_of_corrections(self, use_id: UUID, until: datetime | None) -> Use:
        """The use as its record stood once the corrections made by ``until`` (all, if None) took effect."""
        use = self._corrected(use_id, self.uses_as_recorded[use_id], until)
        end = self.use_ends.get(use_id)
        if end is not None and use.ended_at is None:
            use = use.ended(end)
        return use

    def person_as_of_corrections(self, until: datetime | None) -> PersonDetails:
        return self._corrected(self.id, self.person_as_recorded, until)

    # --------------------------------------------------------------------------------------------- internals

    def _corrected(self, entry_id: UUID, entry: T, until: datetime | None = None) -> T:
        """The entry with its corrections applied in order (each matched the entry's kind when it was made)."""
        for c in self.corrections_of(entry_id):
            if until is None or c.corrected_at <= until:
                entry = cast(T, c.correction.apply(entry))  # type: ignore[arg-type]
        return entry

    def _refresh(self, entry_id: UUID) -> None:
        """Recompute the corrected view of one entry from its record and its corrections (state assignment only)."""
        debrief_uses = _uses_named(self.debriefs.get(entry_id))
        revision_uses = _uses_named(self.care_plan_revisions.get(entry_id))
        self._refresh_view(entry_id)
        _reindex(self.debriefs_of_use, entry_id, debrief_uses, _uses_named(self.debriefs.get(entry_id)))
        _reindex(self.revisions_of_use, entry_id, revision_uses, _uses_named(self.care_plan_revisions.get(entry_id)))

    def _refresh_view(self, entry_id: UUID) -> None:
        if entry_id in self.retractions:
            for view in (self.uses, self.authorisations, self.debriefs, self.care_plan_revisions):
                view.pop(entry_id, None)
        elif entry_id == self.id:
            self.person = self.person_as_of_corrections(None)
            dates = [
                c.correction.date_of_birth
                for c in self.corrections_of(self.id)
                if isinstance(c.correction, PersonCorrection) and c.correction.date_of_birth is not None
            ]
            self.date_of_birth = dates[-1] if dates else self.date_of_birth_as_recorded
        elif entry_id in self.uses_as_recorded:
            self.uses[entry_id] = self.use_as_of_corrections(entry_id, None)
        elif entry_id in self.authorisations_as_recorded:
            authorisation = self._corrected(entry_id, self.authorisations_as_recorded[entry_id])
            if entry_id in self.authorisation_ends:
                ended_at, reason = self.authorisation_ends[entry_id]
                authorisation = replace(authorisation, ended_at=ended_at, end_reason=reason)
            self.authorisations[entry_id] = authorisation
        elif entry_id in self.debriefs_as_recorded:
            self.debriefs[entry_id] = self._corrected(entry_id, self.debriefs_as_recorded[entry_id])
        elif entry_id in self.revisions_as_recorded:
            self.care_plan_revisions[entry_id] = self._corrected(entry_id, self.revisions_as_recorded[entry_id])

    def _require_new_entry(self, entry_id: UUID) -> None:
        if entry_id in self.all_entry_ids():
            raise errors.DuplicateEntryError(entry_id)

    def _use_or_raise(self, use_id: UUID, field: str) -> Use:
        use = self.uses.get(use_id)
        if use is None:
            raise errors.UnknownUseError(use_id, field)
        return use

    def _check_debrief(self, debrief: Debrief) -> None:
        if not debrief.use_ids:
            raise errors.NoUsesNamedError()
        checks.optional_text("declined_reason", debrief.declined_reason)
        for use_id in debrief.use_ids:
            use = self._use_or_raise(use_id, "use_ids")
            if use.ended_at is None:
                raise errors.UseNotEndedError(use_id)
            if debrief.held_at < use.ended_at:
                raise errors.DebriefBeforeUseEndedError(use_id, use.ended_at, debrief.held_at)

    def _check_revision(self, revision: CarePlanRevision) -> None:
        checks.require_text("summary", revision.summary)
        for index, change in enumerate(revision.changes):
            checks.require_text(f"changes[{index}]", change)
        for use_id in revision.triggered_by:
            use = self._use_or_raise(use_id, "triggered_by")
            if use.ended_at is None:
                raise errors.UseNotEndedError(use_id, "triggered_by")
            if revision.revised_at < use.ended_at:
                raise errors.RevisionBeforeTriggerError(use_id, use.ended_at, revision.revised_at)

    def _check_corrected(self, entry_id: UUID, correction: Correction) -> None:
        """Check the entry as it would stand after the correction, by the rules a new entry must meet."""
        if isinstance(correction, UseCorrection):
            corrected = correction.apply(self.uses[entry_id])
            checks.check_use(corrected, prefix="segments")
            if self.use_ends.get(entry_id) is not None and corrected.ended_at is None:
                raise errors.OpenSegmentNotLastError(len(corrected.segments) - 1, "segments")
        elif isinstance(correction, AuthorisationCorrection):
            checks.check_authorisation(correction.apply(self.authorisations[entry_id]))
        elif isinstance(correction, DebriefCorrection):
            self._check_debrief(correction.apply(self.debriefs[entry_id]))
        elif isinstance(correction, CarePlanRevisionCorrection):
            self._check_revision(correction.apply(self.care_plan_revisions[entry_id]))
        elif isinstance(correction, PersonCorrection):
            checks.check_person(correction.apply(self.person), prefix="")


def _uses_named(entry: Debrief | CarePlanRevision | None) -> tuple[UUID, ...]:
    if isinstance(entry, Debrief):
        return entry.use_ids
    return () if entry is None else entry.triggered_by


def _reindex(
    index: dict[UUID, frozenset[UUID]], entry_id: UUID, before: tuple[UUID, ...], after: tuple[UUID, ...]
) -> None:
    for use_id in set(before) - set(after):
        index[use_id] = index.get(use_id, frozenset()) - {entry_id}
    for use_id in set(after) - set(before):
        index[use_id] = index.get(use_id, frozenset()) | {entry_id}
