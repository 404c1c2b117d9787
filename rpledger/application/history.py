"""A case's events as history entries: what happened, when, when recorded, by whom, in plain words."""

from __future__ import annotations

import dataclasses
import math
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any
from uuid import UUID

from rpledger.application.dto import HistoryEntry
from rpledger.domain.case import Case
from rpledger.domain.values import Observation

# Fields every event carries that the history shows in its own columns rather than in ``details``.
_ENVELOPE = {
    "originator_id",
    "originator_version",
    "originator_topic",
    "timestamp",
    "occurred_at",
    "recorded_by",
    "correlation_id",
}


def plain(value: Any) -> Any:
    """A JSON-ready rendering of an event value (ISO times, enum values, ids as strings, camelCase-free keys)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple | frozenset | set):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _describe(event: Case.Event | Case.CaseOpened) -> tuple[UUID, UUID | None, str]:
    """The entry an event is about, the entry it corrects (if any), and a one-line summary."""
    if isinstance(event, Case.CaseOpened):
        return event.originator_id, None, f"case opened for {event.person_ref} at {event.location_id}"
    if isinstance(event, Case.AuthorisationGranted):
        a = event.authorisation
        practices = ", ".join(p.value for p in a.practices)
        return a.id, None, f"{a.basis.value} authorisation granted by {a.granted_by} for {practices}"
    if isinstance(event, Case.AuthorisationEnded):
        return event.authorisation_id, None, "authorisation ended" + (f": {event.reason}" if event.reason else "")
    if isinstance(event, Case.UseRecorded | Case.UseStarted):
        practices = ", ".join(s.practice.value for s in event.use.segments)
        verb = "recorded" if isinstance(event, Case.UseRecorded) else "started"
        return event.use.id, None, f"use {verb}: {practices}"
    if isinstance(event, Case.UseEnded):
        return event.use_id, None, "use ended"
    if isinstance(event, Case.DebriefHeld):
        return event.debrief.id, None, f"{event.debrief.kind.value} debrief held"
    if isinstance(event, Case.DebriefDeclined):
        d = event.debrief
        return d.id, None, f"{d.kind.value} debrief declined: {d.declined_reason}"
    if isinstance(event, Case.CarePlanRevised):
        r = event.revision
        return r.id, None, f"care plan version {r.version}: {r.summary}"
    if isinstance(event, Case.ReviewHeld):
        review = event.review
        reviewers = ", ".join(f"{r.name} ({r.role.value})" for r in review.reviewers)
        manner = "" if review.face_to_face else ", not face to face"
        outcome = f": {review.outcome}" if review.outcome else ""
        return review.id, None, f"{review.kind.value} review held by {reviewers}{manner}{outcome}"
    if isinstance(event, Case.ObservationRecorded):
        return event.observation.id, None, _observation(event.observation)
    if isinstance(event, Case.AuthorisationExtended):
        x = event.extension
        reason = f": {x.reason}" if x.reason else ""
        until = x.valid_until.isoformat()
        return event.authorisation_id, None, f"authorisation extended by {x.extended_by} until {until}{reason}"
    if isinstance(event, Case.DolsRequestMade):
        request = event.request
        return request.id, None, f"standard authorisation requested from {request.supervisory_body}"
    if isinstance(event, Case.DolsRequestDecided):
        return event.request_id, None, f"standard authorisation request {event.outcome.value}"
    if isinstance(event, Case.StayBegan):
        stay = event.stay
        return stay.id, None, f"admitted to {stay.ward}" + (", an adult ward" if stay.adult_ward else "")
    if isinstance(event, Case.StayEnded):
        return event.stay_id, None, "discharged from the ward"
    if isinstance(event, Case.NotificationSent):
        n = event.notification
        reference = f" (reference {n.reference})" if n.reference else ""
        return n.id, None, f"{n.kind.value} notification sent to CQC{reference}"
    if isinstance(event, Case.DepartureJustified):
        departure = event.departure
        summary = f"departure from {departure.rule_id} justified by {departure.justified_by}: {departure.reason}"
        return departure.id, None, summary
    if isinstance(event, Case.EntryCorrected):
        fields = ", ".join(event.correction.changed_fields())
        return event.entry_id, event.entry_id, f"correction of {fields}: {event.reason}"
    if isinstance(event, Case.EntryRetracted):
        return event.entry_id, event.entry_id, f"entry retracted: {event.reason}"
    raise TypeError(f"no history rendering for {type(event).__name__}")


def _observation(o: Observation) -> str:
    parts = [f"observation by {o.observer}"]
    if o.vitals is not None and o.vitals.any_taken:
        vitals = o.vitals
        taken = [f.name.replace("_", " ") for f in dataclasses.fields(vitals) if getattr(vitals, f.name) is not None]
        parts.append(f"vital signs taken ({', '.join(taken)})")
    if o.risks is not None:
        parts.append("risks: " + ", ".join(r.value for r in o.risks) if o.risks else "no risks")
    if o.no_further_concerns:
        parts.append("no further concerns")
    summary = "; ".join(parts)
    return f"{summary}: {o.note}" if o.note else summary


def history_entry(event: Any, late_after: timedelta, *, with_details: bool = True) -> HistoryEntry:
    """One event as a history entry; ``late`` marks an entry recorded more than ``late_after`` after it happened.
    ``with_details=False`` leaves ``details`` empty, for readers that show only the summary."""
    entry_id, linked, summary = _describe(event)
    # A finished use is recorded once it is over: its delay runs from its end, as REC-01 counts it.
    happened = event.use.ended_at if isinstance(event, Case.UseRecorded) else event.occurred_at
    delay = event.timestamp - happened
    details = (
        {f.name: plain(getattr(event, f.name)) for f in dataclasses.fields(event) if f.name not in _ENVELOPE}
        if with_details
        else {}
    )
    return HistoryEntry(
        position=event.originator_version,
        kind=type(event).__name__,
        entry_id=entry_id,
        corrects=linked if isinstance(event, Case.EntryCorrected) else None,
        retracts=linked if isinstance(event, Case.EntryRetracted) else None,
        occurred_at=event.occurred_at,
        recorded_at=event.timestamp,
        recorded_by=event.recorded_by,
        correlation_id=event.correlation_id,
        recording_delay_seconds=math.floor(delay.total_seconds()),
        late=delay > late_after,
        summary=summary,
        details=details,
    )
