"""A page of cases whose fields are read from each case's own history (its entries, its history, its compliance as
known at a moment or as first recorded) costs the same statements to the event store for 3 cases as for 30: the
page's cases are loaded together (``rpledger.application.case_batches``, through the recorder's ``select_streams``),
whether they are in the application's cache or not. And what each case shows is what loading it alone shows: the
batch folds the events exactly as the repository does, from a snapshot when the case has one. Every test runs on
SQLite and, when configured, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.sqlite import SQLiteCursor

from rpledger.application import case_batches
from rpledger.application.case_batches import LoadedCase, load_cases, load_histories
from rpledger.bootstrap import Services, build_services
from rpledger.domain.blanket_restriction import BlanketRestrictionCategory
from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.correction import UseCorrection
from rpledger.domain.errors import NotYetRecordedError, UnknownCaseError
from rpledger.domain.values import Recording, Segment, StaffMember, UseDetails
from tests.conftest import Clock
from tests.integration.conftest import NURSE, Api, api_for
from tests.integration.test_dataloaders import open_with_a_restraint
from tests.integration.test_snapshots import same_types, state

KNOWN_AT = "2025-03-02T10:30:00+00:00"
# Every field of a case read from its own history: its entries, its history, and views as known at a moment and as
# first recorded.
FIELDS = """
  id authorisations { id validUntil } debriefs { id } carePlanRevisions { id } reviews { id }
  observations { id } standardAuthorisationRequests { id } stays { id } notifications { id }
  departures { id } history { position kind summary late }
  uses(knownAt: $knownAt) { id }
  asFirstRecorded: obligations(corrected: false) { id ruleId status }
  knownThen: status(knownAt: $knownAt)
  foundThen: findings(knownAt: $knownAt, includeResolved: true) { ruleId detail }
"""
PAGE = f"query($first: Int!, $knownAt: DateTime) {{ cases(first: $first) {{ edges {{ node {{ {FIELDS} }} }} }} }}"
ONE = f"query($id: ID!, $knownAt: DateTime) {{ case(id: $id) {{ {FIELDS} }} }}"


@contextmanager
def event_store_statements(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The statements run on the event store's tables (events and snapshots) while the block runs, on either
    backend: eventsourcing's SQLite cursor and psycopg's cursor both pass through here."""
    assert services.cases.snapshots is not None
    tables = (services.cases.recorder.events_table_name, services.cases.snapshots.recorder.events_table_name)
    statements: list[str] = []

    def note(statement: Any) -> None:
        text = str(statement)
        if any(table in text for table in tables):
            statements.append(text)

    sqlite_execute, postgres_execute = SQLiteCursor.execute, psycopg.Cursor.execute

    def on_sqlite(cursor: Any, statement: Any, *rest: Any, **more: Any) -> Any:
        note(statement)
        return sqlite_execute(cursor, statement, *rest, **more)

    def on_postgres(cursor: Any, statement: Any, *rest: Any, **more: Any) -> Any:
        note(statement)
        return postgres_execute(cursor, statement, *rest, **more)

    with monkeypatch.context() as patched:
        patched.setattr(SQLiteCursor, "execute", on_sqlite)
        patched.setattr(psycopg.Cursor, "execute", on_postgres)
        yield statements


@contextmanager
def restarted(services: Services, clock: Clock) -> Iterator[Services]:
    """rpledger as a process started afresh on the same database: nothing in its aggregate cache."""
    fresh = build_services(services.settings, clock=clock)
    try:
        yield fresh
    finally:
        fresh.close()


def page(api: Api) -> list[dict[str, Any]]:
    edges = api.data(PAGE, first=50, knownAt=KNOWN_AT)["cases"]["edges"]
    return [edge["node"] for edge in edges]


def write_cases(api: Api, numbers: range) -> list[str]:
    ids = []
    for number in numbers:
        case_id = open_with_a_restraint(api, number)
        [use_id] = api.use_ids(case_id)
        api.debrief(case_id, use_id, "2025-03-02T15:00:00+00:00")
        ids.append(case_id)
    return ids


