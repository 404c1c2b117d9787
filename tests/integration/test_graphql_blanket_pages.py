"""The register of blanket restrictions a page at a time (``blanketRestrictions(first:, after:)``): the pages, read
one after another, give the whole register in its order (high priority first, then in the order introduced, ties by
id), each with the register's total count; bad ``first`` and ``after`` are refused naming the argument; and a page
costs the same queries however many restrictions it holds. Every test runs on SQLite and, when configured, on
PostgreSQL."""

from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

import pytest

from rpledger.bootstrap import Services
from rpledger.graphql.case_types import cursor_of
from rpledger.graphql.queries import MAX_PAGE
from tests.integration.conftest import Api
from tests.integration.test_case_batches import event_store_statements
from tests.integration.test_dataloaders import counted
from tests.integration.test_graphql_blanket import ELM, introduce

PAGE = """
query($loc: String!, $first: Int, $after: String, $includeLifted: Boolean! = false) {
  blanketRestrictions(locationId: $loc, first: $first, after: $after, includeLifted: $includeLifted) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id priority introducedAt } }
  }
}"""
# Three introduced at the same moment (ties broken by id), subtle (HIGH) and other (STANDARD) kinds interleaved.
KINDS = [
    ("SMOKING", "2025-01-01T09:00:00Z"), ("HOT_DRINKS", "2025-01-10T09:00:00Z"), ("OTHER", "2025-01-05T09:00:00Z"),
    ("VISITORS", "2025-01-10T09:00:00Z"), ("PHONE", "2025-01-10T09:00:00Z"), ("SMOKING", "2025-01-03T09:00:00Z"),
    ("INTERNET", "2025-01-02T09:00:00Z"),
]


def page(api: Api, first: int | None = None, after: str | None = None, **more: Any) -> dict[str, Any]:
    variables = {"loc": ELM, "after": after, **more} | ({} if first is None else {"first": first})
    found: dict[str, Any] = api.data(PAGE, **variables)["blanketRestrictions"]
    return found


def introduce_kinds(api: Api) -> list[str]:
    return [introduce(api, f"Restriction {n}", category=kind, introducedAt=at) for n, (kind, at) in enumerate(KINDS)]


def test_the_pages_in_turn_give_the_whole_register_in_its_order(api: Api) -> None:
    ids = introduce_kinds(api)
    whole = page(api, first=MAX_PAGE)
    assert (whole["totalCount"], whole["pageInfo"]["hasNextPage"], len(whole["edges"])) == (7, False, 7)
    nodes = [e["node"] for e in whole["edges"]]
    assert sorted(n["id"] for n in nodes) == sorted(ids)
    # The register's order: HIGH first, then introduced, then id.
    assert nodes == sorted(nodes, key=lambda n: (n["priority"] != "HIGH", n["introducedAt"], n["id"]))
    assert [n["priority"] for n in nodes] == ["HIGH"] * 4 + ["STANDARD"] * 3

    for size in (1, 2, 3):
        seen, after, pages = [], None, 0
        while True:
            found = page(api, first=size, after=after)
            pages += 1
            assert found["totalCount"] == 7
            assert len(found["edges"]) <= size
            seen += [e["node"] for e in found["edges"]]
            if not found["pageInfo"]["hasNextPage"]:
                break
            after = found["pageInfo"]["endCursor"]
            assert after == found["edges"][-1]["cursor"]
        assert seen == nodes
        assert pages == -(-7 // size)


def test_a_page_is_the_default_size_and_an_empty_register_an_empty_page(api: Api) -> None:
    empty = page(api)
    assert empty == {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}, "edges": []}
    for n in range(52):
        introduce(api, f"Rule {n}", category="OTHER", introducedAt="2025-01-20T09:00:00Z")
    first = page(api)
    assert (len(first["edges"]), first["totalCount"], first["pageInfo"]["hasNextPage"]) == (50, 52, True)
    rest = page(api, after=first["pageInfo"]["endCursor"])
    assert (len(rest["edges"]), rest["pageInfo"]["hasNextPage"]) == (2, False)
    nodes = api.data(f'{{ blanketRestrictions(locationId: "{ELM}", first: 60) {{ nodes {{ id }} }} }}')
    assert [n["id"] for n in nodes["blanketRestrictions"]["nodes"]] == [
        e["node"]["id"] for e in first["edges"] + rest["edges"]
    ]


