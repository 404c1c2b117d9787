"""CaseProjection: the one writer of the compliance read models.

It follows the notification log in order. For each batch it rebuilds, for every case the batch touched, that case's
state at the last version in the batch (from the event store, so a rebuild gives the same rows), derives obligations
and findings with the case's policy, and hands the states and the batch's last position to the view in one call,
which writes them in one transaction. Other streams of the same log (blanket restrictions) only move the position on.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.utils import get_topic

from rpledger.application.dto import CaseState, CaseSummary, UseSummary
from rpledger.application.following import LogFollower
from rpledger.domain.case import Case
from rpledger.domain.rules import evaluate

# Every event class of a case is nested in ``Case``, so its stored topics all start with this.
CASE_TOPIC_PREFIX = get_topic(Case) + "."


class CaseProjection(LogFollower[CaseState]):
    topic_prefix = CASE_TOPIC_PREFIX

    def state_of(self, case_id: UUID, version: int) -> CaseState:
        case = self.cases.get_case(case_id)  # from the cache, brought up to date: usually at exactly this version
        if case.version != version:
            case = self.cases.get_case(case_id, version=version)
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
