"""The export as JSON Lines: a header, then every history entry in order, then the obligations and findings.

Keys keep the order written here (and the API's camelCase names), so two exports of the same record compare line by
line. Times are ISO 8601 in UTC.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rpledger.application.dto import HistoryEntry
from rpledger.application.replay import ObligationAt
from rpledger.application.vocabulary import Finding
from rpledger.export.case import ExportedCase


def write_jsonl(exported: ExportedCase, path: Path | str) -> None:
    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records(exported))


def records(exported: ExportedCase) -> Iterator[dict[str, Any]]:
    yield _header(exported)
    for entry in exported.entries:
        yield _entry(entry)
    for obligation in exported.obligations:
        yield _obligation(obligation, exported.as_of)
    for finding in exported.findings:
        yield _finding(finding, exported.as_of)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def _header(exported: ExportedCase) -> dict[str, Any]:
    case = exported.case
    return {
        "kind": "case",
        "id": str(case.id),
        "personRef": case.person_ref,
        "setting": case.setting.value,
        "location": case.location_id,
        "policy": f"{case.policy_name}@{case.policy_version}",
        "exportedAt": _iso(exported.exported_at),
        "asOf": _iso(exported.as_of),
        "knownAt": _iso(exported.known_at),
        "status": exported.status.value,
    }


def _entry(entry: HistoryEntry) -> dict[str, Any]:
    by = entry.recorded_by
    return {
        "kind": "entry",
        "position": entry.position,
        "entryKind": entry.kind,
        "entryId": str(entry.entry_id),
        "corrects": None if entry.corrects is None else str(entry.corrects),
        "retracts": None if entry.retracts is None else str(entry.retracts),
        "occurredAt": _iso(entry.occurred_at),
        "recordedAt": _iso(entry.recorded_at),
        "recordedBy": {"id": by.id, "name": by.name, "role": by.role},
        "correlationId": entry.correlation_id,
        "recordingDelaySeconds": entry.recording_delay_seconds,
        "late": entry.late,
        "summary": entry.summary,
        "details": entry.details,
    }


def _obligation(at: ObligationAt, as_of: datetime) -> dict[str, Any]:
    o = at.obligation
    met = o.met_at is not None and o.met_at <= as_of  # a meeting recorded later did not exist at the as-of moment
    return {
        "kind": "obligation",
        "id": str(o.id),
        "ruleId": o.rule.id,
        "description": o.rule.description,
        "source": o.rule.source,
        "confidence": o.rule.confidence,
        "triggeredBy": str(o.triggered_by),
        "openedAt": _iso(o.opened_at),
        "dueAt": _iso(o.due_at),
        "metAt": _iso(o.met_at) if met else None,
        "metBy": str(o.met_by) if met and o.met_by is not None else None,
        "status": at.status.value,
        "timeToReviewSeconds": at.time_to_review_seconds,
    }


def _finding(finding: Finding, as_of: datetime) -> dict[str, Any]:
    resolved = finding.resolved_at is not None and finding.resolved_at <= as_of
    return {
        "kind": "finding",
        "ruleId": finding.rule.id,
        "description": finding.rule.description,
        "source": finding.rule.source,
        "confidence": finding.rule.confidence,
        "subject": str(finding.subject),
        "at": _iso(finding.at),
        "resolvedAt": _iso(finding.resolved_at) if resolved else None,
        "detail": finding.detail,
        "open": finding.open_at(as_of),
    }
