"""Nothing is lost by restarting (new services on the same database) or by dropping the read models and rebuilding
them from the event log: the full GraphQL answers are identical, at every moment asked about."""

from __future__ import annotations

from typing import Any

from rpledger.bootstrap import Services, build_services
from rpledger.infrastructure.settings import Settings
from tests.conftest import Clock
from tests.integration.conftest import Api, api_for

OBLIGATION = "id ruleId description source confidence triggeredBy openedAt dueAt metAt metBy status timeToReviewSeconds"
FINDING = "ruleId description source confidence subject at resolvedAt detail"
USE = """id startedAt endedAt reason reasonNationalCode segments { practice nationalCode startedAt endedAt }
  details { reasonDetail place description staff { name jobTitle } nonStaff { name reason } deEscalation
            injuries { patient staff otherPerson } outcome diedOrSeriouslyInjured inCarePlan
            carePlanContactsNotified }"""
EVERYTHING = f"""
query($asOf: DateTime, $status: ComplianceStatus) {{
  cases(asOf: $asOf, status: $status, first: 500) {{
    totalCount
    pageInfo {{ hasNextPage endCursor }}
    edges {{ cursor node {{
      id personRef setting locationId dateOfBirth openedAt policy status
      obligations {{ {OBLIGATION} }}
      findings(includeResolved: true) {{ {FINDING} }}
      uses {{ {USE} }}
      authorisations {{ id basis practices validFrom validUntil grantedAt grantedBy conditions endedAt endReason }}
      debriefs {{ id useIds kind heldAt declinedReason }}
      carePlanRevisions {{ id version revisedAt triggeredBy summary changes nextReviewDate }}
      history {{ position kind entryId corrects occurredAt recordedAt recordedBy {{ id name role }} summary details }}
    }} }}
  }}
}}"""
MOMENTS = [
    "2025-03-01T10:10:00+00:00", "2025-03-01T23:00:00+00:00", "2025-03-02T10:20:01+00:00",
    "2025-03-05T00:00:00+00:00", "2025-04-01T00:00:00+00:00",
]


def record_story(api: Api) -> None:
    """Two wards' worth of entries of every kind: uses ended, going on, uncovered and incomplete; debriefs held and
    declined; a care-plan revision; an ended authorisation; a correction."""
    a = api.open_case("P-A", location_id="WARD-A")
    authorisation_id = api.grant(a)
    prone = api.record_use(a, ("PHYS_STANDING", "2025-03-01T10:00:00+00:00", "2025-03-01T10:05:00+00:00"),
                           ("PHYS_PRONE", "2025-03-01T10:05:00+00:00", "2025-03-01T10:20:00+00:00"), outcome=None)
    api.debrief(a, prone, "2025-03-01T11:00:00+00:00", declinedReason="Asleep; offered again next shift")
    api.debrief(a, prone, "2025-03-04T11:00:00+00:00", kind="POST_INCIDENT_REVIEW")
    api.revise_care_plan(a, "2025-03-03T09:00:00+00:00", prone)
    api.ok("correctEntry", {"caseId": a, "entryId": prone, "reason": "From notes", "correctedAt":
                            "2025-03-02T09:00:00+00:00", "use": {"outcome": "Settled"}}, "correction { kind }")
    api.ok("endAuthorisation", {"caseId": a, "authorisationId": authorisation_id,
                                "endedAt": "2025-03-10T00:00:00+00:00"}, "authorisation { id }")
    b = api.open_case("P-B", location_id="WARD-B", setting="LEARNING_DISABILITY_AUTISM_INPATIENT")
    api.record_use(b, ("CHEM_INJ_RT", "2025-03-01T15:00:00+00:00", "2025-03-01T15:01:00+00:00"))
    api.record_use(b, ("ISO_SECLUSION", "2025-03-01T16:00:00+00:00", None))
    c = api.open_case("P-C", location_id="HOME-1", setting="ADULT_SOCIAL_CARE")
    api.grant(c, ["MECH"])
    seclusion = api.record_use(c, ("ISO_SEGREGATION", "2025-03-02T09:00:00+00:00", None))
    api.ok("endUse", {"caseId": c, "useId": seclusion, "endedAt": "2025-03-02T21:00:00+00:00"}, "use { id }")


def answers(api: Api) -> list[dict[str, Any]]:
    """The whole read side: every case with everything it shows, at each moment, unfiltered and by each status."""
    return [
        api.data(EVERYTHING, asOf=moment, status=status)
        for moment in MOMENTS
        for status in (None, "COMPLIANT", "ATTENTION", "NON_COMPLIANT")
    ]


def test_the_story_has_something_to_compare(api: Api) -> None:
    record_story(api)
    last = answers(api)[-4]["cases"]
    assert last["totalCount"] == 3
    assert all(edge["node"]["history"] for edge in last["edges"])


def with_services(settings: Settings, clock: Clock, work: Any) -> Any:
    services = build_services(settings, clock=clock)
    try:
        return work(api_for(services))
    finally:
        services.close()


def test_restarting_loses_nothing(settings: Settings, clock: Clock) -> None:
    before = with_services(settings, clock, lambda api: (record_story(api), answers(api))[1])
    assert with_services(settings, clock, answers) == before


def test_restarted_services_carry_on_the_same_cases(settings: Settings, clock: Clock) -> None:
    with_services(settings, clock, record_story)

    def debrief_the_rt(api: Api) -> list[dict[str, Any]]:
        case_id = api.data("query { cases(locationId: \"WARD-B\") { nodes { id } } }")["cases"]["nodes"][0]["id"]
        [rt, _] = api.use_ids(case_id)
        api.debrief(case_id, rt, "2025-03-01T16:00:00+00:00")
        return api.obligations(case_id, "DEB-01", "2025-03-02T00:00:00+00:00")

    [obligation] = with_services(settings, clock, debrief_the_rt)
    assert (obligation["status"], obligation["metAt"]) == ("MET", "2025-03-01T16:00:00+00:00")


def test_rebuilding_the_read_models_gives_identical_answers(api: Api, services: Services) -> None:
    record_story(api)
    before = answers(api)
    services.projection.rebuild()
    assert answers(api) == before


def test_rebuilding_reads_every_event_again(api: Api, services: Services) -> None:
    record_story(api)
    position = services.view.position()
    assert position > 0
    assert services.projection.rebuild() == position
    assert services.view.position() == position

