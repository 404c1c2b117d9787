"""The schema: queries, mutations and the DateTime scalar that insists on a UTC offset."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from rpledger.graphql.access import OperationAccess
from rpledger.graphql.blanket_mutations import BlanketMutation
from rpledger.graphql.blanket_queries import BlanketQuery
from rpledger.graphql.errors import RequestClock
from rpledger.graphql.hardening import DEVELOPMENT, extensions_for
from rpledger.graphql.mutations import Mutation
from rpledger.graphql.queries import Query
from rpledger.graphql.record_mutations import RecordMutation
from rpledger.graphql.scalars import Date, DateTime
from rpledger.graphql.trend_types import TrendQuery

# The mutation classes, each in its own module, merged into the one Mutation type of the schema.
MUTATIONS: tuple[type, ...] = (Mutation, RecordMutation, BlanketMutation)
# The query classes, likewise merged into the one Query type.
QUERIES: tuple[type, ...] = (Query, BlanketQuery, TrendQuery)


def build_schema(mode: str = DEVELOPMENT) -> strawberry.Schema:
    """The schema as served in ``mode`` ("development" or "production"): the same types either way, with the
    limits of ``rpledger.graphql.hardening`` and, in production, no introspection and masked errors."""
    query, mutation = merge_types("Query", QUERIES), merge_types("Mutation", MUTATIONS)
    return strawberry.Schema(
        query=query,
        mutation=mutation,
        config=StrawberryConfig(scalar_map={datetime: DateTime, date: Date}),
        extensions=[
            *extensions_for(mode),
            # Every operation is checked against the token's roles before anything runs (rpledger.graphql.access).
            OperationAccess,
            # Mutations judge "in the future" by the request's clock (rpledger.graphql.errors).
            RequestClock,
        ],
    )


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"
