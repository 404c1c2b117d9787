"""What the record must say: DEB-03 the post-incident review flags (features/compliance/
post_incident_review_record.feature), CP-03 the care-plan flag against the plan (care_plan_flag.feature), MCA-01 and
MCA-03 the reasoning of restraint under the Mental Capacity Act (mental_capacity_act_restraint.feature). The steps
are shared ones, in conftest.py.
"""

from __future__ import annotations

from pytest_bdd import scenario

POST_INCIDENT_REVIEW_RECORD = "compliance/post_incident_review_record.feature"
CARE_PLAN_FLAG = "compliance/care_plan_flag.feature"
MENTAL_CAPACITY_ACT_RESTRAINT = "compliance/mental_capacity_act_restraint.feature"


@scenario(POST_INCIDENT_REVIEW_RECORD, "Scenario 8: no debrief and no reason recorded by Tuesday 11:15")
def test_scenario_8_no_debrief_and_no_reason_recorded_by_tuesday_11_15(database: object) -> None:
    pass


@scenario(POST_INCIDENT_REVIEW_RECORD, "Both debriefs held the same day give both flags")
def test_both_debriefs_held_the_same_day_give_both_flags(database: object) -> None:
    pass


@scenario(POST_INCIDENT_REVIEW_RECORD, "Alex declines, the reason is recorded, and that is the patient flag")
def test_alex_declines_the_reason_is_recorded_and_that_is_the_patient_flag(database: object) -> None:
    pass


@scenario(
    POST_INCIDENT_REVIEW_RECORD,
    "The staff debrief exactly at the deadline is in time, a minute later the record falls short",
)
def test_the_staff_debrief_exactly_at_the_deadline_is_in_time_a_minute_later_the_record_falls_short(
    database: object,
) -> None:
    pass


@scenario(
    POST_INCIDENT_REVIEW_RECORD, "The staff are debriefed on Tuesday afternoon: the record falls short until then"
)
def test_the_staff_are_debriefed_on_tuesday_afternoon_the_record_falls_short_until_then(database: object) -> None:
    pass


@scenario(
    POST_INCIDENT_REVIEW_RECORD,
    "One flag is supplied, then the other: the finding says at each time what is still missing",
)
def test_one_flag_is_supplied_then_the_other_the_finding_says_at_each_time_what_is_still_missing(
    database: object,
) -> None:
    pass


@scenario(POST_INCIDENT_REVIEW_RECORD, "The formal post-incident review does not give either flag")
def test_the_formal_post_incident_review_does_not_give_either_flag(database: object) -> None:
    pass


@scenario(POST_INCIDENT_REVIEW_RECORD, "Enhanced observation alone is not an incident the data set asks about")
def test_enhanced_observation_alone_is_not_an_incident_the_data_set_asks_about(database: object) -> None:
    pass


@scenario(POST_INCIDENT_REVIEW_RECORD, "In adult social care the data set's flags are not required")
def test_in_adult_social_care_the_data_set_s_flags_are_not_required(database: object) -> None:
    pass


@scenario(CARE_PLAN_FLAG, "The record says the restraint was in the care plan, and the plan lists every hold used")
def test_the_record_says_the_restraint_was_in_the_care_plan_and_the_plan_lists_every_hold_used(
    database: object,
) -> None:
    pass


@scenario(
    CARE_PLAN_FLAG,
    "Scenario 9: the record says the prone restraint was in the care plan, but version 3 does not list it",
)
def test_scenario_9_the_record_says_the_prone_restraint_was_in_the_care_plan_but_version_3_does_not(
    database: object,
) -> None:
    pass


@scenario(
    CARE_PLAN_FLAG,
    "A version written by the time the restraint started is the plan in force; one a minute later is not",
)
def test_a_version_written_by_the_time_the_restraint_started_is_the_plan_in_force_one_a_minute_late(
    database: object,
) -> None:
    pass


@scenario(
    CARE_PLAN_FLAG, "The nurse in charge corrects the record at 16:30: the prone restraint was not in the care plan"
)
def test_the_nurse_in_charge_corrects_the_record_at_16_30_the_prone_restraint_was_not_in_the_care_p(
    database: object,
) -> None:
    pass


@scenario(CARE_PLAN_FLAG, "A record that says the restraint was not in the care plan is not judged against it")
def test_a_record_that_says_the_restraint_was_not_in_the_care_plan_is_not_judged_against_it(database: object) -> None:
    pass


@scenario(CARE_PLAN_FLAG, "A plan that does not say which interventions it permits cannot bear out the record")
def test_a_plan_that_does_not_say_which_interventions_it_permits_cannot_bear_out_the_record(database: object) -> None:
    pass


@scenario(CARE_PLAN_FLAG, "No care plan at all")
def test_no_care_plan_at_all(database: object) -> None:
    pass


@scenario(
    MENTAL_CAPACITY_ACT_RESTRAINT, "Restraint during personal care, with its reasoning recorded, raises no finding"
)
def test_restraint_during_personal_care_with_its_reasoning_recorded_raises_no_finding(database: object) -> None:
    pass


@scenario(MENTAL_CAPACITY_ACT_RESTRAINT, "The record leaves out why the restraint was necessary and proportionate")
def test_the_record_leaves_out_why_the_restraint_was_necessary_and_proportionate(database: object) -> None:
    pass


@scenario(
    MENTAL_CAPACITY_ACT_RESTRAINT,
    "The manager adds the less restrictive options considered at 09:00, closing the finding from then on",
)
def test_the_manager_adds_the_less_restrictive_options_considered_at_09_00_closing_the_finding_from(
    database: object,
) -> None:
    pass


@scenario(
    MENTAL_CAPACITY_ACT_RESTRAINT,
    "A locked front door Dorothy does not resist is still restraint, judged from the minute it was locked",
)
def test_a_locked_front_door_dorothy_does_not_resist_is_still_restraint_judged_from_the_minute_it_w(
    database: object,
) -> None:
    pass


@scenario(
    MENTAL_CAPACITY_ACT_RESTRAINT, "In a hospital, restraint under a best-interests decision is judged under the Act"
)
def test_in_a_hospital_restraint_under_a_best_interests_decision_is_judged_under_the_act(database: object) -> None:
    pass


@scenario(MENTAL_CAPACITY_ACT_RESTRAINT, "In a hospital, restraint under detention alone is not judged under the Act")
def test_in_a_hospital_restraint_under_detention_alone_is_not_judged_under_the_act(database: object) -> None:
    pass
