"""Deprivation of liberty safeguards: how the DoLS rules (``deprivation`` and ``deprivation_authorisations``)
measure their periods, and how their findings give moments and lengths.

**Periods.** A period of days (DOLS-01's urgent period, DOLS-02's extension, DOLS-08's decision time) ends where
``period_end`` puts it, by the policy's ``dols_period_end`` (open question 10): ELAPSED, exactly so many days after
the start; END_OF_DAY, at the end (the next midnight, UTC) of the calendar day on which that falls, as forms that
record dates only would read it. DOLS-04 counts calendar months (``add_months``): the same day of the month so many
months later, or the last day of a shorter month; END_OF_DAY then takes the end of that day too.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, time, timedelta

from rpledger.domain.policy import END_OF_DAY

# ------------------------------------------------------------------------------------------------------ periods


def end_of_day(moment: datetime) -> datetime:
    """The end of the calendar day (UTC) on which ``moment`` falls: the next midnight."""
    day = moment.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=UTC)


def period_end(start: datetime, length: timedelta, mode: str) -> datetime:
    """The end of a period of days from ``start``: ELAPSED, ``start + length`` exactly; END_OF_DAY, the end of the
    calendar day on which that falls (open question 10)."""
    end = start + length
    return end_of_day(end) if mode == END_OF_DAY else end


def add_months(moment: datetime, months: int) -> datetime:
    """The same day of the month ``months`` later, at the same time; the last day of the month if it is shorter."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def months_end(start: datetime, months: int, mode: str) -> datetime:
    """The end of a period of calendar months from ``start`` (END_OF_DAY: the end of the day it falls on)."""
    end = add_months(start.astimezone(UTC), months)
    return end_of_day(end) if mode == END_OF_DAY else end


# ------------------------------------------------------------------------------------------------------ words


def when(moment: datetime) -> str:
    """A moment as the findings give it: 2025-09-15 10:00 (UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def length(span: timedelta) -> str:
    """7 days; 7 days 2 h; 1 day 30 min; 45 min."""
    minutes = int(span.total_seconds()) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes or not parts else []
    return " ".join(parts)
