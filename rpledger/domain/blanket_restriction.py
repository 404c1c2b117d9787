"""The BlanketRestriction aggregate: one event stream per restriction applied to a ward, a service or a class of
people rather than to one person for their own risks (regulatory-reference.md section 3.6; BLK-01, BLK-02).

It is introduced, justified as necessary and proportionate, reviewed, has exemptions granted to individuals, and is
lifted; nothing is recorded on it once lifted. As on ``Case``, the public commands check and raise ``DomainError``s,
and the events' ``apply`` bodies only assign state.

The events carry primitives only (the category by its code): they share the cases' event store and transcoder, so
any reader of that store decodes them without knowing this module's types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from rpledger.domain import checks, errors
from rpledger.domain.codes import Setting
from rpledger.domain.values import Actor, Recording, Value, recording_facts


class BlanketRestrictionCategory(Enum):
    """What a restriction restricts. The first six are the "subtle" restrictive practices CQC names (Monitoring the
    MHA 2022/23, V1): a register shows them at high priority, as CQC asks that they be identified and reviewed."""

    HOT_DRINKS = "HOT_DRINKS"
    FOOD_AND_DRINK = "FOOD_AND_DRINK"
    VISITORS = "VISITORS"
    PHONE = "PHONE"
    INTERNET = "INTERNET"
    BEDROOM_ACCESS = "BEDROOM_ACCESS"
    OUTDOOR_ACCESS = "OUTDOOR_ACCESS"
    MONEY = "MONEY"
    SMOKING = "SMOKING"
    OTHER = "OTHER"

    @property
    def is_subtle(self) -> bool:
        """One of CQC's examples of subtle restrictive practice."""
        return self in _SUBTLE

    @property
    def priority(self) -> BlanketRestrictionPriority:
        return BlanketRestrictionPriority.HIGH if self.is_subtle else BlanketRestrictionPriority.STANDARD


_SUBTLE = frozenset(
    {
        BlanketRestrictionCategory.HOT_DRINKS,
        BlanketRestrictionCategory.FOOD_AND_DRINK,
        BlanketRestrictionCategory.VISITORS,
        BlanketRestrictionCategory.PHONE,
        BlanketRestrictionCategory.INTERNET,
        BlanketRestrictionCategory.BEDROOM_ACCESS,
    }
)


class BlanketRestrictionPriority(Enum):
    HIGH = "HIGH"
    STANDARD = "STANDARD"


class UnknownBlanketRestrictionError(errors.DomainError):
    code = "UNKNOWN_BLANKET_RESTRICTION"

    def __init__(self, restriction_id: UUID | str) -> None:
        super().__init__("restriction_id", f"no blanket restriction has id {restriction_id}")
        self.restriction_id = restriction_id


@dataclass(frozen=True)
class Justification(Value):
    id: UUID
    necessity_and_proportionality: str
    approved_by: str
    communicated_how: str | None
    justified_at: datetime


@dataclass(frozen=True)
class RestrictionReview(Value):
    """A review of the restriction; ``continues`` False: the review ended it (it is lifted then)."""

    id: UUID
    decision: str
    reviewed_by: str
    continues: bool
    reviewed_at: datetime


@dataclass(frozen=True)
class Exemption(Value):
    id: UUID
    person_ref: str
    reason: str
    granted_at: datetime


@dataclass(frozen=True)
class Lifting(Value):
    """How the restriction ended: by its own entry, or by the review (``id``) that decided to end it."""

    id: UUID
    reason: str
    lifted_at: datetime



