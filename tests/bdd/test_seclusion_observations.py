"""SEC-07: an observation of a person in seclusion at least every 15 minutes
(features/compliance/seclusion_observations.feature)."""

from __future__ import annotations

from pytest_bdd import scenario
from seclusion_terms import install_steps

FEATURE = "compliance/seclusion_observations.feature"

install_steps(globals())


@scenario(FEATURE, "Observations written down every 15 minutes")
def test_observations_every_15_minutes(database: object) -> None:
    pass


@scenario(FEATURE, "The first observation around its deadline")
def test_first_observation_around_its_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "An observation 25 minutes after the last one is 10 minutes late")
def test_late_observation(database: object) -> None:
    pass


@scenario(FEATURE, "No observation written down yet")
def test_no_observation_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion that ends at the deadline owes no further observation")
def test_seclusion_ending_at_the_deadline_owes_no_observation(database: object) -> None:
    pass


@scenario(FEATURE, "A seclusion that ends a minute after the deadline still owed the observation")
def test_seclusion_ending_after_the_deadline_owed_the_observation(database: object) -> None:
    pass
