"""SEC-02: 4-hourly medical reviews of seclusion (features/compliance/seclusion_medical_reviews.feature)."""

from __future__ import annotations

from pytest_bdd import scenario
from seclusion_terms import install_steps

FEATURE = "compliance/seclusion_medical_reviews.feature"

install_steps(globals())


@scenario(
    FEATURE, "Reference scenario 2: after the psychiatrist's assessment, the next medical review is 25 minutes late"
)
def test_reference_scenario_2_late_4_hourly_review(database: object) -> None:
    pass


@scenario(FEATURE, "The medical review around its deadline of 17:55")
def test_medical_review_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "No doctor has come since the psychiatrist's assessment")
def test_missing_medical_review_is_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "Each medical review is due 4 hours after the last, until the first internal MDT review")
def test_medical_reviews_roll_until_the_first_mdt_review(database: object) -> None:
    pass


@scenario(FEATURE, "While seclusion goes on, the next medical review is owed from the last one held")
def test_next_medical_review_is_owed_from_the_last(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion that ends at the deadline owes no further medical review")
def test_seclusion_ending_at_the_deadline_owes_nothing_more(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion that ends a minute after the deadline still owed the medical review")
def test_seclusion_ending_after_the_deadline_owed_the_review(database: object) -> None:
    pass
