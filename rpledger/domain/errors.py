"""Domain errors. Each names the fact at fault (``field``, in the domain's own snake_case terms), a stable
``code`` and a sentence a person can act on. The GraphQL layer maps them to ``UserError``s in one place."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID


class DomainError(Exception):
    code = "INVALID"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class CaseAlreadyOpenError(DomainError):
    code = "CASE_ALREADY_OPEN"

    def __init__(self, person_ref: str) -> None:
        super().__init__("person_ref", f"a case is already open for person {person_ref!r}")


class UnknownCaseError(DomainError):
    code = "UNKNOWN_CASE"

    def __init__(self, case_id: UUID | str) -> None:
        super().__init__("case_id", f"no case has id {case_id}")
        self.case_id = case_id


class StreamBusyError(DomainError):
    code = "CONCURRENT_CHANGES"

    def __init__(self, field: str, stream_id: UUID, attempts: int) -> None:
        super().__init__(
            field,
            f"{stream_id} was changed by other requests each of the {attempts} times this one tried to record; "
            "nothing was recorded: try again",
        )


class NotYetRecordedError(DomainError):
    code = "NOT_YET_RECORDED"

    def __init__(self, case_id: UUID, known_at: datetime) -> None:
        super().__init__(
            "known_at", f"nothing of case {case_id} had been recorded by {known_at.isoformat()} (known at)"
        )


class BlankValueError(DomainError):
    code = "BLANK"

    def __init__(self, field: str) -> None:
        super().__init__(field, f"{field} must not be blank")


class TooLongError(DomainError):
    code = "TOO_LONG"

    def __init__(self, field: str, length: int, limit: int) -> None:
        super().__init__(field, f"{field} is {length} characters long; at most {limit} are allowed")


class ControlCharacterError(DomainError):
    code = "CONTROL_CHARACTER"

    def __init__(self, field: str) -> None:
        super().__init__(field, f"{field} contains a control character; only printable text, tabs and new lines")


class DuplicateEntryError(DomainError):
    code = "DUPLICATE_ENTRY"

    def __init__(self, entry_id: UUID) -> None:
        super().__init__("id", f"an entry with id {entry_id} already exists in this case")
        self.entry_id = entry_id


class NoSegmentsError(DomainError):
    code = "NO_SEGMENTS"

    def __init__(self, field: str = "segments") -> None:
        super().__init__(field, "a use needs at least one segment (a practice with its start)")


class SegmentEndsBeforeItStartsError(DomainError):
    code = "END_BEFORE_START"

    def __init__(self, index: int, started_at: datetime, ended_at: datetime, prefix: str = "segments") -> None:
        super().__init__(
            f"{prefix}[{index}].ended_at",
            f"segment {index} ends at {ended_at.isoformat()}, before it starts at {started_at.isoformat()}",
        )


class SegmentsOutOfOrderError(DomainError):
    code = "SEGMENTS_OUT_OF_ORDER"

    def __init__(self, index: int, prefix: str = "segments") -> None:
        super().__init__(
            f"{prefix}[{index}].started_at",
            f"segment {index} starts before segment {index - 1} ends: segments follow one another in time",
        )


class OpenSegmentNotLastError(DomainError):
    code = "OPEN_SEGMENT_NOT_LAST"

    def __init__(self, index: int, prefix: str = "segments") -> None:
        super().__init__(
            f"{prefix}[{index}].ended_at", f"segment {index} has no end, but only the last segment may be open"
        )


class UnknownUseError(DomainError):
    code = "UNKNOWN_USE"

    def __init__(self, use_id: UUID, field: str = "use_id") -> None:
        super().__init__(field, f"this case has no use with id {use_id}")
        self.use_id = use_id


class UseAlreadyEndedError(DomainError):
    code = "USE_ALREADY_ENDED"

    def __init__(self, use_id: UUID, ended_at: datetime) -> None:
        super().__init__("use_id", f"use {use_id} already ended at {ended_at.isoformat()}")


class UseEndsBeforeItStartsError(DomainError):
    code = "END_BEFORE_START"

    def __init__(self, use_id: UUID, started_at: datetime, ended_at: datetime) -> None:
        super().__init__(
            "ended_at",
            f"use {use_id} cannot end at {ended_at.isoformat()}: its last segment started at {started_at.isoformat()}",
        )


class UseNotEndedError(DomainError):
    code = "USE_NOT_ENDED"

    def __init__(self, use_id: UUID, field: str = "use_ids") -> None:
        super().__init__(field, f"use {use_id} has not ended yet: record its end first")


class DebriefBeforeUseEndedError(DomainError):
    code = "DEBRIEF_BEFORE_USE_ENDED"

    def __init__(self, use_id: UUID, ended_at: datetime, held_at: datetime) -> None:
        super().__init__(
            "held_at", f"held at {held_at.isoformat()}, before use {use_id} ended at {ended_at.isoformat()}"
        )


class NoUsesNamedError(DomainError):
    code = "NO_USES"

    def __init__(self) -> None:
        super().__init__("use_ids", "a debrief names at least one use")


class RevisionBeforeTriggerError(DomainError):
    code = "REVISION_BEFORE_TRIGGER"

    def __init__(self, use_id: UUID, ended_at: datetime, revised_at: datetime) -> None:
        super().__init__(
            "revised_at",
            f"revised at {revised_at.isoformat()}, before the triggering use {use_id} ended at {ended_at.isoformat()}",
        )


class CarePlanVersionNotIncreasingError(DomainError):
    code = "VERSION_NOT_INCREASING"

    def __init__(self, version: int, latest: int) -> None:
        super().__init__("version", f"care plan version {version} is not after the latest version {latest}")


class AuthorisationValidForNoTimeError(DomainError):
    code = "VALID_FOR_NO_TIME"

    def __init__(self, valid_from: datetime, valid_until: datetime) -> None:
        super().__init__(
            "valid_until",
            f"valid until {valid_until.isoformat()} is not after valid from {valid_from.isoformat()}: "
            "the authorisation would be valid for no time",
        )


class NoPracticesError(DomainError):
    code = "NO_PRACTICES"

    def __init__(self) -> None:
        super().__init__("practices", "an authorisation covers at least one practice")


class UnknownAuthorisationError(DomainError):
    code = "UNKNOWN_AUTHORISATION"

    def __init__(self, authorisation_id: UUID) -> None:
        super().__init__("authorisation_id", f"this case has no authorisation with id {authorisation_id}")


class AuthorisationAlreadyEndedError(DomainError):
    code = "AUTHORISATION_ALREADY_ENDED"

    def __init__(self, authorisation_id: UUID, ended_at: datetime) -> None:
        super().__init__(
            "authorisation_id", f"authorisation {authorisation_id} already ended at {ended_at.isoformat()}"
        )


class AuthorisationEndedBeforeGrantError(DomainError):
    code = "END_BEFORE_START"

    def __init__(self, granted_at: datetime, ended_at: datetime) -> None:
        super().__init__(
            "ended_at", f"ended at {ended_at.isoformat()}, before it was granted at {granted_at.isoformat()}"
        )


class UnknownEntryError(DomainError):
    code = "UNKNOWN_ENTRY"

    def __init__(self, entry_id: UUID, action: str = "correct") -> None:
        super().__init__("entry_id", f"this case has no entry with id {entry_id} to {action}")


class AlreadyRetractedError(DomainError):
    code = "ALREADY_RETRACTED"

    def __init__(self, entry_id: UUID, retracted_at: datetime) -> None:
        super().__init__("entry_id", f"entry {entry_id} was already retracted at {retracted_at.isoformat()}")


class CaseCannotBeRetractedError(DomainError):
    code = "CASE_NOT_RETRACTABLE"

    def __init__(self) -> None:
        super().__init__("entry_id", "the case's opening cannot be retracted: correct the person's details instead")


class CorrectionKindMismatchError(DomainError):
    code = "WRONG_CORRECTION_KIND"

    def __init__(self, entry_kind: str, given: str) -> None:
        super().__init__(given, f"the entry is {entry_kind}: correct it with the {entry_kind} fields, not {given}")


class EmptyCorrectionError(DomainError):
    code = "EMPTY_CORRECTION"

    def __init__(self, entry_kind: str) -> None:
        super().__init__(entry_kind, "a correction must supply at least one corrected fact")


class EntryRefusedError(DomainError):
    """A new entry that cannot stand as given; ``code`` says why (one class for the many small checks of reviews,
    observations, DoLS requests, stays and departures)."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(field, message)
        self.code = code
