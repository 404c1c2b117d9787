"""Mutations. Each translates its input, makes one application call, and returns what it changed with any
``UserError``s; a mutation that returns errors has written nothing."""

from __future__ import annotations

from uuid import UUID

import strawberry

from rpledger.application import vocabulary as v
from rpledger.application.access import Reach
from rpledger.graphql import inputs as i
from rpledger.graphql.case_types import Case
from rpledger.graphql.entry_types import Authorisation, CarePlanRevision, Debrief, Use
from rpledger.graphql.errors import IdempotencyKey, InputErrors, Once, UserError, run
from rpledger.graphql.types import HistoryEntry, Info


def case_of(info: Info, case_id: UUID | None) -> Case | None:
    summary = None if case_id is None else info.context.visible_case(case_id, info.field_name)
    return None if summary is None else Case(_summary=summary)


def reachable_case_id(info: Info, errors: InputErrors, value: strawberry.ID) -> UUID:
    """The case id of a mutation's input. A case beyond the token's reach is refused exactly as one that does not
    exist (the same code and message), and nothing is run."""
    case_id = errors.identifier("caseId", value, "UNKNOWN_CASE")
    if not errors.errors and info.context.visible_case(case_id, info.field_name) is None:
        errors.add("caseId", "UNKNOWN_CASE", unknown_case_message(case_id))
    return case_id


def check_location_reach(errors: InputErrors, reach: Reach, location_id: str) -> None:
    """A new case or restriction may only be placed at a location of the token. (A location the domain would
    refuse anyway, blank or too long, is left to the domain's own, more precise, error.)"""
    location = location_id.strip()
    if location and len(location) <= v.REFERENCE_LIMIT and not reach.covers(reach.provider, location):
        errors.add("locationId", "LOCATION_OUT_OF_REACH", "locationId is not one of the locations of your token")


def unknown_case_message(case_id: UUID) -> str:
    """Worded as the application words an unknown case (UnknownCaseError), so that the two cannot be told apart."""
    return f"no case has id {case_id}"


@strawberry.type
class OpenCasePayload:
    case: Case | None
    errors: list[UserError]


@strawberry.type
class GrantAuthorisationPayload:
    authorisation: Authorisation | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class EndAuthorisationPayload:
    authorisation: Authorisation | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class RecordUsePayload:
    use: Use | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class EndUsePayload:
    use: Use | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class RecordDebriefPayload:
    debrief: Debrief | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class ReviseCarePlanPayload:
    care_plan_revision: CarePlanRevision | None
    case: Case | None
    errors: list[UserError]


@strawberry.type
class RetractEntryPayload:
    retraction: HistoryEntry | None = strawberry.field(description="The retraction as the history shows it")
    case: Case | None
    errors: list[UserError]


@strawberry.type
class CorrectEntryPayload:
    correction: HistoryEntry | None = strawberry.field(description="The correction as the history shows it")
    case: Case | None
    errors: list[UserError]


def _authorisation(info: Info, case_id: UUID, authorisation_id: UUID | None) -> Authorisation | None:
    if authorisation_id is None:  # nothing recorded: the case may not exist, or lie out of reach
        return None
    found = [a for a in info.context.cases.entries(case_id).authorisations if a.id == authorisation_id]
    return Authorisation.of(found[0]) if found else None


