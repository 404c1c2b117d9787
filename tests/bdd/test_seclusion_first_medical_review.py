"""SEC-01: the first medical review of seclusion (features/compliance/seclusion_first_medical_review.feature)."""

from __future__ import annotations

from pytest_bdd import scenario
from seclusion_terms import install_steps

FEATURE = "compliance/seclusion_first_medical_review.feature"

install_steps(globals())


@scenario(FEATURE, "Reference scenario 1: the nurse in charge starts seclusion at 10:00 and the doctor comes at 11:30")
def test_reference_scenario_1_late_first_medical_review(database: object) -> None:
    pass


@scenario(FEATURE, "The first medical review around its deadline")
def test_first_medical_review_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "No doctor has come yet")
def test_no_medical_review_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "An MDT review is the first medical review only once a doctor takes part")
def test_mdt_review_with_a_doctor_is_a_medical_review(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion that ends at the end of its first hour needs no medical review")
def test_seclusion_ending_at_the_deadline_needs_no_review(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion that ends a minute after its first hour still needed its medical review")
def test_seclusion_ending_after_the_deadline_needed_its_review(database: object) -> None:
    pass


@scenario(
    FEATURE,
    "The psychiatrist who assessed Alex five minutes before authorising seclusion has done its first medical review",
)
def test_psychiatrists_assessment_is_the_first_medical_review(database: object) -> None:
    pass


@scenario(FEATURE, "An assessment exactly an hour before the seclusion still counts")
def test_assessment_an_hour_before_counts(database: object) -> None:
    pass


@scenario(FEATURE, "An assessment more than an hour before the seclusion does not count")
def test_assessment_more_than_an_hour_before_does_not_count(database: object) -> None:
    pass


@scenario(
    FEATURE, "An assessment by a doctor who is not a psychiatrist does not take the place of the first medical review"
)
def test_assessment_by_a_non_psychiatrist_does_not_count(database: object) -> None:
    pass