def test_a_page_of_case_histories_costs_the_same_statements_for_3_cases_as_for_30(
    api: Api, services: Services, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts: dict[tuple[str, int], int] = {}
    for first, numbers in ((3, range(3)), (30, range(3, 30))):
        write_cases(api, numbers)
        # Warm: every case in the application's cache (just written), brought up to date with one statement.
        with event_store_statements(services, monkeypatch) as warm:
            assert len(page(api)) == first
        # Cold: a process started afresh, nothing cached: the cases are loaded from the store together.
        with restarted(services, clock) as fresh, event_store_statements(fresh, monkeypatch) as cold:
            assert len(page(api_for(fresh))) == first
        counts[("warm", first)], counts[("cold", first)] = len(warm), len(cold)

    assert counts[("warm", 3)] == counts[("warm", 30)], counts
    assert counts[("cold", 3)] == counts[("cold", 30)], counts
    # The cases (as they stand and as known at knownAt: one batch), and their histories: a statement each.
    assert 1 <= counts[("cold", 30)] <= 3 and 1 <= counts[("warm", 30)] <= 3, counts


def test_a_page_of_cases_partly_cached_is_still_one_batch(
    api: Api, services: Services, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_cases(api, range(6))
    with restarted(services, clock) as fresh:
        fresh_api = api_for(fresh)
        for case_id in [node["id"] for node in page(api)][:3]:  # three of the six in the fresh process's cache
            fresh_api.data("query($id: ID!) { case(id: $id) { authorisations { id } } }", id=case_id)
        expected = page(api)
        with event_store_statements(fresh, monkeypatch) as statements:
            assert page(fresh_api) == expected
        assert 1 <= len(statements) <= 3, statements


def test_each_case_of_a_page_shows_what_loading_it_alone_shows(
    api: Api, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = write_cases(api, range(5))
    api.ok("correctEntry", {"caseId": ids[1], "entryId": api.use_ids(ids[1])[0], "reason": "audited",
                            "use": {"outcome": "Settled at once"}}, "correction { position }")
    batched = page(api)
    assert sorted(node["id"] for node in batched) == sorted(ids)
    for node in batched:
        alone = api.data(ONE, id=node["id"], knownAt=KNOWN_AT)["case"]
        assert alone == node
    # The same page through ``Cases`` itself, one case at a time (the path taken for a store without batches).
    monkeypatch.setattr(case_batches, "StreamBatches", type("NoBatches", (), {}))
    assert page(api) == batched
    assert len({node["history"][0]["summary"] for node in batched}) == len(ids)


# ------------------------------------------------------------------------------------------ the application


def long_history(services: Services, clock: Clock, person_ref: str) -> UUID:
    """A case recorded over several days: opened, authorised, two uses, a debrief, a correction, a retraction."""
    cases, t0 = services.cases, datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    details = UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, staff=(StaffMember("Jo Bloggs", "Staff nurse"),))

    def at(hours: int) -> Recording:
        clock.set(t0 + timedelta(hours=hours, minutes=1))
        return Recording(NURSE)

    case_id = cases.open_case(person_ref, Setting.MENTAL_HEALTH_INPATIENT, "ward-oak", at(0), opened_at=t0)
    cases.grant_authorisation(case_id, AuthorisationBasis.MHA_DETENTION, [PracticeCode.PHYS_STANDING], t0,
                              t0 + timedelta(days=28), "Dr Rao", at(1))
    uses = []
    for hours in (2, 30):
        start = t0 + timedelta(hours=hours)
        segment = Segment(PracticeCode.PHYS_STANDING, start, start + timedelta(minutes=6))
        uses.append(cases.record_use(case_id, [segment], details, at(hours)))
    cases.record_debrief(case_id, [uses[0]], DebriefKind.WITH_PERSON, t0 + timedelta(hours=5), at(5))
    cases.correct_entry(case_id, uses[0], UseCorrection(outcome="Settled"), "audited", at(40))
    cases.retract_entry(case_id, uses[1], "entered on the wrong record", at(41))
    return case_id


def test_the_batch_folds_each_case_as_loading_it_alone_does(services: Services, clock: Clock) -> None:
    ids = [long_history(services, clock, f"P-{n}") for n in range(4)]
    services.cases.take_snapshot(ids[0])  # then two entries more: loaded from the snapshot, and the events after it
    clock.set(datetime(2025, 3, 6, 9, 0, tzinfo=UTC))
    start = datetime(2025, 3, 5, 9, tzinfo=UTC)
    details = UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, staff=(StaffMember("Jo Bloggs", "Staff nurse"),))
    services.cases.record_use(ids[0], [Segment(PracticeCode.PHYS_STANDING, start, start + timedelta(minutes=3))],
                              details, NURSE)
    moments = [None, datetime(2025, 3, 3, 9, 0, 30, tzinfo=UTC), datetime(2025, 3, 4, 12, 0, tzinfo=UTC),
               datetime(2025, 3, 4, 17, 30, tzinfo=UTC)]
    keys = [(case_id, moment) for case_id in ids for moment in moments]

    with restarted(services, clock) as fresh:
        cases = fresh.cases
        read: list[Any] = []
        select = cases.recorder.select_streams  # type: ignore[attr-defined]

        def spy(wanted: Any, snapshots: Any = None) -> Any:
            found = select(wanted, snapshots)
            read.append((list(wanted), {i: (s is not None, [e.originator_version for e in es])
                                        for i, (s, es) in found.items()}))
            return found

        cases.recorder.select_streams = spy  # type: ignore[attr-defined]
        fresh.cases.get_case(ids[2])  # one case in the cache: fast-forwarded, not read again
        loaded = load_cases(cases, [*keys, *keys[:3]])
        histories = load_histories(cases, keys)
        del cases.recorder.select_streams  # type: ignore[attr-defined]

        assert len(read) == 2  # one statement for the cases, one for their histories
        [(_, streams), _] = read
        head = cases.get_case(ids[0]).version
        assert streams[ids[0]][0] is False  # read from the first event: knownAt views of it were asked for too
        for key, answer in zip([*keys, *keys[:3]], loaded, strict=True):
            case_id, known_at = key
            if known_at == moments[1]:  # before anything of the case had been recorded
                assert isinstance(answer, NotYetRecordedError), answer
                continue
            assert isinstance(answer, LoadedCase), answer
            alone = cases.case_known_at(case_id, known_at)
            assert same_types(state(answer.case), state(alone)), key
            assert answer.entries() == cases.entries(case_id, known_at=known_at)
            for corrected in (True, False):
                expected = cases.compliance(case_id, known_at=known_at, corrected=corrected)
                assert answer.compliance(corrected) == (expected.obligations, expected.findings)
        for (case_id, known_at), history in zip(keys, histories, strict=True):
            assert history == cases.history(case_id, known_at=known_at)
        assert cases.get_case(ids[0]).version == head

    # As they stand only: the snapshotted case from its snapshot; every uncached case then in the cache.
    with restarted(services, clock) as fresh:
        cases = fresh.cases
        snapshot_read: list[Any] = []
        select = cases.recorder.select_streams  # type: ignore[attr-defined]

        def spy_current(wanted: Any, snapshots: Any = None) -> Any:
            found = select(wanted, snapshots)
            snapshot_read.append({i: (s and s.originator_version, [e.originator_version for e in es])
                                  for i, (s, es) in found.items()})
            return found

        cases.recorder.select_streams = spy_current  # type: ignore[attr-defined]
        current = load_cases(cases, [(case_id, None) for case_id in ids])
        del cases.recorder.select_streams  # type: ignore[attr-defined]
        [streams] = snapshot_read
        snapshot_version, after_it = streams[ids[0]]
        assert snapshot_version and after_it == [snapshot_version + 1], streams[ids[0]]
        assert all(streams[i][0] is None and streams[i][1][0] == 1 for i in ids[1:])
        assert cases.repository.cache is not None
        for case_id, answer in zip(ids, current, strict=True):
            assert isinstance(answer, LoadedCase)
            assert same_types(state(answer.case), state(cases.get_case(case_id)))
            assert answer.case is not cases.repository.cache.get(case_id)  # a copy: the cache's own is never handed out

    # What is not a case, by id: a blanket restriction's stream in the same store, and an id never issued.
    restriction_id = services.blanket_restrictions.introduce(
        "ward-oak", Setting.MENTAL_HEALTH_INPATIENT, "all", "No hot drinks", BlanketRestrictionCategory.HOT_DRINKS, NURSE
    )
    unknown = [uuid4(), restriction_id]
    for answer in load_cases(services.cases, [(u, None) for u in unknown] + [(u, moments[2]) for u in unknown]):
        assert isinstance(answer, UnknownCaseError), answer
    for answer in load_histories(services.cases, [(u, None) for u in unknown]):
        assert isinstance(answer, UnknownCaseError), answer
