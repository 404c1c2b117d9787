"""CaseProjection: the one writer of the compliance read models.

It follows the notification log in order. For each batch it rebuilds, for every case the batch touched, that case's
state at the last version in the batch (from the event store, so a rebuild gives the same rows), derives obligations
and findings with the case's policy, and hands the states and the batch's last position to the view in one call,
which writes them in one transaction. Other streams of the same log (blanket restrictions) only move the position on.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from rpledger.application.dto import CaseState, CaseSummary, UseSummary
from rpledger.application.folding import fold
from rpledger.application.following import LogFollower
from rpledger.domain.case import Case
from rpledger.domain.rules import evaluate

# Every event class of a case is nested in ``Case``, so its stored topics all start with this.
CASE_TOPIC_PREFIX = get_topic(Case) + "."


class CaseProjection(LogFollower[CaseState]):
    topic_prefix = CASE_TOPIC_PREFIX

    def state_of(self, case_id: UUID, version: int) -> CaseState:
        return self._state(self._case_at(case_id, version))

    def state_after(self, case_id: UUID, stored: Sequence[Notification]) -> CaseState:
        version = stored[-1].originator_version
        if stored[0].originator_version == 1 and not self._cached_at(case_id, version):
            # The batch holds the case's whole history (a case opened in it, as when rebuilding a log written case
            # by case): fold the events already read instead of reading them again.
            mapper = self.cases.mapper
            case = fold(None, (mapper.to_domain_event(notification) for notification in stored))
            if isinstance(case, Case):
                return self._state(case)
        return self._state(self._case_at(case_id, version))

    def _cached_at(self, case_id: UUID, version: int) -> bool:
        cache = self.cases.repository.cache
        try:
            return cache is not None and cache.get(case_id).version == version
        except KeyError:
            return False

    def _case_at(self, case_id: UUID, version: int) -> Case:
        if self._cached_at(case_id, version):  # just saved by this process: no events to read
            case = self.cases.get_case(case_id)
            if case.version == version:
                return case
        return self.cases.get_case(case_id, version=version)  # one read, never a load at head first

    def _state(self, case: Case) -> CaseState:
        policy = self.cases.policy_for(case.setting)
        compliance = evaluate(case, policy)
        summary = CaseSummary(
            id=case.id,
            person_ref=case.person_ref,
            setting=case.setting,
            location_id=case.location_id,
            date_of_birth=case.date_of_birth,
            opened_at=case.opened_at,
            policy_name=policy.name,
            policy_version=policy.version,
            version=case.version,
            provider_id=case.provider_id,
        )
        uses = tuple(
            UseSummary(use.id, case.id, use.segments, use.details)
            for use in sorted(case.uses.values(), key=lambda u: u.started_at)
        )
        return CaseState(summary, uses, compliance.obligations, compliance.findings)
