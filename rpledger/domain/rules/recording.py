"""REC-01: each use of force is recorded within the policy's time limit.

The limit runs from the end of the use or, when the first record was made while the use was still going on
(seclusion, segregation), from its start. The finding is open from the deadline until the record was made: an
inspector looking at that span would have found no record at all.
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.obligation import Finding
from rpledger.domain.policy import Policy
from rpledger.domain.rules.catalogue import REC_01


def late_records(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> list[Finding]:
    findings = []
    for use in case.uses.values() if only is None else [case.uses[i] for i in only if i in case.uses]:
        recorded_at = case.first_recorded_at.get(use.id)
        if recorded_at is None or not any(p.is_use_of_force for p in use.practices):
            continue
        first_recorded_while_ongoing = case.uses_as_recorded[use.id].ended_at is None
        since = use.started_at if first_recorded_while_ongoing or use.ended_at is None else use.ended_at
        due = since + policy.use_recorded_within
        if recorded_at > due:
            delay = recorded_at - since
            detail = (
                f"recorded {_hours(delay.total_seconds())} after the use "
                f"{'started' if since == use.started_at and first_recorded_while_ongoing else 'ended'}, "
                f"more than the {_hours(policy.use_recorded_within.total_seconds())} allowed"
            )
            findings.append(Finding(REC_01, use.id, due, detail, resolved_at=recorded_at))
    return findings


def _hours(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours} h {rest // 60} min" if rest // 60 else f"{hours} h"
