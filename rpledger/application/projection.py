"""CaseProjection: the one writer of the compliance read models.

It follows the notification log in order. For each batch it rebuilds, for every case the batch touched, that case's
state at the last version in the batch (from the event store, so a rebuild gives the same rows), derives obligations
and findings with the case's policy, and hands the states and the batch's last position to the view in one call,
which writes them in one transaction. Other streams of the same log (blanket restrictions) only move the position on.
"""

from __future__ import annotations

import threading
from uuid import UUID

from eventsourcing.utils import get_topic

from rpledger.application.cases import Cases
from rpledger.application.dto import CaseState, CaseSummary, UseSummary
from rpledger.application.view import ComplianceView, PositionNotNewerError
from rpledger.domain.case import Case
from rpledger.domain.rules import evaluate

# Every event class of a case is nested in ``Case``, so its stored topics all start with this.
CASE_TOPIC_PREFIX = get_topic(Case) + "."


class CaseProjection:
    def __init__(self, cases: Cases, view: ComplianceView, batch_size: int = 500) -> None:
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
                    if notification.topic.startswith(CASE_TOPIC_PREFIX):
                        touched[UUID(str(notification.originator_id))] = notification.originator_version
                states = [self.state_of(case_id, version) for case_id, version in touched.items()]
                try:
                    self.view.apply(states, notifications[-1].id)
                except PositionNotNewerError:
                    continue  # another worker got there first: read the position again
                applied += len(notifications)

    def rebuild(self) -> int:
        """Drop the read models and apply the whole log again."""
        with self._lock:
            self.view.reset()
        return self.catch_up()

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
        )
        uses = tuple(
            UseSummary(use.id, case.id, use.segments, use.details)
            for use in sorted(case.uses.values(), key=lambda u: u.started_at)
        )
        return CaseState(summary, uses, compliance.obligations, compliance.findings)
