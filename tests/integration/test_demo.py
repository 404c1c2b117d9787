"""The demo history, recorded through the application on each backend: what the read models then show, that
nothing is dated after now, that a second load is refused, and that the same seed gives the same history.

What the ward records while a use goes on and after it (reviews of seclusion and segregation, observations, physical
checks after restraint and rapid tranquillisation, debriefs) is judged by the rules as a dashboard would show it:
mostly on time, a few late, and the duties of a seclusion going on now open."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from rpledger.application.dto import CaseSummary, UseSummary
from rpledger.bootstrap import Services, build_services
from rpledger.demo import DemoAlreadyLoadedError, load_demo
from rpledger.domain.codes import PracticeCode
from rpledger.domain.obligation import ComplianceStatus, Finding, Obligation, ObligationStatus
from rpledger.infrastructure.settings import Database, Settings
from tests.conftest import TEST_AUTH, Clock, postgres_database

DAYS = 60  # long enough for every scripted gap (a section 2 lasts 28 days), short enough to load in seconds
LOCATIONS = {"ward-oak", "ward-elm", "unit-ash", "home-willow"}
MET, MET_LATE, OVERDUE = ObligationStatus.MET, ObligationStatus.MET_LATE, ObligationStatus.OVERDUE
OPEN = {ObligationStatus.PENDING, ObligationStatus.DUE_SOON}
FLOOR = {PracticeCode.PHYS_PRONE, PracticeCode.PHYS_SUPINE, PracticeCode.PHYS_SIDE}


@dataclass(frozen=True)
class Demo:
    """The demo history loaded once on one backend, for the tests that only read it."""

    services: Services
    now: datetime

    def cases(self, status: ComplianceStatus | None = None) -> list[CaseSummary]:
        return all_cases(self.services, self.now, status)

    def obligations(self) -> list[Obligation]:
        return [o for c in self.cases() for o in self.services.view.obligations(c.id) if o.exists_at(self.now)]

    def findings(self) -> list[Finding]:
        return [f for c in self.cases() for f in self.services.view.findings(c.id)]

    def uses(self) -> list[tuple[CaseSummary, UseSummary]]:
        return [(c, u) for c in self.cases() for u in self.services.view.uses(c.id)]

    def statuses(self) -> dict[str, Counter[ObligationStatus]]:
        by_rule: dict[str, Counter[ObligationStatus]] = defaultdict(Counter)
        for obligation in self.obligations():
            by_rule[obligation.rule.id][obligation.status(self.now)] += 1
        return by_rule


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo history loaded once per backend for this module, at the moment the ``clock`` fixture gives."""
    postgres = postgres_database() if request.param == "postgres" else None
    database = (
        next(postgres)
        if postgres is not None
        else Database.from_url(f"sqlite:///{tmp_path_factory.mktemp('demo')}/d.db")
    )
    clock = Clock(datetime(2025, 3, 1, 9, 0, tzinfo=UTC))
    services = build_services(Settings(database=database, authentication=TEST_AUTH), clock=clock)
    try:
        load_demo(services.cases, days=DAYS)
        yield Demo(services, clock.now)
    finally:
        services.close()
        if postgres is not None:
            next(postgres, None)  # on past its yield: the schema is dropped


def all_cases(services: Services, now: datetime, status: ComplianceStatus | None = None) -> list[CaseSummary]:
    return list(services.view.cases(moment=now, status=status, location_id=None, first=100, after=None).cases)


def has(use: UseSummary, practice: PracticeCode) -> bool:
    return any(s.practice is practice for s in use.segments)


def test_the_read_models_show_every_location_status_and_kind_of_finding(demo: Demo) -> None:
    cases = demo.cases()
    assert {c.location_id for c in cases} == LOCATIONS
    assert len(cases) == 18
    statuses = Counter(o.status(demo.now) for o in demo.obligations())
    assert {MET, MET_LATE, OVERDUE} <= set(statuses)
    assert statuses[MET] > statuses[MET_LATE] + statuses[OVERDUE]
    rules = Counter(f.rule.id for f in demo.findings())
    assert rules["AUTH-01"] >= 1 and rules["UOF-03"] >= 1
    assert rules["AUTH-01"] < len(demo.uses()) / 5  # gaps are the exception
    for status in ComplianceStatus:  # the dashboard has something in each column
        assert demo.cases(status), f"no {status.value} case"
    for case in cases:
        assert_nothing_after(demo.services, case, demo.now)


def assert_nothing_after(services: Services, case: CaseSummary, now: datetime) -> None:
    """No entry is dated after now, and every moment is UTC."""
    for entry in services.cases.history(case.id):
        assert entry.occurred_at.utcoffset() == timedelta(0), entry
        assert entry.occurred_at <= now, entry
    for use in services.view.uses(case.id):
        assert all(s.started_at <= now and (s.ended_at or now) <= now for s in use.segments), use
    for obligation in services.view.obligations(case.id):  # a duty still going on may open its next interval later
        assert (obligation.met_at or now) <= now, obligation


