"""Access at the GraphQL boundary: the bearer token of every request, and the role check of every operation.

``BearerTokens`` wraps the GraphQL endpoint: a request that would execute an operation must carry a valid token,
else it gets 401 before any GraphQL runs. Only a plain ``GET /graphql`` with no query (the GraphiQL page, served in
development mode only) passes without one.

``OperationAccess`` checks, before execution, every root field the operation selects (through fragments too)
against ``rpledger.application.access.OPERATIONS``, and ``knownAt`` arguments and ``history`` fields against the
history roles. A refused operation runs nothing: no resolver, no write. Reach (provider and location) is checked
where each record is loaded (``Context.visible_case`` and friends), so that out of reach looks like not there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from rpledger.application.access import Principal, Unauthenticated

FORBIDDEN = "FORBIDDEN"
# Asked about the schema itself, not the records; hardening decides whether introspection is open.
_INTROSPECTION = frozenset({"__typename", "__schema", "__type"})
HISTORY_FIELDS = frozenset({"history"})
HISTORY_ARGUMENTS = frozenset({"knownAt"})


class BearerTokens:
    """ASGI middleware: the request's ``Authorization: Bearer`` token, verified into ``scope["state"]["principal"]``."""

    def __init__(self, app: Any, verify: Callable[[str], Principal]) -> None:
        self.app, self.verify = app, verify

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or _is_ide_page(scope):
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            await _unauthorised(send, "a bearer token is required (Authorization: Bearer <token>)")
            return
        try:
            principal = self.verify(token.strip())
        except Unauthenticated as refused:
            await _unauthorised(send, str(refused))
            return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)


def _is_ide_page(scope: dict[str, Any]) -> bool:
    """A GET with no query asks for the GraphiQL page (only served in development), which holds no data."""
    return scope.get("method") == "GET" and "query" not in parse_qs(scope.get("query_string", b"").decode("latin-1"))


async def _unauthorised(send: Any, message: str) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]}).encode()
    await send({
        "type": "http.response.start",
        "status": 401,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"www-authenticate", b'Bearer realm="rpledger"'),
        ],
    })
    await send({"type": "http.response.body", "body": body})


class OperationAccess(SchemaExtension):
    """Refuses, before anything runs, an operation that selects a field the token's roles may not use."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        principal: Principal | None = getattr(context.context, "principal", None)
        document = context.graphql_document
        operation = None if document is None else get_operation_ast(document, context.operation_name)
        if operation is not None:
            refusal = refusal_of(operation, principal, _fragments(document))
            if refusal is not None:
                context.result = ExecutionResult(
                    data=None, errors=[GraphQLError(refusal, extensions={"code": FORBIDDEN})]
                )
        yield


def refusal_of(operation: OperationDefinitionNode, principal: Principal | None, fragments: dict[str, Any]) -> str | None:
    """Why ``principal`` may not run ``operation``, or None when it may."""
    if principal is None:
        return "no verified token came with this request"
    for name in _root_fields(operation.selection_set, fragments, set()):
        if name not in _INTROSPECTION and not principal.may(name):
            return f"{FORBIDDEN}: the roles of this token may not use {name}"
    if not principal.may_read_history() and _asks_history(operation.selection_set, fragments, set()):
        return f"{FORBIDDEN}: only managers and auditors may read history or knownAt"
    return None


def _fragments(document: Any) -> dict[str, Any]:
    return {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}


def _root_fields(selections: SelectionSetNode, fragments: dict[str, Any], seen: set[str]) -> Iterator[str]:
    return (field.name.value for field in _fields(selections, fragments, seen))


def _asks_history(selections: SelectionSetNode | None, fragments: dict[str, Any], seen: set[str]) -> bool:
    for field in _fields(selections, fragments, seen):
        if field.name.value in HISTORY_FIELDS:
            return True
        if any(argument.name.value in HISTORY_ARGUMENTS for argument in field.arguments or ()):
            return True
        if _asks_history(field.selection_set, fragments, seen):
            return True
    return False


def _fields(selections: SelectionSetNode | None, fragments: dict[str, Any], seen: set[str]) -> Iterator[FieldNode]:
    """The fields selected at one level, through inline fragments and fragment spreads (each fragment once)."""
    if selections is None:
        return
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(fragment.selection_set, fragments, seen)
