"""The board report's charts: the figures of a ``TrendReport`` per period, drawn with matplotlib and returned as SVG
text to inline in the page.

Drawn on ``matplotlib.figure.Figure`` objects, never through pyplot: pyplot keeps global figure state and picks a GUI
backend, and a report is a batch job. The SVG is deterministic (fixed hash salt per chart, no date in the metadata),
so the same figures give the same bytes; and every id inside a chart is prefixed with the chart's own id, because
the charts share one HTML page and ids must be unique in it. Text stays text (``svg.fonttype: none``) so that a
search or a screen reader finds the titles, labels and legends.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from rpledger.application.trends import Durations, PeriodFigures, TrendPeriod, TrendReport
from rpledger.domain.codes import PracticeCode
from rpledger.export import wording as w

# Okabe and Ito's palette, told apart with the common forms of colour blindness; black is kept for totals. Past
# seven practices the colours repeat with a hatch, so no two stacks look alike, in colour or in grey print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
HATCHES = ("", "///", "...", "xxx")
BASELINE = "#333333"
_SIZE = (7.2, 2.9)  # inches: the width of A4 less the page margins; the legend's rows are added to the height
_LEGEND_ROW = 0.17  # inches
_TWO_COLUMNS = 44  # characters: a longer label needs the legend's full width


@dataclass(frozen=True)
class Chart:
    id: str  # unique in the page: prefixes every id in the SVG
    title: str
    description: str  # what the chart shows, in words, for a screen reader
    svg: str


# ------------------------------------------------------------------------------------------------ words and levels


def period_label(by: TrendPeriod, start: datetime) -> str:
    return f"{start:%b %Y}" if by is TrendPeriod.MONTH else f"w/c {start.day} {start:%b %Y}"


def tick_label(by: TrendPeriod, start: datetime) -> str:
    return f"{start:%b %Y}" if by is TrendPeriod.MONTH else f"{start.day} {start:%b %y}"


def span_text(start: datetime, end: datetime, *, short: bool = False) -> str:
    """[start, end) in words: whole UTC days as "1 Jan 2025 to 31 Mar 2025" (the last day inclusive), or, short,
    "1 Jan–31 Mar 2025" ("1–31 Jan 2025" within a month)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if start.time() == end.time() == datetime.min.time():
        last = end - timedelta(days=1)
        if short:
            first = f"{start.day} {start:%b %Y}"
            if start.year == last.year:
                first = f"{start.day}" if start.month == last.month else f"{start.day} {start:%b}"
            return f"{first}–{last.day} {last:%b %Y}"
        return f"{start.day} {start:%b %Y} to {last.day} {last:%b %Y}"
    return f"{start:%d %b %Y %H:%M} to {end:%d %b %Y %H:%M} UTC"


def baseline_periods(report: TrendReport) -> float | None:
    """How many periods (months or weeks) the baseline overlaps, as the trends count them: its totals (uses,
    seclusion hours) are divided by this to draw its level per period, as each period's change is reckoned."""
    return None if report.baseline is None else float(report.baseline_periods)


def per_period(report: TrendReport, total: float) -> float:
    periods = baseline_periods(report)
    return total / periods if periods else total


def unit(by: TrendPeriod) -> str:
    return "month" if by is TrendPeriod.MONTH else "week"


# ------------------------------------------------------------------------------------------------ the charts


def charts(report: TrendReport) -> list[Chart]:
    return [
        uses_chart(report),
        prone_chart(report),
        seclusion_chart(report),
        time_chart(report, "debrief", "Time to debrief", lambda f: f.time_to_debrief),
        time_chart(report, "care-plan", "Time to care-plan revision", lambda f: f.time_to_care_plan_revision),
        overdue_chart(report),
    ]


