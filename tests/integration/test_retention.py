"""``rpledger retention`` (UOF-04) on a real database: a SQLite file, and PostgreSQL when configured.

Three people: Robin, whose restraint was recorded in January 2022 (its 3 years are over); Alex, in a mental health
unit, whose restraint of regulatory-reference.md scenario 12 was recorded on 10 April 2023 at 10:00, with later
records in February and March 2024; and Dorothy, in a care home, where the Use of Force Act does not apply. The
purge of scenario 12 runs on 1 March 2026 and selects the records made before 1 March 2024.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from rpledger.bootstrap import Services, build_services
from rpledger.cli import main
from rpledger.domain.codes import AuthorisationBasis, PracticeCode, ReasonCode, Setting
from rpledger.domain.values import Actor, Segment, StaffMember, UseDetails
from rpledger.infrastructure.settings import Database, Settings
from tests.conftest import TEST_AUTH, Clock
from tests.integration.conftest import ALL_PRACTICES

ROOT = Path(__file__).resolve().parents[2]
_BY = Actor("rn-1", "Ann Okafor", "nurse in charge")
STAFF = (StaffMember("Sam Carter", "Staff nurse"),)
DETAILS = UseDetails(reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS, place="Ward A lounge", staff=STAFF)
APPEND_ONLY = (
    "rpledger itself keeps every record whatever the purge does: its event store is append-only (the database "
    "refuses to update or delete an event), so nothing is erased from it."
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class Recorded:
    robin: UUID
    alex: UUID
    dorothy: UUID
    robin_2022: UUID
    alex_scenario_12: UUID
    alex_february_2024: UUID
    alex_march_2024: UUID
    dorothy_2023: UUID


def _use(
    services: Services, clock: Clock, case_id: UUID, practice: PracticeCode, start: datetime, made: datetime
) -> UUID:
    """A use of ``practice`` from ``start``, recorded (made) at ``made``."""
    clock.set(made)
    segment = Segment(practice, start, start + timedelta(minutes=9))
    return services.cases.record_use(case_id, [segment], DETAILS, _BY)


def record_history(database: Database) -> Recorded:
    clock = Clock(at(2022, 1, 5, 8))
    services = build_services(Settings(database=database, authentication=TEST_AUTH), clock=clock)
    try:
        cases = services.cases
        robin = cases.open_case("Robin Hale", Setting.MENTAL_HEALTH_INPATIENT, "WARD-A", _BY)
        practices = [PracticeCode[p] for p in ALL_PRACTICES]
        cases.grant_authorisation(
            robin, AuthorisationBasis.MHA_DETENTION, practices, at(2022, 1, 5), at(2022, 7, 5), "Dr R Khan", _BY
        )
        robin_2022 = _use(services, clock, robin, PracticeCode.PHYS_STANDING, at(2022, 1, 5, 8, 30), at(2022, 1, 5, 9))

        clock.set(at(2023, 4, 1, 9))
        alex = cases.open_case("Alex Morgan", Setting.MENTAL_HEALTH_INPATIENT, "WARD-A", _BY)
        cases.grant_authorisation(
            alex, AuthorisationBasis.MHA_DETENTION, practices, at(2023, 4, 1), at(2024, 12, 1), "Dr R Khan", _BY
        )
        scenario_12 = _use(services, clock, alex, PracticeCode.PHYS_PRONE, at(2023, 4, 10, 9, 40), at(2023, 4, 10, 10))

        clock.set(at(2023, 5, 2, 9))
        dorothy = cases.open_case("Dorothy Evans", Setting.ADULT_SOCIAL_CARE, "ELM-HOUSE", _BY)
        dorothy_2023 = _use(services, clock, dorothy, PracticeCode.PHYS_SEATED, at(2023, 5, 2, 13), at(2023, 5, 2, 14))

        february = _use(services, clock, alex, PracticeCode.ISO_SECLUSION, at(2024, 2, 1, 15), at(2024, 2, 1, 16))
        clock.set(at(2024, 2, 20, 9))
        observation = Segment(PracticeCode.OBS_ENHANCED, at(2024, 2, 20, 8), at(2024, 2, 20, 9))
        cases.record_use(alex, [observation], DETAILS, _BY)  # not a use of force: never listed
        march = _use(services, clock, alex, PracticeCode.PHYS_STANDING, at(2024, 3, 5, 11), at(2024, 3, 5, 12))
    finally:
        services.close()
    return Recorded(robin, alex, dorothy, robin_2022, scenario_12, february, march, dorothy_2023)


@pytest.fixture
def history(database: Database, monkeypatch: pytest.MonkeyPatch) -> Recorded:
    """The history on the test's backend; the command finds the PostgreSQL schema where the server would."""
    monkeypatch.delenv("RPLEDGER_POLICY_FILE", raising=False)
    monkeypatch.setenv("RPLEDGER_POSTGRES_SCHEMA", database.schema)
    return record_history(database)


def retention(database: Database, *args: str) -> int:
    return main(["retention", *args, "--database", database.url])


