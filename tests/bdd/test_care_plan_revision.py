"""CP-01: the care plan is revised after each use (features/compliance/care_plan_revision.feature)."""

from __future__ import annotations

from pytest_bdd import scenario

FEATURE = "compliance/care_plan_revision.feature"


@scenario(FEATURE, "The care plan is still the version from before the restraint")
def test_missing_revision_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "A revision naming the restraint, made on Thursday, meets the duty on time")
def test_revision_naming_the_use_is_on_time(database: object) -> None:
    pass


@scenario(FEATURE, "A revision naming the restraint, made two days after the deadline, meets the duty late")
def test_revision_naming_the_use_after_the_deadline_is_late(database: object) -> None:
    pass


@scenario(FEATURE, "A revision that does not name the restraint does not meet the duty")
def test_revision_not_naming_the_use_does_not_meet_the_duty(database: object) -> None:
    pass


@scenario(FEATURE, "In adult social care the same duty follows a restraint during personal care")
def test_revision_duty_in_adult_social_care(database: object) -> None:
    pass
