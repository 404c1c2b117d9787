"""UOF-04: a use-of-force record is kept for 3 years from when it was made
(features/compliance/record_retention.feature).

The purge steps use what ``rpledger retention`` runs (``rpledger.cli_retention.check_purge``) on the scenario's
services, so they run on both backends; tests/integration/test_retention.py runs the command itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import parse
import pytest
from gherkin_terms import TYPES, Ledger, moment
from pytest_bdd import parsers, scenario, then, when

from rpledger.bootstrap import Services
from rpledger.cli_retention import PurgeCheck, check_purge
from rpledger.domain.retention import RecordRetainedError, UseOfForceRecord, use_of_force_records

FEATURE = "compliance/record_retention.feature"


@parse.with_pattern(r"permitted|refused until \d{4}-\d{2}-\d{2} \d{2}:\d{2}")
def verdict(text: str) -> datetime | None:
    """ "permitted" (None) or "refused until 2026-04-10 10:00" (that moment)."""
    return None if text == "permitted" else moment(text.removeprefix("refused until "))


@parse.with_pattern(r"no records|the record of INC-\d+")
def selection(text: str) -> str | None:
    return None if text == "no records" else text.removeprefix("the record of ")


TERMS: dict[str, Any] = {**TYPES, "Verdict": verdict, "Selection": selection}


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TERMS)


@pytest.fixture
def purge() -> dict[str, Any]:
    """What the scenario's purge job or erasure request found."""
    return {}


@scenario(FEATURE, "Scenario 12: a purge on 1 March 2026 of records older than two years is blocked")
def test_scenario_12_purge_blocked(database: object) -> None:
    pass


@scenario(FEATURE, "The record may be erased from the minute its 3 years are up")
def test_erasure_permitted_from_the_end_of_the_period(database: object) -> None:
    pass


@scenario(FEATURE, "The purge selects a record only if it was made before the purge's date")
def test_purge_selects_records_made_before_its_date(database: object) -> None:
    pass


@scenario(FEATURE, "A restraint recorded the morning after is kept for 3 years from the morning after")
def test_retention_runs_from_when_the_record_was_made(database: object) -> None:
    pass


@scenario(FEATURE, "Asked to erase the record early, the check names the earliest permitted erasure")
def test_early_erasure_refused(database: object) -> None:
    pass


def _record(services: Services, ledger: Ledger, incident: str) -> UseOfForceRecord:
    case_id, use_id = ledger.incidents[incident]
    case = services.cases.get_case(case_id)
    [record] = [r for r in use_of_force_records(case, services.cases.policy_for(case.setting)) if r.use_id == use_id]
    return record


@when(step("the hospital's purge job runs at {runs_at:Moment}, selecting the records made before {before:Moment}"))
def purge_runs(services: Services, purge: dict[str, Any], runs_at: datetime, before: datetime) -> None:
    purge["check"] = check_purge(services, before, runs_at)


@when(step("the hospital asks to erase the record of {incident:Incident} at {at:Moment}"))
def erasure_asked(services: Services, ledger: Ledger, purge: dict[str, Any], incident: str, at: datetime) -> None:
    case = services.cases.get_case(ledger.case_of(incident))
    try:
        _record(services, ledger, incident).check_erasure(at, services.cases.policy_for(case.setting))
    except RecordRetainedError as refused:
        purge["refused"] = refused


@then(step("the purge selects {selected:Selection}"))
def purge_selects(ledger: Ledger, purge: dict[str, Any], selected: str | None) -> None:
    check: PurgeCheck = purge["check"]
    assert [r.use_id for r in check.selected] == ([] if selected is None else [ledger.use_of(selected)])


@then(step("the purge is blocked: the record of {incident:Incident} may not be erased before {until:Moment}"))
def purge_blocked(ledger: Ledger, purge: dict[str, Any], incident: str, until: datetime) -> None:
    check: PurgeCheck = purge["check"]
    assert check.refused
    assert [(r.use_id, r.retained_until) for r in check.blocked] == [(ledger.use_of(incident), until)]


@then(step("erasing the record of {incident:Incident} is {until:Verdict}"))
def erasure_verdict(ledger: Ledger, purge: dict[str, Any], incident: str, until: datetime | None) -> None:
    check: PurgeCheck = purge["check"]
    [record] = [r for r in check.selected if r.use_id == ledger.use_of(incident)]
    assert record.protected_at(check.as_of) is (until is not None)
    if until is not None:
        assert record.retained_until == until


@then(step("rpledger still holds the record of {incident:Incident}"))
def still_held(services: Services, ledger: Ledger, incident: str) -> None:
    case = services.cases.get_case(ledger.case_of(incident))
    assert ledger.use_of(incident) in case.uses


@then(
    step(
        "the erasure is refused: the record was made {made:Moment} and the earliest permitted erasure is {earliest:Moment}"
    )
)
def erasure_refused(purge: dict[str, Any], made: datetime, earliest: datetime) -> None:
    refused: RecordRetainedError = purge["refused"]
    assert (refused.made_at, refused.earliest_erasure) == (made, earliest)
    assert refused.message.endswith(f"the earliest permitted erasure is {earliest:%Y-%m-%d %H:%M} UTC")
