"""The demo history, recorded through the application on each backend: what the read models then show, that
nothing is dated after now, that a second load is refused, and that the same seed gives the same history."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from rpledger.application.dto import CaseSummary
from rpledger.bootstrap import Services, build_services
from rpledger.demo import DemoAlreadyLoadedError, load_demo
from rpledger.domain.obligation import ComplianceStatus, ObligationStatus
from rpledger.infrastructure.settings import Database, Settings
from tests.conftest import Clock

DAYS = 60  # long enough for every scripted gap (a section 2 lasts 28 days), short enough to load in seconds
LOCATIONS = {"ward-oak", "ward-elm", "unit-ash", "home-willow"}


def all_cases(services: Services, clock: Clock, status: ComplianceStatus | None = None) -> list[CaseSummary]:
    return list(services.view.cases(moment=clock.now, status=status, location_id=None, first=100, after=None).cases)


def test_the_read_models_show_every_location_status_and_kind_of_finding(services: Services, clock: Clock) -> None:
    load_demo(services.cases, days=DAYS)
    cases = all_cases(services, clock)
    assert {c.location_id for c in cases} == LOCATIONS
    assert len(cases) == 18
    statuses = Counter(o.status(clock.now) for c in cases for o in services.view.obligations(c.id))
    assert {ObligationStatus.MET, ObligationStatus.MET_LATE, ObligationStatus.OVERDUE} <= set(statuses)
    assert statuses[ObligationStatus.MET] > statuses[ObligationStatus.MET_LATE] + statuses[ObligationStatus.OVERDUE]
    rules = Counter(f.rule.id for c in cases for f in services.view.findings(c.id))
    assert rules["AUTH-01"] >= 1 and rules["UOF-03"] >= 1
    assert rules["AUTH-01"] < sum(len(services.view.uses(c.id)) for c in cases) / 5  # gaps are the exception
    for status in ComplianceStatus:  # the dashboard has something in each column
        assert all_cases(services, clock, status), f"no {status.value} case"
    for case in cases:
        assert_nothing_after(services, case, clock.now)


def assert_nothing_after(services: Services, case: CaseSummary, now: datetime) -> None:
    """No entry is dated after now, and every moment is UTC."""
    for entry in services.cases.history(case.id):
        assert entry.occurred_at.utcoffset() == timedelta(0), entry
        assert entry.occurred_at <= now, entry
    for use in services.view.uses(case.id):
        assert all(s.started_at <= now and (s.ended_at or now) <= now for s in use.segments), use
    for obligation in services.view.obligations(case.id):
        assert obligation.opened_at <= now and (obligation.met_at or now) <= now, obligation


def test_a_second_load_is_refused_and_the_same_seed_gives_the_same_history(
    services: Services, clock: Clock, tmp_path: Path
) -> None:
    summary = load_demo(services.cases, days=DAYS)
    assert summary.startswith("rpledger demo (seed 7): 18 cases at 4 locations")
    position = services.view.position()
    with pytest.raises(DemoAlreadyLoadedError, match="already loaded in this database"):
        load_demo(services.cases, days=DAYS)
    assert services.view.position() == position  # refused before anything was written
    other = build_services(Settings(database=Database.from_url(f"sqlite:///{tmp_path}/again.db")), clock=clock)
    try:
        assert load_demo(other.cases, days=DAYS) == summary
    finally:
        other.close()


def test_a_window_too_short_for_the_scripted_gaps_is_refused(services: Services) -> None:
    with pytest.raises(ValueError, match="at least"):
        load_demo(services.cases, days=10)
