"""What an export holds: a person's case, every history entry, and the obligations and findings at one moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from uuid import UUID

from rpledger.application.cases import Cases
from rpledger.application.dto import CaseSummary, HistoryEntry
from rpledger.application.replay import ObligationAt
from rpledger.application.view import ComplianceView
from rpledger.application.vocabulary import ComplianceStatus, Finding, Obligation, UnknownCaseError, compliance_status


@dataclass(frozen=True)
class ExportedCase:
    """A case as the record showed it at ``known_at`` (all of it when None), judged at ``as_of``.

    ``obligations`` are those that existed at ``as_of``; ``findings`` those raised by then, open or resolved.
    """

    case: CaseSummary
    exported_at: datetime
    as_of: datetime
    known_at: datetime | None
    status: ComplianceStatus
    entries: tuple[HistoryEntry, ...]
    obligations: tuple[ObligationAt, ...]
    findings: tuple[Finding, ...]

    def origin(self, entry_id: UUID | str | None) -> HistoryEntry | None:
        """The entry that first recorded ``entry_id`` (a use, a debrief...): what later entries end, correct or
        retract, and what obligations are triggered by."""
        return self._origins.get(str(entry_id))

    def changes_to(self, entry: HistoryEntry) -> list[HistoryEntry]:
        """The corrections and retractions of ``entry``, in the order they were recorded."""
        if self.origin(entry.entry_id) is not entry:
            return []
        return self._changes.get(entry.entry_id, [])

    # Indexes built once per export, so that the report's many look-ups stay linear in the length of the history.
    @cached_property
    def _origins(self) -> dict[str, HistoryEntry]:
        found: dict[str, HistoryEntry] = {}
        for entry in self.entries:
            found.setdefault(str(entry.entry_id), entry)
        return found

    @cached_property
    def _changes(self) -> dict[UUID, list[HistoryEntry]]:
        found: dict[UUID, list[HistoryEntry]] = {}
        for entry in self.entries:
            target = entry.corrects or entry.retracts
            if target is not None:
                found.setdefault(target, []).append(entry)
        return found


def export_case(
    cases: Cases,
    view: ComplianceView,
    case_id: UUID,
    *,
    as_of: datetime,
    known_at: datetime | None = None,
) -> ExportedCase:
    """Gather a person's full history and its compliance at ``as_of`` from what was recorded by ``known_at``.

    Raises ``UnknownCaseError`` for a case that does not exist (or of which nothing was recorded by ``known_at``).
    """
    summary = view.case(case_id)
    if summary is None:
        raise UnknownCaseError(case_id)
    entries = tuple(cases.history(case_id, known_at=known_at))
    obligations, findings = _compliance(cases, view, case_id, known_at)
    existing = [o for o in obligations if o.exists_at(as_of)]
    return ExportedCase(
        case=summary,
        exported_at=cases.clock().astimezone(UTC),
        as_of=as_of.astimezone(UTC),
        known_at=None if known_at is None else known_at.astimezone(UTC),
        status=compliance_status(existing, findings, as_of),
        entries=entries,
        obligations=tuple(ObligationAt(o, o.status(as_of), o.time_to_review_seconds(as_of)) for o in existing),
        findings=tuple(f for f in findings if f.at <= as_of),
    )


def _compliance(
    cases: Cases, view: ComplianceView, case_id: UUID, known_at: datetime | None
) -> tuple[list[Obligation], list[Finding]]:
    """From the read models for the record as it stands (as the API answers); recomputed from the history for the
    record as it stood at an earlier ``known_at``."""
    if known_at is None:
        return view.obligations(case_id), view.findings(case_id)
    computed = cases.compliance(case_id, known_at=known_at)
    return list(computed.obligations), list(computed.findings)
