"""The limits every GraphQL request is held to, and what production hides.

Always: the depth, token and alias limits (checked before anything runs), the parser and validation caches, and a
deadline on a query's execution. Outside development: no introspection, no "did you mean" suggestions (they give
the schema away as surely as introspection), and unexpected errors masked. ``RequestLimits`` bounds the HTTP body
before GraphQL sees it. Page sizes are bounded where they are asked for (``queries.MAX_PAGE``, 500 cases or restrictions).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from time import monotonic
from typing import Any

import anyio
from graphql import GraphQLError, OperationType
from graphql.validation import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from rpledger.application.vocabulary import DomainError
from rpledger.graphql.access import FORBIDDEN
from rpledger.graphql.scalars import InvalidArgumentError

DEVELOPMENT, PRODUCTION = "development", "production"

# Nesting of selections. The schema has no cycles: its deepest path (cases > edges > node > uses > details > staff)
# is 6 deep, as is the deepest query the tests send (the dashboard's are 3). 10 leaves room for the schema to grow while
# refusing pathological nesting before the other validation rules walk it.
MAX_DEPTH = 10
# Lexical tokens of a document. The largest legitimate query (every field of a page of cases) has 171; GraphiQL's
# introspection query has fewer than 200. Parsing stops at the limit, so a huge document costs nothing more.
MAX_TOKENS = 1000
# Aliases let one request ask for the same expensive field many times (``a: cases(first: 500) ... b: cases``).
# The tests' largest use is 2 (two mutations in one request).
MAX_ALIASES = 10
# Seconds a query may run. Resolvers (and dataloaders' batch functions) read the database synchronously, on the
# event loop, so nothing can interrupt one:
# ``QueryDeadline`` checks before each field is resolved, which bounds a query to this plus its slowest field.
# A page of 300 cases with their status, obligations, findings and uses takes about a second on SQLite.
QUERY_SECONDS = 10.0
# Bytes of a request body (or query string). A mutation's free text is at most 10,000 characters a field, so even a
# full use of force record is a few tens of kilobytes.
MAX_BODY_BYTES = 1024 * 1024
# Seconds to receive the body: a client trickling bytes to hold a connection open is cut off.
BODY_SECONDS = 10.0
# Distinct documents kept parsed and validated. Only documents up to CACHEABLE_CHARS long are kept, so that the
# caches hold at most a couple of megabytes however large the documents clients send.
CACHE_SIZE = 128
CACHEABLE_CHARS = 16 * 1024

QUERY_TIMEOUT = "QUERY_TIMEOUT"
REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
UNEXPECTED_ERROR = "UNEXPECTED_ERROR"
# Codes of errors we raise on purpose; their messages are written for the client, so production shows them.
EXPECTED_CODES = frozenset({FORBIDDEN, QUERY_TIMEOUT})
UNEXPECTED_MESSAGE = "an unexpected error stopped this request; it has been logged for the service's operators"
_SUGGESTION = re.compile(r" ?Did you mean .*\?$", re.DOTALL)

# Built once: the limiters create their validation rule classes when constructed, and the validation cache is keyed
# by those classes, so building them per request would make every request a cache miss.
_ALWAYS: tuple[type[ASTValidationRule], ...] = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)


def extensions_for(mode: str) -> list[Callable[[], SchemaExtension]]:
    """The extensions (as factories: strawberry makes one of each per request) that harden a schema in ``mode``."""
    if mode not in (DEVELOPMENT, PRODUCTION):
        raise ValueError(f"mode {mode!r} is neither {DEVELOPMENT!r} nor {PRODUCTION!r}")
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: AddValidationRules(list(_ALWAYS)),
        lambda: SmallDocumentsParserCache(maxsize=CACHE_SIZE),
        lambda: SmallDocumentsValidationCache(maxsize=CACHE_SIZE),
        QueryDeadline,
    ]
    if mode == PRODUCTION:
        extensions += [DisableIntrospection, PublicErrors]
    return extensions


def is_expected(error: GraphQLError) -> bool:
    """Whether production may show ``error`` as it is: errors of the request itself (syntax, validation, the limits,
    variables that do not fit their types: GraphQL words them, and they only echo the client's own document and
    values), the refusals and deadlines we raise on purpose, and domain refusals and bad arguments, worded for the
    person using the API. Anything else (a database error, a bug) may carry internal names and is masked."""
    original = error.original_error
    if original is None or isinstance(original, (GraphQLError, InvalidArgumentError, DomainError)):
        return True
    return (error.extensions or {}).get("code") in EXPECTED_CODES


class PublicErrors(MaskErrors):
    """Production's errors: unexpected ones replaced by a generic message (strawberry has logged them in full
    before this runs), and "did you mean" suggestions dropped from the rest."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: not is_expected(error), error_message=UNEXPECTED_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": UNEXPECTED_ERROR}
        return masked

    def on_operation(self) -> Iterator[None]:
        yield from super().on_operation()
        for error in getattr(self.execution_context.result, "errors", None) or ():
            error.message = _SUGGESTION.sub("", error.message)


