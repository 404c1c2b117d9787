"""The DateTime scalar: ISO 8601 with a UTC offset; and the Date scalar, limited to the years a record can hold.

Input that is malformed or has no offset is not rejected while GraphQL coerces variables: it arrives as an
``InvalidDateTime`` so that a mutation can answer with a ``UserError`` naming the field, like any other bad input.
Queries reject it with a GraphQL error naming the argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import strawberry

# The moments a record can hold. Outside them a moment is a slip of the keyboard; and near Python's own limits
# (years 1 and 9999) converting it to UTC, or adding a rule's period to it, would overflow.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC) - timedelta(microseconds=1)


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
    if not EARLIEST <= parsed <= LATEST:
        return InvalidDateTime(value, f"is outside the years {EARLIEST.year} to {LATEST.year} that rpledger records")
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


def parse_date(value: Any) -> date:
    """A ``Date`` as strawberry's own scalar reads it, refused (as a GraphQL error naming the field) outside the
    years a record can hold: a date of birth in the year 9999 would overflow the rules' arithmetic (the person's
    18th birthday, for one) after the case had been recorded. ``InvalidArgumentError``: written for the client, so
    production shows it."""
    if not isinstance(value, str):
        raise InvalidArgumentError(f"Value cannot represent a Date: {value!r}. Expected a string.")
    try:
        parsed = date.fromisoformat(value)
    except ValueError as malformed:
        raise InvalidArgumentError(f"Value cannot represent a Date: {value!r}. {malformed}") from None
    if not EARLIEST.date() <= parsed <= LATEST.date():
        raise InvalidArgumentError(f"{value!r} is outside the years {EARLIEST.year} to {LATEST.year} that rpledger "
                                   "records")
    return parsed


Date = strawberry.scalar(
    name="Date",
    description="Date (isoformat)",
    serialize=date.isoformat,
    parse_value=parse_date,
)
