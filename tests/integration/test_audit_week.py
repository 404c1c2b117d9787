"""Audit: one week of a person's history (Mon 3 - Sun 9 March 2025, UTC), recorded with the clock set before each
command, then asked through GraphQL "as of X, as known at Y" at every boundary: just before, at and just after each
time something happened, each time it was recorded and each deadline, in the corrected and the uncorrected view.
This module records the week and asks for the status; test_audit_obligations asks for obligations and findings,
test_audit_history for the history and the same answers from ``rpledger replay``.

The week, in the order it was recorded (position: recorded at - what):
 1 Mon 08:00 case opened (08:00)
 2 Mon 08:05 authorisation granted 08:00
 3 Mon 10:30 U1 prone restraint 10:12-10:20
 4 Mon 10:30 C1 U1's pulse and breathing, taken during it at 10:18
 5 Mon 11:00 S1 U1's staff debrief held 10:45
 6 Tue 16:30 D1 U1's debrief held Mon 16:00 (LATE)
 7 Wed 08:35 U2 seclusion started 08:30, no outcome
 8 Wed 08:45 O2 U2 observed 08:45
 9 Wed 09:00 O2' U2 observed 09:00
10 Wed 09:10 U2 seclusion ended 09:00
11 Wed 09:40 S2 U2's staff debrief held 09:30
12 Wed 15:30 PIR1 post-incident review of U1, U2 held 15:00
13 Thu 10:05 D2 U2's debrief held Thu 10:00 (after its deadline, Thu 09:00)
14 Thu 11:00 correction of U2: its outcome (UOF-03 closes)
15 Fri 15:00 U3 restraint Tue 20:00-20:10 (LATE: REC-01)  \\ one
16 Fri 15:00 U4 restraint Fri 14:00-14:10 (wrong person) / request
17 Fri 15:05 C3 U3's pulse and breathing, taken during it at Tue 20:08 (LATE)
18 Fri 15:05 S3 U3's staff debrief held Tue 20:30 (LATE)
19 Fri 15:05 C4 U4's pulse and breathing, taken during it at Fri 14:08
20 Fri 15:45 D3 U3's debrief offered 15:30, declined
21 Fri 16:10 PIR2 U3's post-incident review held 16:00
22 Sat 10:00 U4 retracted
23 Sat 10:00 C4 retracted (the same wrong person)
24 Sun 12:00 care plan revised 11:00 for U1, U2, U3

What goes wrong in the week is the debriefs' and records' timing: U1's debrief recorded late, U2's record without
its outcome and its debrief late, U3 recorded late and its debrief late, U4 recorded for the wrong person. Everything
else is done as a good ward does it, so that the rules that judge it stay quiet: each restraint within NICE's 10
minutes (RES-03), prone with its reasons for prone and the floor (RES-01, RES-06), each with a pulse and breathing
check taken during it (RES-04), the staff debriefed within the day (DEB-03; U4 was retracted before that was due),
the record's care-plan flag answered "no" (CP-03), and the seclusion short (30 minutes), observed every 15 minutes
(SEC-07) and over before its first medical review was due. The three uses in the week make a care-plan review due
(GOV-02), which Sunday's revision meets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from rpledger.application.access import Role
from rpledger.bootstrap import build_services
from rpledger.infrastructure.settings import Database, Settings
from tests.conftest import TEST_AUTH, Clock, postgres_database, token_for
from tests.integration.conftest import COMPLETE_FACTS, ERRORS, WELL_RECORDED, Api, api_for

DAYS = {"Mon": 3, "Tue": 4, "Wed": 5, "Thu": 6, "Fri": 7, "Sat": 8, "Sun": 9, "Mon+": 10, "Tue+": 11, "Wed+": 12,
        "Fri+": 14}
END = "Sun 12:00"  # the last entry's recorded time: known at END is the whole record
# The record of a use with every s6(5) item, saying the force was not part of the care plan (no plan lists it: CP-03).
NOT_IN_CARE_PLAN = {**COMPLETE_FACTS, "inCarePlan": False}
# One request is sent as a nurse who may only do what care staff do; every other one as the tests' default user.
NURSE_HEADERS = {"Authorization": "Bearer " + token_for((Role.CARE_STAFF,), subject="n-42", name="Pat Nurse")}


def iso(when: str) -> str:
    """"Tue 10:20:01" -> "2025-03-04T10:20:01+00:00" (the form the API returns)."""
    day, time = when.split()
    return f"2025-03-{DAYS[day]:02d}T{time if time.count(':') == 2 else time + ':00'}+00:00"


def moment(when: str) -> datetime:
    return datetime.fromisoformat(iso(when))


@dataclass
class Week:
    api: Api
    database: Database
    case_id: str
    ids: dict[str, str]  # label (U1, D1, ...) -> entry id

    def label(self, entry_id: str | None) -> str | None:
        return None if entry_id is None else {v: k for k, v in self.ids.items()}.get(entry_id, entry_id)


def record_week(api: Api, clock: Clock, database: Database) -> Week:
    def at(when: str) -> None:
        clock.set(moment(when))

    ids: dict[str, str] = {}
    at("Mon 08:00")
    case = ids["case"] = api.open_case("P-WEEK", opened_at=iso("Mon 08:00"))
    at("Mon 08:05")
    ids["auth"] = api.grant(case, grantedAt=iso("Mon 08:00"))
    at("Mon 10:30")
    ids["U1"] = api.record_use(case, ("PHYS_PRONE", iso("Mon 10:12"), iso("Mon 10:20")), **WELL_RECORDED)
    ids["C1"] = api.observe(case, ids["U1"], iso("Mon 10:18"))
    at("Mon 11:00")
    ids["S1"] = api.debrief(case, ids["U1"], iso("Mon 10:45"), "WITH_STAFF")
    at("Tue 16:30")
    ids["D1"] = api.debrief(case, ids["U1"], iso("Mon 16:00"))
    at("Wed 08:35")
    seclusion = ("ISO_SECLUSION", iso("Wed 08:30"), None)
    ids["U2"] = api.record_use(case, seclusion, **{**NOT_IN_CARE_PLAN, "outcome": None})
    for label, when in (("O2", "Wed 08:45"), ("O2'", "Wed 09:00")):
        at(when)
        ids[label] = api.observe(case, ids["U2"], iso(when), vitals=None, note="Sitting on the bed, quieter")
    at("Wed 09:10")
    api.ok("endUse", {"caseId": case, "useId": ids["U2"], "endedAt": iso("Wed 09:00")}, "use { id }")
    at("Wed 09:40")
    ids["S2"] = api.debrief(case, ids["U2"], iso("Wed 09:30"), "WITH_STAFF")
    at("Wed 15:30")
    ids["PIR1"] = api.debrief(case, ids["U1"], iso("Wed 15:00"), "POST_INCIDENT_REVIEW", useIds=[ids["U1"], ids["U2"]])
    at("Thu 10:05")
    ids["D2"] = api.debrief(case, ids["U2"], iso("Thu 10:00"))
    at("Thu 11:00")
    correction = {"caseId": case, "entryId": ids["U2"], "reason": "Outcome from the seclusion record",
                  "use": {"outcome": "Calm; seclusion ended after medical review"}}
    api.ok("correctEntry", correction, "correction { corrects }")
    at("Fri 15:00")  # two uses in ONE request: a forgotten one from Tuesday, and one for the wrong person
    both = """mutation($late: RecordUseInput!, $wrong: RecordUseInput!) {
      late: recordUse(input: $late) { use { id } %s }  wrong: recordUse(input: $wrong) { use { id } %s } }"""
    uses = {name: {"caseId": case, "segments": [{"practice": "PHYS_STANDING", "startedAt": iso(start),
                                                 "endedAt": iso(end)}], **NOT_IN_CARE_PLAN}
            for name, start, end in (("late", "Tue 20:00", "Tue 20:10"), ("wrong", "Fri 14:00", "Fri 14:10"))}
    body = api.request("POST", "/graphql", json={"query": both % (ERRORS, ERRORS), "variables": uses},
                       headers=NURSE_HEADERS).json()
    assert "errors" not in body and body["data"]["late"]["errors"] == body["data"]["wrong"]["errors"] == [], body
    ids["U3"], ids["U4"] = body["data"]["late"]["use"]["id"], body["data"]["wrong"]["use"]["id"]
    at("Fri 15:05")  # from the same notes: the checks taken during both, and Tuesday's staff debrief
    ids["C3"] = api.observe(case, ids["U3"], iso("Tue 20:08"))
    ids["S3"] = api.debrief(case, ids["U3"], iso("Tue 20:30"), "WITH_STAFF")
    ids["C4"] = api.observe(case, ids["U4"], iso("Fri 14:08"))
    at("Fri 15:45")
    ids["D3"] = api.debrief(case, ids["U3"], iso("Fri 15:30"), declinedReason="Did not want to talk about it")
    at("Fri 16:10")
    ids["PIR2"] = api.debrief(case, ids["U3"], iso("Fri 16:00"), "POST_INCIDENT_REVIEW")
    at("Sat 10:00")
    for wrong in ("U4", "C4"):
        api.ok("retractEntry", {"caseId": case, "entryId": ids[wrong], "reason": "Recorded for the wrong person"},
               "retraction { retracts }")
    at("Sun 12:00")
    plan = {"caseId": case, "revisedAt": iso("Sun 11:00"), "triggeredBy": [ids["U1"], ids["U2"], ids["U3"]],
            "summary": "Earlier low-stimulus space; seclusion review"}
    ids["CP"] = api.ok("reviseCarePlan", plan, "carePlanRevision { id }")["carePlanRevision"]["id"]
    return Week(api, database, case, ids)


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def week_on(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Week]:
    """The week recorded on a fresh database of the backend; each module records it once per backend (its
    questions only read it): ``yield from week_on(...)`` in a module-scoped fixture parametrised by BACKENDS."""
    with ExitStack() as stack:
        if backend == "sqlite":
            database = Database.from_url(f"sqlite:///{tmp_path_factory.mktemp('week')}/rpledger.db")
        else:
            database = stack.enter_context(contextmanager(postgres_database)())
        clock = Clock(moment("Mon 08:00"))
        services = build_services(Settings(database=database, authentication=TEST_AUTH), clock=clock)
        stack.callback(services.close)
        yield record_week(api_for(services), clock, database)


@pytest.fixture(scope="module", params=BACKENDS)
def week(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Week]:
    yield from week_on(request.param, tmp_path_factory)


def ask(week: Week, fields: str, as_of: str | None, known_at: str | None, corrected: bool = True) -> dict[str, Any]:
    """``case(id) { fields }``, with whichever of $asOf, $knownAt and $corrected the fields use."""
    given = {"asOf": as_of and iso(as_of), "knownAt": known_at and iso(known_at), "corrected": corrected}
    kinds = {"asOf": "DateTime", "knownAt": "DateTime", "corrected": "Boolean!"}
    used = {name: value for name, value in given.items() if f"${name}" in fields}
    declared = "".join(f", ${name}: {kinds[name]}" for name in used)
    query = f"query($id: ID!{declared}) {{ case(id: $id) {{ {fields} }} }}"
    case: dict[str, Any] = week.api.data(query, id=week.case_id, **used)["case"]
    return case


def status(week: Week, as_of: str, known_at: str | None, corrected: bool = True) -> str:
    answer: str = ask(week, "status(asOf: $asOf, knownAt: $knownAt, corrected: $corrected)", as_of, known_at,
                      corrected)["status"]
    return answer


# ------------------------------------------------------------------------------------------------------ status

# asOf as known at the end (and, through the read models, with no knownAt at all).
AS_NOW_KNOWN = [
    ("Mon 10:19:59", "COMPLIANT"),  # nothing has happened that asks anything
    ("Mon 10:20", "COMPLIANT"),  # U1 ended: its obligations open
    ("Tue 10:20:01", "COMPLIANT"),  # U1's debrief deadline passed, but it had been held on Monday
    ("Tue 20:10", "COMPLIANT"),  # U3 ended (not recorded until Friday): its obligations open
    ("Wed 08:09:59", "COMPLIANT"),
    ("Wed 08:10", "ATTENTION"),  # U3's debrief due within 12 h
    ("Wed 08:59:59", "ATTENTION"),
    ("Wed 09:00", "NON_COMPLIANT"),  # U2 ended with no outcome recorded: UOF-03
    ("Wed 20:10", "NON_COMPLIANT"),  # ... and U3 should have been recorded by now: REC-01
    ("Thu 11:00", "NON_COMPLIANT"),  # UOF-03 closed by the correction, U3 still overdue
    ("Fri 15:29:59", "NON_COMPLIANT"),
    ("Fri 15:30", "ATTENTION"),  # U3's debrief declined (late); its post-incident review due at 20:10
    ("Fri 15:59:59", "ATTENTION"),
    ("Fri 16:00", "COMPLIANT"),
    ("Sat 14:10:01", "COMPLIANT"),  # U4's debrief would be overdue, but U4 is retracted
    ("Sun 22:20", "COMPLIANT"),  # U1's care-plan revision would be due soon, but it was revised at 11:00
    ("Mon+ 10:20:01", "COMPLIANT"),
]


@pytest.mark.parametrize(("as_of", "expected"), AS_NOW_KNOWN, ids=[a for a, _ in AS_NOW_KNOWN])
@pytest.mark.parametrize("known_at", [END, None], ids=["known-at-end", "read-models"])
def test_status_as_of_each_boundary_as_now_known(week: Week, as_of: str, known_at: str | None, expected: str) -> None:
    assert status(week, as_of, known_at) == expected


# What an inspector visiting at that moment would have seen: asOf = knownAt.
AS_KNOWN_THEN = [
    ("Mon 08:00", "COMPLIANT"),  # the case just opened
    ("Mon 22:19:59", "COMPLIANT"),
    ("Mon 22:20", "ATTENTION"),  # U1's debrief due within 12 h, and none recorded
    ("Tue 10:19:59", "ATTENTION"),
    # At the deadline the debrief is still due, but from that minute the record must also say whether the
    # post-incident review with the person was held (DEB-03, MHSDS); as far as it showed, it did not.
    ("Tue 10:20", "NON_COMPLIANT"),
    ("Tue 10:20:01", "NON_COMPLIANT"),  # overdue as far as the record showed
    ("Tue 16:29:59", "NON_COMPLIANT"),
    ("Tue 16:30", "COMPLIANT"),  # the debrief recorded: met on Monday
    ("Wed 08:34:59", "COMPLIANT"),
    ("Wed 08:35", "ATTENTION"),  # U2's seclusion on the record: its first observation due within 15 min
    # U2 had ended but the record did not say so yet: it showed the seclusion going on, the next observation due
    ("Wed 09:09:59", "ATTENTION"),
    ("Wed 09:10", "NON_COMPLIANT"),  # U2's end recorded: its record lacks the outcome
    ("Thu 10:59:59", "NON_COMPLIANT"),
    ("Thu 11:00", "COMPLIANT"),  # corrected
    ("Fri 14:59:59", "COMPLIANT"),  # the inspector on Friday lunchtime saw a compliant case
    ("Fri 15:00", "NON_COMPLIANT"),  # U3 recorded: its debrief long overdue
    ("Fri 15:44:59", "NON_COMPLIANT"),
    ("Fri 15:45", "ATTENTION"),  # U3's declined debrief recorded; review due 20:10
    ("Fri 16:09:59", "ATTENTION"),
    ("Fri 16:10", "COMPLIANT"),
    ("Sat 02:10", "ATTENTION"),  # U4's debrief due within 12 h
    ("Sat 09:59:59", "ATTENTION"),
    ("Sat 10:00", "COMPLIANT"),  # U4 retracted
    (END, "COMPLIANT"),
]


@pytest.mark.parametrize(("when", "expected"), AS_KNOWN_THEN, ids=[w for w, _ in AS_KNOWN_THEN])
def test_status_as_known_at_the_time(week: Week, when: str, expected: str) -> None:
    assert status(week, when, when) == expected


# asOf X as known at Y, with X after Y (what the record then implied about later) and X before Y (hindsight).
AS_OF_AS_KNOWN_AT = [
    ("Tue 10:20:01", "Mon 23:00", "NON_COMPLIANT"),  # X > Y: the debrief would be overdue by Tuesday
    ("Tue 10:20:01", "Tue 16:30", "COMPLIANT"),  # X < Y: we later learnt it was held on Monday
    ("Tue 12:00", "Tue 12:00", "NON_COMPLIANT"),
    ("Thu 11:00", "Thu 10:59:59", "NON_COMPLIANT"),  # X > Y: the correction not yet made
    ("Thu 12:00", "Thu 12:00", "COMPLIANT"),
    ("Thu 12:00", "Fri 15:00", "NON_COMPLIANT"),  # X < Y: U3 had in fact been overdue since Wednesday
    ("Sun 12:00", "Thu 12:00", "COMPLIANT"),  # X > Y
    ("Sun 22:20", "Thu 12:00", "ATTENTION"),  # X > Y: U1's care plan due soon, its revision not yet recorded
    ("Mon+ 10:20:01", "Thu 12:00", "NON_COMPLIANT"),
    ("Sat 02:10", "Fri 18:00", "ATTENTION"),  # X > Y: U4 was then on the record
    ("Sat 14:10:01", "Fri 18:00", "NON_COMPLIANT"),
    ("Sat 14:10:01", "Sat 09:59:59", "NON_COMPLIANT"),
    ("Sat 14:10:01", "Sat 10:00", "COMPLIANT"),
    ("Fri 16:00", "Sat 10:00", "COMPLIANT"),  # X < Y
]


@pytest.mark.parametrize(("as_of", "known_at", "expected"), AS_OF_AS_KNOWN_AT,
                         ids=[f"{a} as known at {k}" for a, k, _ in AS_OF_AS_KNOWN_AT])
def test_status_as_of_x_as_known_at_y(week: Week, as_of: str, known_at: str, expected: str) -> None:
    assert status(week, as_of, known_at) == expected


# The uncorrected view: the entries as first recorded, without the correction (U2 keeps no outcome) or retraction.
UNCORRECTED = [
    ("Mon 12:00", END, "COMPLIANT", "COMPLIANT"),
    # Nothing corrected by Tue 16:30, so both views agree: U1's debrief (held Monday) meets its DEB-01.
    ("Tue 12:00", "Tue 16:30", "COMPLIANT", "COMPLIANT"),
    ("Thu 11:00", "Thu 11:00", "NON_COMPLIANT", "COMPLIANT"),
    ("Fri 16:00", "Fri 18:00", "NON_COMPLIANT", "COMPLIANT"),
    ("Sat 02:10", END, "NON_COMPLIANT", "COMPLIANT"),
    (END, END, "NON_COMPLIANT", "COMPLIANT"),
]


@pytest.mark.parametrize(("as_of", "known_at", "uncorrected", "corrected"), UNCORRECTED,
                         ids=[f"{a} as known at {k}" for a, k, *_ in (getattr(r, "values", r) for r in UNCORRECTED)])
def test_status_uncorrected(week: Week, as_of: str, known_at: str, uncorrected: str, corrected: str) -> None:
    assert (status(week, as_of, known_at, False), status(week, as_of, known_at)) == (uncorrected, corrected)
