"""Queries of the register of blanket restrictions: a location's register at a moment, and one restriction."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from rpledger.application.blanket_register import BlanketRestrictionState
from rpledger.graphql.blanket_types import BlanketRestriction
from rpledger.graphql.scalars import checked_moment
from rpledger.graphql.types import Info


@strawberry.type
class BlanketQuery:
    @strawberry.field(
        description="The register of a ward or service: the blanket restrictions introduced by the moment (asOf, "
        "else now) and still in force then (with includeLifted, also those lifted by then), high priority first, "
        "then in the order introduced"
    )
    def blanket_restrictions(
        self, info: Info, location_id: str, as_of: datetime | None = None, include_lifted: bool = False
    ) -> list[BlanketRestriction]:
        moment = info.context.clock() if as_of is None else checked_moment("asOf", as_of)
        reach = info.context.reach("blanketRestrictions")
        if not reach.covers(reach.provider, location_id.strip()):
            return []  # as for a location with no restrictions: nothing says whether it exists
        found = info.context.restrictions.register(
            location_id, moment=moment, include_lifted=include_lifted, provider_id=reach.provider
        )
        return [BlanketRestriction(_state=state, _moment=as_of and moment) for state in found]

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
