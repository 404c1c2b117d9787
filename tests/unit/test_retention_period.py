"""UOF-04: how long a use-of-force record is kept, and the refusal to erase it sooner (rpledger.domain.retention).

Regulatory-reference.md scenario 12: a record made on 10 April 2023 at 10:00 is kept until 10 April 2026 10:00.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode, Setting
from rpledger.domain.correction import UseCorrection
from rpledger.domain.errors import DomainError
from rpledger.domain.policy import DEFAULT_POLICIES
from rpledger.domain.retention import (
    RecordRetainedError,
    check_erasure,
    retained_until,
    use_of_force_records,
)
from rpledger.domain.values import Actor, Recording, Segment, Use, UseDetails

MH_UNIT = DEFAULT_POLICIES[Setting.MENTAL_HEALTH_INPATIENT]
MADE = datetime(2023, 4, 10, 10, 0, tzinfo=UTC)


def use(practice: PracticeCode, start: datetime) -> Use:
    return Use(uuid4(), (Segment(practice, start, start.replace(minute=start.minute + 9)),), UseDetails())


def test_scenario_12_a_record_is_kept_3_years_from_when_it_was_made() -> None:
    assert retained_until(MADE, MH_UNIT) == datetime(2026, 4, 10, 10, 0, tzinfo=UTC)


def test_a_record_made_on_29_february_is_kept_until_1_march() -> None:
    assert retained_until(datetime(2024, 2, 29, 16, 30, tzinfo=UTC), MH_UNIT) == datetime(
        2027, 3, 1, 16, 30, tzinfo=UTC
    )
    assert retained_until(
        datetime(2024, 2, 29, tzinfo=UTC), MH_UNIT.tightened(use_of_force_record_kept_for_years=4)
    ) == (datetime(2028, 2, 29, tzinfo=UTC))


def test_the_period_is_the_policy_s() -> None:
    longer = MH_UNIT.tightened(use_of_force_record_kept_for_years=20)

    assert retained_until(MADE, longer) == datetime(2043, 4, 10, 10, 0, tzinfo=UTC)


def test_erasing_a_record_before_its_period_is_over_is_refused_naming_the_earliest_erasure() -> None:
    use_id = uuid4()

    with pytest.raises(RecordRetainedError) as refused:
        check_erasure(use_id, MADE, datetime(2026, 3, 1, 2, 0, tzinfo=UTC), MH_UNIT)

    assert isinstance(refused.value, DomainError)
    assert (refused.value.code, refused.value.field) == ("RETENTION_PERIOD_NOT_OVER", "erase_at")
    assert refused.value.earliest_erasure == datetime(2026, 4, 10, 10, 0, tzinfo=UTC)
    assert refused.value.message == (
        f"the use-of-force record of use {use_id}, made 2023-04-10 10:00 UTC, is kept for 3 years from when it was "
        "made (Use of Force Act 2018 s6(6)): it cannot be erased at 2026-03-01 02:00 UTC; the earliest permitted "
        "erasure is 2026-04-10 10:00 UTC"
    )


@pytest.mark.parametrize(
    ("erase_at", "refused"),
    [(datetime(2026, 4, 10, 9, 59, tzinfo=UTC), True), (datetime(2026, 4, 10, 10, 0, tzinfo=UTC), False)],
)
def test_erasure_is_permitted_from_the_end_of_the_period(erase_at: datetime, refused: bool) -> None:
    if refused:
        with pytest.raises(RecordRetainedError):
            check_erasure(uuid4(), MADE, erase_at, MH_UNIT)
    else:
        check_erasure(uuid4(), MADE, erase_at, MH_UNIT)


@pytest.fixture
def made_on(by: Actor) -> Callable[[datetime], Recording]:
    def _recording(at: datetime) -> Recording:
        return Recording(by, at=at)

    return _recording


def test_the_records_of_a_case_are_its_uses_of_force_as_first_recorded(
    open_case: Callable[..., Case], made_on: Callable[[datetime], Recording], by: Actor
) -> None:
    case = open_case()
    restraint = use(PracticeCode.PHYS_PRONE, datetime(2023, 4, 10, 9, 40, tzinfo=UTC))
    observation = use(PracticeCode.OBS_ENHANCED, datetime(2023, 4, 11, 9, 0, tzinfo=UTC))
    duplicate = use(PracticeCode.PHYS_STANDING, datetime(2023, 4, 10, 9, 40, tzinfo=UTC))
    miscoded = use(PracticeCode.MECH, datetime(2023, 5, 1, 13, 0, tzinfo=UTC))
    case.record_use(restraint, made_on(MADE))
    case.record_use(observation, made_on(datetime(2023, 4, 11, 9, 30, tzinfo=UTC)))
    case.record_use(duplicate, made_on(datetime(2023, 4, 10, 11, 0, tzinfo=UTC)))
    case.record_use(miscoded, made_on(datetime(2023, 5, 1, 14, 0, tzinfo=UTC)))
    case.retract_entry(duplicate.id, "Recorded twice", datetime(2023, 4, 10, 12, 0, tzinfo=UTC), made_on(MADE))
    corrected = UseCorrection(segments=(Segment(PracticeCode.OBS_ENHANCED, miscoded.started_at, miscoded.ended_at),))
    case.correct_entry(miscoded.id, corrected, "Not restraint", datetime(2023, 5, 2, tzinfo=UTC), by)

    records = use_of_force_records(case, MH_UNIT)

    assert [(r.use_id, r.made_at, r.retained_until, r.retracted) for r in records] == [
        (restraint.id, MADE, datetime(2026, 4, 10, 10, 0, tzinfo=UTC), False),
        (duplicate.id, datetime(2023, 4, 10, 11, 0, tzinfo=UTC), datetime(2026, 4, 10, 11, 0, tzinfo=UTC), True),
        (miscoded.id, datetime(2023, 5, 1, 14, 0, tzinfo=UTC), datetime(2026, 5, 1, 14, 0, tzinfo=UTC), False),
    ]
    assert records[0].protected_at(datetime(2026, 3, 1, tzinfo=UTC))
    assert not records[0].protected_at(datetime(2026, 4, 10, 10, 0, tzinfo=UTC))
    with pytest.raises(RecordRetainedError):
        records[0].check_erasure(datetime(2026, 3, 1, tzinfo=UTC), MH_UNIT)


def test_outside_a_mental_health_unit_the_act_keeps_no_record(
    open_case: Callable[..., Case], made_on: Callable[[datetime], Recording]
) -> None:
    home = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    restraint = use(PracticeCode.PHYS_SEATED, datetime(2023, 4, 10, 9, 40, tzinfo=UTC))
    home.record_use(restraint, made_on(MADE))

    [record] = use_of_force_records(home, DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE])

    assert (record.use_id, record.retained_until) == (restraint.id, None)
    assert not record.protected_at(datetime(2023, 4, 11, tzinfo=UTC))
    record.check_erasure(datetime(2023, 4, 11, tzinfo=UTC), DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE])
