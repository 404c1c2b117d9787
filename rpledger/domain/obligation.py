"""Obligations and findings: what the rules derive from a history, and how their status follows from a moment.

Statuses are never stored: time passing changes them without any new event, so they are computed from ``due_at``,
``met_at`` and the moment asked about.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from uuid import NAMESPACE_URL, UUID, uuid5

FINDING_NAMESPACE = uuid5(NAMESPACE_URL, "https://rpledger.invalid/finding")


class ObligationStatus(Enum):
    PENDING = "PENDING"
    DUE_SOON = "DUE_SOON"
    OVERDUE = "OVERDUE"
    MET = "MET"
    MET_LATE = "MET_LATE"
    WAIVED = "WAIVED"


class ComplianceStatus(Enum):
    COMPLIANT = "COMPLIANT"
    ATTENTION = "ATTENTION"
    NON_COMPLIANT = "NON_COMPLIANT"


@dataclass(frozen=True)
class Rule:
    """A compliance rule's identity: its id, what it asks, where it comes from and how sure that source is."""

    id: str
    description: str
    source: str
    confidence: str
    # Statutory guidance (the MHA Code of Practice) and NICE guidance may be departed from for cogent reasons
    # (R (Munjaz) v Mersey Care [2005] UKHL 58): a missed timing is then a departure a clinician can justify, and
    # shows as WAIVED. Legislation's requirements cannot be waived.
    departable: bool = False


@dataclass(frozen=True)
class Obligation:
    """Something that must happen by ``due_at`` because of the entry ``triggered_by``.

    It exists from ``opened_at`` (the moment of the event that opened it). ``due_soon_from`` is ``due_at`` less the
    policy's horizon, fixed when the obligation is derived so that status needs only the moment.
    """

    id: UUID
    rule: Rule
    triggered_by: UUID
    opened_at: datetime
    due_at: datetime
    due_soon_from: datetime
    met_at: datetime | None = None
    met_by: UUID | None = None
    waived_at: datetime | None = None
    waiver_reason: str | None = None

    def exists_at(self, moment: datetime) -> bool:
        return self.opened_at <= moment

    def status(self, moment: datetime) -> ObligationStatus:
        if self.waived_at is not None and self.waived_at <= moment:
            return ObligationStatus.WAIVED
        if self.met_at is not None and self.met_at <= moment:
            return ObligationStatus.MET if self.met_at <= self.due_at else ObligationStatus.MET_LATE
        if moment > self.due_at:
            return ObligationStatus.OVERDUE
        if moment >= self.due_soon_from:
            return ObligationStatus.DUE_SOON
        return ObligationStatus.PENDING

    def time_to_review_seconds(self, moment: datetime) -> int | None:
        """Met: from the trigger to the meeting event (0 if that came first). Open: the time left until due
        (negative when overdue)."""
        status = self.status(moment)
        if status is ObligationStatus.WAIVED:
            return None
        if self.met_at is not None and self.met_at <= moment:
            # An entry made before the obligation opened (a check taken during a restraint, RES-04) met it at once.
            return max(0, math.floor((self.met_at - self.opened_at).total_seconds()))
        return math.floor((self.due_at - moment).total_seconds())


@dataclass(frozen=True)
class Finding:
    """Something found wrong in the record, open from ``at`` until ``resolved_at`` (if it ever is)."""

    rule: Rule
    subject: UUID
    at: datetime
    detail: str
    resolved_at: datetime | None = None
    waived_at: datetime | None = None
    waiver_reason: str | None = None

    @property
    def id(self) -> UUID:
        """Stable across rebuilds: the same rule about the same subject from the same moment (in UTC, as the read
        models give it back)."""
        return uuid5(FINDING_NAMESPACE, f"{self.rule.id}/{self.subject}/{self.at.astimezone(UTC).isoformat()}")

    def open_at(self, moment: datetime) -> bool:
        if self.waived_at is not None and self.waived_at <= moment:
            return False
        return self.at <= moment and (self.resolved_at is None or moment < self.resolved_at)


def compliance_status(
    obligations: Iterable[Obligation], findings: Iterable[Finding], moment: datetime
) -> ComplianceStatus:
    """NON_COMPLIANT with any overdue obligation or open finding, ATTENTION with any due soon, else COMPLIANT."""
    statuses = {o.status(moment) for o in obligations if o.exists_at(moment)}
    failing = ObligationStatus.OVERDUE in statuses or any(f.open_at(moment) for f in findings)
    return _status(failing, ObligationStatus.DUE_SOON in statuses)


def _status(failing: bool, due_soon: bool) -> ComplianceStatus:
    """Failing (an obligation overdue or a finding open) outranks due soon, which outranks neither."""
    if failing:
        return ComplianceStatus.NON_COMPLIANT
    return ComplianceStatus.ATTENTION if due_soon else ComplianceStatus.COMPLIANT


@dataclass(frozen=True)
class StatusSpan:
    """A case's status from ``start`` (inclusive; None: from the first moment) until ``end`` (exclusive; None: from
    then on, unless something more is recorded)."""

    start: datetime | None
    end: datetime | None
    status: ComplianceStatus


# An obligation is overdue only after its due moment (``moment > due_at``). Moments are exact to the microsecond, so
# "after" is "from one microsecond later", which keeps every span half-open: [start, end).
_AFTER = timedelta(microseconds=1)
# What the sweep counts: obligations overdue and findings open (either fails the case), and obligations due soon.
_FAILING, _DUE_SOON = 0, 1


def status_spans(obligations: Iterable[Obligation], findings: Iterable[Finding]) -> list[StatusSpan]:
    """``compliance_status`` at every moment at once: the moments where it changes and what it is in between, so
    that the read models can answer "which cases are NON_COMPLIANT now" with an index instead of judging every case.

    Each obligation is due soon from its horizon (once it exists) and overdue after its due moment, until it is met or
    waived; each finding counts from its moment until resolved or waived. Sweeping those intervals in time order,
    counting what fails the case and what is due soon, gives the status between consecutive moments."""
    deltas: dict[datetime, list[int]] = {}

    def count(kind: int, start: datetime, end: datetime | None) -> None:
        if end is not None and end <= start:
            return
        deltas.setdefault(start, [0, 0])[kind] += 1
        if end is not None:
            deltas.setdefault(end, [0, 0])[kind] -= 1

    for o in obligations:
        closed = _earliest(o.met_at, o.waived_at)
        overdue_from = o.due_at + _AFTER
        count(_DUE_SOON, max(o.opened_at, o.due_soon_from), _earliest(overdue_from, closed))
        count(_FAILING, max(o.opened_at, overdue_from), closed)
    for f in findings:
        count(_FAILING, f.at, _earliest(f.resolved_at, f.waived_at))

    spans: list[StatusSpan] = []
    failing = due_soon = 0
    start: datetime | None = None
    current = ComplianceStatus.COMPLIANT
    for moment in sorted(deltas):
        failing += deltas[moment][_FAILING]
        due_soon += deltas[moment][_DUE_SOON]
        status = _status(failing > 0, due_soon > 0)
        if status is not current:
            spans.append(StatusSpan(start, moment, current))
            start, current = moment, status
    spans.append(StatusSpan(start, None, current))
    return spans


def _earliest(*moments: datetime | None) -> datetime | None:
    given = [m for m in moments if m is not None]
    return min(given) if given else None
