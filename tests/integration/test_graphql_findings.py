"""AUTH-01 (each use covered by an authorisation valid when it starts) and UOF-03 (the Use of Force Act s6(5) record
is complete) through the API: which findings are open at a moment, what they say, and how a correction closes one
from the moment it was made while the record as it stood before still shows it."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import Clock
from tests.integration.conftest import PERSON, WELL_RECORDED, Api

STARTED = "2025-03-01T10:00:00+00:00"
ENDED = "2025-03-01T10:08:00+00:00"  # within NICE's 10 minutes (RES-03)
LATER = "2025-03-01T12:00:00+00:00"


def restrain(api: Api, case_id: str, **facts: object) -> str:
    """A prone restraint from STARTED to ENDED, well recorded (its reasons for prone and the floor given) but for the
    facts given, so that only the rules this module is about judge it."""
    return api.record_use(case_id, ("PHYS_PRONE", STARTED, ENDED), **{**WELL_RECORDED, **facts})


def findings(api: Api, case_id: str, rule_id: str, as_of: str) -> list[dict[str, str]]:
    return [f for f in api.compliance(case_id, as_of)["findings"] if f["ruleId"] == rule_id]


# ------------------------------------------------------------------------------------------------------ AUTH-01


def test_use_covered_by_an_authorisation_gives_no_finding(api: Api, case_id: str) -> None:
    restrain(api, case_id)
    assert api.compliance(case_id, LATER)["findings"] == []


def test_use_without_any_authorisation_gives_a_finding_from_its_start(api: Api) -> None:
    case_id = api.open_case()
    use_id = restrain(api, case_id)
    [finding] = findings(api, case_id, "AUTH-01", STARTED)
    assert (finding["subject"], finding["at"]) == (use_id, STARTED)
    assert "PHYS.PRONE" in finding["detail"]


def test_uncovered_use_gives_no_finding_before_it_starts(api: Api) -> None:
    case_id = api.open_case()
    restrain(api, case_id)
    assert findings(api, case_id, "AUTH-01", "2025-03-01T09:59:59+00:00") == []


def test_uncovered_use_makes_the_case_non_compliant(api: Api) -> None:
    case_id = api.open_case()
    restrain(api, case_id)
    assert api.compliance(case_id, STARTED)["status"] == "NON_COMPLIANT"


def test_finding_shows_the_rule_it_comes_from(api: Api) -> None:
    case_id = api.open_case()
    restrain(api, case_id)
    query = """query($id: ID!) {
      case(id: $id) { findings(asOf: "2025-03-02T00:00:00Z") { ruleId source confidence description } }
    }"""
    [finding] = api.data(query, id=case_id)["case"]["findings"]
    assert finding["ruleId"] == "AUTH-01" and finding["confidence"] == "V2"
    assert "reg 13" in finding["source"] and finding["description"].startswith("Each use of restrictive practice")


def test_authorisation_for_another_practice_does_not_cover_the_use(api: Api) -> None:
    case_id = api.open_case()
    api.grant(case_id, ["PHYS_PRONE"])
    api.record_use(case_id, ("CHEM_INJ_RT", STARTED, ENDED))
    assert len(findings(api, case_id, "AUTH-01", LATER)) == 1


@pytest.mark.parametrize(("valid_until", "covered"), [("2025-03-01T10:00:01+00:00", True), (STARTED, False)])
def test_authorisation_covers_up_to_but_not_including_valid_until(api: Api, valid_until: str, covered: bool) -> None:
    case_id = api.open_case()
    api.grant(case_id, valid_from="2025-02-01T00:00:00+00:00", valid_until=valid_until)
    restrain(api, case_id)
    assert len(findings(api, case_id, "AUTH-01", LATER)) == (0 if covered else 1)


def test_authorisation_granted_after_the_use_started_does_not_cover_it(api: Api) -> None:
    case_id = api.open_case()
    api.grant(case_id, valid_from="2025-03-01T00:00:00+00:00", grantedAt="2025-03-01T10:00:01+00:00")
    restrain(api, case_id)
    assert len(findings(api, case_id, "AUTH-01", LATER)) == 1


def test_authorisation_ended_before_the_use_does_not_cover_it(api: Api) -> None:
    case_id = api.open_case()
    authorisation_id = api.grant(case_id)
    ended = {"caseId": case_id, "authorisationId": authorisation_id, "endedAt": "2025-03-01T09:30:00+00:00"}
    api.ok("endAuthorisation", {**ended, "reason": "Discharged from section"}, "authorisation { endedAt }")
    restrain(api, case_id)
    assert len(findings(api, case_id, "AUTH-01", LATER)) == 1


# ------------------------------------------------------------------------------------------------------ UOF-03


def test_complete_use_of_force_record_gives_no_finding(api: Api, case_id: str) -> None:
    restrain(api, case_id)
    assert findings(api, case_id, "UOF-03", LATER) == []


def test_incomplete_record_lists_exactly_the_missing_items_from_the_use_end(api: Api, case_id: str) -> None:
    use_id = restrain(api, case_id, description=None, outcome=None)
    [finding] = findings(api, case_id, "UOF-03", ENDED)
    assert (finding["subject"], finding["at"]) == (use_id, ENDED)
    assert finding["detail"] == (
        "missing s6(5)(f) a description of how force was used; s6(5)(m) a description of the outcome"
    )


def test_incomplete_record_gives_no_finding_while_the_use_goes_on(api: Api, case_id: str) -> None:
    restrain(api, case_id, description=None)
    assert findings(api, case_id, "UOF-03", "2025-03-01T10:07:59+00:00") == []


def test_missing_person_items_and_job_titles_are_listed(api: Api) -> None:
    case_id = api.open_case(person={**PERSON, "nhsNumber": None})
    api.grant(case_id)
    restrain(api, case_id, staff=[{"name": "Sam Carter"}])
    [finding] = findings(api, case_id, "UOF-03", ENDED)
    assert "s6(5)(g) the patient's NHS number" in finding["detail"]
    assert "s6(5)(h) the name and job title of each member of staff" in finding["detail"]


def correct_use(api: Api, case_id: str, use_id: str, use: dict[str, object], corrected_at: str | None) -> None:
    given = {"caseId": case_id, "entryId": use_id, "reason": "Completed from the ward notes", "use": use}
    if corrected_at is not None:
        given["correctedAt"] = corrected_at
    api.ok("correctEntry", given, "correction { kind }")


@pytest.mark.parametrize(("as_of", "open_findings"), [("2025-03-01T11:59:59+00:00", 1), (LATER, 0)])
def test_correction_supplying_the_missing_items_closes_the_finding_from_its_corrected_at(
    api: Api, case_id: str, as_of: str, open_findings: int
) -> None:
    use_id = restrain(api, case_id, description=None, outcome=None)
    correct_use(api, case_id, use_id, {"description": "Standing hold", "outcome": "Settled"}, LATER)
    assert len(findings(api, case_id, "UOF-03", as_of)) == open_findings


def test_closed_finding_shows_when_it_was_resolved(api: Api, case_id: str) -> None:
    use_id = restrain(api, case_id, description=None)
    correct_use(api, case_id, use_id, {"description": "Standing hold"}, LATER)
    query = """query($id: ID!) {
      case(id: $id) { findings(asOf: "2025-03-02T00:00:00Z", includeResolved: true) { ruleId at resolvedAt } }
    }"""
    assert api.data(query, id=case_id)["case"]["findings"] == [{"ruleId": "UOF-03", "at": ENDED, "resolvedAt": LATER}]


def test_finding_as_of_before_the_correction_shows_no_resolution(api: Api, case_id: str) -> None:
    use_id = restrain(api, case_id, description=None)
    correct_use(api, case_id, use_id, {"description": "Standing hold"}, LATER)
    query = "query($id: ID!) { case(id: $id) { findings(asOf: \"2025-03-01T11:00:00Z\") { ruleId resolvedAt } } }"
    assert api.data(query, id=case_id)["case"]["findings"] == [{"ruleId": "UOF-03", "resolvedAt": None}]


@pytest.mark.parametrize(("as_of", "status"), [("2025-03-01T11:59:59+00:00", "NON_COMPLIANT"), (LATER, "COMPLIANT")])
def test_case_is_compliant_again_once_the_record_is_corrected(api: Api, case_id: str, as_of: str, status: str) -> None:
    use_id = restrain(api, case_id, description=None)
    api.observe(case_id, use_id, "2025-03-01T10:15:00+00:00")  # RES-04: the check after the restraint was taken
    correct_use(api, case_id, use_id, {"description": "Standing hold"}, LATER)
    assert api.compliance(case_id, as_of)["status"] == status


def test_correction_supplying_part_leaves_a_finding_for_the_rest(api: Api, case_id: str) -> None:
    use_id = restrain(api, case_id, description=None, outcome=None)
    correct_use(api, case_id, use_id, {"description": "Standing hold"}, LATER)
    [finding] = findings(api, case_id, "UOF-03", LATER)
    assert (finding["at"], finding["detail"]) == (LATER, "missing s6(5)(m) a description of the outcome")


def test_correction_without_corrected_at_takes_effect_now_by_the_clock(api: Api, case_id: str, clock: Clock) -> None:
    use_id = restrain(api, case_id, description=None)
    clock.set(datetime.fromisoformat(LATER))
    correct_use(api, case_id, use_id, {"description": "Standing hold"}, None)
    assert [len(findings(api, case_id, "UOF-03", t)) for t in ("2025-03-01T11:59:59+00:00", LATER)] == [1, 0]


def test_person_correction_supplying_the_nhs_number_closes_the_finding(api: Api) -> None:
    case_id = api.open_case(person={**PERSON, "nhsNumber": None})
    api.grant(case_id)
    restrain(api, case_id)
    given = {"caseId": case_id, "entryId": case_id, "reason": "From the PAS", "correctedAt": LATER,
             "person": {"nhsNumber": "9434765919"}}
    api.ok("correctEntry", given, "correction { kind }")
    assert [len(findings(api, case_id, "UOF-03", t)) for t in ("2025-03-01T11:59:59+00:00", LATER)] == [1, 0]


def test_use_of_force_record_is_not_checked_in_adult_social_care(api: Api) -> None:
    case_id = api.open_case("P-ASC", setting="ADULT_SOCIAL_CARE", location_id="HOME-1")
    api.grant(case_id)
    restrain(api, case_id, description=None)
    assert findings(api, case_id, "UOF-03", LATER) == []
