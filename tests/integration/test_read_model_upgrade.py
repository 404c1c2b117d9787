"""Upgrading rpledger over an existing database: read models of an older shape are dropped and refilled from the
event log at start-up, so nothing is read in the old shape and nothing recorded is lost."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from rpledger.bootstrap import Services, build_services
from rpledger.infrastructure.settings import Settings
from tests.integration.conftest import T0, record_history


def _read_models(services: Services) -> list[object]:
    page = services.view.cases(moment=T0 + timedelta(days=30), status=None, location_id=None, first=50, after=None)
    return [(c, services.view.obligations(c.id), services.view.findings(c.id)) for c in page.cases]


def test_read_models_of_an_older_shape_are_refilled_from_the_log(services: Services, settings: Settings) -> None:
    record_history(services, "P-001")
    before = _read_models(services)
    # What a database written by the previous release looks like: no schema version, and no waiver columns.
    with services.view.engine.begin() as conn:
        conn.execute(text("DROP TABLE rp_schema"))
        conn.execute(text("DROP TABLE rp_obligations"))
        conn.execute(text("CREATE TABLE rp_obligations (id VARCHAR(36) PRIMARY KEY, case_id VARCHAR(36))"))
    services.close()

    upgraded = build_services(settings)
    try:
        assert _read_models(upgraded) == before
        assert upgraded.view.position() == upgraded.cases.recorder.max_notification_id()
    finally:
        upgraded.close()
