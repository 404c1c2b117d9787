"""``rpledger demo --cases N --years Y``: the scalable history for benchmarks, on each backend. A small N loads, its
cases show up in the read models, the same seed gives the same history (ids and all), and a second load, or a load
into a database holding the small demo, is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from uuid import UUID

import pytest

from rpledger.bootstrap import Services, build_services
from rpledger.cli import main
from rpledger.demo import DemoAlreadyLoadedError, load_demo, load_scale
from rpledger.infrastructure.integrity import open_event_store, verify
from rpledger.infrastructure.settings import Database, Settings
from tests.conftest import TEST_AUTH, Clock

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
CASES = 12
LOCATIONS = {"ward-oak", "ward-elm", "unit-ash", "home-willow"}


def load(database: Database, *, seed: int = 5) -> tuple[Services, str]:
    services = build_services(Settings(database=database, authentication=TEST_AUTH), clock=Clock(NOW))
    bar = StringIO()
    load_scale(
        services.cases, count=CASES, years=2, seed=seed, batch=5, after_batch=services.projection.catch_up,
        progress=bar,
    )
    return services, bar.getvalue()


def log(services: Services) -> list[tuple[str, int, str, bytes]]:
    notifications = services.cases.recorder.select_notifications(1, 100_000)
    return [(str(n.originator_id), n.originator_version, n.topic, n.state) for n in notifications]


def test_a_small_scaled_demo_shows_in_the_read_models(database: Database) -> None:
    services, bar = load(database)
    try:
        rows = log(services)
        case_ids = {UUID(stream) for stream, version, _, _ in rows if version == 1}
        assert len(case_ids) == CASES
        assert len(rows) > CASES * 3, "uses, debriefs and reviews besides the opening of each case"
        assert services.view.position() == len(rows), "the read models have followed every event"
        for case_id in case_ids:
            summary = services.view.case(case_id)
            assert summary is not None and summary.person_ref.startswith("SCALE-")
            assert summary.location_id in LOCATIONS and summary.provider_id == "demo"
            assert NOW - timedelta(days=2 * 365) <= summary.opened_at <= NOW
        assert f"{CASES}/{CASES} cases" in bar
        with pytest.raises(DemoAlreadyLoadedError):
            load_scale(services.cases, count=1, years=1, progress=False)
        with open_event_store(database) as store:
            assert verify(store).ok  # type: ignore[arg-type]
    finally:
        services.close()


def test_the_same_seed_gives_the_same_history(tmp_path: Path) -> None:
    histories = []
    for name in ("a", "b"):
        services, _ = load(Database.from_url(f"sqlite:///{tmp_path}/{name}.db"), seed=11)
        try:
            histories.append(log(services))
        finally:
            services.close()
    assert histories[0] == histories[1]


def test_a_database_holding_the_small_demo_is_refused(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path}/demo.db")
    services = build_services(Settings(database=database, authentication=TEST_AUTH), clock=Clock(NOW))
    try:
        load_demo(services.cases, days=60)
        with pytest.raises(DemoAlreadyLoadedError):
            load_scale(services.cases, count=3, years=1, progress=False)
    finally:
        services.close()


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    assert main(["demo", "--cases", "4", "--years", "0.5", "--seed", "3", "--database", url]) == 0
    out, err = capsys.readouterr()
    assert "4 cases at 4 locations" in out and "4/4 cases" in err
    assert main(["demo", "--cases", "4", "--database", url]) == 2
    assert "already loaded" in capsys.readouterr().err
