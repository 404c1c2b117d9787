"""SEC-08: the seclusion care plan, and a contemporaneous record
(features/compliance/seclusion_care_plan_and_record.feature)."""

from __future__ import annotations

from pytest_bdd import scenario
from seclusion_terms import install_steps

FEATURE = "compliance/seclusion_care_plan_and_record.feature"

install_steps(globals())


@scenario(FEATURE, "A seclusion recorded as it starts is contemporaneous")
def test_seclusion_recorded_as_it_starts(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion recorded at the minute it ends is contemporaneous")
def test_seclusion_recorded_at_its_end(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion first recorded a minute after it ended")
def test_seclusion_recorded_after_it_ended_is_a_finding(database: object) -> None:
    pass


@scenario(FEATURE, "The seclusion care plan around its deadline")
def test_seclusion_care_plan_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "No seclusion care plan yet")
def test_no_seclusion_care_plan_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "A care plan revised before the seclusion started is not its seclusion care plan")
def test_revision_before_the_seclusion_does_not_count(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion that ends after exactly 24 hours owes no seclusion care plan")
def test_seclusion_ending_at_the_deadline_owes_no_care_plan(database: object) -> None:
    pass
