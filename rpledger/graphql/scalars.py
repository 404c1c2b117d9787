"""The DateTime scalar: ISO 8601 with a UTC offset.

Input that is malformed or has no offset is not rejected while GraphQL coerces variables: it arrives as an
``InvalidDateTime`` so that a mutation can answer with a ``UserError`` naming the field, like any other bad input.
Queries reject it with a GraphQL error naming the argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import strawberry


@dataclass(frozen=True)
class InvalidDateTime:
    raw: str
    problem: str


def parse_datetime(value: Any) -> datetime | InvalidDateTime:
    if not isinstance(value, str):
        return InvalidDateTime(repr(value), "is not a string in ISO 8601 form")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return InvalidDateTime(value, "is not an ISO 8601 date and time, e.g. 2025-03-01T10:00:00+00:00")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return InvalidDateTime(value, "has no UTC offset: add one, e.g. 2025-03-01T10:00:00+00:00 or ...Z")
    return parsed


class InvalidArgumentError(ValueError):
    """A query argument is malformed; the message names it."""


def checked_moment(argument: str, value: datetime | InvalidDateTime) -> datetime:
    if isinstance(value, InvalidDateTime):
        raise InvalidArgumentError(f"{argument} {value.raw!r} {value.problem}")
    return value


def serialize_datetime(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


DateTime = strawberry.scalar(
    name="DateTime",
    description="An ISO 8601 date and time with a UTC offset, e.g. 2025-03-01T10:00:00+00:00",
    serialize=serialize_datetime,
    parse_value=parse_datetime,
)
