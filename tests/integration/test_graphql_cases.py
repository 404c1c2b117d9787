"""The ``cases`` query (filtered by compliance status and location at a moment, a page at a time), and a use that
starts without an end (seclusion) and is ended later by ``endUse``."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import Clock
from tests.integration.conftest import WELL_RECORDED, Api

AS_OF = "2025-03-02T00:00:00+00:00"

CASES = """
query($status: ComplianceStatus, $locationId: String, $asOf: DateTime, $first: Int! = 50, $after: String) {
  cases(status: $status, locationId: $locationId, asOf: $asOf, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { personRef locationId status } }
  }
}"""


@pytest.fixture
def wards(api: Api) -> dict[str, str]:
    """At 2025-03-02 00:00: P-A (WARD-A) has a debrief due soon, P-B (WARD-A) owes nothing, P-C (WARD-B) had an
    unauthorised use; P-D (WARD-B) is opened only on 2025-03-05.

    Each restraint is otherwise well done and well recorded (within NICE's 10 minutes, its reasons for prone and the
    floor given, a pulse and breathing check after it), so that those are the only things that set each status."""
    opened = {ref: api.open_case(ref, location_id=ward) for ref, ward in
              (("P-A", "WARD-A"), ("P-B", "WARD-A"), ("P-C", "WARD-B"))}
    opened["P-D"] = api.open_case("P-D", location_id="WARD-B", opened_at="2025-03-05T08:00:00+00:00")
    for ref in ("P-A", "P-B"):
        api.grant(opened[ref])
    a = api.record_use(opened["P-A"], ("PHYS_PRONE", "2025-03-01T10:12:00+00:00", "2025-03-01T10:20:00+00:00"),
                       **WELL_RECORDED)
    api.observe(opened["P-A"], a, "2025-03-01T10:30:00+00:00")
    c = api.record_use(opened["P-C"], ("PHYS_PRONE", "2025-03-01T09:00:00+00:00", "2025-03-01T09:10:00+00:00"),
                       **WELL_RECORDED)
    api.observe(opened["P-C"], c, "2025-03-01T09:20:00+00:00")
    api.debrief(opened["P-C"], c, "2025-03-01T10:00:00+00:00")
    return opened


def people(api: Api, **arguments: object) -> list[str]:
    return sorted(edge["node"]["personRef"] for edge in api.data(CASES, **arguments)["cases"]["edges"])


def test_cases_lists_those_opened_by_the_moment(api: Api, wards: dict[str, str]) -> None:
    assert people(api, asOf=AS_OF) == ["P-A", "P-B", "P-C"]


@pytest.mark.parametrize(
    ("status", "expected"), [("NON_COMPLIANT", ["P-C"]), ("ATTENTION", ["P-A"]), ("COMPLIANT", ["P-B"])]
)
def test_cases_filters_by_status_at_the_moment(
    api: Api, wards: dict[str, str], status: str, expected: list[str]
) -> None:
    assert people(api, status=status, asOf=AS_OF) == expected


def test_status_filter_follows_the_moment(api: Api, wards: dict[str, str]) -> None:
    assert people(api, status="NON_COMPLIANT", asOf="2025-03-02T10:20:01+00:00") == ["P-A", "P-C"]


def test_each_listed_case_shows_the_status_it_was_filtered_by(api: Api, wards: dict[str, str]) -> None:
    for status in ("NON_COMPLIANT", "ATTENTION", "COMPLIANT"):
        nodes = [e["node"] for e in api.data(CASES, status=status, asOf=AS_OF)["cases"]["edges"]]
        assert {n["status"] for n in nodes} == {status}


def test_cases_filters_by_location(api: Api, wards: dict[str, str]) -> None:
    assert people(api, locationId="WARD-B", asOf="2025-03-06T00:00:00+00:00") == ["P-C", "P-D"]


def test_cases_filters_by_status_and_location_together(api: Api, wards: dict[str, str]) -> None:
    assert people(api, status="NON_COMPLIANT", locationId="WARD-A", asOf=AS_OF) == []


def test_cases_without_as_of_are_those_opened_by_now(api: Api, wards: dict[str, str], clock: Clock) -> None:
    clock.set(datetime.fromisoformat("2025-03-05T07:59:59+00:00"))
    assert people(api) == ["P-A", "P-B", "P-C"]


def test_first_page_says_there_is_a_next_and_counts_all(api: Api, wards: dict[str, str]) -> None:
    page = api.data(CASES, asOf=AS_OF, first=2)["cases"]
    assert (len(page["edges"]), page["pageInfo"]["hasNextPage"], page["totalCount"]) == (2, True, 3)
    assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]


def test_pages_after_the_cursor_cover_every_case_once(api: Api, wards: dict[str, str]) -> None:
    first = api.data(CASES, asOf=AS_OF, first=2)["cases"]
    rest = api.data(CASES, asOf=AS_OF, first=2, after=first["pageInfo"]["endCursor"])["cases"]
    assert (len(rest["edges"]), rest["pageInfo"]["hasNextPage"], rest["totalCount"]) == (1, False, 3)
    seen = [e["node"]["personRef"] for e in first["edges"] + rest["edges"]]
    assert sorted(seen) == ["P-A", "P-B", "P-C"]


def test_pages_of_a_filtered_list_count_only_matching_cases(api: Api, wards: dict[str, str]) -> None:
    page = api.data(CASES, locationId="WARD-A", asOf=AS_OF, first=1)["cases"]
    assert (len(page["edges"]), page["pageInfo"]["hasNextPage"], page["totalCount"]) == (1, True, 2)


def test_empty_page_has_no_end_cursor(api: Api, wards: dict[str, str]) -> None:
    page = api.data(CASES, locationId="WARD-Z", asOf=AS_OF)["cases"]
    assert page == {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}, "edges": []}


@pytest.mark.parametrize(("arguments", "named"), [({"after": "not-a-cursor"}, "after"), ({"first": 0}, "first")])
def test_bad_page_arguments_are_refused_with_an_error_naming_them(
    api: Api, wards: dict[str, str], arguments: dict[str, object], named: str
) -> None:
    body = api.post(CASES, {"asOf": AS_OF, **arguments})
    assert body["data"] is None and body["errors"][0]["message"].startswith(named)


# ------------------------------------------------------------------------------------------- a use still going on

SECLUSION_START = "2025-03-01T10:00:00+00:00"
SECLUSION_END = "2025-03-01T14:30:00+00:00"
USE = "query($id: ID!) { case(id: $id) { uses { id endedAt segments { practice nationalCode startedAt endedAt } } } }"


# What follows the end of a use. The seclusion's own reviews and observations (SEC-*) are owed from its start while it
# goes on, and are judged in the seclusion features and test_graphql_seclusion_night: here they are only told apart.
AFTERCARE = ("DEB-01", "DEB-02", "CP-01")


def start_seclusion(api: Api, case_id: str) -> str:
    return api.record_use(case_id, ("ISO_SECLUSION", SECLUSION_START, None))


def owed(api: Api, case_id: str, as_of: str) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """The aftercare obligations at the moment (rule -> (triggeredBy, dueAt)), and the rules of all the others."""
    obligations = api.compliance(case_id, as_of)["obligations"]
    aftercare = {o["ruleId"]: (o["triggeredBy"], o["dueAt"]) for o in obligations if o["ruleId"] in AFTERCARE}
    return aftercare, {o["ruleId"] for o in obligations if o["ruleId"] not in AFTERCARE}


def seclusion_duties(rules: set[str]) -> bool:
    """Some obligations, each one of the seclusion's own (not, say, a restraint's)."""
    return bool(rules) and all(rule.startswith("SEC-") for rule in rules)


def test_seclusion_started_without_an_end_is_shown_as_going_on(api: Api, case_id: str) -> None:
    use_id = start_seclusion(api, case_id)
    assert api.data(USE, id=case_id)["case"]["uses"] == [{
        "id": use_id, "endedAt": None,
        "segments": [
            {"practice": "ISO_SECLUSION", "nationalCode": "05", "startedAt": SECLUSION_START, "endedAt": None}
        ],
    }]


def test_seclusion_going_on_opens_no_aftercare_obligations(api: Api, case_id: str) -> None:
    start_seclusion(api, case_id)
    aftercare, others = owed(api, case_id, "2025-04-01T00:00:00+00:00")
    assert aftercare == {} and seclusion_duties(others)


def test_seclusion_going_on_is_started_in_the_history(api: Api, case_id: str) -> None:
    start_seclusion(api, case_id)
    history = api.data("query($id: ID!) { case(id: $id) { history { kind } } }", id=case_id)["case"]["history"]
    assert history[-1] == {"kind": "UseStarted"}


def test_end_use_records_the_end(api: Api, case_id: str) -> None:
    use_id = start_seclusion(api, case_id)
    payload = api.ok("endUse", {"caseId": case_id, "useId": use_id, "endedAt": SECLUSION_END}, "use { id endedAt }")
    assert payload["use"] == {"id": use_id, "endedAt": SECLUSION_END}


def test_ended_seclusion_opens_its_obligations_from_its_end(api: Api, case_id: str) -> None:
    use_id = start_seclusion(api, case_id)
    api.ok("endUse", {"caseId": case_id, "useId": use_id, "endedAt": SECLUSION_END}, "use { id }")
    aftercare, others = owed(api, case_id, SECLUSION_END)
    assert aftercare == {
        "DEB-01": (use_id, "2025-03-02T14:30:00+00:00"),
        "DEB-02": (use_id, "2025-03-04T14:30:00+00:00"),
        "CP-01": (use_id, "2025-03-08T14:30:00+00:00"),
    }
    assert seclusion_duties(others)


def test_ended_seclusion_owes_no_aftercare_before_its_end(api: Api, case_id: str) -> None:
    use_id = start_seclusion(api, case_id)
    api.ok("endUse", {"caseId": case_id, "useId": use_id, "endedAt": SECLUSION_END}, "use { id }")
    aftercare, others = owed(api, case_id, "2025-03-01T14:29:59+00:00")
    assert aftercare == {} and seclusion_duties(others)


def test_use_cannot_be_ended_twice(api: Api, case_id: str) -> None:
    use_id = start_seclusion(api, case_id)
    ended = {"caseId": case_id, "useId": use_id, "endedAt": SECLUSION_END}
    api.ok("endUse", ended, "use { id }")
    errors = api.mutate("endUse", {**ended, "endedAt": "2025-03-01T15:00:00+00:00"}, "use { id }")["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("useId", "USE_ALREADY_ENDED")]


def test_debrief_of_a_seclusion_still_going_on_is_refused(api: Api, case_id: str) -> None:
    use_id = start_seclusion(api, case_id)
    given = {"caseId": case_id, "useIds": [use_id], "kind": "WITH_PERSON", "heldAt": "2025-03-01T11:00:00+00:00"}
    errors = api.mutate("recordDebrief", given, "debrief { id }")["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("useIds", "USE_NOT_ENDED")]
