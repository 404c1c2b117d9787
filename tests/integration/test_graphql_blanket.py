"""Blanket restrictions through the API: the register by location, a restriction's status, obligations, findings,
exemptions and history at a moment, input errors that name their field and write nothing, and a rebuild that gives
the same register. Every test runs on SQLite and, when configured, on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from rpledger.bootstrap import Services
from tests.conftest import Clock
from tests.integration.conftest import Api

ELM = "elm-house"
AUDIT = "2025-05-01T09:00:00+00:00"
RESTRICTION = """
  id locationId setting scope description category subtle priority riskAddressed introducedAt firstJustifiedAt
  justification { necessityAndProportionality approvedBy communicatedHow justifiedAt }
  lastReview { decision reviewedBy continues reviewedAt }
  liftedAt liftReason reviewEveryMonths policy
  inForce(asOf: $asOf) status(asOf: $asOf) nextReviewDue(asOf: $asOf)
  obligations(asOf: $asOf) { id ruleId triggeredBy dueAt metAt metBy status timeToReviewSeconds }
  findings(asOf: $asOf) { id ruleId subject at resolvedAt detail }
  exemptions(asOf: $asOf) { personRef reason grantedAt }
"""
REGISTER = f"""
query Register($locationId: String!, $asOf: DateTime, $includeLifted: Boolean! = false) {{
  blanketRestrictions(locationId: $locationId, asOf: $asOf, includeLifted: $includeLifted) {{ nodes {{ {RESTRICTION} }} }}
}}"""
ONE = f"""
query One($id: ID!, $asOf: DateTime) {{ blanketRestriction(id: $id) {{ {RESTRICTION} }} }}"""
HISTORY = "query($id: ID!) { blanketRestriction(id: $id) { history { position kind entryId occurredAt summary } } }"


def introduce(api: Api, description: str = "No hot drinks after 21:00", **given: Any) -> str:
    restriction = {
        "locationId": ELM, "setting": "ADULT_SOCIAL_CARE", "scope": "all residents of Elm House",
        "description": description, "category": "HOT_DRINKS", "introducedAt": "2025-01-10T09:00:00+00:00", **given,
    }
    payload = api.ok("introduceBlanketRestriction", restriction, "blanketRestriction { id }")
    restriction_id: str = payload["blanketRestriction"]["id"]
    return restriction_id


def register(api: Api, location_id: str = ELM, as_of: str | None = AUDIT, **more: Any) -> list[dict[str, Any]]:
    found = api.data(REGISTER, locationId=location_id, asOf=as_of, **more)["blanketRestrictions"]
    listed: list[dict[str, Any]] = found["nodes"]
    return listed


def one(api: Api, restriction_id: str, as_of: str | None = AUDIT) -> dict[str, Any]:
    found: dict[str, Any] = api.data(ONE, id=restriction_id, asOf=as_of)["blanketRestriction"]
    return found


def held(services: Services) -> list[Any]:
    """Every restriction of the location as the register holds it, lifted ones too."""
    moment = datetime(2025, 5, 1, tzinfo=UTC)
    return services.blanket_register.register(ELM, moment=moment, include_lifted=True)


def log_position(services: Services) -> int:
    return int(services.cases.recorder.max_notification_id() or 0)


# --------------------------------------------------------------------------------------------------- register


def test_scenario_14_shows_the_missing_justification_and_the_overdue_review(api: Api) -> None:
    restriction = one(api, introduce(api))
    [obligation] = restriction["obligations"]
    [finding] = restriction["findings"]
    assert (restriction["status"], restriction["priority"], restriction["subtle"]) == ("NON_COMPLIANT", "HIGH", True)
    assert (obligation["ruleId"], obligation["dueAt"], obligation["status"]) == (
        "BLK-02", "2025-04-10T09:00:00+00:00", "OVERDUE"
    )
    assert obligation["timeToReviewSeconds"] == -21 * 24 * 3600
    assert (finding["ruleId"], finding["at"], finding["subject"]) == ("BLK-01", "2025-01-10T09:00:00+00:00",
                                                                      restriction["id"])
    assert (restriction["policy"], restriction["reviewEveryMonths"]) == ("adult-social-care@2", 3)


def test_register_lists_a_locations_restrictions_high_priority_first(api: Api) -> None:
    smoking = introduce(api, "Cigarettes kept by staff", category="SMOKING", introducedAt="2025-01-01T09:00:00Z")
    hot_drinks = introduce(api)
    visitors = introduce(api, "Visits 14:00-17:00 only", category="VISITORS", introducedAt="2025-02-01T09:00:00Z")
    introduce(api, "Ward doors locked", category="OTHER", locationId="ward-7", setting="MENTAL_HEALTH_INPATIENT")
    assert [r["id"] for r in register(api)] == [hot_drinks, visitors, smoking]
    assert [r["priority"] for r in register(api)] == ["HIGH", "HIGH", "STANDARD"]


def test_register_as_of_a_date_shows_only_what_had_been_introduced_then(api: Api) -> None:
    introduce(api)
    later = introduce(api, "Visits 14:00-17:00 only", category="VISITORS", introducedAt="2025-03-01T09:00:00Z")
    assert len(register(api, as_of="2025-02-01T00:00:00Z")) == 1
    assert later in [r["id"] for r in register(api, as_of="2025-03-01T09:00:00Z")]
    assert register(api, as_of="2025-01-10T08:59:59Z") == []


def test_a_lifted_restriction_leaves_the_register_unless_asked_for(api: Api) -> None:
    restriction_id = introduce(api)
    payload = api.ok("liftBlanketRestriction", {"restrictionId": restriction_id, "reason": "Kettles with cut-outs",
                                                "liftedAt": "2025-03-01T10:00:00Z"}, "entryId blanketRestriction { liftedAt }")
    assert payload["blanketRestriction"]["liftedAt"] == "2025-03-01T10:00:00+00:00"
    assert register(api) == []
    [lifted] = register(api, includeLifted=True)
    assert (lifted["inForce"], lifted["nextReviewDue"]) == (False, None)
    assert [o["metBy"] for o in lifted["obligations"]] == [payload["entryId"]]
    assert register(api, as_of="2025-02-01T00:00:00Z")[0]["inForce"] is True


def test_justification_review_and_exemption_show_on_the_register(api: Api) -> None:
    restriction_id = introduce(api)
    api.ok("justifyBlanketRestriction", {
        "restrictionId": restriction_id, "necessityAndProportionality": "Two scalds at night", "approvedBy":
        "Governance group", "communicatedHow": "Residents' meeting", "justifiedAt": "2025-01-17T09:00:00Z"}, "entryId")
    review_id = api.ok("reviewBlanketRestriction", {
        "restrictionId": restriction_id, "reviewedBy": "Governance group", "decision": "Still needed",
        "continues": True, "reviewedAt": "2025-04-01T10:00:00Z"}, "entryId")["entryId"]
    api.ok("grantBlanketExemption", {"restrictionId": restriction_id, "personRef": "R-07", "reason": "Own kettle",
                                     "grantedAt": "2025-04-02T10:00:00Z"}, "entryId")
    restriction = one(api, restriction_id)
    assert restriction["status"] == "COMPLIANT"
    assert (restriction["firstJustifiedAt"], restriction["justification"]["communicatedHow"]) == (
        "2025-01-17T09:00:00+00:00", "Residents' meeting"
    )
    assert [(o["status"], o["metBy"]) for o in restriction["obligations"]] == [("MET", review_id), ("PENDING", None)]
    assert restriction["nextReviewDue"] == "2025-07-01T10:00:00+00:00"
    assert restriction["findings"] == []
    assert restriction["exemptions"] == [{"personRef": "R-07", "reason": "Own kettle",
                                          "grantedAt": "2025-04-02T10:00:00+00:00"}]
    assert one(api, restriction_id, as_of="2025-01-12T00:00:00Z")["status"] == "NON_COMPLIANT"


def test_the_history_lists_every_entry_in_the_order_recorded(api: Api) -> None:
    restriction_id = introduce(api)
    api.ok("grantBlanketExemption", {"restrictionId": restriction_id, "personRef": "R-07", "reason": "Own kettle"},
           "entryId")
    history = api.data(HISTORY, id=restriction_id)["blanketRestriction"]["history"]
    assert [(h["position"], h["kind"]) for h in history] == [(1, "Introduced"), (2, "ExemptionGranted")]
    assert history[0]["entryId"] == restriction_id


def test_a_restriction_is_not_a_case_nor_a_case_a_restriction(api: Api, case_id: str) -> None:
    restriction_id = introduce(api)
    assert api.data("query($id: ID!) { case(id: $id) { id } }", id=restriction_id)["case"] is None
    assert api.data("query($id: ID!) { blanketRestriction(id: $id) { id } }", id=case_id)["blanketRestriction"] is None
    payload = api.mutate("justifyBlanketRestriction", {"restrictionId": case_id, "necessityAndProportionality": "x",
                                                       "approvedBy": "y"}, "entryId")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("restrictionId", "UNKNOWN_BLANKET_RESTRICTION")]


# ---------------------------------------------------------------------------------------------- input errors

BAD_INPUTS: list[tuple[str, dict[str, Any], str, str]] = [
    ("introduceBlanketRestriction", {"scope": "  "}, "scope", "BLANK"),
    ("introduceBlanketRestriction", {"description": ""}, "description", "BLANK"),
    ("introduceBlanketRestriction", {"locationId": "x" * 201}, "locationId", "TOO_LONG"),
    ("introduceBlanketRestriction", {"riskAddressed": "scalds\x00"}, "riskAddressed", "CONTROL_CHARACTER"),
    ("introduceBlanketRestriction", {"introducedAt": "2025-01-10 09:00"}, "introducedAt", "INVALID_DATETIME"),
    ("justifyBlanketRestriction", {"approvedBy": " "}, "approvedBy", "BLANK"),
    ("justifyBlanketRestriction", {"justifiedAt": "2025-01-09T09:00:00Z"}, "justifiedAt", "BEFORE_INTRODUCTION"),
    ("justifyBlanketRestriction", {"restrictionId": "not-an-id"}, "restrictionId", "UNKNOWN_BLANKET_RESTRICTION"),
    ("reviewBlanketRestriction", {"decision": ""}, "decision", "BLANK"),
    ("reviewBlanketRestriction", {"reviewedAt": "2025-04-01T10:00:00"}, "reviewedAt", "INVALID_DATETIME"),
    ("grantBlanketExemption", {"personRef": ""}, "personRef", "BLANK"),
    ("grantBlanketExemption", {"grantedAt": "2024-12-01T10:00:00Z"}, "grantedAt", "BEFORE_INTRODUCTION"),
    ("liftBlanketRestriction", {"reason": " "}, "reason", "BLANK"),
    ("liftBlanketRestriction", {"liftedAt": "2025-01-01T00:00:00Z"}, "liftedAt", "BEFORE_INTRODUCTION"),
]
GOOD = {
    "introduceBlanketRestriction": {
        "locationId": ELM, "setting": "ADULT_SOCIAL_CARE", "scope": "all residents", "description": "No hot drinks",
        "category": "HOT_DRINKS", "riskAddressed": "scalds",
    },
    "justifyBlanketRestriction": {"necessityAndProportionality": "Two scalds", "approvedBy": "Governance group"},
    "reviewBlanketRestriction": {"reviewedBy": "Governance group", "decision": "Still needed", "continues": True},
    "grantBlanketExemption": {"personRef": "R-07", "reason": "Own kettle"},
    "liftBlanketRestriction": {"reason": "Kettles with cut-outs"},
}


@pytest.mark.parametrize(("mutation", "bad", "field", "code"), BAD_INPUTS)
def test_bad_input_names_its_field_and_writes_nothing(
    api: Api, services: Services, mutation: str, bad: dict[str, Any], field: str, code: str
) -> None:
    restriction_id = introduce(api)
    given = {**GOOD[mutation], **({} if mutation.startswith("introduce") else {"restrictionId": restriction_id}), **bad}
    before, listed = log_position(services), register(api)
    payload = api.mutate(mutation, given, "blanketRestriction { id }")
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert field in payload["errors"][0]["message"]
    assert payload["blanketRestriction"] is None
    assert (log_position(services), register(api)) == (before, listed)


def test_nothing_is_recorded_on_a_lifted_restriction(api: Api, services: Services) -> None:
    restriction_id = introduce(api)
    api.ok("liftBlanketRestriction", {"restrictionId": restriction_id, "reason": "Done"}, "entryId")
    before = log_position(services)
    payload = api.mutate("grantBlanketExemption", {"restrictionId": restriction_id, **GOOD["grantBlanketExemption"]})
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("restrictionId", "ALREADY_LIFTED")]
    assert log_position(services) == before


def test_entries_default_to_now_and_record_who_made_them(api: Api, clock: Clock) -> None:
    clock.set(datetime(2025, 2, 1, 12, 0, tzinfo=UTC))
    restriction_id = api.ok("introduceBlanketRestriction", GOOD["introduceBlanketRestriction"],
                            "blanketRestriction { id introducedAt }")["blanketRestriction"]
    assert restriction_id["introducedAt"] == "2025-02-01T12:00:00+00:00"
    history = api.data("query($id: ID!) { blanketRestriction(id: $id) { history { recordedAt recordedBy { id } } } }",
                       id=restriction_id["id"])["blanketRestriction"]["history"]
    assert history == [{"recordedAt": "2025-02-01T12:00:00+00:00", "recordedBy": {"id": "local"}}]


# ---------------------------------------------------------------------------------------------- projections


def test_rebuilding_gives_the_same_register(api: Api, services: Services, case_id: str) -> None:
    first = introduce(api)
    api.ok("reviewBlanketRestriction", {"restrictionId": first, **GOOD["reviewBlanketRestriction"],
                                        "reviewedAt": "2025-04-01T10:00:00Z"}, "entryId")
    introduce(api, "Visits 14:00-17:00 only", category="VISITORS")
    api.ok("grantBlanketExemption", {"restrictionId": first, **GOOD["grantBlanketExemption"]}, "entryId")
    before = (register(api), held(services))
    services.blanket_projection.rebuild()
    services.projection.rebuild()
    after = (register(api), held(services))
    assert after == before
    assert services.blanket_register.position() == log_position(services) == services.view.position()
    assert api.data("query($id: ID!) { case(id: $id) { id } }", id=case_id)["case"] == {"id": case_id}


def test_the_register_refuses_a_position_it_has_already_applied(api: Api, services: Services) -> None:
    from rpledger.application.view import PositionNotNewerError

    introduce(api)
    position, listed = services.blanket_register.position(), register(api)
    with pytest.raises(PositionNotNewerError):
        services.blanket_register.apply([], position)
    assert (services.blanket_register.position(), register(api)) == (position, listed)
