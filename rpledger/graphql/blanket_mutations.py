"""Mutations of blanket restrictions: introduce, justify, review, grant an exemption, lift. As in ``mutations``,
each translates its input, makes one application call, and returns the restriction as the register now holds it with
any ``UserError``s; a mutation that returns errors has written nothing."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from rpledger.graphql.blanket_queries import visible_restriction
from rpledger.graphql.blanket_types import BlanketRestriction, BlanketRestrictionCategory
from rpledger.graphql.enums import Setting
from rpledger.graphql.errors import IdempotencyKey, InputErrors, Once, UserError, run
from rpledger.graphql.mutations import check_location_reach
from rpledger.graphql.types import Info

NOW = "Defaults to now"


@strawberry.input
class IntroduceBlanketRestrictionInput:
    location_id: str = strawberry.field(description="The ward or service whose register it belongs to")
    setting: Setting = strawberry.field(description="The kind of service: it decides the policy it is judged by")
    scope: str = strawberry.field(description='Who it applies to, e.g. "all residents of Elm House"')
    description: str = strawberry.field(description='What it restricts, e.g. "no hot drinks after 21:00"')
    category: BlanketRestrictionCategory
    risk_addressed: str | None = strawberry.field(default=None, description="The risk it responds to")
    introduced_at: datetime | None = strawberry.field(default=None, description=NOW)


@strawberry.input
class JustifyBlanketRestrictionInput:
    restriction_id: strawberry.ID
    necessity_and_proportionality: str = strawberry.field(description="Why it is necessary and proportionate")
    approved_by: str = strawberry.field(description="Who approved it, e.g. the governance group")
    communicated_how: str | None = strawberry.field(default=None, description="How the people it restricts were told")
    justified_at: datetime | None = strawberry.field(default=None, description=NOW)


@strawberry.input
class ReviewBlanketRestrictionInput:
    restriction_id: strawberry.ID
    reviewed_by: str
    decision: str = strawberry.field(description="What the review decided, and why")
    continues: bool = strawberry.field(description="False when the review ends the restriction: it is lifted then")
    reviewed_at: datetime | None = strawberry.field(default=None, description=NOW)


@strawberry.input
class GrantBlanketExemptionInput:
    restriction_id: strawberry.ID
    person_ref: str = strawberry.field(description="The provider's reference for the person exempted")
    reason: str
    granted_at: datetime | None = strawberry.field(default=None, description=NOW)


@strawberry.input
class LiftBlanketRestrictionInput:
    restriction_id: strawberry.ID
    reason: str
    lifted_at: datetime | None = strawberry.field(default=None, description=NOW)


@strawberry.type
class IntroduceBlanketRestrictionPayload:
    blanket_restriction: BlanketRestriction | None
    errors: list[UserError]


ENTRY = "The entry recorded (a review, or the lifting, meets a review obligation as its metBy)"


@strawberry.type
class JustifyBlanketRestrictionPayload:
    entry_id: strawberry.ID | None = strawberry.field(description=ENTRY)
    blanket_restriction: BlanketRestriction | None
    errors: list[UserError]


@strawberry.type
class ReviewBlanketRestrictionPayload:
    entry_id: strawberry.ID | None = strawberry.field(description=ENTRY)
    blanket_restriction: BlanketRestriction | None
    errors: list[UserError]


@strawberry.type
class GrantBlanketExemptionPayload:
    entry_id: strawberry.ID | None = strawberry.field(description=ENTRY)
    blanket_restriction: BlanketRestriction | None
    errors: list[UserError]


@strawberry.type
class LiftBlanketRestrictionPayload:
    entry_id: strawberry.ID | None = strawberry.field(description=ENTRY)
    blanket_restriction: BlanketRestriction | None
    errors: list[UserError]


def _restriction(info: Info, restriction_id: UUID | None) -> BlanketRestriction | None:
    state = None if restriction_id is None else visible_restriction(info, restriction_id, info.field_name)
    return None if state is None else BlanketRestriction(_state=state)


def _restriction_id(info: Info, errors: InputErrors, value: strawberry.ID) -> UUID:
    """A restriction beyond the token's reach is refused exactly as one that does not exist."""
    restriction_id = errors.identifier("restrictionId", value, "UNKNOWN_BLANKET_RESTRICTION")
    if not errors.errors and visible_restriction(info, restriction_id, info.field_name) is None:
        errors.add(
            "restrictionId", "UNKNOWN_BLANKET_RESTRICTION", f"no blanket restriction has id {restriction_id}"
        )
    return restriction_id


def _id(entry_id: UUID | None) -> strawberry.ID | None:
    return None if entry_id is None else strawberry.ID(str(entry_id))


