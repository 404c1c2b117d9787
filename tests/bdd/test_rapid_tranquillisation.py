"""RT-01 and RT-02: observations after rapid tranquillisation
(features/compliance/rapid_tranquillisation_monitoring.feature). The steps are shared ones, in conftest.py.
"""

from __future__ import annotations

from pytest_bdd import scenario

RAPID_TRANQUILLISATION_MONITORING = "compliance/rapid_tranquillisation_monitoring.feature"


@scenario(
    RAPID_TRANQUILLISATION_MONITORING,
    "Scenario 6: asleep after IM lorazepam, the 15:45 set missing, then an hourly set 20 minutes late",
)
def test_scenario_6_asleep_after_im_lorazepam_the_15_45_set_missing_then_an_hourly_set_20_minutes_l(
    database: object,
) -> None:
    pass


@scenario(RAPID_TRANQUILLISATION_MONITORING, "Hourly sets taken on time")
def test_hourly_sets_taken_on_time(database: object) -> None:
    pass


@scenario(RAPID_TRANQUILLISATION_MONITORING, "No observations at all after the injection")
def test_no_observations_at_all_after_the_injection(database: object) -> None:
    pass


@scenario(
    RAPID_TRANQUILLISATION_MONITORING,
    "The first set exactly an hour after the injection is on time, a minute later it is late",
)
def test_the_first_set_exactly_an_hour_after_the_injection_is_on_time_a_minute_later_it_is_late(
    database: object,
) -> None:
    pass


@scenario(
    RAPID_TRANQUILLISATION_MONITORING,
    "More than the BNF maximum dose: the first set is due 15 minutes after the injection",
)
def test_more_than_the_bnf_maximum_dose_the_first_set_is_due_15_minutes_after_the_injection(database: object) -> None:
    pass


@scenario(
    RAPID_TRANQUILLISATION_MONITORING, "With the BNF maximum exceeded, a set at 15:15 is on time, one at 15:16 is late"
)
def test_with_the_bnf_maximum_exceeded_a_set_at_15_15_is_on_time_one_at_15_16_is_late(database: object) -> None:
    pass


@scenario(RAPID_TRANQUILLISATION_MONITORING, 'A set with the doctor\'s "no further concerns" ends the observations')
def test_a_set_with_the_doctor_s_no_further_concerns_ends_the_observations(database: object) -> None:
    pass


@scenario(
    RAPID_TRANQUILLISATION_MONITORING,
    '"No further concerns" without observations ends them too, but does not excuse a set already missed',
)
def test_no_further_concerns_without_observations_ends_them_too_but_does_not_excuse_a_set_already_m(
    database: object,
) -> None:
    pass
