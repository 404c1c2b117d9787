"""The compliance rules, run through ``evaluate(case, policy)`` on a case built by its commands.

Most uses here are the restraint of regulatory-reference.md scenario 7: standing from Monday 3 March 2025 11:02,
prone from 11:04, ended 11:15.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.correction import PersonCorrection, UseCorrection
from rpledger.domain.obligation import Finding, Obligation, ObligationStatus
from rpledger.domain.policy import DEFAULT_POLICIES, Policy
from rpledger.domain.rules import evaluate
from rpledger.domain.rules.catalogue import UOF_03
from rpledger.domain.values import (
    Actor,
    Authorisation,
    CarePlanRevision,
    Debrief,
    NonStaffParticipant,
    PersonDetails,
    Segment,
    StaffMember,
    Use,
    UseDetails,
)

MH_UNIT = DEFAULT_POLICIES[Setting.MENTAL_HEALTH_INPATIENT]
SOCIAL_CARE = DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE]


def march(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


SATURDAY_BEFORE = march(1, 9)

COMPLETE_DETAILS = UseDetails(
    reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS,
    place="Ward 7 day room",
    description="Held standing by two staff, then taken to the floor prone",
    staff=(StaffMember("Sam Lee", "Staff nurse"), StaffMember("Jo Patel", "Healthcare assistant")),
    non_staff=(),
    de_escalation="Offered time in the quiet room; verbal de-escalation for 10 minutes",
    outcome="Calmed after release; no further incident that shift",
    died_or_seriously_injured=False,
    in_care_plan=True,
    care_plan_contacts_notified=True,
)

COMPLETE_PERSON = PersonDetails(
    name="Alex Morgan",
    nhs_number="943 476 5919",
    mental_disorder="Schizophrenia",
    relevant_characteristics="Not known",
    learning_disability_or_autism=False,
)

# Scenario 7: no efforts to avoid force recorded, and staff named without job titles.
SCENARIO_7_DETAILS = replace(
    COMPLETE_DETAILS, de_escalation=None, staff=(StaffMember("Sam Lee"), StaffMember("Jo Patel"))
)
SCENARIO_7_MISSING = (
    "missing s6(5)(h) the name and job title of each member of staff; s6(5)(o) the efforts made to avoid using force"
)


def restraint(details: UseDetails = COMPLETE_DETAILS) -> Use:
    return Use(
        id=uuid4(),
        segments=(
            Segment(PracticeCode.PHYS_STANDING, march(3, 11, 2), march(3, 11, 4)),
            Segment(PracticeCode.PHYS_PRONE, march(3, 11, 4), march(3, 11, 15)),
        ),
        details=details,
    )


def single(practice: PracticeCode, details: UseDetails = COMPLETE_DETAILS) -> Use:
    return Use(id=uuid4(), segments=(Segment(practice, march(3, 11, 2), march(3, 11, 15)),), details=details)


def authorisation(
    practices: tuple[PracticeCode, ...] = (PracticeCode.PHYS_STANDING, PracticeCode.PHYS_PRONE),
    valid_from: datetime = SATURDAY_BEFORE,
    granted_at: datetime | None = None,
) -> Authorisation:
    return Authorisation(
        id=uuid4(),
        basis=AuthorisationBasis.MHA_DETENTION,
        practices=practices,
        valid_from=valid_from,
        valid_until=march(29, 9),
        granted_at=granted_at or valid_from,
        granted_by="Dr R. Mensah, responsible clinician",
    )


def debrief(use: Use, kind: DebriefKind, held_at: datetime, declined_reason: str | None = None) -> Debrief:
    return Debrief(id=uuid4(), use_ids=(use.id,), kind=kind, held_at=held_at, declined_reason=declined_reason)


def rule_obligations(case: Case, policy: Policy, rule_id: str) -> list[Obligation]:
    return [o for o in evaluate(case, policy).obligations if o.rule.id == rule_id]


def rule_findings(case: Case, policy: Policy, rule_id: str) -> list[Finding]:
    return [f for f in evaluate(case, policy).findings if f.rule.id == rule_id]


@pytest.fixture
def mh_case(open_case: Callable[..., Case]) -> Case:
    return open_case(person=COMPLETE_PERSON)


# ------------------------------------------------------------------------------------------------------ AUTH-01


def test_use_with_no_authorisation_is_a_finding_from_its_start(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)

    [finding] = rule_findings(mh_case, MH_UNIT, "AUTH-01")

    assert (finding.subject, finding.at, finding.resolved_at) == (use.id, march(3, 11, 2), None)
    assert finding.detail == (
        "not covered by a valid authorisation: PHYS.STANDING from 2025-03-03T11:02:00+00:00, "
        "PHYS.PRONE from 2025-03-03T11:04:00+00:00"
    )


def test_use_covered_by_an_authorisation_gives_no_finding(mh_case: Case, by: Actor) -> None:
    mh_case.grant_authorisation(authorisation(), by)
    mh_case.record_use(restraint(), by)

    assert rule_findings(mh_case, MH_UNIT, "AUTH-01") == []


def test_authorisation_granted_after_the_use_started_does_not_cover_it(mh_case: Case, by: Actor) -> None:
    mh_case.grant_authorisation(authorisation(valid_from=march(1, 9), granted_at=march(3, 12, 0)), by)
    use = restraint()
    mh_case.record_use(use, by)

    [finding] = rule_findings(mh_case, MH_UNIT, "AUTH-01")

    assert (finding.subject, finding.at) == (use.id, march(3, 11, 2))


def test_authorisation_granted_the_minute_the_use_started_covers_it(mh_case: Case, by: Actor) -> None:
    mh_case.grant_authorisation(authorisation(valid_from=march(3, 11, 2)), by)
    mh_case.record_use(restraint(), by)

    assert rule_findings(mh_case, MH_UNIT, "AUTH-01") == []


def test_ended_authorisation_does_not_cover_later_uses(mh_case: Case, by: Actor) -> None:
    granted = authorisation(valid_from=march(1, 9))
    mh_case.grant_authorisation(granted, by)
    mh_case.end_authorisation(granted.id, march(3, 11, 0), "Section 3 discharged", by)
    use = restraint()
    mh_case.record_use(use, by)

    [finding] = rule_findings(mh_case, MH_UNIT, "AUTH-01")

    assert (finding.subject, finding.at) == (use.id, march(3, 11, 2))


def test_ending_an_authorisation_leaves_earlier_uses_covered(mh_case: Case, by: Actor) -> None:
    granted = authorisation(valid_from=march(1, 9))
    mh_case.grant_authorisation(granted, by)
    mh_case.record_use(restraint(), by)

    mh_case.end_authorisation(granted.id, march(3, 12, 0), "Section 3 discharged", by)

    assert rule_findings(mh_case, MH_UNIT, "AUTH-01") == []


def test_authorisation_does_not_cover_a_practice_it_does_not_name(mh_case: Case, by: Actor) -> None:
    mh_case.grant_authorisation(authorisation(practices=(PracticeCode.PHYS_STANDING,)), by)
    use = restraint()
    mh_case.record_use(use, by)

    [finding] = rule_findings(mh_case, MH_UNIT, "AUTH-01")

    assert (finding.subject, finding.at) == (use.id, march(3, 11, 4))
    assert finding.detail == "not covered by a valid authorisation: PHYS.PRONE from 2025-03-03T11:04:00+00:00"


# ------------------------------------------------------------------------------------------------------ DEB-01


def test_debrief_with_the_person_is_due_24_hours_after_the_use_ends(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-01")

    assert (obligation.triggered_by, obligation.opened_at, obligation.due_at) == (
        use.id,
        march(3, 11, 15),
        march(4, 11, 15),
    )
    assert obligation.status(march(3, 20, 0)) is ObligationStatus.PENDING
    assert obligation.status(march(4, 11, 16)) is ObligationStatus.OVERDUE


def test_use_still_going_on_has_no_debrief_obligation_yet(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(Use(uuid4(), (Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)),), COMPLETE_DETAILS), by)

    assert rule_obligations(mh_case, MH_UNIT, "DEB-01") == []


def test_debrief_obligation_opens_when_a_started_use_is_ended(mh_case: Case, by: Actor) -> None:
    use = Use(uuid4(), (Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)),), COMPLETE_DETAILS)
    mh_case.record_use(use, by)

    mh_case.end_use(use.id, march(3, 18, 45), by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-01")
    assert (obligation.opened_at, obligation.due_at) == (march(3, 18, 45), march(4, 18, 45))


def test_debrief_held_on_time_meets_it(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)
    held = debrief(use, DebriefKind.WITH_PERSON, march(4, 11, 15))
    mh_case.record_debrief(held, by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-01")

    assert (obligation.met_at, obligation.met_by) == (march(4, 11, 15), held.id)
    assert obligation.status(march(5, 9, 0)) is ObligationStatus.MET


def test_debrief_held_late_meets_it_late(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_PERSON, march(4, 11, 16)), by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-01")

    assert obligation.met_at == march(4, 11, 16)
    assert obligation.status(march(5, 9, 0)) is ObligationStatus.MET_LATE


def test_debrief_declined_with_a_reason_meets_it(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)
    declined = debrief(use, DebriefKind.WITH_PERSON, march(3, 15, 0), declined_reason="Did not want to talk today")
    mh_case.record_debrief(declined, by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-01")

    assert (obligation.met_at, obligation.met_by) == (march(3, 15, 0), declined.id)
    assert obligation.status(march(3, 15, 0)) is ObligationStatus.MET


def test_staff_debrief_does_not_meet_the_debrief_with_the_person(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_STAFF, march(3, 15, 0)), by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-01")

    assert obligation.met_at is None
    assert obligation.status(march(4, 11, 16)) is ObligationStatus.OVERDUE


def test_earliest_debrief_meets_it(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)
    first = debrief(use, DebriefKind.WITH_PERSON, march(3, 15, 0), declined_reason="Too distressed")
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_PERSON, march(4, 10, 0)), by)
    mh_case.record_debrief(first, by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-01")

    assert (obligation.met_at, obligation.met_by) == (march(3, 15, 0), first.id)


def test_tightened_policy_moves_the_debrief_due_time(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(restraint(), by)
    same_shift = MH_UNIT.tightened(debrief_with_person_within=timedelta(hours=12))

    [obligation] = rule_obligations(mh_case, same_shift, "DEB-01")

    assert obligation.due_at == march(3, 23, 15)
    assert obligation.status(march(3, 11, 15)) is ObligationStatus.DUE_SOON


def test_debrief_applies_in_adult_social_care(open_case: Callable[..., Case], by: Actor) -> None:
    case = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    case.record_use(single(PracticeCode.PHYS_SEATED), by)

    [obligation] = rule_obligations(case, SOCIAL_CARE, "DEB-01")

    assert obligation.due_at == march(4, 11, 15)


# ------------------------------------------------------------------------------------------------------ DEB-02


def test_post_incident_review_is_due_72_hours_after_restraint_ends(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-02")

    assert (obligation.triggered_by, obligation.opened_at, obligation.due_at) == (
        use.id,
        march(3, 11, 15),
        march(6, 11, 15),
    )


@pytest.mark.parametrize(
    "practice", [PracticeCode.PHYS_SEATED, PracticeCode.CHEM_INJ_RT, PracticeCode.ISO_SECLUSION], ids=lambda p: p.value
)
def test_post_incident_review_follows_restraint_rapid_tranquillisation_or_seclusion(
    mh_case: Case, by: Actor, practice: PracticeCode
) -> None:
    use = single(practice)
    mh_case.record_use(use, by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-02")

    assert (obligation.triggered_by, obligation.due_at) == (use.id, march(6, 11, 15))


@pytest.mark.parametrize(
    "practice",
    [PracticeCode.CHEM_INJ_NONRT, PracticeCode.CHEM_ORAL, PracticeCode.ISO_SEGREGATION, PracticeCode.OBS_ENHANCED],
    ids=lambda p: p.value,
)
def test_no_post_incident_review_after_other_practices(mh_case: Case, by: Actor, practice: PracticeCode) -> None:
    mh_case.record_use(single(practice), by)

    assert rule_obligations(mh_case, MH_UNIT, "DEB-02") == []


def test_post_incident_review_held_meets_it(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)
    review = debrief(use, DebriefKind.POST_INCIDENT_REVIEW, march(5, 14, 0))
    mh_case.record_debrief(review, by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-02")

    assert (obligation.met_at, obligation.met_by) == (march(5, 14, 0), review.id)
    assert obligation.status(march(7, 9, 0)) is ObligationStatus.MET


def test_declined_post_incident_review_does_not_meet_it(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)
    mh_case.record_debrief(
        debrief(use, DebriefKind.POST_INCIDENT_REVIEW, march(5, 14, 0), declined_reason="Reviewer unavailable"), by
    )

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-02")

    assert obligation.met_at is None
    assert obligation.status(march(6, 11, 16)) is ObligationStatus.OVERDUE


def test_debrief_with_the_person_does_not_meet_the_post_incident_review(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)
    mh_case.record_debrief(debrief(use, DebriefKind.WITH_PERSON, march(3, 15, 0)), by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "DEB-02")

    assert obligation.met_at is None


def test_no_post_incident_review_in_adult_social_care(open_case: Callable[..., Case], by: Actor) -> None:
    case = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    case.record_use(single(PracticeCode.PHYS_SEATED), by)

    assert rule_obligations(case, SOCIAL_CARE, "DEB-02") == []


# ------------------------------------------------------------------------------------------------------- CP-01


def revision(revised_at: datetime, *triggered_by: UUID) -> CarePlanRevision:
    return CarePlanRevision(
        id=uuid4(), version=0, revised_at=revised_at, triggered_by=triggered_by, summary="Add early warning signs"
    )


def test_care_plan_revision_is_due_7_days_after_the_use_ends(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "CP-01")

    assert (obligation.triggered_by, obligation.opened_at, obligation.due_at) == (
        use.id,
        march(3, 11, 15),
        march(10, 11, 15),
    )


def test_revision_naming_the_use_meets_it(mh_case: Case, by: Actor) -> None:
    use = restraint()
    mh_case.record_use(use, by)
    revised = revision(march(6, 16, 0), use.id)
    mh_case.revise_care_plan(revised, by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "CP-01")

    assert (obligation.met_at, obligation.met_by) == (march(6, 16, 0), revised.id)
    assert obligation.status(march(11, 9, 0)) is ObligationStatus.MET


def test_revision_not_naming_the_use_does_not_meet_it(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(restraint(), by)
    mh_case.revise_care_plan(revision(march(6, 16, 0)), by)

    [obligation] = rule_obligations(mh_case, MH_UNIT, "CP-01")

    assert obligation.met_at is None
    assert obligation.status(march(10, 11, 16)) is ObligationStatus.OVERDUE


# ------------------------------------------------------------------------------------------------------ UOF-03


def test_incomplete_use_of_force_record_is_a_finding_from_the_use_end(mh_case: Case, by: Actor) -> None:
    use = restraint(SCENARIO_7_DETAILS)
    mh_case.record_use(use, by)

    findings = rule_findings(mh_case, MH_UNIT, "UOF-03")

    assert findings == [Finding(UOF_03, use.id, march(3, 11, 15), SCENARIO_7_MISSING)]


def test_complete_use_of_force_record_gives_no_finding(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(restraint(), by)

    assert rule_findings(mh_case, MH_UNIT, "UOF-03") == []


def test_missing_person_details_are_listed(open_case: Callable[..., Case], by: Actor) -> None:
    case = open_case(person=replace(COMPLETE_PERSON, nhs_number=None, learning_disability_or_autism=None))
    case.record_use(restraint(), by)

    [finding] = rule_findings(case, MH_UNIT, "UOF-03")

    assert finding.detail == (
        "missing s6(5)(g) the patient's NHS number; s6(5)(l) whether the patient has a learning disability or autism"
    )


def test_reason_other_without_detail_is_missing_the_reason(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(restraint(replace(COMPLETE_DETAILS, reason=ReasonCode.OTHER)), by)

    [finding] = rule_findings(mh_case, MH_UNIT, "UOF-03")

    assert finding.detail == "missing s6(5)(a) the reason for the use of force"


def test_non_staff_without_a_reason_is_missing_why_they_took_part(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(restraint(replace(COMPLETE_DETAILS, non_staff=(NonStaffParticipant("PC Shah"),))), by)

    [finding] = rule_findings(mh_case, MH_UNIT, "UOF-03")

    assert finding.detail == "missing s6(5)(i) why any person other than staff took part"


def test_correction_supplying_every_missing_item_resolves_the_finding_when_made(mh_case: Case, by: Actor) -> None:
    use = restraint(SCENARIO_7_DETAILS)
    mh_case.record_use(use, by)

    mh_case.correct_entry(
        use.id,
        UseCorrection(de_escalation="Verbal de-escalation", staff=COMPLETE_DETAILS.staff),
        "completed the record",
        march(3, 14, 0),
        by,
    )

    findings = rule_findings(mh_case, MH_UNIT, "UOF-03")
    assert findings == [Finding(UOF_03, use.id, march(3, 11, 15), SCENARIO_7_MISSING, resolved_at=march(3, 14, 0))]


def test_partial_correction_opens_a_new_finding_listing_what_is_still_missing(mh_case: Case, by: Actor) -> None:
    use = restraint(SCENARIO_7_DETAILS)
    mh_case.record_use(use, by)

    mh_case.correct_entry(use.id, UseCorrection(de_escalation="Verbal de-escalation"), "added", march(3, 14, 0), by)

    findings = rule_findings(mh_case, MH_UNIT, "UOF-03")
    assert findings == [
        Finding(UOF_03, use.id, march(3, 11, 15), SCENARIO_7_MISSING, resolved_at=march(3, 14, 0)),
        Finding(UOF_03, use.id, march(3, 14, 0), "missing s6(5)(h) the name and job title of each member of staff"),
    ]


def test_correction_that_changes_nothing_missing_leaves_the_finding_as_it_was(mh_case: Case, by: Actor) -> None:
    use = restraint(SCENARIO_7_DETAILS)
    mh_case.record_use(use, by)

    mh_case.correct_entry(use.id, UseCorrection(place="Corridor"), "wrong room", march(3, 14, 0), by)

    findings = rule_findings(mh_case, MH_UNIT, "UOF-03")
    assert findings == [Finding(UOF_03, use.id, march(3, 11, 15), SCENARIO_7_MISSING)]


def test_person_correction_supplying_the_missing_item_resolves_the_finding(
    open_case: Callable[..., Case], by: Actor
) -> None:
    case = open_case(person=replace(COMPLETE_PERSON, nhs_number=None))
    use = restraint()
    case.record_use(use, by)

    case.correct_entry(case.id, PersonCorrection(nhs_number="943 476 5919"), "from the spine", march(4, 9, 0), by)

    [finding] = rule_findings(case, MH_UNIT, "UOF-03")
    assert (finding.at, finding.resolved_at) == (march(3, 11, 15), march(4, 9, 0))


def test_correction_made_before_the_use_ended_counts_from_the_end(mh_case: Case, by: Actor) -> None:
    use = Use(uuid4(), (Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)),), SCENARIO_7_DETAILS)
    mh_case.record_use(use, by)
    mh_case.correct_entry(
        use.id,
        UseCorrection(de_escalation="Verbal de-escalation", staff=COMPLETE_DETAILS.staff),
        "completed while in seclusion",
        march(3, 15, 0),
        by,
    )

    mh_case.end_use(use.id, march(3, 18, 45), by)

    assert rule_findings(mh_case, MH_UNIT, "UOF-03") == []


def test_use_still_going_on_has_no_record_finding(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(Use(uuid4(), (Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)),), UseDetails()), by)

    assert rule_findings(mh_case, MH_UNIT, "UOF-03") == []


def test_use_of_force_record_is_not_required_in_adult_social_care(open_case: Callable[..., Case], by: Actor) -> None:
    case = open_case(setting=Setting.ADULT_SOCIAL_CARE)
    case.record_use(single(PracticeCode.PHYS_SEATED, UseDetails()), by)

    assert rule_findings(case, SOCIAL_CARE, "UOF-03") == []


def test_use_of_force_record_is_not_required_for_enhanced_observation(mh_case: Case, by: Actor) -> None:
    mh_case.record_use(single(PracticeCode.OBS_ENHANCED, UseDetails()), by)

    assert rule_findings(mh_case, MH_UNIT, "UOF-03") == []


# ------------------------------------------------------------------------------------------------- evaluate


def test_evaluate_orders_obligations_by_when_they_open_then_when_due(mh_case: Case, by: Actor) -> None:
    mh_case.grant_authorisation(authorisation(), by)
    mh_case.record_use(restraint(), by)

    obligations = evaluate(mh_case, MH_UNIT).obligations

    assert [(o.rule.id, o.due_at) for o in obligations] == [
        ("RES-04", march(3, 12, 15)),
        ("DEB-01", march(4, 11, 15)),
        ("DEB-02", march(6, 11, 15)),
        ("CP-01", march(10, 11, 15)),
    ]
