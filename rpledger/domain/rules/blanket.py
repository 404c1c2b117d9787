"""BLK-01 and BLK-02: what a blanket restriction's history owes.

BLK-01 (MHA Code of Practice 2015 ch 8, about 8.5-8.14; R): a blanket restriction is justified as necessary and
proportionate, with its reasons documented. Without a justification it is found from its introduction until the
first justification (or until it is lifted, if that comes first: the finding is about a restriction in force).

BLK-02 (CQC Monitoring the MHA 2022/23, restrictive practices; V1): it is reviewed regularly. Reviews fall due every
``blanket_restriction_review_every_months`` calendar months (a day past the end of the month falls on its last day,
at the same time of day, in the offset the introduction was given in). With the ROLLING ``review_clock`` each interval
runs from the last review held; with FIXED_GRID, on a grid of calendar months from the introduction. Lifting the
restriction ends the duty: it meets the review then open (late, if that review was already overdue), and nothing
falls due after it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from rpledger.domain.blanket_restriction import BlanketRestriction
from rpledger.domain.obligation import Finding, Obligation
from rpledger.domain.policy import FIXED_GRID, Policy
from rpledger.domain.rules.catalogue import BLK_01, BLK_02

BLANKET_REVIEW_NAMESPACE = uuid5(NAMESPACE_URL, "https://rpledger.invalid/blanket-review")


@dataclass(frozen=True)
class RestrictionCompliance:
    obligations: tuple[Obligation, ...]
    findings: tuple[Finding, ...]
    # The profile and version the restriction was judged by.
    policy_name: str
    policy_version: str


def evaluate_restriction(restriction: BlanketRestriction, policy: Policy) -> RestrictionCompliance:
    """The obligations and findings the policy's BLK rules derive from the restriction's history."""
    findings = missing_justification(restriction) if policy.applies(BLK_01.id) else []
    obligations = reviews_due(restriction, policy) if policy.applies(BLK_02.id) else []
    return RestrictionCompliance(tuple(obligations), tuple(findings), policy.name, policy.version)


def missing_justification(restriction: BlanketRestriction) -> list[Finding]:
    """BLK-01: open while the restriction is in force with no documented justification."""
    first = min((j.justified_at for j in restriction.justifications), default=None)
    ends = [moment for moment in (first, restriction.lifted_at) if moment is not None]
    resolved_at = min(ends) if ends else None
    if resolved_at is not None and resolved_at <= restriction.introduced_at:
        return []  # justified as it was introduced: never without one
    detail = f"no documented justification of necessity and proportionality for: {restriction.description}"
    return [Finding(BLK_01, restriction.id, restriction.introduced_at, detail, resolved_at)]


def review_id(restriction_id: UUID, opened_at: datetime) -> UUID:
    """Stable across rebuilds: the same review interval of the same restriction is always the same obligation."""
    return uuid5(BLANKET_REVIEW_NAMESPACE, f"{BLK_02.id}/{restriction_id}/{opened_at.isoformat()}")


def reviews_due(restriction: BlanketRestriction, policy: Policy) -> list[Obligation]:
    """BLK-02: one obligation per review interval, each met by the first review held after it opened, or else by
    the lifting; the last one is open unless the restriction has ended."""
    # Overrides refuse an interval under a month; a hand-made policy with one must still give distinct intervals.
    months = max(policy.blanket_restriction_review_every_months, 1)
    grid = policy.review_clock == FIXED_GRID
    reviews = sorted((r.reviewed_at, r.id) for r in restriction.reviews)
    lifting = restriction.lifting
    obligations: list[Obligation] = []
    opened, position = restriction.introduced_at, 0
    while True:
        intervals = len(obligations) + 1
        due = add_months(restriction.introduced_at, intervals * months) if grid else add_months(opened, months)
        while position < len(reviews) and reviews[position][0] <= opened:
            position += 1
        met = reviews[position] if position < len(reviews) else None
        if met is None and lifting is not None:
            met = (lifting.lifted_at, lifting.id)
        obligations.append(
            Obligation(
                id=review_id(restriction.id, opened),
                rule=BLK_02,
                triggered_by=restriction.id,
                opened_at=opened,
                due_at=due,
                due_soon_from=due - policy.due_soon_horizon,
                met_at=None if met is None else met[0],
                met_by=None if met is None else met[1],
            )
        )
        if met is None or (lifting is not None and met[1] == lifting.id):
            return obligations
        position += 1
        opened = due if grid else met[0]
        if lifting is not None and opened >= lifting.lifted_at:
            return obligations


def add_months(moment: datetime, months: int) -> datetime:
    """The same time of day ``months`` calendar months later; past the end of a month, on its last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))
