"""The compliance projection: exactly once, in step with the log, rebuildable with the same result."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest

from rpledger.application.view import PositionNotNewerError
from rpledger.bootstrap import Services, build_services
from rpledger.cli import main
from rpledger.infrastructure.settings import Settings
from tests.integration.conftest import T0, record_history


def read_models(services: Services) -> list[object]:
    page = services.view.cases(moment=T0 + timedelta(days=30), status=None, location_id=None, first=500, after=None)
    return [
        (c, services.view.uses(c.id), services.view.obligations(c.id), services.view.findings(c.id))
        for c in page.cases
    ]


def test_a_query_after_a_command_sees_its_effect(services: Services) -> None:
    record_history(services, "P-001")
    ((case, uses, obligations, findings),) = read_models(services)
    # Covered by the detention; the record lacks s6(5) items (UOF-03) and, by the debrief deadline, does not say
    # whether the staff had a post-incident review (DEB-03): the history has four events, not a staff debrief.
    assert [f.rule.id for f in findings] == ["UOF-03", "DEB-03"]
    assert case.person_ref == "P-001"
    assert len(uses) == 1
    # The aftercare, and the physical health check after the restraint (RES-04), which no observation met.
    assert {o.rule.id for o in obligations} == {"RES-04", "DEB-01", "DEB-02", "CP-01"}
    assert [o.met_at for o in obligations if o.rule.id == "DEB-01"] == [T0 + timedelta(hours=5)]


def test_the_view_refuses_a_position_it_has_already_applied(services: Services) -> None:
    record_history(services, "P-001")
    before = read_models(services)
    position = services.view.position()
    state = services.projection.state_of(before[0][0].id, 1)  # the case as first opened: an older state
    with pytest.raises(PositionNotNewerError):
        services.view.apply([state], position)
    assert services.view.position() == position
    assert read_models(services) == before


def test_rebuilding_gives_the_same_read_models(services: Services) -> None:
    for n in range(3):
        record_history(services, f"P-00{n}")
    before = read_models(services)
    services.projection.rebuild()
    assert read_models(services) == before
    assert services.view.position() == services.cases.recorder.max_notification_id()


def test_two_workers_catching_up_at_once_apply_each_event_once(services: Services, clock: object) -> None:
    for n in range(5):
        record_history(services, f"P-10{n}")
    expected = read_models(services)
    other = build_services(services.settings, clock=services.clock)
    try:
        services.view.reset()
        workers = [threading.Thread(target=s.projection.catch_up) for s in (services, other)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
        assert read_models(services) == expected
        assert services.view.position() == services.cases.recorder.max_notification_id()
    finally:
        other.close()


def test_a_restart_loses_nothing(settings: Settings, clock: object) -> None:
    first = build_services(settings)
    record_history(first, "P-001")
    before = read_models(first)
    first.close()
    second = build_services(settings)
    try:
        assert read_models(second) == before
    finally:
        second.close()


def test_the_rebuild_command_shows_its_progress_and_changes_no_answer(
    services: Services, settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        record_history(services, f"P-00{n}")
    before = read_models(services)
    total = services.cases.recorder.max_notification_id()
    monkeypatch.setenv("RPLEDGER_POSTGRES_SCHEMA", settings.database.schema)
    assert main(["projections", "rebuild", "--database", settings.database.url]) == 0
    said = capsys.readouterr()
    assert said.out.strip() == f"rpledger: read models rebuilt from {total} events"
    # A bar for each read model, ending at the log's last position.
    drawn = re.split(r"[\r\n]", said.err)
    for label in ("read models", "blanket register"):
        assert any(line.startswith(f"{label} [") and f"{total:,}/{total:,} events 100%" in line for line in drawn), said.err
    after = build_services(settings)
    try:
        assert read_models(after) == before
    finally:
        after.close()
