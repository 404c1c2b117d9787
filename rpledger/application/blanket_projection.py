"""BlanketRegisterProjection: the one writer of the register of blanket restrictions.

It follows the notification log the cases share, in order. For each batch it rebuilds, for every restriction the
batch touched, that restriction's state at the last version in the batch (from the event store, so a rebuild gives
the same rows), derives its BLK obligations and findings with the policy of its setting, and hands the states and
the batch's last position to the view in one call, which writes them in one transaction. Case events only move the
position on.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.utils import get_topic

from rpledger.application.blanket_register import BlanketRestrictionState
from rpledger.application.blanket_restrictions import load_restriction, restriction_state
from rpledger.application.following import LogFollower
from rpledger.domain.blanket_restriction import BlanketRestriction

# Every event class of the aggregate is nested in it, so its stored topics all start with this.
RESTRICTION_TOPIC_PREFIX = get_topic(BlanketRestriction) + "."


class BlanketRegisterProjection(LogFollower[BlanketRestrictionState]):
    topic_prefix = RESTRICTION_TOPIC_PREFIX

    def state_of(self, restriction_id: UUID, version: int) -> BlanketRestrictionState:
        restriction = load_restriction(self.cases, restriction_id)  # from the cache: usually at exactly this version
        if restriction.version != version:
            restriction = load_restriction(self.cases, restriction_id, version)
        return restriction_state(restriction, self.cases)
