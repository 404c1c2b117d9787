"""``rpledger report board`` on a real database: a SQLite file, and PostgreSQL when configured.

A hand-built winter on WARD-A (every time UTC), with WARD-B beside it so that the location filter shows:

- January: u1 standing hold 6 Jan 10:00-10:10 (debrief +1 h, care-plan revision +2 h); u2 prone 20 Jan 10:00-10:20
  (debrief +3 h, no revision).
- February: nothing, so the report must show an empty month, not leave it out.
- March: u3 standing then prone 3 Mar 10:00-10:10 (debrief +30 min); u4 seclusion 10 Mar 20:00 to 11 Mar 02:00.
- The baseline, December 2024: u0 prone 2 Dec 10:00-10:10 (debrief +2 h, no revision) and an oral medication 5 Dec
  12:00-12:01.
- WARD-B: a prone hold on 15 January.

Then the demo's history, loaded through the application at a fixed moment, checks every cell of every table of a
weekly report against ``trends()`` for the same request.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from rpledger.application.trends import TrendPeriod, TrendReport, trends
from rpledger.bootstrap import Services
from rpledger.cli import main
from rpledger.demo import load_demo
from rpledger.domain.codes import DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.values import Actor, Segment, StaffMember, UseDetails
from rpledger.export.board import render_board, utc_days
from rpledger.export.charts import charts
from rpledger.infrastructure.settings import Database
from tests.conftest import Clock

P = PracticeCode
BY = Actor("rn-1", "Ann Okafor", "nurse in charge")
DETAILS = UseDetails(reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS, staff=(StaffMember("Sam Carter", "Staff nurse"),))
HOSTILE = "<script>alert('ward')</script>&\"B\""
CHARTS = ["uses", "prone", "seclusion", "debrief", "care-plan", "overdue"]
COMPUTED = re.compile(r"\w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def record_winter(services: Services, clock: Clock) -> None:
    cases = services.cases
    clock.set(at(2025, 6, 1))
    mh = Setting.MENTAL_HEALTH_INPATIENT
    a = cases.open_case("P-A", mh, "WARD-A", BY, opened_at=at(2024, 11, 1))
    b = cases.open_case("P-B", mh, "WARD-B", BY, opened_at=at(2024, 11, 1))

    def use(case: UUID, *segments: tuple[PracticeCode, datetime, datetime]) -> UUID:
        return cases.record_use(case, [Segment(p, s, e) for p, s, e in segments], DETAILS, BY)

    def debrief(case: UUID, use_id: UUID, held_at: datetime) -> None:
        cases.record_debrief(case, [use_id], DebriefKind.WITH_PERSON, held_at, BY)

    u0 = use(a, (P.PHYS_PRONE, at(2024, 12, 2, 10), at(2024, 12, 2, 10, 10)))
    debrief(a, u0, at(2024, 12, 2, 12, 10))
    use(a, (P.CHEM_ORAL, at(2024, 12, 5, 12), at(2024, 12, 5, 12, 1)))
    u1 = use(a, (P.PHYS_STANDING, at(2025, 1, 6, 10), at(2025, 1, 6, 10, 10)))
    debrief(a, u1, at(2025, 1, 6, 11, 10))
    cases.revise_care_plan(a, at(2025, 1, 6, 12, 10), [u1], "Revised after the hold", BY)
    u2 = use(a, (P.PHYS_PRONE, at(2025, 1, 20, 10), at(2025, 1, 20, 10, 20)))
    debrief(a, u2, at(2025, 1, 20, 13, 20))
    u3 = use(a, (P.PHYS_STANDING, at(2025, 3, 3, 10), at(2025, 3, 3, 10, 5)),
             (P.PHYS_PRONE, at(2025, 3, 3, 10, 5), at(2025, 3, 3, 10, 10)))
    debrief(a, u3, at(2025, 3, 3, 10, 40))
    use(a, (P.ISO_SECLUSION, at(2025, 3, 10, 20), at(2025, 3, 11, 2)))
    use(b, (P.PHYS_PRONE, at(2025, 1, 15, 9), at(2025, 1, 15, 9, 10)))


@pytest.fixture
def schema(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command finds the PostgreSQL schema where the server would."""
    monkeypatch.delenv("RPLEDGER_POLICY_FILE", raising=False)
    monkeypatch.setenv("RPLEDGER_POSTGRES_SCHEMA", database.schema)


def board(database: Database, output: Path, *args: str) -> list[str]:
    return ["report", "board", *args, "--output", str(output), "--database", database.url]


WINTER = ("--location", "WARD-A", "--from", "2025-01-01", "--to", "2025-03-31")
BASELINE = ("--baseline-from", "2024-12-01", "--baseline-to", "2024-12-31")