def _use(info: Info, case_id: UUID, use_id: UUID | None) -> Use | None:
    found = [u for u in info.context.view.uses(case_id) if u.id == use_id]
    return Use(_use=found[0]) if found else None


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Open the case of a person in a service: one case per person")
    def open_case(self, info: Info, input: i.OpenCaseInput, idempotency_key: IdempotencyKey = None) -> OpenCasePayload:
        errors = InputErrors()
        person = i.person_details(input.person)
        opened_at = errors.optional_moment("openedAt", input.opened_at)
        reach = info.context.reach("openCase")
        check_location_reach(errors, reach, input.location_id)
        cases, actor = info.context.cases, info.context.recording
        case_id = run(errors, lambda: cases.open_case(
            input.person_ref, input.setting, input.location_id, actor,
            date_of_birth=input.date_of_birth, person=person, opened_at=opened_at, provider_id=reach.provider,
        ), once=Once(info, idempotency_key, input, lambda first: first.stream))
        return OpenCasePayload(case=case_of(info, case_id), errors=errors.errors)

    @strawberry.mutation
    def grant_authorisation(
        self, info: Info, input: i.GrantAuthorisationInput, idempotency_key: IdempotencyKey = None
    ) -> GrantAuthorisationPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        valid_from = errors.moment("validFrom", input.valid_from)
        valid_until = errors.moment("validUntil", input.valid_until)
        granted_at = errors.optional_moment("grantedAt", input.granted_at)
        cases, actor = info.context.cases, info.context.recording
        authorisation_id = run(errors, lambda: cases.grant_authorisation(
            case_id, input.basis, input.practices, valid_from, valid_until, input.granted_by, actor,
            granted_at=granted_at, conditions=input.conditions, place=input.place, purpose=input.purpose,
            qualifying_requirements=input.qualifying_requirements,
        ), once=Once(info, idempotency_key, input))
        return GrantAuthorisationPayload(
            authorisation=_authorisation(info, case_id, authorisation_id),
            case=case_of(info, case_id if authorisation_id else None),
            errors=errors.errors,
        )

    @strawberry.mutation
    def end_authorisation(
        self, info: Info, input: i.EndAuthorisationInput, idempotency_key: IdempotencyKey = None
    ) -> EndAuthorisationPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        authorisation_id = errors.identifier("authorisationId", input.authorisation_id, "UNKNOWN_AUTHORISATION")
        ended_at = errors.moment("endedAt", input.ended_at)
        cases, actor = info.context.cases, info.context.recording
        run(
            errors, lambda: cases.end_authorisation(case_id, authorisation_id, ended_at, input.reason, actor),
            once=Once(info, idempotency_key, input),
        )
        done = not errors.errors
        return EndAuthorisationPayload(
            authorisation=_authorisation(info, case_id, authorisation_id) if done else None,
            case=case_of(info, case_id if done else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Record a use; leave the last segment's end out while it is still going on")
    def record_use(
        self, info: Info, input: i.RecordUseInput, idempotency_key: IdempotencyKey = None
    ) -> RecordUsePayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        segments = i.segments(errors, input.segments)
        details = v.UseDetails(**i.use_facts(errors, input))  # type: ignore[arg-type]
        cases, actor = info.context.cases, info.context.recording
        use_id = run(
            errors, lambda: cases.record_use(case_id, segments, details, actor),
            once=Once(info, idempotency_key, input),
        )
        return RecordUsePayload(
            use=_use(info, case_id, use_id), case=case_of(info, case_id if use_id else None), errors=errors.errors
        )

    @strawberry.mutation(description="End a use that is still going on (seclusion, segregation)")
    def end_use(self, info: Info, input: i.EndUseInput, idempotency_key: IdempotencyKey = None) -> EndUsePayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        use_id = errors.identifier("useId", input.use_id, "UNKNOWN_USE")
        ended_at = errors.moment("endedAt", input.ended_at)
        cases, actor = info.context.cases, info.context.recording
        run(errors, lambda: cases.end_use(case_id, use_id, ended_at, actor), once=Once(info, idempotency_key, input))
        done = not errors.errors
        return EndUsePayload(
            use=_use(info, case_id, use_id) if done else None,
            case=case_of(info, case_id if done else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Record a debrief or post-incident review, held or (with a reason) declined")
    def record_debrief(
        self, info: Info, input: i.RecordDebriefInput, idempotency_key: IdempotencyKey = None
    ) -> RecordDebriefPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        use_ids = i.ids(errors, "useIds", input.use_ids)
        held_at = errors.moment("heldAt", input.held_at)
        cases, actor = info.context.cases, info.context.recording
        debrief_id = run(errors, lambda: cases.record_debrief(
            case_id, use_ids, input.kind, held_at, actor, declined_reason=input.declined_reason  # type: ignore[arg-type]
        ), once=Once(info, idempotency_key, input))
        found = [d for d in cases.entries(case_id).debriefs if d.id == debrief_id] if debrief_id else []
        return RecordDebriefPayload(
            debrief=Debrief.of(found[0]) if found else None,
            case=case_of(info, case_id if debrief_id else None),
            errors=errors.errors,
        )

    @strawberry.mutation
    def revise_care_plan(
        self, info: Info, input: i.ReviseCarePlanInput, idempotency_key: IdempotencyKey = None
    ) -> ReviseCarePlanPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        revised_at = errors.moment("revisedAt", input.revised_at)
        triggered_by = i.ids(errors, "triggeredBy", input.triggered_by)
        if input.version is not None and input.version < 1:
            errors.add("version", "INVALID_VERSION", "version must be 1 or more")
        cases, actor = info.context.cases, info.context.recording
        created = run(errors, lambda: cases.revise_care_plan(
            case_id, revised_at, triggered_by, input.summary, actor,  # type: ignore[arg-type]
            version=input.version, changes=input.changes or (), next_review_on=input.next_review_date,
            permitted_practices=input.permitted_practices,
        )[0], once=Once(info, idempotency_key, input))
        found = [r for r in cases.entries(case_id).care_plan_revisions if r.id == created] if created else []
        return ReviseCarePlanPayload(
            care_plan_revision=CarePlanRevision.of(found[0]) if found else None,
            case=case_of(info, case_id if created else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Correct an earlier entry; the original stays in the history, linked")
    def correct_entry(
        self, info: Info, input: i.CorrectEntryInput, idempotency_key: IdempotencyKey = None
    ) -> CorrectEntryPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        entry_id = errors.identifier("entryId", input.entry_id, "UNKNOWN_ENTRY")
        corrected_at = errors.optional_moment("correctedAt", input.corrected_at)
        part, correction = i.correction(errors, input)
        cases, actor = info.context.cases, info.context.recording
        position = run(errors, lambda: cases.correct_entry(
            case_id, entry_id, correction, input.reason, actor, corrected_at=corrected_at  # type: ignore[arg-type]
        ), prefix=f"{part}." if part != "input" else "", once=Once(info, idempotency_key, input, lambda first: first.version))
        return CorrectEntryPayload(
            correction=HistoryEntry.of(cases.entry_at(case_id, position)) if position else None,
            case=case_of(info, case_id if position else None),
            errors=errors.errors,
        )

    @strawberry.mutation(description="Retract an entry that should not have been recorded; it stays in the history")
    def retract_entry(
        self, info: Info, input: i.RetractEntryInput, idempotency_key: IdempotencyKey = None
    ) -> RetractEntryPayload:
        errors = InputErrors()
        case_id = reachable_case_id(info, errors, input.case_id)
        entry_id = errors.identifier("entryId", input.entry_id, "UNKNOWN_ENTRY")
        retracted_at = errors.optional_moment("retractedAt", input.retracted_at)
        cases, actor = info.context.cases, info.context.recording
        position = run(
            errors, lambda: cases.retract_entry(case_id, entry_id, input.reason, actor, retracted_at=retracted_at), once=Once(info, idempotency_key, input, lambda first: first.version))
        return RetractEntryPayload(
            retraction=HistoryEntry.of(cases.entry_at(case_id, position)) if position else None,
            case=case_of(info, case_id if position else None),
            errors=errors.errors,
        )
