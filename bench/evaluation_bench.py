"""Benchmark (not a test): evaluating every rule over one person's year of history, beside loading that history.

    python bench/evaluation_bench.py                      # SQLite (a temporary file)
    RPLEDGER_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test python bench/evaluation_bench.py   # and PostgreSQL

The year is one case in a mental health unit with a use about every day: restraints followed by physical health
observations, rapid tranquillisations with their observation sets, seclusions with 15-minute observations and
nursing, medical and MDT reviews, a long-term segregation, debriefs, post-incident reviews and care-plan
revisions. It is written straight through the aggregate's commands (the same checks as the API), saved in batches.

Figures, best of several repetitions: (a) **load**: a fresh application reads and folds the case from the store (what
a query pays when the case is not cached); (b) **evaluate**: every rule of the case's profile over the loaded case
(``rules.evaluate``), what the read models and ``asOf``/``knownAt`` queries compute; (c) **both**: ``Cases.compliance``
with a cold cache. The ratio is evaluate against load.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import psycopg

from rpledger.application.cases import Cases
from rpledger.domain.case import Case
from rpledger.domain.codes import (
    AuthorisationBasis,
    DebriefKind,
    MonitoringRisk,
    PracticeCode,
    ReasonCode,
    ReviewKind,
    Setting,
    StaffRole,
)
from rpledger.domain.rules import evaluate
from rpledger.domain.values import (
    Actor,
    Authorisation,
    CarePlanRevision,
    Debrief,
    Decision,
    Observation,
    PersonDetails,
    Recording,
    Review,
    Reviewer,
    Segment,
    StaffMember,
    Use,
    UseDetails,
    VitalSigns,
)
from rpledger.infrastructure.persistence import event_store_env
from rpledger.infrastructure.settings import Database

DAYS = 365
REPETITIONS = 5
SAVE_EVERY = 400
NURSE = Actor("n-1", "Alex Nurse", "CARE_STAFF")
T0 = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
VITALS = VitalSigns(pulse=84, blood_pressure="128/82", respiratory_rate=16, temperature=36.8, consciousness="alert")
RN = Reviewer("Sam Lee", StaffRole.REGISTERED_NURSE, involved_in_decision=True)
HCA = Reviewer("Jo Patel", StaffRole.NURSING_SUPPORT)
DOCTOR = Reviewer("Dr Ama Boateng", StaffRole.DOCTOR)
DETAILS = UseDetails(
    reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS,
    place="Oak ward",
    description="Held by two staff",
    staff=(StaffMember("Sam Lee", "Staff nurse"), StaffMember("Jo Patel", "Healthcare assistant")),
    non_staff=(),
    de_escalation="Talked down for ten minutes",
    outcome="Settled",
    died_or_seriously_injured=False,
    in_care_plan=False,
    care_plan_contacts_notified=True,
    prone_reason="Could not be held safely otherwise",
    floor_reason="Fell to the floor during the hold",
)


class Writer:
    """Records entries into one case in time order, saving every ``SAVE_EVERY`` events."""

    def __init__(self, cases: Cases, case: Case) -> None:
        self.cases, self.case, self.pending = cases, case, 0

    def __call__(self, at: datetime, command: Callable[[Recording], None]) -> None:
        command(Recording(NURSE, at=at))
        self.pending += 1
        if self.pending >= SAVE_EVERY:
            self.flush()

    def flush(self) -> None:
        self.cases.save(self.case)
        self.pending = 0


def write_year(cases: Cases) -> tuple[UUID, int]:
    rng = random.Random(7)
    person = PersonDetails("Pat Bench", "9990000018", "schizophrenia", "not known", False)
    case = Case.open("P-EVAL", Setting.MENTAL_HEALTH_INPATIENT, "ward-oak", None, person, T0, Recording(NURSE, T0))
    write = Writer(cases, case)
    practices = tuple(p for p in PracticeCode if p.is_use_of_force)
    write(T0, lambda r: case.grant_authorisation(
        Authorisation(uuid4(), AuthorisationBasis.MHA_DETENTION, practices, T0, T0 + timedelta(days=DAYS + 30), T0,
                      "Dr Shah"), r))
    for day in range(DAYS):
        start = T0 + timedelta(days=day, hours=rng.randint(1, 12), minutes=rng.choice((0, 15, 30, 45)))
        kind = rng.random()
        if kind < 0.2:
            end = _seclusion(write, case, start, hours=rng.randint(3, 30), rng=rng)
        elif kind < 0.35:
            end = _rapid_tranquillisation(write, case, start)
        else:
            end = _restraint(write, case, start, minutes=rng.randint(2, 12))
        use_id = next(reversed(case.uses))
        write(end + timedelta(hours=2), lambda r, u=use_id, e=end: case.record_debrief(
            Debrief(uuid4(), (u,), DebriefKind.WITH_PERSON, e + timedelta(hours=2)), r))
        write(end + timedelta(hours=3), lambda r, u=use_id, e=end: case.record_debrief(
            Debrief(uuid4(), (u,), DebriefKind.WITH_STAFF, e + timedelta(hours=3)), r))
        if day % 7 == 6:
            write(end + timedelta(hours=4), lambda r, u=use_id, e=end: case.revise_care_plan(
                CarePlanRevision(uuid4(), 0, e + timedelta(hours=4), (u,), "Weekly revision"), r))
    write.flush()
    return case.id, case.version


def _restraint(write: Writer, case: Case, start: datetime, minutes: int) -> datetime:
    end = start + timedelta(minutes=minutes)
    use = Use(uuid4(), (Segment(PracticeCode.PHYS_STANDING, start, end),), DETAILS)
    write(end + timedelta(minutes=20), lambda r: case.record_use(use, r))
    for offset in (10, 40):
        at = end + timedelta(minutes=offset)
        write(at + timedelta(minutes=30), lambda r, a=at: case.record_observation(
            Observation(uuid4(), use.id, a, "Sam Lee", VITALS), r))
    return end


def _rapid_tranquillisation(write: Writer, case: Case, start: datetime) -> datetime:
    end = start + timedelta(minutes=5)
    use = Use(uuid4(), (Segment(PracticeCode.CHEM_INJ_RT, start, end),), DETAILS)
    write(end + timedelta(minutes=10), lambda r: case.record_use(use, r))
    sleepy = (MonitoringRisk.ASLEEP_OR_SEDATED,)
    for n, offset in enumerate((15, 30, 45, 60, 120, 180)):
        at = start + timedelta(minutes=offset)
        risks = sleepy if n == 0 else (() if n == 3 else None)
        write(at + timedelta(minutes=40), lambda r, a=at, k=risks, last=n == 5: case.record_observation(
            Observation(uuid4(), use.id, a, "Sam Lee", VITALS, k, no_further_concerns=last), r))
    return end


def _seclusion(write: Writer, case: Case, start: datetime, hours: int, rng: random.Random) -> datetime:
    end = start + timedelta(hours=hours)
    decided = Decision("Dr Ama Boateng", StaffRole.PSYCHIATRIST, start - timedelta(minutes=5))
    long_term = hours > 24 and rng.random() < 0.2
    details = UseDetails(**{**DETAILS.__dict__, "decided_by": decided})
    use = Use(uuid4(), (Segment(PracticeCode.ISO_SECLUSION, start, None),), details)
    write(start + timedelta(minutes=30), lambda r: case.record_use(use, r))
    entries: list[tuple[datetime, Callable[[Recording], None]]] = []
    for minute in range(15, hours * 60, 15):
        at = start + timedelta(minutes=minute)
        entries.append((at, lambda r, a=at: case.record_observation(Observation(uuid4(), use.id, a, "Jo Patel"), r)))
    for minute in range(110, hours * 60, 115):
        at = start + timedelta(minutes=minute)
        entries.append((at, lambda r, a=at: case.record_review(
            Review(uuid4(), use.id, ReviewKind.NURSING, a, (RN, HCA)), r)))
    for minute in range(230, hours * 60, 235):
        at = start + timedelta(minutes=minute)
        kind = ReviewKind.INTERNAL_MDT if minute > 20 * 60 and not long_term else ReviewKind.MEDICAL
        entries.append((at, lambda r, a=at, k=kind: case.record_review(
            Review(uuid4(), use.id, k, a, (DOCTOR, RN)), r)))
    for at, command in sorted(entries, key=lambda e: e[0]):
        write(at + timedelta(minutes=5), command)
    write(end + timedelta(minutes=5), lambda r: case.end_use(use.id, end, r))
    return end


@contextmanager
def sqlite_database() -> Iterator[Database]:
    with tempfile.TemporaryDirectory() as folder:
        yield Database.from_url(f"sqlite:///{folder}/bench.db")


@contextmanager
def postgres_database(url: str) -> Iterator[Database]:
    schema = f"rpledger_bench_{uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield Database.from_url(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def best(repeat: Callable[[], object]) -> float:
    times = []
    for _ in range(REPETITIONS):
        started = time.perf_counter()
        repeat()
        times.append(time.perf_counter() - started)
    return min(times)


def run(name: str, database: Database) -> None:
    env = {**event_store_env(database), "AGGREGATE_CACHE_MAXSIZE": "0"}
    writer = Cases(env=env)
    started = time.perf_counter()
    case_id, events = write_year(writer)
    written = time.perf_counter() - started
    case = writer.get_case(case_id)
    policy = writer.policy_for(case.setting)
    compliance = evaluate(case, policy)
    load = best(lambda: Cases(env=env).get_case(case_id))
    judge = best(lambda: evaluate(case, policy))
    both = best(lambda: Cases(env=env).compliance(case_id))
    print(
        f"{name}: {events} events ({len(case.uses)} uses, {len(case.reviews)} reviews, "
        f"{len(case.observations)} observations) written in {written:.1f} s; "
        f"{len(compliance.obligations)} obligations, {len(compliance.findings)} findings"
    )
    print(f"  load {load * 1000:.0f} ms, evaluate {judge * 1000:.0f} ms, load+evaluate {both * 1000:.0f} ms, "
          f"evaluate/load {judge / load:.2f}")
    writer.close()


def main() -> None:
    with sqlite_database() as database:
        run("SQLite", database)
    url = os.environ.get("RPLEDGER_TEST_POSTGRES_URL")
    if url:
        with postgres_database(url) as database:
            run("PostgreSQL", database)


if __name__ == "__main__":
    main()
