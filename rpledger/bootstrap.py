"""The composition root: builds the applications, the read models, the projection and the ASGI app.

Nothing is built at import time. Serve with ``uvicorn --factory rpledger.bootstrap:create_app`` or ``rpledger serve``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from rpledger.application.blanket_projection import BlanketRegisterProjection
from rpledger.application.blanket_restrictions import BlanketRestrictions
from rpledger.application.cases import Cases, Clock, utc_now
from rpledger.application.projection import CaseProjection
from rpledger.graphql.access import BearerTokens
from rpledger.graphql.app import LedgerGraphQL
from rpledger.graphql.dashboard import dashboard_routes
from rpledger.graphql.hardening import RequestLimits
from rpledger.infrastructure.blanket_register import SqlBlanketRegister
from rpledger.infrastructure.compliance_view import SqlComplianceView
from rpledger.infrastructure.coordination import startup_lock
from rpledger.infrastructure.persistence import event_store_env, read_model_engine
from rpledger.infrastructure.settings import Settings
from rpledger.infrastructure.tokens import verifier_for


@dataclass
class Services:
    settings: Settings
    cases: Cases
    view: SqlComplianceView
    projection: CaseProjection
    clock: Clock
    blanket_register: SqlBlanketRegister
    blanket_projection: BlanketRegisterProjection
    blanket_restrictions: BlanketRestrictions

    def close(self) -> None:
        self.view.engine.dispose()
        self.cases.close()


def build_services(
    settings: Settings | None = None, *, clock: Clock = utc_now, catch_up: bool = True
) -> Services:
    """Everything rpledger needs, wired for one database. The read models are brought up to date before return,
    and after every save, so a query that follows a command sees its effect. With ``catch_up=False`` they are left
    to whoever calls the projections (``rpledger project`` does, batch by batch)."""
    settings = settings or Settings.from_env()
    with startup_lock(settings.database):  # processes starting at once create the event store's tables in turn
        cases = Cases(
            env=event_store_env(settings.database, settings.encryption_key), clock=clock, policies=settings.policies
        )
    view = SqlComplianceView(read_model_engine(settings.database), cases.mapper.transcoder)
    batch_size = settings.projection_batch_size
    projection = CaseProjection(cases, view, batch_size)
    # Blanket restrictions share the cases' store and log; their register shares the read models' engine.
    register = SqlBlanketRegister(view.engine)
    blanket_projection = BlanketRegisterProjection(cases, register, batch_size)
    if catch_up:
        for each in (projection, blanket_projection):
            cases.call_after_save(partial(_catch_up_after_save, each))
            each.catch_up()
    blanket_restrictions = BlanketRestrictions(cases, register)
    return Services(settings, cases, view, projection, clock, register, blanket_projection, blanket_restrictions)


def _catch_up_after_save(projection: CaseProjection | BlanketRegisterProjection) -> None:
    """The event is already stored when this runs: a read-model failure must not make the write look failed.
    The next catch-up (after the next save, at start-up, or ``rpledger projections rebuild``) applies it."""
    try:
        projection.catch_up()
    except Exception:
        logging.getLogger("rpledger.projection").exception("read models not brought up to date after a save")


def create_app(settings: Settings | None = None, services: Services | None = None) -> Starlette:
    """The ASGI app: GraphQL at /graphql (bearer tokens required; GraphiQL in development when enabled), the
    dashboard page at /dashboard, and a health check at /health."""
    services = services or build_services(settings)

    async def health(_: Request) -> JSONResponse:
        # Says nothing of the log (not even its length): it needs no token, and a count of events would let anyone
        # watch every provider's activity.
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        services.close()

    settings = services.settings
    graphql = LedgerGraphQL(
        services.cases, services.view, services.clock,
        # GraphiQL is a development tool: production never serves it, whatever RPLEDGER_GRAPHIQL says.
        graphiql=settings.graphiql and not settings.production,
        blanket_restrictions=services.blanket_restrictions,
        # Production: no introspection, and unexpected errors masked (rpledger.graphql.hardening).
        mode=settings.mode,
    )
    # The token is checked first, so that nobody without one can make the server read a body; then the body's size.
    guarded = BearerTokens(RequestLimits(graphql), verifier_for(settings).principal)
    return Starlette(
        routes=[Route("/health", health), Route("/graphql", guarded, methods=["GET", "POST"]), *dashboard_routes()],
        lifespan=lifespan,
    )
