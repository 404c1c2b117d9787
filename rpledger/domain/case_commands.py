"""Commands for the entries a case may correct (authorisations, uses, debriefs and care-plan revisions), and for
correcting and retracting any entry. Each checks the case's invariants, raises a ``DomainError`` when one would
break, and then calls the ``@event`` method that records its event.

``Case`` mixes this in. The events, and the ``@event`` methods that only assign state, are declared on ``Case``
itself (``rpledger.domain.case``): their stored topics name ``Case``, and the aggregate's metaclass finds ``@event``
methods in the class body only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from rpledger.domain import checks, errors
from rpledger.domain.corrected_view import PLAIN_VIEWS, RecordedRetraction
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
    recording_facts,
)

# What kind of entry each correction type corrects, in the words the history and errors use.
_CORRECTION_KIND: dict[type, str] = {
    PersonCorrection: "person",
    UseCorrection: "use",
    AuthorisationCorrection: "authorisation",
    DebriefCorrection: "debrief",
    CarePlanRevisionCorrection: "care_plan_revision",
}


class CaseCommands:
    if TYPE_CHECKING:  # provided by Case and the corrected view it mixes in

        @property
        def id(self) -> UUID: ...

        def all_entry_ids(self) -> list[UUID]: ...

        person: PersonDetails
        authorisations: dict[UUID, Authorisation]
        uses: dict[UUID, Use]
        use_ends: dict[UUID, datetime]
        debriefs: dict[UUID, Debrief]
        care_plan_revisions: dict[UUID, CarePlanRevision]
        retractions: dict[UUID, RecordedRetraction]
        # Case's @event methods, which record each command's event (their signatures are on Case).
        _grant_authorisation: Callable[..., None]
        _end_authorisation: Callable[..., None]
        _record_use: Callable[..., None]
        _start_use: Callable[..., None]
        _end_use: Callable[..., None]
        _hold_debrief: Callable[..., None]
        _decline_debrief: Callable[..., None]
        _revise_care_plan: Callable[..., None]
        _correct_entry: Callable[..., None]
        _retract_entry: Callable[..., None]

    # ----------------------------------------------------------------------------------------- authorisations

    def grant_authorisation(self, authorisation: Authorisation, by: Actor | Recording) -> None:
        self._require_new_entry(authorisation.id)
        checks.check_authorisation(authorisation)
        self._grant_authorisation(authorisation=authorisation, occurred_at=authorisation.granted_at, **recording_facts(by))

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
        self._end_authorisation(authorisation_id=authorisation_id, reason=reason, occurred_at=at, **recording_facts(by))

    # --------------------------------------------------------------------------------------------------- uses

    def record_use(self, use: Use, by: Actor | Recording) -> None:
        """Record a use: finished (``UseRecorded``) or, when its last segment has no end, still going on."""
        self._require_new_entry(use.id)
        checks.check_use(use)
        if use.ended_at is None:
            self._start_use(use=use, occurred_at=use.started_at, **recording_facts(by))
        else:
            self._record_use(use=use, occurred_at=use.started_at, **recording_facts(by))

    def end_use(self, use_id: UUID, at: datetime, by: Actor | Recording) -> None:
        use = checks.known_use(self.uses, use_id, "use_id")
        if use.ended_at is not None:
            raise errors.UseAlreadyEndedError(use_id, use.ended_at)
        if at < use.segments[-1].started_at:
            raise errors.UseEndsBeforeItStartsError(use_id, use.segments[-1].started_at, at)
        self._end_use(use_id=use_id, occurred_at=at, **recording_facts(by))

    # ------------------------------------------------------------------------------------- debriefs and plans

    def record_debrief(self, debrief: Debrief, by: Actor | Recording) -> None:
        self._require_new_entry(debrief.id)
        checks.check_debrief(debrief, self.uses)
        if debrief.was_held:
            self._hold_debrief(debrief=debrief, occurred_at=debrief.held_at, **recording_facts(by))
        else:
            self._decline_debrief(debrief=debrief, occurred_at=debrief.held_at, **recording_facts(by))

    def revise_care_plan(self, revision: CarePlanRevision, by: Actor | Recording) -> None:
        """Record a new care-plan version; ``revision.version`` 0 means "the next version"."""
        self._require_new_entry(revision.id)
        latest = self.latest_care_plan_version
        if revision.version == 0:
            revision = replace(revision, version=latest + 1)
        elif revision.version <= latest:
            raise errors.CarePlanVersionNotIncreasingError(revision.version, latest)
        checks.check_revision(revision, self.uses)
        self._revise_care_plan(revision=revision, occurred_at=revision.revised_at, **recording_facts(by))

    @property
    def latest_care_plan_version(self) -> int:
        return max((r.version for r in self.care_plan_revisions.values()), default=0)

    # -------------------------------------------------------------------------------------------- corrections

    def correct_entry(
        self, entry_id: UUID, correction: Correction, reason: str, at: datetime, by: Actor | Recording
    ) -> None:
        """Correct an earlier entry. The entry as recorded stays in the history; rules read the corrected view."""
        kind = self.entry_kind(entry_id)
        if kind is None:
            raise errors.UnknownEntryError(entry_id)
        if kind not in _CORRECTION_KIND.values():
            raise checks.refuse(
                "entry_id", "NOT_CORRECTABLE", f"a {kind.replace('_', ' ')} is not corrected: retract it and record it again"
            )
        given = _CORRECTION_KIND[type(correction)]
        if given != kind:
            raise errors.CorrectionKindMismatchError(kind, given)
        if not correction.changed_fields():
            raise errors.EmptyCorrectionError(kind)
        checks.require_text("reason", reason)
        self._check_corrected(entry_id, correction)
        self._correct_entry(entry_id=entry_id, correction=correction, reason=reason, occurred_at=at, **recording_facts(by))

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
        self._retract_entry(entry_id=entry_id, reason=reason, occurred_at=at, **recording_facts(by))

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
        for kind in PLAIN_VIEWS.values():
            if entry_id in getattr(self, kind):
                return kind.removesuffix("s")
        return None

    # ------------------------------------------------------------------------------------------------- checks

    def _require_new_entry(self, entry_id: UUID) -> None:
        if entry_id in self.all_entry_ids():
            raise errors.DuplicateEntryError(entry_id)

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
            checks.check_debrief(correction.apply(self.debriefs[entry_id]), self.uses)
        elif isinstance(correction, CarePlanRevisionCorrection):
            checks.check_revision(correction.apply(self.care_plan_revisions[entry_id]), self.uses)
        elif isinstance(correction, PersonCorrection):
            checks.check_person(correction.apply(self.person), prefix="")
