"""The Cases application: commands that record a person's restrictive-practice history. Its queries are in
``case_queries.CaseQueries``, its receipts and retries in ``retries.RetrySafeWrites``: both are bases of ``Cases``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from eventsourcing.application import ProjectorFunction
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from rpledger.application.case_queries import CaseQueries
from rpledger.application.folding import fold
from rpledger.application.retries import RetrySafeWrites
from rpledger.application.snapshots import CaseSnapshot
from rpledger.application.transcoding import register_value_transcodings
from rpledger.domain.case import Case
from rpledger.domain.checks import refuse
from rpledger.domain.codes import (
    AuthorisationBasis,
    DebriefKind,
    DolsRequestOutcome,
    NotificationKind,
    PracticeCode,
    Setting,
)
from rpledger.domain.correction import Correction
from rpledger.domain.errors import CaseAlreadyOpenError
from rpledger.domain.policy import DEFAULT_POLICIES, Policy
from rpledger.domain.rules import evaluate
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
    Segment,
    Stay,
    Use,
    UseDetails,
)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(tz=UTC)


class Cases(CaseQueries, RetrySafeWrites):
    # Cases are cached and fast-forwarded from the store on each get, so a command and the projection that follows
    # it read only the new events instead of replaying the whole history.
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "2000"}
    # A case is snapshotted at every 500th event (``snapshots.CaseSnapshot``), so that loading one reads its last
    # snapshot and at most 499 events after it. A snapshot holds the whole case and costs about half a replay to
    # decode (bench/long_history_bench.py: a 10,000-event case decodes from a snapshot in about half the time it
    # replays), so a tail of 499 events adds a fraction of that; a smaller interval would not load much faster but
    # would store a copy of a long case (2.4 MB at 10,000 events) and pay its encoding every few hundred saves.
    # Most cases (a few hundred events a year at most) never reach one and load by replay, or from the cache.
    # Blanket restrictions are not snapshotted: a restriction has a few events a year (reviews, exemptions).
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Case: 500}

    # The case to snapshot is folded as every load folds it (``folding.fold``): the library passes this projector.
    snapshotting_projectors: ClassVar[dict[type[Any], ProjectorFunction[Any, Any]]] = {Case: fold}

    def take_snapshot(
        self, aggregate_id: UUID, version: int | None = None, projector_func: ProjectorFunction[Any, Any] = fold
    ) -> None:
        """The library would use ``Case.Snapshot``, whose JSON cannot hold a case's state: use ``CaseSnapshot``."""
        assert self.snapshots is not None, "snapshotting_intervals turns the snapshot store on"
        case = self.repository.get(aggregate_id, version=version, projector_func=projector_func)
        self.snapshots.put([CaseSnapshot.take(case)])

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        clock: Clock = utc_now,
        new_id: Callable[[], UUID] = uuid4,
        policies: Mapping[Setting, Policy] | None = None,
    ) -> None:
        super().__init__(env, new_id=new_id)
        self.clock = clock
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

    # ------------------------------------------------------------------------------------------------ commands

    def open_case(
        self,
        person_ref: str,
        setting: Setting,
        location_id: str,
        by: Actor | Recording,
        *,
        date_of_birth: date | None = None,
        person: PersonDetails | None = None,
        opened_at: datetime | None = None,
        provider_id: str = "",
    ) -> UUID:
        """Open the case of a person of ``provider_id`` (the provider of whoever opens it; "" for none)."""
        stamp = self._stamp(by, None)
        case = Case.open(
            person_ref, setting, location_id, date_of_birth, person or PersonDetails(), opened_at or _at(stamp), stamp,
            provider_id,
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
        by: Actor | Recording,
        *,
        granted_at: datetime | None = None,
        conditions: str | None = None,
        place: str | None = None,
        purpose: str | None = None,
        qualifying_requirements: str | None = None,
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
            place=place,
            purpose=purpose,
            qualifying_requirements=qualifying_requirements,
        )
        self._update(case_id, by, lambda case, stamp: case.grant_authorisation(authorisation, stamp))
        return authorisation.id

    def end_authorisation(
        self, case_id: UUID, authorisation_id: UUID, ended_at: datetime, reason: str | None, by: Actor | Recording
    ) -> None:
        self._update(case_id, by, lambda case, stamp: case.end_authorisation(authorisation_id, ended_at, reason, stamp))

    def record_use(self, case_id: UUID, segments: Sequence[Segment], details: UseDetails, by: Actor | Recording) -> UUID:
        use = Use(id=self.new_id(), segments=tuple(segments), details=details)
        self._update(case_id, by, lambda case, stamp: case.record_use(use, stamp))
        return use.id

    def end_use(self, case_id: UUID, use_id: UUID, ended_at: datetime, by: Actor | Recording) -> None:
        self._update(case_id, by, lambda case, stamp: case.end_use(use_id, ended_at, stamp))

    def record_debrief(
        self,
        case_id: UUID,
        use_ids: Sequence[UUID],
        kind: DebriefKind,
        held_at: datetime,
        by: Actor | Recording,
        *,
        declined_reason: str | None = None,
    ) -> UUID:
        debrief = Debrief(self.new_id(), tuple(dict.fromkeys(use_ids)), kind, held_at, declined_reason)
        self._update(case_id, by, lambda case, stamp: case.record_debrief(debrief, stamp))
        return debrief.id

    def revise_care_plan(
        self,
        case_id: UUID,
        revised_at: datetime,
        triggered_by: Sequence[UUID],
        summary: str,
        by: Actor | Recording,
        *,
        version: int | None = None,
        changes: Sequence[str] = (),
        next_review_on: date | None = None,
        permitted_practices: Sequence[PracticeCode] | None = None,
    ) -> tuple[UUID, int]:
        """Record a care-plan revision; returns its entry id and its version (the next one unless given).
        ``permitted_practices``: the restrictive interventions this version permits (None: it does not say)."""
        revision = CarePlanRevision(
            self.new_id(), version or 0, revised_at, tuple(dict.fromkeys(triggered_by)), summary, tuple(changes),
            next_review_on, None if permitted_practices is None else tuple(dict.fromkeys(permitted_practices)),
        )
        case = self._update(case_id, by, lambda case, stamp: case.revise_care_plan(revision, stamp))
        return revision.id, case.care_plan_revisions[revision.id].version

    def correct_entry(
        self,
        case_id: UUID,
        entry_id: UUID,
        correction: Correction,
        reason: str,
        by: Actor | Recording,
        *,
        corrected_at: datetime | None = None,
    ) -> int:
        """Correct an entry; returns the correction's position in the case's history."""
        case = self._update(
            case_id,
            by,
            lambda case, stamp: case.correct_entry(entry_id, correction, reason, corrected_at or _at(stamp), stamp),
        )
        return case.version

    def retract_entry(
        self, case_id: UUID, entry_id: UUID, reason: str, by: Actor | Recording, *, retracted_at: datetime | None = None
    ) -> int:
        """Retract an entry; returns the retraction's position in the case's history."""
        case = self._update(
            case_id, by, lambda case, stamp: case.retract_entry(entry_id, reason, retracted_at or _at(stamp), stamp)
        )
        return case.version

    # ------------------------------------------------------ reviews, observations, DoLS, stays, notifications

    def record_review(self, case_id: UUID, review: Review, by: Actor | Recording) -> UUID:
        """Record a review of seclusion or segregation (``review.id`` is replaced by a new one)."""
        review = replace(review, id=self.new_id())
        self._update(case_id, by, lambda case, stamp: case.record_review(review, stamp))
        return review.id

    def record_observation(self, case_id: UUID, observation: Observation, by: Actor | Recording) -> UUID:
        observation = replace(observation, id=self.new_id())
        self._update(case_id, by, lambda case, stamp: case.record_observation(observation, stamp))
        return observation.id

    def extend_authorisation(
        self,
        case_id: UUID,
        authorisation_id: UUID,
        valid_until: datetime,
        extended_by: str,
        by: Actor | Recording,
        *,
        extended_at: datetime | None = None,
        reason: str | None = None,
    ) -> None:
        def command(case: Case, stamp: Recording) -> None:
            current = case.authorisations.get(authorisation_id)
            previous = current.valid_until if current is not None else valid_until
            extension = Extension(extended_at or _at(stamp), previous, valid_until, extended_by, reason)
            case.extend_authorisation(authorisation_id, extension, stamp)

        self._update(case_id, by, command)

    def request_standard_authorisation(
        self, case_id: UUID, requested_at: datetime, supervisory_body: str, by: Actor | Recording
    ) -> UUID:
        request = DolsRequest(self.new_id(), requested_at, supervisory_body)
        self._update(case_id, by, lambda case, stamp: case.request_standard_authorisation(request, stamp))
        return request.id

    def decide_dols_request(
        self, case_id: UUID, request_id: UUID, outcome: DolsRequestOutcome, decided_at: datetime, by: Actor | Recording
    ) -> None:
        self._update(case_id, by, lambda case, stamp: case.decide_dols_request(request_id, outcome, decided_at, stamp))

    def admit(self, case_id: UUID, ward: str, adult_ward: bool, admitted_at: datetime, by: Actor | Recording) -> UUID:
        stay = Stay(self.new_id(), ward, adult_ward, admitted_at)
        self._update(case_id, by, lambda case, stamp: case.admit(stay, stamp))
        return stay.id

    def discharge(self, case_id: UUID, stay_id: UUID, discharged_at: datetime, by: Actor | Recording) -> None:
        self._update(case_id, by, lambda case, stamp: case.discharge(stay_id, discharged_at, stamp))

    def send_notification(
        self,
        case_id: UUID,
        kind: NotificationKind,
        sent_at: datetime,
        by: Actor | Recording,
        *,
        reference: str | None = None,
    ) -> UUID:
        notification = Notification(self.new_id(), kind, sent_at, reference)
        self._update(case_id, by, lambda case, stamp: case.send_notification(notification, stamp))
        return notification.id

    def justify_departure(
        self,
        case_id: UUID,
        target_id: UUID,
        reason: str,
        by: Actor | Recording,
        *,
        justified_at: datetime | None = None,
    ) -> UUID:
        """Justify a departure from statutory guidance: the obligation or finding ``target_id`` shows as WAIVED.

        Only a rule from guidance (``Rule.departable``) can be departed from, and only where it was not met on time:
        a met obligation, a closed finding or a legal requirement is refused with the reason.
        """
        departure_id = self.new_id()

        def command(case: Case, stamp: Recording) -> None:
            at = justified_at or _at(stamp)
            rule_id, subject = self._departable_target(case, target_id, at)
            departure = Departure(departure_id, target_id, rule_id, subject, reason, at, stamp.actor.name)
            case.justify_departure(departure, stamp)

        self._update(case_id, by, command)
        return departure_id

    def _departable_target(self, case: Case, target_id: UUID, at: datetime) -> tuple[str, UUID]:
        compliance = evaluate(case, self.policy_for(case.setting))
        obligation = next((o for o in compliance.obligations if o.id == target_id), None)
        finding = next((f for f in compliance.findings if f.id == target_id), None)
        if obligation is None and finding is None:
            raise refuse("target_id", "UNKNOWN_TARGET", f"this case has no obligation or finding with id {target_id}")
        rule = obligation.rule if obligation is not None else finding.rule  # type: ignore[union-attr]
        if not rule.departable:
            raise refuse("target_id", "NOT_DEPARTABLE", f"{rule.id} cannot be waived ({rule.source}): only the "
                         "Code of Practice and NICE timings the catalogue marks as departable can be justified")
        if obligation is not None:
            if obligation.waived_at is not None:
                raise refuse("target_id", "ALREADY_JUSTIFIED", "this departure was already justified")
            if obligation.met_at is not None and obligation.met_at <= obligation.due_at:
                raise refuse("target_id", "MET_ON_TIME", "the obligation was met on time: there is no departure")
            return rule.id, obligation.triggered_by
        assert finding is not None
        if finding.waived_at is not None:
            raise refuse("target_id", "ALREADY_JUSTIFIED", "this departure was already justified")
        if finding.resolved_at is not None and finding.resolved_at <= at:
            raise refuse("target_id", "ALREADY_RESOLVED", "the finding was resolved: there is no departure to justify")
        return rule.id, finding.subject

    # ------------------------------------------------------------------------------------------------ internals

    def _stamp(self, by: Actor | Recording, last_recorded: datetime | None) -> Recording:
        """When and in which request an entry is recorded. The time is the clock's (or a trusted importer's), and
        never earlier than the case's last entry, so that "known at" is always a prefix of the case's history."""
        given = by if isinstance(by, Recording) else Recording(by)
        at = given.at or self.clock()
        if last_recorded is not None and at < last_recorded:
            at = last_recorded
        return Recording(given.actor, at, given.correlation_id or str(uuid4()))

    def _update(self, case_id: UUID, by: Actor | Recording, command: Callable[[Case, Recording], None]) -> Case:
        return self.retrying(case_id, self.get_case, lambda case: command(case, self._stamp(by, case.modified_on)))


def _at(stamp: Recording) -> datetime:
    """The recorded time of a stamp made by ``Cases._stamp``, which always sets it."""
    if stamp.at is None:
        raise ValueError("a stamp from Cases._stamp always carries its time")
    return stamp.at