class BlanketRestriction(Aggregate):
    class Event(Aggregate.Event):
        # ``timestamp`` (from the library's base class) is when the entry was recorded; see ``Recording``.
        occurred_at: datetime
        recorded_by: Actor
        correlation_id: str | None

    class Introduced(Aggregate.Created):
        # Version 2 names the provider whose restriction it is; earlier ones belong to none ("").
        class_version = 2
        location_id: str
        provider_id: str
        setting: Setting
        scope: str
        description: str
        category: str  # a BlanketRestrictionCategory's value (see the module's docstring)
        risk_addressed: str | None
        occurred_at: datetime
        recorded_by: Actor
        correlation_id: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["provider_id"] = ""

    class Justified(Event):
        entry_id: UUID
        necessity_and_proportionality: str
        approved_by: str
        communicated_how: str | None

        def apply(self, aggregate: Any) -> None:
            justification = Justification(
                self.entry_id, self.necessity_and_proportionality, self.approved_by, self.communicated_how,
                self.occurred_at,
            )
            aggregate.justifications = (*aggregate.justifications, justification)
            aggregate._entered(self.entry_id, self.occurred_at)

    class Reviewed(Event):
        entry_id: UUID
        decision: str
        reviewed_by: str
        continues: bool

        def apply(self, aggregate: Any) -> None:
            review = RestrictionReview(self.entry_id, self.decision, self.reviewed_by, self.continues, self.occurred_at)
            aggregate.reviews = (*aggregate.reviews, review)
            if not self.continues:
                aggregate.lifting = Lifting(self.entry_id, self.decision, self.occurred_at)
            aggregate._entered(self.entry_id, self.occurred_at)

    class ExemptionGranted(Event):
        entry_id: UUID
        person_ref: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            exemption = Exemption(self.entry_id, self.person_ref, self.reason, self.occurred_at)
            aggregate.exemptions = (*aggregate.exemptions, exemption)
            aggregate._entered(self.entry_id, self.occurred_at)

    class Lifted(Event):
        entry_id: UUID
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.lifting = Lifting(self.entry_id, self.reason, self.occurred_at)
            aggregate._entered(self.entry_id, self.occurred_at)

    @classmethod
    def introduce(
        cls,
        restriction_id: UUID,
        location_id: str,
        setting: Setting,
        scope: str,
        description: str,
        category: BlanketRestrictionCategory,
        at: datetime,
        by: Actor | Recording,
        risk_addressed: str | None = None,
        provider_id: str = "",
    ) -> BlanketRestriction:
        checks.require_text("location_id", location_id, checks.REFERENCE_LIMIT)
        checks.require_text("scope", scope)
        checks.require_text("description", description)
        checks.optional_text("risk_addressed", risk_addressed)
        return cls._create(
            cls.Introduced,
            id=restriction_id,
            location_id=location_id.strip(),
            provider_id=provider_id,
            setting=setting,
            scope=scope,
            description=description,
            category=category.value,
            risk_addressed=risk_addressed,
            occurred_at=at,
            **recording_facts(by),
        )

    @event(Introduced)
    def __init__(
        self,
        location_id: str,
        provider_id: str,
        setting: Setting,
        scope: str,
        description: str,
        category: str,
        risk_addressed: str | None,
        occurred_at: datetime,
        recorded_by: Actor,
        correlation_id: str | None,
    ) -> None:
        self.location_id = location_id
        self.provider_id = provider_id
        self.setting = setting
        self.scope = scope
        self.description = description
        self.category = BlanketRestrictionCategory(category)
        self.risk_addressed = risk_addressed
        self.introduced_at = occurred_at
        self.justifications: tuple[Justification, ...] = ()
        self.reviews: tuple[RestrictionReview, ...] = ()
        self.exemptions: tuple[Exemption, ...] = ()
        self.lifting: Lifting | None = None
        self.entry_ids: frozenset[UUID] = frozenset({self.id})
        # The latest moment any entry says something happened: the restriction cannot be lifted before it.
        self.last_entry_at = occurred_at

    # --------------------------------------------------------------------------------------------- commands

    def justify(
        self,
        entry_id: UUID,
        necessity_and_proportionality: str,
        approved_by: str,
        at: datetime,
        by: Actor | Recording,
        communicated_how: str | None = None,
    ) -> None:
        """BLK-01: the reasons the restriction is necessary and proportionate, who approved them, and how the people
        it restricts were told. A later justification (after an amendment, say) is recorded beside the first."""
        self._check_entry(entry_id, "justified_at", at)
        checks.require_text("necessity_and_proportionality", necessity_and_proportionality)
        checks.require_text("approved_by", approved_by, checks.REFERENCE_LIMIT)
        checks.optional_text("communicated_how", communicated_how)
        self.trigger_event(
            self.Justified,
            entry_id=entry_id,
            necessity_and_proportionality=necessity_and_proportionality,
            approved_by=approved_by,
            communicated_how=communicated_how,
            occurred_at=at,
            **recording_facts(by),
        )

    def review(
        self, entry_id: UUID, decision: str, reviewed_by: str, continues: bool, at: datetime, by: Actor | Recording
    ) -> None:
        """BLK-02: a review, and what it decided. A review that decides to end the restriction lifts it then."""
        self._check_entry(entry_id, "reviewed_at", at)
        if not continues:
            self._check_not_before_last_entry("reviewed_at", at)
        checks.require_text("decision", decision)
        checks.require_text("reviewed_by", reviewed_by, checks.REFERENCE_LIMIT)
        self.trigger_event(
            self.Reviewed,
            entry_id=entry_id,
            decision=decision,
            reviewed_by=reviewed_by,
            continues=continues,
            occurred_at=at,
            **recording_facts(by),
        )

    def grant_exemption(self, entry_id: UUID, person_ref: str, reason: str, at: datetime, by: Actor | Recording) -> None:
        """An individual exempted from the restriction, with the reason (the exemptions process of section 3.6)."""
        self._check_entry(entry_id, "granted_at", at)
        checks.require_text("person_ref", person_ref, checks.REFERENCE_LIMIT)
        checks.require_text("reason", reason)
        exempt = next((e for e in self.exemptions if e.person_ref == person_ref.strip()), None)
        if exempt is not None:
            raise checks.refuse("person_ref", "ALREADY_EXEMPT", f"{exempt.person_ref} has been exempt since "
                                f"{exempt.granted_at.isoformat()}")
        self.trigger_event(
            self.ExemptionGranted,
            entry_id=entry_id,
            person_ref=person_ref.strip(),
            reason=reason,
            occurred_at=at,
            **recording_facts(by),
        )

    def lift(self, entry_id: UUID, reason: str, at: datetime, by: Actor | Recording) -> None:
        self._check_entry(entry_id, "lifted_at", at)
        self._check_not_before_last_entry("lifted_at", at)
        checks.require_text("reason", reason)
        self.trigger_event(self.Lifted, entry_id=entry_id, reason=reason, occurred_at=at, **recording_facts(by))

    # ------------------------------------------------------------------------------------------------ state

    @property
    def priority(self) -> BlanketRestrictionPriority:
        return self.category.priority

    @property
    def lifted_at(self) -> datetime | None:
        return None if self.lifting is None else self.lifting.lifted_at

    def in_force_at(self, moment: datetime) -> bool:
        return self.introduced_at <= moment and (self.lifting is None or moment < self.lifting.lifted_at)

    # ------------------------------------------------------------------------------------------- internals

    def _check_entry(self, entry_id: UUID, field: str, at: datetime) -> None:
        """Nothing is recorded once the restriction is lifted, nor said to have happened before it was introduced."""
        if self.lifting is not None:
            raise checks.refuse("restriction_id", "ALREADY_LIFTED", f"the restriction was lifted at "
                                f"{self.lifting.lifted_at.isoformat()}: nothing more is recorded on it")
        if entry_id in self.entry_ids:
            raise errors.DuplicateEntryError(entry_id)
        if at < self.introduced_at:
            raise checks.refuse(field, "BEFORE_INTRODUCTION", f"{field} {at.isoformat()} is before the restriction "
                                f"was introduced at {self.introduced_at.isoformat()}")

    def _check_not_before_last_entry(self, field: str, at: datetime) -> None:
        if at < self.last_entry_at:
            raise checks.refuse(field, "BEFORE_LAST_ENTRY", f"{field} {at.isoformat()} is before the restriction's "
                                f"latest entry, at {self.last_entry_at.isoformat()}: it cannot end before that")

    def _entered(self, entry_id: UUID, occurred_at: datetime) -> None:
        self.entry_ids = self.entry_ids | {entry_id}
        self.last_entry_at = max(self.last_entry_at, occurred_at)
