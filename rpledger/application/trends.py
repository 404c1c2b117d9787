"""Trends for a reduction plan: per calendar month or ISO week, how many uses of each practice, the prone share of
physical restraint, hours of seclusion, how long debriefs and care-plan revisions took, and obligations left overdue;
and the same figures over a baseline, with each period's change against it. Counts over time (uses, hours of
seclusion) change against the baseline's average per period: its total divided by the number of months or weeks it
spans, a part-month or part-week counted by the share of it covered. Shares, times taken and obligations overdue at a period's end change against the baseline's own figure.

Pure: the figures are computed here from rows the read model gives (``TrendSource``), never from SQL.

Each period is a calendar month or an ISO week (Monday 00:00 UTC) overlapping [start, end) of the request; its
figures count only what falls in its window, the period clipped to [start, end). Percentiles are nearest-rank: of n
values sorted, the p-th is the ceil(p/100 * n)-th (so the median of an even count is the lower middle value).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Protocol

from rpledger.application.access import Reach
from rpledger.application.dto import UseSummary
from rpledger.domain.codes import PracticeCode
from rpledger.domain.obligation import Obligation, ObligationStatus

DEBRIEF_RULE = "DEB-01"
CARE_PLAN_RULE = "CP-01"
# A request may span at most this many periods (ten years of weeks).
MAX_PERIODS = 520


class TrendPeriod(Enum):
    MONTH = "MONTH"
    WEEK = "WEEK"


class TrendSource(Protocol):
    def uses_between(
        self, location_id: str | None, start: datetime, end: datetime, reach: Reach | None = None
    ) -> list[UseSummary]:
        """Uses (of cases at the location, or any, within reach) that started in [start, end) or were still going
        on at start."""

    def obligations_between(
        self, location_id: str | None, start: datetime, end: datetime, reach: Reach | None = None
    ) -> list[Obligation]:
        """Obligations (within reach) opened before end that were opened in [start, end) or were neither met nor
        waived by start."""


class TrendInputError(ValueError):
    """The request is malformed; ``argument`` names the argument at fault."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument


@dataclass(frozen=True)
class Durations:
    """Times taken (seconds), nearest-rank median and 90th percentile; None when there are none."""

    count: int
    median_seconds: int | None
    p90_seconds: int | None


@dataclass(frozen=True)
class PeriodFigures:
    start: datetime
    end: datetime
    uses_by_practice: tuple[tuple[PracticeCode, int], ...]  # practices with at least one use, in code order
    total_uses: int
    prone_restraint_share: float | None
    seclusion_hours: float
    time_to_debrief: Durations
    time_to_care_plan_revision: Durations
    overdue_obligations: int


@dataclass(frozen=True)
class FigureChanges:
    """A period's figures less the baseline's; None where either side has no figure."""

    # Counts over time (uses, seclusion hours) are compared with the baseline's average per period: its total divided
    # by the number of periods (months or weeks) it overlaps, so that a year's baseline can be set against a month.
    uses_by_practice: tuple[tuple[PracticeCode, float], ...]  # every practice either side used, in code order
    total_uses: float
    total_uses_percent: float | None  # None when the baseline had no uses
    prone_restraint_share: float | None
    seclusion_hours: float
    median_time_to_debrief_seconds: int | None
    p90_time_to_debrief_seconds: int | None
    median_time_to_care_plan_revision_seconds: int | None
    p90_time_to_care_plan_revision_seconds: int | None
    overdue_obligations: int


@dataclass(frozen=True)
class TrendPeriodResult:
    figures: PeriodFigures
    change: FigureChanges | None


@dataclass(frozen=True)
class TrendReport:
    by: TrendPeriod
    start: datetime
    end: datetime
    location_id: str | None
    periods: tuple[TrendPeriodResult, ...]
    baseline: PeriodFigures | None
    # How many months or weeks the baseline spans (a part-period by the share of it covered): its counts over time
    # are divided by this for each change.
    baseline_periods: float = 0.0


# ------------------------------------------------------------------------------------------------ arithmetic


def nearest_rank(values: Sequence[int], percent: float) -> int | None:
    """The nearest-rank percentile: the ceil(percent/100 * n)-th smallest value (at least the first)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def durations(values: Sequence[int]) -> Durations:
    return Durations(len(values), nearest_rank(values, 50), nearest_rank(values, 90))


def period_bounds(by: TrendPeriod, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The calendar months, or ISO weeks, that overlap [start, end), in UTC."""
    first = start.astimezone(UTC)
    if by is TrendPeriod.MONTH:
        cursor = datetime(first.year, first.month, 1, tzinfo=UTC)
    else:
        day = datetime(first.year, first.month, first.day, tzinfo=UTC)
        cursor = day - timedelta(days=day.weekday())
    bounds: list[tuple[datetime, datetime]] = []
    while cursor < end:
        if by is TrendPeriod.MONTH:
            following = datetime(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1, tzinfo=UTC)
        else:
            following = cursor + timedelta(days=7)
        bounds.append((cursor, following))
        if len(bounds) > MAX_PERIODS:
            raise TrendInputError("to", f"to: at most {MAX_PERIODS} periods can be asked for at once")
        cursor = following
    return bounds


