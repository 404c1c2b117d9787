"""LTS-01..LTS-04: long-term segregation (features/compliance/long_term_segregation.feature)."""

from __future__ import annotations

from pytest_bdd import scenario
from seclusion_terms import install_steps

FEATURE = "compliance/long_term_segregation.feature"

install_steps(globals())


@scenario(FEATURE, "A segregation not marked as long-term owes none of these duties")
def test_segregation_not_long_term_owes_nothing(database: object) -> None:
    pass


@scenario(FEATURE, "The MDT decided on long-term segregation with the commissioner's representative the day before")
def test_decision_with_the_commissioner_raises_no_finding(database: object) -> None:
    pass


@scenario(FEATURE, "The MDT with the commissioner's representative decided at the minute the segregation started")
def test_decision_at_the_start_raises_no_finding(database: object) -> None:
    pass


@scenario(FEATURE, "The commissioner's representative joined the MDT only a minute after the segregation started")
def test_commissioner_after_the_start_is_a_finding(database: object) -> None:
    pass


@scenario(FEATURE, "The MDT decided on long-term segregation without the commissioner's representative")
def test_decision_without_the_commissioner_is_a_finding(database: object) -> None:
    pass


@scenario(FEATURE, "The first approved clinician's review around its deadline")
def test_clinician_review_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "No approved clinician's review yet")
def test_no_clinician_review_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "Each approved clinician's review is due a day after the last")
def test_clinician_reviews_roll(database: object) -> None:
    pass


@scenario(FEATURE, "The MDT meeting that decided on the segregation does not count as its first weekly review")
def test_decision_is_not_the_first_weekly_review(database: object) -> None:
    pass


@scenario(FEATURE, "The first weekly MDT review around its deadline")
def test_weekly_mdt_review_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "A segregation that ends after exactly a week owes no weekly MDT review")
def test_segregation_ending_at_the_deadline_owes_no_mdt_review(database: object) -> None:
    pass


@scenario(FEATURE, "The first external review around its deadline")
def test_external_review_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "An independent MDT review is an external review too")
def test_independent_mdt_review_counts_as_external(database: object) -> None:
    pass


@scenario(FEATURE, "No external review in 90 days")
def test_missing_external_review_is_overdue(database: object) -> None:
    pass
