"""SEC-06: an independent MDT review once seclusion passes 8 hours continuously or 12 hours in 48
(features/compliance/seclusion_independent_review.feature)."""

from __future__ import annotations

from pytest_bdd import scenario
from seclusion_terms import install_steps

FEATURE = "compliance/seclusion_independent_review.feature"

install_steps(globals())


@scenario(FEATURE, "Reference scenario 4: seclusion from Tuesday 20:00 passes 8 hours at 04:00, and no review by 10:00")
def test_reference_scenario_4_continuous_trigger(database: object) -> None:
    pass


@scenario(FEATURE, "Before and after the seclusion passes 8 hours")
def test_independent_review_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "Nothing is owed yet a minute before the seclusion passes 8 hours")
def test_nothing_is_owed_before_8_hours(database: object) -> None:
    pass


@scenario(FEATURE, "The independent MDT review around the moment the seclusion passes 8 hours")
def test_independent_review_around_the_threshold(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion that ends after exactly 8 hours needs no independent review")
def test_seclusion_of_exactly_8_hours_needs_no_review(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion that ends a minute after 8 hours needed an independent review")
def test_seclusion_a_minute_over_8_hours_needed_a_review(database: object) -> None:
    pass


@scenario(FEATURE, "After the independent review, a seclusion still going on is counted afresh")
def test_seclusion_is_counted_afresh_after_the_threshold(database: object) -> None:
    pass


@scenario(FEATURE, "Reference scenario 5: three seclusions, none of 8 hours, come to 12 hours in 48 at Tuesday 17:00")
def test_reference_scenario_5_intermittent_trigger(database: object) -> None:
    pass


@scenario(FEATURE, "Three seclusions that come to exactly 12 hours in 48 need no independent review")
def test_exactly_12_hours_in_48_needs_no_review(database: object) -> None:
    pass


@scenario(FEATURE, "The independent review held during the third seclusion meets the duty on time")
def test_review_during_the_third_seclusion_is_on_time(database: object) -> None:
    pass