# ------------------------------------------------------------------------------------------------ reading the page


class Tables(HTMLParser):
    """Every ``<table id=...>`` of the page as rows of cell texts (header row first)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs)["id"] or "", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._table is not None and self._cell is not None:
            self._table[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def number(cell: str) -> Any:
    """A cell as the number it shows: None for "—", seconds for a duration, a float for hours or a percentage."""
    if cell == "—":
        return None
    found = re.fullmatch(r"([+-]?)(?:(\d+) days )?(\d+) h (\d\d) min", cell)
    if found:
        sign, days, hours, minutes = found.groups()
        seconds = ((int(days or 0) * 24 + int(hours)) * 60 + int(minutes)) * 60
        return -seconds if sign == "-" else seconds
    return float(cell.rstrip("%"))


def to_minute(seconds: int | None) -> int | None:
    """A duration as the page shows it: whole minutes, cut towards zero."""
    return None if seconds is None else int(math.copysign(abs(seconds) // 60 * 60, seconds))


def expected_rows(report: TrendReport) -> dict[str, list[list[Any]]]:
    """Each table's period rows as numbers, worked out from the report the same request gives."""
    seen = {p for r in report.periods for p, _ in r.figures.uses_by_practice}
    seen |= {p for p, _ in report.baseline.uses_by_practice} if report.baseline else set()
    practices = [p for p in PracticeCode if p in seen]
    rows: dict[str, list[list[Any]]] = {chart: [] for chart in CHARTS}
    for period in report.periods:
        f, c = period.figures, period.change
        counts = dict(f.uses_by_practice)
        share = None if f.prone_restraint_share is None else f.prone_restraint_share * 100
        rows["uses"].append([*(counts.get(p, 0) for p in practices), f.total_uses])
        rows["prone"].append([share])
        rows["seclusion"].append([f.seclusion_hours])
        for chart, d in (("debrief", f.time_to_debrief), ("care-plan", f.time_to_care_plan_revision)):
            rows[chart].append([d.count, to_minute(d.median_seconds), to_minute(d.p90_seconds)])
        rows["overdue"].append([f.overdue_obligations])
        if c is not None:
            rows["uses"][-1] += [c.total_uses, c.total_uses_percent]
            rows["prone"][-1] += [None if c.prone_restraint_share is None else c.prone_restraint_share * 100]
            rows["seclusion"][-1] += [c.seclusion_hours]
            rows["debrief"][-1] += [to_minute(c.median_time_to_debrief_seconds),
                                    to_minute(c.p90_time_to_debrief_seconds)]
            rows["care-plan"][-1] += [to_minute(c.median_time_to_care_plan_revision_seconds),
                                      to_minute(c.p90_time_to_care_plan_revision_seconds)]
            rows["overdue"][-1] += [c.overdue_obligations]
    return rows


def assert_tables_match(page: str, report: TrendReport) -> None:
    tables = Tables(page).tables
    assert sorted(tables) == sorted(f"table-{chart}" for chart in CHARTS)
    for chart, rows in expected_rows(report).items():
        shown = [[number(cell) for cell in row[1:]] for row in tables[f"table-{chart}"][1:1 + len(report.periods)]]
        assert shown == [pytest.approx(row, abs=0.051) for row in rows], chart


def report_for(services: Services, location: str | None, first: date, last: date, by: TrendPeriod,
               baseline: tuple[date, date] | None = None) -> TrendReport:
    start, end = utc_days(first, last)
    b_start, b_end = utc_days(*baseline) if baseline else (None, None)
    return trends(services.view, location_id=location, start=start, end=end, by=by, now=services.clock(),
                  baseline_start=b_start, baseline_end=b_end)


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)


# ------------------------------------------------------------------------------------------------ the tests


