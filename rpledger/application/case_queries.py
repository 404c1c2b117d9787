"""Reading cases, the other base of the ``Cases`` application: a case as it stands or as the record stood at a moment,
its entries, its history event by event, and the compliance derived from it.

A case as it stands is loaded by the repository (from the aggregate cache, or its last snapshot and the events after
it); a case as known at a moment is folded from the events recorded by then (snapshots and the cache hold the case as
it stands). Every load folds with ``folding.fold``, without the library's per-event protocol check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application

from rpledger.application.dto import CaseEntries, HistoryEntry, UseSummary
from rpledger.application.folding import fold
from rpledger.application.history import history_entry
from rpledger.domain.case import Case
from rpledger.domain.codes import Setting
from rpledger.domain.errors import NotYetRecordedError, UnknownCaseError
from rpledger.domain.policy import Policy
from rpledger.domain.rules import Compliance, evaluate


class CaseQueries(Application[UUID]):
    """An application that answers what a case's record shows, now or as it was known at a moment, judged by the
    policy of the case's setting (``policies``, which the application sets)."""

    policies: dict[Setting, Policy]

    def policy_for(self, setting: Setting) -> Policy:
        return self.policies[setting]

    def get_case(self, case_id: UUID, version: int | None = None) -> Case:
        try:
            case: object = self.repository.get(case_id, version=version, projector_func=fold)
        except AggregateNotFoundError:
            raise UnknownCaseError(case_id) from None
        if not isinstance(case, Case):  # another stream of the same store (a blanket restriction)
            raise UnknownCaseError(case_id)
        return case

    def entries(self, case_id: UUID, *, known_at: datetime | None = None) -> CaseEntries:
        """The case's entries as corrected, each kind in the order it happened; with ``known_at``, as the record
        stood then (``NotYetRecordedError`` when nothing of the case had been recorded by then)."""
        return entries_of(self.case_known_at(case_id, known_at))

    def history(self, case_id: UUID, *, known_at: datetime | None = None) -> list[HistoryEntry]:
        """Every event of the case in the order it was recorded (only those recorded by ``known_at``, if given)."""
        return history_of(case_id, list(self.events.get(case_id)), self.policy_for, known_at)

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
        return fold_until(case_id, self.events.get(case_id), known_at)

    def compliance(self, case_id: UUID, *, known_at: datetime | None = None, corrected: bool = True) -> Compliance:
        """The obligations and findings derived from the case as known at ``known_at`` (computed on demand)."""
        case = self.case_known_at(case_id, known_at, corrected=corrected)
        return evaluate(case, self.policy_for(case.setting))


def entries_of(case: Case) -> CaseEntries:
    """The case's entries as corrected, each kind in the order it happened (what ``entries`` gives, and ``case_batches`` for a page of cases)."""
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


def history_of(
    case_id: UUID, events: Sequence[Any], policy_for: Callable[[Setting], Policy], known_at: datetime | None
) -> list[HistoryEntry]:
    """The case's ``events`` as its history (only those recorded by ``known_at``, if given), each judged late or not
    by the recording limit of its setting's policy; ``UnknownCaseError`` unless they are a case's."""
    if not events or not isinstance(events[0], Case.CaseOpened):
        raise UnknownCaseError(case_id)
    late_after = policy_for(events[0].setting).use_recorded_within
    return [history_entry(e, late_after) for e in events if known_at is None or e.timestamp <= known_at]


def fold_until(case_id: UUID, events: Iterable[Any], known_at: datetime) -> Case:
    """The case from those of its ``events`` (in order) recorded by ``known_at``, stopping at the first recorded
    later: ``UnknownCaseError`` unless they are a case's, ``NotYetRecordedError`` when none was recorded by then."""
    case: Any = None
    seen = False
    for event in events:
        seen = True
        if case is None and not isinstance(event, Case.CaseOpened):
            raise UnknownCaseError(case_id)
        if event.timestamp > known_at:
            break
        case = event.mutate(case)
    if case is None:
        if not seen:
            raise UnknownCaseError(case_id)
        raise NotYetRecordedError(case_id, known_at)
    assert isinstance(case, Case)
    return case
