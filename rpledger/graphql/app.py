"""The strawberry ASGI app, with the context built per request, and the answer given when the database cannot be
reached.

**The database unavailable.** When PostgreSQL is down, restarting or out of reach, whatever the request was doing
fails with a connection error: from the event store (eventsourcing's ``OperationalError`` or ``InterfaceError``, once
its retries are spent, caused by psycopg's, or by ``psycopg_pool.PoolTimeout`` when no connection could be had) or
from the read models (SQLAlchemy's ``OperationalError``, caused by psycopg's). ``DatabaseOutage`` turns any such
failure into one GraphQL error, code ``SERVICE_UNAVAILABLE``, answered with HTTP 503 and ``Retry-After``; it is
logged once, at WARNING, without a traceback or anything of the request's data. Its message, and its ``recorded``
extension, say what became of the request's writes, because a client must know whether to send it again:

- ``NO``: the failure came before anything was saved: nothing was recorded, and the request can be sent again.
- ``MAYBE``: it came while events were being saved. The transaction was most likely rolled back, but a connection
  lost at the moment of commit leaves that unknown, so the client is told to look before sending it again (or to
  send it again with the same ``idempotencyKey``, which records it at most once).
- ``YES``: it came after a save of this request had been committed (the events are stored first; the read models
  are brought up to date after, and their failure is only logged, see ``bootstrap._catch_up_after_save``): what was
  recorded is stored, and sending the request again would record it twice.

Nothing here knows the persistence libraries: the failure is recognised by the psycopg error that caused it
(``database_unreachable``), which every layer keeps as the ``__cause__`` of its own. SQLite's errors are left as they
are: a local file is not "unavailable" in the sense that waiting helps.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any
from weakref import WeakSet

import psycopg
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.extensions import SchemaExtension
from strawberry.http import GraphQLHTTPResponse
from strawberry.types.graphql import OperationType

from rpledger.application.blanket_restrictions import BlanketRestrictions
from rpledger.application.cases import Cases
from rpledger.application.view import ComplianceView
from rpledger.graphql.context import Context
from rpledger.graphql.hardening import DEVELOPMENT, QUERY_TIMEOUT
from rpledger.graphql.schema import build_schema

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
# Seconds a client is asked to wait before trying again. The event store's pool starts a fresh connection attempt
# within about 3 s of a request needing one (persistence.RECONNECT_SECONDS), so a request sent this long after
# PostgreSQL is back finds it.
RETRY_AFTER_SECONDS = 5
# What became of the request's writes (the ``recorded`` extension of the error).
NOT_RECORDED, MAYBE_RECORDED, RECORDED = "NO", "MAYBE", "YES"
OUTAGE_MESSAGES = {
    NOT_RECORDED: "the database is unavailable; nothing was recorded by this request; try again in a few seconds",
    MAYBE_RECORDED: (
        "the database became unavailable while this request was being saved, so it may or may not have been "
        "recorded: look at the case before sending it again, or send it again with the same idempotencyKey (a "
        "request with a key is recorded at most once)"
    ),
    RECORDED: (
        "the database became unavailable after this request recorded its changes: what it recorded is stored, but "
        "its answer is incomplete (and anything after that failure was not done); do not send it again: look at "
        "the case once the service is back"
    ),
}
# The frame of a recorder's write (eventsourcing's ``insert_events``, for events and snapshots alike): a failure
# raised through it happened while events were being saved.
_SAVING_FRAME = "insert_events"

_log = logging.getLogger("rpledger.graphql")


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
        schema = build_schema(mode)
        # Added here, with the app, because it relies on the app's watch of the saves (below).
        schema.extensions = (*schema.extensions, DatabaseOutage)
        super().__init__(schema, graphql_ide="graphiql" if graphiql else None)
        self._cases, self._view, self._clock = cases, view, clock
        self._blanket_restrictions = blanket_restrictions
        watch_saves(cases)

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
        """A query stopped at its deadline, and a request the database could not serve, are answered 503, so that
        monitoring sees them as the server's limits; the latter with the time to wait before trying again."""
        response = super().create_response(response_data, sub_response)
        errors: list[Any] = (response_data.get("errors") or []) if isinstance(response_data, dict) else []
        codes = {(error.get("extensions") or {}).get("code") for error in errors}
        if QUERY_TIMEOUT in codes or SERVICE_UNAVAILABLE in codes:
            response.status_code = 503
        if SERVICE_UNAVAILABLE in codes:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


# ------------------------------------------------------------------------------------------ the database unavailable


