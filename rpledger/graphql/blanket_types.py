"""The BlanketRestriction type: a restriction's register entry, its status, BLK obligations and findings at a moment,
its exemptions and its history. Fields that depend on a moment take ``asOf`` and otherwise use the moment of the
query that produced them (``blanketRestrictions(asOf: ...)``) or now."""

from __future__ import annotations

import base64
from datetime import datetime
from uuid import UUID

import strawberry

from rpledger.application import vocabulary as v
from rpledger.application.blanket_register import BlanketRestrictionState, RegisterPosition
from rpledger.graphql.case_types import PageInfo
from rpledger.graphql.enums import ComplianceStatus, Setting
from rpledger.graphql.types import Finding, HistoryEntry, Info, Obligation, moment_of

BlanketRestrictionCategory = strawberry.enum(
    v.BlanketRestrictionCategory,
    name="BlanketRestrictionCategory",
    description="What a blanket restriction restricts; HOT_DRINKS, FOOD_AND_DRINK, VISITORS, PHONE, INTERNET and "
    "BEDROOM_ACCESS are the subtle restrictive practices CQC names",
)
BlanketRestrictionPriority = strawberry.enum(
    v.BlanketRestrictionPriority,
    name="BlanketRestrictionPriority",
    description="HIGH for the subtle restrictive practices CQC names, else STANDARD",
)


@strawberry.type(description="Why a blanket restriction is necessary and proportionate (BLK-01)")
class BlanketJustification:
    id: strawberry.ID
    necessity_and_proportionality: str
    approved_by: str = strawberry.field(description="Who approved it, e.g. the governance group")
    communicated_how: str | None = strawberry.field(description="How the people it restricts were told")
    justified_at: datetime

    @classmethod
    def of(cls, j: v.Justification) -> BlanketJustification:
        return cls(
            id=strawberry.ID(str(j.id)),
            necessity_and_proportionality=j.necessity_and_proportionality,
            approved_by=j.approved_by,
            communicated_how=j.communicated_how,
            justified_at=j.justified_at,
        )


@strawberry.type(description="A review of a blanket restriction (BLK-02)")
class BlanketReview:
    id: strawberry.ID
    decision: str
    reviewed_by: str
    continues: bool = strawberry.field(description="False: the review ended the restriction")
    reviewed_at: datetime

    @classmethod
    def of(cls, r: v.RestrictionReview) -> BlanketReview:
        return cls(
            id=strawberry.ID(str(r.id)), decision=r.decision, reviewed_by=r.reviewed_by, continues=r.continues,
            reviewed_at=r.reviewed_at,
        )


@strawberry.type(description="A person exempted from a blanket restriction, and why")
class BlanketExemption:
    id: strawberry.ID
    person_ref: str
    reason: str
    granted_at: datetime

    @classmethod
    def of(cls, e: v.Exemption) -> BlanketExemption:
        return cls(id=strawberry.ID(str(e.id)), person_ref=e.person_ref, reason=e.reason, granted_at=e.granted_at)