def test_reviews_and_observations_are_mostly_on_time_with_a_few_late(demo: Demo) -> None:
    """The duties of seclusion, long-term segregation, restraint and rapid tranquillisation are met, mostly on time;
    the first medical review of one seclusion came late."""
    statuses = demo.statuses()
    duties = {
        "seclusion reviews": ("SEC-01", "SEC-02", "SEC-03", "SEC-04", "SEC-05", "SEC-06", "SEC-08"),
        "observations in seclusion": ("SEC-07",),
        "segregation reviews": ("LTS-02", "LTS-03"),
        "physical checks after restraint": ("RES-04",),
        "observations after rapid tranquillisation": ("RT-01", "RT-02"),
    }
    for duty, rules in duties.items():
        count = sum((statuses[rule] for rule in rules), Counter[ObligationStatus]())
        assert count[MET] > count[MET_LATE] + count[OVERDUE], (duty, count)
    shown = ("SEC-01", "SEC-03", "SEC-04", "SEC-06", "SEC-07", "SEC-08", "LTS-02", "LTS-03", "RES-04", "RT-02")
    assert all(statuses[rule][MET] for rule in shown), {rule: statuses[rule] for rule in shown}
    assert statuses["SEC-01"][MET_LATE] >= 1


def test_a_seclusion_going_on_now_has_its_next_observation_and_reviews_due(demo: Demo) -> None:
    secluded = [(c, u) for c, u in demo.uses() if has(u, PracticeCode.ISO_SECLUSION) and u.ended_at is None]
    assert secluded
    for case, use in secluded:
        duties = [o for o in demo.services.view.obligations(case.id) if o.triggered_by == use.id]
        now_due = {o.rule.id: o for o in duties if o.exists_at(demo.now) and o.status(demo.now) in OPEN}
        assert demo.now < now_due["SEC-07"].due_at <= demo.now + timedelta(minutes=15)  # the next check
        assert {"SEC-03", "SEC-05"} <= set(now_due)  # and the next nursing, medical and MDT reviews
        met = {o.rule.id for o in duties if o.status(demo.now) is MET}
        assert {"SEC-04", "SEC-06", "SEC-07", "SEC-08"} <= met  # MDT, independent review, checks, care plan
        assert all(o.status(demo.now) is not OVERDUE for o in duties)


def test_long_term_segregation_starts_on_an_mdt_decision_and_is_reviewed_daily(demo: Demo) -> None:
    segregated = [(c, u) for c, u in demo.uses() if u.details.long_term_segregation]
    assert any(u.ended_at is None for _, u in segregated)
    for case, use in segregated:
        assert not [f for f in demo.services.view.findings(case.id) if f.subject == use.id and f.rule.id == "LTS-01"]
        daily = [
            o for o in demo.services.view.obligations(case.id) if o.triggered_by == use.id and o.rule.id == "LTS-02"
        ]
        end = use.ended_at or demo.now
        assert sum(o.status(demo.now) is MET for o in daily) >= (end - use.started_at).days - 1
        if use.ended_at is None:  # today's review by the approved clinician is still to come
            assert any(o.status(demo.now) in OPEN for o in daily)


def test_use_of_force_records_are_mostly_complete_and_followed_by_both_debriefs(demo: Demo) -> None:
    """DEB-03 both debriefs, CP-03 the care-plan flag against the plan, RES-06 why the floor, MCA-01/03 the reasoning
    in the care home: an open finding is the exception."""
    forceful = [
        (c, u)
        for c, u in demo.uses()
        if c.setting.is_mental_health_unit
        and u.ended_at is not None
        and any(s.practice.is_use_of_force for s in u.segments)
    ]
    open_about: defaultdict[str, set[UUID]] = defaultdict(set)
    for finding in demo.findings():
        if finding.open_at(demo.now):
            open_about[finding.rule.id].add(finding.subject)
    assert len(open_about["DEB-03"]) < len(forceful) / 4
    in_plan = [u for _, u in forceful if u.details.in_care_plan]
    assert in_plan and len(open_about["CP-03"]) < len(in_plan) / 5
    floor = [u for _, u in forceful if any(s.practice in FLOOR for s in u.segments)]
    assert floor and len(open_about["RES-06"]) < len(floor) / 3
    home = [u for c, u in demo.uses() if not c.setting.is_mental_health_unit]
    assert home and len(open_about["MCA-01"] | open_about["MCA-03"]) < len(home) / 5


def test_a_second_load_is_refused_and_the_same_seed_gives_the_same_history(
    services: Services, clock: Clock, tmp_path: Path
) -> None:
    summary = load_demo(services.cases, days=DAYS)
    assert summary.startswith("rpledger demo (seed 7): 18 cases at 4 locations")
    position = services.view.position()
    with pytest.raises(DemoAlreadyLoadedError, match="already loaded in this database"):
        load_demo(services.cases, days=DAYS)
    assert services.view.position() == position  # refused before anything was written
    other = build_services(Settings(database=Database.from_url(f"sqlite:///{tmp_path}/again.db"), authentication=TEST_AUTH), clock=clock)
    try:
        assert load_demo(other.cases, days=DAYS) == summary
    finally:
        other.close()


def test_a_window_too_short_for_the_scripted_gaps_is_refused(services: Services) -> None:
    with pytest.raises(ValueError, match="at least"):
        load_demo(services.cases, days=10)