def uses_chart(report: TrendReport) -> Chart:
    title = f"Uses of restrictive practice per {unit(report.by)}, by practice"
    fig, ax = _axes(report, title, "uses")
    periods = [p.figures for p in report.periods]
    practices = [p for p in PracticeCode if any(dict(f.uses_by_practice).get(p) for f in periods)]
    bottoms = [0] * len(periods)
    for i, practice in enumerate(practices):
        heights = [dict(f.uses_by_practice).get(practice, 0) for f in periods]
        ax.bar(range(len(periods)), heights, bottom=bottoms, label=w.practice(practice.value), edgecolor="white",
               color=PALETTE[i % len(PALETTE)], hatch=HATCHES[i // len(PALETTE) % len(HATCHES)])
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    # A use of several practices stands in each of their stacks: the mark gives the number of uses itself.
    ax.plot(range(len(periods)), [f.total_uses for f in periods], linestyle="none", marker="_", markersize=16,
            markeredgewidth=2.5, color="black", label="all uses (a use counts once)")
    if report.baseline is not None:
        level = per_period(report, report.baseline.total_uses)
        _baseline(ax, report.baseline, level, f"{level:.1f} uses per {unit(report.by)}")
    _count_axis(ax)
    description = (f"Bar chart: uses per {unit(report.by)} stacked by practice, the number of uses marked in black"
                   f"{_baseline_words(report)}.")
    return _chart(fig, "uses", title, description)


def prone_chart(report: TrendReport) -> Chart:
    title = "Prone restraint as a share of physical restraint"
    fig, ax = _axes(report, title, "% of uses with physical restraint")
    shares = [_percent(p.figures.prone_restraint_share) for p in report.periods]
    ax.plot(range(len(shares)), shares, marker="o", color=PALETTE[5], label="prone share")
    if report.baseline is not None and report.baseline.prone_restraint_share is not None:
        share = report.baseline.prone_restraint_share * 100
        _baseline(ax, report.baseline, share, f"{share:.1f}%")
    ax.set_ylim(-2, 102)  # a little room, so that a line at 0% or 100% is not hidden by the frame
    ax.yaxis.set_major_formatter(PercentFormatter(100))
    _nothing_note(ax, shares, "No physical restraint in these periods")
    description = (f"Line chart: the percentage of uses with physical restraint that had prone restraint, per "
                   f"{unit(report.by)} (no point where there was no physical restraint){_baseline_words(report)}.")
    return _chart(fig, "prone", title, description)


def seclusion_chart(report: TrendReport) -> Chart:
    title = f"Hours of seclusion per {unit(report.by)}"
    fig, ax = _axes(report, title, "hours")
    hours = [p.figures.seclusion_hours for p in report.periods]
    ax.bar(range(len(hours)), hours, color=PALETTE[0], label="hours of seclusion")
    if report.baseline is not None:
        level = per_period(report, report.baseline.seclusion_hours)
        _baseline(ax, report.baseline, level, f"{level:.1f} h per {unit(report.by)}")
    _from_zero(ax)
    description = (f"Bar chart: hours spent in seclusion within each {unit(report.by)}"
                   f"{_baseline_words(report)}.")
    return _chart(fig, "seclusion", title, description)


def time_chart(report: TrendReport, chart_id: str, what: str, pick: Callable[[PeriodFigures], Durations]) -> Chart:
    title = f"{what}: median and 90th percentile, hours"
    fig, ax = _axes(report, title, "hours")
    lines = (("median", "median_seconds", PALETTE[0], "o"), ("90th percentile", "p90_seconds", PALETTE[1], "s"))
    for name, field, colour, marker in lines:
        values = [_hours(getattr(pick(p.figures), field)) for p in report.periods]
        ax.plot(range(len(values)), values, marker=marker, color=colour, label=name)
        # A baseline with nothing timed has no level to draw; its table row says so with "—".
        seconds = None if report.baseline is None else getattr(pick(report.baseline), field)
        if report.baseline is not None and seconds is not None:
            level = seconds / 3600
            _baseline(ax, report.baseline, level, f"{level:.1f} h", colour=colour, gid=f"baseline-{field[:3]}",
                      what=name)
    _from_zero(ax)
    _nothing_note(ax, [_hours(pick(p.figures).median_seconds) for p in report.periods], "Nothing timed in these "
                  "periods")
    description = (f"Line chart: {what.lower()} in hours, median and 90th percentile of the obligations opened "
                   f"and met in each {unit(report.by)} (no point where none were){_baseline_words(report)}.")
    return _chart(fig, chart_id, title, description)


def overdue_chart(report: TrendReport) -> Chart:
    title = f"Obligations overdue at the end of each {unit(report.by)}"
    fig, ax = _axes(report, title, "obligations")
    counts = [p.figures.overdue_obligations for p in report.periods]
    ax.bar(range(len(counts)), counts, color=PALETTE[5], label="overdue")
    if report.baseline is not None:
        # Overdue is a count at a moment, not a flow: the baseline's own count is its level, not divided.
        overdue = report.baseline.overdue_obligations
        _baseline(ax, report.baseline, overdue, f"{overdue} at its end")
    _count_axis(ax)
    description = (f"Bar chart: obligations open and past due at the end of each {unit(report.by)}"
                   f"{_baseline_words(report)}.")
    return _chart(fig, "overdue", title, description)


# ------------------------------------------------------------------------------------------------ drawing


def _axes(report: TrendReport, title: str, ylabel: str) -> tuple[Figure, Axes]:
    fig = Figure(figsize=_SIZE, layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.set_ylabel(ylabel, fontsize=9)
    labels = [tick_label(report.by, p.figures.start) for p in report.periods]
    every = max(1, math.ceil(len(labels) / 16))  # past 16 periods, label every few so the labels stay legible
    ax.set_xticks(range(len(labels)), [label if i % every == 0 else "" for i, label in enumerate(labels)],
                  rotation=0 if len(labels) <= 6 else 90, fontsize=8)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", color="#d5dbe0", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _from_zero(ax: Axes) -> None:
    """Start the axis at 0, once everything is drawn (autoscaling has then seen the bars, lines and baseline)."""
    ax.set_ylim(0, max(ax.get_ylim()[1], 1.0))


def _count_axis(ax: Axes) -> None:
    _from_zero(ax)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _baseline(ax: Axes, baseline: PeriodFigures, level: float, value: str, *, colour: str = BASELINE,
              gid: str = "baseline", what: str = "") -> None:
    """The baseline's level as a dashed line, its legend entry saying which days it covers and its value."""
    label = f"baseline {span_text(baseline.start, baseline.end, short=True)}"
    label += f", {what}: {value}" if what else f": {value}"
    ax.axhline(level, linestyle="--", linewidth=1.4, color=colour, label=label).set_gid(gid)


def _baseline_words(report: TrendReport) -> str:
    if report.baseline is None:
        return ""
    return f"; the dashed line is the baseline, {span_text(report.baseline.start, report.baseline.end)}"


def _nothing_note(ax: Axes, values: Sequence[float], note: str) -> None:
    if all(math.isnan(v) for v in values):
        ax.text(0.5, 0.5, note, transform=ax.transAxes, ha="center", va="center", color="#5b6670", fontsize=9)


def _percent(share: float | None) -> float:
    return math.nan if share is None else share * 100


def _hours(seconds: int | None) -> float:
    return math.nan if seconds is None else seconds / 3600


def _chart(fig: Figure, chart_id: str, title: str, description: str) -> Chart:
    handles, labels = fig.axes[0].get_legend_handles_labels()
    if handles:
        # The legend must fit the page's width (practice names are long), and its rows must not squeeze the plot.
        columns = 1 if max(len(label) for label in labels) > _TWO_COLUMNS else 2
        fig.legend(handles, labels, loc="outside lower center", ncols=columns, fontsize=8, frameon=False)
        fig.set_size_inches(_SIZE[0], _SIZE[1] + _LEGEND_ROW * math.ceil(len(labels) / columns))
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": f"rpledger-board-{chart_id}", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return Chart(chart_id, title, description, _inline(buffer.getvalue(), chart_id, title, description))


def _inline(svg: str, chart_id: str, title: str, description: str) -> str:
    """The SVG as an element of the page: no XML prolog, every id prefixed, a title and description for readers."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'(\bid="|url\(#|href="#)', rf"\g<1>{chart_id}-", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, count=1, flags=re.DOTALL)
    head_end = svg.index(">") + 1
    opening = svg[:head_end].replace("<svg ", f'<svg id="chart-{chart_id}" role="img" aria-label="{escape(title)}" '
                                     f'aria-describedby="chart-{chart_id}-desc" ', 1)
    labels = (f'\n <title id="chart-{chart_id}-title">{escape(title)}</title>'
              f'\n <desc id="chart-{chart_id}-desc">{escape(description)}</desc>')
    return opening + labels + svg[head_end:]