class QueryTimeoutError(GraphQLError):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the query took too long and was stopped after {seconds:g} seconds: ask for fewer cases (first) or "
            "fewer fields",
            extensions={"code": QUERY_TIMEOUT},
        )


class QueryDeadline(SchemaExtension):
    """Stops a query that runs past ``QUERY_SECONDS``: before each field is resolved, the deadline is checked, and
    once it has passed the whole answer becomes one QUERY_TIMEOUT error (no partial data to mistake for complete).

    A resolver already running is not interrupted (they are synchronous). Mutations are not cut short: a write that
    has begun finishes and its payload is answered in full, so that a client is never told a write failed that did
    not. What a mutation's payload can ask for is bounded by the depth and alias limits."""

    def on_operation(self) -> Iterator[None]:
        self.seconds = QUERY_SECONDS
        self.deadline = monotonic() + self.seconds
        self.expired = False
        yield

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if self.expired and result is not None:
            result.data = None
            result.errors = [QueryTimeoutError(self.seconds)]

    def resolve(self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        if info.operation.operation is OperationType.QUERY and monotonic() > self.deadline:
            self.expired = True
            raise QueryTimeoutError(self.seconds)
        return _next(root, info, *args, **kwargs)


class SmallDocumentsParserCache(ParserCache):
    """The parser cache, for documents up to ``CACHEABLE_CHARS`` long; longer ones are parsed each time."""

    def on_parse(self) -> Iterator[None]:
        if len(self.execution_context.query or "") > CACHEABLE_CHARS:
            yield
        else:
            yield from super().on_parse()


class SmallDocumentsValidationCache(ValidationCache):
    """The validation cache, for the documents the parser cache keeps; the others are validated each time."""

    def on_validate(self) -> Iterator[None]:
        if len(self.execution_context.query or "") > CACHEABLE_CHARS:
            yield
        else:
            yield from super().on_validate()


class RequestLimits:
    """ASGI middleware: a body (or query string) over ``MAX_BODY_BYTES`` is answered 413, and one not received
    within ``BODY_SECONDS`` 408, before the app reads any of it. The body is read here, counting bytes as they come
    (Content-Length may be absent or false), and handed on whole."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > MAX_BODY_BYTES or _declared_length(scope) > MAX_BODY_BYTES:
            await _refuse(send, 413, REQUEST_TOO_LARGE, _too_large())
            return
        try:
            with anyio.fail_after(BODY_SECONDS):
                body = await _read_body(receive)
        except TimeoutError:
            await _refuse(send, 408, REQUEST_TIMEOUT, f"the request body did not arrive within {BODY_SECONDS:g} s")
            return
        if body is None:
            await _refuse(send, 413, REQUEST_TOO_LARGE, _too_large())
            return
        await self.app(scope, _replay(body, receive), send)


def _declared_length(scope: dict[str, Any]) -> int:
    for name, value in scope.get("headers") or ():
        if name == b"content-length":
            return int(value) if value.isdigit() else MAX_BODY_BYTES + 1  # a malformed length is not trusted
    return 0


async def _read_body(receive: Any) -> bytes | None:
    """The whole body, or None as soon as it passes the limit (a disconnect ends it early)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Any) -> Callable[[], Any]:
    sent = False

    async def replayed() -> dict[str, Any]:
        nonlocal sent
        if sent:
            message: dict[str, Any] = await receive()  # after the body: the client's disconnect, when it comes
            return message
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


def _too_large() -> str:
    return f"the request is larger than {MAX_BODY_BYTES} bytes, the most rpledger accepts"


async def _refuse(send: Any, status: int, code: str, message: str) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close")],
    })
    await send({"type": "http.response.body", "body": body})
