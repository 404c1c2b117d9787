"""``rpledger report board``: the figures of ``Query.trends`` as a printable report for a provider's board, a chart
for each figure with the table of the same numbers beneath it, against a baseline when one is given.

The page is self-contained (inline CSS and SVG, no script, no external asset), laid out for A4, so that it can be
filed, mailed or printed as it is. Every text from data (the location above all) goes through ``html.escape``. A
period with nothing in it is shown, with 0 or "—" (no value), never left out: a gap would read as "not measured".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from html import escape
from pathlib import Path

from rpledger.application.trends import Durations, PeriodFigures, TrendPeriod, TrendPeriodResult, TrendReport
from rpledger.domain.codes import PracticeCode
from rpledger.export import wording as w
from rpledger.export.charts import Chart, baseline_periods, charts, per_period, period_label, span_text, unit
from rpledger.export.style import CSS

NONE = "—"
BOARD_CSS = """
svg { display: block; width: 100%; height: auto; margin: 0.4rem 0; }
header.case .notes { grid-column: 1 / -1; }
section.figure { margin-top: 1.6rem; }
section.figure h2 { margin-top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.baseline td { background: var(--wash); font-style: italic; }
.wide { overflow-x: auto; }
#table-uses { font-size: 0.78rem; }
#table-uses th { hyphens: auto; overflow-wrap: anywhere; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: 0.8rem; padding: 0.2rem 0; }
@media print {
  @page { size: A4; }
  #table-uses { font-size: 7pt; }
  section.figure { break-before: auto; }
  section.figure > svg, section.figure > h2 { break-inside: avoid; break-after: avoid; }
}
"""


def utc_days(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants [start, end) of the calendar days ``first`` to ``last`` inclusive, in UTC.

    UTC, not UK time, because the periods of ``trends`` are UTC months and ISO weeks from 00:00 UTC: a UK midnight
    in summer (23:00 UTC the day before) would open the report with a one-hour stub of the previous period."""
    start = datetime.combine(first, time(0), tzinfo=UTC)
    return start, datetime.combine(last + timedelta(days=1), time(0), tzinfo=UTC)


def write_board(page: str, path: Path | str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target


def render_board(report: TrendReport, computed_at: datetime) -> str:
    """The report as one HTML document; ``computed_at`` is the moment the figures were worked out."""
    where = "all locations" if report.location_id is None else report.location_id
    title = f"Restrictive practice trends: {where}, {span_text(report.start, report.end)}"
    drawn = {chart.id: chart for chart in charts(report)}
    sections = [_section(heading, drawn[chart_id], table(report)) for chart_id, heading, table in _TABLES]
    body = "\n".join([_header(report, where, computed_at), "<main>", *sections, "</main>", _footer(computed_at)])
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}{BOARD_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _header(report: TrendReport, where: str, computed_at: datetime) -> str:
    by = "calendar month" if report.by is TrendPeriod.MONTH else "ISO week (from Monday)"
    baseline = "none" if report.baseline is None else span_text(report.baseline.start, report.baseline.end)
    meta = [
        ("Location", where),
        ("Period", span_text(report.start, report.end)),
        ("By", by),
        ("Baseline", baseline),
        ("Figures computed", f"{w.when(computed_at, UTC)} UTC"),
    ]
    rows = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in meta)
    paragraphs = "".join(f'<p class="note">{escape(n)}</p>' for n in _notes(report))
    return (
        '<header class="case"><div><p class="kicker">Restrictive practice: report to the board</p>'
        f"<h1>Trends for {escape(where)}</h1></div>"
        f'<dl class="meta">{rows}</dl><div class="notes">{paragraphs}</div></header>'
    )


def _notes(report: TrendReport) -> list[str]:
    """How to read the figures: what a part-period, "—" and the baseline's change mean."""
    period = unit(report.by)
    reading = (
        f"Days and periods are in UTC. Each {period} counts only what falls within the period asked for, so the "
        f"first and last may be part-{period}s (marked in the tables). {NONE} means there was nothing to measure "
        "(no physical restraint, nothing timed)."
    )
    notes = [
        reading,
        "A use of several practices counts once for each of them, and once among all uses.",
    ]
    periods = baseline_periods(report)
    if periods is not None:
        notes.append(
            f"The baseline covers {_number(periods)} {period}{'' if periods == 1 else 's'}. Its uses and seclusion "
            f"hours are totals over the whole of it; the dashed line on their charts is that total per {period}, "
            "and each period's change in them is against that average. Shares, times taken and obligations "
            "overdue change against the baseline's own figure."
        )
    return notes


def _section(heading: str, chart: Chart, table: str) -> str:
    return (
        f'<section class="figure" id="figure-{chart.id}"><h2>{escape(heading)}</h2>\n{chart.svg}\n'
        f"{table}</section>"
    )


def _footer(computed_at: datetime) -> str:
    return (
        f'<footer class="small">Computed by rpledger on {escape(w.when(computed_at, UTC))} UTC from the record as it '
        "stood then. The same figures as data: GraphQL <code>Query.trends</code>.</footer>"
    )


# ------------------------------------------------------------------------------------------------ the tables

Row = list[str]


def _table(chart_id: str, head: Iterable[str], rows: Iterable[tuple[str, Row]]) -> str:
    """A table of (row class, cells); the first cell is the period, the rest are numbers."""
    def cell(tag: str, i: int, text: str) -> str:
        return f"<{tag}>{escape(text)}</{tag}>" if i == 0 else f'<{tag} class="num">{escape(text)}</{tag}>'

    header = "".join(cell("th", i, h) for i, h in enumerate(head))
    body = "".join(
        f'<tr class="{kind}">{"".join(cell("td", i, c) for i, c in enumerate(cells))}</tr>' for kind, cells in rows
    )
    return (
        f'<div class="wide"><table id="table-{chart_id}"><caption>The figures of the chart above</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _rows(
    report: TrendReport,
    cells: Callable[[PeriodFigures], Row],
    changes: Callable[[TrendPeriodResult], Row],
    per: Callable[[PeriodFigures], Row] | None = None,
) -> list[tuple[str, Row]]:
    """A row per period (with its changes when there is a baseline), then the baseline's own rows."""
    rows = [("period", [_period(report, p.figures), *cells(p.figures), *changes(p)]) for p in report.periods]
    if report.baseline is not None:
        blank = [""] * len(changes(report.periods[0]))
        rows.append(("baseline", [f"Baseline, {span_text(report.baseline.start, report.baseline.end)}",
                                  *cells(report.baseline), *blank]))
        if per is not None:
            rows.append(("baseline", [f"Baseline per {unit(report.by)}", *per(report.baseline), *blank]))
    return rows


def _period(report: TrendReport, figures: PeriodFigures) -> str:
    label = period_label(report.by, figures.start)
    if report.start > figures.start:
        label += f" (from {_day(report.start)})"
    if report.end < figures.end:
        label += f" (to {_day(report.end - timedelta(seconds=1))})"
    return label


def _uses(report: TrendReport) -> str:
    seen = {p for f in [*(r.figures for r in report.periods), report.baseline] if f for p, _ in f.uses_by_practice}
    practices = [p for p in PracticeCode if p in seen]
    has_baseline = report.baseline is not None
    head = ["Period", *(w.practice(p.value) for p in practices), "All uses"]
    head += [f"Change in all uses{_on_total(report)}", "Change, %"] if has_baseline else []

    def cells(f: PeriodFigures) -> Row:
        counts = dict(f.uses_by_practice)
        return [*(str(counts.get(p, 0)) for p in practices), str(f.total_uses)]

    def changes(p: TrendPeriodResult) -> Row:
        if p.change is None:
            return []
        percent = p.change.total_uses_percent
        return [_signed_count(p.change.total_uses), NONE if percent is None else f"{_signed_tenths(percent)}%"]

    def per(f: PeriodFigures) -> Row:
        return [*([""] * len(practices)), f"{per_period(report, f.total_uses):.1f}"]

    return _table("uses", head, _rows(report, cells, changes, per))


def _prone(report: TrendReport) -> str:
    head = ["Period", "Prone share of physical restraint", *(["Change, points"] if report.baseline else [])]

    def changes(p: TrendPeriodResult) -> Row:
        if p.change is None:
            return []
        share = p.change.prone_restraint_share
        return [NONE if share is None else _signed_tenths(share * 100)]

    return _table("prone", head, _rows(report, lambda f: [_share(f.prone_restraint_share)], changes))


def _seclusion(report: TrendReport) -> str:
    head = ["Period", "Hours of seclusion", *([f"Change, hours{_on_total(report)}"] if report.baseline else [])]

    def changes(p: TrendPeriodResult) -> Row:
        return [] if p.change is None else [_signed_tenths(p.change.seclusion_hours)]

    def per(f: PeriodFigures) -> Row:
        return [f"{per_period(report, f.seclusion_hours):.1f}"]

    return _table("seclusion", head, _rows(report, lambda f: [f"{f.seclusion_hours:.1f}"], changes, per))


def _times(
    chart_id: str, pick: Callable[[PeriodFigures], Durations], fields: tuple[str, str]
) -> Callable[[TrendReport], str]:
    """The table of a time taken: how many were timed, median and 90th percentile, and ``fields`` of the change."""

    def build(report: TrendReport) -> str:
        head = ["Period", "Timed", "Median", "90th percentile"]
        head += ["Change in median", "Change in 90th percentile"] if report.baseline else []

        def cells(f: PeriodFigures) -> Row:
            d = pick(f)
            return [str(d.count), _duration(d.median_seconds), _duration(d.p90_seconds)]

        def changes(p: TrendPeriodResult) -> Row:
            if p.change is None:
                return []
            return [_duration(getattr(p.change, field), signed=True) for field in fields]

        return _table(chart_id, head, _rows(report, cells, changes))

    return build


def _overdue(report: TrendReport) -> str:
    head = ["Period", "Overdue at the end", *(["Change"] if report.baseline else [])]

    def changes(p: TrendPeriodResult) -> Row:
        return [] if p.change is None else [_signed(p.change.overdue_obligations)]

    return _table("overdue", head, _rows(report, lambda f: [str(f.overdue_obligations)], changes))


# Each chart's id, the heading of its section, and its table, in the order of the page.
_TABLES: list[tuple[str, str, Callable[[TrendReport], str]]] = [
    ("uses", "Uses of restrictive practice", _uses),
    ("prone", "Prone restraint", _prone),
    ("seclusion", "Seclusion", _seclusion),
    ("debrief", "Time to debrief", _times("debrief", lambda f: f.time_to_debrief,
                                          ("median_time_to_debrief_seconds", "p90_time_to_debrief_seconds"))),
    ("care-plan", "Time to care-plan revision", _times(
        "care-plan", lambda f: f.time_to_care_plan_revision,
        ("median_time_to_care_plan_revision_seconds", "p90_time_to_care_plan_revision_seconds"),
    )),
    ("overdue", "Obligations overdue", _overdue),
]


def _on_total(report: TrendReport) -> str:
    """Said beside the change of a total when the baseline is longer than one period: the change is then against
    the baseline's average per period."""
    periods = baseline_periods(report)
    return "" if periods is None or math.isclose(periods, 1) else f" (against the baseline's average per {unit(report.by)})"


def _number(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b}"


def _signed(n: int) -> str:
    return f"{n:+d}" if n else "0"


def _signed_count(x: float) -> str:
    """A change of a count: whole when it is whole (against a one-period baseline), else to one decimal place."""
    return _signed(int(x)) if float(x).is_integer() else _signed_tenths(x)


def _signed_tenths(x: float) -> str:
    """To one decimal place, signed; a change that rounds to nothing is "0.0", never "+0.0" or "-0.0"."""
    text = f"{x:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def _share(share: float | None) -> str:
    return NONE if share is None else f"{share * 100:.1f}%"


def _duration(seconds: int | None, *, signed: bool = False) -> str:
    if seconds is None:
        return NONE
    sign = ("-" if seconds < 0 else "+") if signed and seconds else ""
    return sign + w.duration(seconds)
