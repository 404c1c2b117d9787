"""SEC-03: 2-hourly nursing reviews of seclusion, and who takes part in them
(features/compliance/seclusion_nursing_reviews.feature)."""

from __future__ import annotations

from pytest_bdd import scenario
from seclusion_terms import install_steps

FEATURE = "compliance/seclusion_nursing_reviews.feature"

install_steps(globals())


@scenario(FEATURE, "Reference scenario 3: a gap between nursing reviews, and a review by one nurse alone")
def test_reference_scenario_3_gap_and_composition(database: object) -> None:
    pass


@scenario(FEATURE, "The first nursing review around its deadline")
def test_first_nursing_review_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "No nursing review yet")
def test_no_nursing_review_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "Two healthcare assistants review Alex: no registered nurse")
def test_review_without_a_registered_nurse_is_a_finding(database: object) -> None:
    pass


@scenario(FEATURE, "Both reviewers took part in the decision to seclude")
def test_review_without_an_independent_reviewer_is_a_finding(database: object) -> None:
    pass


@scenario(FEATURE, "The seclusion ends at the deadline of the next nursing review")
def test_nothing_is_owed_at_the_end_of_seclusion(database: object) -> None:
    pass
