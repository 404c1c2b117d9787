"""RES-01, RES-03, RES-04, RES-06 (rpledger.domain.rules.restraint), run through ``evaluate`` on cases built by their
commands. The restraint is regulatory-reference.md scenario 7's: standing from Monday 3 March 2025 11:02, prone
from 11:04, ended 11:15.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode, Setting
from rpledger.domain.correction import UseCorrection
from rpledger.domain.obligation import Finding, Obligation, ObligationStatus
from rpledger.domain.policy import DEFAULT_POLICIES, Policy
from rpledger.domain.rules import evaluate, restraint
from rpledger.domain.rules.aftercare import obligation_id
from rpledger.domain.rules.catalogue import RES_01, RES_03, RES_04, RES_06
from rpledger.domain.values import Actor, Observation, Segment, Use, UseDetails, VitalSigns

MH_UNIT = DEFAULT_POLICIES[Setting.MENTAL_HEALTH_INPATIENT]
SOCIAL_CARE = DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE]

STANDING, PRONE, SUPINE, SIDE, SEATED = (
    PracticeCode.PHYS_STANDING,
    PracticeCode.PHYS_PRONE,
    PracticeCode.PHYS_SUPINE,
    PracticeCode.PHYS_SIDE,
    PracticeCode.PHYS_SEATED,
)
EXPLAINED = UseDetails(prone_reason="Alex was on top of a nurse", floor_reason="Alex fell and pulled staff down")
UNEXPLAINED = UseDetails()
PULSE_AND_BREATHING = VitalSigns(pulse=96, respiratory_rate=20)


def march(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def use_of(*segments: tuple[PracticeCode, datetime, datetime | None], details: UseDetails = EXPLAINED) -> Use:
    return Use(uuid4(), tuple(Segment(p, start, end) for p, start, end in segments), details)


def scenario_7(details: UseDetails = EXPLAINED) -> Use:
    return use_of(
        (STANDING, march(3, 11, 2), march(3, 11, 4)), (PRONE, march(3, 11, 4), march(3, 11, 15)), details=details
    )


def observation(use: Use, at: datetime, vitals: VitalSigns | None = PULSE_AND_BREATHING) -> Observation:
    return Observation(uuid4(), use.id, at, "Sam Lee", vitals=vitals)


def findings(case: Case, rule_id: str, policy: Policy = MH_UNIT) -> list[Finding]:
    return [f for f in evaluate(case, policy).findings if f.rule.id == rule_id]


def obligations(case: Case, rule_id: str, policy: Policy = MH_UNIT) -> list[Obligation]:
    return [o for o in evaluate(case, policy).obligations if o.rule.id == rule_id]


@pytest.fixture
def mh_case(open_case: Callable[..., Case]) -> Case:
    return open_case()


# ------------------------------------------------------------------------------------------------------ RES-01


def test_prone_restraint_without_a_reason_is_a_finding_from_the_end_naming_the_prone_times(
    mh_case: Case, by: Actor
) -> None:
    use = scenario_7(UNEXPLAINED)
    mh_case.record_use(use, by)

    assert findings(mh_case, "RES-01") == [
        Finding(
            RES_01,
            use.id,
            march(3, 11, 15),
            "prone restraint from 2025-03-03 11:04 to 11:15 without a documented cogent reason",
        )
    ]


def test_prone_restraint_with_a_reason_is_no_finding(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(scenario_7(), by)

    assert findings(mh_case, "RES-01") == []


def test_restraint_that_never_went_prone_needs_no_prone_reason(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(use_of((STANDING, march(3, 11, 2), march(3, 11, 8)), details=UNEXPLAINED), by)

    assert findings(mh_case, "RES-01") == []


def test_prone_restraint_still_going_on_is_not_judged_yet(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(use_of((PRONE, march(3, 11, 4), None), details=UNEXPLAINED), by)

    assert findings(mh_case, "RES-01") == []


def test_each_prone_spell_is_named(mh_case: Case, by: Actor) -> None:
    use = use_of(
        (PRONE, march(3, 11, 0), march(3, 11, 3)),
        (SUPINE, march(3, 11, 3), march(3, 11, 5)),
        (PRONE, march(3, 11, 5), march(3, 11, 7)),
        details=UNEXPLAINED,
    )
    mh_case.record_use(use, by)

    [finding] = findings(mh_case, "RES-01")

    assert finding.detail == (
        "prone restraint from 2025-03-03 11:00 to 11:03 and from 2025-03-03 11:05 to 11:07 without a documented "
        "cogent reason"
    )


def test_correction_supplying_the_prone_reason_closes_the_finding_when_made(mh_case: Case, by: Actor) -> None:
    use = scenario_7(UNEXPLAINED)
    mh_case.record_use(use, by)

    mh_case.correct_entry(use.id, UseCorrection(prone_reason="He was biting"), "added", march(3, 16, 30), by)

    [finding] = findings(mh_case, "RES-01")
    assert (finding.at, finding.resolved_at) == (march(3, 11, 15), march(3, 16, 30))


def test_correction_of_the_segments_that_removes_the_prone_spell_closes_the_finding(mh_case: Case, by: Actor) -> None:
    use = scenario_7(UNEXPLAINED)
    mh_case.record_use(use, by)
    standing_only = (Segment(STANDING, march(3, 11, 2), march(3, 11, 15)),)

    mh_case.correct_entry(use.id, UseCorrection(segments=standing_only), "never prone", march(3, 17, 0), by)

    [finding] = findings(mh_case, "RES-01")
    assert (finding.at, finding.resolved_at) == (march(3, 11, 15), march(3, 17, 0))


def test_reason_supplied_before_the_use_ended_counts_from_the_end(mh_case: Case, by: Actor) -> None:
    use = use_of((PRONE, march(3, 11, 4), None), details=UNEXPLAINED)
    mh_case.record_use(use, by)
    mh_case.correct_entry(use.id, UseCorrection(prone_reason="He was biting"), "added", march(3, 11, 6), by)

    mh_case.end_use(use.id, march(3, 11, 9), by)

    assert findings(mh_case, "RES-01") == []


def test_prone_restraint_applies_in_adult_social_care(open_case: Callable[..., Case], by: Actor) -> None:
    case = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    case.record_use(scenario_7(UNEXPLAINED), by)

    assert [f.rule for f in findings(case, "RES-01", SOCIAL_CARE)] == [RES_01]


# ------------------------------------------------------------------------------------------------------ RES-03


def test_scenario_7_restraint_of_13_minutes_is_a_finding_when_it_passed_10(mh_case: Case, by: Actor) -> None:
    use = scenario_7()
    mh_case.record_use(use, by)

    assert findings(mh_case, "RES-03") == [
        Finding(RES_03, use.id, march(3, 11, 12), "manual restraint lasted 13 min, over the 10 min guidance")
    ]


def test_restraint_of_exactly_the_limit_is_no_finding(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(
        use_of((STANDING, march(3, 11, 5), march(3, 11, 7)), (PRONE, march(3, 11, 7), march(3, 11, 15))), by
    )

    assert findings(mh_case, "RES-03") == []


def test_restraint_a_minute_over_the_limit_is_a_finding(mh_case: Case, by: Actor) -> None:
    use = use_of((SEATED, march(3, 11, 4), march(3, 11, 15)))
    mh_case.record_use(use, by)

    [finding] = findings(mh_case, "RES-03")

    assert (finding.at, finding.detail) == (
        march(3, 11, 14),
        "manual restraint lasted 11 min, over the 10 min guidance",
    )


def test_release_between_holds_starts_a_new_restraint(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(
        use_of((STANDING, march(3, 11, 0), march(3, 11, 8)), (STANDING, march(3, 11, 9), march(3, 11, 17))), by
    )

    assert findings(mh_case, "RES-03") == []


def test_another_practice_between_holds_starts_a_new_restraint(mh_case: Case, by: Actor) -> None:
    use = use_of(
        (STANDING, march(3, 11, 0), march(3, 11, 8)),
        (PracticeCode.ISO_SECLUSION, march(3, 11, 8), march(3, 13, 0)),
        (PracticeCode.PHYS_ESCORT, march(3, 13, 0), march(3, 13, 12)),
    )
    mh_case.record_use(use, by)

    assert findings(mh_case, "RES-03") == [
        Finding(RES_03, use.id, march(3, 13, 10), "manual restraint lasted 12 min, over the 10 min guidance")
    ]


def test_long_restraint_is_shown_in_hours_and_minutes(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(use_of((SUPINE, march(3, 11, 0), march(3, 12, 5))), by)

    [finding] = findings(mh_case, "RES-03")

    assert finding.detail == "manual restraint lasted 1 h 5 min, over the 10 min guidance"


def test_restraint_length_shows_seconds_only_when_there_are_some(mh_case: Case, by: Actor) -> None:
    start = march(3, 11, 0)
    mh_case.record_use(use_of((STANDING, start, start + timedelta(minutes=10, seconds=30))), by)

    [finding] = findings(mh_case, "RES-03")

    assert finding.detail == "manual restraint lasted 10 min 30 s, over the 10 min guidance"


def test_restraint_still_going_on_is_found_once_past_the_limit(mh_case: Case, by: Actor) -> None:
    use = use_of((STANDING, march(3, 11, 0), None))
    mh_case.record_use(use, by)

    [finding] = findings(mh_case, "RES-03")

    assert (finding.at, finding.detail) == (
        march(3, 11, 10),
        "manual restraint went on past the 10 min guidance (still going on)",
    )
    assert not finding.open_at(march(3, 11, 9)) and finding.open_at(march(3, 11, 10))


def test_mechanical_restraint_is_not_manual_restraint(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(use_of((PracticeCode.MECH, march(3, 11, 0), march(3, 12, 0))), by)

    assert findings(mh_case, "RES-03") == []


def test_restraint_limit_follows_the_policy(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(scenario_7(), by)
    stricter = MH_UNIT.tightened(manual_restraint_longest=timedelta(minutes=5))

    [finding] = findings(mh_case, "RES-03", stricter)

    assert (finding.at, finding.detail) == (march(3, 11, 7), "manual restraint lasted 13 min, over the 5 min guidance")


def test_restraint_length_is_not_judged_in_adult_social_care(open_case: Callable[..., Case], by: Actor) -> None:
    case = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    case.record_use(scenario_7(), by)

    assert findings(case, "RES-03", SOCIAL_CARE) == []


# ------------------------------------------------------------------------------------------------------ RES-04


def test_physical_health_check_is_due_an_hour_after_the_restraint_ends(mh_case: Case, by: Actor) -> None:
    use = scenario_7()
    mh_case.record_use(use, by)

    assert obligations(mh_case, "RES-04") == [
        Obligation(
            id=obligation_id(RES_04, use.id),
            rule=RES_04,
            triggered_by=use.id,
            opened_at=march(3, 11, 15),
            due_at=march(3, 12, 15),
            due_soon_from=march(3, 0, 15),
        )
    ]


def test_vital_signs_at_the_deadline_meet_it_a_minute_later_are_late(mh_case: Case, by: Actor) -> None:
    on_time, late = scenario_7(), scenario_7()
    mh_case.record_use(on_time, by)
    mh_case.record_use(late, by)
    mh_case.record_observation(observation(on_time, march(3, 12, 15)), by)
    mh_case.record_observation(observation(late, march(3, 12, 16)), by)

    statuses = {o.triggered_by: o.status(march(3, 13, 0)) for o in obligations(mh_case, "RES-04")}

    assert statuses == {on_time.id: ObligationStatus.MET, late.id: ObligationStatus.MET_LATE}


def test_vital_signs_taken_during_the_restraint_meet_it(mh_case: Case, by: Actor) -> None:
    use = scenario_7()
    mh_case.record_use(use, by)
    during = observation(use, march(3, 11, 10))
    mh_case.record_observation(during, by)
    mh_case.record_observation(observation(use, march(3, 11, 30)), by)

    [obligation] = obligations(mh_case, "RES-04")

    assert (obligation.met_at, obligation.met_by) == (march(3, 11, 10), during.id)
    assert obligation.status(march(3, 11, 15)) is ObligationStatus.MET


def test_a_note_without_vital_signs_does_not_meet_it(mh_case: Case, by: Actor) -> None:
    use = scenario_7()
    mh_case.record_use(use, by)
    mh_case.record_observation(observation(use, march(3, 11, 20), vitals=None), by)
    mh_case.record_observation(observation(use, march(3, 11, 25), vitals=VitalSigns()), by)

    [obligation] = obligations(mh_case, "RES-04")

    assert obligation.met_at is None
    assert obligation.status(march(3, 12, 16)) is ObligationStatus.OVERDUE


def test_observation_before_the_restraint_started_does_not_meet_it(mh_case: Case, by: Actor) -> None:
    use = use_of(
        (PracticeCode.ISO_SECLUSION, march(3, 10, 0), march(3, 11, 0)),
        (PracticeCode.PHYS_ESCORT, march(3, 11, 0), march(3, 11, 5)),
    )
    mh_case.record_use(use, by)
    mh_case.record_observation(observation(use, march(3, 10, 30)), by)

    [obligation] = obligations(mh_case, "RES-04")

    assert (obligation.opened_at, obligation.met_at) == (march(3, 11, 5), None)


def test_check_opens_when_the_restraint_ends_not_the_use(mh_case: Case, by: Actor) -> None:
    use = use_of((STANDING, march(3, 11, 0), march(3, 11, 6)), (PracticeCode.ISO_SECLUSION, march(3, 11, 6), None))
    mh_case.record_use(use, by)

    [obligation] = obligations(mh_case, "RES-04")

    assert (obligation.opened_at, obligation.due_at) == (march(3, 11, 6), march(3, 12, 6))


def test_no_check_is_due_while_the_restraint_goes_on(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(use_of((STANDING, march(3, 11, 0), None)), by)

    assert obligations(mh_case, "RES-04") == []


@pytest.mark.parametrize("practice", [PracticeCode.MECH, PracticeCode.CHEM_INJ_RT, PracticeCode.ISO_SECLUSION])
def test_no_check_is_due_after_other_practices(mh_case: Case, by: Actor, practice: PracticeCode) -> None:
    mh_case.record_use(use_of((practice, march(3, 11, 0), march(3, 11, 30))), by)

    assert obligations(mh_case, "RES-04") == []


def test_check_is_not_required_in_adult_social_care(open_case: Callable[..., Case], by: Actor) -> None:
    case = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    case.record_use(scenario_7(), by)

    assert obligations(case, "RES-04", SOCIAL_CARE) == []


# ------------------------------------------------------------------------------------------------------ RES-06


@pytest.mark.parametrize(("practice", "words"), [(PRONE, "prone"), (SUPINE, "supine"), (SIDE, "side")])
def test_going_to_the_floor_without_a_reason_is_a_finding(
    mh_case: Case, by: Actor, practice: PracticeCode, words: str
) -> None:
    use = use_of(
        (STANDING, march(3, 11, 2), march(3, 11, 4)), (practice, march(3, 11, 4), march(3, 11, 9)), details=UNEXPLAINED
    )
    mh_case.record_use(use, by)

    assert findings(mh_case, "RES-06") == [
        Finding(
            RES_06,
            use.id,
            march(3, 11, 9),
            f"taken to the floor ({words} from 2025-03-03 11:04 to 11:09) with no reason recorded why it could not "
            "be avoided",
        )
    ]


@pytest.mark.parametrize("practice", [STANDING, SEATED, PracticeCode.PHYS_KNEELING, PracticeCode.PHYS_ESCORT])
def test_holds_off_the_floor_need_no_floor_reason(mh_case: Case, by: Actor, practice: PracticeCode) -> None:
    mh_case.record_use(use_of((practice, march(3, 11, 2), march(3, 11, 9)), details=UNEXPLAINED), by)

    assert findings(mh_case, "RES-06") == []


def test_floor_reason_recorded_is_no_finding(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(scenario_7(replace(UNEXPLAINED, floor_reason="He dropped to the floor himself")), by)

    assert findings(mh_case, "RES-06") == []


def test_correction_supplying_the_floor_reason_closes_the_finding_when_made(mh_case: Case, by: Actor) -> None:
    use = scenario_7(UNEXPLAINED)
    mh_case.record_use(use, by)

    mh_case.correct_entry(use.id, UseCorrection(floor_reason="He fell"), "added", march(3, 15, 0), by)

    [finding] = findings(mh_case, "RES-06")
    assert (finding.at, finding.resolved_at) == (march(3, 11, 15), march(3, 15, 0))


def test_correction_moving_the_hold_to_another_floor_position_keeps_the_finding_with_the_new_times(
    mh_case: Case, by: Actor
) -> None:
    use = scenario_7(UNEXPLAINED)
    mh_case.record_use(use, by)
    corrected = (
        Segment(STANDING, march(3, 11, 2), march(3, 11, 4)),
        Segment(SUPINE, march(3, 11, 4), march(3, 11, 15)),
    )

    mh_case.correct_entry(use.id, UseCorrection(segments=corrected), "it was supine", march(3, 15, 0), by)

    assert [(f.at, f.resolved_at, f.detail.split(")")[0]) for f in findings(mh_case, "RES-06")] == [
        (march(3, 11, 15), march(3, 15, 0), "taken to the floor (prone from 2025-03-03 11:04 to 11:15"),
        (march(3, 15, 0), None, "taken to the floor (supine from 2025-03-03 11:04 to 11:15"),
    ]


def test_going_to_the_floor_is_not_judged_in_adult_social_care(open_case: Callable[..., Case], by: Actor) -> None:
    case = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    case.record_use(scenario_7(UNEXPLAINED), by)

    assert findings(case, "RES-06", SOCIAL_CARE) == []


# ----------------------------------------------------------------------------------------------------- family


def test_only_limits_the_family_to_the_uses_named(mh_case: Case, by: Actor) -> None:
    first, second = scenario_7(UNEXPLAINED), scenario_7(UNEXPLAINED)
    mh_case.record_use(first, by)
    mh_case.record_use(second, by)

    derived = restraint.per_use(mh_case, MH_UNIT, [second.id])

    assert {f.subject for f in derived.findings} | {o.triggered_by for o in derived.obligations} == {second.id}


def test_rules_the_policy_does_not_apply_derive_nothing(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(scenario_7(UNEXPLAINED), by)
    without = replace(MH_UNIT, rule_ids=MH_UNIT.rule_ids - {"RES-01", "RES-03", "RES-04", "RES-06"})

    derived = restraint.per_use(mh_case, without)

    assert (derived.obligations, derived.findings) == ([], [])


def test_case_wide_derives_nothing(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(scenario_7(UNEXPLAINED), by)

    derived = restraint.case_wide(mh_case, MH_UNIT)

    assert (derived.obligations, derived.findings) == ([], [])
