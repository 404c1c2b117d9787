"""DEB-03, CP-03, MCA-01 and MCA-03 (rpledger.domain.rules.record_keeping), run through ``evaluate`` on cases built
by their commands. The restraint is regulatory-reference.md scenario 7's, ended Monday 3 March 2025 11:15; the care
plan is scenario 9's version 3, written two months before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, Setting
from rpledger.domain.correction import CarePlanRevisionCorrection, DebriefCorrection, UseCorrection
from rpledger.domain.obligation import Finding
from rpledger.domain.policy import DEFAULT_POLICIES, Policy
from rpledger.domain.rules import evaluate, record_keeping
from rpledger.domain.rules.catalogue import CP_03, DEB_03, MCA_01, MCA_03
from rpledger.domain.values import Actor, Authorisation, CarePlanRevision, Debrief, Segment, Use, UseDetails

MH_UNIT = DEFAULT_POLICIES[Setting.MENTAL_HEALTH_INPATIENT]
SOCIAL_CARE = DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE]
STANDING, PRONE, SUPINE, SEATED = (
    PracticeCode.PHYS_STANDING,
    PracticeCode.PHYS_PRONE,
    PracticeCode.PHYS_SUPINE,
    PracticeCode.PHYS_SEATED,
)
BOTH_FLAGS = (
    "the record does not give MHSDS RestrictiveIntPIReviewHeldPat (a post-incident review with the patient, or the "
    "reason it was not held); RestrictiveIntPIReviewHeldCarePers (a post-incident review with the staff involved)"
)
PATIENT_FLAG_ONLY = (
    "the record does not give MHSDS RestrictiveIntPIReviewHeldPat (a post-incident review with the patient, or the "
    "reason it was not held)"
)
STAFF_FLAG_ONLY = (
    "the record does not give MHSDS RestrictiveIntPIReviewHeldCarePers (a post-incident review with the staff involved)"
)
IN_CARE_PLAN = UseDetails(in_care_plan=True)
MCA_REASONING = UseDetails(
    necessity="Without it she would have fallen in the shower",
    proportionality="Held by the forearm for two minutes only; a fall would have been serious",
    less_restrictive_options="Prompting and a shower chair were tried first",
)


def march(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


NOTHING_RECORDED = UseDetails()
SHOWER_ENDED = march(3, 7, 40)
SATURDAY_MORNING = march(1, 9)


def scenario_7(details: UseDetails = NOTHING_RECORDED) -> Use:
    return Use(
        uuid4(),
        (Segment(STANDING, march(3, 11, 2), march(3, 11, 4)), Segment(PRONE, march(3, 11, 4), march(3, 11, 15))),
        details,
    )


def single(practice: PracticeCode, details: UseDetails, end: datetime | None = SHOWER_ENDED) -> Use:
    return Use(uuid4(), (Segment(practice, march(3, 7, 30), end),), details)


def debrief(use: Use, kind: DebriefKind, held_at: datetime, declined_reason: str | None = None) -> Debrief:
    return Debrief(uuid4(), (use.id,), kind, held_at, declined_reason)


def plan(version: int, revised_at: datetime, permits: tuple[PracticeCode, ...] | None) -> CarePlanRevision:
    return CarePlanRevision(
        uuid4(), version, revised_at, (), "Positive behaviour support plan", permitted_practices=permits
    )


def findings(case: Case, rule_id: str, policy: Policy = MH_UNIT) -> list[Finding]:
    return [f for f in evaluate(case, policy).findings if f.rule.id == rule_id]


def spans(case: Case, rule_id: str, policy: Policy = MH_UNIT) -> list[tuple[datetime, datetime | None, str]]:
    return [(f.at, f.resolved_at, f.detail) for f in findings(case, rule_id, policy)]


@pytest.fixture
def mh_case(open_case: Callable[..., Case]) -> Case:
    return open_case()


@pytest.fixture
def care_home(open_case: Callable[..., Case]) -> Case:
    return open_case(setting=Setting.ADULT_SOCIAL_CARE)


# ------------------------------------------------------------------------------------------------------ DEB-03


def test_no_review_either_way_is_a_finding_at_the_end_of_the_debrief_window(mh_case: Case, by: Actor) -> None:
    use = scenario_7()
    mh_case.record_use(use, by)

    assert findings(mh_case, "DEB-03") == [Finding(DEB_03, use.id, march(4, 11, 15), BOTH_FLAGS)]


def test_both_reviews_held_by_the_deadline_is_no_finding(mh_case: Case, by: Actor) -> None:
    use = scenario_7()
    mh_case.record_use(use, by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_PERSON, march(3, 15, 40)), by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_STAFF, march(4, 11, 15)), by)

    assert findings(mh_case, "DEB-03") == []


def test_declines_with_a_reason_record_both_flags(mh_case: Case, by: Actor) -> None:
    use = scenario_7()
    mh_case.record_use(use, by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_PERSON, march(3, 12, 30), "Too upset to talk"), by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_STAFF, march(3, 16, 0), "Staff went off shift"), by)

    assert findings(mh_case, "DEB-03") == []


def test_each_flag_supplied_late_changes_the_finding_when_held(mh_case: Case, by: Actor) -> None:
    use = scenario_7()
    mh_case.record_use(use, by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_STAFF, march(4, 11, 16)), by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_PERSON, march(4, 15, 0)), by)

    assert spans(mh_case, "DEB-03") == [
        (march(4, 11, 15), march(4, 11, 16), BOTH_FLAGS),
        (march(4, 11, 16), march(4, 15, 0), PATIENT_FLAG_ONLY),
    ]


def test_a_formal_post_incident_review_does_not_stand_in_for_either_flag(mh_case: Case, by: Actor) -> None:
    use = scenario_7()
    mh_case.record_use(use, by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_PERSON, march(3, 15, 40)), by)
    mh_case.record_debrief(debrief(use, DebriefKind.POST_INCIDENT_REVIEW, march(4, 10, 0)), by)

    assert spans(mh_case, "DEB-03") == [(march(4, 11, 15), None, STAFF_FLAG_ONLY)]


def test_correcting_a_debrief_to_name_the_use_changes_the_record_from_when_it_was_held(
    mh_case: Case, by: Actor
) -> None:
    use, other = scenario_7(), scenario_7()
    mh_case.record_use(use, by)
    mh_case.record_use(other, by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_PERSON, march(3, 15, 40)), by)
    staff = debrief(other, DebriefKind.WITH_STAFF, march(3, 16, 0))
    mh_case.record_debrief(staff, by)

    mh_case.correct_entry(staff.id, DebriefCorrection(use_ids=(use.id,)), "wrong incident", march(5, 9, 0), by)

    assert [f.subject for f in findings(mh_case, "DEB-03")] == [other.id]


def test_debrief_window_follows_the_policy(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(scenario_7(), by)
    end_of_shift = MH_UNIT.tightened(debrief_with_person_within=timedelta(hours=8, minutes=45))

    [finding] = findings(mh_case, "DEB-03", end_of_shift)

    assert finding.at == march(3, 20, 0)


def test_no_flags_are_needed_while_the_use_goes_on_or_after_observation_alone(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(single(PracticeCode.ISO_SECLUSION, UseDetails(), end=None), by)
    mh_case.record_use(single(PracticeCode.OBS_ENHANCED, UseDetails()), by)

    assert findings(mh_case, "DEB-03") == []


def test_the_flags_are_not_required_in_adult_social_care(care_home: Case, by: Actor) -> None:
    care_home.record_use(single(SEATED, MCA_REASONING), by)

    assert findings(care_home, "DEB-03", SOCIAL_CARE) == []


# ------------------------------------------------------------------------------------------------------- CP-03


def test_record_saying_in_the_care_plan_agrees_with_a_plan_that_lists_every_practice(mh_case: Case, by: Actor) -> None:
    mh_case.revise_care_plan(plan(3, march(3, 9, 0), (STANDING, PRONE, SUPINE)), by)
    mh_case.record_use(scenario_7(IN_CARE_PLAN), by)

    assert findings(mh_case, "CP-03") == []


def test_scenario_9_plan_version_3_does_not_list_prone_restraint(mh_case: Case, by: Actor) -> None:
    mh_case.revise_care_plan(plan(3, datetime(2025, 1, 3, 10, 0, tzinfo=UTC), (STANDING, SUPINE)), by)
    use = scenario_7(IN_CARE_PLAN)
    mh_case.record_use(use, by)

    assert findings(mh_case, "CP-03") == [
        Finding(
            CP_03,
            use.id,
            march(3, 11, 15),
            "the record says the force used was part of the care plan, but care plan version 3 does not list "
            "PHYS.PRONE",
        )
    ]


def test_no_plan_in_force_when_the_use_started(mh_case: Case, by: Actor) -> None:
    mh_case.revise_care_plan(plan(1, march(3, 11, 3), (STANDING, PRONE)), by)  # a minute after it started
    mh_case.record_use(scenario_7(IN_CARE_PLAN), by)

    [finding] = findings(mh_case, "CP-03")

    assert finding.detail == (
        "the record says the force used was part of the care plan, but no care plan was in force when it started at "
        "2025-03-03 11:02"
    )


def test_plan_revised_the_minute_the_use_started_is_in_force(mh_case: Case, by: Actor) -> None:
    mh_case.revise_care_plan(plan(1, march(3, 11, 2), (STANDING, PRONE)), by)
    mh_case.record_use(scenario_7(IN_CARE_PLAN), by)

    assert findings(mh_case, "CP-03") == []


def test_the_highest_version_in_force_is_the_plan(mh_case: Case, by: Actor) -> None:
    mh_case.revise_care_plan(plan(2, march(1, 9, 0), (STANDING, PRONE)), by)
    mh_case.revise_care_plan(plan(3, march(2, 9, 0), (STANDING,)), by)
    mh_case.record_use(scenario_7(IN_CARE_PLAN), by)

    [finding] = findings(mh_case, "CP-03")

    assert finding.detail.endswith("care plan version 3 does not list PHYS.PRONE")


def test_plan_that_does_not_say_what_it_permits(mh_case: Case, by: Actor) -> None:
    mh_case.revise_care_plan(plan(3, march(1, 9, 0), None), by)
    mh_case.record_use(scenario_7(IN_CARE_PLAN), by)

    [finding] = findings(mh_case, "CP-03")

    assert finding.detail.endswith("care plan version 3 does not say which restrictive interventions it permits")


@pytest.mark.parametrize("in_care_plan", [False, None])
def test_record_not_saying_in_the_care_plan_is_not_judged(mh_case: Case, by: Actor, in_care_plan: bool | None) -> None:
    mh_case.record_use(scenario_7(UseDetails(in_care_plan=in_care_plan)), by)

    assert findings(mh_case, "CP-03") == []


def test_correcting_the_flag_closes_the_finding_when_made(mh_case: Case, by: Actor) -> None:
    use = scenario_7(IN_CARE_PLAN)
    mh_case.record_use(use, by)

    mh_case.correct_entry(use.id, UseCorrection(in_care_plan=False), "not in the plan", march(3, 16, 30), by)

    [finding] = findings(mh_case, "CP-03")
    assert (finding.at, finding.resolved_at) == (march(3, 11, 15), march(3, 16, 30))


def test_a_corrected_plan_is_what_the_plan_always_said(mh_case: Case, by: Actor) -> None:
    version_3 = plan(3, march(1, 9, 0), (STANDING,))
    mh_case.revise_care_plan(version_3, by)
    mh_case.record_use(scenario_7(IN_CARE_PLAN), by)

    correction = CarePlanRevisionCorrection(permitted_practices=(STANDING, PRONE))
    mh_case.correct_entry(version_3.id, correction, "prone was in the plan as written", march(4, 9, 0), by)

    assert findings(mh_case, "CP-03") == []


def test_plan_corrected_before_the_use_ended_counts_as_corrected(mh_case: Case, by: Actor) -> None:
    version_3 = plan(3, march(1, 9, 0), None)
    mh_case.revise_care_plan(version_3, by)
    correction = CarePlanRevisionCorrection(permitted_practices=(STANDING, PRONE))
    mh_case.correct_entry(version_3.id, correction, "permitted interventions added", march(1, 9, 5), by)

    mh_case.record_use(scenario_7(IN_CARE_PLAN), by)

    assert findings(mh_case, "CP-03") == []


def test_no_care_plan_finding_while_the_use_goes_on(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(single(PracticeCode.ISO_SECLUSION, IN_CARE_PLAN, end=None), by)

    assert findings(mh_case, "CP-03") == []


def test_care_plan_flag_is_not_judged_in_adult_social_care(care_home: Case, by: Actor) -> None:
    care_home.record_use(single(SEATED, replace(MCA_REASONING, in_care_plan=True)), by)

    assert findings(care_home, "CP-03", SOCIAL_CARE) == []


# ------------------------------------------------------------------------------------------------ MCA-01, MCA-03


def test_restraint_in_social_care_with_its_reasoning_recorded_is_no_finding(care_home: Case, by: Actor) -> None:
    care_home.record_use(single(SEATED, MCA_REASONING), by)

    assert findings(care_home, "MCA-01", SOCIAL_CARE) == findings(care_home, "MCA-03", SOCIAL_CARE) == []


def test_missing_necessity_and_proportionality_is_found_from_the_start(care_home: Case, by: Actor) -> None:
    use = single(SEATED, replace(MCA_REASONING, necessity=None, proportionality=None))
    care_home.record_use(use, by)

    assert findings(care_home, "MCA-01", SOCIAL_CARE) == [
        Finding(
            MCA_01,
            use.id,
            march(3, 7, 30),
            "restraint under the Mental Capacity Act; missing the belief that it was necessary to prevent harm to the "
            "person (MCA s6(2)); why it was proportionate to the likelihood and seriousness of that harm (MCA s6(3))",
        )
    ]


def test_missing_proportionality_alone_is_named(care_home: Case, by: Actor) -> None:
    care_home.record_use(single(SEATED, replace(MCA_REASONING, proportionality=None)), by)

    [finding] = findings(care_home, "MCA-01", SOCIAL_CARE)

    assert finding.detail == (
        "restraint under the Mental Capacity Act; missing why it was proportionate to the likelihood and seriousness "
        "of that harm (MCA s6(3))"
    )


def test_missing_less_restrictive_options_is_found_from_the_start(care_home: Case, by: Actor) -> None:
    use = single(SEATED, replace(MCA_REASONING, less_restrictive_options=None))
    care_home.record_use(use, by)

    assert findings(care_home, "MCA-03", SOCIAL_CARE) == [
        Finding(
            MCA_03,
            use.id,
            march(3, 7, 30),
            "restraint under the Mental Capacity Act; missing the less restrictive options considered (MCA s1(6))",
        )
    ]


def test_use_still_going_on_is_judged_from_its_start(care_home: Case, by: Actor) -> None:
    care_home.record_use(single(PracticeCode.ENV_RESTRICT, UseDetails(), end=None), by)

    assert [f.at for f in findings(care_home, "MCA-01", SOCIAL_CARE)] == [march(3, 7, 30)]
    assert [f.at for f in findings(care_home, "MCA-03", SOCIAL_CARE)] == [march(3, 7, 30)]


def test_reasoning_supplied_later_closes_the_finding_when_made(care_home: Case, by: Actor) -> None:
    use = single(SEATED, replace(MCA_REASONING, necessity=None))
    care_home.record_use(use, by)

    correction = UseCorrection(necessity="She would have fallen")
    care_home.correct_entry(use.id, correction, "added from the handover notes", march(3, 9, 0), by)

    assert [(f.at, f.resolved_at) for f in findings(care_home, "MCA-01", SOCIAL_CARE)] == [
        (march(3, 7, 30), march(3, 9, 0))
    ]


def best_interests(practices: tuple[PracticeCode, ...], valid_from: datetime = SATURDAY_MORNING) -> Authorisation:
    return Authorisation(
        uuid4(), AuthorisationBasis.MCA_BEST_INTERESTS, practices, valid_from, march(31, 9), valid_from, "Dr Shah"
    )


def test_restraint_under_a_best_interests_decision_in_a_hospital_is_under_the_act(mh_case: Case, by: Actor) -> None:
    mh_case.grant_authorisation(best_interests((SEATED,)), by)
    mh_case.record_use(single(SEATED, UseDetails()), by)

    assert [f.rule for f in findings(mh_case, "MCA-01") + findings(mh_case, "MCA-03")] == [MCA_01, MCA_03]


def test_restraint_under_detention_alone_is_not_judged_under_the_act(mh_case: Case, by: Actor) -> None:
    mh_case.grant_authorisation(best_interests((PracticeCode.COVERT_MED,)), by)
    mh_case.record_use(single(SEATED, UseDetails()), by)

    assert findings(mh_case, "MCA-01") == findings(mh_case, "MCA-03") == []


def test_best_interests_decision_made_after_the_start_does_not_bring_it_under_the_act(mh_case: Case, by: Actor) -> None:
    mh_case.grant_authorisation(best_interests((SEATED,), valid_from=march(3, 7, 31)), by)
    mh_case.record_use(single(SEATED, UseDetails()), by)

    assert findings(mh_case, "MCA-01") == []


# ----------------------------------------------------------------------------------------------------- family


def test_only_limits_the_family_to_the_uses_named(care_home: Case, by: Actor) -> None:
    first, second = single(SEATED, UseDetails()), single(SEATED, UseDetails())
    care_home.record_use(first, by)
    care_home.record_use(second, by)

    derived = record_keeping.per_use(care_home, SOCIAL_CARE, [second.id])

    assert {f.subject for f in derived.findings} == {second.id}


def test_rules_the_policy_does_not_apply_derive_nothing(mh_case: Case, by: Actor) -> None:
    mh_case.grant_authorisation(best_interests((STANDING, PRONE)), by)
    mh_case.record_use(scenario_7(IN_CARE_PLAN), by)
    without = replace(MH_UNIT, rule_ids=MH_UNIT.rule_ids - {"DEB-03", "CP-03", "MCA-01", "MCA-03"})

    derived = record_keeping.per_use(mh_case, without)

    assert (derived.obligations, derived.findings) == ([], [])


def test_case_wide_derives_nothing(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(scenario_7(), by)

    derived = record_keeping.case_wide(mh_case, MH_UNIT)

    assert (derived.obligations, derived.findings) == ([], [])
