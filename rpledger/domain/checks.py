"""Checks a new or corrected entry must pass before it is recorded: present and printable text within its limit,
well-formed segments, an authorisation valid for some time. They raise ``DomainError``s naming the fact at fault."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from rpledger.domain import errors
from rpledger.domain.values import Authorisation, CarePlanRevision, Debrief, PersonDetails, Segment, Use

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
    optional_text("conditions", authorisation.conditions)


def check_use(use: Use, prefix: str = "segments") -> None:
    check_segments(use.segments, prefix)
    details = use.details
    for index, member in enumerate(details.staff):
        require_text(f"staff[{index}].name", member.name)
        optional_text(f"staff[{index}].job_title", member.job_title)
    for index, other in enumerate(details.non_staff or ()):
        require_text(f"non_staff[{index}].name", other.name)
        optional_text(f"non_staff[{index}].reason", other.reason)
    for name in ("reason_detail", "place", "description", "de_escalation", "outcome"):
        optional_text(name, getattr(details, name))


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
