"""Query.trends through the API, on both backends, over a history built by hand to sit on period boundaries.

WARD-A, March and April 2025 (every time UTC; each use's debrief and revision timed from its end, when its
DEB-01 and CP-01 obligations open):

- case P-A: u1 PHYS_STANDING 3 Mar 10:00-10:10 (debrief +60 s, revision +1 h); u2 PHYS_PRONE 5 Mar 10:00-10:10
  (debrief +120 s, revision +2 h); u3 PHYS_STANDING then PHYS_PRONE 7 Mar 10:00-10:10 (debrief +180 s); u4
  CHEM_ORAL 10 Mar 10:00-10:01 (debrief +600 s); u5 PHYS_PRONE 31 Mar 23:59:00-23:59:50 (no debrief); u6
  PHYS_STANDING 1 Apr 00:00:00-00:02:00 (debrief +300 s).
- case P-S: u9 PHYS_STANDING Sunday 30 Mar 23:59:00-23:59:30 (no debrief); u7 ISO_SECLUSION 31 Mar 21:30 to 1 Apr
  03:00 (2.5 h in March, 3 h in April).
- WARD-B, case P-B: u8 PHYS_PRONE 15 Mar 12:00-12:10.

Percentiles are nearest-rank (the ceil(p/100 * n)-th smallest): of March's debriefs 60, 120, 180, 600 s the median
is the 2nd (120; interpolation would say 150) and the 90th percentile the 4th (600; interpolation would say 474).
Overdue obligations are checked against each case's own obligations(asOf:) statuses.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import Clock
from tests.integration.conftest import Api

FIGURES = """start end totalUses usesByPractice { practice uses } proneRestraintShare seclusionHours
  timeToDebrief { count medianSeconds p90Seconds } timeToCarePlanRevision { count medianSeconds p90Seconds }
  overdueObligations"""
CHANGE = """change { usesByPractice { practice uses } totalUses totalUsesPercent proneRestraintShare seclusionHours
  medianTimeToDebriefSeconds p90TimeToDebriefSeconds medianTimeToCarePlanRevisionSeconds
  p90TimeToCarePlanRevisionSeconds overdueObligations }"""
TRENDS = f"""
query($loc: String, $from: DateTime!, $to: DateTime!, $by: TrendPeriod!, $bf: DateTime, $bt: DateTime) {{
  trends(locationId: $loc, from: $from, to: $to, by: $by, baselineFrom: $bf, baselineTo: $bt) {{
    by from to locationId
    periods {{ {FIGURES} {CHANGE} }}
    baseline {{ {FIGURES} change {{ totalUses }} }}
  }}
}}"""
PRACTICES = ["PHYS_PRONE", "PHYS_STANDING", "ISO_SECLUSION", "CHEM_ORAL"]


def z(text: str) -> str:
    return f"2025-{text}+00:00"


def plus(text: str, seconds: int) -> str:
    return (datetime.fromisoformat(text) + timedelta(seconds=seconds)).isoformat()


@pytest.fixture
def ward(api: Api, clock: Clock) -> dict[str, str]:
    clock.set(datetime(2025, 6, 1, tzinfo=UTC))
    ids: dict[str, str] = {}
    a = ids["A"] = api.open_case("P-A", opened_at=z("01-01T00:00:00"))
    s = ids["S"] = api.open_case("P-S", opened_at=z("01-01T00:00:00"))
    b = ids["B"] = api.open_case("P-B", location_id="WARD-B", opened_at=z("01-01T00:00:00"))
    for case in (a, s, b):
        api.grant(case, PRACTICES, valid_from=z("01-01T00:00:00"), valid_until=z("06-01T00:00:00"))

    def use(case: str, *segments: tuple[str, str, str], debrief: int | None = None, revision: int | None = None) -> str:
        use_id = api.record_use(case, *((p, z(st), z(en)) for p, st, en in segments))
        ended = z(segments[-1][2])
        if debrief is not None:
            api.debrief(case, use_id, plus(ended, debrief))
        if revision is not None:
            api.revise_care_plan(case, plus(ended, revision), use_id)
        return use_id

    use(a, ("PHYS_STANDING", "03-03T10:00:00", "03-03T10:10:00"), debrief=60, revision=3600)
    use(a, ("PHYS_PRONE", "03-05T10:00:00", "03-05T10:10:00"), debrief=120, revision=7200)
    use(a, ("PHYS_STANDING", "03-07T10:00:00", "03-07T10:05:00"), ("PHYS_PRONE", "03-07T10:05:00", "03-07T10:10:00"),
        debrief=180)
    use(a, ("CHEM_ORAL", "03-10T10:00:00", "03-10T10:01:00"), debrief=600)
    use(a, ("PHYS_PRONE", "03-31T23:59:00", "03-31T23:59:50"))
    use(a, ("PHYS_STANDING", "04-01T00:00:00", "04-01T00:02:00"), debrief=300)
    use(s, ("PHYS_STANDING", "03-30T23:59:00", "03-30T23:59:30"))
    use(s, ("ISO_SECLUSION", "03-31T21:30:00", "04-01T03:00:00"))
    use(b, ("PHYS_PRONE", "03-15T12:00:00", "03-15T12:10:00"))
    return ids


def trends(api: Api, start: str, end: str, by: str = "MONTH", loc: str | None = "WARD-A",
           baseline: tuple[str, str] | None = None) -> dict[str, Any]:
    bf, bt = baseline or (None, None)
    result: dict[str, Any] = api.data(TRENDS, loc=loc, **{"from": start}, to=end, by=by, bf=bf, bt=bt)["trends"]
    return result


def overdue_at(api: Api, case_ids: list[str], moment: str) -> int:
    """The oracle: obligations the cases themselves report OVERDUE at the moment."""
    count = 0
    for case_id in case_ids:
        count += sum(o["status"] == "OVERDUE" for o in api.compliance(case_id, moment)["obligations"])
    return count


def by_practice(period: dict[str, Any]) -> dict[str, int]:
    return {p["practice"]: p["uses"] for p in period["usesByPractice"]}


def test_months_split_at_midnight_on_the_last_day(api: Api, ward: dict[str, str]) -> None:
    report = trends(api, z("03-01T00:00:00"), z("05-01T00:00:00"))
    assert (report["by"], report["from"], report["to"], report["locationId"]) == (
        "MONTH", z("03-01T00:00:00"), z("05-01T00:00:00"), "WARD-A")
    march, april = report["periods"]
    assert (march["start"], march["end"]) == (z("03-01T00:00:00"), z("04-01T00:00:00"))
    assert (april["start"], april["end"]) == (z("04-01T00:00:00"), z("05-01T00:00:00"))
    # 23:59 on 31 March is March's; 00:00 on 1 April is April's.
    assert march["totalUses"] == 7
    assert by_practice(march) == {"PHYS_PRONE": 3, "PHYS_STANDING": 3, "CHEM_ORAL": 1, "ISO_SECLUSION": 1}
    assert [p["practice"] for p in march["usesByPractice"]] == ["PHYS_PRONE", "PHYS_STANDING", "CHEM_ORAL",
                                                               "ISO_SECLUSION"]
    assert april["totalUses"] == 1
    assert by_practice(april) == {"PHYS_STANDING": 1}
    # Prone over physical: u2, u3, u5 of u1, u2, u3, u5, u9; in April none of one.
    assert march["proneRestraintShare"] == pytest.approx(0.6)
    assert april["proneRestraintShare"] == 0.0
    # The seclusion from 21:30 on 31 March to 03:00 on 1 April, split at midnight.
    assert march["seclusionHours"] == pytest.approx(2.5)
    assert april["seclusionHours"] == pytest.approx(3.0)
    assert march["change"] is None and report["baseline"] is None


def test_time_to_debrief_and_revision_by_nearest_rank(api: Api, ward: dict[str, str]) -> None:
    march, april = trends(api, z("03-01T00:00:00"), z("05-01T00:00:00"))["periods"]
    assert march["timeToDebrief"] == {"count": 4, "medianSeconds": 120, "p90Seconds": 600}
    assert march["timeToCarePlanRevision"] == {"count": 2, "medianSeconds": 3600, "p90Seconds": 7200}
    # u5 ended 23:59:50 on 31 March: its DEB-01 opened in March but is not met, so it is not timed.
    assert april["timeToDebrief"] == {"count": 1, "medianSeconds": 300, "p90Seconds": 300}
    assert april["timeToCarePlanRevision"] == {"count": 0, "medianSeconds": None, "p90Seconds": None}


def test_overdue_obligations_at_each_period_end(api: Api, ward: dict[str, str]) -> None:
    march, april = trends(api, z("03-01T00:00:00"), z("05-01T00:00:00"))["periods"]
    ward_a = [ward["A"], ward["S"]]
    assert march["overdueObligations"] == overdue_at(api, ward_a, z("04-01T00:00:00"))
    assert april["overdueObligations"] == overdue_at(api, ward_a, z("05-01T00:00:00"))
    # By the end of April at least the DEB-01 of u5 and of u9, never debriefed, are overdue.
    assert april["overdueObligations"] >= 2
    # Ending the request mid-April counts at `to` instead, and clips seclusion to it.
    early = trends(api, z("03-01T00:00:00"), z("04-01T01:00:00"))["periods"]
    assert early[1]["overdueObligations"] == overdue_at(api, ward_a, z("04-01T01:00:00"))
    assert early[1]["seclusionHours"] == pytest.approx(1.0)
    assert early[1]["totalUses"] == 1
    assert early[1]["end"] == z("05-01T00:00:00")


def test_iso_weeks_start_on_monday(api: Api, ward: dict[str, str]) -> None:
    report = trends(api, z("03-24T00:00:00"), z("04-07T00:00:00"), by="WEEK")
    first, second = report["periods"]
    assert (first["start"], first["end"]) == (z("03-24T00:00:00"), z("03-31T00:00:00"))
    assert (second["start"], second["end"]) == (z("03-31T00:00:00"), z("04-07T00:00:00"))
    # Sunday 23:59 falls in the first week; Monday 31 March's uses and the whole seclusion in the second.
    assert first["totalUses"] == 1 and by_practice(first) == {"PHYS_STANDING": 1}
    assert second["totalUses"] == 3
    assert by_practice(second) == {"PHYS_PRONE": 1, "PHYS_STANDING": 1, "ISO_SECLUSION": 1}
    assert first["seclusionHours"] == 0.0 and second["seclusionHours"] == pytest.approx(5.5)
    assert second["proneRestraintShare"] == pytest.approx(0.5)
    # A request starting mid-week still reports the week from its Monday.
    assert trends(api, z("03-26T12:00:00"), z("03-31T00:00:00"), by="WEEK")["periods"][0]["start"] == z(
        "03-24T00:00:00")


def test_location_filter(api: Api, ward: dict[str, str]) -> None:
    everywhere = trends(api, z("03-01T00:00:00"), z("04-01T00:00:00"), loc=None)["periods"][0]
    assert everywhere["totalUses"] == 8
    assert by_practice(everywhere)["PHYS_PRONE"] == 4
    assert everywhere["proneRestraintShare"] == pytest.approx(4 / 6)
    ward_b = trends(api, z("03-01T00:00:00"), z("04-01T00:00:00"), loc="WARD-B")["periods"][0]
    assert ward_b["totalUses"] == 1 and by_practice(ward_b) == {"PHYS_PRONE": 1}
    assert ward_b["proneRestraintShare"] == 1.0
    unknown = trends(api, z("03-01T00:00:00"), z("04-01T00:00:00"), loc="NO-SUCH-WARD")["periods"][0]
    assert unknown["totalUses"] == 0 and unknown["usesByPractice"] == [] and unknown["proneRestraintShare"] is None
    assert unknown["seclusionHours"] == 0.0 and unknown["overdueObligations"] == 0
    assert unknown["timeToDebrief"] == {"count": 0, "medianSeconds": None, "p90Seconds": None}


def test_change_against_a_baseline(api: Api, ward: dict[str, str]) -> None:
    report = trends(api, z("04-01T00:00:00"), z("05-01T00:00:00"),
                    baseline=(z("03-01T00:00:00"), z("04-01T00:00:00")))
    baseline = report["baseline"]
    assert (baseline["start"], baseline["end"]) == (z("03-01T00:00:00"), z("04-01T00:00:00"))
    assert baseline["totalUses"] == 7 and baseline["change"] is None
    assert baseline["timeToDebrief"] == {"count": 4, "medianSeconds": 120, "p90Seconds": 600}
    [april] = report["periods"]
    change = april["change"]
    assert change["usesByPractice"] == [
        {"practice": "PHYS_PRONE", "uses": -3}, {"practice": "PHYS_STANDING", "uses": -2},
        {"practice": "CHEM_ORAL", "uses": -1}, {"practice": "ISO_SECLUSION", "uses": -1},
    ]
    assert change["totalUses"] == -6
    assert change["totalUsesPercent"] == pytest.approx(-600 / 7, abs=1e-5)
    assert change["proneRestraintShare"] == pytest.approx(-0.6)
    assert change["seclusionHours"] == pytest.approx(0.5)
    assert (change["medianTimeToDebriefSeconds"], change["p90TimeToDebriefSeconds"]) == (180, -300)
    assert change["medianTimeToCarePlanRevisionSeconds"] is None
    assert change["p90TimeToCarePlanRevisionSeconds"] is None
    assert change["overdueObligations"] == april["overdueObligations"] - baseline["overdueObligations"]


def test_counts_change_against_the_baseline_average_per_period(api: Api, ward: dict[str, str]) -> None:
    """A two-month baseline (an empty February, then March): uses and seclusion hours are set against half its
    totals; shares and times taken against its own figures."""
    report = trends(api, z("04-01T00:00:00"), z("05-01T00:00:00"),
                    baseline=(z("02-01T00:00:00"), z("04-01T00:00:00")))
    assert report["baseline"]["totalUses"] == 7 and report["baseline"]["seclusionHours"] == pytest.approx(2.5)
    [april] = report["periods"]
    change = april["change"]
    assert change["usesByPractice"] == [
        {"practice": "PHYS_PRONE", "uses": -1.5}, {"practice": "PHYS_STANDING", "uses": -0.5},
        {"practice": "CHEM_ORAL", "uses": -0.5}, {"practice": "ISO_SECLUSION", "uses": -0.5},
    ]
    assert change["totalUses"] == pytest.approx(1 - 3.5)
    assert change["totalUsesPercent"] == pytest.approx(-2.5 / 3.5 * 100, abs=1e-5)
    assert change["seclusionHours"] == pytest.approx(3 - 2.5 / 2)
    assert change["proneRestraintShare"] == pytest.approx(-0.6)
    assert (change["medianTimeToDebriefSeconds"], change["p90TimeToDebriefSeconds"]) == (180, -300)


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"from": z("04-01T00:00:00"), "to": z("04-01T00:00:00")}, "from"),
        ({"from": z("05-01T00:00:00"), "to": z("04-01T00:00:00")}, "from"),
        ({"from": "2025-04-01T00:00:00", "to": z("05-01T00:00:00")}, "from"),
        ({"from": z("04-01T00:00:00"), "to": "yesterday"}, "to"),
        ({"from": z("04-01T00:00:00"), "to": z("05-01T00:00:00"), "bf": z("03-01T00:00:00")}, "baselineTo"),
        ({"from": z("04-01T00:00:00"), "to": z("05-01T00:00:00"), "bt": z("03-01T00:00:00")}, "baselineFrom"),
        ({"from": z("04-01T00:00:00"), "to": z("05-01T00:00:00"), "bf": z("04-01T00:00:00"),
          "bt": z("03-01T00:00:00")}, "baselineFrom"),
        ({"from": "2015-01-01T00:00:00Z", "to": "2030-01-01T00:00:00Z", "by": "WEEK"}, "to"),
    ],
)
def test_bad_input_names_the_argument(api: Api, variables: dict[str, Any], named: str) -> None:
    body = api.post(TRENDS, {"by": "MONTH", **variables})
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"].startswith(named), error["message"]