def test_charts_and_the_tables_beneath_them(
    services: Services, clock: Clock, database: Database, schema: None, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_winter(services, clock)
    output = tmp_path / "reports" / "board.html"

    assert main(board(database, output, *WINTER, *BASELINE)) == 0
    assert capsys.readouterr().out.strip() == f"rpledger: wrote {output}"
    page = output.read_text(encoding="utf-8")

    # One inline chart per figure, each in its own section above its table, named for a screen reader.
    drawn = svgs(page)
    assert len(drawn) == page.count("<svg") == len(CHARTS)
    for chart, svg in zip(CHARTS, drawn, strict=True):
        section = page[page.index(f'id="figure-{chart}"'):]
        assert section.index("<svg") < section.index(f'<table id="table-{chart}"') < section.index("</section>")
        assert f'id="chart-{chart}"' in svg and 'role="img"' in svg and "aria-label=" in svg
        assert re.search(rf'<title id="chart-{chart}-title">[^<]+</title>', svg)
        # The baseline's dashed line, named in the legend; December had no care-plan revision to time, so none there.
        has_line = chart != "care-plan"
        assert (f'id="{chart}-baseline' in svg, "baseline 1–31 Dec 2024" in svg) == (has_line, has_line), chart
    # Self-contained: no script, and nothing fetched (links only within the page, namespaces are names not fetches).
    assert "<script" not in page and "<link" not in page and "@import" not in page and "<img" not in page
    assert not re.search(r'(src|href)="(?!#)|url\((?!#)', page)

    tables = Tables(page).tables
    uses = tables["table-uses"]
    assert uses[0] == ["Period", "prone restraint (face down)", "standing restraint", "oral medication to restrain",
                       "seclusion", "All uses", "Change in all uses", "Change, %"]
    assert uses[1:] == [
        ["Jan 2025", "1", "1", "0", "0", "2", "0", "0.0%"],
        ["Feb 2025", "0", "0", "0", "0", "0", "-2", "-100.0%"],
        ["Mar 2025", "1", "1", "0", "1", "2", "0", "0.0%"],
        ["Baseline, 1 Dec 2024 to 31 Dec 2024", "1", "0", "1", "0", "2", "", ""],
        ["Baseline per month", "", "", "", "", "2.0", "", ""],
    ]
    # u3 had both holds: prone in one of January's two physical restraints and in March's one; none in February.
    assert [row[1:] for row in tables["table-prone"][1:]] == [
        ["50.0%", "-50.0"], ["—", "—"], ["100.0%", "0.0"], ["100.0%", ""]]
    assert [row[1] for row in tables["table-seclusion"][1:4]] == ["0.0", "0.0", "6.0"]
    assert [row[1:] for row in tables["table-debrief"][1:]] == [
        ["2", "1 h 00 min", "3 h 00 min", "-1 h 00 min", "+1 h 00 min"],
        ["0", "—", "—", "—", "—"],
        ["1", "0 h 30 min", "0 h 30 min", "-1 h 30 min", "-1 h 30 min"],
        ["1", "2 h 00 min", "2 h 00 min", "", ""],
    ]
    assert [row[1:4] for row in tables["table-care-plan"][1:4]] == [
        ["1", "2 h 00 min", "2 h 00 min"], ["0", "—", "—"], ["0", "—", "—"]]

    expected = report_for(services, "WARD-A", date(2025, 1, 1), date(2025, 3, 31), TrendPeriod.MONTH,
                          (date(2024, 12, 1), date(2024, 12, 31)))
    assert [r.figures.overdue_obligations for r in expected.periods] != [0, 0, 0]  # so the check below means something
    assert_tables_match(page, expected)


def test_the_baseline_line_only_with_a_baseline(
    services: Services, clock: Clock, database: Database, schema: None, tmp_path: Path
) -> None:
    record_winter(services, clock)
    output = tmp_path / "board.html"

    assert main(board(database, output, *WINTER, "--by", "week")) == 0
    page = output.read_text(encoding="utf-8")

    assert len(svgs(page)) == len(CHARTS)
    assert "<dt>Baseline</dt><dd>none</dd>" in page
    charts_and_tables = page.split("</header>")[1]
    assert "baseline" not in charts_and_tables.lower() and "Change" not in charts_and_tables
    tables = Tables(page).tables
    # 1 January 2025 is a Wednesday: the first week is cut to the days asked for, and says so.
    assert tables["table-uses"][1][0] == "w/c 30 Dec 2024 (from 1 Jan)"
    assert tables["table-uses"][-1][0] == "w/c 31 Mar 2025 (to 31 Mar)"
    assert_tables_match(page, report_for(services, "WARD-A", date(2025, 1, 1), date(2025, 3, 31), TrendPeriod.WEEK))


def test_all_locations_and_a_hostile_location_id(
    services: Services, clock: Clock, database: Database, schema: None, tmp_path: Path
) -> None:
    record_winter(services, clock)
    services.cases.record_use(
        services.cases.open_case("P-H", Setting.MENTAL_HEALTH_INPATIENT, HOSTILE, BY, opened_at=at(2024, 11, 1)),
        [Segment(P.MECH, at(2025, 2, 3, 9), at(2025, 2, 3, 9, 5))], DETAILS, BY,
    )
    everywhere, hostile = tmp_path / "all.html", tmp_path / "hostile.html"

    assert main(board(database, everywhere, "--from", "2025-01-01", "--to", "2025-03-31")) == 0
    page = everywhere.read_text(encoding="utf-8")
    assert "<h1>Trends for all locations</h1>" in page
    # WARD-A's four, WARD-B's one and the mechanical restraint at the third location.
    assert [row[-1] for row in Tables(page).tables["table-uses"][1:]] == ["3", "1", "2"]

    assert main(board(database, hostile, "--location", HOSTILE, "--from", "2025-01-01", "--to", "2025-03-31")) == 0
    page = hostile.read_text(encoding="utf-8")
    assert HOSTILE not in page and "<script" not in page
    assert "&lt;script&gt;alert(&#x27;ward&#x27;)&lt;/script&gt;&amp;&quot;B&quot;" in page
    assert [row[-1] for row in Tables(page).tables["table-uses"][1:]] == ["0", "1", "0"]


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (("--from", "2025-03-01", "--to", "2025-02-28"), "--to"),
        (("--from", "2025-02-30", "--to", "2025-03-31"), "--from"),
        (("--from", "2025-01-01", "--to", "31/03/2025"), "--to"),
        (("--from", "2025-01-01", "--to", "2025-03-31", "--baseline-from", "2024-12-01"), "--baseline-to"),
        (("--from", "2025-01-01", "--to", "2025-03-31", "--baseline-to", "2024-12-31"), "--baseline-from"),
        (("--from", "2025-01-01", "--to", "2025-03-31", *BASELINE[:1], "2024-12-31", "--baseline-to", "2024-12-01"),
         "--baseline-to"),
        (("--from", "2025-01-01", "--to", "2025-03-31", "--by", "day"), "--by"),
        (("--from", "2000-01-01", "--to", "2025-03-31", "--by", "week"), "--to"),
    ],
)
def test_bad_input_exits_2_naming_the_option_and_writes_nothing(
    database: Database, schema: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    arguments: tuple[str, ...], option: str,
) -> None:
    output = tmp_path / "board.html"
    try:
        code = main(board(database, output, *arguments))
    except SystemExit as refused:  # argparse refuses what it cannot parse
        code = refused.code  # type: ignore[assignment]
    assert code == 2
    assert option in capsys.readouterr().err
    assert not output.exists()


