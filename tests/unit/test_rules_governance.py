"""GOV-02 on cases built by their commands (rpledger.domain.rules.governance).

The default policy: a third use within 28 days makes a care-plan review due within 7 days of its start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode, Setting
from rpledger.domain.obligation import Obligation, ObligationStatus
from rpledger.domain.policy import DEFAULT_POLICIES, Policy
from rpledger.domain.rules import evaluate, governance
from rpledger.domain.rules.cadence import cadence_id
from rpledger.domain.rules.catalogue import GOV_02
from rpledger.domain.values import Actor, CarePlanRevision, Segment, Use, UseDetails

MH_UNIT = DEFAULT_POLICIES[Setting.MENTAL_HEALTH_INPATIENT]


def march(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def use_at(start: datetime, practice: PracticeCode = PracticeCode.PHYS_STANDING, ongoing: bool = False) -> Use:
    end = None if ongoing else start + timedelta(minutes=6)
    return Use(uuid4(), (Segment(practice, start, end),), UseDetails(place="Ward 7 day room"))


def record(case: Case, by: Actor, *starts: datetime) -> list[Use]:
    uses = [use_at(start) for start in starts]
    for use in uses:
        case.record_use(use, by)
    return uses


def revise(case: Case, by: Actor, at: datetime) -> CarePlanRevision:
    revision = CarePlanRevision(uuid4(), 0, at, (), "Reviewed after repeated restraint")
    case.revise_care_plan(revision, by)
    return revision


def reviews(case: Case, policy: Policy = MH_UNIT) -> list[Obligation]:
    return [o for o in evaluate(case, policy).obligations if o.rule.id == "GOV-02"]


def test_the_third_use_within_28_days_makes_a_review_due_within_7_days(case: Case, by: Actor) -> None:
    *_, third = record(case, by, march(3, 11, 2), march(12, 19, 40), march(30, 8, 15))

    [review] = reviews(case)

    assert review.id == cadence_id(GOV_02, third.id, march(30, 8, 15))
    assert (review.triggered_by, review.opened_at, review.due_at, review.met_at) == (
        third.id,
        march(30, 8, 15),
        datetime(2025, 4, 6, 8, 15, tzinfo=UTC),
        None,
    )
    assert review.status(datetime(2025, 4, 6, 8, 15, tzinfo=UTC)) is ObligationStatus.DUE_SOON
    assert review.status(datetime(2025, 4, 6, 8, 16, tzinfo=UTC)) is ObligationStatus.OVERDUE


@pytest.mark.parametrize(("third", "due"), [(march(31, 11, 2), True), (march(31, 11, 3), False)])
def test_the_window_includes_both_ends(case: Case, by: Actor, third: datetime, due: bool) -> None:
    record(case, by, march(3, 11, 2), march(12, 19, 40), third)

    assert bool(reviews(case)) is due


@pytest.mark.parametrize(
    ("revised_at", "status"),
    [
        (march(30, 8, 14), ObligationStatus.OVERDUE),  # before the repeated use: not a review of it
        (march(30, 8, 15), ObligationStatus.MET),
        (datetime(2025, 4, 6, 8, 15, tzinfo=UTC), ObligationStatus.MET),
        (datetime(2025, 4, 6, 8, 16, tzinfo=UTC), ObligationStatus.MET_LATE),
    ],
)
def test_the_first_revision_made_since_the_repeated_use_meets_it(
    case: Case, by: Actor, revised_at: datetime, status: ObligationStatus
) -> None:
    record(case, by, march(3, 11, 2), march(12, 19, 40), march(30, 8, 15))
    revise(case, by, revised_at)

    [review] = reviews(case)

    assert review.status(datetime(2025, 4, 10, tzinfo=UTC)) is status


@pytest.mark.parametrize(("count", "expected"), [(5, 1), (6, 2), (8, 2), (9, 3)])
def test_uses_counted_towards_one_review_do_not_count_towards_the_next(
    case: Case, by: Actor, count: int, expected: int
) -> None:
    record(case, by, *(march(3, 9) + timedelta(hours=6 * n) for n in range(count)))

    assert len(reviews(case)) == expected


def test_uses_starting_at_the_same_moment_as_the_trigger_do_not_count_again(case: Case, by: Actor) -> None:
    record(case, by, march(3, 9), march(3, 10), march(3, 11), march(3, 11), march(3, 12), march(3, 13))

    assert [r.opened_at for r in reviews(case)] == [march(3, 11)]


def test_deprivation_of_liberty_is_not_a_repeated_use(case: Case, by: Actor) -> None:
    record(case, by, march(3, 9), march(4, 9))
    case.record_use(use_at(march(5, 9), PracticeCode.DOL, ongoing=True), by)

    assert reviews(case) == []


def test_a_use_still_going_on_counts_from_its_start(case: Case, by: Actor) -> None:
    record(case, by, march(3, 9), march(4, 9))
    seclusion = use_at(march(5, 9), PracticeCode.ISO_SECLUSION, ongoing=True)
    case.record_use(seclusion, by)

    assert [r.triggered_by for r in reviews(case)] == [seclusion.id]


def test_a_retracted_use_does_not_count(case: Case, by: Actor) -> None:
    first, *_ = record(case, by, march(3, 9), march(4, 9), march(5, 9))
    case.retract_entry(first.id, "Recorded on the wrong patient", march(5, 12), by)

    assert reviews(case) == []


def test_the_numbers_are_the_provider_s(case: Case, by: Actor) -> None:
    record(case, by, march(3, 9), march(10, 9))
    stricter = MH_UNIT.tightened(repeated_use_count=2, repeated_use_review_within=timedelta(days=3))

    [review] = reviews(case, stricter)

    assert (review.opened_at, review.due_at) == (march(10, 9), march(13, 9))
    assert reviews(case, MH_UNIT.tightened(repeated_use_window=timedelta(days=5))) == []


def test_it_applies_in_adult_social_care_too(open_case: Callable[..., Case], by: Actor) -> None:
    home = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    record(home, by, march(3, 9), march(4, 9), march(5, 9))

    assert len(reviews(home, DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE])) == 1
    assert reviews(home, MH_UNIT.tightened(rule_ids=frozenset())) == []
    assert governance.per_use(home, MH_UNIT).obligations == []
