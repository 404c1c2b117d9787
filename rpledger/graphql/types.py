"""Output types shared by cases and blanket restrictions: obligations, findings and history entries, each wrapping an
application value, and the resolvers' ``Info``. Fields that depend on a moment take ``asOf`` and otherwise use the
moment of the query that produced them (``cases(asOf: ...)``) or now. A case's entries are in ``entry_types``."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from rpledger.application import vocabulary as v
from rpledger.application.dto import HistoryEntry as HistoryEntryDto
from rpledger.graphql.context import Context
from rpledger.graphql.enums import ObligationStatus
from rpledger.graphql.scalars import checked_moment

Info = strawberry.Info[Context, None]


def moment_of(info: Info, as_of: datetime | None, inherited: datetime | None) -> datetime:
    if as_of is not None:
        return checked_moment("asOf", as_of)
    return inherited or info.context.clock()


@strawberry.type
class Actor:
    id: str
    name: str
    role: str


@strawberry.type
class Obligation:
    _obligation: strawberry.Private[v.Obligation]
    _moment: strawberry.Private[datetime | None]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._obligation.id))

    @strawberry.field
    def rule_id(self) -> str:
        return self._obligation.rule.id

    @strawberry.field
    def description(self) -> str:
        return self._obligation.rule.description

    @strawberry.field
    def source(self) -> str:
        return self._obligation.rule.source

    @strawberry.field
    def confidence(self) -> str:
        return self._obligation.rule.confidence

    @strawberry.field
    def triggered_by(self) -> strawberry.ID:
        return strawberry.ID(str(self._obligation.triggered_by))

    @strawberry.field(description="When the triggering event happened: the obligation exists from then.")
    def opened_at(self) -> datetime:
        return self._obligation.opened_at

    @strawberry.field
    def due_at(self) -> datetime:
        return self._obligation.due_at

    @strawberry.field(description="When it was met, if it had been by the moment asked about")
    def met_at(self, info: Info) -> datetime | None:
        return self._obligation.met_at if self._met_by_then(info) else None

    @strawberry.field(description="The entry that met the obligation, if it had by the moment asked about")
    def met_by(self, info: Info) -> strawberry.ID | None:
        met_by = self._obligation.met_by
        return strawberry.ID(str(met_by)) if met_by is not None and self._met_by_then(info) else None

    def _met_by_then(self, info: Info) -> bool:
        met_at = self._obligation.met_at
        return met_at is not None and met_at <= moment_of(info, None, self._moment)

    @strawberry.field(description="Whether the rule is guidance a clinician may depart from with a justification")
    def departable(self) -> bool:
        return self._obligation.rule.departable

    @strawberry.field(description="When a departure from the guidance was justified, if it had been by the moment")
    def waived_at(self, info: Info) -> datetime | None:
        return self._obligation.waived_at if self._waived_by_then(info) else None

    @strawberry.field(description="The justification of the departure, if it had been made by the moment")
    def waiver_reason(self, info: Info) -> str | None:
        return self._obligation.waiver_reason if self._waived_by_then(info) else None

    def _waived_by_then(self, info: Info) -> bool:
        waived_at = self._obligation.waived_at
        return waived_at is not None and waived_at <= moment_of(info, None, self._moment)

    @strawberry.field
    def status(self, info: Info, as_of: datetime | None = None) -> ObligationStatus:
        return self._obligation.status(moment_of(info, as_of, self._moment))

    @strawberry.field(description="Met: seconds from trigger to meeting. Open: seconds left (negative when overdue).")
    def time_to_review_seconds(self, info: Info, as_of: datetime | None = None) -> int | None:
        return self._obligation.time_to_review_seconds(moment_of(info, as_of, self._moment))


@strawberry.type
class Finding:
    _finding: strawberry.Private[v.Finding]
    _moment: strawberry.Private[datetime | None] = None

    @strawberry.field(description="Stable: the same rule about the same subject from the same moment")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._finding.id))

    @strawberry.field
    def rule_id(self) -> str:
        return self._finding.rule.id

    @strawberry.field
    def description(self) -> str:
        return self._finding.rule.description

    @strawberry.field
    def source(self) -> str:
        return self._finding.rule.source

    @strawberry.field
    def confidence(self) -> str:
        return self._finding.rule.confidence

    @strawberry.field(description="The entry the finding is about (for these rules, a use).")
    def subject(self) -> strawberry.ID:
        return strawberry.ID(str(self._finding.subject))

    @strawberry.field(description="When the finding arose.")
    def at(self) -> datetime:
        return self._finding.at

    @strawberry.field(description="When a later entry (such as a correction) resolved it, if one had by the moment")
    def resolved_at(self, info: Info) -> datetime | None:
        resolved_at = self._finding.resolved_at
        moment = moment_of(info, None, self._moment)
        return resolved_at if resolved_at is not None and resolved_at <= moment else None

    @strawberry.field(description="What exactly is wrong, e.g. which Use of Force Act items are missing.")
    def detail(self) -> str:
        return self._finding.detail

    @strawberry.field(description="Whether the rule is guidance a clinician may depart from with a justification")
    def departable(self) -> bool:
        return self._finding.rule.departable

    @strawberry.field(description="When a departure from the guidance was justified, if it had been by the moment")
    def waived_at(self, info: Info) -> datetime | None:
        return self._finding.waived_at if self._waived_by_then(info) else None

    @strawberry.field(description="The justification of the departure, if it had been made by the moment")
    def waiver_reason(self, info: Info) -> str | None:
        return self._finding.waiver_reason if self._waived_by_then(info) else None

    def _waived_by_then(self, info: Info) -> bool:
        waived_at = self._finding.waived_at
        return waived_at is not None and waived_at <= moment_of(info, None, self._moment)


@strawberry.type
class HistoryEntry:
    position: int
    kind: str = strawberry.field(description="The event, e.g. UseRecorded, DebriefHeld, EntryCorrected")
    entry_id: strawberry.ID = strawberry.field(description="The entry the event created or concerns")
    corrects: strawberry.ID | None = strawberry.field(description="For a correction, the entry it corrects")
    retracts: strawberry.ID | None = strawberry.field(description="For a retraction, the entry it retracts")
    occurred_at: datetime = strawberry.field(description="When it happened, as the recorder said")
    recorded_at: datetime = strawberry.field(description="When it was recorded")
    recorded_by: Actor
    correlation_id: str | None = strawberry.field(description="Shared by every entry one request recorded")
    recording_delay_seconds: int = strawberry.field(description="From when it happened to when it was recorded")
    late: bool = strawberry.field(description="Recorded later after it happened than the policy allows")
    summary: str
    details: JSON

    @classmethod
    def of(cls, e: HistoryEntryDto) -> HistoryEntry:
        return cls(
            position=e.position,
            kind=e.kind,
            entry_id=strawberry.ID(str(e.entry_id)),
            corrects=None if e.corrects is None else strawberry.ID(str(e.corrects)),
            retracts=None if e.retracts is None else strawberry.ID(str(e.retracts)),
            occurred_at=e.occurred_at,
            recorded_at=e.recorded_at,
            recorded_by=Actor(id=e.recorded_by.id, name=e.recorded_by.name, role=e.recorded_by.role),
            correlation_id=e.correlation_id,
            recording_delay_seconds=e.recording_delay_seconds,
            late=e.late,
            summary=e.summary,
            details=e.details,
        )
