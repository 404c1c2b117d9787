"""Obligation and finding status at a moment, and the compliance status of a case that follows from them.

The obligations here are DEB-01 debriefs for a restraint that ended Monday 3 March 2025 at 11:15: due 24 hours
later (Tuesday 11:15), due soon from 12 hours before that (Monday 23:15).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from rpledger.domain.obligation import (
    ComplianceStatus,
    Finding,
    Obligation,
    ObligationStatus,
    compliance_status,
)
from rpledger.domain.rules.catalogue import DEB_01, UOF_03

ENDED = datetime(2025, 3, 3, 11, 15, tzinfo=UTC)  # Monday 11:15
DUE = datetime(2025, 3, 4, 11, 15, tzinfo=UTC)  # Tuesday 11:15
DUE_SOON_FROM = datetime(2025, 3, 3, 23, 15, tzinfo=UTC)  # Monday 23:15
SECOND = timedelta(seconds=1)


def debrief_obligation(met_at: datetime | None = None) -> Obligation:
    return Obligation(
        id=uuid4(),
        rule=DEB_01,
        triggered_by=uuid4(),
        opened_at=ENDED,
        due_at=DUE,
        due_soon_from=DUE_SOON_FROM,
        met_at=met_at,
        met_by=None if met_at is None else uuid4(),
    )


def incomplete_record(at: datetime, resolved_at: datetime | None = None) -> Finding:
    return Finding(UOF_03, uuid4(), at, "missing s6(5)(o) the efforts made to avoid using force", resolved_at)


# ------------------------------------------------------------------------------------------------------ status


def test_obligation_is_pending_until_its_due_soon_horizon() -> None:
    obligation = debrief_obligation()

    assert obligation.status(datetime(2025, 3, 3, 23, 14, 59, tzinfo=UTC)) is ObligationStatus.PENDING


def test_obligation_is_due_soon_from_12_hours_before_it_is_due() -> None:
    obligation = debrief_obligation()

    assert obligation.status(datetime(2025, 3, 3, 23, 15, tzinfo=UTC)) is ObligationStatus.DUE_SOON


def test_obligation_is_still_due_soon_at_exactly_its_due_time() -> None:
    obligation = debrief_obligation()

    assert obligation.status(datetime(2025, 3, 4, 11, 15, tzinfo=UTC)) is ObligationStatus.DUE_SOON


def test_obligation_is_overdue_once_its_due_time_has_passed() -> None:
    obligation = debrief_obligation()

    assert obligation.status(datetime(2025, 3, 4, 11, 15, 1, tzinfo=UTC)) is ObligationStatus.OVERDUE


def test_obligation_met_at_exactly_its_due_time_is_met() -> None:
    obligation = debrief_obligation(met_at=DUE)

    assert obligation.status(datetime(2025, 3, 5, 9, 0, tzinfo=UTC)) is ObligationStatus.MET


def test_obligation_met_before_its_due_time_is_met() -> None:
    obligation = debrief_obligation(met_at=datetime(2025, 3, 3, 15, 0, tzinfo=UTC))

    assert obligation.status(datetime(2025, 3, 3, 15, 0, tzinfo=UTC)) is ObligationStatus.MET


def test_obligation_met_after_its_due_time_is_met_late() -> None:
    obligation = debrief_obligation(met_at=DUE + SECOND)

    assert obligation.status(datetime(2025, 3, 5, 9, 0, tzinfo=UTC)) is ObligationStatus.MET_LATE


def test_obligation_is_open_until_the_moment_it_is_met() -> None:
    obligation = debrief_obligation(met_at=datetime(2025, 3, 4, 12, 0, tzinfo=UTC))

    assert obligation.status(datetime(2025, 3, 4, 11, 59, tzinfo=UTC)) is ObligationStatus.OVERDUE


def test_obligation_does_not_exist_before_it_opens() -> None:
    obligation = debrief_obligation()

    assert obligation.exists_at(ENDED - SECOND) is False
    assert obligation.exists_at(ENDED) is True


# ---------------------------------------------------------------------------------------------- time to review


def test_time_to_review_of_a_met_obligation_runs_from_opening_to_meeting() -> None:
    obligation = debrief_obligation(met_at=datetime(2025, 3, 3, 15, 0, tzinfo=UTC))

    seconds = obligation.time_to_review_seconds(datetime(2025, 3, 6, 9, 0, tzinfo=UTC))

    assert seconds == 3 * 3600 + 45 * 60


def test_time_to_review_of_an_open_obligation_is_the_time_left_until_due() -> None:
    obligation = debrief_obligation()

    seconds = obligation.time_to_review_seconds(datetime(2025, 3, 4, 9, 15, tzinfo=UTC))

    assert seconds == 2 * 3600


def test_time_to_review_of_an_overdue_obligation_is_negative() -> None:
    obligation = debrief_obligation()

    seconds = obligation.time_to_review_seconds(datetime(2025, 3, 4, 12, 45, tzinfo=UTC))

    assert seconds == -90 * 60


def test_time_to_review_before_the_meeting_is_the_time_left_until_due() -> None:
    obligation = debrief_obligation(met_at=datetime(2025, 3, 4, 10, 0, tzinfo=UTC))

    seconds = obligation.time_to_review_seconds(datetime(2025, 3, 4, 9, 0, tzinfo=UTC))

    assert seconds == 2 * 3600 + 15 * 60


# ------------------------------------------------------------------------------------------------------ findings


def test_finding_is_not_open_before_it_arises() -> None:
    finding = incomplete_record(ENDED)

    assert finding.open_at(ENDED - SECOND) is False


def test_finding_is_open_from_when_it_arises() -> None:
    finding = incomplete_record(ENDED)

    assert finding.open_at(ENDED) is True


def test_unresolved_finding_stays_open() -> None:
    finding = incomplete_record(ENDED)

    assert finding.open_at(datetime(2026, 3, 3, 11, 15, tzinfo=UTC)) is True


def test_finding_is_open_until_just_before_it_is_resolved() -> None:
    resolved_at = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
    finding = incomplete_record(ENDED, resolved_at)

    assert finding.open_at(resolved_at - SECOND) is True


def test_finding_is_closed_from_the_moment_it_is_resolved() -> None:
    resolved_at = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
    finding = incomplete_record(ENDED, resolved_at)

    assert finding.open_at(resolved_at) is False


# -------------------------------------------------------------------------------------------------- compliance


def test_case_with_an_overdue_obligation_is_non_compliant() -> None:
    moment = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)

    status = compliance_status([debrief_obligation()], [], moment)

    assert status is ComplianceStatus.NON_COMPLIANT


def test_case_with_an_open_finding_is_non_compliant() -> None:
    moment = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)

    status = compliance_status([debrief_obligation()], [incomplete_record(ENDED)], moment)

    assert status is ComplianceStatus.NON_COMPLIANT


def test_case_with_an_obligation_due_soon_needs_attention() -> None:
    moment = datetime(2025, 3, 4, 0, 0, tzinfo=UTC)

    status = compliance_status([debrief_obligation()], [], moment)

    assert status is ComplianceStatus.ATTENTION


def test_overdue_obligation_outweighs_one_due_soon() -> None:
    due_soon = replace(debrief_obligation(), due_at=DUE + timedelta(hours=1), due_soon_from=DUE_SOON_FROM)
    moment = datetime(2025, 3, 4, 11, 30, tzinfo=UTC)

    status = compliance_status([due_soon, debrief_obligation()], [], moment)

    assert status is ComplianceStatus.NON_COMPLIANT


def test_case_with_only_pending_and_met_obligations_is_compliant() -> None:
    met_late = debrief_obligation(met_at=DUE + timedelta(hours=2))
    pending = replace(debrief_obligation(), due_at=DUE + timedelta(days=6), due_soon_from=DUE + timedelta(days=5))
    moment = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)

    status = compliance_status([met_late, pending], [], moment)

    assert status is ComplianceStatus.COMPLIANT


def test_case_whose_finding_was_resolved_is_compliant() -> None:
    finding = incomplete_record(ENDED, resolved_at=datetime(2025, 3, 3, 14, 0, tzinfo=UTC))

    status = compliance_status([], [finding], datetime(2025, 3, 3, 14, 0, tzinfo=UTC))

    assert status is ComplianceStatus.COMPLIANT


def test_obligation_not_yet_open_does_not_count() -> None:
    # A six-hour window with a 12-hour horizon is "due soon" from before the use even ended.
    short = replace(
        debrief_obligation(), due_at=ENDED + timedelta(hours=6), due_soon_from=ENDED + timedelta(hours=6 - 12)
    )

    status = compliance_status([short], [], datetime(2025, 3, 3, 10, 0, tzinfo=UTC))

    assert status is ComplianceStatus.COMPLIANT
