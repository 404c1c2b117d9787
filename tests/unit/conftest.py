"""Small fixtures for the unit tests of the pure domain: an actor, and a case opened in a mental health unit.

Times in the tests are in March 2025; 3 March 2025 is a Monday, as in the worked scenarios of
regulatory-reference.md section 5.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import Setting
from rpledger.domain.values import Actor, PersonDetails

OPENED_AT = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)  # Monday 08:00


@pytest.fixture
def by() -> Actor:
    return Actor(id="staff-17", name="Ann Okafor", role="ward manager")


@pytest.fixture
def open_case(by: Actor) -> Callable[..., Case]:
    """Open a case (a mental health inpatient unit unless told otherwise), with its opening event already collected."""

    def _open(
        setting: Setting = Setting.MENTAL_HEALTH_INPATIENT,
        person: PersonDetails | None = None,
        person_ref: str = "P-001",
    ) -> Case:
        case = Case.open(
            person_ref=person_ref,
            setting=setting,
            location_id="ward-7",
            date_of_birth=None,
            person=person or PersonDetails(),
            at=OPENED_AT,
            by=by,
        )
        case.collect_events()
        return case

    return _open


@pytest.fixture
def case(open_case: Callable[..., Case]) -> Case:
    return open_case()
