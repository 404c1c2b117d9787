"""The register of blanket restrictions: what it holds about each restriction, and the interface of its read model
(the SQL implementation lives in the infrastructure layer).

The only writer is ``BlanketRegisterProjection``; each ``apply`` writes the restrictions' rows and the tracking
position in one transaction, and refuses a position that is not newer than the one recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from rpledger.domain.blanket_restriction import (
    BlanketRestrictionCategory,
    BlanketRestrictionPriority,
    Exemption,
    Justification,
    RestrictionReview,
)
from rpledger.domain.codes import Setting
from rpledger.domain.obligation import Finding, Obligation


@dataclass(frozen=True)
class BlanketRestrictionSummary:
    """A restriction's register entry (regulatory-reference.md section 3.6) after a given version of its stream."""

    id: UUID
    location_id: str
    setting: Setting
    scope: str
    description: str
    category: BlanketRestrictionCategory
    risk_addressed: str | None
    introduced_at: datetime
    # When it was first justified (BLK-01), and the latest justification: its reasons, approver and communication.
    first_justified_at: datetime | None
    justification: Justification | None
    last_review: RestrictionReview | None
    lifted_at: datetime | None
    lift_reason: str | None
    exemption_count: int
    review_every_months: int
    policy_name: str
    policy_version: str
    version: int
    provider_id: str = ""  # "" for a restriction introduced before providers existed

    @property
    def priority(self) -> BlanketRestrictionPriority:
        return self.category.priority

    def in_force_at(self, moment: datetime) -> bool:
        return self.introduced_at <= moment and (self.lifted_at is None or moment < self.lifted_at)


@dataclass(frozen=True)
class BlanketRestrictionState:
    """Everything the register holds about one restriction: its entry, its BLK obligations and findings, and the
    people exempted from it in the order they were."""

    summary: BlanketRestrictionSummary
    obligations: tuple[Obligation, ...]
    findings: tuple[Finding, ...]
    exemptions: tuple[Exemption, ...]

    def next_review_due(self, moment: datetime) -> datetime | None:
        """When the review open at the moment falls due (None when none is open: not yet in force, or ended)."""
        open_then = (
            o.due_at for o in self.obligations if o.exists_at(moment) and (o.met_at is None or moment < o.met_at)
        )
        return min(open_then, default=None)


@dataclass(frozen=True)
class RegisterPosition:
    """A restriction's place in the order of a register (high priority first, then in the order introduced, then by
    id): a page of the register that starts after it holds the restrictions that come later in that order."""

    high: bool
    introduced_at: datetime
    id: UUID

    @classmethod
    def of(cls, summary: BlanketRestrictionSummary) -> RegisterPosition:
        return cls(summary.priority is BlanketRestrictionPriority.HIGH, summary.introduced_at, summary.id)


@dataclass(frozen=True)
class RegisterPage:
    """Up to ``first`` restrictions of a register, whether more follow, and how many the whole register holds."""

    restrictions: tuple[BlanketRestrictionState, ...]
    has_next_page: bool
    total_count: int


class BlanketRegisterView(Protocol):
    def position(self) -> int:
        """The notification id of the last event applied (0 when none)."""

    def apply(self, states: Sequence[BlanketRestrictionState], position: int) -> None:
        """Replace each restriction's rows with ``states`` and record ``position``, atomically."""

    def reset(self) -> None:
        """Drop and recreate the register's tables, empty, with position 0."""

    def restriction(self, restriction_id: UUID) -> BlanketRestrictionState | None: ...

    def register(
        self, location_id: str, *, moment: datetime, include_lifted: bool, provider_id: str | None = None
    ) -> list[BlanketRestrictionState]:
        """The restrictions of a location (of ``provider_id`` when given) introduced by the moment, high priority
        first, then in the order they were introduced; those lifted by then only with ``include_lifted``."""

    def register_page(
        self,
        location_id: str,
        *,
        moment: datetime,
        include_lifted: bool,
        first: int,
        after: RegisterPosition | None = None,
        provider_id: str | None = None,
    ) -> RegisterPage:
        """The same register a page at a time: the first ``first`` restrictions after ``after`` (from the start when
        None) in the register's order, with the count of the whole register."""
