"""Repeating duties: a review or observation due at an interval while something goes on.

Each interval is one obligation: opened at the previous meeting (or the anchor), due an interval later, met by the
first qualifying entry after it. The clock is the policy's ``review_clock`` (regulatory-reference.md open question 2):
ROLLING counts each interval from the last entry actually made; FIXED_GRID counts them on a grid from the anchor,
each met by the first entry after the previous grid point.

Nothing is due at or after ``until`` (the end of the seclusion, or what stops the duty); an ongoing duty ends with
one open obligation, which exists from its ``opened_at`` (possibly in the future of the moment asked about).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from rpledger.domain.obligation import Obligation, Rule
from rpledger.domain.policy import FIXED_GRID

CADENCE_NAMESPACE = uuid5(NAMESPACE_URL, "https://rpledger.invalid/cadence")

Interval = timedelta | Callable[[datetime], timedelta]


def cadence_id(rule: Rule, trigger: UUID, opened_at: datetime) -> UUID:
    return uuid5(CADENCE_NAMESPACE, f"{rule.id}/{trigger}/{opened_at.astimezone(UTC).isoformat()}")


def repeating(
    rule: Rule,
    trigger: UUID,
    anchor: datetime,
    every: Interval,
    horizon: timedelta,
    meetings: Sequence[tuple[datetime, UUID]],
    *,
    until: datetime | None,
    clock: str,
    first_due: datetime | None = None,
) -> list[Obligation]:
    """The obligations of a duty repeating ``every`` (a fixed interval, or one that depends on the moment the
    interval opens) from ``anchor`` until ``until``; ``meetings`` are (time, entry id) pairs, in any order.

    Each interval is met by the first entry after the moment it opened (an entry at the anchor itself is the act
    the duty follows, not the first of its repeats). Each entry meets one interval at most. The duty ends at the
    first interval no entry meets.
    """
    ordered = sorted(m for m in meetings if m[0] >= anchor)
    interval = every if callable(every) else (lambda _: every)
    obligations: list[Obligation] = []
    opened, due, position = anchor, first_due or anchor + interval(anchor), 0
    while until is None or due < until:
        while position < len(ordered) and ordered[position][0] <= opened:
            position += 1
        met = ordered[position] if position < len(ordered) else None
        obligations.append(
            Obligation(
                id=cadence_id(rule, trigger, opened),
                rule=rule,
                triggered_by=trigger,
                opened_at=opened,
                due_at=due,
                due_soon_from=due - horizon,
                met_at=None if met is None else met[0],
                met_by=None if met is None else met[1],
            )
        )
        if met is None:
            break
        position += 1
        # ROLLING: the next interval runs from the entry that met this one; FIXED_GRID: from this grid point.
        opened = due if clock == FIXED_GRID else met[0]
        due = opened + interval(opened)
    return obligations
