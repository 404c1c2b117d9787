"""BlanketRegisterProjection: the one writer of the register of blanket restrictions.

It follows the notification log the cases share, in order. For each batch it rebuilds, for every restriction the
batch touched, that restriction's state at the last version in the batch (from the event store, so a rebuild gives
the same rows), derives its BLK obligations and findings with the policy of its setting, and hands the states and
the batch's last position to the view in one call, which writes them in one transaction. Case events only move the
position on.
"""

from __future__ import annotations

import threading
from uuid import UUID

from eventsourcing.utils import get_topic

from rpledger.application.blanket_register import BlanketRegisterView, BlanketRestrictionState
from rpledger.application.blanket_restrictions import load_restriction, restriction_state
from rpledger.application.cases import Cases
from rpledger.application.view import PositionNotNewerError
from rpledger.domain.blanket_restriction import BlanketRestriction

# Every event class of the aggregate is nested in it, so its stored topics all start with this.
RESTRICTION_TOPIC_PREFIX = get_topic(BlanketRestriction) + "."


class BlanketRegisterProjection:
    def __init__(self, cases: Cases, view: BlanketRegisterView, batch_size: int = 500) -> None:
        self.cases = cases
        self.view = view
        self.batch_size = batch_size
        self._lock = threading.Lock()

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
                    if notification.topic.startswith(RESTRICTION_TOPIC_PREFIX):
                        touched[UUID(str(notification.originator_id))] = notification.originator_version
                states = [self.state_of(restriction_id, version) for restriction_id, version in touched.items()]
                try:
                    self.view.apply(states, notifications[-1].id)
                except PositionNotNewerError:
                    continue  # another worker got there first: read the position again
                applied += len(notifications)

    def rebuild(self) -> int:
        """Drop the register and apply the whole log again."""
        with self._lock:
            self.view.reset()
        return self.catch_up()

    def state_of(self, restriction_id: UUID, version: int) -> BlanketRestrictionState:
        restriction = load_restriction(self.cases, restriction_id)  # from the cache: usually at exactly this version
        if restriction.version != version:
            restriction = load_restriction(self.cases, restriction_id, version)
        return restriction_state(restriction, self.cases)
