"""DEB-01, DEB-02 and CP-01 through the API: each obligation's status and timeToReviewSeconds just before, exactly
at and just after its moments (the use's end, the start of DUE_SOON 12 h before the deadline, the deadline), and
how a later entry meets it on time or late.

Every case here has a covered use with a complete record (a restraint within NICE's 10 minutes, its reasons for prone
and the floor given), so the obligations alone decide its status.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import Clock
from tests.integration.conftest import WELL_RECORDED, Api

STARTED = "2025-03-01T10:12:00+00:00"
ENDED = "2025-03-01T10:20:00+00:00"
DAY, HOUR = 86_400, 3_600


def prone_use(api: Api, case_id: str) -> str:
    return api.record_use(case_id, ("PHYS_PRONE", STARTED, ENDED), **WELL_RECORDED)


def status_and_seconds(api: Api, case_id: str, rule_id: str, as_of: str) -> tuple[str, int] | None:
    found = api.obligations(case_id, rule_id, as_of)
    assert len(found) <= 1, found
    return (found[0]["status"], found[0]["timeToReviewSeconds"]) if found else None


# ------------------------------------------------------------------------------------------------ DEB-01 (24 h)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-03-01T10:19:59+00:00", None),  # the use has not ended: nothing is owed yet
        ("2025-03-01T10:20:00+00:00", ("PENDING", DAY)),
        ("2025-03-01T22:19:59+00:00", ("PENDING", 12 * HOUR + 1)),
        ("2025-03-01T22:20:00+00:00", ("DUE_SOON", 12 * HOUR)),
        ("2025-03-02T10:19:59+00:00", ("DUE_SOON", 1)),
        ("2025-03-02T10:20:00+00:00", ("DUE_SOON", 0)),
        ("2025-03-02T10:20:00.500000+00:00", ("OVERDUE", -1)),  # overdue by half a second: less than none left
        ("2025-03-02T10:20:01+00:00", ("OVERDUE", -1)),
        ("2025-03-09T10:20:00+00:00", ("OVERDUE", -7 * DAY)),
    ],
)
def test_debrief_with_the_person_runs_to_24_hours_after_the_use_ends(
    api: Api, case_id: str, as_of: str, expected: tuple[str, int] | None
) -> None:
    prone_use(api, case_id)
    assert status_and_seconds(api, case_id, "DEB-01", as_of) == expected


def test_debrief_obligation_names_the_use_and_its_deadline(api: Api, case_id: str) -> None:
    use_id = prone_use(api, case_id)
    [obligation] = api.obligations(case_id, "DEB-01", ENDED)
    assert (obligation["triggeredBy"], obligation["dueAt"], obligation["metAt"]) == (
        use_id, "2025-03-02T10:20:00+00:00", None
    )


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-03-02T10:19:59+00:00", ("DUE_SOON", 1)),
        ("2025-03-02T10:20:00+00:00", ("MET", DAY)),
        ("2025-03-05T00:00:00+00:00", ("MET", DAY)),
    ],
)
def test_debrief_held_exactly_at_the_deadline_is_met(
    api: Api, case_id: str, as_of: str, expected: tuple[str, int]
) -> None:
    api.debrief(case_id, prone_use(api, case_id), "2025-03-02T10:20:00+00:00")
    assert status_and_seconds(api, case_id, "DEB-01", as_of) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-03-02T10:20:01+00:00", ("OVERDUE", -1)),
        ("2025-03-02T10:59:59+00:00", ("OVERDUE", -(40 * 60 - 1))),
        ("2025-03-02T11:00:00+00:00", ("MET_LATE", DAY + 40 * 60)),
    ],
)
def test_debrief_held_after_the_deadline_is_met_late(
    api: Api, case_id: str, as_of: str, expected: tuple[str, int]
) -> None:
    api.debrief(case_id, prone_use(api, case_id), "2025-03-02T11:00:00+00:00")
    assert status_and_seconds(api, case_id, "DEB-01", as_of) == expected


def test_debrief_met_records_when_and_by_which_entry(api: Api, case_id: str) -> None:
    debrief_id = api.debrief(case_id, prone_use(api, case_id), "2025-03-01T11:00:00+00:00")
    query = "query($id: ID!) { case(id: $id) { obligations(asOf: \"2025-03-02T00:00:00Z\") { ruleId metAt metBy } } }"
    found = [o for o in api.data(query, id=case_id)["case"]["obligations"] if o["ruleId"] == "DEB-01"]
    assert found == [{"ruleId": "DEB-01", "metAt": "2025-03-01T11:00:00+00:00", "metBy": debrief_id}]


def test_obligation_as_of_before_it_was_met_shows_no_met_at(api: Api, case_id: str) -> None:
    api.debrief(case_id, prone_use(api, case_id), "2025-03-02T10:20:00+00:00")
    query = "query($id: ID!) { case(id: $id) { obligations(asOf: \"2025-03-02T10:19:59Z\") { ruleId metAt metBy } } }"
    found = [o for o in api.data(query, id=case_id)["case"]["obligations"] if o["ruleId"] == "DEB-01"]
    assert found == [{"ruleId": "DEB-01", "metAt": None, "metBy": None}]


def test_debrief_offered_and_declined_with_a_reason_meets_the_obligation(api: Api, case_id: str) -> None:
    use_id = prone_use(api, case_id)
    api.debrief(case_id, use_id, "2025-03-01T12:00:00+00:00", declinedReason="Did not wish to talk about it")
    assert status_and_seconds(api, case_id, "DEB-01", "2025-03-01T12:00:00+00:00") == ("MET", 100 * 60)


def test_debrief_with_staff_only_does_not_meet_the_obligation(api: Api, case_id: str) -> None:
    api.debrief(case_id, prone_use(api, case_id), "2025-03-01T12:00:00+00:00", kind="WITH_STAFF")
    assert status_and_seconds(api, case_id, "DEB-01", "2025-03-02T10:20:01+00:00") == ("OVERDUE", -1)


@pytest.mark.parametrize(
    ("practice", "owed"),
    [("PHYS_PRONE", True), ("CHEM_ORAL", True), ("ISO_SEGREGATION", True), ("OBS_ENHANCED", False),
     ("ENV_RESTRICT", False)],
)
def test_debrief_with_the_person_is_owed_only_after_a_use_of_force(
    api: Api, case_id: str, practice: str, owed: bool
) -> None:
    api.record_use(case_id, (practice, STARTED, ENDED))
    assert len(api.obligations(case_id, "DEB-01", ENDED)) == (1 if owed else 0)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2025-03-01T10:15:00+00:00", "COMPLIANT"),  # the use is going on: nothing is owed yet
        ("2025-03-01T22:19:59+00:00", "COMPLIANT"),
        ("2025-03-01T22:20:00+00:00", "ATTENTION"),
        ("2025-03-02T10:19:59+00:00", "ATTENTION"),
        # At the deadline the debrief is still due (DUE_SOON), but from that minute the record must also say whether
        # the post-incident review with the person was held (DEB-03, MHSDS): without it the case is not compliant.
        ("2025-03-02T10:20:00+00:00", "NON_COMPLIANT"),
        ("2025-03-02T10:20:01+00:00", "NON_COMPLIANT"),
    ],
)
def test_case_status_follows_the_debrief_deadline(api: Api, case_id: str, as_of: str, status: str) -> None:
    use_id = prone_use(api, case_id)
    # Everything else the restraint calls for was done in time: the check after it (RES-04) and the staff's debrief
    # (DEB-03), so the status follows the debrief with the person alone.
    api.observe(case_id, use_id, "2025-03-01T10:30:00+00:00")
    api.debrief(case_id, use_id, "2025-03-01T12:00:00+00:00", kind="WITH_STAFF")
    assert api.compliance(case_id, as_of)["status"] == status


@pytest.mark.parametrize(
    ("now", "status", "seconds"),
    [
        ("2025-03-01T22:19:59+00:00", "PENDING", 12 * HOUR + 1),
        ("2025-03-02T10:20:00+00:00", "DUE_SOON", 0),
        ("2025-03-02T10:20:01+00:00", "OVERDUE", -1),
    ],
)
def test_without_as_of_the_moment_is_now_by_the_clock(
    api: Api, case_id: str, clock: Clock, now: str, status: str, seconds: int
) -> None:
    prone_use(api, case_id)
    clock.set(datetime.fromisoformat(now))
    [obligation] = api.obligations(case_id, "DEB-01")
    assert (obligation["status"], obligation["timeToReviewSeconds"]) == (status, seconds)


def test_as_of_with_another_offset_is_the_same_moment(api: Api, case_id: str) -> None:
    prone_use(api, case_id)
    in_utc = api.compliance(case_id, "2025-03-02T10:20:01+00:00")
    in_paris = api.compliance(case_id, "2025-03-02T11:20:01+01:00")
    assert in_paris == in_utc


# ----------------------------------------------------------------------------------------------- DEB-02 (72 h)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-03-01T10:20:00+00:00", ("PENDING", 3 * DAY)),
        ("2025-03-03T22:19:59+00:00", ("PENDING", 12 * HOUR + 1)),
        ("2025-03-03T22:20:00+00:00", ("DUE_SOON", 12 * HOUR)),
        ("2025-03-04T10:20:00+00:00", ("DUE_SOON", 0)),
        ("2025-03-04T10:20:01+00:00", ("OVERDUE", -1)),
    ],
)
def test_post_incident_review_runs_to_72_hours_after_the_use_ends(
    api: Api, case_id: str, as_of: str, expected: tuple[str, int]
) -> None:
    prone_use(api, case_id)
    assert status_and_seconds(api, case_id, "DEB-02", as_of) == expected


@pytest.mark.parametrize(
    ("held_at", "as_of", "expected"),
    [
        ("2025-03-04T10:20:00+00:00", "2025-03-04T10:20:00+00:00", ("MET", 3 * DAY)),
        ("2025-03-04T10:20:01+00:00", "2025-03-04T10:20:01+00:00", ("MET_LATE", 3 * DAY + 1)),
    ],
)
def test_post_incident_review_held_meets_it_on_time_or_late(
    api: Api, case_id: str, held_at: str, as_of: str, expected: tuple[str, int]
) -> None:
    api.debrief(case_id, prone_use(api, case_id), held_at, kind="POST_INCIDENT_REVIEW")
    assert status_and_seconds(api, case_id, "DEB-02", as_of) == expected


def test_post_incident_review_declined_does_not_meet_it(api: Api, case_id: str) -> None:
    use_id = prone_use(api, case_id)
    api.debrief(case_id, use_id, "2025-03-02T10:00:00+00:00", kind="POST_INCIDENT_REVIEW", declinedReason="No panel")
    assert status_and_seconds(api, case_id, "DEB-02", "2025-03-04T10:20:01+00:00") == ("OVERDUE", -1)


@pytest.mark.parametrize(
    ("practice", "owed"),
    [
        ("PHYS_STANDING", True),
        ("CHEM_INJ_RT", True),
        ("ISO_SECLUSION", True),
        ("CHEM_ORAL", False),
        ("MECH", True),  # restraint in NG10's sense: physical or mechanical
        ("ISO_SEGREGATION", False),
    ],
)
def test_post_incident_review_is_owed_only_after_restraint_rapid_tranquillisation_or_seclusion(
    api: Api, case_id: str, practice: str, owed: bool
) -> None:
    api.record_use(case_id, (practice, STARTED, ENDED))
    assert len(api.obligations(case_id, "DEB-02", ENDED)) == (1 if owed else 0)


def test_post_incident_review_is_not_owed_in_adult_social_care(api: Api) -> None:
    case_id = api.open_case("P-ASC", setting="ADULT_SOCIAL_CARE", location_id="HOME-1")
    api.grant(case_id)
    prone_use(api, case_id)
    rules = {o["ruleId"] for o in api.compliance(case_id, ENDED)["obligations"]}
    assert rules == {"CP-01", "DEB-01"}


# ------------------------------------------------------------------------------------------------ CP-01 (7 days)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-03-01T10:20:00+00:00", ("PENDING", 7 * DAY)),
        ("2025-03-07T22:19:59+00:00", ("PENDING", 12 * HOUR + 1)),
        ("2025-03-07T22:20:00+00:00", ("DUE_SOON", 12 * HOUR)),
        ("2025-03-08T10:20:00+00:00", ("DUE_SOON", 0)),
        ("2025-03-08T10:20:01+00:00", ("OVERDUE", -1)),
    ],
)
def test_care_plan_revision_runs_to_7_days_after_the_use_ends(
    api: Api, case_id: str, as_of: str, expected: tuple[str, int]
) -> None:
    prone_use(api, case_id)
    assert status_and_seconds(api, case_id, "CP-01", as_of) == expected


@pytest.mark.parametrize(
    ("revised_at", "expected"),
    [
        ("2025-03-08T10:20:00+00:00", ("MET", 7 * DAY)),
        ("2025-03-08T10:20:01+00:00", ("MET_LATE", 7 * DAY + 1)),
    ],
)
def test_revision_naming_the_use_meets_it_on_time_or_late(
    api: Api, case_id: str, revised_at: str, expected: tuple[str, int]
) -> None:
    api.revise_care_plan(case_id, revised_at, prone_use(api, case_id))
    assert status_and_seconds(api, case_id, "CP-01", "2025-03-10T00:00:00+00:00") == expected


def test_care_plan_revision_is_owed_after_any_use(api: Api, case_id: str) -> None:
    use_id = api.record_use(case_id, ("OBS_ENHANCED", STARTED, ENDED))
    assert [o["triggeredBy"] for o in api.obligations(case_id, "CP-01", ENDED)] == [use_id]


def test_revision_naming_another_use_does_not_meet_it(api: Api, case_id: str) -> None:
    first = prone_use(api, case_id)
    other = api.record_use(case_id, ("CHEM_ORAL", "2025-03-01T12:00:00+00:00", "2025-03-01T12:05:00+00:00"))
    api.revise_care_plan(case_id, "2025-03-02T09:00:00+00:00", other)
    by_use = {o["triggeredBy"]: o["status"] for o in api.obligations(case_id, "CP-01", "2025-03-08T10:20:01+00:00")}
    assert by_use == {first: "OVERDUE", other: "MET"}
