"""Benchmark 4, long history: the status of a case of 10,000 events, with snapshots, against loading that case from
a snapshot at head. Goal: within 3x.

    .venv/bin/python -m bench.long_history_bench --backend sqlite
    .venv/bin/python -m bench.long_history_bench --backend postgresql

One case of ``--events`` events (default 9,999: the last automatic snapshot is then at 9,500 and a load replays
the longest tail there can be, 499 events) is written through the case's commands in saves of 100 events: uses,
each with a physical observation, debriefs every third. Then, each the best of ``--repeat`` with a fresh
application (nothing cached):

- **load, snapshots**: ``Cases.get_case``: the last snapshot and the events after it;
- **status, snapshots**: ``Cases.compliance``: that load, then every rule of the case's policy (what a ``knownAt``
  view or the read models after a save compute; the current status itself the API reads from the read models);
- **baseline, snapshot at head**: a snapshot taken at the last event, then ``get_case``: decoding the snapshot alone;
- **replay, no snapshots**: the same application without snapshots, replaying all the events.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID, uuid4

from bench.common import arguments, fresh_database, verdict
from rpledger.application.cases import Cases
from rpledger.domain.case import Case
from rpledger.domain.codes import DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.values import (
    Actor,
    Debrief,
    Observation,
    PersonDetails,
    Recording,
    Segment,
    StaffMember,
    Use,
    UseDetails,
    VitalSigns,
)
from rpledger.infrastructure.persistence import event_store_env
from rpledger.infrastructure.settings import Database

NURSE = Actor("n-1", "Alex Nurse", "CARE_STAFF")
T0 = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
DETAILS = UseDetails(reason=ReasonCode.PREVENT_SELF_HARM, staff=(StaffMember("Jo Bloggs", "Staff nurse"),))


class Unsnapshotted(Cases):
    name = "Cases"  # the same tables
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}


def write_case(cases: Cases, events: int) -> UUID:
    clock = iter(T0 + timedelta(minutes=n) for n in range(10 * events))

    def by() -> Recording:
        return Recording(NURSE, next(clock), str(uuid4()))

    case = Case.open("P-LONG", Setting.MENTAL_HEALTH_INPATIENT, "ward-oak", None, PersonDetails(name="A Person"), T0,
                     by(), "demo")
    n = 0
    while case.version < events:
        n += 1
        start = T0 + timedelta(hours=6 * n)
        use = Use(uuid4(), (Segment(PracticeCode.PHYS_STANDING, start, start + timedelta(minutes=5)),), DETAILS)
        case.record_use(use, by())
        if case.version < events:
            observed = Observation(uuid4(), use.id, start + timedelta(minutes=30), "Jo", VitalSigns(pulse=80))
            case.record_observation(observed, by())
        if n % 3 == 0 and case.version < events:
            case.record_debrief(Debrief(uuid4(), (use.id,), DebriefKind.WITH_PERSON, start + timedelta(hours=3)), by())
        if len(case.pending_events) >= 100 or case.version >= events:
            cases.save(case)
    return case.id


def best(env: dict[str, str], kind: type[Cases], run: Callable[[Cases], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        app = kind(env=env)
        try:
            started = time.perf_counter()
            run(app)
            timings.append(time.perf_counter() - started)
        finally:
            app.close()
    return min(timings)


def measure(database: Database, events: int, repeat: int) -> dict[str, float]:
    env = event_store_env(database)
    writer = Cases(env=env)
    try:
        started = time.perf_counter()
        case_id = write_case(writer, events)
        written = time.perf_counter() - started
        assert writer.snapshots is not None
        [last] = writer.snapshots.get(case_id, desc=True, limit=1)
        tail = events - last.originator_version
        figures = {
            "write": written, "tail": tail,
            "load": best(env, Cases, lambda app: app.get_case(case_id), repeat),
            "status": best(env, Cases, lambda app: app.compliance(case_id), repeat),
            "replay": best(env, Unsnapshotted, lambda app: app.get_case(case_id), max(1, repeat // 2)),
        }
        # At head, from a fresh application (as every automatic snapshot is taken: from the store, not the cache).
        fresh = Cases(env=env)
        try:
            fresh.take_snapshot(case_id)
        finally:
            fresh.close()
        figures["head"] = best(env, Cases, lambda app: app.get_case(case_id), repeat)
        return figures
    finally:
        writer.close()


def main() -> None:
    args = arguments(__doc__.splitlines()[0], events=(int, 9_999, "events in the case"),
                     repeat=(int, 5, "repetitions (best of)"))
    with fresh_database(args.backend) as database:
        m = measure(database, args.events, args.repeat)
    interval = Cases.snapshotting_intervals[Case]
    print(f"long history, {args.backend}: one case of {args.events:,} events, snapshot every {interval}, "
          f"written in {m['write']:.1f} s; best of {args.repeat}, nothing cached")
    print(f"  baseline: load from a snapshot at head   {m['head'] * 1000:8.1f} ms")
    print(f"  load, last snapshot + {int(m['tail'])} events       {m['load'] * 1000:8.1f} ms   "
          f"ratio {m['load'] / m['head']:.2f}  ({verdict(m['load'] / m['head'], 3, at_least=False)})")
    print(f"  status (load + every rule)             {m['status'] * 1000:8.1f} ms   "
          f"ratio {m['status'] / m['head']:.2f}  ({verdict(m['status'] / m['head'], 3, at_least=False)})")
    print(f"  replay without snapshots               {m['replay'] * 1000:8.1f} ms   ratio {m['replay'] / m['head']:.2f}")


if __name__ == "__main__":
    main()
