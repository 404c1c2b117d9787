"""The strawberry ASGI app, with the context built per request."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse

from rpledger.application.blanket_restrictions import BlanketRestrictions
from rpledger.application.cases import Cases
from rpledger.application.view import ComplianceView
from rpledger.graphql.context import Context
from rpledger.graphql.hardening import DEVELOPMENT, QUERY_TIMEOUT
from rpledger.graphql.schema import build_schema


class LedgerGraphQL(GraphQL[Context, None]):
    def __init__(
        self,
        cases: Cases,
        view: ComplianceView,
        clock: Callable[[], datetime],
        graphiql: bool,
        blanket_restrictions: BlanketRestrictions | None = None,
        mode: str = DEVELOPMENT,
    ) -> None:
        super().__init__(build_schema(mode), graphql_ide="graphiql" if graphiql else None)
        self._cases, self._view, self._clock = cases, view, clock
        self._blanket_restrictions = blanket_restrictions

    async def get_context(self, request: Request, response: Any) -> Context:  # type: ignore[override]
        # BearerTokens (around this app) has verified the token; without one, nothing but the IDE page gets here.
        principal = request.scope.get("state", {}).get("principal")
        return Context(
            self._cases, self._view, self._clock, principal, blanket_restrictions=self._blanket_restrictions
        )

    def decode_json(self, data: str | bytes) -> object:
        """As strawberry decodes a body or the variables of a GET, but one Python cannot read (not UTF-8, or nested
        deeper than its recursion limit) is answered 400 as malformed JSON is, not 500."""
        try:
            return super().decode_json(data)
        except (UnicodeDecodeError, RecursionError):
            raise json.JSONDecodeError("not JSON that can be read", "", 0) from None

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """A query stopped at its deadline is answered 503, so that monitoring sees it as the server's limit."""
        response = super().create_response(response_data, sub_response)
        errors: list[Any] = (response_data.get("errors") or []) if isinstance(response_data, dict) else []
        if any((error.get("extensions") or {}).get("code") == QUERY_TIMEOUT for error in errors):
            response.status_code = 503
        return response
