"""What queries return: frozen records built from the read models or the event store, never aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from rpledger.domain.codes import Setting
from rpledger.domain.obligation import Finding, Obligation
from rpledger.domain.values import Actor, Authorisation, CarePlanRevision, Debrief, Segment, UseDetails


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


@dataclass(frozen=True)
class CaseEntries:
    """The authorisations, debriefs and care-plan revisions of a case, in their corrected form."""

    authorisations: tuple[Authorisation, ...]
    debriefs: tuple[Debrief, ...]
    care_plan_revisions: tuple[CarePlanRevision, ...]
