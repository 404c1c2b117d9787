"""The read models of a large log, against a recomputation from the event store (``read_model_recompute``).

The CI-sized version of ``bench/read_model_check.py``, on each backend: a log of about 20,000 events from the scaled
demo (and the demo's three blanket restrictions, so that the register has something to compare) is written with the
read models left empty, ``projections rebuild`` fills them from the log, and they must match the recomputation to the
field. On a small log, so must the read models as the live path leaves them (brought up to date after each batch
and each save, as the log grew).

Then the check is shown to be real: each of several single edits to one row of the read-model tables (never to the
event store, which is append-only) is reported, with the case or restriction it belongs to and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import delete, select, update

from rpledger.bootstrap import Services, build_services
from rpledger.demo.blanket import record_blanket_restrictions
from rpledger.demo.scale import ScaleReport, load_scale
from rpledger.domain.obligation import ComplianceStatus
from rpledger.infrastructure import blanket_register as register_tables
from rpledger.infrastructure import case_status_spans
from rpledger.infrastructure import compliance_tables as view_tables
from rpledger.infrastructure.settings import Database, Settings
from tests.conftest import TEST_AUTH, Clock, postgres_database
from tests.integration.read_model_recompute import Difference, ReadModelCheck, check_read_models

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
# About 15 events a case a year: some 20,000 events, which load, rebuild and check in about 10 s on SQLite and
# 35 s on PostgreSQL on the 2-core benchmark machine when nothing else runs (two to three times that under load).
CASES = 1_300
# Enough cases for every kind of row, and quick to rebuild before each edit.
SMALL = 40
RESTRICTIONS = 3  # the demo's: kept, lifted, never justified


def _services(database: Database, *, catch_up: bool) -> Services:
    return build_services(Settings(database=database, authentication=TEST_AUTH), clock=Clock(NOW), catch_up=catch_up)


def _load(services: Services, count: int, *, live: bool) -> ScaleReport:
    """The scaled demo and the demo's blanket restrictions. ``live``: the read models brought up to date after each
    batch of cases and each restriction saved (the services must catch up after saves), as when the log grows."""
    after_batch = services.projection.catch_up if live else None
    report = load_scale(services.cases, count=count, years=1, seed=23, after_batch=after_batch, progress=False)
    assert record_blanket_restrictions(services.blanket_restrictions, report.window) == RESTRICTIONS
    return report


def _rebuild(services: Services) -> int:
    """What ``rpledger projections rebuild`` does."""
    applied = services.projection.rebuild()
    services.blanket_projection.rebuild()
    return applied


def _listed(differences: list[Difference]) -> str:
    return "\n".join(map(str, differences[:20]))


def test_read_models_rebuilt_from_a_large_log_match_a_recomputation(database: Database) -> None:
    services = _services(database, catch_up=False)  # the log is written first, the read models left empty
    try:
        report = _load(services, CASES, live=False)
        events = services.cases.recorder.max_notification_id() or 0
        assert services.view.position() == 0
        assert _rebuild(services) == events
        check = check_read_models(services)
        assert check.differences == [], _listed(check.differences)

        assert check.events == events > report.events > 15_000
        assert (check.cases, check.restrictions) == (CASES, RESTRICTIONS)
        assert check.uses > CASES and check.obligations > check.uses and check.findings > 0
        # Every status occurs now, so the SQL filter was compared on each of them, not on one answer for all.
        assert set(check.statuses) == set(ComplianceStatus), check.statuses
    finally:
        services.close()


@dataclass
class Small:
    services: Services
    live: ReadModelCheck  # the check of the read models as the live path left them, before any rebuild


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def small(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Small]:
    """A small log on each backend, shared by the tests below (each rebuilds the read models before it edits them)."""
    if request.param == "sqlite":
        databases: Iterator[Database] = iter([Database.from_url(f"sqlite:///{tmp_path_factory.mktemp('small')}/s.db")])
    else:
        databases = postgres_database()
    database = next(databases)
    services = _services(database, catch_up=True)
    try:
        _load(services, SMALL, live=True)
        yield Small(services, check_read_models(services))
    finally:
        services.close()
        next(databases, None)  # drops the PostgreSQL schema


def test_read_models_kept_up_to_date_as_the_log_grows_match_too(small: Small) -> None:
    assert small.live.differences == [], _listed(small.live.differences)
    assert (small.live.cases, small.live.restrictions) == (SMALL, RESTRICTIONS)


# --------------------------------------------------------------------------------------- the check finds an edit


@dataclass(frozen=True)
class Edit:
    """One row of the read models changed in place; ``apply`` does it and returns the (kind, subject, field) the
    check must report. Every difference reported must be about that subject (or, for a case's location, about the
    two locations whose counts it moves)."""

    name: str
    apply: Callable[[Services], tuple[str, str, str]]


def _a_case(services: Services) -> UUID:
    """The first case in id order."""
    return services.view.cases(moment=NOW, status=None, location_id=None, first=1, after=None).cases[0].id


def _move_case(services: Services) -> tuple[str, str, str]:
    case_id = str(_a_case(services))
    with services.view.engine.begin() as conn:
        conn.execute(update(view_tables.cases).where(view_tables.cases.c.id == case_id).values(location_id="nowhere"))
    return ("case", case_id, "location_id")


def _drop_case_row(services: Services) -> tuple[str, str, str]:
    case_id = str(_a_case(services))
    with services.view.engine.begin() as conn:
        conn.execute(delete(view_tables.cases).where(view_tables.cases.c.id == case_id))
    return ("case", case_id, "summary")


def _postpone_obligation(services: Services) -> tuple[str, str, str]:
    o = view_tables.obligations
    with services.view.engine.begin() as conn:
        obligation_id, case_id, rule_id, due_at = conn.execute(
            select(o.c.id, o.c.case_id, o.c.rule_id, o.c.due_at).order_by(o.c.id).limit(1)
        ).one()
        conn.execute(update(o).where(o.c.id == obligation_id).values(due_at=due_at + timedelta(days=1)))
    return ("case", case_id, f"obligation {obligation_id} ({rule_id}).due_at")


def _unmeet_obligation(services: Services) -> tuple[str, str, str]:
    o = view_tables.obligations
    with services.view.engine.begin() as conn:
        obligation_id, case_id, rule_id = conn.execute(
            select(o.c.id, o.c.case_id, o.c.rule_id).where(o.c.met_at.is_not(None)).order_by(o.c.id).limit(1)
        ).one()
        conn.execute(update(o).where(o.c.id == obligation_id).values(met_at=None, met_by=None))
    return ("case", case_id, f"obligation {obligation_id} ({rule_id}).met_at")


def _turn_status(services: Services) -> tuple[str, str, str]:
    """The stored status of a case now, turned to another: what the status filter and the listing read."""
    s = case_status_spans.spans
    at = NOW.replace(tzinfo=None)  # stored as naive UTC
    with services.view.engine.begin() as conn:
        case_id, status, start = conn.execute(
            select(s.c.case_id, s.c.status, s.c.start_at).where(s.c.start_at <= at, s.c.end_at > at)
            .order_by(s.c.case_id).limit(1)
        ).one()
        other = next(c.value for c in ComplianceStatus if c.value != status)
        conn.execute(update(s).where(s.c.case_id == case_id, s.c.start_at == start).values(status=other))
    return ("case", case_id, f"status at {NOW.isoformat()} (status filter)")


def _move_span(services: Services) -> tuple[str, str, str]:
    """One status span's copy of its case's location, changed: what listing by status at a location reads."""
    s = case_status_spans.spans
    case_id = str(_a_case(services))
    with services.view.engine.begin() as conn:
        conn.execute(update(s).where(s.c.case_id == case_id).values(location_id="nowhere"))
    return ("case", case_id, "status spans' copies of provider, location, opening")


def _drop_finding(services: Services) -> tuple[str, str, str]:
    f = view_tables.findings
    with services.view.engine.begin() as conn:
        row_id, case_id = conn.execute(select(f.c.id, f.c.case_id).order_by(f.c.id).limit(1)).one()
        conn.execute(delete(f).where(f.c.id == row_id))
    return ("case", case_id, "findings (count)")


def _recode_use(services: Services) -> tuple[str, str, str]:
    u = view_tables.uses
    with services.view.engine.begin() as conn:
        use_id, case_id = conn.execute(select(u.c.id, u.c.case_id).order_by(u.c.id).limit(1)).one()
        conn.execute(update(u).where(u.c.id == use_id).values(practices="99"))
    return ("case", case_id, f"use {use_id}.practices (column)")


def _rescope_restriction(services: Services) -> tuple[str, str, str]:
    r = register_tables.restrictions
    with services.blanket_register.engine.begin() as conn:
        restriction_id = conn.execute(select(r.c.id).order_by(r.c.id).limit(1)).scalar_one()
        conn.execute(update(r).where(r.c.id == restriction_id).values(scope="nobody"))
    return ("restriction", restriction_id, "scope")


def _rewind_tracking(services: Services) -> tuple[str, str, str]:
    t = view_tables.tracking
    with services.view.engine.begin() as conn:
        conn.execute(update(t).values(position=t.c.position - 1))
    return ("log", "compliance", "tracking position")


EDITS = [
    Edit("a case moved to another location", _move_case),
    Edit("a case's row deleted", _drop_case_row),
    Edit("an obligation due a day later", _postpone_obligation),
    Edit("a met obligation shown as never met", _unmeet_obligation),
    Edit("a case's stored status turned", _turn_status),
    Edit("a status span's copy of its case's location changed", _move_span),
    Edit("a finding deleted", _drop_finding),
    Edit("a use's practice codes changed", _recode_use),
    Edit("a blanket restriction's scope changed", _rescope_restriction),
    Edit("the tracking position moved back", _rewind_tracking),
]


@pytest.mark.parametrize("edit", EDITS, ids=[e.name for e in EDITS])
def test_the_check_reports_a_wrong_read_model_row(small: Small, edit: Edit) -> None:
    services = small.services
    _rebuild(services)  # undoes the previous test's edit
    assert check_read_models(services).differences == []
    kind, subject, field = edit.apply(services)
    found = check_read_models(services).differences
    assert (kind, subject, field) in {(d.kind, d.subject, d.field) for d in found}, _listed(found)
    assert all(_about(d, kind, subject) for d in found), _listed(found)


def _about(difference: Difference, kind: str, subject: str) -> bool:
    """Whether a difference is about the edited row's subject: the row itself, or the counts a case's row moves (a
    case's location, or a case deleted, changes how many each location lists; and the count of a status, read from
    the status spans' copies of the case's row, no longer matches the cases listed)."""
    if (difference.kind, difference.subject) == (kind, subject):
        return True
    counts = difference.kind == "location" or difference.subject == "cases" or "total count" in difference.field
    return kind == "case" and counts

