"""Idempotency keys: a request sent again with the same key records nothing the second time.

A client that times out cannot tell whether its write was stored; it sends the request again with the same key. The
first request that records anything saves, in the same transaction as its events, a ``RequestReceipt`` whose id
follows from who sent it and the key. A request that finds the receipt records nothing and answers with what the
first one recorded; one that races the first loses on the receipt's id (the store refuses a second version 1) and
does the same. So a key's write is stored exactly once, whatever the timing.

The key is scoped to the token's provider and subject: two people (or two providers) choosing the same key do not
meet. A key sent again with a different request (another operation, or other input) is refused rather than answered
with the first request's result, which would look like success for a write that was never made.

Receipts are events in the log like any other, so the hash chain covers them, and they hold no personal data: the
operation's name, a digest of the input, and the ids the request minted and the streams it wrote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from rpledger.domain.errors import DomainError

# Namespace of receipt ids (a fixed, random UUID: receipt ids must not collide with case or restriction ids).
_RECEIPTS = UUID("6f1d3c52-8a4e-4d0b-9f57-2b8e61c0a9d4")

KEY_LIMIT = 200


class IdempotencyKeyReusedError(DomainError):
    code = "IDEMPOTENCY_KEY_REUSED"

    def __init__(self, operation: str) -> None:
        super().__init__(
            "idempotency_key",
            f"idempotency_key was already used for a different request ({operation} with other input); "
            "nothing was recorded: use a new key for a new request",
        )


class InvalidIdempotencyKeyError(DomainError):
    def __init__(self, problem: str) -> None:
        super().__init__("idempotency_key", f"idempotency_key {problem}")


@dataclass(frozen=True)
class KeyedRequest:
    """One request sent with an idempotency key: who sent it, the key, and what it asks."""

    provider: str
    subject: str
    key: str
    operation: str
    fingerprint: str

    @classmethod
    def of(cls, provider: str, subject: str, key: str, operation: str, request: Any) -> KeyedRequest:
        """``request`` is the input as plain data; its canonical JSON is digested, so that the same input gives the
        same fingerprint whatever order its fields came in."""
        if not key.strip():
            raise InvalidIdempotencyKeyError("is blank")
        if len(key) > KEY_LIMIT:
            raise InvalidIdempotencyKeyError(f"is longer than {KEY_LIMIT} characters")
        if not key.isprintable():
            raise InvalidIdempotencyKeyError("contains a control character")
        canonical = json.dumps({"operation": operation, "input": request}, sort_keys=True, default=str)
        return cls(provider, subject, key, operation, hashlib.sha256(canonical.encode()).hexdigest())

    @property
    def receipt_id(self) -> UUID:
        return uuid5(_RECEIPTS, f"{self.provider}\x00{self.subject}\x00{self.key}")


class RequestReceipt(Aggregate):
    """What a keyed request recorded: saved with its events, and read back when the key comes again."""

    class Issued(Aggregate.Created):
        operation: str
        fingerprint: str
        minted: list[UUID]
        streams: list[UUID]
        version: int

    def __init__(self, operation: str, fingerprint: str, minted: list[UUID], streams: list[UUID], version: int):
        self.operation = operation
        self.fingerprint = fingerprint
        # The ids the request minted, in order (a use, a debrief, a restriction...).
        self.minted = minted
        # The streams it wrote, other than the receipt, and the version it brought the first of them to.
        self.streams = streams
        self.version = version

    @classmethod
    def issue(cls, request: KeyedRequest, minted: list[UUID], streams: list[UUID], version: int) -> RequestReceipt:
        return cls._create(
            cls.Issued, id=request.receipt_id, operation=request.operation, fingerprint=request.fingerprint,
            minted=minted, streams=streams, version=version,
        )

    def result(self) -> Replayed:
        return Replayed(self.minted[0] if self.minted else None, self.streams[0] if self.streams else None, self.version)


@dataclass(frozen=True)
class Replayed:
    """What the first request recorded, for answering its repeat: the first id it minted (the new use, debrief,
    restriction...), the stream it wrote (the case), and the version that write brought the stream to (the position
    of a correction or retraction in the case's history)."""

    minted: UUID | None
    stream: UUID | None
    version: int


class RequestAlreadyRecorded(Exception):
    """A keyed request's save lost to another with the same key, whose receipt is now stored."""

    def __init__(self, receipt: RequestReceipt) -> None:
        super().__init__(receipt.id)
        self.receipt = receipt


@dataclass
class PendingRequest:
    """The keyed request being run in this context: what it has minted so far, and whether its receipt is saved."""

    request: KeyedRequest
    minted: list[UUID] = field(default_factory=list)
    saved: bool = False


# Set only while one keyed request runs, in its own thread or task: each concurrent request sees its own.
_PENDING: ContextVar[PendingRequest | None] = ContextVar("rpledger_pending_request", default=None)


def pending() -> PendingRequest | None:
    return _PENDING.get()


@contextmanager
def running(request: KeyedRequest) -> Iterator[PendingRequest]:
    token = _PENDING.set(PendingRequest(request))
    try:
        current = _PENDING.get()
        assert current is not None
        yield current
    finally:
        _PENDING.reset(token)


def check_repeat(receipt: RequestReceipt, request: KeyedRequest) -> Replayed:
    """The first request's result, when this one is the same request; refused when the key was reused."""
    if receipt.fingerprint != request.fingerprint:
        raise IdempotencyKeyReusedError(receipt.operation)
    return receipt.result()

