"""Queries of the register of blanket restrictions: a location's register at a moment, a page at a time, and one
restriction."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from rpledger.application.blanket_register import BlanketRestrictionState, RegisterPosition
from rpledger.graphql.blanket_types import (
    BlanketRestriction,
    BlanketRestrictionConnection,
    BlanketRestrictionEdge,
    position_of_cursor,
    restriction_cursor,
)
from rpledger.graphql.case_types import PageInfo
from rpledger.graphql.queries import DEFAULT_PAGE, checked_first
from rpledger.graphql.scalars import InvalidArgumentError, checked_moment
from rpledger.graphql.types import Info


@strawberry.type
class BlanketQuery:
    @strawberry.field(
        description="The register of a ward or service: the blanket restrictions introduced by the moment (asOf, "
        "else now) and still in force then (with includeLifted, also those lifted by then), high priority first, "
        "then in the order introduced; a page at a time (first: 1 to 500; after: the endCursor of the page before)"
    )
    def blanket_restrictions(
        self,
        info: Info,
        location_id: str,
        as_of: datetime | None = None,
        include_lifted: bool = False,
        first: int = DEFAULT_PAGE,
        after: str | None = None,
    ) -> BlanketRestrictionConnection:
        moment = info.context.clock() if as_of is None else checked_moment("asOf", as_of)
        checked_first(first)
        position = None if after is None else position_of_cursor(after)
        if after is not None and position is None:
            raise InvalidArgumentError(f"after {after[:60]!r} is not a cursor this API issued")
        reach = info.context.reach("blanketRestrictions")
        if not reach.covers(reach.provider, location_id.strip()):
            # As for a location with no restrictions: nothing says whether it exists.
            return BlanketRestrictionConnection(edges=[], page_info=PageInfo(has_next_page=False, end_cursor=None),
                                                total_count=0)
        page = info.context.restrictions.register_view.register_page(
            location_id.strip(), moment=moment, include_lifted=include_lifted, first=first, after=position,
            provider_id=reach.provider,
        )
        edges = [
            BlanketRestrictionEdge(cursor=restriction_cursor(RegisterPosition.of(state.summary)),
                                   node=BlanketRestriction(_state=state, _moment=as_of and moment))
            for state in page.restrictions
        ]
        end_cursor = edges[-1].cursor if edges else None
        return BlanketRestrictionConnection(
            edges=edges, page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=end_cursor),
            total_count=page.total_count,
        )

    @strawberry.field(description="A blanket restriction by id; null when there is none")
    def blanket_restriction(self, info: Info, id: strawberry.ID) -> BlanketRestriction | None:
        try:
            restriction_id = UUID(str(id))
        except ValueError:
            return None
        state = visible_restriction(info, restriction_id, "blanketRestriction")
        return None if state is None else BlanketRestriction(_state=state)


def visible_restriction(info: Info, restriction_id: UUID, operation: str) -> BlanketRestrictionState | None:
    """The restriction when it exists and ``operation`` reaches it; None alike when it does not exist and when it
    lies beyond the token's provider or locations."""
    state = info.context.restrictions.restriction(restriction_id)
    if state is None or not info.context.reach(operation).covers(state.summary.provider_id, state.summary.location_id):
        return None
    return state
