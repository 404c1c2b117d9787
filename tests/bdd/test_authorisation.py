"""AUTH-01: each use is covered by an authorisation when it starts (features/compliance/authorisation.feature)."""

from __future__ import annotations

from pytest_bdd import scenario

FEATURE = "compliance/authorisation.feature"


@scenario(FEATURE, "A restraint that stays within Alex's care plan raises no finding")
def test_covered_restraint_raises_no_finding(database: object) -> None:
    pass


@scenario(
    FEATURE, "A restraint that went prone is not covered by a care plan that permits standing and supine restraint only"
)
def test_prone_restraint_outside_the_care_plan_is_a_finding(database: object) -> None:
    pass


@scenario(FEATURE, "The prone restraint makes Alex's case non-compliant from the minute it started")
def test_uncovered_restraint_is_non_compliant_from_its_start(database: object) -> None:
    pass


@scenario(FEATURE, "A restraint with no authorisation at all")
def test_restraint_without_authorisation_is_a_finding(database: object) -> None:
    pass


@scenario(
    FEATURE,
    "An urgent authorisation granted after the front door was locked does not cover it, even when dated earlier",
)
def test_authorisation_granted_after_the_start_does_not_cover_it(database: object) -> None:
    pass


@scenario(FEATURE, "An urgent authorisation granted by the time the front door was locked covers it")
def test_authorisation_granted_by_the_start_covers_it(database: object) -> None:
    pass
