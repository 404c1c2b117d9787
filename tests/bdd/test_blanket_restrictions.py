"""BLK-01, BLK-02: blanket restrictions justified and reviewed (features/compliance/blanket_restrictions.feature).

The steps that bring in, justify, review, exempt from and lift a restriction belong to this feature; each makes one
call on ``services.blanket_restrictions``, and the Then steps read the register (the read model) back. Each scenario
has one restriction, "the restriction".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import parse
import pytest
from gherkin_terms import TYPES
from pytest_bdd import given, parsers, scenario, then, when

from rpledger.application.blanket_register import BlanketRestrictionState
from rpledger.application.vocabulary import (
    Actor,
    BlanketRestrictionCategory,
    BlanketRestrictionPriority,
    ComplianceStatus,
    ObligationStatus,
    Setting,
    compliance_status,
)
from rpledger.bootstrap import Services

FEATURE = "compliance/blanket_restrictions.feature"

MANAGER = Actor(id="rm-0112", name="Grace Bell", role="registered manager")

SETTINGS: dict[str, Setting] = {
    "an adult social care service": Setting.ADULT_SOCIAL_CARE,
    "a mental health inpatient ward": Setting.MENTAL_HEALTH_INPATIENT,
}
CATEGORIES: dict[str, BlanketRestrictionCategory] = {
    "hot drinks": BlanketRestrictionCategory.HOT_DRINKS,
    "food and drink": BlanketRestrictionCategory.FOOD_AND_DRINK,
    "visitors": BlanketRestrictionCategory.VISITORS,
    "phones": BlanketRestrictionCategory.PHONE,
    "internet": BlanketRestrictionCategory.INTERNET,
    "bedroom access": BlanketRestrictionCategory.BEDROOM_ACCESS,
    "going outdoors": BlanketRestrictionCategory.OUTDOOR_ACCESS,
    "money": BlanketRestrictionCategory.MONEY,
    "smoking": BlanketRestrictionCategory.SMOKING,
}
# What a review decides about the restriction: whether it continues.
OUTCOMES: dict[str, bool] = {"keep": True, "end": False}
FINDING_STATES: dict[str, bool] = {"open": True, "closed": False}


def _one_of(phrases: dict[str, Any]) -> str:
    return "|".join(sorted(phrases, key=len, reverse=True))


@parse.with_pattern(_one_of(SETTINGS))
def setting(text: str) -> Setting:
    return SETTINGS[text]


@parse.with_pattern(_one_of(CATEGORIES))
def category(text: str) -> BlanketRestrictionCategory:
    return CATEGORIES[text]


@parse.with_pattern(_one_of(OUTCOMES))
def outcome(text: str) -> bool:
    return OUTCOMES[text]


@parse.with_pattern(_one_of(FINDING_STATES))
def finding_state(text: str) -> bool:
    return FINDING_STATES[text]


TERMS: dict[str, Any] = {
    **TYPES, "Setting": setting, "Category": category, "Outcome": outcome, "FindingState": finding_state,
}


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TERMS)


@dataclass
class Register:
    """The services (ward or home) of the scenario by name, and its restriction."""

    settings: dict[str, Setting] = field(default_factory=dict)
    restriction_id: UUID | None = None

    @property
    def restriction(self) -> UUID:
        assert self.restriction_id is not None, "the scenario has brought in no restriction"
        return self.restriction_id


@pytest.fixture
def register() -> Register:
    return Register()


def held(services: Services, register: Register) -> BlanketRestrictionState:
    """The restriction as the register holds it."""
    state = services.blanket_restrictions.restriction(register.restriction)
    assert state is not None
    return state


# ---------------------------------------------------------------------------------------------------- scenarios


@scenario(FEATURE, "A restriction justified when it is brought in is not found")
def test_justified_when_brought_in(database: object) -> None:
    pass


@scenario(FEATURE, "A restriction brought in without its reasons is found until they are written down")
def test_found_until_justified(database: object) -> None:
    pass


@scenario(FEATURE, "A review a week before the deadline meets it, and the next runs 3 months from the review")
def test_review_on_time(database: object) -> None:
    pass


@scenario(FEATURE, "A review after the deadline meets it late")
def test_review_late(database: object) -> None:
    pass


@scenario(FEATURE, "The review falls due at the very minute three months after the restriction was brought in")
def test_review_falls_due(database: object) -> None:
    pass


@scenario(FEATURE, "A review held at the deadline is on time, a minute later it is late")
def test_review_at_the_deadline(database: object) -> None:
    pass


@scenario(FEATURE, "A restriction brought in at the end of November is reviewed by the end of February")
def test_review_due_at_the_end_of_a_short_month(database: object) -> None:
    pass


@scenario(FEATURE, "A lifted restriction needs no more reviews and leaves the register")
def test_lifted_restriction(database: object) -> None:
    pass


@scenario(FEATURE, "A review that decides to end the restriction lifts it")
def test_review_ends_the_restriction(database: object) -> None:
    pass


@scenario(FEATURE, "A resident is exempted from a restriction")
def test_exemption(database: object) -> None:
    pass


@scenario(FEATURE, "Scenario 14, a blanket restriction with no justification and no review")
def test_scenario_14(database: object) -> None:
    pass


@scenario(FEATURE, "A restriction CQC does not name as subtle is of standard priority")
def test_standard_priority(database: object) -> None:
    pass


# ------------------------------------------------------------------------------------------------------ givens


@given(step("{home} is {setting:Setting}"))
def service(register: Register, home: str, setting: Setting) -> None:
    register.settings[home] = setting


@given(step('the manager of {home} brings in "{description}" for {scope}, restricting {category:Category}'))
@when(step('the manager of {home} brings in "{description}" for {scope}, restricting {category:Category}'))
def brings_in(
    services: Services, register: Register, home: str, description: str, scope: str, category: BlanketRestrictionCategory
) -> None:
    register.restriction_id = services.blanket_restrictions.introduce(
        home, register.settings[home], scope, description, category, MANAGER
    )


@given(step('the restriction is justified at {at:Moment} by {approver}: "{reasons}"'))
@when(step('the restriction is justified at {at:Moment} by {approver}: "{reasons}"'))
def justified(services: Services, register: Register, at: datetime, approver: str, reasons: str) -> None:
    services.blanket_restrictions.justify(register.restriction, reasons, approver, MANAGER, justified_at=at)


@when(step('the restriction is reviewed at {at:Moment} by {reviewer}, who {continues:Outcome} it: "{decision}"'))
def reviewed(
    services: Services, register: Register, at: datetime, reviewer: str, continues: bool, decision: str
) -> None:
    services.blanket_restrictions.review(register.restriction, decision, reviewer, continues, MANAGER, reviewed_at=at)


@when(step('the restriction is lifted at {at:Moment}: "{reason}"'))
def lifted(services: Services, register: Register, at: datetime, reason: str) -> None:
    services.blanket_restrictions.lift(register.restriction, reason, MANAGER, lifted_at=at)


@when(step('{person} is exempted from the restriction at {at:Moment}: "{reason}"'))
def exempted(services: Services, register: Register, person: str, at: datetime, reason: str) -> None:
    services.blanket_restrictions.grant_exemption(register.restriction, person, reason, MANAGER, granted_at=at)


# ------------------------------------------------------------------------------------------------------ checks


@then(step("the restriction is found without a documented justification since {at:Moment}"))
def found_unjustified(services: Services, register: Register, at: datetime) -> None:
    open_now = [f for f in held(services, register).findings if f.open_at(services.clock())]
    assert [(f.rule.id, f.at) for f in open_now] == [("BLK-01", at)]


@then(step("the finding of no documented justification since {at:Moment} is {is_open:FindingState}"))
def unjustified_finding(services: Services, register: Register, at: datetime, is_open: bool) -> None:
    [finding] = [f for f in held(services, register).findings if f.rule.id == "BLK-01" and f.at == at]
    assert finding.open_at(services.clock()) is is_open


@then(step("no finding is open about the restriction"))
def no_finding(services: Services, register: Register) -> None:
    assert [f for f in held(services, register).findings if f.open_at(services.clock())] == []


@then(step("the restriction is {status:Compliance}"))
def restriction_status(services: Services, register: Register, status: ComplianceStatus) -> None:
    state = held(services, register)
    assert compliance_status(state.obligations, state.findings, services.clock()) is status


@then(step("the review of the restriction due by {due:Moment} is {status:Status}"))
def review_status(services: Services, register: Register, due: datetime, status: ObligationStatus) -> None:
    [obligation] = [o for o in held(services, register).obligations if o.due_at == due]
    assert (obligation.rule.id, obligation.status(services.clock())) == ("BLK-02", status)


@then(step("the next review of the restriction is due by {due:Moment}"))
def next_review(services: Services, register: Register, due: datetime) -> None:
    assert held(services, register).next_review_due(services.clock()) == due


@then(step("no review of the restriction is due"))
def no_review_due(services: Services, register: Register) -> None:
    state = held(services, register)
    assert state.next_review_due(services.clock()) is None
    assert {o.status(services.clock()) for o in state.obligations} <= {ObligationStatus.MET, ObligationStatus.MET_LATE}


def _listed(services: Services, home: str, include_lifted: bool = False) -> list[BlanketRestrictionState]:
    return services.blanket_restrictions.register(home, moment=services.clock(), include_lifted=include_lifted)


@then(step("the register of {home} does not list the restriction"))
def not_listed(services: Services, register: Register, home: str) -> None:
    assert register.restriction not in [s.summary.id for s in _listed(services, home)]


@then(step("the register of {home} with lifted restrictions lists it, lifted at {at:Moment}"))
def listed_as_lifted(services: Services, register: Register, home: str, at: datetime) -> None:
    [state] = [s for s in _listed(services, home, include_lifted=True) if s.summary.id == register.restriction]
    assert state.summary.lifted_at == at


@then(step("the register of {home} lists the restriction with {count:d} exemption"))
def listed_with_exemptions(services: Services, register: Register, home: str, count: int) -> None:
    [state] = [s for s in _listed(services, home) if s.summary.id == register.restriction]
    assert (state.summary.exemption_count, len(state.exemptions)) == (count, count)


@then(step('{person} is recorded as exempt from the restriction since {at:Moment}: "{reason}"'))
def recorded_exempt(services: Services, register: Register, person: str, at: datetime, reason: str) -> None:
    exemptions = held(services, register).exemptions
    assert [(e.person_ref, e.granted_at, e.reason) for e in exemptions] == [(person, at, reason)]


@then(step("the restriction is high priority, as a subtle restriction CQC names"))
def high_priority(services: Services, register: Register) -> None:
    summary = held(services, register).summary
    assert (summary.priority, summary.category.is_subtle) == (BlanketRestrictionPriority.HIGH, True)


@then(step("the restriction is standard priority"))
def standard_priority(services: Services, register: Register) -> None:
    assert held(services, register).summary.priority is BlanketRestrictionPriority.STANDARD