def database_unreachable(error: BaseException | None) -> bool:
    """Whether ``error`` is, or was caused by, PostgreSQL being unreachable: a psycopg ``OperationalError`` (the
    server refused or dropped the connection, shut down, or none could be had from the pool: ``PoolTimeout`` is one)
    or ``InterfaceError`` (the connection was already closed). eventsourcing and SQLAlchemy raise their own errors
    ``from`` psycopg's, so the chain of causes is followed."""
    return any(isinstance(e, psycopg.OperationalError | psycopg.InterfaceError) for e in _causes(error))


def _causes(error: BaseException | None) -> Iterator[BaseException]:
    """``error``, then the error it was raised from, and so on."""
    for _ in range(10):  # a chain is a handful long; the bound only guards against a cycle
        if error is None:
            return
        yield error
        error = error.__cause__


@dataclass
class _Writes:
    """What one request has saved so far."""

    saved: bool = False


# The request being executed (set by ``DatabaseOutage``); ``_note_save`` marks it after each save. Resolvers are
# run in the request's own context (async ones too: their tasks copy it), so a save is always noted on the request
# that made it.
_REQUEST_WRITES: ContextVar[_Writes | None] = ContextVar("rpledger_request_writes", default=None)
_WATCHED: WeakSet[Cases] = WeakSet()


def _note_save() -> None:
    writes = _REQUEST_WRITES.get()
    if writes is not None:
        writes.saved = True


def watch_saves(cases: Cases) -> None:
    """Have ``cases`` tell the request being executed of each save it commits (once per application, however many
    apps are built on it)."""
    if cases not in _WATCHED:
        cases.call_after_save(_note_save)
        _WATCHED.add(cases)


def _while_saving(error: BaseException | None) -> bool:
    """Whether ``error`` was raised through a recorder's write."""
    trace: TracebackType | None = None if error is None else error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_name == _SAVING_FRAME:
            return True
        trace = trace.tb_next
    return False


class DatabaseUnavailableError(GraphQLError):
    def __init__(self, recorded: str, located: GraphQLError) -> None:
        super().__init__(
            OUTAGE_MESSAGES[recorded], located.nodes, located.source, located.positions, located.path,
            extensions={"code": SERVICE_UNAVAILABLE, "recorded": recorded},
        )


class DatabaseOutage(SchemaExtension):
    """Replaces the errors of a request that the database could not serve by one ``SERVICE_UNAVAILABLE`` error
    (first, before any other errors of the request), and logs the failure once. A query's partial data is dropped,
    so that it cannot be mistaken for the whole answer. The new error carries no original error, so production's
    masking leaves it as it is (``hardening.is_expected``)."""

    def on_operation(self) -> Iterator[None]:
        token = _REQUEST_WRITES.set(writes := _Writes())
        self.writes = writes
        try:
            yield
        finally:
            _REQUEST_WRITES.reset(token)

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = list(getattr(result, "errors", None) or ())
        failures = [error for error in errors if database_unreachable(error.original_error)]
        if result is None or not failures:
            return
        if self.writes.saved:
            recorded = RECORDED
        elif any(_while_saving(error.original_error) for error in failures):
            recorded = MAYBE_RECORDED
        else:
            recorded = NOT_RECORDED
        operation = self.execution_context.operation_type
        # Only what cannot be anyone's data: the kind of operation, where it failed, and the driver's own words for
        # the failure (a connection refused or lost, a pool timeout), first line only.
        cause = _root_cause(failures[0].original_error)
        _log.warning(
            "the database is unavailable: %s %s failed at %s (recorded: %s): %s: %s",
            operation.value, self.execution_context.operation_name or "(unnamed)",
            ".".join(str(part) for part in failures[0].path or ()), recorded, type(cause).__name__,
            str(cause).splitlines()[0][:200] if str(cause) else "",
        )
        others = [error for error in errors if not database_unreachable(error.original_error)]
        result.errors = [DatabaseUnavailableError(recorded, failures[0]), *others]
        if operation is OperationType.QUERY:
            result.data = None


def _root_cause(error: BaseException | None) -> BaseException | None:
    """The psycopg error at the bottom of ``error``'s chain of causes (``error`` itself if none)."""
    found = error
    for cause in _causes(error):
        if isinstance(cause, psycopg.Error):
            found = cause
    return found


class _NotLoggedTwice(logging.Filter):
    """strawberry logs every error of a request at ERROR, with its traceback (``strawberry.execution``). A request
    the database could not serve is not a fault of rpledger, and ``DatabaseOutage`` logs it once, at WARNING, without
    the traceback (whose exception messages may quote the statement that failed); so strawberry's record of it is
    dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, GraphQLError) and database_unreachable(record.msg.original_error))


logging.getLogger("strawberry.execution").addFilter(_NotLoggedTwice())
