"""The strawberry ASGI app, with the context built per request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from strawberry.asgi import GraphQL

from rpledger.application.blanket_restrictions import BlanketRestrictions
from rpledger.application.cases import Cases
from rpledger.application.view import ComplianceView
from rpledger.graphql.context import Context, actor_from_headers
from rpledger.graphql.schema import build_schema


class LedgerGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        cases: Cases,
        view: ComplianceView,
        clock: Callable[[], datetime],
        graphiql: bool,
        blanket_restrictions: BlanketRestrictions | None = None,
    ) -> None:
        super().__init__(build_schema(), graphql_ide="graphiql" if graphiql else None)
        self._cases, self._view, self._clock = cases, view, clock
        self._blanket_restrictions = blanket_restrictions

    async def get_context(self, request: Request, response: Any) -> Context:  # type: ignore[override]
        actor = actor_from_headers(dict(request.headers))
        return Context(self._cases, self._view, self._clock, actor, blanket_restrictions=self._blanket_restrictions)
