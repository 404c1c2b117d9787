"""The Case type and its connection: a case's status, obligations, findings and history, now or at another moment,
from the read models or, for other views of the record (knownAt, uncorrected), computed from its history."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
from collections.abc import Awaitable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import strawberry

from rpledger.application import vocabulary as v
from rpledger.application.case_batches import LoadedCase
from rpledger.application.dto import CaseEntries, CaseSummary
from rpledger.graphql.entry_types import Authorisation, CarePlanRevision, Debrief, Use
from rpledger.graphql.enums import ComplianceStatus, Setting
from rpledger.graphql.record_types import (
    Departure,
    Notification,
    Observation,
    Review,
    StandardAuthorisationRequest,
    Stay,
)
from rpledger.graphql.scalars import InvalidArgumentError, checked_moment
from rpledger.graphql.types import Finding, HistoryEntry, Info, Obligation, moment_of

KNOWN_AT = "knownAt: as the record stood at that moment (from what had been recorded by then)"



@strawberry.type
class Case:
    _summary: strawberry.Private[CaseSummary]
    _moment: strawberry.Private[datetime | None] = None
    # The status the list this case came in read for it at the list's moment (``cases``); None outside a list.
    _listed: strawberry.Private[v.ComplianceStatus | None] = None
    # What status, obligations and findings read, per (knownAt, corrected): one read, or one derivation, per view
    # (kept as the task computing it, so that fields asking for the same view at once share it).
    _views: strawberry.Private[dict[tuple[datetime | None, bool], Any]] = dataclasses.field(default_factory=dict)
    # The case loaded from the event store, per knownAt (the dataloader's answer, shared by every field that needs it).
    _loaded: strawberry.Private[dict[datetime | None, Awaitable[LoadedCase]]] = dataclasses.field(default_factory=dict)
    # The entries each list reads, per knownAt: one sorting of the loaded case's entries per view.
    _entries: strawberry.Private[dict[datetime | None, CaseEntries]] = dataclasses.field(default_factory=dict)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._summary.id))

    @strawberry.field
    def person_ref(self) -> str:
        return self._summary.person_ref

    @strawberry.field
    def setting(self) -> Setting:
        return self._summary.setting

    @strawberry.field
    def location_id(self) -> str:
        return self._summary.location_id

    @strawberry.field
    def date_of_birth(self) -> date | None:
        return self._summary.date_of_birth

    @strawberry.field
    def opened_at(self) -> datetime:
        return self._summary.opened_at

    @strawberry.field(description="The policy (rule set and parameters) the case is judged by, as name@version")
    def policy(self) -> str:
        return f"{self._summary.policy_name}@{self._summary.policy_version}"

    @strawberry.field
    async def status(
        self, info: Info, as_of: datetime | None = None, known_at: datetime | None = None, corrected: bool = True
    ) -> ComplianceStatus:
        if self._listed is not None and as_of is None and known_at is None and corrected:
            return self._listed  # read with the list, at its moment (its asOf, else its now)
        moment = moment_of(info, as_of, self._moment)
        obligations, findings = await self._compliance(info, known_at, corrected)
        return v.compliance_status(obligations, findings, moment)

    @strawberry.field(
        description="The obligations that existed at the moment (asOf, else now), in order; knownAt: from what had "
        "been recorded by then; corrected: false for the entries as first recorded"
    )
    async def obligations(
        self, info: Info, as_of: datetime | None = None, known_at: datetime | None = None, corrected: bool = True
    ) -> list[Obligation]:
        moment = moment_of(info, as_of, self._moment)
        found, _ = await self._compliance(info, known_at, corrected)
        return [Obligation(_obligation=o, _moment=moment) for o in found if o.exists_at(moment)]

    @strawberry.field(description="The findings open at the moment; with includeResolved, also those resolved by then")
    async def findings(
        self,
        info: Info,
        as_of: datetime | None = None,
        known_at: datetime | None = None,
        corrected: bool = True,
        include_resolved: bool = False,
    ) -> list[Finding]:
        moment = moment_of(info, as_of, self._moment)
        _, found = await self._compliance(info, known_at, corrected)
        wanted = (f for f in found if f.open_at(moment) or (include_resolved and f.at <= moment))
        return [Finding(_finding=f, _moment=moment) for f in wanted]

    async def _compliance(
        self, info: Info, known_at: datetime | None, corrected: bool
    ) -> tuple[Sequence[v.Obligation], Sequence[v.Finding]]:
        """From the read models for the current record; derived from the case loaded from its history for another
        view of it. Either way batched with the page's other cases (dataloaders)."""
        known = None if known_at is None else checked_moment("knownAt", known_at)
        key = (known, corrected)
        if key not in self._views:
            self._views[key] = asyncio.ensure_future(self._view(info, known, corrected))
        found: tuple[Sequence[v.Obligation], Sequence[v.Finding]] = await self._views[key]
        return found

    async def _view(
        self, info: Info, known: datetime | None, corrected: bool
    ) -> tuple[Sequence[v.Obligation], Sequence[v.Finding]]:
        if known is None and corrected:
            loaders = info.context.loaders
            obligations, findings = await asyncio.gather(
                loaders.obligations.load(self._summary.id), loaders.findings.load(self._summary.id)
            )
            return obligations, findings
        return (await self._case(info, known)).compliance(corrected)

    async def _case(self, info: Info, known: datetime | None) -> LoadedCase:
        """The case as the record stands (``known`` None) or stood at ``known``, loaded with the page's other cases."""
        if known not in self._loaded:
            self._loaded[known] = info.context.loaders.cases.load((self._summary.id, known))
        try:
            return await self._loaded[known]
        except v.DomainError:  # nothing of the case had been recorded by then
            raise InvalidArgumentError(f"nothing of this case had been recorded by knownAt {known}") from None

    async def _entries_known_at(self, info: Info, known_at: datetime | None) -> CaseEntries:
        known = None if known_at is None else checked_moment("knownAt", known_at)
        if known not in self._entries:
            self._entries[known] = (await self._case(info, known)).entries()
        return self._entries[known]

    @strawberry.field(description=f"The uses in the order they started; {KNOWN_AT}")
    async def uses(self, info: Info, known_at: datetime | None = None) -> list[Use]:
        if known_at is None:
            return [Use(_use=u) for u in await info.context.loaders.uses.load(self._summary.id)]
        return [Use(_use=u) for u in (await self._entries_known_at(info, known_at)).uses]

    @strawberry.field(description=f"The authorisations in the order granted; {KNOWN_AT}")
    async def authorisations(self, info: Info, known_at: datetime | None = None) -> list[Authorisation]:
        return [Authorisation.of(a) for a in (await self._entries_known_at(info, known_at)).authorisations]

    @strawberry.field(description=f"The debriefs and post-incident reviews in the order held; {KNOWN_AT}")
    async def debriefs(self, info: Info, known_at: datetime | None = None) -> list[Debrief]:
        return [Debrief.of(d) for d in (await self._entries_known_at(info, known_at)).debriefs]

    @strawberry.field(description=f"The care-plan revisions by version; {KNOWN_AT}")
    async def care_plan_revisions(self, info: Info, known_at: datetime | None = None) -> list[CarePlanRevision]:
        return [CarePlanRevision.of(r) for r in (await self._entries_known_at(info, known_at)).care_plan_revisions]

    @strawberry.field(description=f"The reviews of seclusion and segregation in the order held; {KNOWN_AT}")
    async def reviews(self, info: Info, known_at: datetime | None = None) -> list[Review]:
        return [Review.of(r) for r in (await self._entries_known_at(info, known_at)).reviews]

    @strawberry.field(description=f"The observations in the order made; {KNOWN_AT}")
    async def observations(self, info: Info, known_at: datetime | None = None) -> list[Observation]:
        return [Observation.of(o) for o in (await self._entries_known_at(info, known_at)).observations]

    @strawberry.field(description=f"The requests for a standard DoLS authorisation in the order made; {KNOWN_AT}")
    async def standard_authorisation_requests(
        self, info: Info, known_at: datetime | None = None
    ) -> list[StandardAuthorisationRequest]:
        return [StandardAuthorisationRequest.of(r) for r in (await self._entries_known_at(info, known_at)).dols_requests]

    @strawberry.field(description=f"The ward stays in the order admitted; {KNOWN_AT}")
    async def stays(self, info: Info, known_at: datetime | None = None) -> list[Stay]:
        return [Stay.of(s) for s in (await self._entries_known_at(info, known_at)).stays]

    @strawberry.field(description=f"The notifications to CQC in the order sent; {KNOWN_AT}")
    async def notifications(self, info: Info, known_at: datetime | None = None) -> list[Notification]:
        return [Notification.of(n) for n in (await self._entries_known_at(info, known_at)).notifications]

    @strawberry.field(description=f"The justified departures from guidance in the order justified; {KNOWN_AT}")
    async def departures(self, info: Info, known_at: datetime | None = None) -> list[Departure]:
        return [Departure.of(d) for d in (await self._entries_known_at(info, known_at)).departures]

    @strawberry.field(description="Every entry in the order recorded: what, when it happened, when recorded, by whom")
    async def history(self, info: Info, known_at: datetime | None = None) -> list[HistoryEntry]:
        known = None if known_at is None else checked_moment("knownAt", known_at)
        return [HistoryEntry.of(e) for e in await info.context.loaders.histories.load((self._summary.id, known))]


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class CaseEdge:
    cursor: str
    node: Case


@strawberry.type
class CaseConnection:
    edges: list[CaseEdge]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def nodes(self) -> list[Case]:
        return [edge.node for edge in self.edges]


def cursor_of(case_id: UUID) -> str:
    return base64.urlsafe_b64encode(f"case:{case_id}".encode()).decode()


def case_id_of_cursor(cursor: str) -> UUID | None:
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        return UUID(value) if kind == "case" else None
    except ValueError:
        return None

