"""A page of cases is read with a fixed number of queries, however many cases it holds: each case's status, uses,
obligations and findings are read for the whole page at once (``rpledger.graphql.loaders``), and what each case
shows is its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event

from rpledger.bootstrap import Services
from tests.conftest import Clock
from tests.integration.conftest import WELL_RECORDED, Api

ONE_CASE = "status uses { id } obligations { id ruleId status } findings { ruleId }"
PAGE = """
query($first: Int!) {
  cases(first: $first) {
    edges { node { id personRef status uses { id } obligations { id ruleId status } findings { ruleId } } }
  }
}"""


@contextmanager
def counted(services: Services) -> Iterator[list[str]]:
    """The statements the read models' engine runs while the block runs."""
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    event.listen(services.view.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(services.view.engine, "before_cursor_execute", seen)


def open_with_a_restraint(api: Api, number: int) -> str:
    case_id = api.open_case(f"P-{number:03d}")
    api.grant(case_id)
    minute = f"{number % 50:02d}"
    api.record_use(
        case_id, ("PHYS_STANDING", f"2025-03-02T10:{minute}:00+00:00", f"2025-03-02T11:{minute}:00+00:00"),
        **WELL_RECORDED,
    )
    return case_id


def test_a_page_of_cases_costs_the_same_queries_for_3_cases_as_for_30(api: Api, services: Services) -> None:
    for number in range(3):
        open_with_a_restraint(api, number)
    with counted(services) as small:
        few = api.data(PAGE, first=50)["cases"]["edges"]
    for number in range(3, 30):
        open_with_a_restraint(api, number)
    with counted(services) as large:
        many = api.data(PAGE, first=50)["cases"]["edges"]

    assert (len(few), len(many)) == (3, 30)
    assert len(large) == len(small), large
    # The count, the page and its cases' statuses, then uses, obligations and findings: one query each.
    assert len(large) <= 6


def test_each_case_of_a_page_shows_its_own_uses_and_obligations(api: Api, clock: Clock) -> None:
    ids = [open_with_a_restraint(api, number) for number in range(4)]
    clock.set(datetime(2025, 3, 4, 9, 0, tzinfo=UTC))  # after every restraint: their obligations exist
    edges = api.data(PAGE, first=50)["cases"]["edges"]
    for edge in edges:
        node = edge["node"]
        alone = api.data(f"query($id: ID!) {{ case(id: $id) {{ {ONE_CASE} }} }}", id=node["id"])["case"]
        assert {k: node[k] for k in alone} == alone
        assert len(node["uses"]) == 1
        assert {o["ruleId"] for o in node["obligations"]} >= {"RES-04"}
    assert sorted(e["node"]["id"] for e in edges) == sorted(ids)
    assert len({e["node"]["uses"][0]["id"] for e in edges}) == len(ids)
