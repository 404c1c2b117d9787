"""The interface of the compliance read models. The SQL implementation lives in the infrastructure layer.

The only writer is ``CaseProjection``; each ``apply`` writes the case rows and the tracking position in one
transaction, and refuses a position that is not newer than the one recorded (so nothing is applied twice).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from rpledger.application.access import Reach
from rpledger.application.dto import CasePage, CaseState, CaseSummary, UseSummary
from rpledger.domain.obligation import ComplianceStatus, Finding, Obligation


class PositionNotNewerError(Exception):
    """Another projection worker has already applied this position."""


class ComplianceView(Protocol):
    def position(self) -> int:
        """The notification id of the last event applied (0 when none)."""

    def apply(self, states: Sequence[CaseState], position: int) -> None:
        """Replace each case's rows with ``states`` and record ``position``, atomically."""

    def reset(self) -> None:
        """Drop and recreate the read-model tables, empty, with position 0."""

    def case(self, case_id: UUID) -> CaseSummary | None: ...

    def cases(
        self,
        *,
        moment: datetime,
        status: ComplianceStatus | None,
        location_id: str | None,
        first: int,
        after: UUID | None,
        reach: Reach | None = None,
    ) -> CasePage:
        """Cases open at ``moment`` (within ``reach`` when given), a page at a time, in id order."""

    def uses(self, case_id: UUID) -> list[UseSummary]: ...

    def obligations(self, case_id: UUID) -> list[Obligation]: ...

    def findings(self, case_id: UUID) -> list[Finding]: ...

    # The same for several cases in one read (every case has an entry, empty when it has none), so that a page of
    # cases is read with one query per list rather than one per case.
    def uses_of(self, case_ids: Sequence[UUID]) -> dict[UUID, list[UseSummary]]: ...

    def obligations_of(self, case_ids: Sequence[UUID]) -> dict[UUID, list[Obligation]]: ...

    def findings_of(self, case_ids: Sequence[UUID]) -> dict[UUID, list[Finding]]: ...

    def uses_between(
        self, location_id: str | None, start: datetime, end: datetime, reach: Reach | None = None
    ) -> list[UseSummary]:
        """For trends: see ``rpledger.application.trends.TrendSource``."""

    def obligations_between(
        self, location_id: str | None, start: datetime, end: datetime, reach: Reach | None = None
    ) -> list[Obligation]:
        """For trends: see ``rpledger.application.trends.TrendSource``."""
