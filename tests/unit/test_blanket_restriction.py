"""The BlanketRestriction aggregate and the BLK rules: given a restriction's history, what it records, refuses and
owes.

The restriction of regulatory-reference.md scenario 14: a care home brings in "no hot drinks after 21:00" for all
residents on Friday 10 January 2025 at 09:00; the provider reviews blanket restrictions every 3 calendar months.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from rpledger.domain.blanket_restriction import (
    BlanketRestriction,
    BlanketRestrictionCategory,
    BlanketRestrictionPriority,
)
from rpledger.domain.codes import Setting
from rpledger.domain.errors import BlankValueError, DomainError, DuplicateEntryError
from rpledger.domain.obligation import ComplianceStatus, ObligationStatus, compliance_status
from rpledger.domain.policy import DEFAULT_POLICIES, FIXED_GRID, Policy
from rpledger.domain.rules.blanket import add_months, evaluate_restriction, reviews_due
from rpledger.domain.values import Actor

INTRODUCED = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
AUDIT = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
FIRST_DUE = datetime(2025, 4, 10, 9, 0, tzinfo=UTC)
POLICY = DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE]
MANAGER = Actor(id="rm-02", name="Grace Bell", role="registered manager")


def day(month: int, d: int, hour: int = 9, minute: int = 0, year: int = 2025) -> datetime:
    return datetime(year, month, d, hour, minute, tzinfo=UTC)


@pytest.fixture
def introduce() -> Callable[..., BlanketRestriction]:
    def _introduce(
        at: datetime = INTRODUCED, category: BlanketRestrictionCategory = BlanketRestrictionCategory.HOT_DRINKS
    ) -> BlanketRestriction:
        restriction = BlanketRestriction.introduce(
            uuid4(), "elm-house", Setting.ADULT_SOCIAL_CARE, "all residents of Elm House",
            "no hot drinks after 21:00", category, at, MANAGER,
        )
        restriction.collect_events()
        return restriction

    return _introduce


@pytest.fixture
def restriction(introduce: Callable[..., BlanketRestriction]) -> BlanketRestriction:
    return introduce()


def review(restriction: BlanketRestriction, at: datetime, continues: bool = True) -> UUID:
    entry_id = uuid4()
    restriction.review(entry_id, "Still needed: two scalds at night this year", "Governance group", continues, at,
                       MANAGER)
    return entry_id


def justify(restriction: BlanketRestriction, at: datetime) -> None:
    restriction.justify(uuid4(), "Two residents scalded at night; no staff awake to supervise", "Governance group",
                        at, MANAGER, communicated_how="Residents' meeting and a notice in the lounge")


def refusal(command: Callable[[], Any]) -> DomainError:
    with pytest.raises(DomainError) as refused:
        command()
    return refused.value


# ------------------------------------------------------------------------------------------------ aggregate


def test_introduction_records_the_restriction_with_its_category_by_code() -> None:
    restriction = BlanketRestriction.introduce(
        uuid4(), " elm-house ", Setting.ADULT_SOCIAL_CARE, "all residents", "no hot drinks after 21:00",
        BlanketRestrictionCategory.HOT_DRINKS, INTRODUCED, MANAGER, risk_addressed="scalds at night",
    )
    [introduced] = restriction.collect_events()
    assert isinstance(introduced, BlanketRestriction.Introduced)
    assert (introduced.category, introduced.location_id, introduced.occurred_at) == ("HOT_DRINKS", "elm-house",
                                                                                      INTRODUCED)
    assert restriction.category is BlanketRestrictionCategory.HOT_DRINKS
    assert introduced.recorded_by == MANAGER


@pytest.mark.parametrize("blank", ["scope", "description", "location_id"])
def test_introduction_refuses_blank_text(blank: str) -> None:
    given: dict[str, Any] = {"location_id": "elm-house", "scope": "all residents", "description": "no hot drinks"}
    given[blank] = "  "
    with pytest.raises(BlankValueError) as refused:
        BlanketRestriction.introduce(
            uuid4(), given["location_id"], Setting.ADULT_SOCIAL_CARE, given["scope"], given["description"],
            BlanketRestrictionCategory.OTHER, INTRODUCED, MANAGER,
        )
    assert refused.value.field == blank


@pytest.mark.parametrize(
    ("field", "command"),
    [
        ("justified_at", lambda r, at: justify(r, at)),
        ("reviewed_at", lambda r, at: review(r, at)),
        ("granted_at", lambda r, at: r.grant_exemption(uuid4(), "R-7", "Own kettle, assessed safe", at, MANAGER)),
        ("lifted_at", lambda r, at: r.lift(uuid4(), "No longer needed", at, MANAGER)),
    ],
)
def test_nothing_is_said_to_have_happened_before_the_introduction(
    restriction: BlanketRestriction, field: str, command: Callable[[BlanketRestriction, datetime], None]
) -> None:
    refused = refusal(lambda: command(restriction, INTRODUCED - timedelta(minutes=1)))
    assert (refused.field, refused.code) == (field, "BEFORE_INTRODUCTION")
    assert restriction.collect_events() == []


@pytest.mark.parametrize(
    "command",
    [
        lambda r: justify(r, day(3, 2)),
        lambda r: review(r, day(3, 2)),
        lambda r: r.grant_exemption(uuid4(), "R-7", "Own kettle", day(3, 2), MANAGER),
        lambda r: r.lift(uuid4(), "Again", day(3, 2), MANAGER),
    ],
)
def test_nothing_is_recorded_once_the_restriction_is_lifted(
    restriction: BlanketRestriction, command: Callable[[BlanketRestriction], None]
) -> None:
    restriction.lift(uuid4(), "Kettles with cut-outs fitted", day(3, 1), MANAGER)
    restriction.collect_events()
    refused = refusal(lambda: command(restriction))
    assert (refused.field, refused.code) == ("restriction_id", "ALREADY_LIFTED")
    assert restriction.collect_events() == []


def test_the_restriction_cannot_be_lifted_before_its_latest_entry(restriction: BlanketRestriction) -> None:
    review(restriction, day(3, 1))
    refused = refusal(lambda: restriction.lift(uuid4(), "No longer needed", day(2, 1), MANAGER))
    assert (refused.field, refused.code) == ("lifted_at", "BEFORE_LAST_ENTRY")


def test_a_person_is_exempted_once(restriction: BlanketRestriction) -> None:
    restriction.grant_exemption(uuid4(), "R-7", "Own kettle, assessed safe", day(2, 1), MANAGER)
    refused = refusal(lambda: restriction.grant_exemption(uuid4(), " R-7 ", "Again", day(2, 2), MANAGER))
    assert (refused.field, refused.code) == ("person_ref", "ALREADY_EXEMPT")
    assert [e.person_ref for e in restriction.exemptions] == ["R-7"]


def test_an_entry_id_is_used_once(restriction: BlanketRestriction) -> None:
    entry_id = review(restriction, day(2, 1))
    with pytest.raises(DuplicateEntryError):
        restriction.review(entry_id, "Again", "Governance group", True, day(2, 2), MANAGER)


def test_a_review_that_ends_the_restriction_lifts_it(restriction: BlanketRestriction) -> None:
    entry_id = review(restriction, day(3, 1), continues=False)
    assert restriction.lifting is not None
    assert (restriction.lifted_at, restriction.lifting.id) == (day(3, 1), entry_id)
    assert not restriction.in_force_at(day(3, 1)) and restriction.in_force_at(day(2, 28))


def test_replaying_the_events_gives_the_same_restriction(restriction: BlanketRestriction) -> None:
    justify(restriction, day(1, 11))
    review(restriction, day(4, 1))
    restriction.grant_exemption(uuid4(), "R-7", "Own kettle", day(4, 2), MANAGER)
    restriction.lift(uuid4(), "Kettles with cut-outs fitted", day(5, 1), MANAGER)
    events = [*restriction.collect_events()]
    replayed = BlanketRestriction.introduce(
        restriction.id, "elm-house", Setting.ADULT_SOCIAL_CARE, "all residents of Elm House",
        "no hot drinks after 21:00", BlanketRestrictionCategory.HOT_DRINKS, INTRODUCED, MANAGER,
    )
    for event in events:
        event.mutate(replayed)
    assert (replayed.justifications, replayed.reviews, replayed.exemptions, replayed.lifting) == (
        restriction.justifications, restriction.reviews, restriction.exemptions, restriction.lifting
    )


@pytest.mark.parametrize("category", list(BlanketRestrictionCategory))
def test_the_subtle_restrictions_cqc_names_are_high_priority(category: BlanketRestrictionCategory) -> None:
    subtle = {"HOT_DRINKS", "FOOD_AND_DRINK", "VISITORS", "PHONE", "INTERNET", "BEDROOM_ACCESS"}
    expected = BlanketRestrictionPriority.HIGH if category.value in subtle else BlanketRestrictionPriority.STANDARD
    assert (category.is_subtle, category.priority) == (category.value in subtle, expected)


# -------------------------------------------------------------------------------------------------- BLK-01


def test_scenario_14_unjustified_and_unreviewed_restriction(restriction: BlanketRestriction) -> None:
    compliance = evaluate_restriction(restriction, POLICY)
    [finding] = compliance.findings
    [obligation] = compliance.obligations
    assert (finding.rule.id, finding.at, finding.resolved_at, finding.open_at(AUDIT)) == ("BLK-01", INTRODUCED, None,
                                                                                          True)
    assert (obligation.rule.id, obligation.due_at, obligation.status(AUDIT)) == ("BLK-02", FIRST_DUE,
                                                                                 ObligationStatus.OVERDUE)
    assert restriction.priority is BlanketRestrictionPriority.HIGH
    assert compliance_status(compliance.obligations, compliance.findings, AUDIT) is ComplianceStatus.NON_COMPLIANT


def test_a_restriction_justified_as_it_is_introduced_is_never_found(restriction: BlanketRestriction) -> None:
    justify(restriction, INTRODUCED)
    assert evaluate_restriction(restriction, POLICY).findings == ()


def test_a_later_justification_resolves_the_finding_from_then(restriction: BlanketRestriction) -> None:
    justify(restriction, day(1, 20))
    justify(restriction, day(2, 20))
    [finding] = evaluate_restriction(restriction, POLICY).findings
    assert (finding.at, finding.resolved_at) == (INTRODUCED, day(1, 20))
    assert finding.open_at(day(1, 20) - timedelta(seconds=1)) and not finding.open_at(day(1, 20))


def test_lifting_an_unjustified_restriction_ends_the_finding(restriction: BlanketRestriction) -> None:
    restriction.lift(uuid4(), "Withdrawn after complaints", day(2, 1), MANAGER)
    [finding] = evaluate_restriction(restriction, POLICY).findings
    assert finding.resolved_at == day(2, 1)


def test_a_policy_without_the_blk_rules_derives_nothing(restriction: BlanketRestriction) -> None:
    compliance = evaluate_restriction(restriction, Policy("bare", "1", frozenset()))
    assert (compliance.obligations, compliance.findings) == ((), ())


# -------------------------------------------------------------------------------------------------- BLK-02


def test_a_review_on_time_meets_the_first_and_opens_the_next_from_it(restriction: BlanketRestriction) -> None:
    entry_id = review(restriction, day(4, 1, 14, 30))
    first, second = reviews_due(restriction, POLICY)
    assert (first.due_at, first.met_at, first.met_by, first.status(AUDIT)) == (
        FIRST_DUE, day(4, 1, 14, 30), entry_id, ObligationStatus.MET
    )
    assert (second.opened_at, second.due_at, second.met_at) == (day(4, 1, 14, 30), day(7, 1, 14, 30), None)


def test_a_late_review_meets_it_late_and_the_next_runs_from_the_review(restriction: BlanketRestriction) -> None:
    review(restriction, day(4, 15))
    first, second = reviews_due(restriction, POLICY)
    assert first.status(AUDIT) is ObligationStatus.MET_LATE
    assert second.due_at == day(7, 15)


@pytest.mark.parametrize(
    ("held", "status"), [(FIRST_DUE, ObligationStatus.MET), (FIRST_DUE + timedelta(minutes=1), ObligationStatus.MET_LATE)]
)
def test_a_review_at_the_deadline_is_on_time(restriction: BlanketRestriction, held: datetime,
                                             status: ObligationStatus) -> None:
    review(restriction, held)
    assert reviews_due(restriction, POLICY)[0].status(AUDIT) is status


def test_with_no_review_the_first_is_due_soon_then_overdue(restriction: BlanketRestriction) -> None:
    [obligation] = reviews_due(restriction, POLICY)
    assert obligation.status(FIRST_DUE - timedelta(hours=12, seconds=1)) is ObligationStatus.PENDING
    assert obligation.status(FIRST_DUE) is ObligationStatus.DUE_SOON
    assert obligation.status(FIRST_DUE + timedelta(seconds=1)) is ObligationStatus.OVERDUE


def test_two_reviews_in_one_interval_meet_it_once(restriction: BlanketRestriction) -> None:
    review(restriction, day(3, 1))
    review(restriction, day(3, 1))
    review(restriction, day(3, 5))
    obligations = reviews_due(restriction, POLICY)
    assert [(o.opened_at, o.met_at) for o in obligations] == [(INTRODUCED, day(3, 1)), (day(3, 1), day(3, 5)),
                                                              (day(3, 5), None)]
    assert len({o.id for o in obligations}) == 3


def test_lifting_meets_the_open_review_and_nothing_falls_due_after(restriction: BlanketRestriction) -> None:
    review(restriction, day(3, 1))
    lift_id = uuid4()
    restriction.lift(lift_id, "Kettles with cut-outs fitted", day(5, 1), MANAGER)
    _, second = reviews_due(restriction, POLICY)
    assert (second.met_at, second.met_by, second.status(day(12, 1))) == (day(5, 1), lift_id, ObligationStatus.MET)


def test_lifting_an_overdue_restriction_meets_its_review_late(restriction: BlanketRestriction) -> None:
    restriction.lift(uuid4(), "Withdrawn at the audit", AUDIT, MANAGER)
    [obligation] = reviews_due(restriction, POLICY)
    assert obligation.status(day(12, 1)) is ObligationStatus.MET_LATE


def test_a_review_that_ends_the_restriction_is_its_last(restriction: BlanketRestriction) -> None:
    review(restriction, day(3, 1))
    ending = review(restriction, day(5, 1), continues=False)
    obligations = reviews_due(restriction, POLICY)
    assert [o.met_by for o in obligations][-1] == ending and len(obligations) == 2


def test_obligations_are_the_same_when_derived_again(restriction: BlanketRestriction) -> None:
    review(restriction, day(3, 1))
    assert reviews_due(restriction, POLICY) == reviews_due(restriction, POLICY)


def test_a_fixed_grid_counts_from_the_introduction_whenever_reviews_are_held(
    restriction: BlanketRestriction,
) -> None:
    review(restriction, day(4, 20))
    grid = reviews_due(restriction, POLICY.tightened(review_clock=FIXED_GRID))
    assert [(o.opened_at, o.due_at) for o in grid] == [(INTRODUCED, FIRST_DUE), (FIRST_DUE, day(7, 10))]


def test_a_fixed_grid_keeps_to_the_day_of_introduction_past_short_months(
    introduce: Callable[..., BlanketRestriction],
) -> None:
    restriction = introduce(at=day(1, 31))
    for month in (2, 3, 4):
        review(restriction, day(month, 20))
    policy = POLICY.tightened(review_clock=FIXED_GRID, blanket_restriction_review_every_months=1)
    dues = [o.due_at for o in reviews_due(restriction, policy)]
    assert dues == [day(2, 28), day(3, 31), day(4, 30), day(5, 31)]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (day(1, 10), 3, day(4, 10)),
        (day(11, 30, year=2024), 3, day(2, 28)),
        (day(11, 30, year=2023), 3, day(2, 29, year=2024)),
        (day(8, 31), 1, day(9, 30)),
        (day(10, 15), 3, day(1, 15, year=2026)),
        (day(12, 31), 12, day(12, 31, year=2026)),
    ],
)
def test_months_are_calendar_months_ending_on_the_last_day(start: datetime, months: int, expected: datetime) -> None:
    assert add_months(start, months) == expected