def test_scenario_12_the_purge_is_blocked_and_the_command_exits_1(
    database: Database, history: Recorded, capsys: pytest.CaptureFixture[str]
) -> None:
    status = retention(database, "--purge-before", "2024-03-01", "--as-of", "2026-03-01T02:00:00+00:00")

    out = capsys.readouterr().out
    assert status == 1
    h = history
    assert out.splitlines() == [
        "Purge at 2026-03-01 02:00 UTC of the use-of-force records made before 2024-03-01 00:00 UTC: 4 selected.",
        (
            f"ALLOWED  case Robin Hale ({h.robin}), use {h.robin_2022}, made 2022-01-05 09:00 UTC: its retention period "
            "ended 2025-01-05 09:00 UTC"
        ),
        (
            f"BLOCKED  case Alex Morgan ({h.alex}), use {h.alex_scenario_12}, made 2023-04-10 10:00 UTC: within its "
            "retention period; earliest erasure 2026-04-10 10:00 UTC"
        ),
        (
            f"ALLOWED  case Dorothy Evans ({h.dorothy}), use {h.dorothy_2023}, made 2023-05-02 14:00 UTC: UOF-04 does not "
            "apply in this case's setting"
        ),
        (
            f"BLOCKED  case Alex Morgan ({h.alex}), use {h.alex_february_2024}, made 2024-02-01 16:00 UTC: within its "
            "retention period; earliest erasure 2027-02-01 16:00 UTC"
        ),
        (
            "2 of them BLOCKED: the Use of Force Act 2018 s6(6) (UOF-04, V1) keeps a use-of-force record for its "
            "retention period from when it was made; the purge must leave them out."
        ),
        (
            "Another retention schedule (the NHS records management code, for one) may keep a record longer: the longer "
            "period wins."
        ),
        APPEND_ONLY,
    ]


def test_a_purge_of_records_past_their_period_may_go_ahead(
    database: Database, history: Recorded, capsys: pytest.CaptureFixture[str]
) -> None:
    status = retention(database, "--purge-before", "2023-01-01T00:00:00Z", "--as-of", "2026-03-01")

    out = capsys.readouterr().out
    assert status == 0
    assert out.splitlines()[0] == (
        "Purge at 2026-03-01 00:00 UTC of the use-of-force records made before 2023-01-01 00:00 UTC: 1 selected."
    )
    assert "None of them is protected by UOF-04." in out
    assert str(history.robin_2022) in out and str(history.alex_scenario_12) not in out
    assert out.endswith(APPEND_ONLY + "\n")


@pytest.mark.parametrize(("as_of", "status"), [("2026-04-10T09:59:00+00:00", 1), ("2026-04-10T10:00:00+00:00", 0)])
def test_the_scenario_12_record_may_be_erased_from_the_minute_its_period_ends(
    database: Database, history: Recorded, as_of: str, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    # Records made before 10 April 2023 10:01: Robin's and the record of scenario 12.
    assert retention(database, "--purge-before", "2023-04-10T10:01:00+00:00", "--as-of", as_of) == status
    out = capsys.readouterr().out
    assert ("BLOCKED" in out) is (status == 1)
    assert "2 selected." in out.splitlines()[0]


def test_the_purge_changes_nothing_in_the_store(database: Database, history: Recorded) -> None:
    retention(database, "--purge-before", "2025-01-01", "--as-of", "2026-03-01")

    services = build_services(Settings(database=database, authentication=TEST_AUTH))
    try:
        alex = services.cases.get_case(history.alex)
        assert {history.alex_scenario_12, history.alex_february_2024, history.alex_march_2024} <= set(alex.uses)
        assert services.cases.get_case(history.robin).uses.keys() == {history.robin_2022}
    finally:
        services.close()


def test_an_empty_database_has_nothing_to_protect(
    database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RPLEDGER_POSTGRES_SCHEMA", database.schema)
    assert retention(database, "--purge-before", "2024-03-01", "--as-of", "2026-03-01") == 0
    assert capsys.readouterr().out.startswith(
        "Purge at 2026-03-01 00:00 UTC of the use-of-force records made before 2024-03-01 00:00 UTC: 0 selected.\n"
        "None of them is protected by UOF-04.\n"
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--as-of", "2026-03-01"], "the following arguments are required: --purge-before"),
        (["--purge-before", "1 March 2024"], "is neither a date (2024-03-01) nor an ISO 8601 time"),
        (["--purge-before", "2024-03-01T00:00:00"], "has no UTC offset"),
    ],
)
def test_a_purge_date_that_cannot_be_read_is_refused(
    args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["retention", *args])
    assert exited.value.code == 2
    assert says in capsys.readouterr().err


def test_the_command_as_a_process_on_a_sqlite_file(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path}/rpledger.db")
    history = record_history(database)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RPLEDGER_")}
    command = [
        sys.executable, "-m", "rpledger.cli", "retention", "--purge-before", "2024-03-01",
        "--as-of", "2026-03-01T02:00:00+00:00", "--database", database.url,
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)

    assert result.returncode == 1, result.stderr
    assert f"BLOCKED  case Alex Morgan ({history.alex}), use {history.alex_scenario_12}, made 2023-04-10 10:00 UTC" in (
        result.stdout
    )
    assert "earliest erasure 2026-04-10 10:00 UTC" in result.stdout
    assert result.stdout.endswith(APPEND_ONLY + "\n") and result.stderr == ""
