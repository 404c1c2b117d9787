"""Expected failures as data: ``UserError``s naming the input field, a stable code and a sentence to act on.

Domain errors are mapped here, in one place. Anything else propagates (and is masked outside development).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Annotated, Any, TypeVar
from uuid import UUID

import strawberry
from strawberry.extensions import SchemaExtension

from rpledger.application.cases import utc_now
from rpledger.application.receipts import KeyedRequest, Replayed
from rpledger.application.vocabulary import DomainError
from rpledger.graphql.scalars import InvalidDateTime

T = TypeVar("T")

# How far past the server's clock the moment of something that happened may lie: the clocks of wards' devices
# drift, and an entry typed at 10:00 may say 10:05. Beyond it the moment is a slip (a wrong year, day or month).
FUTURE_ALLOWANCE = timedelta(hours=1)
# The input fields (the last part of their path) whose moments may lie ahead: an authorisation is granted ahead of
# the time it starts, and runs until a future end. Every other moment of an input is of something that happened.
SCHEDULED_FIELDS = frozenset({"validFrom", "validUntil"})
IMPLAUSIBLE_FUTURE = "IMPLAUSIBLE_FUTURE"

# The clock of the request being executed, set by ``RequestClock`` from ``Context.clock``: the mutations build
# their ``InputErrors`` without arguments, and the clock is the request's, not this module's.
_REQUEST_CLOCK: ContextVar[Callable[[], datetime] | None] = ContextVar("rpledger_request_clock", default=None)


class RequestClock(SchemaExtension):
    """Makes the request's clock the one ``InputErrors`` judges "in the future" by, while the operation runs."""

    def on_execute(self) -> Iterator[None]:
        token = _REQUEST_CLOCK.set(getattr(self.execution_context.context, "clock", None))
        try:
            yield
        finally:
            _REQUEST_CLOCK.reset(token)


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

    def __init__(self, now: datetime | None = None) -> None:
        """``now``: the moment later than which (with ``FUTURE_ALLOWANCE``) nothing can have happened. When not
        given: the request's clock, or the real time if that is later (in service the two are one clock; a clock
        held in the past, as the tests hold theirs, must not refuse what has really happened since). Outside a
        request, no such check."""
        self.errors: list[UserError] = []
        clock = _REQUEST_CLOCK.get()
        self.now = now if now is not None or clock is None else max(clock(), utc_now())

    def add(self, field: str, code: str, message: str) -> None:
        self.errors.append(UserError(field=field, code=code, message=message))

    def moment(self, field: str, value: datetime | InvalidDateTime) -> datetime:
        if isinstance(value, InvalidDateTime):
            self.add(field, "INVALID_DATETIME", f"{field} {value.raw!r} {value.problem}")
            return datetime.min
        if self.now is not None and value > self.now + FUTURE_ALLOWANCE and _happened(field):
            self.add(field, IMPLAUSIBLE_FUTURE, f"{field} {value.isoformat()} is later than now "
                     f"({self.now.isoformat(timespec='minutes')}): only what has happened can be recorded")
        return value

    def optional_moment(self, field: str, value: datetime | InvalidDateTime | None) -> datetime | None:
        return None if value is None else self.moment(field, value)

    def identifier(self, field: str, value: Any, code: str = "UNKNOWN_ID") -> UUID:
        try:
            return UUID(str(value))
        except ValueError:
            self.add(field, code, f"{field} {str(value)[:80]!r} is not an id rpledger issued")
            return UUID(int=0)


def _happened(field: str) -> bool:
    """Whether the input field (a path, e.g. ``use.segments[0].startedAt``) holds the moment of something that
    happened, rather than a moment that may lie ahead."""
    return field.rsplit(".", 1)[-1] not in SCHEDULED_FIELDS


IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(
        description="Any string of up to 200 characters, new for each request: sending the same request again with "
        "the same key records nothing more and answers with what the first one recorded"
    ),
]


def minted_id(first: Replayed) -> Any:
    """What most mutations' commands return: the id of the entry (or restriction) they recorded, None if none."""
    return first.minted


@dataclass(frozen=True)
class Once:
    """A mutation's idempotency key with what it needs to run its command at most once (``Cases.once``).
    ``replayed`` turns the first request's receipt into what the command returned: by default the id it minted."""

    info: Any  # strawberry's Info of the mutation (typed loosely: this module is imported by the types' module)
    key: str | None
    input: Any
    replayed: Callable[[Replayed], Any] = minted_id

    def run(self, command: Callable[[], T]) -> T:
        assert self.key is not None
        context = self.info.context
        principal = context.principal
        request = KeyedRequest.of(
            principal.provider, principal.subject, self.key, self.info.field_name, _plain(self.input)
        )
        result: T = context.cases.once(request, command, self.replayed)
        return result


def _plain(value: Any) -> Any:
    """An input as plain data for its fingerprint (strawberry inputs are dataclasses)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(each) for each in value]
    if isinstance(value, Enum):
        return value.value
    return None if value is strawberry.UNSET else value


def run(errors: InputErrors, command: Callable[[], T], prefix: str = "", *, once: Once | None = None) -> T | None:
    """Run a command unless the input was already found wanting; turn a domain refusal into a UserError. With an
    idempotency key (``once``), a request that was already recorded is answered from its receipt instead."""
    if errors.errors:
        return None
    try:
        return command() if once is None or once.key is None else once.run(command)
    except DomainError as refused:
        # Fields of the input itself, and the part a correction gave, are named as they are; the rest sit in a part.
        top_level = refused.field in ("case_id", "entry_id", "reason", "idempotency_key") or refused.code in ("WRONG_CORRECTION_KIND", "EMPTY_CORRECTION")
        field = camel(refused.field) if top_level else f"{prefix}{camel(refused.field)}"
        errors.add(field, refused.code, refused.message.replace(refused.field, field))
        return None