def test_the_same_data_gives_the_same_bytes(
    services: Services, clock: Clock, database: Database, schema: None, tmp_path: Path
) -> None:
    record_winter(services, clock)
    report = report_for(services, "WARD-A", date(2025, 1, 1), date(2025, 3, 31), TrendPeriod.MONTH,
                        (date(2024, 12, 1), date(2024, 12, 31)))

    computed = at(2025, 6, 1, 9, 30)
    page = render_board(report, computed)
    assert render_board(report, computed) == page
    assert [c.svg for c in charts(report)] == [c.svg for c in charts(report)]
    assert "<dc:date>" not in page and "Sun 1 Jun 2025, 09:30 UTC" in page

    # Two runs of the command differ only in the moment they computed the figures.
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    assert main(board(database, first, *WINTER, *BASELINE)) == 0
    assert main(board(database, second, *WINTER, *BASELINE)) == 0
    texts = [COMPUTED.sub("NOW", path.read_text(encoding="utf-8")) for path in (first, second)]
    assert texts[0] == texts[1]
    assert texts[0].count("NOW") == 2  # the heading and the footer
    assert texts[0] == COMPUTED.sub("NOW", page)


def test_every_cell_of_the_demo_by_week(
    services: Services, clock: Clock, database: Database, schema: None, tmp_path: Path
) -> None:
    clock.set(at(2025, 7, 1, 12))
    load_demo(services.cases, days=60, restrictions=services.blanket_restrictions)
    services.projection.catch_up()
    output = tmp_path / "board.html"
    # From a Thursday to a Wednesday, so both end weeks are cut; the baseline is the first fortnight of May.
    arguments = ("--from", "2025-05-15", "--to", "2025-06-25", "--by", "week",
                 "--baseline-from", "2025-05-01", "--baseline-to", "2025-05-14")

    assert main(board(database, output, *arguments)) == 0
    page = output.read_text(encoding="utf-8")

    report = report_for(services, None, date(2025, 5, 15), date(2025, 6, 25), TrendPeriod.WEEK,
                        (date(2025, 5, 1), date(2025, 5, 14)))
    assert sum(r.figures.total_uses for r in report.periods) > 10  # the demo's weeks are not empty
    assert len(report.periods) == len(Tables(page).tables["table-uses"]) - 3 == 7
    assert_tables_match(page, report)
    assert "The baseline covers 2 weeks" in page
    assert len(svgs(page)) == len(CHARTS)
    for location in ("ward-oak", "unit-ash"):
        ward = tmp_path / f"{location}.html"
        assert main(board(database, ward, *arguments, "--location", location)) == 0
        assert_tables_match(ward.read_text(encoding="utf-8"), report_for(
            services, location, date(2025, 5, 15), date(2025, 6, 25), TrendPeriod.WEEK,
            (date(2025, 5, 1), date(2025, 5, 14))))
