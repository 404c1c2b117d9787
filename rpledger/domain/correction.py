"""Corrections: what an ``EntryCorrected`` event changes in the entry it names.

A correction states only the facts it supplies or replaces (``None`` means "unchanged"); the entry as first recorded
stays in the history, and the rules read the corrected view.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, ReasonCode
from rpledger.domain.values import (
    Authorisation,
    CarePlanRevision,
    Debrief,
    Decision,
    Injuries,
    NonStaffParticipant,
    PersonDetails,
    Segment,
    StaffMember,
    Use,
    UseDetails,
    Value,
)

T = TypeVar("T")


def _supplied(correction: object) -> dict[str, Any]:
    return {f.name: getattr(correction, f.name) for f in fields(correction) if getattr(correction, f.name) is not None}  # type: ignore[arg-type]


def _apply(target: T, correction: object) -> T:
    return replace(target, **_supplied(correction))  # type: ignore[type-var]


@dataclass(frozen=True)
class PersonCorrection(Value):
    """Corrects the details given when the case was opened."""

    date_of_birth: date | None = None
    name: str | None = None
    nhs_number: str | None = None
    mental_disorder: str | None = None
    relevant_characteristics: str | None = None
    learning_disability_or_autism: bool | None = None

    def changed_fields(self) -> tuple[str, ...]:
        return tuple(_supplied(self))

    def apply(self, person: PersonDetails) -> PersonDetails:
        return _apply(person, replace(self, date_of_birth=None))  # date of birth lives on the case itself


@dataclass(frozen=True)
class UseCorrection(Value):
    segments: tuple[Segment, ...] | None = None
    reason: ReasonCode | None = None
    reason_detail: str | None = None
    place: str | None = None
    description: str | None = None
    staff: tuple[StaffMember, ...] | None = None
    non_staff: tuple[NonStaffParticipant, ...] | None = None
    de_escalation: str | None = None
    injuries: Injuries | None = None
    outcome: str | None = None
    died_or_seriously_injured: bool | None = None
    in_care_plan: bool | None = None
    care_plan_contacts_notified: bool | None = None
    prone_reason: str | None = None
    floor_reason: str | None = None
    decided_by: Decision | None = None
    long_term_segregation: bool | None = None
    necessity: str | None = None
    proportionality: str | None = None
    less_restrictive_options: str | None = None

    def changed_fields(self) -> tuple[str, ...]:
        return tuple(_supplied(self))

    def apply(self, use: Use) -> Use:
        details: UseDetails = _apply(use.details, replace(self, segments=None))
        segments = use.segments if self.segments is None else tuple(self.segments)
        return replace(use, segments=segments, details=details)


@dataclass(frozen=True)
class AuthorisationCorrection(Value):
    basis: AuthorisationBasis | None = None
    practices: tuple[PracticeCode, ...] | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    granted_at: datetime | None = None
    granted_by: str | None = None
    conditions: str | None = None
    place: str | None = None
    purpose: str | None = None
    qualifying_requirements: str | None = None

    def changed_fields(self) -> tuple[str, ...]:
        return tuple(_supplied(self))

    def apply(self, authorisation: Authorisation) -> Authorisation:
        return _apply(authorisation, self)


@dataclass(frozen=True)
class DebriefCorrection(Value):
    use_ids: tuple[UUID, ...] | None = None
    kind: DebriefKind | None = None
    held_at: datetime | None = None
    declined_reason: str | None = None

    def changed_fields(self) -> tuple[str, ...]:
        return tuple(_supplied(self))

    def apply(self, debrief: Debrief) -> Debrief:
        return _apply(debrief, self)


@dataclass(frozen=True)
class CarePlanRevisionCorrection(Value):
    revised_at: datetime | None = None
    triggered_by: tuple[UUID, ...] | None = None
    summary: str | None = None
    changes: tuple[str, ...] | None = None
    next_review_on: date | None = None
    permitted_practices: tuple[PracticeCode, ...] | None = None

    def changed_fields(self) -> tuple[str, ...]:
        return tuple(_supplied(self))

    def apply(self, revision: CarePlanRevision) -> CarePlanRevision:
        return _apply(revision, self)


Correction = PersonCorrection | UseCorrection | AuthorisationCorrection | DebriefCorrection | CarePlanRevisionCorrection
