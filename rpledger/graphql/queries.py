"""Queries: a case by id, cases filtered by compliance status and location at a moment, a page at a time, and the
policy profiles."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from rpledger.application.catalogue import policy_profiles
from rpledger.graphql.case_types import Case, CaseConnection, CaseEdge, PageInfo, case_id_of_cursor, cursor_of
from rpledger.graphql.enums import ComplianceStatus
from rpledger.graphql.policy_types import PolicyProfile
from rpledger.graphql.scalars import InvalidArgumentError, checked_moment
from rpledger.graphql.types import Info

DEFAULT_PAGE = 50
MAX_PAGE = 500


def checked_first(first: int) -> int:
    """A page's size as asked for (``first``), refused unless between 1 and ``MAX_PAGE``."""
    if not 1 <= first <= MAX_PAGE:
        raise InvalidArgumentError(f"first must be between 1 and {MAX_PAGE}, not {first}")
    return first


@strawberry.type
class Query:
    @strawberry.field(description="A case by id; null when there is none")
    def case(self, info: Info, id: strawberry.ID) -> Case | None:
        try:
            case_id = UUID(str(id))
        except ValueError:
            return None
        summary = info.context.visible_case(case_id, "case")
        return None if summary is None else Case(_summary=summary)

    @strawberry.field(description="Cases open at the moment (asOf, else now), optionally by status and location")
    def cases(
        self,
        info: Info,
        status: ComplianceStatus | None = None,
        location_id: str | None = None,
        as_of: datetime | None = None,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> CaseConnection:
        moment = info.context.clock() if as_of is None else checked_moment("asOf", as_of)
        checked_first(first)
        after_id = None if after is None else case_id_of_cursor(after)
        if after is not None and after_id is None:
            raise InvalidArgumentError(f"after {after[:60]!r} is not a cursor this API issued")
        page = info.context.view.cases(
            moment=moment, status=status, location_id=location_id, first=first, after=after_id,
            reach=info.context.reach("cases"),
        )
        edges = [
            CaseEdge(cursor=cursor_of(c.id), node=Case(_summary=c, _moment=as_of and moment, _listed=page.statuses.get(c.id)))
            for c in page.cases
        ]
        end_cursor = edges[-1].cursor if edges else None
        return CaseConnection(
            edges=edges, page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=end_cursor),
            total_count=page.total_count,
        )

    @strawberry.field(description="The policy profiles in force (the defaults, or as the provider's policy file sets "
                      "them): each one's version, settings, rules (with sources and confidence labels) and parameters")
    def policies(self, info: Info) -> list[PolicyProfile]:
        return [PolicyProfile.of(p) for p in policy_profiles(info.context.cases.policies)]
