"""The schema: queries, mutations and the DateTime scalar that insists on a UTC offset."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.schema.config import StrawberryConfig

from rpledger.graphql.mutations import Mutation
from rpledger.graphql.queries import Query
from rpledger.graphql.scalars import DateTime


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(query=Query, mutation=Mutation, config=StrawberryConfig(scalar_map={datetime: DateTime}))


def schema_sdl() -> str:
    return build_schema().as_str() + "\n"
