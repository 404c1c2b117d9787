"""DEB-01: a debrief with the person after each use (features/compliance/debrief_with_person.feature)."""

from __future__ import annotations

from pytest_bdd import scenario

FEATURE = "compliance/debrief_with_person.feature"


@scenario(FEATURE, "No debrief is recorded after the restraint that ended on Monday at 11:15")
def test_missing_debrief_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "A debrief with Alex the same afternoon meets the duty on time")
def test_debrief_the_same_afternoon_is_on_time(database: object) -> None:
    pass


@scenario(FEATURE, "A debrief held exactly at the deadline is on time, a minute later it is late")
def test_debrief_at_the_deadline_is_on_time(database: object) -> None:
    pass


@scenario(FEATURE, "A debrief held on Tuesday afternoon meets the duty late")
def test_debrief_after_the_deadline_is_late(database: object) -> None:
    pass


@scenario(FEATURE, "Alex declines the debrief and the reason is recorded")
def test_declined_debrief_with_reason_meets_the_duty(database: object) -> None:
    pass


@scenario(FEATURE, "A debrief with the staff involved does not stand in for the debrief with Alex")
def test_staff_debrief_does_not_meet_the_duty(database: object) -> None:
    pass


@scenario(FEATURE, "No debrief falls due while Alex is still in seclusion")
def test_no_debrief_due_during_seclusion(database: object) -> None:
    pass


@scenario(FEATURE, "The 24 hours run from the end of the seclusion, not from its start")
def test_debrief_deadline_runs_from_the_end(database: object) -> None:
    pass


@scenario(FEATURE, "Enhanced observation alone is not an incident that calls for a post-incident debrief")
def test_no_debrief_after_enhanced_observation_alone(database: object) -> None:
    pass
