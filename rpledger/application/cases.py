"""The Cases application: commands that record a person's restrictive-practice history, and its replay."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, ClassVar, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from rpledger.application.dto import CaseEntries, HistoryEntry, UseSummary
from rpledger.application.history import history_entry
from rpledger.application.receipts import (
    KeyedRequest,
    Replayed,
    RequestAlreadyRecorded,
    RequestReceipt,
    check_repeat,
    pending,
    running,
)
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
from rpledger.domain.errors import CaseAlreadyOpenError, NotYetRecordedError, StreamBusyError, UnknownCaseError
from rpledger.domain.policy import DEFAULT_POLICIES, Policy
from rpledger.domain.rules import Compliance, evaluate
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
T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)


def utc_now() -> datetime:
    return datetime.now(tz=UTC)


# A command that loses a race for the same case (another request saved first) is run again on the fresh state, at
# most this many times, after a short random pause that grows with each attempt so that racing requests spread out.
# Ten attempts let ten requests writing to one case at the same moment all succeed; beyond that the request is
# refused with CaseBusyError, having recorded nothing.
ATTEMPTS = 10
_PAUSE_SECONDS = 0.005


class Cases(Application[UUID]):
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

    def take_snapshot(self, aggregate_id: UUID, version: int | None = None, projector_func: Any = None) -> None:
        """The library would use ``Case.Snapshot``, whose JSON cannot hold a case's state: use ``CaseSnapshot``."""
        assert self.snapshots is not None, "snapshotting_intervals turns the snapshot store on"
        get = self.repository.get
        case = get(aggregate_id, version=version) if projector_func is None else get(
            aggregate_id, version=version, projector_func=projector_func
        )
        self.snapshots.put([CaseSnapshot.take(case)])

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
        self._mint = new_id
        self.policies = dict(DEFAULT_POLICIES if policies is None else policies)
        self._after_save: list[Callable[[], None]] = []

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_value_transcodings(transcoder)

    def new_id(self) -> UUID:
        """A new entry id; a keyed request's receipt lists the ids it minted, to answer its repeats with."""
        minted = self._mint()
        current = pending()
        if current is not None:
            current.minted.append(minted)
        return minted

    def once(self, request: KeyedRequest, command: Callable[[], T], replayed: Callable[[Replayed], T]) -> T:
        """Run ``command`` unless a request with the same key was already recorded; then record nothing and give
        ``replayed`` of what that request recorded (see ``receipts``)."""
        receipt = self._receipt(request.receipt_id)
        if receipt is None:
            try:
                with running(request):
                    return command()
            except RequestAlreadyRecorded as lost:
                receipt = lost.receipt
        first = check_repeat(receipt, request)
        # The first request may have been recorded by another worker whose read models have not caught up yet: catch
        # them up here as after a save, so that the answer shows what was recorded, as the first answer did.
        self._notify([])
        return replayed(first)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Save, adding the receipt of the keyed request being run (if any) to its first save, in one transaction."""
        current = pending()
        if current is None or current.saved:
            return super().save(*objs, **kwargs)
        written = [o for o in objs if isinstance(o, Aggregate)]
        receipt = RequestReceipt.issue(
            current.request, list(current.minted), [o.id for o in written], written[0].version if written else 0
        )
        try:
            recordings = super().save(*objs, receipt, **kwargs)
        except IntegrityError:
            stored = self._receipt(current.request.receipt_id)
            if stored is not None:  # the same key was recorded first by a request running beside this one
                raise RequestAlreadyRecorded(stored) from None
            raise
        current.saved = True
        return recordings

    def _receipt(self, receipt_id: UUID) -> RequestReceipt | None:
        # Read from the store, not the repository, so that receipts never take a place in the aggregate cache.
        events: list[Any] = list(self.events.get(receipt_id))
        if not events:
            return None
        receipt = events[0].mutate(None)
        assert isinstance(receipt, RequestReceipt)
        return receipt

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

    # ------------------------------------------------------------------------------------------------- queries

    def get_case(self, case_id: UUID, version: int | None = None) -> Case:
        try:
            case: object = self.repository.get(case_id, version=version)
        except AggregateNotFoundError:
            raise UnknownCaseError(case_id) from None
        if not isinstance(case, Case):  # another stream of the same store (a blanket restriction)
            raise UnknownCaseError(case_id)
        return case

    def entries(self, case_id: UUID, *, known_at: datetime | None = None) -> CaseEntries:
        """The case's entries as corrected, each kind in the order it happened; with ``known_at``, as the record
        stood then (``NotYetRecordedError`` when nothing of the case had been recorded by then)."""
        case = self.case_known_at(case_id, known_at)
        return CaseEntries(
            uses=tuple(
                UseSummary(u.id, case.id, u.segments, u.details)
                for u in sorted(case.uses.values(), key=lambda u: (u.started_at, str(u.id)))
            ),
            authorisations=tuple(sorted(case.authorisations.values(), key=lambda a: (a.granted_at, str(a.id)))),
            debriefs=tuple(sorted(case.debriefs.values(), key=lambda d: (d.held_at, str(d.id)))),
            care_plan_revisions=tuple(sorted(case.care_plan_revisions.values(), key=lambda r: r.version)),
            reviews=tuple(sorted(case.reviews.values(), key=lambda r: (r.held_at, str(r.id)))),
            observations=tuple(sorted(case.observations.values(), key=lambda o: (o.observed_at, str(o.id)))),
            dols_requests=tuple(sorted(case.dols_requests.values(), key=lambda r: (r.requested_at, str(r.id)))),
            stays=tuple(sorted(case.stays.values(), key=lambda s: (s.admitted_at, str(s.id)))),
            notifications=tuple(sorted(case.notifications.values(), key=lambda n: (n.sent_at, str(n.id)))),
            departures=tuple(sorted(case.departures.values(), key=lambda d: (d.justified_at, str(d.id)))),
        )

    def history(self, case_id: UUID, *, known_at: datetime | None = None) -> list[HistoryEntry]:
        """Every event of the case in the order it was recorded (only those recorded by ``known_at``, if given)."""
        events: list[Any] = list(self.events.get(case_id))
        if not events or not isinstance(events[0], Case.CaseOpened):
            raise UnknownCaseError(case_id)
        late_after = self.policy_for(events[0].setting).use_recorded_within
        return [history_entry(e, late_after) for e in events if known_at is None or e.timestamp <= known_at]

    def entry_at(self, case_id: UUID, position: int) -> HistoryEntry:
        """One entry of the case's history, by its position."""
        setting = self.get_case(case_id).setting  # raises UnknownCaseError for anything but a case
        [event] = self.events.get(case_id, gt=position - 1, lte=position)
        return history_entry(event, self.policy_for(setting).use_recorded_within)

    def case_known_at(self, case_id: UUID, known_at: datetime | None, *, corrected: bool = True) -> Case:
        """The case as the record showed it at ``known_at`` (all of it, if None); ``corrected=False`` gives the
        entries as first recorded, without their corrections and retractions."""
        case = self.get_case(case_id) if known_at is None else self._fold_until(case_id, known_at)
        return case if corrected else case.as_first_recorded()

    def _fold_until(self, case_id: UUID, known_at: datetime) -> Case:
        """The case from the events recorded by ``known_at``, read once (recorded times never go backwards)."""
        case: Any = None
        for event in self.events.get(case_id):
            if case is None and not isinstance(event, Case.CaseOpened):
                raise UnknownCaseError(case_id)
            if event.timestamp > known_at:  # type: ignore[attr-defined]
                break
            case = event.mutate(case)  # type: ignore[attr-defined]
        if case is None:
            self.get_case(case_id)  # raises UnknownCaseError when there is no such case at all
            raise NotYetRecordedError(case_id, known_at)
        assert isinstance(case, Case)
        return case

    def compliance(self, case_id: UUID, *, known_at: datetime | None = None, corrected: bool = True) -> Compliance:
        """The obligations and findings derived from the case as known at ``known_at`` (computed on demand)."""
        case = self.case_known_at(case_id, known_at, corrected=corrected)
        return evaluate(case, self.policy_for(case.setting))

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

    def retrying(self, stream_id: UUID, load: Callable[[UUID], A], command: Callable[[A], None], field: str = "case_id") -> A:
        """Load the stream, run the command on it and save; when another request saved to the stream first, run the
        command again on the fresh state, so that its checks see what that request recorded."""
        for attempt in range(1, ATTEMPTS + 1):
            aggregate = load(stream_id)
            command(aggregate)
            try:
                self.save(aggregate)
            except IntegrityError:
                time.sleep(random.uniform(0, _PAUSE_SECONDS * attempt))
                continue
            return aggregate
        raise StreamBusyError(field, stream_id, ATTEMPTS)


def _at(stamp: Recording) -> datetime:
    """The recorded time of a stamp made by ``Cases._stamp``, which always sets it."""
    if stamp.at is None:
        raise ValueError("a stamp from Cases._stamp always carries its time")
    return stamp.at
