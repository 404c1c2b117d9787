"""SEC-00: seclusion only for people detained under the Mental Health Act
(features/compliance/seclusion_detention.feature)."""

from __future__ import annotations

from pytest_bdd import scenario
from seclusion_terms import install_steps

FEATURE = "compliance/seclusion_detention.feature"

install_steps(globals())


@scenario(FEATURE, "Alex is secluded while he is detained")
def test_seclusion_while_detained_raises_no_finding(database: object) -> None:
    pass


@scenario(FEATURE, "Alex is secluded in the last minute of his detention")
def test_seclusion_in_the_last_minute_of_detention_raises_no_finding(database: object) -> None:
    pass


@scenario(FEATURE, "Alex is secluded at the minute his detention lapsed")
def test_seclusion_when_detention_lapsed_is_a_finding(database: object) -> None:
    pass


@scenario(FEATURE, "Ben, an informal patient, is secluded")
def test_seclusion_of_an_informal_patient_is_a_finding(database: object) -> None:
    pass


@scenario(FEATURE, "Ben is detained an hour after his seclusion started: the detention does not reach back")
def test_detention_granted_afterwards_does_not_reach_back(database: object) -> None:
    pass
