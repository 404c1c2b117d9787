"""Writes that are safe to retry, the base of the ``Cases`` application.

A request sent again with the same idempotency key records nothing the second time: the first save of a keyed request
stores its receipt in the same transaction (see ``receipts``), and a repeat is answered from that receipt. A command
that loses a race for its stream (another request saved to it first) is run again on the fresh state.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from rpledger.application.receipts import (
    KeyedRequest,
    Replayed,
    RequestAlreadyRecorded,
    RequestReceipt,
    check_repeat,
    pending,
    running,
)
from rpledger.domain.errors import StreamBusyError

T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)

# A command that loses a race for the same case (another request saved first) is run again on the fresh state, at
# most this many times, after a short random pause that grows with each attempt so that racing requests spread out.
# Ten attempts let ten requests writing to one case at the same moment all succeed; beyond that the request is
# refused with StreamBusyError (CONCURRENT_CHANGES), having recorded nothing.
ATTEMPTS = 10
_PAUSE_SECONDS = 0.005


class RetrySafeWrites(Application[UUID]):
    """An application whose keyed requests are recorded once, and whose commands are run again when they lose a race.
    ``save`` adds a keyed request's receipt to its first save; ``Application.save`` stores it."""

    def __init__(self, env: Mapping[str, str] | None = None, *, new_id: Callable[[], UUID] = uuid4) -> None:
        super().__init__(env)
        self._mint = new_id

    def new_id(self) -> UUID:
        """A new entry id; a keyed request's receipt lists the ids it minted, to answer its repeats with."""
        minted = self._mint()
        current = pending()
        if current is not None:
            current.minted.append(minted)
        return minted

    def once(self, request: KeyedRequest, command: Callable[[], T], replayed: Callable[[Replayed], T]) -> T:
        """Run ``command`` unless a request with the same key was already recorded; then record nothing and give
        ``replayed`` of what that request recorded (see ``receipts``)."""
        receipt = self._receipt(request.receipt_id)
        if receipt is None:
            try:
                with running(request):
                    return command()
            except RequestAlreadyRecorded as lost:
                receipt = lost.receipt
        first = check_repeat(receipt, request)
        # The first request may have been recorded by another worker whose read models have not caught up yet: catch
        # them up here as after a save, so that the answer shows what was recorded, as the first answer did.
        self._notify([])
        return replayed(first)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Save, adding the receipt of the keyed request being run (if any) to its first save, in one transaction."""
        current = pending()
        if current is None or current.saved:
            return super().save(*objs, **kwargs)
        written = [o for o in objs if isinstance(o, Aggregate)]
        receipt = RequestReceipt.issue(
            current.request, list(current.minted), [o.id for o in written], written[0].version if written else 0
        )
        try:
            recordings = super().save(*objs, receipt, **kwargs)
        except IntegrityError:
            stored = self._receipt(current.request.receipt_id)
            if stored is not None:  # the same key was recorded first by a request running beside this one
                raise RequestAlreadyRecorded(stored) from None
            raise
        current.saved = True
        return recordings

    def _receipt(self, receipt_id: UUID) -> RequestReceipt | None:
        # Read from the store, not the repository, so that receipts never take a place in the aggregate cache.
        events: list[Any] = list(self.events.get(receipt_id))
        if not events:
            return None
        receipt = events[0].mutate(None)
        assert isinstance(receipt, RequestReceipt)
        return receipt

    def retrying(self, stream_id: UUID, load: Callable[[UUID], A], command: Callable[[A], None], field: str = "case_id") -> A:
        """Load the stream, run the command on it and save; when another request saved to the stream first, run the
        command again on the fresh state, so that its checks see what that request recorded."""
        for attempt in range(1, ATTEMPTS + 1):
            aggregate = load(stream_id)
            command(aggregate)
            try:
                self.save(aggregate)
            except IntegrityError:
                time.sleep(random.uniform(0, _PAUSE_SECONDS * attempt))
                continue
            return aggregate
        raise StreamBusyError(field, stream_id, ATTEMPTS)
