"""DOLS-01..DOLS-08 on cases built by their commands (rpledger.domain.rules.deprivation).

Most cases here are Dorothy's, in a care home (adult social care): regulatory-reference.md scenario 10 (an urgent
authorisation from Monday 1 September 2025 10:00, extended on Friday 5 September to Monday 15 September 10:00) and
scenario 11 (a standard authorisation from 3 March 2025 to 2 March 2026, recorded as valid until 3 March 2026 00:00).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, DolsRequestOutcome, PracticeCode, Setting
from rpledger.domain.correction import AuthorisationCorrection
from rpledger.domain.obligation import Finding, Obligation, ObligationStatus
from rpledger.domain.policy import DEFAULT_POLICIES, END_OF_DAY, Policy
from rpledger.domain.rules import deprivation, evaluate
from rpledger.domain.rules.cadence import cadence_id
from rpledger.domain.rules.catalogue import DOLS_07
from rpledger.domain.rules.deprivation_periods import add_months, end_of_day, length, months_end, period_end
from rpledger.domain.values import Actor, Authorisation, DolsRequest, Extension, Segment, Use, UseDetails

CARE_HOME = DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE]
BY_END_OF_DAY = CARE_HOME.tightened(dols_period_end=END_OF_DAY)
SUPERVISORY_BODY = "Barsetshire County Council"
FULL_CONTENT = {
    "place": "Elm House care home",
    "purpose": "To keep Dorothy safe from getting lost and from falls when she leaves alone",
    "qualifying_requirements": "Age, mental health, mental capacity, best interests, eligibility, no refusals: met",
}


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def sep(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return at(2025, 9, day, hour, minute)


def dols(
    basis: AuthorisationBasis,
    valid_from: datetime,
    valid_until: datetime,
    granted_at: datetime | None = None,
    **content: str,
) -> Authorisation:
    if basis is AuthorisationBasis.DOLS_STANDARD and not content:
        content = FULL_CONTENT
    return Authorisation(
        id=uuid4(),
        basis=basis,
        practices=(PracticeCode.DOL,),
        valid_from=valid_from,
        valid_until=valid_until,
        granted_at=granted_at or valid_from,
        granted_by="Mary Doyle, registered manager" if basis is AuthorisationBasis.DOLS_URGENT else SUPERVISORY_BODY,
        **content,  # type: ignore[arg-type]
    )


def urgent(valid_from: datetime, valid_until: datetime, granted_at: datetime | None = None) -> Authorisation:
    return dols(AuthorisationBasis.DOLS_URGENT, valid_from, valid_until, granted_at)


def standard(
    valid_from: datetime, valid_until: datetime, granted_at: datetime | None = None, **content: str
) -> Authorisation:
    return dols(AuthorisationBasis.DOLS_STANDARD, valid_from, valid_until, granted_at, **content)


def deprived(start: datetime, end: datetime | None = None) -> Use:
    """Dorothy deprived of liberty: the front door locked, continuous supervision, not free to leave."""
    return Use(id=uuid4(), segments=(Segment(PracticeCode.DOL, start, end),), details=UseDetails(place="Elm House"))


def extension(extended_at: datetime, previous: datetime, until: datetime) -> Extension:
    return Extension(
        extended_at, previous, until, SUPERVISORY_BODY, "Assessments delayed by the best interests assessor"
    )


def findings(case: Case, rule_id: str, policy: Policy = CARE_HOME) -> list[Finding]:
    return [f for f in evaluate(case, policy).findings if f.rule.id == rule_id]


def obligations(case: Case, rule_id: str, policy: Policy = CARE_HOME) -> list[Obligation]:
    return [o for o in evaluate(case, policy).obligations if o.rule.id == rule_id]


@pytest.fixture
def home(open_case: Callable[..., Case]) -> Case:
    return open_case(setting=Setting.ADULT_SOCIAL_CARE, person_ref="EH-014")


def request(case: Case, by: Actor, requested_at: datetime) -> DolsRequest:
    made = DolsRequest(uuid4(), requested_at, SUPERVISORY_BODY)
    case.request_standard_authorisation(made, by)
    return made


FIRST_REQUEST = sep(1, 14)


def scenario_10(case: Case, by: Actor, requested_at: datetime | None = FIRST_REQUEST) -> Authorisation:
    """Urgent 1 Sep 10:00 to 8 Sep 10:00, extended on 5 Sep to 15 Sep 10:00; deprived from 1 Sep 10:00 on."""
    granted = urgent(sep(1, 10), sep(8, 10))
    case.grant_authorisation(granted, by)
    case.record_use(deprived(sep(1, 10)), by)
    if requested_at is not None:
        request(case, by, requested_at)
    case.extend_authorisation(granted.id, extension(sep(5, 11), sep(8, 10), sep(15, 10)), by)
    return granted


# -------------------------------------------------------------------------------------------------- periods


def test_a_period_of_days_ends_exactly_that_long_after_its_start_or_at_the_end_of_that_day() -> None:
    assert period_end(sep(1, 10), timedelta(days=7), "ELAPSED") == sep(8, 10)
    assert period_end(sep(1, 10), timedelta(days=7), END_OF_DAY) == sep(9, 0)
    # A limit that falls at midnight ends with the day that midnight starts.
    assert period_end(sep(1, 0), timedelta(days=7), END_OF_DAY) == sep(9, 0)
    assert end_of_day(sep(30, 23, 59)) == at(2025, 10, 1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (at(2025, 3, 3), 12, at(2026, 3, 3)),
        (at(2025, 1, 31, 9), 1, at(2025, 2, 28, 9)),
        (at(2024, 1, 31), 1, at(2024, 2, 29)),
        (at(2024, 2, 29), 12, at(2025, 2, 28)),
        (at(2025, 8, 31), 6, at(2026, 2, 28)),
        (at(2025, 11, 30), 3, at(2026, 2, 28)),
        (at(2025, 12, 15), 1, at(2026, 1, 15)),
    ],
)
def test_calendar_months_keep_the_day_of_the_month_or_clamp_to_the_month_end(
    start: datetime, months: int, expected: datetime
) -> None:
    assert add_months(start, months) == expected


def test_calendar_months_end_at_the_end_of_the_day_when_the_policy_says_so() -> None:
    assert months_end(at(2025, 3, 3, 9), 12, "ELAPSED") == at(2026, 3, 3, 9)
    assert months_end(at(2025, 3, 3, 9), 12, END_OF_DAY) == at(2026, 3, 4)


def test_lengths_read_as_days_hours_and_minutes() -> None:
    assert [length(timedelta(days=d, hours=h, minutes=m)) for d, h, m in [(7, 0, 0), (1, 2, 30), (0, 0, 45)]] == [
        "7 days",
        "1 day 2 h 30 min",
        "45 min",
    ]


# -------------------------------------------------------------------------------------------------- DOLS-01


def test_scenario_10_urgent_authorisation_of_7_days_then_extended_raises_no_dols_01_or_02(
    home: Case, by: Actor
) -> None:
    scenario_10(home, by)

    assert findings(home, "DOLS-01") == []
    assert findings(home, "DOLS-02") == []


def test_urgent_authorisation_granted_for_longer_than_7_days_is_found_from_the_limit(home: Case, by: Actor) -> None:
    granted = urgent(sep(1, 10), sep(8, 10, 1))
    home.grant_authorisation(granted, by)

    [finding] = findings(home, "DOLS-01")

    assert (finding.subject, finding.at, finding.resolved_at) == (granted.id, sep(8, 10), sep(8, 10, 1))
    assert finding.detail == (
        "urgent authorisation granted for 7 days 1 min, from 2025-09-01 10:00 until 2025-09-08 10:01: "
        "longer than the 7 days allowed, until 2025-09-08 10:00"
    )


def test_urgent_limit_by_the_end_of_the_day(home: Case, by: Actor) -> None:
    to_midnight = urgent(sep(1, 10), sep(9, 0))
    past_midnight = urgent(sep(2, 10), sep(10, 0, 1))
    home.grant_authorisation(to_midnight, by)
    home.grant_authorisation(past_midnight, by)

    assert [(f.subject, f.at) for f in findings(home, "DOLS-01", BY_END_OF_DAY)] == [(past_midnight.id, sep(10, 0))]
    assert [(f.subject, f.at) for f in findings(home, "DOLS-01")] == [
        (to_midnight.id, sep(8, 10)),
        (past_midnight.id, sep(9, 10)),
    ]


def test_over_long_urgent_authorisation_ended_by_its_limit_raises_nothing(home: Case, by: Actor) -> None:
    granted = urgent(sep(1, 10), sep(12, 10))
    home.grant_authorisation(granted, by)
    home.end_authorisation(granted.id, sep(8, 10), "Standard authorisation granted", by)

    assert findings(home, "DOLS-01") == []


def test_over_long_urgent_authorisation_ended_after_its_limit_is_found_until_it_ended(home: Case, by: Actor) -> None:
    granted = urgent(sep(1, 10), sep(12, 10))
    home.grant_authorisation(granted, by)
    home.end_authorisation(granted.id, sep(9, 16), "Dorothy moved to hospital", by)

    [finding] = findings(home, "DOLS-01")

    assert (finding.at, finding.resolved_at) == (sep(8, 10), sep(9, 16))


def test_a_corrected_period_is_judged_as_corrected(home: Case, by: Actor) -> None:
    granted = urgent(sep(1, 10), sep(11, 10))
    home.grant_authorisation(granted, by)
    home.correct_entry(granted.id, AuthorisationCorrection(valid_until=sep(8, 10)), "Typed 11 for 8", sep(2, 9), by)

    assert findings(home, "DOLS-01") == []


# -------------------------------------------------------------------------------------------------- DOLS-02


def test_extension_without_a_standard_request_is_found_when_made(home: Case, by: Actor) -> None:
    granted = scenario_10(home, by, requested_at=None)

    [finding] = findings(home, "DOLS-02")

    assert (finding.subject, finding.at, finding.resolved_at) == (granted.id, sep(5, 11), sep(15, 10))
    assert finding.detail == (
        "extension 1 of the urgent authorisation, made 2025-09-05 11:00 until 2025-09-15 10:00: "
        "no standard authorisation had been requested by then"
    )


@pytest.mark.parametrize(("requested_at", "found"), [(sep(5, 11), False), (sep(5, 11, 1), True)])
def test_a_request_made_by_the_moment_of_the_extension_counts(
    home: Case, by: Actor, requested_at: datetime, found: bool
) -> None:
    scenario_10(home, by, requested_at=requested_at)

    assert bool(findings(home, "DOLS-02")) is found


def test_a_retracted_request_does_not_count(home: Case, by: Actor) -> None:
    made = DolsRequest(uuid4(), sep(1, 14), SUPERVISORY_BODY)
    home.request_standard_authorisation(made, by)
    home.retract_entry(made.id, "Recorded on the wrong resident", sep(2, 9), by)
    scenario_10(home, by, requested_at=None)

    [finding] = findings(home, "DOLS-02")
    assert finding.detail.endswith("no standard authorisation had been requested by then")


@pytest.mark.parametrize(
    ("until", "policy", "found"),
    [
        (sep(15, 10), CARE_HOME, False),
        (sep(15, 10, 1), CARE_HOME, True),
        (sep(15, 23, 59), BY_END_OF_DAY, False),
        (sep(16, 0, 1), BY_END_OF_DAY, True),
    ],
)
def test_an_extension_adds_at_most_7_days(home: Case, by: Actor, until: datetime, policy: Policy, found: bool) -> None:
    granted = urgent(sep(1, 10), sep(8, 10))
    home.grant_authorisation(granted, by)
    request(home, by, sep(1, 14))
    home.extend_authorisation(granted.id, extension(sep(5, 11), sep(8, 10), until), by)

    found_now = findings(home, "DOLS-02", policy)

    assert bool(found_now) is found
    if found:
        assert "more than 7 days" in found_now[0].detail


def test_a_second_extension_is_beyond_the_one_allowed(home: Case, by: Actor) -> None:
    granted = scenario_10(home, by)
    home.extend_authorisation(granted.id, extension(sep(14, 9), sep(15, 10), sep(17, 10)), by)

    [finding] = findings(home, "DOLS-02")

    assert (finding.at, finding.resolved_at) == (sep(14, 9), sep(17, 10))
    assert finding.detail == (
        "extension 2 of the urgent authorisation, made 2025-09-14 09:00 until 2025-09-17 10:00: "
        "beyond the 1 extension allowed"
    )
    assert findings(home, "DOLS-02", CARE_HOME.tightened(dols_extensions_allowed=2)) == []


# -------------------------------------------------------------------------------------------------- DOLS-03


def scenario_11_standard(case: Case, by: Actor) -> Authorisation:
    granted = standard(at(2025, 3, 3), at(2026, 3, 3))
    case.grant_authorisation(granted, by)
    case.record_use(deprived(at(2025, 3, 3)), by)
    return granted


def test_scenario_11_urgent_authorisation_after_the_standard_one_expired_is_found(home: Case, by: Actor) -> None:
    scenario_11_standard(home, by)
    second = urgent(at(2026, 3, 3, 10), at(2026, 3, 10, 10))
    home.grant_authorisation(second, by)

    [finding] = findings(home, "DOLS-03")

    assert (finding.subject, finding.at, finding.resolved_at) == (second.id, at(2026, 3, 3, 10), at(2026, 3, 10, 10))
    assert finding.detail == (
        "urgent authorisation granted 2026-03-03 10:00 when the standard authorisation expired at 2026-03-03 00:00: "
        "a further standard authorisation was to be requested instead"
    )


@pytest.mark.parametrize(
    ("granted_at", "found"),
    [
        (at(2026, 2, 2, 23, 59), False),  # more than 28 days before it expires
        (at(2026, 2, 3), True),  # 28 days before
        (at(2026, 3, 31), True),  # 28 days after
        (at(2026, 3, 31, 0, 1), False),
    ],
)
def test_urgent_authorisation_within_28_days_either_side_of_the_expiry(
    home: Case, by: Actor, granted_at: datetime, found: bool
) -> None:
    scenario_11_standard(home, by)
    home.grant_authorisation(urgent(granted_at, granted_at + timedelta(days=7)), by)

    assert bool(findings(home, "DOLS-03")) is found


def test_dols_03_measures_from_when_an_ended_standard_authorisation_lapsed(home: Case, by: Actor) -> None:
    granted = scenario_11_standard(home, by)
    home.end_authorisation(granted.id, at(2025, 6, 1), "Dorothy went into hospital", by)
    home.grant_authorisation(urgent(at(2025, 6, 20, 10), at(2025, 6, 27, 10)), by)

    [finding] = findings(home, "DOLS-03")

    assert "when the standard authorisation expired at 2025-06-01 00:00" in finding.detail


def test_a_standard_authorisation_granted_after_the_urgent_one_does_not_count(home: Case, by: Actor) -> None:
    home.grant_authorisation(urgent(sep(1, 10), sep(8, 10)), by)
    home.grant_authorisation(standard(sep(8, 10), at(2025, 9, 20), granted_at=sep(8, 10)), by)

    assert findings(home, "DOLS-03") == []


# -------------------------------------------------------------------------------------------------- DOLS-04


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "policy", "limit"),
    [
        (at(2025, 3, 3), at(2026, 3, 3), CARE_HOME, None),
        (at(2025, 3, 3), at(2026, 3, 3, 0, 1), CARE_HOME, at(2026, 3, 3)),
        (at(2024, 2, 29), at(2025, 3, 1), CARE_HOME, at(2025, 2, 28)),
        (at(2025, 3, 3, 9), at(2026, 3, 3, 23), BY_END_OF_DAY, None),
        (at(2025, 3, 3, 9), at(2026, 3, 3, 23), CARE_HOME, at(2026, 3, 3, 9)),
        (at(2025, 3, 3, 9), at(2026, 3, 4, 0, 1), BY_END_OF_DAY, at(2026, 3, 4)),
    ],
)
def test_a_standard_authorisation_lasts_at_most_12_calendar_months(
    home: Case, by: Actor, valid_from: datetime, valid_until: datetime, policy: Policy, limit: datetime | None
) -> None:
    granted = standard(valid_from, valid_until)
    home.grant_authorisation(granted, by)

    found = findings(home, "DOLS-04", policy)

    assert [(f.subject, f.at, f.resolved_at) for f in found] == (
        [] if limit is None else [(granted.id, limit, valid_until)]
    )


def test_an_over_long_standard_authorisation_ended_by_its_limit_raises_nothing(home: Case, by: Actor) -> None:
    granted = standard(at(2025, 3, 3), at(2026, 6, 3))
    home.grant_authorisation(granted, by)
    home.end_authorisation(granted.id, at(2026, 1, 10), "Dorothy moved to another home", by)

    assert findings(home, "DOLS-04") == []


# -------------------------------------------------------------------------------------------------- DOLS-05


def test_a_standard_authorisation_stating_everything_raises_nothing(home: Case, by: Actor) -> None:
    home.grant_authorisation(standard(at(2025, 3, 3), at(2026, 3, 3)), by)

    assert findings(home, "DOLS-05") == []


def test_a_standard_authorisation_missing_its_content_is_found_until_corrected(home: Case, by: Actor) -> None:
    granted = standard(at(2025, 3, 3, 9), at(2026, 3, 3), place="Elm House care home")
    home.grant_authorisation(granted, by)
    reason = "Copied from the supervisory body's form"
    home.correct_entry(
        granted.id, AuthorisationCorrection(purpose=FULL_CONTENT["purpose"]), reason, at(2025, 3, 5, 14), by
    )
    home.correct_entry(
        granted.id,
        AuthorisationCorrection(qualifying_requirements=FULL_CONTENT["qualifying_requirements"]),
        reason,
        at(2025, 3, 7, 11),
        by,
    )

    found = [(f.at, f.resolved_at, f.detail) for f in findings(home, "DOLS-05")]

    assert found == [
        (
            at(2025, 3, 3, 9),
            at(2025, 3, 5, 14),
            "the standard authorisation does not state the purpose; why each qualifying requirement is met",
        ),
        (
            at(2025, 3, 5, 14),
            at(2025, 3, 7, 11),
            "the standard authorisation does not state why each qualifying requirement is met",
        ),
    ]


def test_dols_05_asks_nothing_of_other_authorisations(home: Case, by: Actor) -> None:
    home.grant_authorisation(urgent(sep(1, 10), sep(8, 10)), by)

    assert findings(home, "DOLS-05") == []


def test_a_retracted_standard_authorisation_is_not_judged(home: Case, by: Actor) -> None:
    granted = standard(at(2025, 3, 3), at(2026, 3, 3), place="Elm House care home")
    home.grant_authorisation(granted, by)
    home.retract_entry(granted.id, "Another resident's authorisation", at(2025, 3, 4), by)

    assert findings(home, "DOLS-05") == []


# -------------------------------------------------------------------------------------------------- DOLS-06


def test_scenario_10_deprived_of_liberty_without_authority_once_the_extension_ends(home: Case, by: Actor) -> None:
    scenario_10(home, by)
    [use] = home.uses.values()

    [finding] = findings(home, "DOLS-06")

    assert (finding.subject, finding.at, finding.resolved_at) == (use.id, sep(15, 10), None)
    assert finding.detail == "deprived of liberty without authority from 2025-09-15 10:00"
    assert finding.open_at(sep(15, 12))
    assert not finding.open_at(sep(15, 9, 59))


def test_a_gap_closes_when_a_standard_authorisation_is_granted(home: Case, by: Actor) -> None:
    scenario_10(home, by)
    # Dated from 15 Sep 10:00, but granted only at 16:30: nothing authorises retrospectively.
    home.grant_authorisation(standard(sep(15, 10), at(2026, 9, 15, 10), granted_at=sep(15, 16, 30)), by)

    finding, after_the_standard = findings(home, "DOLS-06")

    assert after_the_standard.at == at(2026, 9, 15, 10)
    assert (finding.at, finding.resolved_at) == (sep(15, 10), sep(15, 16, 30))
    assert finding.detail == "deprived of liberty without authority from 2025-09-15 10:00 until 2025-09-15 16:30"


def test_a_deprivation_that_ended_within_its_authority_raises_nothing(home: Case, by: Actor) -> None:
    home.grant_authorisation(urgent(sep(1, 10), sep(8, 10)), by)
    home.record_use(deprived(sep(1, 10), sep(8, 10)), by)

    assert findings(home, "DOLS-06") == []


def test_every_gap_is_its_own_finding(home: Case, by: Actor) -> None:
    home.record_use(deprived(sep(1, 8), sep(20, 8)), by)
    home.grant_authorisation(urgent(sep(1, 10), sep(8, 10)), by)
    home.grant_authorisation(dols(AuthorisationBasis.COURT_OF_PROTECTION, sep(9, 9), sep(19, 9)), by)

    found = [(f.at, f.resolved_at) for f in findings(home, "DOLS-06")]

    assert found == [(sep(1, 8), sep(1, 10)), (sep(8, 10), sep(9, 9)), (sep(19, 9), sep(20, 8))]


def test_only_the_bases_that_authorise_a_deprivation_count(home: Case, by: Actor) -> None:
    home.record_use(deprived(sep(1, 10)), by)
    for basis in (AuthorisationBasis.CARE_PLAN, AuthorisationBasis.MCA_BEST_INTERESTS):
        home.grant_authorisation(dols(basis, sep(1, 10), at(2026, 9, 1)), by)

    assert [f.at for f in findings(home, "DOLS-06")] == [sep(1, 10)]

    home.grant_authorisation(dols(AuthorisationBasis.MHA_DETENTION, sep(1, 10), at(2026, 9, 1)), by)
    assert [f.at for f in findings(home, "DOLS-06")] == [at(2026, 9, 1)]  # once the detention lapses


def test_an_authorisation_ended_early_stops_covering_when_it_ended(home: Case, by: Actor) -> None:
    granted = standard(at(2025, 3, 3), at(2026, 3, 3))
    home.grant_authorisation(granted, by)
    home.record_use(deprived(at(2025, 3, 3)), by)
    home.end_authorisation(granted.id, at(2025, 9, 1, 12), "Qualifying requirement no longer met", by)

    assert [f.at for f in findings(home, "DOLS-06")] == [at(2025, 9, 1, 12)]


def test_a_retracted_authorisation_covers_nothing(home: Case, by: Actor) -> None:
    granted = urgent(sep(1, 10), sep(8, 10))
    home.grant_authorisation(granted, by)
    home.record_use(deprived(sep(1, 10)), by)
    home.retract_entry(granted.id, "Granted for another resident", sep(2, 9), by)

    assert [(f.at, f.resolved_at) for f in findings(home, "DOLS-06")] == [(sep(1, 10), None)]


def test_uses_that_are_not_a_deprivation_of_liberty_are_not_judged(home: Case, by: Actor) -> None:
    home.record_use(
        Use(uuid4(), (Segment(PracticeCode.ENV_RESTRICT, sep(1, 10), sep(1, 11)),), UseDetails(place="Elm House")), by
    )

    assert findings(home, "DOLS-06") == []


# -------------------------------------------------------------------------------------------------- DOLS-07


def test_scenario_11_renewal_request_not_made(home: Case, by: Actor) -> None:
    granted = scenario_11_standard(home, by)

    [renewal] = obligations(home, "DOLS-07")

    assert renewal.id == cadence_id(DOLS_07, granted.id, at(2026, 2, 3))
    assert (renewal.triggered_by, renewal.opened_at, renewal.due_at, renewal.met_at) == (
        granted.id,
        at(2026, 2, 3),
        at(2026, 3, 3),
        None,
    )
    statuses = [
        renewal.status(m) for m in (at(2026, 3, 2, 11, 59), at(2026, 3, 2, 12), at(2026, 3, 3), at(2026, 3, 3, 0, 1))
    ]
    assert statuses == [
        ObligationStatus.PENDING,
        ObligationStatus.DUE_SOON,
        ObligationStatus.DUE_SOON,
        ObligationStatus.OVERDUE,
    ]


@pytest.mark.parametrize(
    ("requested_at", "status"),
    [
        (at(2026, 2, 2, 23, 59), ObligationStatus.OVERDUE),  # before the window opened: not a renewal
        (at(2026, 2, 3), ObligationStatus.MET),
        (at(2026, 3, 3), ObligationStatus.MET),
        (at(2026, 3, 3, 0, 1), ObligationStatus.MET_LATE),
    ],
)
def test_the_renewal_request_is_made_in_the_28_days_before_expiry(
    home: Case, by: Actor, requested_at: datetime, status: ObligationStatus
) -> None:
    scenario_11_standard(home, by)
    request(home, by, requested_at)

    [renewal] = obligations(home, "DOLS-07")

    assert renewal.status(at(2026, 3, 10)) is status


def test_no_renewal_is_due_once_the_deprivation_has_ended(home: Case, by: Actor) -> None:
    home.grant_authorisation(standard(at(2025, 3, 3), at(2026, 3, 3)), by)
    home.record_use(deprived(at(2025, 3, 3), at(2026, 1, 20, 15)), by)

    assert obligations(home, "DOLS-07") == []


def test_no_renewal_is_due_for_a_standard_authorisation_ended_early(home: Case, by: Actor) -> None:
    granted = scenario_11_standard(home, by)
    home.end_authorisation(granted.id, at(2026, 1, 31), "Reviewed: no longer deprived of liberty", by)

    assert obligations(home, "DOLS-07") == []


# -------------------------------------------------------------------------------------------------- DOLS-08


@pytest.mark.parametrize(
    ("decided_at", "status"),
    [
        (None, ObligationStatus.OVERDUE),
        (sep(22, 14), ObligationStatus.MET),
        (sep(22, 14, 1), ObligationStatus.MET_LATE),
    ],
)
def test_the_supervisory_body_decides_within_21_days(
    home: Case, by: Actor, decided_at: datetime | None, status: ObligationStatus
) -> None:
    made = request(home, by, sep(1, 14))
    if decided_at is not None:
        home.decide_dols_request(made.id, DolsRequestOutcome.REFUSED, decided_at, by)

    [decision] = obligations(home, "DOLS-08")

    assert (decision.triggered_by, decision.opened_at, decision.due_at) == (made.id, sep(1, 14), sep(22, 14))
    assert decision.met_at == decided_at
    assert decision.status(sep(30)) is status


def test_the_decision_is_due_by_the_end_of_the_day_when_the_policy_says_so(home: Case, by: Actor) -> None:
    request(home, by, sep(1, 14))

    [decision] = obligations(home, "DOLS-08", BY_END_OF_DAY)

    assert decision.due_at == sep(23, 0)


def test_a_retracted_request_is_owed_no_decision(home: Case, by: Actor) -> None:
    made = request(home, by, sep(1, 14))
    home.retract_entry(made.id, "Duplicate", sep(1, 15), by)

    assert obligations(home, "DOLS-08") == []


# ------------------------------------------------------------------------------------------------- families


def test_the_family_derives_nothing_per_use_and_only_the_rules_the_policy_applies(home: Case, by: Actor) -> None:
    scenario_10(home, by, requested_at=None)
    none_of_them = CARE_HOME.tightened(rule_ids=frozenset())
    only_06 = CARE_HOME.tightened(rule_ids=frozenset({"DOLS-06"}))

    assert deprivation.per_use(home, CARE_HOME, None).findings == []
    assert deprivation.case_wide(home, none_of_them).findings == []
    assert {f.rule.id for f in deprivation.case_wide(home, only_06).findings} == {"DOLS-06"}
    assert {f.rule.id for f in deprivation.case_wide(home, CARE_HOME).findings} == {"DOLS-02", "DOLS-06"}
    assert {o.rule.id for o in deprivation.case_wide(home, CARE_HOME).obligations} == set()
