"""The types of Query.trends, and the query itself: the figures a reduction plan follows, by month or ISO week."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from rpledger.application import trends as t
from rpledger.graphql.enums import PracticeCode
from rpledger.graphql.scalars import InvalidArgumentError, checked_moment
from rpledger.graphql.types import Info

TrendPeriod = strawberry.enum(
    t.TrendPeriod, name="TrendPeriod", description="Calendar months, or ISO weeks (from Monday 00:00 UTC)"
)


@strawberry.type
class PracticeCount:
    practice: PracticeCode
    uses: int = strawberry.field(description="Uses that started in the period with this practice")


@strawberry.type(description="A practice's uses in the period less the baseline's average per period")
class PracticeChange:
    practice: PracticeCode
    uses: float


@strawberry.type(description="Times taken, in seconds; median and 90th percentile by nearest rank (the "
                 "ceil(p/100 * n)-th smallest), null when there are none", name="TrendDurations")
class Durations:
    count: int
    median_seconds: int | None
    p90_seconds: int | None

    @classmethod
    def of(cls, d: t.Durations) -> Durations:
        return cls(count=d.count, median_seconds=d.median_seconds, p90_seconds=d.p90_seconds)


@strawberry.type(description="A period's figures less the baseline's; null where either side has no figure. Uses "
                 "and seclusion hours are set against the baseline's average per period (its total divided by "
                 "baselinePeriods); the other figures against the baseline's own")
class TrendChange:
    uses_by_practice: list[PracticeChange]
    total_uses: float
    total_uses_percent: float | None = strawberry.field(description="Null when the baseline had no uses")
    prone_restraint_share: float | None
    seclusion_hours: float
    median_time_to_debrief_seconds: int | None
    p90_time_to_debrief_seconds: int | None
    median_time_to_care_plan_revision_seconds: int | None
    p90_time_to_care_plan_revision_seconds: int | None
    overdue_obligations: int

    @classmethod
    def of(cls, c: t.FigureChanges) -> TrendChange:
        return cls(
            uses_by_practice=[PracticeChange(practice=p, uses=n) for p, n in c.uses_by_practice],
            total_uses=c.total_uses,
            total_uses_percent=c.total_uses_percent,
            prone_restraint_share=c.prone_restraint_share,
            seclusion_hours=c.seclusion_hours,
            median_time_to_debrief_seconds=c.median_time_to_debrief_seconds,
            p90_time_to_debrief_seconds=c.p90_time_to_debrief_seconds,
            median_time_to_care_plan_revision_seconds=c.median_time_to_care_plan_revision_seconds,
            p90_time_to_care_plan_revision_seconds=c.p90_time_to_care_plan_revision_seconds,
            overdue_obligations=c.overdue_obligations,
        )


@strawberry.type(description="One month or week (or the baseline): its figures count what falls in it and in "
                 "[from, to)")
class TrendPeriodFigures:
    start: datetime
    end: datetime
    uses_by_practice: list[PracticeCount] = strawberry.field(
        description="Uses that started in the period, per practice they had (practices with none left out)"
    )
    total_uses: int = strawberry.field(description="Uses that started in the period")
    prone_restraint_share: float | None = strawberry.field(
        description="Uses with prone restraint over uses with any physical restraint; null when none had any"
    )
    seclusion_hours: float = strawberry.field(
        description="Hours of seclusion within the period (a seclusion still going on counts until now)"
    )
    time_to_debrief: Durations = strawberry.field(
        description="DEB-01 obligations opened in the period and met: from opening to the debrief"
    )
    time_to_care_plan_revision: Durations = strawberry.field(
        description="CP-01 obligations opened in the period and met: from opening to the revision"
    )
    overdue_obligations: int = strawberry.field(
        description="Obligations open and past due at the period's end (or at to, if earlier)"
    )
    change: TrendChange | None = strawberry.field(description="Against the baseline; null without one")

    @classmethod
    def of(cls, f: t.PeriodFigures, change: t.FigureChanges | None = None) -> TrendPeriodFigures:
        return cls(
            start=f.start,
            end=f.end,
            uses_by_practice=[PracticeCount(practice=p, uses=n) for p, n in f.uses_by_practice],
            total_uses=f.total_uses,
            prone_restraint_share=f.prone_restraint_share,
            seclusion_hours=f.seclusion_hours,
            time_to_debrief=Durations.of(f.time_to_debrief),
            time_to_care_plan_revision=Durations.of(f.time_to_care_plan_revision),
            overdue_obligations=f.overdue_obligations,
            change=None if change is None else TrendChange.of(change),
        )


@strawberry.type
class Trends:
    by: TrendPeriod
    from_: datetime = strawberry.field(name="from")
    to: datetime
    location_id: str | None
    periods: list[TrendPeriodFigures]
    baseline: TrendPeriodFigures | None
    baseline_periods: float = strawberry.field(
        description="How many months or weeks the baseline spans, a part-period by the share of it covered (0 "
        "without one): each change of uses and seclusion hours is against the baseline's total divided by this"
    )


@strawberry.type
class TrendQuery:
    @strawberry.field(
        description="Figures for a reduction plan, per calendar month or ISO week overlapping [from, to), of a "
        "location or of all, with each period's change against the baseline [baselineFrom, baselineTo) when given"
    )
    def trends(
        self,
        info: Info,
        *,
        location_id: str | None = None,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        by: TrendPeriod,
        baseline_from: datetime | None = None,
        baseline_to: datetime | None = None,
    ) -> Trends:
        start, end = checked_moment("from", from_), checked_moment("to", to)
        b_start = None if baseline_from is None else checked_moment("baselineFrom", baseline_from)
        b_end = None if baseline_to is None else checked_moment("baselineTo", baseline_to)
        try:
            report = t.trends(
                info.context.view,
                location_id=location_id,
                start=start,
                end=end,
                by=by,
                now=info.context.clock(),
                baseline_start=b_start,
                baseline_end=b_end,
                reach=info.context.reach("trends"),
            )
        except t.TrendInputError as bad:
            raise InvalidArgumentError(str(bad)) from None
        return Trends(
            by=report.by,
            from_=report.start,
            to=report.end,
            location_id=report.location_id,
            periods=[TrendPeriodFigures.of(p.figures, p.change) for p in report.periods],
            baseline=None if report.baseline is None else TrendPeriodFigures.of(report.baseline),
            baseline_periods=report.baseline_periods,
        )
