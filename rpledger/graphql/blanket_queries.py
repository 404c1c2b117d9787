"""Queries of the register of blanket restrictions: a location's register at a moment, and one restriction."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

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
        found = info.context.restrictions.register(location_id, moment=moment, include_lifted=include_lifted)
        return [BlanketRestriction(_state=state, _moment=as_of and moment) for state in found]

    @strawberry.field(description="A blanket restriction by id; null when there is none")
    def blanket_restriction(self, info: Info, id: strawberry.ID) -> BlanketRestriction | None:
        try:
            restriction_id = UUID(str(id))
        except ValueError:
            return None
        state = info.context.restrictions.restriction(restriction_id)
        return None if state is None else BlanketRestriction(_state=state)
