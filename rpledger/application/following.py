"""Following the notification log: the catch-up loop every projection shares.

A projection reads the log in order from its view's tracking position, in batches. For each batch it rebuilds the
state of every stream of its kind the batch touched (at the last version in the batch, from the event store, so a
rebuild gives the same rows) and hands the states and the batch's last position to its view in one call, which
writes them in one transaction and refuses a position that is not newer. Streams of other kinds only move the
position on.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from rpledger.application.cases import Cases
from rpledger.application.view import PositionNotNewerError

State = TypeVar("State")
State_contra = TypeVar("State_contra", contravariant=True)


class TrackedView(Protocol[State_contra]):
    def position(self) -> int: ...

    def apply(self, states: Sequence[State_contra], position: int) -> None: ...

    def reset(self) -> None: ...


class LogFollower(Generic[State]):
    # The start of the stored topics of the events this projection follows (its aggregate's nested classes).
    topic_prefix: str

    def __init__(self, cases: Cases, view: TrackedView[State], batch_size: int = 500) -> None:
        self.cases = cases
        self.view = view
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def state_of(self, stream_id: UUID, version: int) -> State:
        raise NotImplementedError

    def catch_up(self) -> int:
        """Apply every notification not yet applied; returns how many were read. Safe to call from any thread."""
        with self._lock:
            applied = 0
            while True:
                position = self.view.position()
                notifications = self.cases.recorder.select_notifications(
                    start=position, limit=self.batch_size, inclusive_of_start=False
                )
                if not notifications:
                    return applied
                touched: dict[UUID, int] = {}
                for notification in notifications:
                    if notification.topic.startswith(self.topic_prefix):
                        touched[UUID(str(notification.originator_id))] = notification.originator_version
                states = [self.state_of(stream_id, version) for stream_id, version in touched.items()]
                try:
                    self.view.apply(states, notifications[-1].id)
                except PositionNotNewerError:
                    continue  # another worker got there first: read the position again
                applied += len(notifications)

    def rebuild(self) -> int:
        """Drop the view's tables and apply the whole log again."""
        with self._lock:
            self.view.reset()
        return self.catch_up()
