"""What queries return: frozen records built from the read models or the event store, never aggregates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from rpledger.domain.codes import Setting
from rpledger.domain.obligation import ComplianceStatus, Finding, Obligation
from rpledger.domain.values import (
    Actor,
    Authorisation,
    CarePlanRevision,
    Debrief,
    Departure,
    DolsRequest,
    Notification,
    Observation,
    Review,
    Segment,
    Stay,
    UseDetails,
)


@dataclass(frozen=True)
class CaseSummary:
    id: UUID
    person_ref: str
    setting: Setting
    location_id: str
    date_of_birth: date | None
    opened_at: datetime
    policy_name: str
    policy_version: str
    version: int
    provider_id: str = ""  # "" for a case opened before providers existed


@dataclass(frozen=True)
class UseSummary:
    id: UUID
    case_id: UUID
    segments: tuple[Segment, ...]
    details: UseDetails

    @property
    def started_at(self) -> datetime:
        return self.segments[0].started_at

    @property
    def ended_at(self) -> datetime | None:
        return self.segments[-1].ended_at


@dataclass(frozen=True)
class CaseState:
    """Everything the read models hold about one case after a given version of its stream."""

    summary: CaseSummary
    uses: tuple[UseSummary, ...]
    obligations: tuple[Obligation, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a case's stream, as an auditor reads it."""

    position: int
    kind: str
    entry_id: UUID
    corrects: UUID | None
    retracts: UUID | None
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: Actor
    correlation_id: str | None
    recording_delay_seconds: int
    late: bool
    summary: str
    details: dict[str, Any]


@dataclass(frozen=True)
class CasePage:
    cases: tuple[CaseSummary, ...]
    has_next_page: bool
    total_count: int
    # Each listed case's status at the page's moment (read with the page, so that a list shows it without judging
    # each case again).
    statuses: Mapping[UUID, ComplianceStatus] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseEntries:
    """A case's entries in their corrected form (retracted ones left out), each kind in the order it happened:
    as the record stands now, or as it stood at a ``known_at``."""

    uses: tuple[UseSummary, ...]
    authorisations: tuple[Authorisation, ...]
    debriefs: tuple[Debrief, ...]
    care_plan_revisions: tuple[CarePlanRevision, ...]
    reviews: tuple[Review, ...]
    observations: tuple[Observation, ...]
    dols_requests: tuple[DolsRequest, ...]
    stays: tuple[Stay, ...]
    notifications: tuple[Notification, ...]
    departures: tuple[Departure, ...]
