"""Long-term segregation rules LTS-01..LTS-04, run through ``evaluate(case, policy)`` on cases built by their
commands. 3 March 2025 is a Monday."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode, ReviewKind, Setting, StaffRole
from rpledger.domain.obligation import Finding, Obligation, ObligationStatus
from rpledger.domain.policy import DEFAULT_POLICIES, FIXED_GRID, Policy
from rpledger.domain.rules import evaluate, segregation
from rpledger.domain.values import Actor, Recording, Review, Reviewer, Segment, Use, UseDetails

MH_UNIT = DEFAULT_POLICIES[Setting.MENTAL_HEALTH_INPATIENT]
GRID = MH_UNIT.tightened(review_clock=FIXED_GRID)

CLINICIAN = Reviewer("Dr Priya Shah", StaffRole.APPROVED_CLINICIAN)
NURSE = Reviewer("Sam Lee", StaffRole.REGISTERED_NURSE)
COMMISSIONER = Reviewer("Rita Moss", StaffRole.COMMISSIONER_REPRESENTATIVE)
EXTERNAL = Reviewer("Dr Hal Innes", StaffRole.PSYCHIATRIST)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


def segregate(case: Case, by: Actor, start: datetime, end: datetime | None = None, long_term: bool = True) -> Use:
    use = Use(
        uuid4(),
        (Segment(PracticeCode.ISO_SEGREGATION, start, end),),
        UseDetails(long_term_segregation=long_term),
    )
    case.record_use(use, Recording(by, start))
    return use


def review(case: Case, by: Actor, use: Use, kind: ReviewKind, held_at: datetime, *reviewers: Reviewer) -> UUID:
    entry = Review(uuid4(), use.id, kind, held_at, reviewers or (CLINICIAN,))
    case.record_review(entry, Recording(by, held_at))
    return entry.id


def obligations(case: Case, rule_id: str, policy: Policy = MH_UNIT) -> list[Obligation]:
    return sorted((o for o in evaluate(case, policy).obligations if o.rule.id == rule_id), key=lambda o: o.due_at)


def findings(case: Case, rule_id: str) -> list[Finding]:
    return [f for f in evaluate(case, MH_UNIT).findings if f.rule.id == rule_id]


def timeline(found: list[Obligation]) -> list[tuple[datetime, datetime, datetime | None]]:
    return [(o.opened_at, o.due_at, o.met_at) for o in found]


def test_segregation_not_marked_long_term_derives_no_lts_rule(case: Case, by: Actor) -> None:
    segregate(case, by, at(3, 9), long_term=False)

    derived = segregation.per_use(case, MH_UNIT)

    assert (derived.obligations, derived.findings) == ([], [])


def test_only_limits_the_rules_to_the_uses_named(case: Case, by: Actor) -> None:
    segregate(case, by, at(3, 9), at(4, 9))
    second = segregate(case, by, at(10, 9))

    derived = segregation.per_use(case, MH_UNIT, {second.id})

    assert {o.triggered_by for o in derived.obligations} | {f.subject for f in derived.findings} == {second.id}


# ------------------------------------------------------------------------------------------------------ LTS-01


def test_segregation_without_a_commissioner_in_the_decision_is_a_finding_at_its_start(case: Case, by: Actor) -> None:
    use = segregate(case, by, at(3, 9))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(3, 9, 1), CLINICIAN, COMMISSIONER)  # after the start

    [finding] = findings(case, "LTS-01")

    assert (finding.subject, finding.at) == (use.id, at(3, 9))
    assert finding.detail == (
        "long-term segregation started at 2025-03-03T09:00:00+00:00 without an MDT decision in which a "
        "representative of the commissioning authority took part"
    )


@pytest.mark.parametrize("held_at", [at(28, 14, month=2), at(3, 9)])
def test_an_mdt_decision_with_the_commissioner_by_the_start_raises_no_finding(
    case: Case, by: Actor, held_at: datetime
) -> None:
    use = segregate(case, by, at(3, 9))
    review(case, by, use, ReviewKind.INTERNAL_MDT, held_at, CLINICIAN, NURSE, COMMISSIONER)

    assert findings(case, "LTS-01") == []


def test_the_commissioner_must_take_part_in_an_mdt_review(case: Case, by: Actor) -> None:
    use = segregate(case, by, at(3, 9))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(28, 14, month=2), CLINICIAN, NURSE)
    review(case, by, use, ReviewKind.APPROVED_CLINICIAN, at(3, 9), CLINICIAN, COMMISSIONER)

    assert [f.at for f in findings(case, "LTS-01")] == [at(3, 9)]


def test_a_retracted_decision_no_longer_counts(case: Case, by: Actor) -> None:
    use = segregate(case, by, at(3, 9))
    entry = review(case, by, use, ReviewKind.INTERNAL_MDT, at(28, 14, month=2), CLINICIAN, COMMISSIONER)
    case.retract_entry(entry, "Recorded against the wrong patient", at(3, 12), Recording(by, at(3, 12)))

    assert [f.at for f in findings(case, "LTS-01")] == [at(3, 9)]


# ------------------------------------------------------------------------------------------------------ LTS-02


@pytest.mark.parametrize(
    ("held", "status"),
    [(at(4, 8, 59), ObligationStatus.MET), (at(4, 9), ObligationStatus.MET), (at(4, 9, 1), ObligationStatus.MET_LATE)],
)
def test_daily_approved_clinician_review_at_the_deadline(
    case: Case, by: Actor, held: datetime, status: ObligationStatus
) -> None:
    use = segregate(case, by, at(3, 9))
    review(case, by, use, ReviewKind.APPROVED_CLINICIAN, held)

    first, _ = obligations(case, "LTS-02")

    assert (first.due_at, first.status(at(5, 9))) == (at(4, 9), status)


def test_daily_approved_clinician_reviews_rolling_and_on_a_grid(case: Case, by: Actor) -> None:
    use = segregate(case, by, at(3, 9))
    review(case, by, use, ReviewKind.APPROVED_CLINICIAN, at(4, 8))
    review(case, by, use, ReviewKind.APPROVED_CLINICIAN, at(5, 8, 30))

    assert timeline(obligations(case, "LTS-02")) == [
        (at(3, 9), at(4, 9), at(4, 8)),
        (at(4, 8), at(5, 8), at(5, 8, 30)),
        (at(5, 8, 30), at(6, 8, 30), None),
    ]
    assert timeline(obligations(case, "LTS-02", GRID)) == [
        (at(3, 9), at(4, 9), at(4, 8)),
        (at(4, 9), at(5, 9), at(5, 8, 30)),
        (at(5, 9), at(6, 9), None),
    ]


def test_a_missed_clinician_review_is_overdue_and_nothing_is_due_after_segregation_ends(case: Case, by: Actor) -> None:
    use = segregate(case, by, at(3, 9))
    case.end_use(use.id, at(5, 9), Recording(by, at(5, 9)))

    [missed] = obligations(case, "LTS-02")

    assert (missed.due_at, missed.status(at(4, 9, 1))) == (at(4, 9), ObligationStatus.OVERDUE)


# ------------------------------------------------------------------------------------------------------ LTS-03


def test_weekly_mdt_reviews_count_only_from_the_start(case: Case, by: Actor) -> None:
    use = segregate(case, by, at(3, 9))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(28, 14, month=2), CLINICIAN, COMMISSIONER)  # the decision
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(10, 9, 1), CLINICIAN, NURSE)

    first, second = obligations(case, "LTS-03")

    assert timeline([first, second]) == [(at(3, 9), at(10, 9), at(10, 9, 1)), (at(10, 9, 1), at(17, 9, 1), None)]
    assert first.status(at(10, 9, 1)) is ObligationStatus.MET_LATE


@pytest.mark.parametrize("policy", [MH_UNIT, GRID])
def test_a_review_at_the_very_start_meets_no_first_interval(case: Case, by: Actor, policy: Policy) -> None:
    use = segregate(case, by, at(3, 9))
    for kind in (ReviewKind.INTERNAL_MDT, ReviewKind.APPROVED_CLINICIAN, ReviewKind.EXTERNAL):
        review(case, by, use, kind, at(3, 9), CLINICIAN, COMMISSIONER)

    found = [o for o in evaluate(case, policy).obligations if o.rule.id.startswith("LTS")]

    assert [(o.rule.id, o.opened_at, o.met_at) for o in sorted(found, key=lambda o: o.rule.id)] == [
        ("LTS-02", at(3, 9), None),
        ("LTS-03", at(3, 9), None),
        ("LTS-04", at(3, 9), None),
    ]


def test_weekly_mdt_reviews_on_a_fixed_grid(case: Case, by: Actor) -> None:
    use = segregate(case, by, at(3, 9))
    review(case, by, use, ReviewKind.INTERNAL_MDT, at(10, 8), CLINICIAN, NURSE)

    assert timeline(obligations(case, "LTS-03", GRID)) == [
        (at(3, 9), at(10, 9), at(10, 8)),
        (at(10, 9), at(17, 9), None),
    ]


# ------------------------------------------------------------------------------------------------------ LTS-04


def test_external_or_independent_reviews_every_90_days(case: Case, by: Actor) -> None:
    use = segregate(case, by, at(3, 9))
    review(case, by, use, ReviewKind.EXTERNAL, at(1, 9, month=6), EXTERNAL)  # due 1 June 09:00
    review(case, by, use, ReviewKind.INDEPENDENT_MDT, at(31, 9, 1, month=8), EXTERNAL, NURSE)  # due 30 August 09:00

    assert timeline(obligations(case, "LTS-04")) == [
        (at(3, 9), at(1, 9, month=6), at(1, 9, month=6)),
        (at(1, 9, month=6), at(30, 9, month=8), at(31, 9, 1, month=8)),
        (at(31, 9, 1, month=8), at(29, 9, 1, month=11), None),
    ]


def test_a_clinician_review_is_not_an_external_review(case: Case, by: Actor) -> None:
    use = segregate(case, by, at(3, 9))
    review(case, by, use, ReviewKind.APPROVED_CLINICIAN, at(1, 8, month=6))

    [obligation] = obligations(case, "LTS-04")

    assert (obligation.met_at, obligation.status(at(1, 9, 1, month=6))) == (None, ObligationStatus.OVERDUE)
