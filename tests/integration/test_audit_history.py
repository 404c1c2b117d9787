"""Audit, the week of ``test_audit_week``: its history as known at each moment (what was recorded when, how late,
by whom and in which request, and which entry corrects or retracts which), and the same answers from
``rpledger replay`` on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from rpledger.bootstrap import Services
from rpledger.domain.codes import Setting
from tests.conftest import STAFF_ROLES, Clock
from tests.integration.conftest import WELL_RECORDED, Api
from tests.integration.test_audit_week import BACKENDS, DAYS, END, Week, ask, iso, moment, status, week_on

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=BACKENDS)
def week(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Week]:
    yield from week_on(request.param, tmp_path_factory)


# position: kind, entry, happened, recorded, delay (s), late, corrects, retracts
HISTORY: dict[int, tuple[Any, ...]] = {
    1: ("CaseOpened", "case", "Mon 08:00", "Mon 08:00", 0, False, None, None),
    2: ("AuthorisationGranted", "auth", "Mon 08:00", "Mon 08:05", 300, False, None, None),
    3: ("UseRecorded", "U1", "Mon 10:12", "Mon 10:30", 600, False, None, None),  # a finished use: from its end
    4: ("ObservationRecorded", "C1", "Mon 10:18", "Mon 10:30", 720, False, None, None),
    5: ("DebriefHeld", "S1", "Mon 10:45", "Mon 11:00", 900, False, None, None),
    6: ("DebriefHeld", "D1", "Mon 16:00", "Tue 16:30", 24 * 3600 + 1800, True, None, None),  # 30 min over 24 h
    7: ("UseStarted", "U2", "Wed 08:30", "Wed 08:35", 300, False, None, None),
    8: ("ObservationRecorded", "O2", "Wed 08:45", "Wed 08:45", 0, False, None, None),
    9: ("ObservationRecorded", "O2'", "Wed 09:00", "Wed 09:00", 0, False, None, None),
    10: ("UseEnded", "U2", "Wed 09:00", "Wed 09:10", 600, False, None, None),
    11: ("DebriefHeld", "S2", "Wed 09:30", "Wed 09:40", 600, False, None, None),
    12: ("DebriefHeld", "PIR1", "Wed 15:00", "Wed 15:30", 1800, False, None, None),
    13: ("DebriefHeld", "D2", "Thu 10:00", "Thu 10:05", 300, False, None, None),
    14: ("EntryCorrected", "U2", "Thu 11:00", "Thu 11:00", 0, False, "U2", None),
    15: ("UseRecorded", "U3", "Tue 20:00", "Fri 15:00", 66 * 3600 + 50 * 60, True, None, None),
    16: ("UseRecorded", "U4", "Fri 14:00", "Fri 15:00", 50 * 60, False, None, None),
    17: ("ObservationRecorded", "C3", "Tue 20:08", "Fri 15:05", 66 * 3600 + 57 * 60, True, None, None),
    18: ("DebriefHeld", "S3", "Tue 20:30", "Fri 15:05", 66 * 3600 + 35 * 60, True, None, None),
    19: ("ObservationRecorded", "C4", "Fri 14:08", "Fri 15:05", 57 * 60, False, None, None),
    20: ("DebriefDeclined", "D3", "Fri 15:30", "Fri 15:45", 900, False, None, None),
    21: ("DebriefHeld", "PIR2", "Fri 16:00", "Fri 16:10", 600, False, None, None),
    22: ("EntryRetracted", "U4", "Sat 10:00", "Sat 10:00", 0, False, None, "U4"),
    23: ("EntryRetracted", "C4", "Sat 10:00", "Sat 10:00", 0, False, None, "C4"),
    24: ("CarePlanRevised", "CP", "Sun 11:00", "Sun 12:00", 3600, False, None, None),
}
ONE_REQUEST = (15, 16)  # U3 and U4, recorded in one GraphQL request
ENTRY = "position kind entryId corrects retracts occurredAt recordedAt recordingDelaySeconds late correlationId"


def history(week: Week, known_at: str | None, fields: str = ENTRY) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = ask(week, f"history(knownAt: $knownAt) {{ {fields} }}", None, known_at)["history"]
    return entries


def shifted(when: str, seconds: int) -> str:
    t = moment(when) + timedelta(seconds=seconds)
    return f"{ {day: name for name, day in DAYS.items()}[t.day]} {t:%H:%M:%S}"


def boundaries() -> list[tuple[str, int]]:
    """Just before, at and just after each recorded time, with how many entries had been recorded by then."""
    rows = []
    for when in dict.fromkeys(row[3] for row in HISTORY.values()):
        positions = [p for p, row in HISTORY.items() if row[3] == when]
        rows += [(shifted(when, -1), positions[0] - 1), (when, positions[-1]), (shifted(when, 1), positions[-1])]
    return rows


@pytest.mark.parametrize(("known_at", "length"), boundaries(), ids=[k for k, _ in boundaries()])
def test_history_as_known_at_each_recorded_time(week: Week, known_at: str, length: int) -> None:
    assert [entry["position"] for entry in history(week, known_at, "position")] == list(range(1, length + 1))


def test_the_whole_history_shows_what_happened_when_and_when_it_was_recorded(week: Week) -> None:
    got = [
        (e["kind"], week.label(e["entryId"]), e["occurredAt"], e["recordedAt"], e["recordingDelaySeconds"], e["late"],
         week.label(e["corrects"]), week.label(e["retracts"]))
        for e in history(week, None)
    ]
    assert got == [(k, entry, iso(happened), iso(recorded), delay, late, corrects, retracts)
                   for k, entry, happened, recorded, delay, late, corrects, retracts in HISTORY.values()]
    assert history(week, END) == history(week, None)


def test_the_correction_and_retraction_name_the_entries_and_keep_them(week: Week) -> None:
    entries = {e["position"]: e for e in history(week, None, ENTRY + " summary details")}
    assert entries[14]["corrects"] == entries[7]["entryId"] == entries[10]["entryId"]
    assert entries[14]["details"]["reason"] == "Outcome from the seclusion record"
    assert (entries[22]["retracts"], entries[23]["retracts"]) == (entries[16]["entryId"], entries[19]["entryId"])
    assert entries[22]["details"]["reason"] == entries[23]["details"]["reason"] == "Recorded for the wrong person"
    assert entries[16]["details"]["use"]["id"] == entries[16]["entryId"]  # the retracted entries are still there
    assert entries[19]["details"]["observation"]["use_id"] == entries[16]["entryId"]
    assert [e["kind"] for e in history(week, "Sat 09:59:59")][-3:] == [
        "ObservationRecorded", "DebriefDeclined", "DebriefHeld"
    ]


def test_two_mutations_in_one_request_share_a_correlation_id_and_separate_requests_do_not(week: Week) -> None:
    entries = history(week, None, "position correlationId recordedBy { id name role }")
    ids = {e["position"]: e["correlationId"] for e in entries}
    first, second = ONE_REQUEST
    assert ids[first] == ids[second] and ids[first]
    assert len({ids[p] for p in ids if p != second}) == len(HISTORY) - 1  # every other request its own
    by = {e["position"]: e["recordedBy"] for e in entries}
    assert by[first] == by[second] == {"id": "n-42", "name": "Pat Nurse", "role": "CARE_STAFF"}
    assert {p: b["role"] for p, b in by.items() if p not in ONE_REQUEST} == {
        p: "+".join(sorted(r.value for r in STAFF_ROLES)) for p in HISTORY if p not in ONE_REQUEST
    }


def test_history_known_before_the_case_was_recorded_is_empty(week: Week) -> None:
    assert history(week, "Mon 07:59:59") == []


def test_the_policy_parameter_sets_when_an_entry_is_late_and_when_that_is_a_finding(
    api: Api, services: Services, clock: Clock
) -> None:
    """Recorded 10 min after the use ended: on time by default, late under a 5-minute limit."""
    policies = services.cases.policies
    policies[Setting.MENTAL_HEALTH_INPATIENT] = policies[Setting.MENTAL_HEALTH_INPATIENT].tightened(
        use_recorded_within=timedelta(minutes=5)
    )
    clock.set(moment("Mon 08:00"))
    case_id = api.open_case("P-STRICT", opened_at=iso("Mon 08:00"))
    api.grant(case_id)
    clock.set(moment("Mon 10:30"))
    api.record_use(case_id, ("PHYS_PRONE", iso("Mon 10:12"), iso("Mon 10:20")), **WELL_RECORDED)
    query = """query($id: ID!) { case(id: $id) { history { late recordingDelaySeconds }
      findings(asOf: "2025-03-03T12:00:00Z", knownAt: "2025-03-03T12:00:00Z", includeResolved: true) {
        ruleId at resolvedAt } } }"""
    case = api.data(query, id=case_id)["case"]
    assert case["history"][-1] == {"late": True, "recordingDelaySeconds": 600}
    assert case["findings"] == [{"ruleId": "REC-01", "at": iso("Mon 10:25"), "resolvedAt": iso("Mon 10:30")}]


# ------------------------------------------------------------------------------------------------ command line

def replay(week: Week, *args: str, url_in_env: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RPLEDGER_POSTGRES_SCHEMA": week.database.schema}
    env.pop("RPLEDGER_DATABASE_URL", None)
    if url_in_env:
        env["RPLEDGER_DATABASE_URL"] = week.database.url
    command = [sys.executable, "-m", "rpledger.cli", "replay", *args, "--database", week.database.url]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def replay_json(week: Week, as_of: str, known_at: str) -> dict[str, Any]:
    done = replay(week, week.case_id, "--as-of", iso(as_of), "--known-at", iso(known_at), "--format", "json")
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


CLI_QUESTIONS = [
    ("Tue 10:20:01", "Mon 23:00", "NON_COMPLIANT"),
    ("Thu 12:00", "Thu 12:00", "COMPLIANT"),
    ("Thu 12:00", END, "NON_COMPLIANT"),
    ("Sat 14:10:01", "Fri 18:00", "NON_COMPLIANT"),
    ("Sat 14:10:01", "Sat 10:00", "COMPLIANT"),
    (END, END, "COMPLIANT"),
]


@pytest.mark.parametrize(("as_of", "known_at", "expected"), CLI_QUESTIONS,
                         ids=[f"{a} as known at {k}" for a, k, _ in CLI_QUESTIONS])
def test_replay_answers_as_graphql_does(week: Week, as_of: str, known_at: str, expected: str) -> None:
    answer = replay_json(week, as_of, known_at)
    final = answer["final"]
    assert (final["status"], final["asOf"], final["knownAt"]) == (expected, iso(as_of), iso(known_at))
    assert status(week, as_of, known_at) == expected
    graph = ask(week, "obligations(asOf: $asOf, knownAt: $knownAt) { status } findings(asOf: $asOf, knownAt: $knownAt) "
                "{ ruleId }", as_of, known_at)
    counts: dict[str, int] = {}
    for o in graph["obligations"]:
        counts[o["status"]] = counts.get(o["status"], 0) + 1
    assert (final["obligations"], final["openFindings"]) == (counts, len(graph["findings"]))
    keys = ENTRY.split()
    assert [{k: e[k] for k in keys} for e in answer["entries"]] == history(week, known_at)


def test_replay_text_marks_late_entries_and_links_corrections_and_retractions(week: Week) -> None:
    done = replay(week, week.case_id, "--as-of", iso(END), "--known-at", iso(END))
    assert done.returncode == 0, done.stderr
    headings = {int(line.split()[0][1:]): line for line in done.stdout.splitlines() if line.startswith("#")}
    assert sorted(headings) == list(HISTORY)
    assert [p for p, line in headings.items() if " LATE " in line] == [p for p, row in HISTORY.items() if row[5]]
    assert "LATE (recorded 24 h 30 min after it happened)" in headings[6] and "LATE (recorded 66 h 50 min after it ended)" in headings[15]
    assert "LATE (recorded 66 h 57 min after it happened)" in headings[17]
    assert headings[14].endswith(f"corrects {week.ids['U2']}")
    assert headings[22].endswith(f"retracts {week.ids['U4']}") and headings[23].endswith(f"retracts {week.ids['C4']}")
    assert "by Pat Nurse (CARE_STAFF)" in headings[15]
    assert done.stdout.splitlines()[-1].startswith(
        "Status at 2025-03-09T12:00:00+00:00, as known at 2025-03-09T12:00:00+00:00: COMPLIANT"
    )


def test_replay_of_an_unknown_case_exits_2_with_a_clear_message(week: Week) -> None:
    unknown = str(uuid4())
    done = replay(week, unknown, "--format", "json")
    assert (done.returncode, done.stdout, done.stderr.strip()) == (2, "", f"rpledger: no case has id {unknown}")


def test_replay_known_at_before_the_case_was_recorded_exits_2_saying_so(week: Week) -> None:
    done = replay(week, week.case_id, "--known-at", iso("Mon 07:59:59"), "--format", "json")
    assert (done.returncode, done.stdout) == (2, "")
    assert "recorded by" in done.stderr and "2025-03-03" in done.stderr, done.stderr


def test_replay_with_database_and_the_schema_setting_alone_reads_that_schema(week: Week) -> None:
    if week.database.backend != "postgresql":
        pytest.skip("the schema setting is PostgreSQL's")
    done = replay(week, week.case_id, "--as-of", iso(END), "--format", "json", url_in_env=False)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["entries"]) == len(HISTORY)


def test_replay_refuses_a_known_at_without_an_offset(week: Week) -> None:
    done = replay(week, week.case_id, "--known-at", "2025-03-05T12:00:00")
    assert done.returncode == 2 and "has no UTC offset" in done.stderr
