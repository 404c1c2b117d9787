"""The Case aggregate: the events its commands record, and the invariants that refuse a command."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from rpledger.domain import errors
from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.correction import (
    AuthorisationCorrection,
    DebriefCorrection,
    PersonCorrection,
    UseCorrection,
)
from rpledger.domain.values import (
    Actor,
    Authorisation,
    CarePlanRevision,
    Debrief,
    PersonDetails,
    Segment,
    Use,
    UseDetails,
)


def march(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


START_OF_MONTH = march(1, 0)
END_OF_MONTH = march(29, 0)


def use_of(*segments: Segment, details: UseDetails | None = None) -> Use:
    return Use(id=uuid4(), segments=segments, details=details or UseDetails())


def restraint(start: datetime, end: datetime | None) -> Use:
    return use_of(Segment(PracticeCode.PHYS_PRONE, start, end))


def authorisation(
    practices: tuple[PracticeCode, ...] = (PracticeCode.PHYS_PRONE,),
    valid_from: datetime = START_OF_MONTH,
    valid_until: datetime = END_OF_MONTH,
) -> Authorisation:
    return Authorisation(
        id=uuid4(),
        basis=AuthorisationBasis.MHA_DETENTION,
        practices=practices,
        valid_from=valid_from,
        valid_until=valid_until,
        granted_at=valid_from,
        granted_by="Dr R. Mensah, responsible clinician",
    )


def debrief(*use_ids: UUID, held_at: datetime, declined_reason: str | None = None) -> Debrief:
    return Debrief(
        id=uuid4(), use_ids=use_ids, kind=DebriefKind.WITH_PERSON, held_at=held_at, declined_reason=declined_reason
    )


def revision(version: int, revised_at: datetime, *triggered_by: UUID) -> CarePlanRevision:
    return CarePlanRevision(
        id=uuid4(), version=version, revised_at=revised_at, triggered_by=triggered_by, summary="Add early warning signs"
    )


def event_names(case: Case) -> list[str]:
    return [type(e).__name__ for e in case.collect_events()]


# ------------------------------------------------------------------------------------------------------- uses


def test_use_whose_last_segment_has_no_end_is_recorded_as_started(case: Case, by: Actor) -> None:
    use = use_of(Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)))

    case.record_use(use, by)

    [started] = case.collect_events()
    assert isinstance(started, Case.UseStarted)
    assert started.use == use
    assert started.occurred_at == march(3, 14, 30)
    assert case.uses[use.id].ended_at is None


def test_finished_use_is_recorded_as_recorded(case: Case, by: Actor) -> None:
    use = use_of(
        Segment(PracticeCode.PHYS_STANDING, march(3, 11, 2), march(3, 11, 4)),
        Segment(PracticeCode.PHYS_PRONE, march(3, 11, 4), march(3, 11, 15)),
    )

    case.record_use(use, by)

    [recorded] = case.collect_events()
    assert isinstance(recorded, Case.UseRecorded)
    assert recorded.use == use
    assert recorded.occurred_at == march(3, 11, 2)
    assert case.uses[use.id].ended_at == march(3, 11, 15)


def test_ending_a_started_use_ends_its_last_segment(case: Case, by: Actor) -> None:
    use = use_of(
        Segment(PracticeCode.PHYS_PRONE, march(3, 14, 0), march(3, 14, 20)),
        Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)),
    )
    case.record_use(use, by)
    case.collect_events()

    case.end_use(use.id, march(3, 18, 45), by)

    [ended] = case.collect_events()
    assert isinstance(ended, Case.UseEnded)
    assert ended.use_id == use.id
    assert ended.occurred_at == march(3, 18, 45)
    assert case.uses[use.id].segments[-1] == Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30), march(3, 18, 45))
    assert case.uses[use.id].segments[0].ended_at == march(3, 14, 20)


def test_use_with_no_segments_is_refused(case: Case, by: Actor) -> None:
    with pytest.raises(errors.NoSegmentsError) as refused:
        case.record_use(use_of(), by)

    assert (refused.value.field, refused.value.code) == ("segments", "NO_SEGMENTS")


def test_segment_ending_before_it_starts_is_refused(case: Case, by: Actor) -> None:
    use = use_of(
        Segment(PracticeCode.PHYS_STANDING, march(3, 11, 2), march(3, 11, 4)),
        Segment(PracticeCode.PHYS_PRONE, march(3, 11, 4), march(3, 11, 3)),
    )

    with pytest.raises(errors.SegmentEndsBeforeItStartsError) as refused:
        case.record_use(use, by)

    assert (refused.value.field, refused.value.code) == ("segments[1].ended_at", "END_BEFORE_START")


def test_open_segment_that_is_not_last_is_refused(case: Case, by: Actor) -> None:
    use = use_of(
        Segment(PracticeCode.PHYS_STANDING, march(3, 11, 2)),
        Segment(PracticeCode.PHYS_PRONE, march(3, 11, 4), march(3, 11, 15)),
    )

    with pytest.raises(errors.OpenSegmentNotLastError) as refused:
        case.record_use(use, by)

    assert (refused.value.field, refused.value.code) == ("segments[0].ended_at", "OPEN_SEGMENT_NOT_LAST")


def test_segments_out_of_order_are_refused(case: Case, by: Actor) -> None:
    use = use_of(
        Segment(PracticeCode.PHYS_STANDING, march(3, 11, 2), march(3, 11, 4)),
        Segment(PracticeCode.PHYS_PRONE, march(3, 11, 3), march(3, 11, 15)),
    )

    with pytest.raises(errors.SegmentsOutOfOrderError) as refused:
        case.record_use(use, by)

    assert (refused.value.field, refused.value.code) == ("segments[1].started_at", "SEGMENTS_OUT_OF_ORDER")


def test_segment_may_start_the_minute_the_previous_one_ends(case: Case, by: Actor) -> None:
    use = use_of(
        Segment(PracticeCode.PHYS_STANDING, march(3, 11, 2), march(3, 11, 4)),
        Segment(PracticeCode.PHYS_PRONE, march(3, 11, 4), march(3, 11, 15)),
    )

    case.record_use(use, by)

    assert case.uses[use.id].practices == (PracticeCode.PHYS_STANDING, PracticeCode.PHYS_PRONE)


def test_ending_a_use_before_its_last_segment_started_is_refused(case: Case, by: Actor) -> None:
    use = use_of(
        Segment(PracticeCode.PHYS_PRONE, march(3, 14, 0), march(3, 14, 20)),
        Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)),
    )
    case.record_use(use, by)

    with pytest.raises(errors.UseEndsBeforeItStartsError) as refused:
        case.end_use(use.id, march(3, 14, 25), by)

    assert (refused.value.field, refused.value.code) == ("ended_at", "END_BEFORE_START")


def test_ending_an_already_ended_use_is_refused(case: Case, by: Actor) -> None:
    use = use_of(Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)))
    case.record_use(use, by)
    case.end_use(use.id, march(3, 18, 45), by)

    with pytest.raises(errors.UseAlreadyEndedError) as refused:
        case.end_use(use.id, march(3, 19, 0), by)

    assert (refused.value.field, refused.value.code) == ("use_id", "USE_ALREADY_ENDED")
    assert case.uses[use.id].ended_at == march(3, 18, 45)


def test_ending_a_use_recorded_as_finished_is_refused(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    with pytest.raises(errors.UseAlreadyEndedError) as refused:
        case.end_use(use.id, march(3, 12, 0), by)

    assert (refused.value.field, refused.value.code) == ("use_id", "USE_ALREADY_ENDED")


def test_ending_an_unknown_use_is_refused(case: Case, by: Actor) -> None:
    with pytest.raises(errors.UnknownUseError) as refused:
        case.end_use(uuid4(), march(3, 12, 0), by)

    assert (refused.value.field, refused.value.code) == ("use_id", "UNKNOWN_USE")


def test_refused_command_records_no_event(case: Case, by: Actor) -> None:
    use = use_of(Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)))
    case.record_use(use, by)
    case.collect_events()

    with pytest.raises(errors.UseEndsBeforeItStartsError):
        case.end_use(use.id, march(3, 14, 0), by)

    assert case.collect_events() == []
    assert case.uses[use.id].ended_at is None


# --------------------------------------------------------------------------------------------------- debriefs


def test_held_debrief_is_recorded_as_held(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    case.collect_events()
    held = debrief(use.id, held_at=march(3, 15, 0))

    case.record_debrief(held, by)

    [event] = case.collect_events()
    assert isinstance(event, Case.DebriefHeld)
    assert event.debrief == held
    assert event.occurred_at == march(3, 15, 0)


def test_declined_debrief_is_recorded_as_declined(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    case.collect_events()
    declined = debrief(use.id, held_at=march(3, 15, 0), declined_reason="Did not wish to talk about it today")

    case.record_debrief(declined, by)

    [event] = case.collect_events()
    assert isinstance(event, Case.DebriefDeclined)
    assert event.debrief == declined
    assert case.debriefs[declined.id].was_held is False


def test_debrief_of_an_unknown_use_is_refused(case: Case, by: Actor) -> None:
    with pytest.raises(errors.UnknownUseError) as refused:
        case.record_debrief(debrief(uuid4(), held_at=march(3, 15, 0)), by)

    assert (refused.value.field, refused.value.code) == ("use_ids", "UNKNOWN_USE")


def test_debrief_of_a_use_not_yet_ended_is_refused(case: Case, by: Actor) -> None:
    use = use_of(Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)))
    case.record_use(use, by)

    with pytest.raises(errors.UseNotEndedError) as refused:
        case.record_debrief(debrief(use.id, held_at=march(3, 15, 0)), by)

    assert (refused.value.field, refused.value.code) == ("use_ids", "USE_NOT_ENDED")


def test_debrief_held_before_the_use_ended_is_refused(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    with pytest.raises(errors.DebriefBeforeUseEndedError) as refused:
        case.record_debrief(debrief(use.id, held_at=march(3, 11, 14)), by)

    assert (refused.value.field, refused.value.code) == ("held_at", "DEBRIEF_BEFORE_USE_ENDED")


def test_debrief_held_the_moment_the_use_ended_is_accepted(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    held = debrief(use.id, held_at=march(3, 11, 15))

    case.record_debrief(held, by)

    assert case.debriefs[held.id].held_at == march(3, 11, 15)


def test_debrief_naming_no_use_is_refused(case: Case, by: Actor) -> None:
    with pytest.raises(errors.NoUsesNamedError) as refused:
        case.record_debrief(debrief(held_at=march(3, 15, 0)), by)

    assert (refused.value.field, refused.value.code) == ("use_ids", "NO_USES")


# --------------------------------------------------------------------------------------------- authorisations


def test_granted_authorisation_is_recorded_at_its_grant_time(case: Case, by: Actor) -> None:
    granted = authorisation(valid_from=march(1, 9, 0))

    case.grant_authorisation(granted, by)

    [event] = case.collect_events()
    assert isinstance(event, Case.AuthorisationGranted)
    assert event.occurred_at == march(1, 9, 0)
    assert case.authorisations[granted.id] == granted


@pytest.mark.parametrize("valid_until", [march(1, 9, 0), march(1, 8, 59)], ids=["same-moment", "before"])
def test_authorisation_valid_for_no_time_is_refused(case: Case, by: Actor, valid_until: datetime) -> None:
    with pytest.raises(errors.AuthorisationValidForNoTimeError) as refused:
        case.grant_authorisation(authorisation(valid_from=march(1, 9, 0), valid_until=valid_until), by)

    assert (refused.value.field, refused.value.code) == ("valid_until", "VALID_FOR_NO_TIME")


def test_authorisation_with_no_practices_is_refused(case: Case, by: Actor) -> None:
    with pytest.raises(errors.NoPracticesError) as refused:
        case.grant_authorisation(authorisation(practices=()), by)

    assert (refused.value.field, refused.value.code) == ("practices", "NO_PRACTICES")


def test_ending_an_authorisation_records_when_and_why(case: Case, by: Actor) -> None:
    granted = authorisation()
    case.grant_authorisation(granted, by)
    case.collect_events()

    case.end_authorisation(granted.id, march(5, 10, 0), "Discharged from section 3", by)

    [event] = case.collect_events()
    assert isinstance(event, Case.AuthorisationEnded)
    assert (event.authorisation_id, event.occurred_at) == (granted.id, march(5, 10, 0))
    ended = case.authorisations[granted.id]
    assert (ended.ended_at, ended.end_reason) == (march(5, 10, 0), "Discharged from section 3")


def test_ending_an_unknown_authorisation_is_refused(case: Case, by: Actor) -> None:
    with pytest.raises(errors.UnknownAuthorisationError) as refused:
        case.end_authorisation(uuid4(), march(5, 10, 0), None, by)

    assert (refused.value.field, refused.value.code) == ("authorisation_id", "UNKNOWN_AUTHORISATION")


def test_ending_an_already_ended_authorisation_is_refused(case: Case, by: Actor) -> None:
    granted = authorisation()
    case.grant_authorisation(granted, by)
    case.end_authorisation(granted.id, march(5, 10, 0), None, by)

    with pytest.raises(errors.AuthorisationAlreadyEndedError) as refused:
        case.end_authorisation(granted.id, march(6, 10, 0), None, by)

    assert (refused.value.field, refused.value.code) == ("authorisation_id", "AUTHORISATION_ALREADY_ENDED")
    assert case.authorisations[granted.id].ended_at == march(5, 10, 0)


def test_ending_an_authorisation_before_it_was_granted_is_refused(case: Case, by: Actor) -> None:
    granted = authorisation(valid_from=march(3, 9, 0))
    case.grant_authorisation(granted, by)

    with pytest.raises(errors.AuthorisationEndedBeforeGrantError) as refused:
        case.end_authorisation(granted.id, march(3, 8, 0), None, by)

    assert (refused.value.field, refused.value.code) == ("ended_at", "END_BEFORE_START")


# ------------------------------------------------------------------------------------------------- care plan


def test_care_plan_revision_is_recorded_with_its_version(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    case.collect_events()
    revised = revision(4, march(4, 10, 0), use.id)

    case.revise_care_plan(revised, by)

    [event] = case.collect_events()
    assert isinstance(event, Case.CarePlanRevised)
    assert event.occurred_at == march(4, 10, 0)
    assert case.latest_care_plan_version == 4


def test_care_plan_version_zero_takes_the_next_version(case: Case, by: Actor) -> None:
    case.revise_care_plan(revision(3, march(1, 10, 0)), by)
    next_one = revision(0, march(4, 10, 0))

    case.revise_care_plan(next_one, by)

    assert case.care_plan_revisions[next_one.id].version == 4


@pytest.mark.parametrize("version", [3, 2], ids=["same", "lower"])
def test_care_plan_version_not_increasing_is_refused(case: Case, by: Actor, version: int) -> None:
    case.revise_care_plan(revision(3, march(1, 10, 0)), by)

    with pytest.raises(errors.CarePlanVersionNotIncreasingError) as refused:
        case.revise_care_plan(revision(version, march(4, 10, 0)), by)

    assert (refused.value.field, refused.value.code) == ("version", "VERSION_NOT_INCREASING")
    assert case.latest_care_plan_version == 3


def test_care_plan_revision_naming_an_unknown_use_is_refused(case: Case, by: Actor) -> None:
    with pytest.raises(errors.UnknownUseError) as refused:
        case.revise_care_plan(revision(1, march(4, 10, 0), uuid4()), by)

    assert (refused.value.field, refused.value.code) == ("triggered_by", "UNKNOWN_USE")


def test_care_plan_revision_before_the_use_ended_is_refused(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    with pytest.raises(errors.RevisionBeforeTriggerError) as refused:
        case.revise_care_plan(revision(1, march(3, 11, 10), use.id), by)

    assert (refused.value.field, refused.value.code) == ("revised_at", "REVISION_BEFORE_TRIGGER")


def test_revision_before_trigger_message_names_when_the_use_ended(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    with pytest.raises(errors.RevisionBeforeTriggerError) as refused:
        case.revise_care_plan(revision(1, march(3, 11, 10), use.id), by)

    assert "ended at 2025-03-03T11:15:00+00:00" in refused.value.message


# ---------------------------------------------------------------------------------------------- entry ids


def test_entry_with_an_id_already_used_in_the_case_is_refused(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    duplicate = Debrief(id=use.id, use_ids=(use.id,), kind=DebriefKind.WITH_PERSON, held_at=march(3, 15, 0))

    with pytest.raises(errors.DomainError) as refused:
        case.record_debrief(duplicate, by)

    assert refused.value.field == "id"
    assert case.debriefs == {}


def test_entry_with_the_case_id_is_refused(case: Case, by: Actor) -> None:
    clash = Use(
        id=case.id,
        segments=(Segment(PracticeCode.PHYS_PRONE, march(3, 11, 2), march(3, 11, 15)),),
        details=UseDetails(),
    )

    with pytest.raises(errors.DomainError) as refused:
        case.record_use(clash, by)

    assert refused.value.field == "id"


def test_entry_with_an_existing_id_raises_a_named_error_with_its_own_code(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    with pytest.raises(errors.DomainError) as refused:
        case.record_use(use, by)

    assert type(refused.value) is not errors.DomainError
    assert refused.value.code != errors.DomainError.code


# ------------------------------------------------------------------------------------------------ corrections


def test_correction_keeps_the_use_as_recorded(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    case.correct_entry(
        use.id, UseCorrection(de_escalation="Verbal de-escalation for 10 minutes"), "omitted", march(3, 14, 0), by
    )

    assert case.uses_as_recorded[use.id] == use


def test_correction_updates_the_corrected_view_of_the_use(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    case.correct_entry(
        use.id,
        UseCorrection(reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS, de_escalation="Verbal de-escalation"),
        "omitted at the time",
        march(3, 14, 0),
        by,
    )

    corrected = case.uses[use.id]
    assert corrected.details.reason is ReasonCode.PREVENT_VIOLENCE_TO_OTHERS
    assert corrected.details.de_escalation == "Verbal de-escalation"
    assert corrected.segments == use.segments


def test_correction_is_recorded_with_the_entry_and_the_reason(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    case.collect_events()
    correction = UseCorrection(place="Ward 7 lounge")

    case.correct_entry(use.id, correction, "wrong room", march(3, 14, 0), by)

    [event] = case.collect_events()
    assert isinstance(event, Case.EntryCorrected)
    assert (event.entry_id, event.correction, event.reason, event.occurred_at) == (
        use.id,
        correction,
        "wrong room",
        march(3, 14, 0),
    )


def test_corrections_take_effect_in_the_order_they_were_made(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    case.correct_entry(use.id, UseCorrection(place="Lounge"), "made at 16:00", march(3, 16, 0), by)

    case.correct_entry(use.id, UseCorrection(place="Corridor"), "made at 14:00, recorded later", march(3, 14, 0), by)

    assert case.uses[use.id].details.place == "Lounge"


def test_correction_of_a_started_use_survives_its_end(case: Case, by: Actor) -> None:
    use = use_of(Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)))
    case.record_use(use, by)
    case.correct_entry(use.id, UseCorrection(place="Seclusion room 2"), "room", march(3, 15, 0), by)

    case.end_use(use.id, march(3, 18, 45), by)

    assert case.uses[use.id].details.place == "Seclusion room 2"
    assert case.uses[use.id].ended_at == march(3, 18, 45)


def test_correction_of_a_debrief_keeps_it_as_recorded(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    held = debrief(use.id, held_at=march(3, 15, 0))
    case.record_debrief(held, by)

    case.correct_entry(held.id, DebriefCorrection(held_at=march(3, 13, 0)), "time mistyped", march(3, 16, 0), by)

    assert case.debriefs_as_recorded[held.id].held_at == march(3, 15, 0)
    assert case.debriefs[held.id].held_at == march(3, 13, 0)


def test_correction_of_an_ended_authorisation_keeps_its_end(case: Case, by: Actor) -> None:
    granted = authorisation()
    case.grant_authorisation(granted, by)
    case.end_authorisation(granted.id, march(5, 10, 0), None, by)

    case.correct_entry(
        granted.id, AuthorisationCorrection(basis=AuthorisationBasis.DOLS_URGENT), "wrong basis", march(5, 11, 0), by
    )

    corrected = case.authorisations[granted.id]
    assert (corrected.basis, corrected.ended_at) == (AuthorisationBasis.DOLS_URGENT, march(5, 10, 0))
    assert case.authorisations_as_recorded[granted.id].basis is AuthorisationBasis.MHA_DETENTION


def test_person_correction_updates_the_person_and_date_of_birth(case: Case, by: Actor) -> None:
    case.correct_entry(
        case.id,
        PersonCorrection(nhs_number="943 476 5919", date_of_birth=date(1990, 5, 17)),
        "from the spine",
        march(3, 9, 0),
        by,
    )

    assert case.person.nhs_number == "943 476 5919"
    assert case.date_of_birth == date(1990, 5, 17)
    assert case.person_as_recorded == PersonDetails()
    assert case.date_of_birth_as_recorded is None


def test_correction_of_an_entry_that_does_not_exist_is_refused(case: Case, by: Actor) -> None:
    with pytest.raises(errors.UnknownEntryError) as refused:
        case.correct_entry(uuid4(), UseCorrection(place="Lounge"), "typo", march(3, 14, 0), by)

    assert (refused.value.field, refused.value.code) == ("entry_id", "UNKNOWN_ENTRY")


def test_correction_of_the_wrong_kind_is_refused(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    with pytest.raises(errors.CorrectionKindMismatchError) as refused:
        case.correct_entry(use.id, DebriefCorrection(held_at=march(3, 15, 0)), "typo", march(3, 16, 0), by)

    assert (refused.value.field, refused.value.code) == ("debrief", "WRONG_CORRECTION_KIND")
    assert case.corrections == {}


def test_empty_correction_is_refused(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    with pytest.raises(errors.EmptyCorrectionError) as refused:
        case.correct_entry(use.id, UseCorrection(), "nothing", march(3, 14, 0), by)

    assert (refused.value.field, refused.value.code) == ("use", "EMPTY_CORRECTION")


@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "spaces"])
def test_correction_with_a_blank_reason_is_refused(case: Case, by: Actor, reason: str) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)

    with pytest.raises(errors.BlankValueError) as refused:
        case.correct_entry(use.id, UseCorrection(place="Lounge"), reason, march(3, 14, 0), by)

    assert (refused.value.field, refused.value.code) == ("reason", "BLANK")


def test_correction_that_would_put_segments_out_of_order_is_refused(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    out_of_order = (
        Segment(PracticeCode.PHYS_STANDING, march(3, 11, 2), march(3, 11, 6)),
        Segment(PracticeCode.PHYS_PRONE, march(3, 11, 4), march(3, 11, 15)),
    )

    with pytest.raises(errors.SegmentsOutOfOrderError) as refused:
        case.correct_entry(use.id, UseCorrection(segments=out_of_order), "types", march(3, 14, 0), by)

    assert (refused.value.field, refused.value.code) == ("segments[1].started_at", "SEGMENTS_OUT_OF_ORDER")
    assert case.uses[use.id] == use


def test_correction_that_would_reopen_an_ended_use_is_refused(case: Case, by: Actor) -> None:
    use = use_of(Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)))
    case.record_use(use, by)
    case.end_use(use.id, march(3, 18, 45), by)
    reopened = (
        Segment(PracticeCode.PHYS_PRONE, march(3, 14, 20), march(3, 14, 30)),
        Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)),
    )

    with pytest.raises(errors.OpenSegmentNotLastError) as refused:
        case.correct_entry(use.id, UseCorrection(segments=reopened), "restraint first", march(3, 19, 0), by)

    assert (refused.value.field, refused.value.code) == ("segments[1].ended_at", "OPEN_SEGMENT_NOT_LAST")


def test_correction_that_would_move_a_debrief_before_the_use_ended_is_refused(case: Case, by: Actor) -> None:
    use = restraint(march(3, 11, 2), march(3, 11, 15))
    case.record_use(use, by)
    held = debrief(use.id, held_at=march(3, 15, 0))
    case.record_debrief(held, by)

    with pytest.raises(errors.DebriefBeforeUseEndedError) as refused:
        case.correct_entry(held.id, DebriefCorrection(held_at=march(3, 11, 0)), "time", march(3, 16, 0), by)

    assert (refused.value.field, refused.value.code) == ("held_at", "DEBRIEF_BEFORE_USE_ENDED")


# --------------------------------------------------------------------------------------------------- replay


def test_replaying_the_events_rebuilds_the_corrected_view(by: Actor) -> None:
    case = Case.open("P-002", Setting.MENTAL_HEALTH_INPATIENT, "ward-7", None, PersonDetails(), march(3, 8, 0), by)
    use = use_of(Segment(PracticeCode.ISO_SECLUSION, march(3, 14, 30)))
    case.record_use(use, by)
    case.end_use(use.id, march(3, 18, 45), by)
    case.correct_entry(use.id, UseCorrection(place="Seclusion room 2"), "room", march(3, 19, 0), by)
    case.record_debrief(debrief(use.id, held_at=march(3, 19, 30), declined_reason="Asleep"), by)
    history = case.collect_events()

    replayed = None
    for past_event in history:
        replayed = past_event.mutate(replayed)

    assert isinstance(replayed, Case)
    assert replayed.uses == case.uses
    assert replayed.uses_as_recorded == case.uses_as_recorded
    assert replayed.debriefs == case.debriefs
    assert replayed.version == case.version
