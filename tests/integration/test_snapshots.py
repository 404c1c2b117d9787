"""Snapshots of long cases, on each backend: a case of more than one snapshot interval loads from its snapshot and
answers exactly as a replay of its events without snapshots does (compliance, history, as-of and known-at views,
earlier versions); the snapshot is encrypted when a key is set; ``rpledger verify`` is unaffected."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

import pytest

from rpledger.application.cases import Cases
from rpledger.application.snapshots import CaseSnapshot, pack, unpack
from rpledger.domain.case import Case
from rpledger.domain.codes import DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.correction import UseCorrection
from rpledger.domain.values import Actor, Observation, Recording, Segment, StaffMember, UseDetails, VitalSigns
from rpledger.infrastructure.integrity import open_event_store, verify
from rpledger.infrastructure.persistence import event_store_env
from rpledger.infrastructure.settings import Database

NURSE = Actor("n-1", "Alex Nurse", "CARE_STAFF")
T0 = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
INTERVAL = Cases.snapshotting_intervals[Case]


class Unsnapshotted(Cases):
    """The same application without snapshots: every load replays the events."""

    name = "Cases"  # the same tables (on PostgreSQL they are named after the application)
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}


def write_long_case(cases: Cases) -> UUID:
    """A case of INTERVAL + about half an interval events: uses, observations, debriefs, corrections, retractions."""
    at = iter(T0 + timedelta(hours=n) for n in range(100_000))

    def by() -> Recording:
        return Recording(NURSE, at=next(at))

    case_id = cases.open_case("P-LONG", Setting.MENTAL_HEALTH_INPATIENT, "ward-7", by(), opened_at=T0, provider_id="p")
    details = UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, staff=(StaffMember("Jo Bloggs", "Staff nurse"),))
    n = 0
    while cases.get_case(case_id).version < INTERVAL * 3 // 2:
        n += 1
        start = T0 + timedelta(hours=4 * n)
        segments = [Segment(PracticeCode.PHYS_STANDING, start, start + timedelta(minutes=5))]
        use_id = cases.record_use(case_id, segments, details, by())
        vitals = VitalSigns(pulse=80 + n % 20, respiratory_rate=16)
        cases.record_observation(case_id, Observation(use_id, use_id, start + timedelta(minutes=20), "Jo", vitals), by())
        if n % 3 == 0:
            cases.record_debrief(case_id, [use_id], DebriefKind.WITH_PERSON, start + timedelta(hours=2), by())
        if n % 7 == 0:
            cases.correct_entry(case_id, use_id, UseCorrection(outcome="Settled"), "audited", by())
        if n % 11 == 0:
            cases.retract_entry(case_id, use_id, "entered on the wrong record", by())
    return case_id


def state(case: Case) -> dict[str, Any]:
    return {k: v for k, v in sorted(vars(case).items()) if k != "_pending_events"}


def same_types(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (a tuple restored as a list would compare unequal anyway)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_types(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same_types(x, y) for x, y in zip(a, b, strict=True))
    if hasattr(a, "__dataclass_fields__"):
        return all(same_types(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    return bool(a == b)


@pytest.fixture(params=[None, "key"], ids=["plain", "encrypted"])
def key(request: pytest.FixtureRequest) -> str | None:
    return None if request.param is None else base64.b64encode(os.urandom(32)).decode()


def test_a_long_case_loads_from_its_snapshot_and_answers_as_a_replay(database: Database, key: str | None) -> None:
    env = event_store_env(database, key)
    writer = Cases(env=env)
    try:
        case_id = write_long_case(writer)
        head = writer.get_case(case_id).version
    finally:
        writer.close()
    assert head > INTERVAL

    snapshotted, replayed = Cases(env=env), Unsnapshotted(env=env)
    try:
        assert snapshotted.snapshots is not None and replayed.snapshots is None
        [snapshot] = snapshotted.snapshots.get(case_id, desc=True, limit=1)
        assert isinstance(snapshot, CaseSnapshot) and snapshot.originator_version == INTERVAL

        read_after: list[Any] = []
        get_events = snapshotted.repository.event_store.get

        def spy(*args: Any, **kwargs: Any) -> Any:
            read_after.append(kwargs.get("gt"))
            return get_events(*args, **kwargs)

        snapshotted.repository.event_store.get = spy  # type: ignore[method-assign]
        loaded = snapshotted.get_case(case_id)
        snapshotted.repository.event_store.get = get_events  # type: ignore[method-assign]
        assert read_after == [INTERVAL], "the case was loaded from its snapshot, then the events after it"

        assert same_types(state(loaded), state(replayed.get_case(case_id)))
        assert snapshotted.compliance(case_id) == replayed.compliance(case_id)
        assert snapshotted.history(case_id) == replayed.history(case_id)
        # Earlier versions, before and after the snapshot: a snapshot is never used for a version before it.
        for version in (1, INTERVAL - 1, INTERVAL, INTERVAL + 1, head):
            assert same_types(
                state(snapshotted.get_case(case_id, version=version)), state(replayed.get_case(case_id, version=version))
            ), version
        known_at = T0 + timedelta(hours=INTERVAL - 10)
        for corrected in (True, False):
            assert snapshotted.compliance(case_id, known_at=known_at, corrected=corrected) == replayed.compliance(
                case_id, known_at=known_at, corrected=corrected
            )
        assert snapshotted.entries(case_id, known_at=known_at) == replayed.entries(case_id, known_at=known_at)
        assert snapshotted.history(case_id, known_at=known_at) == replayed.history(case_id, known_at=known_at)

        stored = snapshotted.snapshots.recorder.select_events(case_id)
        assert stored and (b"P-LONG" in stored[-1].state) is (key is None), "encrypted exactly when a key is set"
    finally:
        snapshotted.close()
        replayed.close()

    with open_event_store(database) as store:
        report = verify(store)  # type: ignore[arg-type]
    assert report.ok and report.events == head, report


def test_pack_restores_every_type() -> None:
    shared = StaffMember("Jo", "Nurse")
    value = {
        "m": {UUID(int=1): (frozenset({UUID(int=2)}), {"a": [1, (2.5, None)]}, ReasonCode.PREVENT_SELF_HARM)},
        "s": {3}, "d": T0.date(), "t": T0, "o": (shared, shared),
    }
    back = unpack(pack(value))
    assert same_types(back, value) and back["o"][0] is back["o"][1]
