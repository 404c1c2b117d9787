"""Mutation inputs of a case and its main entries (opening it, authorisations, uses, debriefs, care-plan revisions,
corrections and retractions), and their translation into the application's values; the inputs of the records kept
beside them (reviews, observations, DoLS, stays, notifications, departures) are in ``record_inputs``. Problems found
while translating are collected as ``UserError``s so that nothing is written."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from rpledger.application import vocabulary as v
from rpledger.graphql.enums import (
    AuthorisationBasis,
    DebriefKind,
    PracticeCode,
    ReasonCode,
    Setting,
    StaffRole,
)
from rpledger.graphql.errors import InputErrors


@strawberry.input(description="What the Use of Force Act record needs about the person; give what is known")
class PersonDetailsInput:
    name: str | None = None
    nhs_number: str | None = None
    mental_disorder: str | None = strawberry.field(default=None, description='The diagnosis, or "not known"')
    relevant_characteristics: str | None = strawberry.field(
        default=None, description='Equality Act protected characteristics, or "not known"'
    )
    learning_disability_or_autism: bool | None = None


@strawberry.input
class OpenCaseInput:
    person_ref: str = strawberry.field(description="The provider's reference for the person (one case per person)")
    setting: Setting
    location_id: str
    date_of_birth: date | None = None
    opened_at: datetime | None = strawberry.field(default=None, description="Defaults to now")
    person: PersonDetailsInput | None = None


@strawberry.input
class GrantAuthorisationInput:
    case_id: strawberry.ID
    basis: AuthorisationBasis
    practices: list[PracticeCode]
    valid_from: datetime
    valid_until: datetime = strawberry.field(description="Exclusive: the authorisation no longer covers this moment")
    granted_by: str = strawberry.field(description="Who granted it, with their role")
    granted_at: datetime | None = strawberry.field(default=None, description="Defaults to validFrom")
    conditions: str | None = None
    place: str | None = strawberry.field(default=None, description="The hospital or care home (DoLS-05)")
    purpose: str | None = strawberry.field(default=None, description="What the deprivation of liberty is for (DoLS-05)")
    qualifying_requirements: str | None = strawberry.field(
        default=None, description="Why each qualifying requirement is met (DoLS-05)"
    )


@strawberry.input
class EndAuthorisationInput:
    case_id: strawberry.ID
    authorisation_id: strawberry.ID
    ended_at: datetime
    reason: str | None = None


@strawberry.input
class SegmentInput:
    practice: PracticeCode
    started_at: datetime
    ended_at: datetime | None = strawberry.field(
        default=None, description="Leave out on the last segment of a use still going on (seclusion, segregation)"
    )


@strawberry.input
class StaffInput:
    name: str
    job_title: str | None = None


@strawberry.input
class NonStaffInput:
    name: str
    reason: str | None = strawberry.field(default=None, description="Why they took part")


@strawberry.input
class InjuriesInput:
    patient: bool | None = None
    staff: bool | None = None
    other_person: bool | None = None


@strawberry.input(description="Who decided on seclusion or segregation, in what role, and when they assessed the "
                  "person face to face (leave out when they did not)")
class DecisionInput:
    name: str
    role: StaffRole
    assessed_at: datetime | None = None


@strawberry.input(description="The Use of Force Act s6(5) items; any left out are listed by the UOF-03 finding")
class UseFactsInput:
    reason: ReasonCode | None = None
    reason_detail: str | None = None
    place: str | None = None
    description: str | None = strawberry.field(default=None, description="How force was used")
    staff: list[StaffInput] | None = None
    non_staff: list[NonStaffInput] | None = strawberry.field(
        default=None, description="People other than staff who took part; an empty list says there were none"
    )
    de_escalation: str | None = strawberry.field(default=None, description="Efforts made to avoid using force")
    injuries: InjuriesInput | None = None
    outcome: str | None = None
    died_or_seriously_injured: bool | None = None
    in_care_plan: bool | None = None
    care_plan_contacts_notified: bool | None = None
    prone_reason: str | None = strawberry.field(default=None, description="The cogent reason for prone restraint")
    floor_reason: str | None = strawberry.field(default=None, description="Why going to the floor was unavoidable")
    decided_by: DecisionInput | None = strawberry.field(default=None, description="For seclusion or segregation")
    long_term_segregation: bool | None = strawberry.field(
        default=None, description="Segregation that is long-term (a local flag; MHSDS has one code); false if left out"
    )
    necessity: str | None = strawberry.field(
        default=None, description="Restraint under the Mental Capacity Act: why it was necessary to prevent harm"
    )
    proportionality: str | None = strawberry.field(
        default=None, description="Restraint under the Mental Capacity Act: why it was proportionate"
    )
    less_restrictive_options: str | None = strawberry.field(
        default=None, description="Restraint under the Mental Capacity Act: the less restrictive options considered"
    )


@strawberry.input
class RecordUseInput(UseFactsInput):
    case_id: strawberry.ID
    segments: list[SegmentInput]


@strawberry.input
class EndUseInput:
    case_id: strawberry.ID
    use_id: strawberry.ID
    ended_at: datetime


@strawberry.input
class RecordDebriefInput:
    case_id: strawberry.ID
    use_ids: list[strawberry.ID]
    kind: DebriefKind
    held_at: datetime = strawberry.field(description="When it was held, or offered and declined")
    declined_reason: str | None = strawberry.field(default=None, description="Given when the debrief was declined")


@strawberry.input
class ReviseCarePlanInput:
    case_id: strawberry.ID
    revised_at: datetime
    triggered_by: list[strawberry.ID] = strawberry.field(description="The uses that led to this revision")
    summary: str
    version: int | None = strawberry.field(default=None, description="Defaults to the next version")
    changes: list[str] | None = None
    next_review_date: date | None = None
    permitted_practices: list[PracticeCode] | None = strawberry.field(
        default=None, description="The restrictive interventions this version permits; leave out if it does not say"
    )


@strawberry.input
class UseCorrectionInput(UseFactsInput):
    segments: list[SegmentInput] | None = None


@strawberry.input
class AuthorisationCorrectionInput:
    basis: AuthorisationBasis | None = None
    practices: list[PracticeCode] | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    granted_at: datetime | None = None
    granted_by: str | None = None
    conditions: str | None = None
    place: str | None = None
    purpose: str | None = None
    qualifying_requirements: str | None = None


@strawberry.input
class DebriefCorrectionInput:
    use_ids: list[strawberry.ID] | None = None
    kind: DebriefKind | None = None
    held_at: datetime | None = None
    declined_reason: str | None = None


@strawberry.input
class CarePlanRevisionCorrectionInput:
    revised_at: datetime | None = None
    triggered_by: list[strawberry.ID] | None = None
    summary: str | None = None
    changes: list[str] | None = None
    next_review_date: date | None = None
    permitted_practices: list[PracticeCode] | None = None


@strawberry.input(description="Name the entry, say why, and give exactly one of the corrected parts")
class CorrectEntryInput:
    case_id: strawberry.ID
    entry_id: strawberry.ID = strawberry.field(description="The entry to correct; the case's own id for person")
    reason: str
    corrected_at: datetime | None = strawberry.field(default=None, description="Defaults to now")
    person: PersonDetailsInput | None = None
    date_of_birth: date | None = None
    use: UseCorrectionInput | None = None
    authorisation: AuthorisationCorrectionInput | None = None
    debrief: DebriefCorrectionInput | None = None
    care_plan_revision: CarePlanRevisionCorrectionInput | None = None


@strawberry.input
class RetractEntryInput:
    case_id: strawberry.ID
    entry_id: strawberry.ID = strawberry.field(description="A use, authorisation, debrief or care-plan revision")
    reason: str
    retracted_at: datetime | None = strawberry.field(default=None, description="Defaults to now")


# -------------------------------------------------------------------------------------------- translation


def person_details(given: PersonDetailsInput | None) -> v.PersonDetails:
    return v.PersonDetails() if given is None else v.PersonDetails(**vars(given))


def segments(errors: InputErrors, given: list[SegmentInput], prefix: str = "segments") -> tuple[v.Segment, ...]:
    return tuple(
        v.Segment(
            practice=s.practice,
            started_at=errors.moment(f"{prefix}[{i}].startedAt", s.started_at),
            ended_at=errors.optional_moment(f"{prefix}[{i}].endedAt", s.ended_at),
        )
        for i, s in enumerate(given)
    )


def use_facts(errors: InputErrors, given: UseFactsInput, prefix: str = "") -> dict[str, object]:
    """The use's facts as keyword arguments for UseDetails or UseCorrection (only those given); ``prefix`` is the
    path of ``given`` in the input, for the fields named in errors."""
    facts: dict[str, object] = {
        name: getattr(given, name)
        for name in (
            "reason", "reason_detail", "place", "description", "de_escalation", "outcome",
            "died_or_seriously_injured", "in_care_plan", "care_plan_contacts_notified", "prone_reason",
            "floor_reason", "long_term_segregation", "necessity", "proportionality", "less_restrictive_options",
        )
    }
    if given.decided_by is not None:
        d = given.decided_by
        assessed_at = errors.optional_moment(f"{prefix}decidedBy.assessedAt", d.assessed_at)
        facts["decided_by"] = v.Decision(d.name, d.role, assessed_at)
    if given.staff is not None:
        facts["staff"] = tuple(v.StaffMember(s.name, s.job_title) for s in given.staff)
    if given.non_staff is not None:
        facts["non_staff"] = tuple(v.NonStaffParticipant(n.name, n.reason) for n in given.non_staff)
    if given.injuries is not None:
        facts["injuries"] = v.Injuries(**vars(given.injuries))
    return {name: value for name, value in facts.items() if value is not None}


def ids(errors: InputErrors, field: str, given: list[strawberry.ID], code: str = "UNKNOWN_USE") -> tuple[object, ...]:
    return tuple(errors.identifier(f"{field}[{i}]", value, code) for i, value in enumerate(given))


def correction(errors: InputErrors, given: CorrectEntryInput) -> tuple[str, v.Correction | None]:
    """The one correction the input gives, and the input field it came from."""
    parts = {
        name: getattr(given, name)
        for name in ("person", "date_of_birth", "use", "authorisation", "debrief", "care_plan_revision")
        if getattr(given, name) is not None
    }
    if "date_of_birth" in parts and "person" in parts:
        parts.pop("date_of_birth")  # both correct the person entry
    if len(parts) != 1:
        errors.add("input", "ONE_CORRECTION", "give exactly one of person, use, authorisation, debrief, "
                   "carePlanRevision with the corrected facts")
        return "input", None
    name = next(iter(parts))
    if name in ("person", "date_of_birth"):
        person = person_details(given.person)
        return "person", v.PersonCorrection(date_of_birth=given.date_of_birth, **vars(person))
    if name == "use":
        use = given.use
        assert use is not None
        facts = use_facts(errors, use, "use.")
        if use.segments is not None:
            facts["segments"] = segments(errors, use.segments, "use.segments")
        return "use", v.UseCorrection(**facts)  # type: ignore[arg-type]
    if name == "authorisation":
        a = given.authorisation
        assert a is not None
        return "authorisation", v.AuthorisationCorrection(
            basis=a.basis,
            practices=None if a.practices is None else tuple(dict.fromkeys(a.practices)),
            valid_from=errors.optional_moment("authorisation.validFrom", a.valid_from),
            valid_until=errors.optional_moment("authorisation.validUntil", a.valid_until),
            granted_at=errors.optional_moment("authorisation.grantedAt", a.granted_at),
            granted_by=a.granted_by,
            conditions=a.conditions,
            place=a.place,
            purpose=a.purpose,
            qualifying_requirements=a.qualifying_requirements,
        )
    if name == "debrief":
        d = given.debrief
        assert d is not None
        return "debrief", v.DebriefCorrection(
            use_ids=None if d.use_ids is None else ids(errors, "debrief.useIds", d.use_ids),  # type: ignore[arg-type]
            kind=d.kind,
            held_at=errors.optional_moment("debrief.heldAt", d.held_at),
            declined_reason=d.declined_reason,
        )
    r = given.care_plan_revision
    assert r is not None
    return "carePlanRevision", v.CarePlanRevisionCorrection(
        revised_at=errors.optional_moment("carePlanRevision.revisedAt", r.revised_at),
        triggered_by=None if r.triggered_by is None else ids(errors, "carePlanRevision.triggeredBy", r.triggered_by),  # type: ignore[arg-type]
        summary=r.summary,
        changes=None if r.changes is None else tuple(r.changes),
        next_review_on=r.next_review_date,
        permitted_practices=None if r.permitted_practices is None else tuple(dict.fromkeys(r.permitted_practices)),
    )
