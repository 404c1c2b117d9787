"""Dataloaders: the cases of a page ask for their lists one by one, and each list is read for the whole page at once,
not once per case. Uses, obligations and findings come from the read models (``ComplianceView.uses_of`` and its
kin: one query each). The lists read from a case's own history (its entries, its history, and its status,
obligations and findings as known at a moment or as first recorded) come from the event store: the page's cases are
loaded together (``rpledger.application.case_batches``: one statement for the cases not in the application's cache,
and the events stored since for those that are), keyed by case and ``knownAt``.

The loaders are made per request and keep no cache (``cache=False``): a request that records something and then reads
(a mutation's payload, or a later mutation of the same request) must see what it recorded. Batching alone is what
saves the queries; a case asked twice within one request reads from its own ``Case`` object's memo.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from rpledger.application.case_batches import Key, LoadedCase, load_cases, load_histories
from rpledger.application.cases import Cases
from rpledger.application.dto import HistoryEntry, UseSummary
from rpledger.application.view import ComplianceView
from rpledger.application.vocabulary import Finding, Obligation

T = TypeVar("T")
# A case as it stands (knownAt None) or as the record stood at knownAt.
CaseAt = tuple[UUID, datetime | None]


def _loader(read: Callable[[Sequence[UUID]], Mapping[UUID, list[T]]]) -> DataLoader[UUID, list[T]]:
    async def load(case_ids: list[UUID]) -> list[list[T]]:
        found = read(case_ids)
        return [found[case_id] for case_id in case_ids]

    return DataLoader(load_fn=load, cache=False)


def _stored_loader(read: Callable[[Sequence[Key]], Sequence[T | BaseException]]) -> DataLoader[CaseAt, T]:
    async def load(keys: list[CaseAt]) -> Sequence[T | BaseException]:
        return read(keys)  # an error (an unknown case, nothing recorded by knownAt) is raised where it was asked for

    return DataLoader(load_fn=load, cache=False)


def history_loader(read: Callable[[Sequence[UUID]], Mapping[UUID, list[HistoryEntry]]]) -> DataLoader[
        UUID, list[HistoryEntry]]:
    """Histories of streams read together (a register page's restrictions: ``BlanketRestrictions.histories_of``)."""
    return _loader(read)


@dataclass(frozen=True)
class CaseLoaders:
    uses: DataLoader[UUID, list[UseSummary]]
    obligations: DataLoader[UUID, list[Obligation]]
    findings: DataLoader[UUID, list[Finding]]
    # Loaded from the event store, by (case id, knownAt).
    cases: DataLoader[CaseAt, LoadedCase]
    histories: DataLoader[CaseAt, list[HistoryEntry]]

    @classmethod
    def of(cls, view: ComplianceView, cases: Cases) -> CaseLoaders:
        return cls(
            _loader(view.uses_of), _loader(view.obligations_of), _loader(view.findings_of),
            _stored_loader(lambda keys: load_cases(cases, keys)),
            _stored_loader(lambda keys: load_histories(cases, keys)),
        )
