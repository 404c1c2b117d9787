"""Checks a new or corrected entry must pass before it is recorded: present and printable text within its limit,
well-formed segments, an authorisation valid for some time. They raise ``DomainError``s naming the fact at fault."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from rpledger.domain import errors
from rpledger.domain.codes import AuthorisationBasis, PracticeCode, ReviewKind
from rpledger.domain.values import (
    Authorisation,
    CarePlanRevision,
    Debrief,
    Departure,
    DolsRequest,
    Extension,
    Notification,
    Observation,
    PersonDetails,
    Review,
    Segment,
    Stay,
    Use,
)

# References name things (a person, a location) and are used as keys; free text may run longer.
REFERENCE_LIMIT = 200
TEXT_LIMIT = 10_000


def require_text(field: str, value: str | None, limit: int = TEXT_LIMIT) -> None:
    if value is None or not value.strip():
        raise errors.BlankValueError(field)
    optional_text(field, value, limit)


def optional_text(field: str, value: str | None, limit: int = TEXT_LIMIT) -> None:
    if value is None:
        return
    if not value.strip():
        raise errors.BlankValueError(field)
    if len(value) > limit:
        raise errors.TooLongError(field, len(value), limit)
    # Control characters (NUL above all, which PostgreSQL text refuses) have no place in a care record.
    if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
        raise errors.ControlCharacterError(field)


def check_person(person: PersonDetails, prefix: str = "person.") -> None:
    for name in ("name", "nhs_number", "mental_disorder", "relevant_characteristics"):
        optional_text(f"{prefix}{name}", getattr(person, name))


def check_authorisation(authorisation: Authorisation) -> None:
    if not authorisation.practices:
        raise errors.NoPracticesError()
    if authorisation.valid_until <= authorisation.valid_from:
        raise errors.AuthorisationValidForNoTimeError(authorisation.valid_from, authorisation.valid_until)
    require_text("granted_by", authorisation.granted_by)
    for name in ("conditions", "place", "purpose", "qualifying_requirements"):
        optional_text(name, getattr(authorisation, name))


def check_use(use: Use, prefix: str = "segments") -> None:
    check_segments(use.segments, prefix)
    details = use.details
    for index, member in enumerate(details.staff):
        require_text(f"staff[{index}].name", member.name)
        optional_text(f"staff[{index}].job_title", member.job_title)
    for index, other in enumerate(details.non_staff or ()):
        require_text(f"non_staff[{index}].name", other.name)
        optional_text(f"non_staff[{index}].reason", other.reason)
    for name in (
        "reason_detail", "place", "description", "de_escalation", "outcome", "prone_reason", "floor_reason",
        "necessity", "proportionality", "less_restrictive_options",
    ):
        optional_text(name, getattr(details, name))
    if details.decided_by is not None:
        require_text("decided_by.name", details.decided_by.name, REFERENCE_LIMIT)


def check_segments(segments: Sequence[Segment], prefix: str = "segments") -> None:
    """Segments follow one another in time; each ends at or after it starts; only the last may be open."""
    if not segments:
        raise errors.NoSegmentsError(prefix)
    for index, segment in enumerate(segments):
        if segment.ended_at is None and index < len(segments) - 1:
            raise errors.OpenSegmentNotLastError(index, prefix)
        if segment.ended_at is not None and segment.ended_at < segment.started_at:
            raise errors.SegmentEndsBeforeItStartsError(index, segment.started_at, segment.ended_at, prefix)
        previous_end = segments[index - 1].ended_at if index else None
        if previous_end is not None and segment.started_at < previous_end:
            raise errors.SegmentsOutOfOrderError(index, prefix)


def known_use(uses: Mapping[UUID, Use], use_id: UUID, field: str) -> Use:
    """The use named, which must be in the case (and not retracted)."""
    use = uses.get(use_id)
    if use is None:
        raise errors.UnknownUseError(use_id, field)
    return use


def check_debrief(debrief: Debrief, uses: Mapping[UUID, Use]) -> None:
    """A debrief names uses that have ended, and was held (or declined) after each ended."""
    if not debrief.use_ids:
        raise errors.NoUsesNamedError()
    optional_text("declined_reason", debrief.declined_reason)
    for use_id in debrief.use_ids:
        use = known_use(uses, use_id, "use_ids")
        if use.ended_at is None:
            raise errors.UseNotEndedError(use_id)
        if debrief.held_at < use.ended_at:
            raise errors.DebriefBeforeUseEndedError(use_id, use.ended_at, debrief.held_at)


def check_revision(revision: CarePlanRevision, uses: Mapping[UUID, Use]) -> None:
    """A revision has a summary, and names as triggers only uses that had ended by then."""
    require_text("summary", revision.summary)
    for index, change in enumerate(revision.changes):
        require_text(f"changes[{index}]", change)
    for use_id in revision.triggered_by:
        use = known_use(uses, use_id, "triggered_by")
        if use.ended_at is None:
            raise errors.UseNotEndedError(use_id, "triggered_by")
        if revision.revised_at < use.ended_at:
            raise errors.RevisionBeforeTriggerError(use_id, use.ended_at, revision.revised_at)


def refuse(field: str, code: str, message: str) -> errors.EntryRefusedError:
    return errors.EntryRefusedError(field, code, message)


def check_review(review: Review, uses: Mapping[UUID, Use]) -> None:
    """A review is of a use with seclusion or segregation, by named reviewers, while it went on.

    An internal MDT review may precede the use: long-term segregation starts on an MDT decision (LTS-01).
    """
    use = known_use(uses, review.use_id, "use_id")
    if not any(p in (PracticeCode.ISO_SECLUSION, PracticeCode.ISO_SEGREGATION) for p in use.practices):
        raise refuse("use_id", "NOT_ISOLATION", "reviews are of seclusion or segregation; this use has neither")
    if not review.reviewers:
        raise refuse("reviewers", "NO_REVIEWERS", "name at least one reviewer")
    for index, reviewer in enumerate(review.reviewers):
        require_text(f"reviewers[{index}].name", reviewer.name, REFERENCE_LIMIT)
    optional_text("outcome", review.outcome)
    if review.held_at < use.started_at and review.kind is not ReviewKind.INTERNAL_MDT:
        raise refuse("held_at", "BEFORE_USE_STARTED", f"held at {review.held_at.isoformat()}, before the use "
                     f"started at {use.started_at.isoformat()}")
    if use.ended_at is not None and review.held_at > use.ended_at:
        raise refuse("held_at", "AFTER_USE_ENDED", f"held at {review.held_at.isoformat()}, after the use ended at "
                     f"{use.ended_at.isoformat()}")


# Readings outside these bounds are typing mistakes, not observations of a living person.
_VITAL_RANGES: dict[str, tuple[float, float]] = {
    "pulse": (10, 300),
    "respiratory_rate": (1, 80),
    "temperature": (25.0, 45.0),
    "oxygen_saturation": (40, 100),
}


def check_observation(observation: Observation, uses: Mapping[UUID, Use]) -> None:
    use = known_use(uses, observation.use_id, "use_id")
    require_text("observer", observation.observer, REFERENCE_LIMIT)
    optional_text("note", observation.note)
    if observation.observed_at < use.started_at:
        raise refuse("observed_at", "BEFORE_USE_STARTED", f"observed at {observation.observed_at.isoformat()}, "
                     f"before the use started at {use.started_at.isoformat()}")
    vitals = observation.vitals
    if vitals is not None:
        for name, (low, high) in _VITAL_RANGES.items():
            value = getattr(vitals, name)
            if value is not None and not low <= value <= high:
                raise refuse(f"vitals.{name}", "IMPLAUSIBLE", f"{name} {value} is outside {low:g}-{high:g}")
        for name in ("blood_pressure", "hydration", "consciousness", "side_effects"):
            optional_text(f"vitals.{name}", getattr(vitals, name), REFERENCE_LIMIT)
    if observation.no_further_concerns and not any(p.is_rapid_tranquillisation for p in use.practices):
        raise refuse("no_further_concerns", "NOT_RAPID_TRANQUILLISATION",
                     "only monitoring after rapid tranquillisation ends with no further concerns")


def check_extension(authorisation: Authorisation, extension: Extension) -> None:
    if authorisation.basis is not AuthorisationBasis.DOLS_URGENT:
        raise refuse("authorisation_id", "NOT_URGENT_DOLS", "only an urgent DoLS authorisation can be extended; "
                     "a standard one is followed by a new authorisation")
    if authorisation.ended_at is not None:
        raise refuse("authorisation_id", "AUTHORISATION_ALREADY_ENDED",
                     f"the authorisation ended at {authorisation.ended_at.isoformat()}")
    if extension.valid_until <= authorisation.valid_until:
        raise refuse("valid_until", "NOT_LATER", f"an extension must run past the current end, "
                     f"{authorisation.valid_until.isoformat()}")
    require_text("extended_by", extension.extended_by, REFERENCE_LIMIT)
    optional_text("reason", extension.reason)


def check_dols_request(request: DolsRequest) -> None:
    require_text("supervisory_body", request.supervisory_body, REFERENCE_LIMIT)


def check_stay(stay: Stay) -> None:
    require_text("ward", stay.ward, REFERENCE_LIMIT)


def check_notification(notification: Notification) -> None:
    optional_text("reference", notification.reference, REFERENCE_LIMIT)


def check_departure(departure: Departure) -> None:
    require_text("reason", departure.reason)
    require_text("justified_by", departure.justified_by, REFERENCE_LIMIT)
