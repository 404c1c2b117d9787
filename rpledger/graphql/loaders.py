"""Dataloaders: the cases of a page ask for their uses, obligations and findings one by one, and each list is read
for the whole page in one query (``ComplianceView.uses_of`` and its kin), not one query per case.

The loaders are made per request and keep no cache (``cache=False``): a request that records something and then reads
(a mutation's payload, or a later mutation of the same request) must see what it recorded. Batching alone is what
saves the queries; a case asked twice within one request reads from its own ``Case`` object's memo.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from rpledger.application.dto import UseSummary
from rpledger.application.view import ComplianceView
from rpledger.application.vocabulary import Finding, Obligation

T = TypeVar("T")


def _loader(read: Callable[[Sequence[UUID]], Mapping[UUID, list[T]]]) -> DataLoader[UUID, list[T]]:
    async def load(case_ids: list[UUID]) -> list[list[T]]:
        found = read(case_ids)
        return [found[case_id] for case_id in case_ids]

    return DataLoader(load_fn=load, cache=False)


@dataclass(frozen=True)
class CaseLoaders:
    uses: DataLoader[UUID, list[UseSummary]]
    obligations: DataLoader[UUID, list[Obligation]]
    findings: DataLoader[UUID, list[Finding]]

    @classmethod
    def of(cls, view: ComplianceView) -> CaseLoaders:
        return cls(_loader(view.uses_of), _loader(view.obligations_of), _loader(view.findings_of))
