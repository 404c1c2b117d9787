"""Manual restraint: RES-01 prone restraint (features/compliance/prone_restraint.feature), RES-03 its length
(restraint_duration.feature), RES-04 the physical health check after it (restraint_monitoring.feature) and RES-06
going to the floor (going_to_the_floor.feature). The steps are shared ones, in conftest.py.
"""

from __future__ import annotations

from pytest_bdd import scenario

PRONE_RESTRAINT = "compliance/prone_restraint.feature"
RESTRAINT_DURATION = "compliance/restraint_duration.feature"
RESTRAINT_MONITORING = "compliance/restraint_monitoring.feature"
GOING_TO_THE_FLOOR = "compliance/going_to_the_floor.feature"


@scenario(PRONE_RESTRAINT, "A prone restraint whose record gives the cogent reason raises no finding")
def test_a_prone_restraint_whose_record_gives_the_cogent_reason_raises_no_finding(database: object) -> None:
    pass


@scenario(
    PRONE_RESTRAINT, "Scenario 7: thirteen minutes of restraint, prone without a reason, and an incomplete record"
)
def test_scenario_7_thirteen_minutes_of_restraint_prone_without_a_reason_and_an_incomplete_record(
    database: object,
) -> None:
    pass


@scenario(PRONE_RESTRAINT, "The nurse in charge adds the reason at 16:30, closing the finding from then on")
def test_the_nurse_in_charge_adds_the_reason_at_16_30_closing_the_finding_from_then_on(database: object) -> None:
    pass


@scenario(PRONE_RESTRAINT, "The finding stays on the record from the end of the restraint until the reason was added")
def test_the_finding_stays_on_the_record_from_the_end_of_the_restraint_until_the_reason_was_added(
    database: object,
) -> None:
    pass


@scenario(PRONE_RESTRAINT, "A restraint that never went prone needs no reason for prone")
def test_a_restraint_that_never_went_prone_needs_no_reason_for_prone(database: object) -> None:
    pass


@scenario(PRONE_RESTRAINT, "In adult social care the same reason is needed")
def test_in_adult_social_care_the_same_reason_is_needed(database: object) -> None:
    pass


@scenario(
    RESTRAINT_DURATION,
    "Scenario 7: standing for two minutes, then prone for eleven, is found from the minute it passed ten",
)
def test_scenario_7_standing_for_two_minutes_then_prone_for_eleven_is_found_from_the_minute_it_pass(
    database: object,
) -> None:
    pass


@scenario(RESTRAINT_DURATION, "A restraint of exactly ten minutes is within the guidance")
def test_a_restraint_of_exactly_ten_minutes_is_within_the_guidance(database: object) -> None:
    pass


@scenario(RESTRAINT_DURATION, "A restraint of eleven minutes is a minute over")
def test_a_restraint_of_eleven_minutes_is_a_minute_over(database: object) -> None:
    pass


@scenario(RESTRAINT_DURATION, "Letting go and taking hold again makes two restraints, each within the guidance")
def test_letting_go_and_taking_hold_again_makes_two_restraints_each_within_the_guidance(database: object) -> None:
    pass


@scenario(RESTRAINT_DURATION, "The escort back from seclusion is timed on its own")
def test_the_escort_back_from_seclusion_is_timed_on_its_own(database: object) -> None:
    pass


@scenario(RESTRAINT_DURATION, "In adult social care NICE NG10's ten minutes is not applied")
def test_in_adult_social_care_nice_ng10_s_ten_minutes_is_not_applied(database: object) -> None:
    pass


@scenario(RESTRAINT_MONITORING, "No check is recorded after the restraint that ended at 11:15")
def test_no_check_is_recorded_after_the_restraint_that_ended_at_11_15(database: object) -> None:
    pass


@scenario(RESTRAINT_MONITORING, "A check exactly an hour after letting go is on time, a minute later it is late")
def test_a_check_exactly_an_hour_after_letting_go_is_on_time_a_minute_later_it_is_late(database: object) -> None:
    pass


@scenario(RESTRAINT_MONITORING, "A check taken while Alex was still held meets the duty")
def test_a_check_taken_while_alex_was_still_held_meets_the_duty(database: object) -> None:
    pass


@scenario(RESTRAINT_MONITORING, "A note of how Alex seems, with no vital signs taken, does not meet the duty")
def test_a_note_of_how_alex_seems_with_no_vital_signs_taken_does_not_meet_the_duty(database: object) -> None:
    pass


@scenario(RESTRAINT_MONITORING, "The check falls due an hour after staff let go, even when seclusion follows")
def test_the_check_falls_due_an_hour_after_staff_let_go_even_when_seclusion_follows(database: object) -> None:
    pass


@scenario(RESTRAINT_MONITORING, "Rapid tranquillisation alone has its own observations, not this check")
def test_rapid_tranquillisation_alone_has_its_own_observations_not_this_check(database: object) -> None:
    pass


@scenario(GOING_TO_THE_FLOOR, "A restraint taken to the floor, with the reason recorded, raises no finding")
def test_a_restraint_taken_to_the_floor_with_the_reason_recorded_raises_no_finding(database: object) -> None:
    pass


@scenario(GOING_TO_THE_FLOOR, "A <position> restraint with no reason why going to the floor could not be avoided")
def test_a_x_restraint_with_no_reason_why_going_to_the_floor_could_not_be_avoided(database: object) -> None:
    pass


@scenario(GOING_TO_THE_FLOOR, "A <position> stays off the floor and needs no such reason")
def test_a_x_stays_off_the_floor_and_needs_no_such_reason(database: object) -> None:
    pass


@scenario(GOING_TO_THE_FLOOR, "The nurse in charge adds the reason at 16:30, closing the finding from then on")
def test_the_nurse_in_charge_adds_the_reason_at_16_30_closing_the_finding_from_then_on_(database: object) -> None:
    pass


@scenario(
    GOING_TO_THE_FLOOR,
    "A restraint that went prone without either reason is found twice: once for prone, once for the floor",
)
def test_a_restraint_that_went_prone_without_either_reason_is_found_twice_once_for_prone_once_for_t(
    database: object,
) -> None:
    pass