def test_a_cursor_still_pages_on_after_its_restriction_was_lifted(api: Api) -> None:
    introduce_kinds(api)
    head = page(api, first=3)
    lifted = head["edges"][-1]["node"]["id"]
    api.ok("liftBlanketRestriction", {"restrictionId": lifted, "reason": "No longer needed",
                                      "liftedAt": "2025-02-01T10:00:00Z"}, "entryId")
    rest = page(api, first=MAX_PAGE, after=head["pageInfo"]["endCursor"])
    whole = page(api, first=MAX_PAGE, includeLifted=True)
    assert [e["node"] for e in rest["edges"]] == [e["node"] for e in whole["edges"]][3:]
    assert rest["totalCount"] == 6 and whole["totalCount"] == 7


@pytest.mark.parametrize("first", [0, -1, MAX_PAGE + 1])
def test_a_page_size_out_of_bounds_is_refused_naming_first(api: Api, first: int) -> None:
    body = api.post(PAGE, {"loc": ELM, "first": first})
    assert body["data"] is None
    assert f"first must be between 1 and {MAX_PAGE}, not {first}" in body["errors"][0]["message"]


@pytest.mark.parametrize("after", [
    "not-a-cursor", "", base64.urlsafe_b64encode(b"blanket:2:x:y").decode(), cursor_of(UUID(int=7)),
    base64.urlsafe_b64encode(f"blanket:1:{UUID(int=7)}:2025-01-10T09:00:00".encode()).decode(),  # no UTC offset
])
def test_a_cursor_this_api_did_not_issue_is_refused_naming_after(api: Api, after: str) -> None:
    body = api.post(PAGE, {"loc": ELM, "after": after})
    assert body["data"] is None
    assert body["errors"][0]["message"].startswith("after "), body
    assert body["errors"][0]["message"].endswith("is not a cursor this API issued"), body


def test_a_page_costs_the_same_queries_for_3_restrictions_as_for_30(api: Api, services: Services) -> None:
    query = """query($loc: String!) { blanketRestrictions(locationId: $loc, first: 500) {
      totalCount nodes { id status nextReviewDue obligations { id status } findings { ruleId } exemptions { id }
                         justification { approvedBy } lastReview { decision } }
    } }"""
    for n in range(3):
        introduce(api, f"Rule {n}", category="OTHER", introducedAt="2025-01-20T09:00:00Z")
    with counted(services) as small:
        few = api.data(query, loc=ELM)["blanketRestrictions"]
    for n in range(3, 30):
        introduce(api, f"Rule {n}", category="OTHER", introducedAt="2025-01-20T09:00:00Z")
    with counted(services) as large:
        many = api.data(query, loc=ELM)["blanketRestrictions"]
    assert (len(few["nodes"]), len(many["nodes"]), many["totalCount"]) == (3, 30, 30)
    # The count, the page, then its obligations, findings and exemptions: one query each.
    assert len(small) == len(large) == 5, large


def test_a_page_of_histories_costs_the_same_statements_for_3_restrictions_as_for_30(
    api: Api, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = """query($loc: String!) { blanketRestrictions(locationId: $loc, first: 500) {
      nodes { id history { position kind summary } } } }"""
    for n in range(3):
        introduce(api, f"Rule {n}", category="OTHER", introducedAt="2025-01-20T09:00:00Z")
    with event_store_statements(services, monkeypatch) as small:
        few = api.data(query, loc=ELM)["blanketRestrictions"]["nodes"]
    for n in range(3, 30):
        introduce(api, f"Rule {n}", category="OTHER", introducedAt="2025-01-20T09:00:00Z")
    with event_store_statements(services, monkeypatch) as large:
        many = api.data(query, loc=ELM)["blanketRestrictions"]["nodes"]
    assert (len(few), len(many)) == (3, 30)
    assert len(small) == len(large) == 1, large  # the page's restrictions' events, in one statement
    # Each history is the restriction's own, as asking for that restriction alone gives it.
    for node in many[::7]:
        alone = api.data("query($id: ID!) { blanketRestriction(id: $id) { history { position kind summary } } }",
                         id=node["id"])["blanketRestriction"]["history"]
        assert node["history"] == alone
        assert [entry["position"] for entry in alone] == list(range(1, len(alone) + 1))
        assert alone[0]["kind"] == "Introduced"
