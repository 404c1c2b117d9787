"""GOV-02: repeated use of restrictive practice makes a care-plan review due, so that restrictive practice does not
become the norm (CQC restrictive practice policy position, Aug 2023; regulatory-reference.md section 2).

A case-wide rule; ``per_use`` derives nothing. The numbers are the provider's (``repeated_use_count``,
``repeated_use_window``, ``repeated_use_review_within``):

- the case's uses are taken in order of their start (uses whose only practice is ``DOL`` are left out: deprivation
  of liberty is a legal state that lasts, not an act that repeats);
- when a use starts at ``t`` as the ``repeated_use_count``-th use whose start lies in the window of
  ``repeated_use_window`` ending at ``t`` (both ends included), a review opens at ``t``, due
  ``repeated_use_review_within`` later, met by the first care-plan revision made at or after ``t`` (it need not
  name the uses);
- uses that started at or before a trigger do not count towards the next one.

``triggered_by`` is the use that made the count; the id is ``cadence_id`` of the rule, that use and ``t``.
Retracted uses are not in the case's corrected view, so they do not count.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode
from rpledger.domain.obligation import Obligation
from rpledger.domain.policy import Policy
from rpledger.domain.rules.cadence import cadence_id
from rpledger.domain.rules.catalogue import GOV_02
from rpledger.domain.rules.derived import Derived
from rpledger.domain.values import Use


def per_use(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Derived:
    return Derived()


def case_wide(case: Case, policy: Policy) -> Derived:
    derived = Derived()
    if policy.applies("GOV-02"):
        derived.obligations += repeated_use_reviews(case, policy)
    return derived


def counted_uses(case: Case) -> list[Use]:
    """The uses that count as repeated use, in order of their start."""
    uses = (u for u in case.uses.values() if any(p is not PracticeCode.DOL for p in u.practices))
    return sorted(uses, key=lambda u: (u.started_at, str(u.id)))


def repeated_use_triggers(case: Case, policy: Policy) -> list[Use]:
    """The uses at whose start the count of uses in the window reached ``repeated_use_count``."""
    count = max(policy.repeated_use_count, 1)
    window: deque[datetime] = deque()
    triggers: list[Use] = []
    for use in counted_uses(case):
        start = use.started_at
        if triggers and start <= triggers[-1].started_at:
            continue  # uses at or before a trigger do not count towards the next one
        window.append(start)
        while window[0] < start - policy.repeated_use_window:
            window.popleft()
        if len(window) >= count:
            triggers.append(use)
            window.clear()
    return triggers


def repeated_use_reviews(case: Case, policy: Policy) -> list[Obligation]:
    revisions = sorted((r.revised_at, r.id) for r in case.care_plan_revisions.values())
    obligations: list[Obligation] = []
    for use in repeated_use_triggers(case, policy):
        opened = use.started_at
        due = opened + policy.repeated_use_review_within
        met = next(((at, by) for at, by in revisions if at >= opened), None)
        obligations.append(
            Obligation(
                id=cadence_id(GOV_02, use.id, opened),
                rule=GOV_02,
                triggered_by=use.id,
                opened_at=opened,
                due_at=due,
                due_soon_from=due - policy.due_soon_horizon,
                met_at=None if met is None else met[0],
                met_by=None if met is None else met[1],
            )
        )
    return obligations