def _overlap_seconds(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> float:
    return max(0.0, (min(a_end, b_end) - max(a_start, b_start)).total_seconds())


def figures(
    uses: Sequence[UseSummary],
    obligations: Sequence[Obligation],
    period: tuple[datetime, datetime],
    window: tuple[datetime, datetime],
    now: datetime,
) -> PeriodFigures:
    """The figures of one period, counting what falls in ``window`` (the period clipped to the request).

    A seclusion still going on counts until ``now``; overdue obligations are those open and past due at the end of
    the window.
    """
    start, end = window
    started = [u for u in uses if start <= u.started_at < end]
    counts = {p: 0 for p in PracticeCode}
    prone = physical = 0
    for use in started:
        practices = {s.practice for s in use.segments}
        for practice in practices:
            counts[practice] += 1
        if any(p.is_physical_restraint for p in practices):
            physical += 1
            prone += PracticeCode.PHYS_PRONE in practices
    seclusion_seconds = sum(
        _overlap_seconds(s.started_at, s.ended_at or now, start, end)
        for use in uses
        for s in use.segments
        if s.practice is PracticeCode.ISO_SECLUSION
    )

    def taken(rule_id: str) -> Durations:
        return durations([
            max(0, math.floor((o.met_at - o.opened_at).total_seconds()))
            for o in obligations
            if o.rule.id == rule_id and start <= o.opened_at < end and o.met_at is not None and o.waived_at is None
        ])

    overdue = sum(1 for o in obligations if o.exists_at(end) and o.status(end) is ObligationStatus.OVERDUE)
    return PeriodFigures(
        start=period[0],
        end=period[1],
        uses_by_practice=tuple((p, n) for p, n in counts.items() if n),
        total_uses=len(started),
        prone_restraint_share=prone / physical if physical else None,
        seclusion_hours=round(seclusion_seconds / 3600, 6),
        time_to_debrief=taken(DEBRIEF_RULE),
        time_to_care_plan_revision=taken(CARE_PLAN_RULE),
        overdue_obligations=overdue,
    )


def _less(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _less_int(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a - b


def changes(current: PeriodFigures, baseline: PeriodFigures, baseline_periods: float = 1.0) -> FigureChanges:
    """``current`` less ``baseline``; the baseline's counts over time are first divided by ``baseline_periods``."""
    now, then = dict(current.uses_by_practice), dict(baseline.uses_by_practice)
    per = baseline_periods if baseline_periods > 0 else 1.0
    by_practice = tuple(
        (p, round(now.get(p, 0) - then.get(p, 0) / per, 6)) for p in PracticeCode if p in now or p in then
    )
    share = _less(current.prone_restraint_share, baseline.prone_restraint_share)
    baseline_uses = baseline.total_uses / per
    return FigureChanges(
        uses_by_practice=by_practice,
        total_uses=round(current.total_uses - baseline_uses, 6),
        total_uses_percent=(
            round((current.total_uses - baseline_uses) / baseline_uses * 100, 6) if baseline.total_uses else None
        ),
        prone_restraint_share=None if share is None else round(share, 6),
        seclusion_hours=round(current.seclusion_hours - baseline.seclusion_hours / per, 6),
        median_time_to_debrief_seconds=_less_int(
            current.time_to_debrief.median_seconds, baseline.time_to_debrief.median_seconds
        ),
        p90_time_to_debrief_seconds=_less_int(
            current.time_to_debrief.p90_seconds, baseline.time_to_debrief.p90_seconds
        ),
        median_time_to_care_plan_revision_seconds=_less_int(
            current.time_to_care_plan_revision.median_seconds, baseline.time_to_care_plan_revision.median_seconds
        ),
        p90_time_to_care_plan_revision_seconds=_less_int(
            current.time_to_care_plan_revision.p90_seconds, baseline.time_to_care_plan_revision.p90_seconds
        ),
        overdue_obligations=current.overdue_obligations - baseline.overdue_obligations,
    )


# ------------------------------------------------------------------------------------------------ the report


def trends(
    source: TrendSource,
    *,
    location_id: str | None,
    start: datetime,
    end: datetime,
    by: TrendPeriod,
    now: datetime,
    baseline_start: datetime | None = None,
    baseline_end: datetime | None = None,
    reach: Reach | None = None,
) -> TrendReport:
    """The report of [start, end) by period, with the baseline [baseline_start, baseline_end) when given."""
    if start >= end:
        raise TrendInputError("from", f"from ({start.isoformat()}) must be before to ({end.isoformat()})")
    if (baseline_start is None) != (baseline_end is None):
        missing = "baselineTo" if baseline_end is None else "baselineFrom"
        raise TrendInputError(missing, f"{missing} is needed too: give both baselineFrom and baselineTo, or neither")
    if baseline_start is not None and baseline_end is not None and baseline_start >= baseline_end:
        raise TrendInputError(
            "baselineFrom",
            f"baselineFrom ({baseline_start.isoformat()}) must be before baselineTo ({baseline_end.isoformat()})",
        )
    bounds = period_bounds(by, start, end)
    uses = source.uses_between(location_id, start, end, reach)
    obligations = source.obligations_between(location_id, start, end, reach)
    baseline, baseline_periods = None, 1.0
    if baseline_start is not None and baseline_end is not None:
        try:
            baseline_periods = sum(
                (min(e, baseline_end) - max(s, baseline_start)) / (e - s)
                for s, e in period_bounds(by, baseline_start, baseline_end)
            )
        except TrendInputError:
            raise TrendInputError("baselineTo", f"baselineTo: at most {MAX_PERIODS} periods of baseline") from None
        baseline = figures(
            source.uses_between(location_id, baseline_start, baseline_end, reach),
            source.obligations_between(location_id, baseline_start, baseline_end, reach),
            (baseline_start, baseline_end),
            (baseline_start, baseline_end),
            now,
        )
    periods = []
    for period in bounds:
        window = (max(period[0], start), min(period[1], end))
        current = figures(uses, obligations, period, window, now)
        change = None if baseline is None else changes(current, baseline, baseline_periods)
        periods.append(TrendPeriodResult(current, change))
    return TrendReport(
        by, start, end, location_id, tuple(periods), baseline,
        round(baseline_periods, 6) if baseline is not None else 0.0,
    )
