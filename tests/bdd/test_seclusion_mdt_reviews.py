"""SEC-04 and SEC-05: the first MDT review of seclusion, then daily MDT reviews and two medical reviews a day
(features/compliance/seclusion_first_mdt_review.feature, seclusion_after_mdt_review.feature)."""

from __future__ import annotations

from pytest_bdd import scenario
from seclusion_terms import install_steps

FIRST = "compliance/seclusion_first_mdt_review.feature"
AFTER = "compliance/seclusion_after_mdt_review.feature"

install_steps(globals())


@scenario(FIRST, "The first MDT review around its deadline")
def test_first_mdt_review_around_its_deadline(database: object) -> None:
    pass


@scenario(FIRST, "No MDT review yet")
def test_no_mdt_review_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FIRST, "A seclusion that ends after exactly 24 hours owes no MDT review")
def test_seclusion_ending_at_the_deadline_owes_no_mdt_review(database: object) -> None:
    pass


@scenario(FIRST, "A seclusion that ends a minute after 24 hours still owed its MDT review")
def test_seclusion_ending_after_the_deadline_owed_its_mdt_review(database: object) -> None:
    pass


@scenario(AFTER, "The MDT review is due 24 hours after the last one held")
def test_daily_mdt_reviews_roll(database: object) -> None:
    pass


@scenario(AFTER, "The second MDT review around its deadline")
def test_second_mdt_review_around_its_deadline(database: object) -> None:
    pass


@scenario(AFTER, "The MDT review with the psychiatrist and a medical review the next morning make the first day's pair")
def test_mdt_review_with_a_doctor_is_one_of_the_days_pair(database: object) -> None:
    pass


@scenario(AFTER, "The second medical review of the day around the day's end")
def test_second_medical_review_around_the_days_end(database: object) -> None:
    pass


@scenario(AFTER, "A day short of a medical review stays overdue after the seclusion ends")
def test_day_short_of_a_medical_review_stays_overdue(database: object) -> None:
    pass


@scenario(AFTER, "A first MDT review without a doctor is not one of the day's medical reviews")
def test_mdt_review_without_a_doctor_is_not_a_medical_review(database: object) -> None:
    pass
