"""Expected failures as data: ``UserError``s naming the input field, a stable code and a sentence to act on.

Domain errors are mapped here, in one place. Anything else propagates (and is masked outside development).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import strawberry

from rpledger.application.vocabulary import DomainError
from rpledger.graphql.scalars import InvalidDateTime

T = TypeVar("T")


@strawberry.type
class UserError:
    field: str = strawberry.field(description="The input field at fault, as a path, e.g. segments[0].endedAt")
    code: str = strawberry.field(description="A stable code, e.g. END_BEFORE_START")
    message: str


def camel(path: str) -> str:
    """``segments[0].ended_at`` -> ``segments[0].endedAt``: domain names to the schema's input names."""
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), path)


class InputErrors:
    """Collects what is wrong with an input before anything is written."""

    def __init__(self) -> None:
        self.errors: list[UserError] = []

    def add(self, field: str, code: str, message: str) -> None:
        self.errors.append(UserError(field=field, code=code, message=message))

    def moment(self, field: str, value: datetime | InvalidDateTime) -> datetime:
        if isinstance(value, InvalidDateTime):
            self.add(field, "INVALID_DATETIME", f"{field} {value.raw!r} {value.problem}")
            return datetime.min
        return value

    def optional_moment(self, field: str, value: datetime | InvalidDateTime | None) -> datetime | None:
        return None if value is None else self.moment(field, value)

    def identifier(self, field: str, value: Any, code: str = "UNKNOWN_ID") -> UUID:
        try:
            return UUID(str(value))
        except ValueError:
            self.add(field, code, f"{field} {str(value)[:80]!r} is not an id rpledger issued")
            return UUID(int=0)


def run(errors: InputErrors, command: Callable[[], T], prefix: str = "") -> T | None:
    """Run a command unless the input was already found wanting; turn a domain refusal into a UserError."""
    if errors.errors:
        return None
    try:
        return command()
    except DomainError as refused:
        # Fields of the input itself, and the part a correction gave, are named as they are; the rest sit in a part.
        top_level = refused.field in ("case_id", "entry_id", "reason") or refused.code in ("WRONG_CORRECTION_KIND", "EMPTY_CORRECTION")
        field = camel(refused.field) if top_level else f"{prefix}{camel(refused.field)}"
        errors.add(field, refused.code, refused.message.replace(refused.field, field))
        return None
