"""Benchmark 1, write: ``recordUse`` through GraphQL over HTTP, against a bare eventsourcing append of the same event
on the same database server (the floor), and against a plain SQLAlchemy insert of an incident row (what a user would
pick instead). Goal: at least half the bare append rate.

    .venv/bin/python -m bench.write_bench --backend sqlite --n 1000
    .venv/bin/python -m bench.write_bench --backend postgresql --n 1000

- **rpledger**: ``rpledger serve`` (uvicorn, one worker, its own process) on a fresh database; one client sends
  ``recordUse`` mutations one after another over HTTP, round robin over ``--cases`` cases opened beforehand. Each is
  a token check, GraphQL, the case's command, one save with its hash-chain link, and the read models brought up to
  date (the case's rules evaluated) before the answer.
- **bare append**: an eventsourcing ``Application`` on the library's own recorder (no chain), in this process, that
  records the same ``Case.UseRecorded`` event through the same aggregate command, one save per use.
- **CRUD**: SQLAlchemy ORM, one ``incidents`` row (the use's facts as JSON) inserted and committed per use.

On SQLite the floor and the CRUD table live in their own files beside rpledger's (the library's table name is
fixed); on PostgreSQL they live in the same fresh schema.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from uuid import uuid4

import httpx
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder
from sqlalchemy import JSON, DateTime, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from bench.common import arguments, fresh_database, graphql, serving, token, verdict
from rpledger.application.transcoding import register_value_transcodings
from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode, ReasonCode, Setting
from rpledger.domain.values import Actor, Injuries, PersonDetails, Recording, Segment, StaffMember, Use, UseDetails
from rpledger.infrastructure.settings import Database

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
NURSE = Actor("bench", "Bench user", "CARE_STAFF")
OPEN_CASE = "mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id } errors { code } } }"
RECORD_USE = "mutation($input: RecordUseInput!) { recordUse(input: $input) { use { id } errors { code } } }"
FACTS: dict[str, Any] = {
    "reason": "PREVENT_VIOLENCE_TO_OTHERS", "place": "Ward lounge", "description": "Two-person standing hold",
    "staff": [{"name": "Sam Carter", "jobTitle": "Staff nurse"}, {"name": "Jo Lee", "jobTitle": "HCA"}],
    "nonStaff": [], "deEscalation": "Verbal de-escalation", "injuries": {"patient": False, "staff": False,
    "otherPerson": False}, "outcome": "Settled", "diedOrSeriouslyInjured": False, "inCarePlan": False,
    "carePlanContactsNotified": True,
}
DETAILS = UseDetails(
    reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS, place="Ward lounge", description="Two-person standing hold",
    staff=(StaffMember("Sam Carter", "Staff nurse"), StaffMember("Jo Lee", "HCA")), non_staff=(),
    de_escalation="Verbal de-escalation", injuries=Injuries(False, False, False), outcome="Settled",
    died_or_seriously_injured=False, in_care_plan=False, care_plan_contacts_notified=True,
)


def at(n: int) -> datetime:
    return T0 + timedelta(hours=n)


def rpledger_rate(database: Database, n: int, cases: int) -> float:
    with serving(database) as url, httpx.Client(headers={"Authorization": f"Bearer {token()}"}, timeout=60) as client:
        ids = []
        for c in range(cases):
            given = {"personRef": f"W-{c}", "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "ward-oak",
                     "openedAt": T0.isoformat(), "person": {"name": "A Person"}}
            ids.append(graphql(client, url, OPEN_CASE, input=given)["openCase"]["case"]["id"])
        inputs = [
            {"caseId": ids[i % cases], "segments": [{"practice": "PHYS_STANDING", "startedAt": at(i).isoformat(),
             "endedAt": (at(i) + timedelta(minutes=5)).isoformat()}], **FACTS}
            for i in range(n)
        ]
        started = time.perf_counter()
        for given in inputs:
            payload = graphql(client, url, RECORD_USE, input=given)["recordUse"]
            assert payload["errors"] == [], payload
        return n / (time.perf_counter() - started)


class Bare(Application[Any]):
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "2000"}

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_value_transcodings(transcoder)


def bare_env(database: Database) -> dict[str, str]:
    if database.backend == "sqlite":
        assert database.sqlite_path is not None
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(database.sqlite_path.with_name("bare.db"))}
    return {"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_DBNAME": database.name or "",
            "POSTGRES_HOST": database.host or "127.0.0.1", "POSTGRES_PORT": str(database.port or 5432),
            "POSTGRES_USER": database.user or "postgres", "POSTGRES_PASSWORD": database.password or "",
            "POSTGRES_SCHEMA": database.schema}


def bare_rate(database: Database, n: int, cases: int) -> float:
    app = Bare(env=bare_env(database))
    try:
        ids = []
        for c in range(cases):
            case = Case.open(f"B-{c}", Setting.MENTAL_HEALTH_INPATIENT, "ward-oak", None, PersonDetails(name="A"),
                             T0, Recording(NURSE, T0), "demo")
            app.save(case)
            ids.append(case.id)
        started = time.perf_counter()
        for i in range(n):
            case = app.repository.get(ids[i % cases])
            segments = (Segment(PracticeCode.PHYS_STANDING, at(i), at(i) + timedelta(minutes=5)),)
            case.record_use(Use(uuid4(), segments, DETAILS), Recording(NURSE, datetime.now(UTC), str(uuid4())))
            app.save(case)
        return n / (time.perf_counter() - started)
    finally:
        app.close()


class Base(DeclarativeBase):
    pass


class Incident(Base):
    __tablename__ = "bench_incidents"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    practice: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


def crud_rate(database: Database, n: int, cases: int) -> float:
    if database.backend == "sqlite":
        assert database.sqlite_path is not None
        engine = create_engine(f"sqlite:///{database.sqlite_path.with_name('crud.db')}")
    else:
        engine = create_engine(
            f"postgresql+psycopg://{database.user or 'postgres'}@{database.host}:{database.port}/{database.name}",
            connect_args={"options": f"-csearch_path={database.schema}"},
        )
    Base.metadata.create_all(engine)
    case_ids = [str(uuid4()) for _ in range(cases)]
    details = json.loads(json.dumps(FACTS))
    try:
        started = time.perf_counter()
        with Session(engine) as session:
            for i in range(n):
                session.add(Incident(id=str(uuid4()), case_id=case_ids[i % cases], practice="PHYS_STANDING",
                                     started_at=at(i), ended_at=at(i) + timedelta(minutes=5), details=details))
                session.commit()
        return n / (time.perf_counter() - started)
    finally:
        engine.dispose()


def main() -> None:
    args = arguments(__doc__.splitlines()[0], n=(int, 1000, "uses to record"), cases=(int, 50, "cases to spread over"))
    with fresh_database(args.backend) as database:
        ours = rpledger_rate(database, args.n, args.cases)
        floor = bare_rate(database, args.n, args.cases)
        crud = crud_rate(database, args.n, args.cases)
    print(f"write, {args.backend}: {args.n} uses over {args.cases} cases, one client, one after another")
    print(f"  rpledger recordUse over HTTP  {ours:8.1f} /s")
    print(f"  bare eventsourcing append     {floor:8.1f} /s   rpledger / bare = {ours / floor:.2f}  "
          f"({verdict(ours / floor, 0.5, at_least=True)})")
    print(f"  SQLAlchemy CRUD insert        {crud:8.1f} /s   rpledger / CRUD = {ours / crud:.2f}")


if __name__ == "__main__":
    main()
