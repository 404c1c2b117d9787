"""RT-01 and RT-02 (rpledger.domain.rules.rapid_tranquillisation): the monitoring chain after rapid
tranquillisation, with regulatory-reference.md scenario 6 exactly: IM lorazepam at 15:00 on Monday 3 March 2025.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import MonitoringRisk, PracticeCode, Setting
from rpledger.domain.obligation import Obligation, ObligationStatus
from rpledger.domain.policy import DEFAULT_POLICIES, FIXED_GRID, Policy
from rpledger.domain.rules import evaluate, rapid_tranquillisation
from rpledger.domain.rules.cadence import cadence_id
from rpledger.domain.rules.catalogue import RT_01, RT_02
from rpledger.domain.values import Actor, Observation, Segment, Use, UseDetails, VitalSigns

MH_UNIT = DEFAULT_POLICIES[Setting.MENTAL_HEALTH_INPATIENT]
SOCIAL_CARE = DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE]
FULL_SET = VitalSigns(
    pulse=88,
    blood_pressure="124/78",
    respiratory_rate=16,
    temperature=36.8,
    oxygen_saturation=97,
    hydration="drinking water",
    consciousness="alert",
    side_effects="none seen",
)
ASLEEP = (MonitoringRisk.ASLEEP_OR_SEDATED,)
NO_RISK: tuple[MonitoringRisk, ...] = ()


def march(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def rapid_tranquillisation_at(at: datetime, *before: Segment) -> Use:
    return Use(uuid4(), (*before, Segment(PracticeCode.CHEM_INJ_RT, at, at)), UseDetails())


@pytest.fixture
def mh_case(open_case: Callable[..., Case]) -> Case:
    return open_case()


@pytest.fixture
def injection(mh_case: Case, by: Actor) -> Use:
    use = rapid_tranquillisation_at(march(3, 15, 0))
    mh_case.record_use(use, by)
    return use


def observe(
    case: Case,
    by: Actor,
    use: Use,
    at: datetime,
    *,
    vitals: VitalSigns | None = FULL_SET,
    risks: tuple[MonitoringRisk, ...] | None = None,
    no_further_concerns: bool = False,
) -> Observation:
    observation = Observation(uuid4(), use.id, at, "Sam Lee", vitals, risks, no_further_concerns)
    case.record_observation(observation, by)
    return observation


def monitoring(case: Case, policy: Policy = MH_UNIT) -> list[Obligation]:
    return [o for o in evaluate(case, policy).obligations if o.rule.id in ("RT-01", "RT-02")]


def chain(case: Case, moment: datetime, policy: Policy = MH_UNIT) -> list[tuple[str, datetime, datetime, str]]:
    """(rule, opened, due, status at ``moment``) of each interval."""
    return [(o.rule.id, o.opened_at, o.due_at, o.status(moment).value) for o in monitoring(case, policy)]


# ------------------------------------------------------------------------------------------------ scenario 6


def test_reference_scenario_6(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 10), vitals=None, risks=ASLEEP)
    first = observe(mh_case, by, injection, march(3, 15, 15))
    second = observe(mh_case, by, injection, march(3, 15, 30))
    awake = observe(mh_case, by, injection, march(3, 16, 0), risks=NO_RISK)
    late = observe(mh_case, by, injection, march(3, 17, 20))

    found = monitoring(mh_case)

    assert [(o.rule, o.due_at, o.met_at, o.met_by, o.status(march(3, 17, 30))) for o in found] == [
        (RT_02, march(3, 15, 25), march(3, 15, 15), first.id, ObligationStatus.MET),
        (RT_02, march(3, 15, 30), march(3, 15, 30), second.id, ObligationStatus.MET),
        (RT_02, march(3, 15, 45), march(3, 16, 0), awake.id, ObligationStatus.MET_LATE),
        (RT_01, march(3, 17, 0), march(3, 17, 20), late.id, ObligationStatus.MET_LATE),
        (RT_01, march(3, 18, 20), None, None, ObligationStatus.DUE_SOON),
    ]
    assert found[2].met_at - found[2].due_at == timedelta(minutes=15)  # the 15:45 set is missing
    assert found[3].met_at - found[3].due_at == timedelta(minutes=20)  # hourly set late by 20 min


def test_ids_are_stable_and_follow_the_rule_the_use_and_the_anchor(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 10), vitals=None, risks=ASLEEP)
    observe(mh_case, by, injection, march(3, 15, 15))

    first, again = monitoring(mh_case), monitoring(mh_case)

    assert [o.id for o in first] == [o.id for o in again]
    assert [o.id for o in first] == [
        cadence_id(RT_02, injection.id, march(3, 15, 0)),
        cadence_id(RT_02, injection.id, march(3, 15, 15)),
    ]


# ------------------------------------------------------------------------------------------------------ RT-01


def test_hourly_sets_on_time_meet_each_interval(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 55))
    observe(mh_case, by, injection, march(3, 16, 50))

    assert chain(mh_case, march(3, 17, 0)) == [
        ("RT-01", march(3, 15, 0), march(3, 16, 0), "MET"),
        ("RT-01", march(3, 15, 55), march(3, 16, 55), "MET"),
        ("RT-01", march(3, 16, 50), march(3, 17, 50), "DUE_SOON"),
    ]


def test_no_set_at_all_is_overdue_a_minute_after_the_hour(mh_case: Case, by: Actor, injection: Use) -> None:
    [obligation] = monitoring(mh_case)

    assert (obligation.rule, obligation.opened_at, obligation.due_at) == (RT_01, march(3, 15, 0), march(3, 16, 0))
    assert obligation.status(march(3, 16, 0)) is ObligationStatus.DUE_SOON
    assert obligation.status(march(3, 16, 1)) is ObligationStatus.OVERDUE


@pytest.mark.parametrize(
    ("taken", "status"), [(march(3, 16, 0), ObligationStatus.MET), (march(3, 16, 1), ObligationStatus.MET_LATE)]
)
def test_set_exactly_on_the_hour_is_on_time_a_minute_later_is_late(
    mh_case: Case, by: Actor, injection: Use, taken: datetime, status: ObligationStatus
) -> None:
    observe(mh_case, by, injection, taken)

    assert monitoring(mh_case)[0].status(march(3, 18, 0)) is status


def test_set_at_the_moment_of_injection_meets_the_first_interval(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 0))

    assert chain(mh_case, march(3, 15, 5))[0] == ("RT-01", march(3, 15, 0), march(3, 16, 0), "MET")


def test_a_note_without_vital_signs_does_not_meet_an_interval(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 30), vitals=None)
    observe(mh_case, by, injection, march(3, 15, 40), vitals=VitalSigns())

    assert chain(mh_case, march(3, 16, 1)) == [("RT-01", march(3, 15, 0), march(3, 16, 0), "OVERDUE")]


def test_monitoring_runs_from_the_injection_not_the_start_of_the_use(mh_case: Case, by: Actor) -> None:
    use = rapid_tranquillisation_at(
        march(3, 15, 0), Segment(PracticeCode.PHYS_PRONE, march(3, 14, 50), march(3, 15, 0))
    )
    mh_case.record_use(use, by)
    observe(mh_case, by, use, march(3, 14, 55))  # during the restraint: RES-04, not RT-01

    assert chain(mh_case, march(3, 15, 5)) == [("RT-01", march(3, 15, 0), march(3, 16, 0), "DUE_SOON")]


def test_monitoring_does_not_wait_for_the_use_to_end(mh_case: Case, by: Actor) -> None:
    use = Use(
        uuid4(),
        (
            Segment(PracticeCode.CHEM_INJ_RT, march(3, 15, 0), march(3, 15, 0)),
            Segment(PracticeCode.ISO_SECLUSION, march(3, 15, 0)),
        ),
        UseDetails(),
    )
    mh_case.record_use(use, by)

    assert [o.due_at for o in monitoring(mh_case)] == [march(3, 16, 0)]


def test_fixed_grid_counts_from_the_injection(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 40))
    observe(mh_case, by, injection, march(3, 16, 50))
    grid = MH_UNIT.tightened(review_clock=FIXED_GRID)

    assert chain(mh_case, march(3, 17, 0), grid) == [
        ("RT-01", march(3, 15, 0), march(3, 16, 0), "MET"),
        ("RT-01", march(3, 16, 0), march(3, 17, 0), "MET"),
        ("RT-01", march(3, 17, 0), march(3, 18, 0), "DUE_SOON"),
    ]


def test_no_monitoring_after_other_medication(mh_case: Case, by: Actor) -> None:
    for practice in (PracticeCode.CHEM_INJ_NONRT, PracticeCode.CHEM_ORAL):
        mh_case.record_use(Use(uuid4(), (Segment(practice, march(3, 15, 0), march(3, 15, 0)),), UseDetails()), by)

    assert monitoring(mh_case) == []


def test_not_required_in_adult_social_care(open_case: Callable[..., Case], by: Actor) -> None:
    case = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    case.record_use(rapid_tranquillisation_at(march(3, 15, 0)), by)

    assert monitoring(case, SOCIAL_CARE) == []


# ------------------------------------------------------------------------------------------------------ RT-02


def test_risk_recorded_at_the_injection_makes_the_first_set_due_in_15_minutes(
    mh_case: Case, by: Actor, injection: Use
) -> None:
    observe(mh_case, by, injection, march(3, 15, 0), vitals=None, risks=(MonitoringRisk.BNF_MAXIMUM_EXCEEDED,))

    assert chain(mh_case, march(3, 15, 15)) == [("RT-02", march(3, 15, 0), march(3, 15, 15), "DUE_SOON")]
    assert monitoring(mh_case)[0].status(march(3, 15, 16)) is ObligationStatus.OVERDUE


@pytest.mark.parametrize(("minute", "status"), [(15, "MET"), (16, "MET_LATE")])
def test_set_exactly_15_minutes_on_is_on_time_a_minute_later_is_late(
    mh_case: Case, by: Actor, injection: Use, minute: int, status: str
) -> None:
    observe(mh_case, by, injection, march(3, 15, 0), vitals=None, risks=(MonitoringRisk.DRUGS_OR_ALCOHOL,))
    observe(mh_case, by, injection, march(3, 15, minute))

    assert chain(mh_case, march(3, 15, 20))[0] == ("RT-02", march(3, 15, 0), march(3, 15, 15), status)


def test_risk_that_starts_late_in_the_hour_leaves_the_hour_but_makes_it_rt02(
    mh_case: Case, by: Actor, injection: Use
) -> None:
    observe(mh_case, by, injection, march(3, 15, 50), vitals=None, risks=(MonitoringRisk.PHYSICAL_HEALTH_CONDITION,))

    assert chain(mh_case, march(3, 15, 55)) == [("RT-02", march(3, 15, 0), march(3, 16, 0), "DUE_SOON")]


def test_sets_stay_15_minutely_while_the_risk_holds(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 5), risks=(MonitoringRisk.HARMED_BY_RESTRAINT,))
    observe(mh_case, by, injection, march(3, 15, 20))
    observe(mh_case, by, injection, march(3, 15, 35), risks=NO_RISK)

    assert chain(mh_case, march(3, 15, 40)) == [
        ("RT-02", march(3, 15, 0), march(3, 15, 20), "MET"),
        ("RT-02", march(3, 15, 5), march(3, 15, 20), "MET"),
        ("RT-02", march(3, 15, 20), march(3, 15, 35), "MET"),
        ("RT-01", march(3, 15, 35), march(3, 16, 35), "DUE_SOON"),
    ]


def test_without_rt02_no_risk_shortens_the_interval(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 10), vitals=None, risks=ASLEEP)
    hourly_only = replace(MH_UNIT, rule_ids=MH_UNIT.rule_ids - {"RT-02"})

    assert chain(mh_case, march(3, 15, 30), hourly_only) == [("RT-01", march(3, 15, 0), march(3, 16, 0), "DUE_SOON")]


def test_without_rt01_only_the_at_risk_intervals_are_derived(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 10), vitals=None, risks=ASLEEP)
    observe(mh_case, by, injection, march(3, 15, 20), risks=NO_RISK)
    at_risk_only = replace(MH_UNIT, rule_ids=MH_UNIT.rule_ids - {"RT-01"})

    assert chain(mh_case, march(3, 15, 30), at_risk_only) == [("RT-02", march(3, 15, 0), march(3, 15, 25), "MET")]


# ------------------------------------------------------------------------------------------ no further concerns


def test_set_with_no_further_concerns_meets_the_open_interval_and_ends_monitoring(
    mh_case: Case, by: Actor, injection: Use
) -> None:
    observe(mh_case, by, injection, march(3, 15, 50))
    last = observe(mh_case, by, injection, march(3, 16, 30), no_further_concerns=True)
    observe(mh_case, by, injection, march(3, 18, 0))

    found = monitoring(mh_case)

    assert [(o.due_at, o.met_by) for o in found][-1] == (march(3, 16, 50), last.id)
    assert chain(mh_case, march(3, 20, 0)) == [
        ("RT-01", march(3, 15, 0), march(3, 16, 0), "MET"),
        ("RT-01", march(3, 15, 50), march(3, 16, 50), "MET"),
    ]


def test_no_further_concerns_without_a_set_drops_the_interval_not_yet_due(
    mh_case: Case, by: Actor, injection: Use
) -> None:
    observe(mh_case, by, injection, march(3, 15, 50))
    observe(mh_case, by, injection, march(3, 16, 30), vitals=None, no_further_concerns=True)

    assert chain(mh_case, march(3, 20, 0)) == [("RT-01", march(3, 15, 0), march(3, 16, 0), "MET")]


def test_no_further_concerns_does_not_excuse_a_set_already_missed(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 16, 30), vitals=None, no_further_concerns=True)
    observe(mh_case, by, injection, march(3, 16, 40))

    assert chain(mh_case, march(3, 20, 0)) == [("RT-01", march(3, 15, 0), march(3, 16, 0), "OVERDUE")]


def test_late_set_with_no_further_concerns_meets_the_interval_late(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 16, 10), no_further_concerns=True)

    assert chain(mh_case, march(3, 20, 0)) == [("RT-01", march(3, 15, 0), march(3, 16, 0), "MET_LATE")]


def test_risks_after_no_further_concerns_are_ignored(mh_case: Case, by: Actor, injection: Use) -> None:
    observe(mh_case, by, injection, march(3, 15, 20), no_further_concerns=True)
    observe(mh_case, by, injection, march(3, 15, 25), vitals=None, risks=ASLEEP)

    assert chain(mh_case, march(3, 20, 0)) == [("RT-01", march(3, 15, 0), march(3, 16, 0), "MET")]


# ----------------------------------------------------------------------------------------------------- family


def test_only_limits_the_family_to_the_uses_named(mh_case: Case, by: Actor, injection: Use) -> None:
    other = rapid_tranquillisation_at(march(3, 18, 0))
    mh_case.record_use(other, by)

    derived = rapid_tranquillisation.per_use(mh_case, MH_UNIT, [other.id])

    assert [o.triggered_by for o in derived.obligations] == [other.id]


def test_case_wide_derives_nothing(mh_case: Case, injection: Use) -> None:
    derived = rapid_tranquillisation.case_wide(mh_case, MH_UNIT)

    assert (derived.obligations, derived.findings) == ([], [])
