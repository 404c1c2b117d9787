"""GOV-02: repeated use makes a care-plan review due (features/compliance/repeated_use.feature).

The step that records several incidents from one table, and the checks of the review, belong to this feature; the
care-plan revisions are the shared steps of the CP-01 feature.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import parse
from gherkin_terms import COMPLETE_RECORD, NURSE_IN_CHARGE, PRACTICES, TYPES, Ledger, moment, table_rows
from pytest_bdd import given, parsers, scenario, then, when

from rpledger.application.vocabulary import Obligation, ObligationStatus, Segment
from rpledger.bootstrap import Services

FEATURE = "compliance/repeated_use.feature"


@parse.with_pattern(r"no|one")
def count(text: str) -> int:
    return {"no": 0, "one": 1}[text]


TERMS: dict[str, Any] = {**TYPES, "Count": count}


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TERMS)


@scenario(FEATURE, "A third intervention in 28 days, and no review of the care plan")
def test_review_falls_due_then_overdue(database: object) -> None:
    pass


@scenario(FEATURE, "The care plan reviewed on Wednesday meets the duty on time")
def test_review_on_time(database: object) -> None:
    pass


@scenario(FEATURE, "The care plan reviewed two days after the deadline meets the duty late")
def test_review_late(database: object) -> None:
    pass


@scenario(FEATURE, "A revision made before the third intervention does not review it")
def test_revision_before_the_third_use_does_not_count(database: object) -> None:
    pass


@scenario(FEATURE, "The 28 days run to the minute of the first intervention's start")
def test_window_edge(database: object) -> None:
    pass


@scenario(FEATURE, "Interventions counted towards one review do not count towards the next")
def test_uses_count_towards_one_review_only(database: object) -> None:
    pass


@given(step("staff recorded these incidents for {name:Name}:"))
@when(step("staff record these incidents for {name:Name}:"))
def incidents(services: Services, ledger: Ledger, name: str, datatable: list[list[str]]) -> None:
    """Rows of incident, practice, from and to; each a complete use-of-force record with one segment."""
    case_id = ledger.cases[name]
    for row in table_rows(datatable):
        segment = Segment(PRACTICES[row["practice"]], moment(row["from"]), moment(row["to"]))
        ledger.incidents[row["incident"]] = (
            case_id,
            services.cases.record_use(case_id, [segment], COMPLETE_RECORD, NURSE_IN_CHARGE),
        )


def _reviews(services: Services, ledger: Ledger, name: str) -> list[Obligation]:
    return [o for o in services.view.obligations(ledger.cases[name]) if o.rule.id == "GOV-02"]


def _review_after(services: Services, ledger: Ledger, incident: str) -> Obligation:
    case_id, use_id = ledger.incidents[incident]
    [review] = [o for o in services.view.obligations(case_id) if o.rule.id == "GOV-02" and o.triggered_by == use_id]
    return review


@then(step("the care-plan review for repeated use, prompted by {incident:Incident}, is due by {due:Moment}"))
def review_due(services: Services, ledger: Ledger, incident: str, due: datetime) -> None:
    assert _review_after(services, ledger, incident).due_at == due


@then(
    step(
        "the care-plan review for repeated use, prompted by {incident:Incident}, is {status:Status} with time to review {seconds:Duration}"
    )
)
def review_status(services: Services, ledger: Ledger, incident: str, status: ObligationStatus, seconds: int) -> None:
    review, now = _review_after(services, ledger, incident), services.clock()
    assert (review.status(now), review.time_to_review_seconds(now)) == (status, seconds)


@then(step("{expected:Count} care-plan review for repeated use is due for {name:Name}"))
def review_count(services: Services, ledger: Ledger, expected: int, name: str) -> None:
    assert len(_reviews(services, ledger, name)) == expected


@then(step("the care-plan reviews for repeated use due for {name:Name} are:"))
def reviews_due(services: Services, ledger: Ledger, name: str, datatable: list[list[str]]) -> None:
    incident_of = {use_id: incident for incident, (_, use_id) in ledger.incidents.items()}
    found = [(incident_of[o.triggered_by], o.due_at) for o in _reviews(services, ledger, name)]
    expected = [(row["prompted by"], moment(row["due by"])) for row in table_rows(datatable)]
    assert found == expected
