"""DEB-02: a formal post-incident review after restraint, rapid tranquillisation or seclusion
(features/compliance/post_incident_review.feature)."""

from __future__ import annotations

from pytest_bdd import scenario

FEATURE = "compliance/post_incident_review.feature"


@scenario(FEATURE, "A formal review is due within 72 hours of <practice>")
def test_review_due_after_restraint_rapid_tranquillisation_or_seclusion(database: object) -> None:
    pass


@scenario(FEATURE, "<practice> alone does not call for a formal review")
def test_no_review_after_other_practices(database: object) -> None:
    pass


@scenario(FEATURE, "Mechanical restraint is restraint, and calls for a formal review")
def test_review_due_after_mechanical_restraint(database: object) -> None:
    pass


@scenario(FEATURE, "No formal review is recorded after the restraint that ended on Monday at 11:15")
def test_missing_review_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "A formal review held by the deadline is on time, one held after it is late")
def test_review_on_time_or_late(database: object) -> None:
    pass


@scenario(FEATURE, "A formal review that was called off does not meet the duty")
def test_review_not_held_does_not_meet_the_duty(database: object) -> None:
    pass


@scenario(FEATURE, "In adult social care the formal review of NG10 is not required")
def test_no_review_in_adult_social_care(database: object) -> None:
    pass
