"""Several cases loaded at once from the event store, for a page of cases that each ask for a view of their own
history (their entries, or their compliance as known at a moment or as first recorded): one statement for the page,
where ``Cases.get_case`` and its kin read one case per statement.

A case is asked for by ``(case id, known_at)``. With ``known_at`` None it is the case as it stands, loaded as
``Cases.get_case`` loads it through the repository, folding with ``folding.fold``: from the aggregate cache when it
is there, brought up to date with the events stored since (when the repository fast-forwards); else from its latest
snapshot and the events after it, and then put in the cache. The copy handed out is never the cached object itself
(unless the repository is set not to copy). With ``known_at`` it is the case folded from the events recorded by
then, as ``Cases.case_known_at`` folds it (snapshots and the cache are not used: they hold the case as it stands).
History (``load_histories``) is the stream's events as ``Cases.history`` gives them.

The one statement is the event store recorder's ``select_streams`` (``rpledger.infrastructure.stream_batches``);
a recorder without it (an in-memory store) is read case by case, through ``Cases``. Errors are per case, as values:
``UnknownCaseError`` for an id that is not a case, ``NotYetRecordedError`` for a case nothing of which had been
recorded by ``known_at``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from rpledger.application.case_queries import entries_of, fold_until, history_of
from rpledger.application.cases import Cases
from rpledger.application.dto import CaseEntries, HistoryEntry
from rpledger.application.folding import fold
from rpledger.domain.case import Case
from rpledger.domain.errors import DomainError, UnknownCaseError
from rpledger.domain.obligation import Finding, Obligation
from rpledger.domain.policy import Policy
from rpledger.domain.rules import evaluate

# A case as it stands (None) or as the record stood at a moment.
Key = tuple[UUID, datetime | None]
T = TypeVar("T")


@runtime_checkable
class StreamBatches(Protocol):
    """What ``rpledger.infrastructure.stream_batches`` gives the event store's recorder: for each ``(id, above,
    from_snapshot)``, the stream's latest snapshot (when asked for and there is one) and its stored events with a
    version above ``above`` (and above the snapshot's), in one statement."""

    def select_streams(
        self, wanted: Sequence[tuple[UUID, int, bool]], snapshots: object = None
    ) -> Mapping[UUID, tuple[StoredEvent | None, Sequence[StoredEvent]]]: ...


@dataclass(frozen=True)
class LoadedCase:
    """A case as loaded for one view, and the policy it is judged by."""

    case: Case
    policy: Policy

    def entries(self) -> CaseEntries:
        return entries_of(self.case)

    def compliance(self, corrected: bool = True) -> tuple[Sequence[Obligation], Sequence[Finding]]:
        """Its obligations and findings, as ``Cases.compliance`` derives them (``corrected=False``: from the
        entries as first recorded)."""
        computed = evaluate(self.case if corrected else self.case.as_first_recorded(), self.policy)
        return computed.obligations, computed.findings


def load_cases(cases: Cases, keys: Sequence[Key]) -> list[LoadedCase | DomainError]:
    """Each key's case, in the order of ``keys`` (a key given twice is loaded once)."""
    reader = cases.recorder
    if not isinstance(reader, StreamBatches):
        return _each(keys, lambda key: _loaded(cases, cases.case_known_at(key[0], key[1])))
    repository = cases.repository
    cached: dict[UUID, Any] = {}
    wanted: dict[UUID, tuple[int, bool]] = {}
    for case_id, known_at in dict.fromkeys(keys):
        if known_at is not None:
            need = (0, False)  # every event from the first
        elif (found := _cached(cases, case_id)) is not None:
            cached[case_id] = found
            if not repository.fastforward:
                continue
            need = (found.version, False)  # the events since the cached version
        else:
            need = (0, True)  # the latest snapshot and the events after it
        above, from_snapshot = wanted.get(case_id, need)
        wanted[case_id] = (min(above, need[0]), from_snapshot and need[1])
    snapshots = None if cases.snapshots is None else cases.snapshots.recorder
    streams = reader.select_streams([(i, above, start) for i, (above, start) in wanted.items()], snapshots)
    decode = cases.mapper.to_domain_event
    decoded: dict[UUID, tuple[Any, list[Any]]] = {
        case_id: (None if snapshot is None else decode(snapshot), [decode(e) for e in events])
        for case_id, (snapshot, events) in streams.items()
    }

    def load(key: Key) -> LoadedCase:
        case_id, known_at = key
        snapshot, events = decoded.get(case_id, (None, []))
        if known_at is not None:
            return _loaded(cases, fold_until(case_id, events, known_at))
        if case_id in cached:
            return _loaded(cases, _fast_forwarded(cases, case_id, cached[case_id], events))
        return _loaded(cases, _reconstructed(cases, case_id, snapshot, events))

    return _each(keys, load)


def load_histories(cases: Cases, keys: Sequence[Key]) -> list[list[HistoryEntry] | DomainError]:
    """Each key's history (``Cases.history``), in the order of ``keys``, the events of all read in one statement."""
    reader = cases.recorder
    if not isinstance(reader, StreamBatches):
        return _each(keys, lambda key: cases.history(key[0], known_at=key[1]))
    streams = reader.select_streams([(case_id, 0, False) for case_id in dict.fromkeys(k[0] for k in keys)])
    decode = cases.mapper.to_domain_event
    decoded: dict[UUID, list[Any]] = {case_id: [decode(e) for e in events] for case_id, (_, events) in streams.items()}

    def history(key: Key) -> list[HistoryEntry]:
        case_id, known_at = key
        return history_of(case_id, decoded.get(case_id, []), cases.policy_for, known_at)

    return _each(keys, history)


# ------------------------------------------------------------------------------------------------ internals


def _each(keys: Sequence[Key], answer: Callable[[Key], T]) -> list[T | DomainError]:
    """``answer`` of each distinct key once, in the order of ``keys``; a domain error as the key's value."""
    answers: dict[Key, T | DomainError] = {}
    for key in keys:
        if key not in answers:
            try:
                answers[key] = answer(key)
            except DomainError as error:
                answers[key] = error
    return [answers[key] for key in keys]


def _loaded(cases: Cases, case: Case) -> LoadedCase:
    return LoadedCase(case, cases.policy_for(case.setting))


def _cached(cases: Cases, case_id: UUID) -> Any:
    """The cached aggregate (None when it is not cached): as ``Repository.get`` looks it up, which also makes it
    the most recently used."""
    cache = cases.repository.cache
    if cache is None:
        return None
    try:
        return cache.get(case_id)
    except KeyError:
        return None


def _as_case(case_id: UUID, aggregate: Any) -> Case:
    if not isinstance(aggregate, Case):  # no such stream, or another stream of the store (a blanket restriction)
        raise UnknownCaseError(case_id)
    return aggregate


def _fast_forwarded(cases: Cases, case_id: UUID, cached: Any, events: Sequence[Any]) -> Case:
    """The cached aggregate brought up to date with the events after its version. The cached object is not changed
    in place (the repository may be fast-forwarding it at this moment)."""
    repository = cases.repository
    newer = [e for e in events if e.originator_version > cached.version] if repository.fastforward else []
    if newer:  # a copy of its own: the cache keeps its object, which the repository brings up to date when next asked
        return _as_case(case_id, fold(deepcopy(cached), newer))
    return _as_case(case_id, deepcopy(cached) if repository.deepcopy_from_cache else cached)


def _reconstructed(cases: Cases, case_id: UUID, snapshot: Any, events: Sequence[Any]) -> Case:
    """The aggregate from its latest snapshot (if any) and the events after it, put in the cache."""
    repository = cases.repository
    start, after = ([], 0) if snapshot is None else ([snapshot], snapshot.originator_version)
    aggregate = fold(None, [*start, *(e for e in events if e.originator_version > after)])
    if aggregate is None:
        raise UnknownCaseError(case_id)
    if repository.cache is None:
        return _as_case(case_id, aggregate)
    repository.cache.put(case_id, aggregate)
    return _as_case(case_id, deepcopy(aggregate) if repository.deepcopy_from_cache else aggregate)
