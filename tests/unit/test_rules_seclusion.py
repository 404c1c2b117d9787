"""Seclusion rules SEC-00..SEC-08, run through ``evaluate(case, policy)`` on cases built by their commands.

3 March 2025 is a Monday, as in the reference scenarios (regulatory-reference.md section 4).
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, PracticeCode, ReviewKind, Setting, StaffRole
from rpledger.domain.obligation import Finding, Obligation, ObligationStatus
from rpledger.domain.policy import DEFAULT_POLICIES, FIXED_BLOCKS, FIXED_GRID, ROLLING, Policy
from rpledger.domain.rules import evaluate, seclusion
from rpledger.domain.rules.seclusion import daily_medical_reviews_id, episodes
from rpledger.domain.rules.seclusion_independent_review import independent_reviews
from rpledger.domain.values import (
    Actor,
    Authorisation,
    CarePlanRevision,
    Decision,
    Observation,
    Recording,
    Review,
    Reviewer,
    Segment,
    Use,
    UseDetails,
)

MH_UNIT = DEFAULT_POLICIES[Setting.MENTAL_HEALTH_INPATIENT]
GRID = MH_UNIT.tightened(review_clock=FIXED_GRID)
BLOCKS = MH_UNIT.tightened(seclusion_total_hours_window_kind=FIXED_BLOCKS)

S = PracticeCode.ISO_SECLUSION
DOCTOR = Reviewer("Dr Tom Reid", StaffRole.DOCTOR)
PSYCHIATRIST = Reviewer("Dr Priya Shah", StaffRole.PSYCHIATRIST)
NURSE = Reviewer("Sam Lee", StaffRole.REGISTERED_NURSE, involved_in_decision=True)
INDEPENDENT_NURSE = Reviewer("Kim Ode", StaffRole.REGISTERED_NURSE)
HCA = Reviewer("Jo Patel", StaffRole.NURSING_SUPPORT)
PSYCHOLOGIST = Reviewer("Dr Ana Cruz", StaffRole.OTHER_PROFESSIONAL)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def use_of(*spans: tuple[datetime, datetime | None], decided_by: Decision | None = None) -> Use:
    return Use(
        id=uuid4(),
        segments=tuple(Segment(S, start, end) for start, end in spans),
        details=UseDetails(decided_by=decided_by),
    )


@pytest.fixture
def record(case: Case, by: Actor) -> Callable[..., Use]:
    """Record a seclusion (by default as it starts, so that the record is contemporaneous)."""

    def _record(
        *spans: tuple[datetime, datetime | None],
        decided_by: Decision | None = None,
        recorded_at: datetime | None = None,
    ) -> Use:
        use = use_of(*spans, decided_by=decided_by)
        case.record_use(use, Recording(by, recorded_at or spans[0][0]))
        return use

    return _record


def review(case: Case, by: Actor, use: Use, kind: ReviewKind, held_at: datetime, *reviewers: Reviewer) -> UUID:
    entry = Review(uuid4(), use.id, kind, held_at, reviewers or (DOCTOR,))
    case.record_review(entry, Recording(by, held_at))
    return entry.id


def observe(case: Case, by: Actor, use: Use, observed_at: datetime) -> UUID:
    entry = Observation(uuid4(), use.id, observed_at, "Jo Patel")
    case.record_observation(entry, Recording(by, observed_at))
    return entry.id


def obligations(case: Case, rule_id: str, policy: Policy = MH_UNIT) -> list[Obligation]:
    return sorted((o for o in evaluate(case, policy).obligations if o.rule.id == rule_id), key=lambda o: o.due_at)


def findings(case: Case, rule_id: str, policy: Policy = MH_UNIT) -> list[Finding]:
    return [f for f in evaluate(case, policy).findings if f.rule.id == rule_id]


def timeline(found: list[Obligation]) -> list[tuple[datetime, datetime, datetime | None]]:
    """(opened, due, met) of each obligation, in order of due time."""
    return [(o.opened_at, o.due_at, o.met_at) for o in found]


def detention(
    case: Case, by: Actor, valid_from: datetime, valid_until: datetime, granted_at: datetime | None = None
) -> None:
    case.grant_authorisation(
        Authorisation(
            uuid4(),
            AuthorisationBasis.MHA_DETENTION,
            (S,),
            valid_from,
            valid_until,
            granted_at or valid_from,
            "Dr Priya Shah",
        ),
        Recording(by, granted_at or valid_from),
    )


# ------------------------------------------------------------------------------------------------- episodes


def test_consecutive_seclusion_segments_make_one_episode_and_a_gap_or_restraint_splits_them() -> None:
    use = Use(
        uuid4(),
        (
            Segment(S, at(3, 9), at(3, 10)),
            Segment(S, at(3, 10), at(3, 11)),
            Segment(PracticeCode.PHYS_SUPINE, at(3, 11), at(3, 11, 10)),
            Segment(S, at(3, 11, 10), at(3, 12)),
            Segment(S, at(3, 13), None),
        ),
        UseDetails(),
    )

    assert [(e.started_at, e.ended_at) for e in episodes(use, S)] == [
        (at(3, 9), at(3, 11)),
        (at(3, 11, 10), at(3, 12)),
        (at(3, 13), None),
    ]


def test_a_use_without_seclusion_derives_no_seclusion_rule(case: Case, by: Actor) -> None:
    use = Use(uuid4(), (Segment(PracticeCode.PHYS_STANDING, at(3, 9), at(3, 9, 5)),), UseDetails())
    case.record_use(use, Recording(by, at(3, 9, 5)))

    derived = seclusion.per_use(case, MH_UNIT)
    assert (derived.obligations, derived.findings) == ([], [])


def test_a_policy_without_the_seclusion_rules_derives_nothing(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), None))
    social_care = DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE]

    assert [o for o in evaluate(case, social_care).obligations if o.rule.id.startswith("SEC")] == []
    assert [f for f in evaluate(case, social_care).findings if f.rule.id.startswith("SEC")] == []


def test_only_limits_the_per_use_rules_to_the_uses_named(case: Case, record: Callable[..., Use]) -> None:
    first = record((at(3, 9), at(3, 12)))
    second = record((at(4, 9), at(4, 12)))

    derived = seclusion.per_use(case, MH_UNIT, {second.id})

    assert {o.triggered_by for o in derived.obligations} == {second.id}
    assert first.id not in {f.subject for f in derived.findings}


def test_every_seclusion_obligation_has_a_distinct_id(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 9), at(5, 9)))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(3, 10), PSYCHIATRIST)

    found = [o for o in evaluate(case, MH_UNIT).obligations if o.rule.id.startswith("SEC")]

    assert len({o.id for o in found}) == len(found)
    assert {o.triggered_by for o in found} == {use.id}


def test_entries_at_the_very_start_meet_no_first_interval(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 14), None), decided_by=Decision("Dr Priya Shah", StaffRole.PSYCHIATRIST, at(3, 13, 55)))
    review(case, by, use, ReviewKind.NURSING, at(3, 14), NURSE, HCA)
    review(case, by, use, ReviewKind.MEDICAL, at(3, 14))
    observe(case, by, use, at(3, 14))

    for policy in (MH_UNIT, GRID):
        found = [o for o in evaluate(case, policy).obligations if o.rule.id.startswith("SEC")]
        assert len({o.id for o in found}) == len(found)
        first = {o.rule.id: o for o in sorted(found, key=lambda o: o.due_at, reverse=True)}
        assert (first["SEC-02"].due_at, first["SEC-02"].met_at) == (at(3, 17, 55), None)
        assert (first["SEC-03"].due_at, first["SEC-03"].met_at) == (at(3, 16), None)
        assert (first["SEC-07"].due_at, first["SEC-07"].met_at) == (at(3, 14, 15), None)


# ------------------------------------------------------------------------------------------------------ SEC-00


def test_seclusion_of_a_person_not_detained_is_a_finding_at_its_start(case: Case, record: Callable[..., Use]) -> None:
    use = record((at(3, 9), at(3, 10)))

    [finding] = findings(case, "SEC-00")

    assert (finding.subject, finding.at, finding.resolved_at) == (use.id, at(3, 9), None)
    assert finding.detail == (
        "the person was not detained under the Mental Health Act when seclusion started at 2025-03-03T09:00:00+00:00"
    )


def test_seclusion_during_detention_raises_no_finding(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    detention(case, by, at(3, 9), at(31, 9))
    record((at(3, 9), at(3, 10)))

    assert findings(case, "SEC-00") == []


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "granted_at"),
    [
        (at(1, 9), at(3, 9), None),  # lapsed at the moment seclusion started
        (at(3, 9, 1), at(31, 9), None),  # in force a minute later
        (at(1, 9), at(31, 9), at(3, 9, 1)),  # dated earlier, but granted after the start
    ],
)
def test_detention_not_in_effect_at_the_start_leaves_the_finding(
    case: Case,
    by: Actor,
    record: Callable[..., Use],
    valid_from: datetime,
    valid_until: datetime,
    granted_at: datetime | None,
) -> None:
    detention(case, by, valid_from, valid_until, granted_at)
    record((at(3, 9), at(3, 10)))

    assert [f.at for f in findings(case, "SEC-00")] == [at(3, 9)]


# ------------------------------------------------------------------------------------------------------ SEC-01


def test_scenario_1_late_first_medical_review(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 10), at(3, 16)), decided_by=Decision("Sam Lee", StaffRole.REGISTERED_NURSE))
    met_by = review(case, by, use, ReviewKind.MEDICAL, at(3, 11, 30))

    [obligation] = obligations(case, "SEC-01")

    assert timeline([obligation]) == [(at(3, 10), at(3, 11), at(3, 11, 30))]
    assert (obligation.triggered_by, obligation.met_by) == (use.id, met_by)
    assert obligation.status(at(3, 11, 30)) is ObligationStatus.MET_LATE
    assert obligation.met_at is not None and obligation.met_at - obligation.due_at == timedelta(minutes=30)


@pytest.mark.parametrize(
    ("held", "status"),
    [
        (at(3, 10, 59), ObligationStatus.MET),
        (at(3, 11), ObligationStatus.MET),
        (at(3, 11, 1), ObligationStatus.MET_LATE),
    ],
)
def test_first_medical_review_at_the_deadline(
    case: Case, by: Actor, record: Callable[..., Use], held: datetime, status: ObligationStatus
) -> None:
    use = record((at(3, 10), None))
    review(case, by, use, ReviewKind.MEDICAL, held)

    [obligation] = obligations(case, "SEC-01")

    assert obligation.status(at(3, 12)) is status


def test_an_mdt_review_counts_as_the_first_medical_review_only_with_a_doctor(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(3, 10), None))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(3, 10, 20), NURSE, PSYCHOLOGIST)
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(3, 10, 40), NURSE, DOCTOR)

    [obligation] = obligations(case, "SEC-01")

    assert obligation.met_at == at(3, 10, 40)


def test_no_first_medical_review_is_due_once_seclusion_ended_by_the_deadline(
    case: Case, record: Callable[..., Use]
) -> None:
    record((at(3, 10), at(3, 11)))
    record((at(4, 10), at(4, 11, 1)))

    assert timeline(obligations(case, "SEC-01")) == [(at(4, 10), at(4, 11), None)]


def test_an_open_first_medical_review_is_pending_then_overdue(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 10), None))

    [obligation] = obligations(case, "SEC-01")

    assert not obligation.exists_at(at(3, 9, 59))
    assert obligation.status(at(3, 11)) is ObligationStatus.DUE_SOON
    assert (obligation.status(at(3, 11, 1)), obligation.time_to_review_seconds(at(3, 11, 1))) == (
        ObligationStatus.OVERDUE,
        -60,
    )


def test_a_retracted_medical_review_no_longer_meets_the_duty(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 10), None))
    entry = review(case, by, use, ReviewKind.MEDICAL, at(3, 10, 30))
    case.retract_entry(entry, "Recorded against the wrong patient", at(3, 12), Recording(by, at(3, 12)))

    [obligation] = obligations(case, "SEC-01")

    assert obligation.met_at is None
    assert obligations(case, "SEC-02") == []


# ------------------------------------------------------------------------------- SEC-01 exception and SEC-02


def psychiatrist(assessed_at: datetime | None, role: StaffRole = StaffRole.PSYCHIATRIST) -> Decision:
    return Decision("Dr Priya Shah", role, assessed_at)


def test_scenario_2_psychiatrist_authorised_seclusion_then_a_late_4_hourly_review(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(3, 14), None), decided_by=psychiatrist(at(3, 13, 55)))
    review(case, by, use, ReviewKind.MEDICAL, at(3, 18, 20))

    assert obligations(case, "SEC-01") == []
    first, second = obligations(case, "SEC-02")
    assert timeline([first, second]) == [
        (at(3, 14), at(3, 17, 55), at(3, 18, 20)),
        (at(3, 18, 20), at(3, 22, 20), None),
    ]
    assert first.status(at(3, 18, 20)) is ObligationStatus.MET_LATE
    assert first.met_at is not None and first.met_at - first.due_at == timedelta(minutes=25)
    assert not second.exists_at(at(3, 18, 19))


@pytest.mark.parametrize(
    ("assessed_at", "exception"),
    [
        (at(3, 13), True),  # an hour before the start
        (at(3, 12, 59), False),
        (at(3, 15), True),  # at the first review's deadline
        (at(3, 15, 1), False),
        (None, False),  # authorised without seeing the person
    ],
)
def test_the_psychiatrists_assessment_counts_only_close_to_the_start(
    case: Case, record: Callable[..., Use], assessed_at: datetime | None, exception: bool
) -> None:
    record((at(3, 14), None), decided_by=psychiatrist(assessed_at))

    assert (obligations(case, "SEC-01") == []) is exception


def test_an_assessment_by_a_doctor_who_is_not_a_psychiatrist_does_not_count(
    case: Case, record: Callable[..., Use]
) -> None:
    record((at(3, 14), None), decided_by=psychiatrist(at(3, 13, 55), StaffRole.DOCTOR))

    assert timeline(obligations(case, "SEC-01")) == [(at(3, 14), at(3, 15), None)]
    assert obligations(case, "SEC-02") == []  # no first medical review yet to count from


def test_4_hourly_medical_reviews_roll_from_each_review_until_the_first_mdt_review(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(3, 10), None))
    for held in (at(3, 10, 30), at(3, 14, 20), at(3, 18, 40)):
        review(case, by, use, ReviewKind.MEDICAL, held)
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(3, 21), PSYCHOLOGIST, NURSE)

    assert timeline(obligations(case, "SEC-02")) == [
        (at(3, 10, 30), at(3, 14, 30), at(3, 14, 20)),
        (at(3, 14, 20), at(3, 18, 20), at(3, 18, 40)),
    ]


def test_4_hourly_medical_reviews_on_a_fixed_grid(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 10), None))
    for held in (at(3, 10, 30), at(3, 14, 20), at(3, 18, 40)):
        review(case, by, use, ReviewKind.MEDICAL, held)

    assert timeline(obligations(case, "SEC-02", GRID)) == [
        (at(3, 10, 30), at(3, 14, 30), at(3, 14, 20)),
        (at(3, 14, 30), at(3, 18, 30), at(3, 18, 40)),
        (at(3, 18, 30), at(3, 22, 30), None),
    ]


def test_4_hourly_medical_reviews_stop_when_seclusion_ends(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 10), None))
    review(case, by, use, ReviewKind.MEDICAL, at(3, 10, 30))
    case.end_use(use.id, at(3, 14, 30), Recording(by, at(3, 14, 30)))

    assert obligations(case, "SEC-02") == []  # the next was due at 14:30, when seclusion ended


# ------------------------------------------------------------------------------------------------------ SEC-03


def test_scenario_3_nursing_reviews_a_gap_and_the_wrong_composition(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(3, 9), None))
    review(case, by, use, ReviewKind.NURSING, at(3, 10, 50), NURSE, HCA)
    review(case, by, use, ReviewKind.NURSING, at(3, 13, 5), NURSE)

    first, second, third = obligations(case, "SEC-03")
    assert timeline([first, second, third]) == [
        (at(3, 9), at(3, 11), at(3, 10, 50)),
        (at(3, 10, 50), at(3, 12, 50), at(3, 13, 5)),
        (at(3, 13, 5), at(3, 15, 5), None),
    ]
    assert second.status(at(3, 13, 5)) is ObligationStatus.MET_LATE
    assert second.met_at is not None and second.met_at - second.due_at == timedelta(minutes=15)
    [finding] = findings(case, "SEC-03")
    assert (finding.subject, finding.at) == (use.id, at(3, 13, 5))
    assert finding.detail == (
        "the nursing review at 2025-03-03T13:05:00+00:00 had one reviewer only, where two are needed; "
        "no reviewer independent of the decision to seclude"
    )


def test_scenario_3_on_a_fixed_grid(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 9), None))
    review(case, by, use, ReviewKind.NURSING, at(3, 10, 50), NURSE, HCA)
    review(case, by, use, ReviewKind.NURSING, at(3, 13, 5), NURSE)

    assert timeline(obligations(case, "SEC-03", GRID)) == [
        (at(3, 9), at(3, 11), at(3, 10, 50)),
        (at(3, 11), at(3, 13), at(3, 13, 5)),
        (at(3, 13), at(3, 15), None),
    ]


def test_a_nursing_review_by_two_support_workers_involved_in_the_decision_fails_twice(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(3, 9), None))
    involved = replace(HCA, involved_in_decision=True)
    review(case, by, use, ReviewKind.NURSING, at(3, 10), involved, replace(involved, name="Lee Ray"))
    review(case, by, use, ReviewKind.NURSING, at(3, 12), INDEPENDENT_NURSE, HCA)

    [finding] = findings(case, "SEC-03")

    assert finding.detail == (
        "the nursing review at 2025-03-03T10:00:00+00:00 had no registered nurse among the reviewers; "
        "no reviewer independent of the decision to seclude"
    )


def test_an_ongoing_seclusion_has_one_open_nursing_review_existing_from_its_opening(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(3, 9), None))
    review(case, by, use, ReviewKind.NURSING, at(3, 10), NURSE, HCA)

    met, open_ = obligations(case, "SEC-03", GRID)

    assert met.status(at(3, 10)) is ObligationStatus.MET
    assert (open_.opened_at, open_.due_at) == (at(3, 11), at(3, 13))
    assert not open_.exists_at(at(3, 10, 59)) and open_.exists_at(at(3, 11))


# ---------------------------------------------------------------------------------------------- SEC-04, SEC-05


def test_first_mdt_review_within_24_hours(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 9), None))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(4, 9, 1), PSYCHIATRIST, NURSE)

    [obligation] = obligations(case, "SEC-04")

    assert timeline([obligation]) == [(at(3, 9), at(4, 9), at(4, 9, 1))]
    assert obligation.status(at(4, 10)) is ObligationStatus.MET_LATE


def test_no_first_mdt_review_is_due_when_seclusion_ends_within_24_hours(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(4, 9)))

    assert obligations(case, "SEC-04") == []


def test_after_the_first_mdt_review_mdt_reviews_repeat_daily(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 9), at(6, 12)))
    for held in (at(3, 20), at(4, 19), at(5, 21)):
        review(case, by, use, ReviewKind.INTERNAL_MDT, held, PSYCHIATRIST, NURSE)
    mdt = [o for o in obligations(case, "SEC-05") if o.id != daily_medical_reviews_id(use.id, o.opened_at)]

    assert timeline(mdt) == [
        (at(3, 20), at(4, 20), at(4, 19)),
        (at(4, 19), at(5, 19), at(5, 21)),
    ]  # the next, due 6 March 21:00, falls after seclusion ended
    assert timeline([o for o in obligations(case, "SEC-05", GRID) if o not in obligations(case, "SEC-05")]) == [
        (at(4, 20), at(5, 20), at(5, 21)),
    ]


def daily(case: Case, use: Use, policy: Policy = MH_UNIT) -> list[Obligation]:
    return [o for o in obligations(case, "SEC-05", policy) if o.id == daily_medical_reviews_id(use.id, o.opened_at)]


def test_two_medical_reviews_in_each_day_after_the_first_mdt_review(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(3, 9), at(7, 12)))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(3, 20), PSYCHIATRIST, NURSE)  # counts for day 1
    review(case, by, use, ReviewKind.MEDICAL, at(4, 8))
    review(case, by, use, ReviewKind.MEDICAL, at(4, 21))  # day 2 (from 4 March 20:00): one review only
    review(case, by, use, ReviewKind.MEDICAL, at(5, 21))  # day 3: one review at 21:00 ...
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(6, 19, 59), DOCTOR)  # ... and the MDT review with a doctor

    assert timeline(daily(case, use)) == [
        (at(3, 20), at(4, 20), at(4, 8)),
        (at(4, 20), at(5, 20), None),
        (at(5, 20), at(6, 20), at(6, 19, 59)),
    ]  # no day from 6 March 20:00: seclusion ended before it did
    assert daily(case, use)[1].status(at(5, 20, 1)) is ObligationStatus.OVERDUE


def test_a_first_mdt_review_without_a_doctor_is_not_one_of_the_days_medical_reviews(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(3, 9), None))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(3, 20), PSYCHOLOGIST, NURSE)
    review(case, by, use, ReviewKind.MEDICAL, at(4, 8))

    assert timeline(daily(case, use)) == [(at(3, 20), at(4, 20), None)]


def test_while_seclusion_goes_on_days_are_derived_until_the_first_not_met(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(3, 9), None))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(3, 20), PSYCHIATRIST, NURSE)
    review(case, by, use, ReviewKind.MEDICAL, at(4, 8))

    met, current = daily(case, use)

    assert (met.met_at, current.opened_at, current.due_at, current.met_at) == (at(4, 8), at(4, 20), at(5, 20), None)
    assert not current.exists_at(at(4, 19, 59))
    assert current.status(at(5, 20)) is ObligationStatus.DUE_SOON


# ------------------------------------------------------------------------------------------------------ SEC-06


def test_scenario_4_continuous_seclusion_passes_8_hours(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(4, 20), None))

    [obligation] = obligations(case, "SEC-06")

    assert (obligation.triggered_by, obligation.opened_at, obligation.due_at) == (use.id, at(5, 4), at(5, 4))
    assert not obligation.exists_at(at(5, 3, 59))
    assert obligation.status(at(5, 4)) is ObligationStatus.DUE_SOON
    assert (obligation.status(at(5, 10)), obligation.time_to_review_seconds(at(5, 10))) == (
        ObligationStatus.OVERDUE,
        -6 * 3600,
    )


def test_the_grace_period_for_the_independent_review_is_a_parameter(case: Case, record: Callable[..., Use]) -> None:
    record((at(4, 20), None))

    [obligation] = obligations(
        case, "SEC-06", MH_UNIT.tightened(seclusion_independent_review_within=timedelta(hours=2))
    )

    assert (obligation.opened_at, obligation.due_at) == (at(5, 4), at(5, 6))


@pytest.mark.parametrize(("end", "triggers"), [(at(5, 3, 59), []), (at(5, 4), []), (at(5, 4, 1), [at(5, 4)])])
def test_seclusion_must_go_on_past_8_hours(
    case: Case, record: Callable[..., Use], end: datetime, triggers: list[datetime]
) -> None:
    record((at(4, 20), end))

    assert [o.opened_at for o in obligations(case, "SEC-06")] == triggers


def test_the_independent_review_is_met_at_or_after_the_trigger(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    use = record((at(4, 20), None))
    review(case, by, use, ReviewKind.INDEPENDENT_MDT, at(5, 3, 59), PSYCHIATRIST, INDEPENDENT_NURSE)
    entry = review(case, by, use, ReviewKind.INDEPENDENT_MDT, at(5, 4, 0), PSYCHIATRIST, INDEPENDENT_NURSE)

    first, second = obligations(case, "SEC-06")

    assert (first.met_at, first.met_by, first.status(at(5, 4))) == (at(5, 4), entry, ObligationStatus.MET)
    # the clocks restart at the trigger: still secluded, the person needs another review 8 hours on
    assert (second.opened_at, second.due_at, second.met_at) == (at(5, 12), at(5, 12), None)


def test_scenario_5_intermittent_seclusion_passes_12_hours_in_48(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(3, 13)))
    record((at(3, 21), at(4, 2)))
    third = record((at(4, 14), at(4, 17, 30)))

    for policy in (MH_UNIT, BLOCKS):
        [obligation] = obligations(case, "SEC-06", policy)
        assert (obligation.triggered_by, obligation.opened_at, obligation.due_at) == (third.id, at(4, 17), at(4, 17))


def test_a_total_of_exactly_12_hours_does_not_pass_the_threshold(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(3, 13)))
    record((at(3, 21), at(4, 2)))
    record((at(4, 14), at(4, 17)))

    assert obligations(case, "SEC-06") == []


def test_the_rolling_window_lets_older_seclusion_drop_out(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(3, 16)))  # 7 hours
    record((at(5, 8), at(5, 15)))  # 7 hours, starting 47 hours after the first

    # From Wednesday 09:00 the second episode adds to the total as fast as the first drops out of the 48 hours: the
    # total peaks at 8 hours.
    assert obligations(case, "SEC-06") == []


def test_the_rolling_total_is_solved_exactly_between_breakpoints(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(3, 16)))  # 7 hours
    record((at(4, 9), at(4, 14, 1)))  # 5 hours and a minute, 24 hours later

    [obligation] = obligations(case, "SEC-06")

    assert obligation.opened_at == at(4, 14)


def test_fixed_blocks_count_from_the_first_seclusion(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(3, 10)))  # the first seclusion: blocks of 48 hours from Monday 09:00
    record((at(4, 20), at(5, 3)))  # 7 hours in the first block
    record((at(5, 10), at(5, 16)))  # 6 hours in the second block

    assert [o.opened_at for o in obligations(case, "SEC-06")] == [at(5, 15)]  # 7 + 5 hours in the 48 to 15:00
    assert obligations(case, "SEC-06", BLOCKS) == []


def test_fixed_blocks_trigger_within_a_block(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(3, 10)))
    record((at(5, 10), at(5, 16)))  # second block (from Wednesday 09:00): 6 hours
    record((at(6, 9), at(6, 16)))  # 6 more by 15:00

    assert [o.opened_at for o in obligations(case, "SEC-06", BLOCKS)] == [at(6, 15)]


def test_after_a_trigger_earlier_seclusion_no_longer_counts(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    first = record((at(3, 9), at(3, 19)))  # passes 8 hours at 17:00
    review(case, by, first, ReviewKind.INDEPENDENT_MDT, at(3, 17, 30), PSYCHIATRIST, INDEPENDENT_NURSE)
    second = record((at(4, 9), at(4, 19)))  # 2 + 10 hours in 48 by 19:00, but passes 8 hours at 17:00 first

    found = obligations(case, "SEC-06")

    assert [(o.triggered_by, o.opened_at, o.met_at) for o in found] == [
        (first.id, at(3, 17), at(3, 17, 30)),
        (second.id, at(4, 17), None),
    ]


def test_the_total_restarts_at_the_trigger(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(3, 13)))
    record((at(3, 21), at(4, 2)))
    third = record((at(4, 14), at(4, 17, 30)))  # scenario 5: the total passes 12 hours at 17:00
    review(case, by, third, ReviewKind.INDEPENDENT_MDT, at(4, 17, 15), PSYCHIATRIST, INDEPENDENT_NURSE)
    record((at(5, 8), at(5, 15)))  # counting from Monday, 12 hours again by 11:30; from 17:00, 7 h 30 min
    record((at(5, 20), at(6, 3)))  # from 17:00 on Tuesday, 12 hours by Thursday 00:30

    assert [o.opened_at for o in obligations(case, "SEC-06")] == [at(4, 17), at(6, 0, 30)]


def test_overlapping_seclusion_of_two_uses_is_counted_once(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(3, 14)))
    record((at(3, 12), at(3, 16)))  # 7 hours of seclusion in all

    assert obligations(case, "SEC-06") == []


def test_touching_episodes_of_two_uses_are_continuous(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), at(3, 14)))
    later = record((at(3, 14), at(3, 18)))

    assert [(o.triggered_by, o.opened_at) for o in obligations(case, "SEC-06")] == [(later.id, at(3, 17))]


def test_an_unmet_review_of_ongoing_seclusion_is_the_last_derived(case: Case, record: Callable[..., Use]) -> None:
    record((at(3, 9), None))

    [obligation] = obligations(case, "SEC-06")

    assert (obligation.opened_at, obligation.met_at) == (at(3, 17), None)


# ------------------------------------------------------------------------------------------------------ SEC-07


def test_observations_every_15_minutes(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 9), at(3, 10)))
    for minute in (14, 29, 46):
        observe(case, by, use, at(3, 9, minute))

    assert timeline(obligations(case, "SEC-07")) == [
        (at(3, 9), at(3, 9, 15), at(3, 9, 14)),
        (at(3, 9, 14), at(3, 9, 29), at(3, 9, 29)),
        (at(3, 9, 29), at(3, 9, 44), at(3, 9, 46)),
    ]  # the next would be due at 10:01, after seclusion ended
    assert timeline(obligations(case, "SEC-07", GRID)) == [
        (at(3, 9), at(3, 9, 15), at(3, 9, 14)),
        (at(3, 9, 15), at(3, 9, 30), at(3, 9, 29)),
        (at(3, 9, 30), at(3, 9, 45), at(3, 9, 46)),
    ]  # 10:00 is the end: nothing is due then


def test_a_missed_observation_stays_overdue(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    use = record((at(3, 9), at(3, 12)))
    observe(case, by, use, at(3, 9, 10))

    found = obligations(case, "SEC-07")

    assert timeline(found) == [(at(3, 9), at(3, 9, 15), at(3, 9, 10)), (at(3, 9, 10), at(3, 9, 25), None)]
    assert found[-1].status(at(3, 12)) is ObligationStatus.OVERDUE


# ------------------------------------------------------------------------------------------------------ SEC-08


def test_a_seclusion_first_recorded_after_it_ended_is_a_finding(case: Case, record: Callable[..., Use]) -> None:
    late = record((at(3, 9), at(3, 10)), recorded_at=at(3, 10, 1))
    record((at(4, 9), at(4, 10)), recorded_at=at(4, 10))

    [finding] = findings(case, "SEC-08")

    assert (finding.subject, finding.at, finding.detail) == (
        late.id,
        at(3, 10, 1),
        "recorded only after the seclusion ended",
    )


def test_a_seclusion_care_plan_within_24_hours(case: Case, by: Actor, record: Callable[..., Use]) -> None:
    record((at(3, 9), None))
    revision = CarePlanRevision(uuid4(), 0, at(4, 9, 1), (), "Seclusion care plan")
    case.revise_care_plan(revision, Recording(by, at(4, 9, 1)))

    [obligation] = obligations(case, "SEC-08")

    assert timeline([obligation]) == [(at(3, 9), at(4, 9), at(4, 9, 1))]
    assert obligation.status(at(4, 9, 1)) is ObligationStatus.MET_LATE


def test_a_revision_before_the_seclusion_does_not_meet_its_care_plan(
    case: Case, by: Actor, record: Callable[..., Use]
) -> None:
    case.revise_care_plan(CarePlanRevision(uuid4(), 0, at(3, 8), (), "Annual review"), Recording(by, at(3, 8)))
    record((at(3, 9), None))

    [obligation] = obligations(case, "SEC-08")

    assert obligation.met_at is None


def test_no_seclusion_care_plan_is_due_when_seclusion_ended_within_24_hours(
    case: Case, record: Callable[..., Use]
) -> None:
    record((at(3, 9), at(4, 9)))

    assert obligations(case, "SEC-08") == []


@pytest.mark.parametrize("kind", [ROLLING, FIXED_BLOCKS])
@pytest.mark.parametrize("seed", range(12))
def test_the_total_trigger_agrees_with_a_minute_by_minute_count(
    case: Case, record: Callable[..., Use], seed: int, kind: str
) -> None:
    """An oracle that counts minute by minute (the rules solve between breakpoints instead): the first minute of
    seclusion at which the seclusion counted up to it (in the 48 hours before it, or in its 48-hour block) is at
    least 12 hours, so that the total passes 12 hours while the seclusion goes on."""
    rng = random.Random(seed)
    origin = at(3, 0)
    spans = []
    for _ in range(6):
        start = origin + timedelta(minutes=rng.randrange(0, 4 * 24 * 60))
        spans.append((start, start + timedelta(minutes=rng.randrange(30, 7 * 60))))
    for start, end in sorted(spans):
        record((start, end))
    policy = MH_UNIT.tightened(
        seclusion_continuous_hours_for_independent_review=timedelta(days=30), seclusion_total_hours_window_kind=kind
    )
    minute, window, threshold = timedelta(minutes=1), timedelta(hours=48), timedelta(hours=12)
    secluded = sorted({start + k * minute for start, end in spans for k in range((end - start) // minute)})

    def counted_before(moment: datetime) -> timedelta:
        """The minutes of seclusion counted up to ``moment``."""
        if kind == ROLLING:
            since = moment - window
        else:
            since = secluded[0] + (moment - secluded[0]) // window * window
        return minute * (bisect_left(secluded, moment) - bisect_left(secluded, since))

    expected = next((m for m in secluded if counted_before(m) >= threshold), None)

    found = independent_reviews(case, policy)

    assert (found[0].opened_at if found else None) == expected