@strawberry.type(description="A restriction applied to a ward, a service or a class of people (BLK-01, BLK-02)")
class BlanketRestriction:
    _state: strawberry.Private[BlanketRestrictionState]
    _moment: strawberry.Private[datetime | None] = None

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self._state.summary.id))

    @strawberry.field
    def location_id(self) -> str:
        return self._state.summary.location_id

    @strawberry.field
    def setting(self) -> Setting:
        return self._state.summary.setting

    @strawberry.field(description='Who it applies to, e.g. "all residents of Elm House"')
    def scope(self) -> str:
        return self._state.summary.scope

    @strawberry.field(description='What it restricts, e.g. "no hot drinks after 21:00"')
    def description(self) -> str:
        return self._state.summary.description

    @strawberry.field
    def category(self) -> BlanketRestrictionCategory:
        return self._state.summary.category

    @strawberry.field(description="Whether it is one of the subtle restrictive practices CQC names")
    def subtle(self) -> bool:
        return self._state.summary.category.is_subtle

    @strawberry.field
    def priority(self) -> BlanketRestrictionPriority:
        return self._state.summary.priority

    @strawberry.field(description="The risk it responds to")
    def risk_addressed(self) -> str | None:
        return self._state.summary.risk_addressed

    @strawberry.field
    def introduced_at(self) -> datetime:
        return self._state.summary.introduced_at

    @strawberry.field(description="When it was first justified (BLK-01), if ever")
    def first_justified_at(self) -> datetime | None:
        return self._state.summary.first_justified_at

    @strawberry.field(description="The latest justification")
    def justification(self) -> BlanketJustification | None:
        found = self._state.summary.justification
        return None if found is None else BlanketJustification.of(found)

    @strawberry.field(description="The latest review")
    def last_review(self) -> BlanketReview | None:
        found = self._state.summary.last_review
        return None if found is None else BlanketReview.of(found)

    @strawberry.field(description="When it was lifted (or a review ended it), if it has been")
    def lifted_at(self) -> datetime | None:
        return self._state.summary.lifted_at

    @strawberry.field
    def lift_reason(self) -> str | None:
        return self._state.summary.lift_reason

    @strawberry.field(description="Calendar months between reviews under the policy it is judged by")
    def review_every_months(self) -> int:
        return self._state.summary.review_every_months

    @strawberry.field(description="The policy (rule set and parameters) it is judged by, as name@version")
    def policy(self) -> str:
        return f"{self._state.summary.policy_name}@{self._state.summary.policy_version}"

    @strawberry.field(description="Whether it was in force at the moment (asOf, else now)")
    def in_force(self, info: Info, as_of: datetime | None = None) -> bool:
        return self._state.summary.in_force_at(moment_of(info, as_of, self._moment))

    @strawberry.field(description="Its compliance at the moment (asOf, else now), from its obligations and findings")
    def status(self, info: Info, as_of: datetime | None = None) -> ComplianceStatus:
        moment = moment_of(info, as_of, self._moment)
        return v.compliance_status(self._state.obligations, self._state.findings, moment)

    @strawberry.field(description="When the review open at the moment falls due; null when none is open")
    def next_review_due(self, info: Info, as_of: datetime | None = None) -> datetime | None:
        return self._state.next_review_due(moment_of(info, as_of, self._moment))

    @strawberry.field(description="The review obligations (BLK-02) that existed at the moment, in order")
    def obligations(self, info: Info, as_of: datetime | None = None) -> list[Obligation]:
        moment = moment_of(info, as_of, self._moment)
        return [Obligation(_obligation=o, _moment=moment) for o in self._state.obligations if o.exists_at(moment)]

    @strawberry.field(description="The findings (BLK-01) open at the moment; with includeResolved, also those "
                      "resolved by then")
    def findings(self, info: Info, as_of: datetime | None = None, include_resolved: bool = False) -> list[Finding]:
        moment = moment_of(info, as_of, self._moment)
        wanted = (f for f in self._state.findings if f.open_at(moment) or (include_resolved and f.at <= moment))
        return [Finding(_finding=f, _moment=moment) for f in wanted]

    @strawberry.field(description="The people exempted by the moment, in the order they were")
    def exemptions(self, info: Info, as_of: datetime | None = None) -> list[BlanketExemption]:
        moment = moment_of(info, as_of, self._moment)
        return [BlanketExemption.of(e) for e in self._state.exemptions if e.granted_at <= moment]

    @strawberry.field(description="Every entry in the order recorded: what, when it happened, when recorded, by whom")
    async def history(self, info: Info) -> list[HistoryEntry]:
        entries = await info.context.restriction_histories.load(self._state.summary.id)
        return [HistoryEntry.of(e) for e in entries]


@strawberry.type
class BlanketRestrictionEdge:
    cursor: str
    node: BlanketRestriction


@strawberry.type(description="A page of a register: its restrictions in the register's order, whether more follow "
                 "(pageInfo), and how many the whole register holds (totalCount)")
class BlanketRestrictionConnection:
    edges: list[BlanketRestrictionEdge]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def nodes(self) -> list[BlanketRestriction]:
        return [edge.node for edge in self.edges]


_CURSOR_KIND = "blanket"


def restriction_cursor(position: RegisterPosition) -> str:
    """An opaque cursor holding the restriction's place in the register's order: its priority, when it was
    introduced and its id (so a page after it needs no look-up, and a lifted restriction's cursor still works)."""
    text = f"{_CURSOR_KIND}:{int(position.high)}:{position.id}:{position.introduced_at.isoformat()}"
    return base64.urlsafe_b64encode(text.encode()).decode()


def position_of_cursor(cursor: str) -> RegisterPosition | None:
    """The place a cursor of ``restriction_cursor`` holds; None for anything else."""
    try:
        kind, high, restriction_id, introduced_at = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 3)
        moment = datetime.fromisoformat(introduced_at)
        if kind != _CURSOR_KIND or high not in ("0", "1") or moment.tzinfo is None:
            return None
        return RegisterPosition(high == "1", moment, UUID(restriction_id))
    except ValueError:  # not base64, not UTF-8, too few parts, not a time or not an id
        return None