@strawberry.type
class BlanketMutation:
    @strawberry.mutation(description="Introduce a blanket restriction on a ward, a service or a class of people")
    def introduce_blanket_restriction(
        self, info: Info, input: IntroduceBlanketRestrictionInput, idempotency_key: IdempotencyKey = None) -> IntroduceBlanketRestrictionPayload:
        errors = InputErrors()
        introduced_at = errors.optional_moment("introducedAt", input.introduced_at)
        reach = info.context.reach("introduceBlanketRestriction")
        check_location_reach(errors, reach, input.location_id)
        restrictions, actor = info.context.restrictions, info.context.recording
        restriction_id = run(errors, lambda: restrictions.introduce(
            input.location_id, input.setting, input.scope, input.description, input.category, actor,
            introduced_at=introduced_at, risk_addressed=input.risk_addressed, provider_id=reach.provider,
        ), once=Once(info, idempotency_key, input))
        return IntroduceBlanketRestrictionPayload(
            blanket_restriction=_restriction(info, restriction_id), errors=errors.errors
        )

    @strawberry.mutation(description="Record why a blanket restriction is necessary and proportionate (BLK-01)")
    def justify_blanket_restriction(
        self, info: Info, input: JustifyBlanketRestrictionInput, idempotency_key: IdempotencyKey = None) -> JustifyBlanketRestrictionPayload:
        errors = InputErrors()
        restriction_id = _restriction_id(info, errors, input.restriction_id)
        justified_at = errors.optional_moment("justifiedAt", input.justified_at)
        restrictions, actor = info.context.restrictions, info.context.recording
        entry_id = run(errors, lambda: restrictions.justify(
            restriction_id, input.necessity_and_proportionality, input.approved_by, actor,
            justified_at=justified_at, communicated_how=input.communicated_how,
        ), once=Once(info, idempotency_key, input))
        restriction = _restriction(info, restriction_id if entry_id else None)
        return JustifyBlanketRestrictionPayload(
            entry_id=_id(entry_id), blanket_restriction=restriction, errors=errors.errors
        )

    @strawberry.mutation(description="Record a review of a blanket restriction (BLK-02), and what it decided")
    def review_blanket_restriction(
        self, info: Info, input: ReviewBlanketRestrictionInput, idempotency_key: IdempotencyKey = None) -> ReviewBlanketRestrictionPayload:
        errors = InputErrors()
        restriction_id = _restriction_id(info, errors, input.restriction_id)
        reviewed_at = errors.optional_moment("reviewedAt", input.reviewed_at)
        restrictions, actor = info.context.restrictions, info.context.recording
        entry_id = run(errors, lambda: restrictions.review(
            restriction_id, input.decision, input.reviewed_by, input.continues, actor, reviewed_at=reviewed_at
        ), once=Once(info, idempotency_key, input))
        restriction = _restriction(info, restriction_id if entry_id else None)
        return ReviewBlanketRestrictionPayload(
            entry_id=_id(entry_id), blanket_restriction=restriction, errors=errors.errors
        )

    @strawberry.mutation(description="Exempt a person from a blanket restriction, with the reason")
    def grant_blanket_exemption(
        self, info: Info, input: GrantBlanketExemptionInput, idempotency_key: IdempotencyKey = None
    ) -> GrantBlanketExemptionPayload:
        errors = InputErrors()
        restriction_id = _restriction_id(info, errors, input.restriction_id)
        granted_at = errors.optional_moment("grantedAt", input.granted_at)
        restrictions, actor = info.context.restrictions, info.context.recording
        entry_id = run(errors, lambda: restrictions.grant_exemption(
            restriction_id, input.person_ref, input.reason, actor, granted_at=granted_at
        ), once=Once(info, idempotency_key, input))
        restriction = _restriction(info, restriction_id if entry_id else None)
        return GrantBlanketExemptionPayload(
            entry_id=_id(entry_id), blanket_restriction=restriction, errors=errors.errors
        )

    @strawberry.mutation(description="Lift a blanket restriction: nothing more is recorded on it, nor falls due")
    def lift_blanket_restriction(
        self, info: Info, input: LiftBlanketRestrictionInput, idempotency_key: IdempotencyKey = None
    ) -> LiftBlanketRestrictionPayload:
        errors = InputErrors()
        restriction_id = _restriction_id(info, errors, input.restriction_id)
        lifted_at = errors.optional_moment("liftedAt", input.lifted_at)
        restrictions, actor = info.context.restrictions, info.context.recording
        entry_id = run(
            errors, lambda: restrictions.lift(restriction_id, input.reason, actor, lifted_at=lifted_at),
            once=Once(info, idempotency_key, input),
        )
        restriction = _restriction(info, restriction_id if entry_id else None)
        return LiftBlanketRestrictionPayload(
            entry_id=_id(entry_id), blanket_restriction=restriction, errors=errors.errors
        )
