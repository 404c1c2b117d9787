"""The context every resolver receives: the applications, the read models, the clock and the acting person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from uuid import UUID, uuid4

from strawberry.dataloader import DataLoader

from rpledger.application.access import Principal, Reach
from rpledger.application.blanket_restrictions import BlanketRestrictions
from rpledger.application.cases import Cases
from rpledger.application.dto import CaseSummary, HistoryEntry
from rpledger.application.view import ComplianceView
from rpledger.application.vocabulary import Actor, Recording
from rpledger.graphql.loaders import CaseLoaders, history_loader


@dataclass
class Context:
    cases: Cases
    view: ComplianceView
    clock: Callable[[], datetime]
    # Who the request's verified token speaks for (``rpledger.graphql.access.BearerTokens`` puts it there).
    principal: Principal
    # Shared by every entry this request records, so that an auditor sees which entries were made together.
    correlation_id: str = field(default_factory=lambda: str(uuid4()))
    blanket_restrictions: BlanketRestrictions | None = None

    @property
    def restrictions(self) -> BlanketRestrictions:
        """The blanket restrictions service (bootstrap always provides it; a context built without it has none)."""
        if self.blanket_restrictions is None:
            raise RuntimeError("this context was built without the blanket restrictions service")
        return self.blanket_restrictions

    @cached_property
    def loaders(self) -> CaseLoaders:
        """This request's dataloaders (made on first use, so a request that reads no case list makes none)."""
        return CaseLoaders.of(self.view, self.cases)

    @cached_property
    def restriction_histories(self) -> DataLoader[UUID, list[HistoryEntry]]:
        """This request's loader of blanket restrictions' histories: a register page's read together."""
        return history_loader(self.restrictions.histories_of)

    @property
    def actor(self) -> Actor:
        return self.principal.actor

    @property
    def recording(self) -> Recording:
        return Recording(self.actor, None, self.correlation_id)

    def reach(self, operation: str) -> Reach:
        return self.principal.reach(operation)

    def visible_case(self, case_id: UUID, operation: str) -> CaseSummary | None:
        """The case's summary when it exists and ``operation`` reaches it; None alike when it does not exist and
        when it lies beyond the token's provider or locations, so that the two cannot be told apart."""
        summary = self.view.case(case_id)
        if summary is None or not self.reach(operation).covers(summary.provider_id, summary.location_id):
            return None
        return summary
