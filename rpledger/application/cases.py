"""The Cases application: commands that record a person's restrictive-practice history, and its replay."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from rpledger.application.dto import CaseEntries, HistoryEntry
from rpledger.application.history import history_entry
from rpledger.application.transcoding import register_value_transcodings
from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, DebriefKind, Setting
from rpledger.domain.correction import Correction
from rpledger.domain.errors import CaseAlreadyOpenError, UnknownCaseError
from rpledger.domain.policy import DEFAULT_POLICIES, Policy
from rpledger.domain.values import (
    Actor,
    Authorisation,
    CarePlanRevision,
    Debrief,
    PersonDetails,
    Segment,
    Use,
    UseDetails,
)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(tz=UTC)


# A command that loses a race for the same case is run again on the fresh state, at most this many times.
_ATTEMPTS = 3


class Cases(Application[UUID]):
    # Cases are cached and fast-forwarded from the store on each get, so a command and the projection that follows
    # it read only the new events instead of replaying the whole history.
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "2000"}

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        clock: Clock = utc_now,
        new_id: Callable[[], UUID] = uuid4,
        policies: Mapping[Setting, Policy] | None = None,
    ) -> None:
        super().__init__(env)
        self.clock = clock
        self.new_id = new_id
        self.policies = dict(DEFAULT_POLICIES if policies is None else policies)
        self._after_save: list[Callable[[], None]] = []

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_value_transcodings(transcoder)

    def call_after_save(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` after every save (bootstrap uses it to bring the read models up to date)."""
        self._after_save.append(callback)

    def _notify(self, recordings: Sequence[Any]) -> None:
        for callback in self._after_save:
            callback()

    def policy_for(self, setting: Setting) -> Policy:
        return self.policies[setting]

    # ------------------------------------------------------------------------------------------------ commands

    def open_case(
        self,
        person_ref: str,
        setting: Setting,
        location_id: str,
        by: Actor,
        *,
        date_of_birth: date | None = None,
        person: PersonDetails | None = None,
        opened_at: datetime | None = None,
    ) -> UUID:
        case = Case.open(
            person_ref, setting, location_id, date_of_birth, person or PersonDetails(), opened_at or self.clock(), by
        )
        try:
            self.save(case)
        except IntegrityError:
            raise CaseAlreadyOpenError(person_ref.strip()) from None
        return case.id

    def grant_authorisation(
        self,
        case_id: UUID,
        basis: AuthorisationBasis,
        practices: Sequence[Any],
        valid_from: datetime,
        valid_until: datetime,
        granted_by: str,
        by: Actor,
        *,
        granted_at: datetime | None = None,
        conditions: str | None = None,
    ) -> UUID:
        authorisation = Authorisation(
            id=self.new_id(),
            basis=basis,
            practices=tuple(dict.fromkeys(practices)),
            valid_from=valid_from,
            valid_until=valid_until,
            granted_at=granted_at or valid_from,
            granted_by=granted_by,
            conditions=conditions,
        )
        self._update(case_id, lambda case: case.grant_authorisation(authorisation, by))
        return authorisation.id

    def end_authorisation(
        self, case_id: UUID, authorisation_id: UUID, ended_at: datetime, reason: str | None, by: Actor
    ) -> None:
        self._update(case_id, lambda case: case.end_authorisation(authorisation_id, ended_at, reason, by))

    def record_use(self, case_id: UUID, segments: Sequence[Segment], details: UseDetails, by: Actor) -> UUID:
        use = Use(id=self.new_id(), segments=tuple(segments), details=details)
        self._update(case_id, lambda case: case.record_use(use, by))
        return use.id

    def end_use(self, case_id: UUID, use_id: UUID, ended_at: datetime, by: Actor) -> None:
        self._update(case_id, lambda case: case.end_use(use_id, ended_at, by))

    def record_debrief(
        self,
        case_id: UUID,
        use_ids: Sequence[UUID],
        kind: DebriefKind,
        held_at: datetime,
        by: Actor,
        *,
        declined_reason: str | None = None,
    ) -> UUID:
        debrief = Debrief(self.new_id(), tuple(dict.fromkeys(use_ids)), kind, held_at, declined_reason)
        self._update(case_id, lambda case: case.record_debrief(debrief, by))
        return debrief.id

    def revise_care_plan(
        self,
        case_id: UUID,
        revised_at: datetime,
        triggered_by: Sequence[UUID],
        summary: str,
        by: Actor,
        *,
        version: int | None = None,
        changes: Sequence[str] = (),
        next_review_on: date | None = None,
    ) -> tuple[UUID, int]:
        """Record a care-plan revision; returns its entry id and its version (the next one unless given)."""
        revision = CarePlanRevision(
            self.new_id(), version or 0, revised_at, tuple(dict.fromkeys(triggered_by)), summary, tuple(changes),
            next_review_on,
        )
        case = self._update(case_id, lambda case: case.revise_care_plan(revision, by))
        return revision.id, case.care_plan_revisions[revision.id].version

    def correct_entry(
        self,
        case_id: UUID,
        entry_id: UUID,
        correction: Correction,
        reason: str,
        by: Actor,
        *,
        corrected_at: datetime | None = None,
    ) -> None:
        at = corrected_at or self.clock()
        self._update(case_id, lambda case: case.correct_entry(entry_id, correction, reason, at, by))

    # ------------------------------------------------------------------------------------------------- queries

    def get_case(self, case_id: UUID, version: int | None = None) -> Case:
        try:
            case: Case = self.repository.get(case_id, version=version)
        except AggregateNotFoundError:
            raise UnknownCaseError(case_id) from None
        return case

    def entries(self, case_id: UUID) -> CaseEntries:
        case = self.get_case(case_id)
        return CaseEntries(
            authorisations=tuple(sorted(case.authorisations.values(), key=lambda a: (a.granted_at, str(a.id)))),
            debriefs=tuple(sorted(case.debriefs.values(), key=lambda d: (d.held_at, str(d.id)))),
            care_plan_revisions=tuple(sorted(case.care_plan_revisions.values(), key=lambda r: r.version)),
        )

    def history(self, case_id: UUID) -> list[HistoryEntry]:
        """Every event of the case in the order it was recorded."""
        entries = [history_entry(e) for e in self.events.get(case_id)]
        if not entries:
            raise UnknownCaseError(case_id)
        return entries

    # ------------------------------------------------------------------------------------------------ internals

    def _update(self, case_id: UUID, command: Callable[[Case], None]) -> Case:
        for attempt in range(1, _ATTEMPTS + 1):
            case = self.get_case(case_id)
            command(case)
            try:
                self.save(case)
            except IntegrityError:
                if attempt == _ATTEMPTS:
                    raise
                continue
            return case
        raise AssertionError("unreachable")
