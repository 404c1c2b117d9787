"""The corrected view of a case: each entry as first recorded, with its corrections applied in order and its
retraction (if any) taking it out, and the indexes the rules use to find an entry's debriefs and revisions.

``Case`` mixes this in. Nothing here checks a rule: it only derives state from what the events recorded, so it is
safe to run in event-apply bodies on every replay.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from rpledger.domain.codes import DolsRequestOutcome
from rpledger.domain.correction import Correction, PersonCorrection
from rpledger.domain.values import (
    Authorisation,
    CarePlanRevision,
    Debrief,
    Departure,
    DolsRequest,
    Extension,
    Notification,
    Observation,
    PersonDetails,
    Review,
    Stay,
    Use,
    Value,
)

# Entries recorded once and never corrected (a mistake is retracted and recorded again), by the attribute of the
# case that holds their view.
PLAIN_VIEWS: dict[type, str] = {
    Review: "reviews",
    Observation: "observations",
    DolsRequest: "dols_requests",
    Stay: "stays",
    Notification: "notifications",
    Departure: "departures",
}

T = TypeVar("T")


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


class CorrectedView:
    """Derives ``uses``, ``authorisations``, ``debriefs``, ``care_plan_revisions``, ``person`` and ``date_of_birth``
    from the entries as recorded (``*_as_recorded``), the corrections and the retractions."""

    if TYPE_CHECKING:  # assigned by Case.__init__ and the event-apply bodies

        @property
        def id(self) -> UUID: ...

        date_of_birth_as_recorded: date | None
        date_of_birth: date | None
        person_as_recorded: PersonDetails
        person: PersonDetails
        authorisations_as_recorded: dict[UUID, Authorisation]
        authorisation_ends: dict[UUID, tuple[datetime, str | None]]
        authorisations: dict[UUID, Authorisation]
        uses_as_recorded: dict[UUID, Use]
        use_ends: dict[UUID, datetime]
        uses: dict[UUID, Use]
        debriefs_as_recorded: dict[UUID, Debrief]
        debriefs: dict[UUID, Debrief]
        revisions_as_recorded: dict[UUID, CarePlanRevision]
        care_plan_revisions: dict[UUID, CarePlanRevision]
        corrections: dict[UUID, tuple[RecordedCorrection, ...]]
        retractions: dict[UUID, RecordedRetraction]
        debriefs_of_use: dict[UUID, frozenset[UUID]]
        revisions_of_use: dict[UUID, frozenset[UUID]]
        authorisation_extensions: dict[UUID, tuple[Extension, ...]]
        plain_as_recorded: dict[UUID, Value]
        reviews: dict[UUID, Review]
        observations: dict[UUID, Observation]
        dols_requests: dict[UUID, DolsRequest]
        dols_outcomes: dict[UUID, tuple[DolsRequestOutcome, datetime]]
        stays: dict[UUID, Stay]
        discharges: dict[UUID, datetime]
        notifications: dict[UUID, Notification]
        departures: dict[UUID, Departure]
        reviews_of_use: dict[UUID, frozenset[UUID]]
        observations_of_use: dict[UUID, frozenset[UUID]]

    def as_first_recorded(self) -> Self:
        """The case as its entries were first recorded: no correction or retraction applied (for auditors)."""
        clone = copy.deepcopy(self)
        clone.corrections = {}
        clone.retractions = {}
        # Emptied first, so that refreshing each entry rebuilds the views and their indexes from the records alone.
        clone.uses, clone.authorisations, clone.debriefs, clone.care_plan_revisions = {}, {}, {}, {}
        for view in PLAIN_VIEWS.values():
            setattr(clone, view, {})
        clone.debriefs_of_use, clone.revisions_of_use = {}, {}
        clone.reviews_of_use, clone.observations_of_use = {}, {}
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
            self.plain_as_recorded,
        ]
        return [self.id, *(entry_id for entries in recorded for entry_id in entries)]

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
        review_uses = _uses_named(self.reviews.get(entry_id))
        observation_uses = _uses_named(self.observations.get(entry_id))
        self._refresh_view(entry_id)
        _reindex(self.debriefs_of_use, entry_id, debrief_uses, _uses_named(self.debriefs.get(entry_id)))
        _reindex(self.revisions_of_use, entry_id, revision_uses, _uses_named(self.care_plan_revisions.get(entry_id)))
        _reindex(self.reviews_of_use, entry_id, review_uses, _uses_named(self.reviews.get(entry_id)))
        _reindex(self.observations_of_use, entry_id, observation_uses, _uses_named(self.observations.get(entry_id)))

    def _refresh_view(self, entry_id: UUID) -> None:
        if entry_id in self.retractions:
            for view in (self.uses, self.authorisations, self.debriefs, self.care_plan_revisions):
                view.pop(entry_id, None)
            for name in PLAIN_VIEWS.values():
                getattr(self, name).pop(entry_id, None)
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
            extensions = self.authorisation_extensions.get(entry_id, ())
            if extensions:
                authorisation = replace(authorisation, extensions=extensions, valid_until=extensions[-1].valid_until)
            if entry_id in self.authorisation_ends:
                ended_at, reason = self.authorisation_ends[entry_id]
                authorisation = replace(authorisation, ended_at=ended_at, end_reason=reason)
            self.authorisations[entry_id] = authorisation
        elif entry_id in self.debriefs_as_recorded:
            self.debriefs[entry_id] = self._corrected(entry_id, self.debriefs_as_recorded[entry_id])
        elif entry_id in self.revisions_as_recorded:
            self.care_plan_revisions[entry_id] = self._corrected(entry_id, self.revisions_as_recorded[entry_id])
        elif entry_id in self.plain_as_recorded:
            entry = self.plain_as_recorded[entry_id]
            if isinstance(entry, DolsRequest) and entry_id in self.dols_outcomes:
                outcome, decided_at = self.dols_outcomes[entry_id]
                entry = replace(entry, outcome=outcome, decided_at=decided_at)
            elif isinstance(entry, Stay) and entry_id in self.discharges:
                entry = replace(entry, discharged_at=self.discharges[entry_id])
            getattr(self, PLAIN_VIEWS[type(entry)])[entry_id] = entry


def _uses_named(entry: Debrief | CarePlanRevision | Review | Observation | None) -> tuple[UUID, ...]:
    if isinstance(entry, Debrief):
        return entry.use_ids
    if isinstance(entry, Review | Observation):
        return (entry.use_id,)
    return () if entry is None else entry.triggered_by


def _reindex(
    index: dict[UUID, frozenset[UUID]], entry_id: UUID, before: tuple[UUID, ...], after: tuple[UUID, ...]
) -> None:
    for use_id in set(before) - set(after):
        index[use_id] = index.get(use_id, frozenset()) - {entry_id}
    for use_id in set(after) - set(before):
        index[use_id] = index.get(use_id, frozenset()) | {entry_id}
