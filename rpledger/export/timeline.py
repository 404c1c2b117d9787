"""The report's timeline: every entry in the order it was written into the record, under the day it was recorded.

The record's order is kept (rather than re-sorting by when things happened) because that order is what an
inspector audits; an entry written late says so, and shows the day it happened. Corrections and retractions link
to the entry they change, and that entry links back to them. All recorded text is escaped here.
"""

from __future__ import annotations

from datetime import tzinfo
from html import escape
from itertools import groupby

from rpledger.application.dto import HistoryEntry
from rpledger.export import narrative
from rpledger.export import wording as w
from rpledger.export.case import ExportedCase

# The left-hand label and the CSS class of each kind of entry (the class colours its edge).
_KINDS = {
    "CaseOpened": ("Record opened", "opened"),
    "AuthorisationGranted": ("Authorisation", "authorisation"),
    "AuthorisationEnded": ("Authorisation", "authorisation"),
    "UseRecorded": ("Use of force", "use"),
    "UseStarted": ("Use of force", "use"),
    "UseEnded": ("Use of force", "use"),
    "DebriefHeld": ("Debrief", "debrief"),
    "DebriefDeclined": ("Debrief", "debrief"),
    "CarePlanRevised": ("Care plan", "care-plan"),
    "EntryCorrected": ("Correction", "correction"),
    "EntryRetracted": ("Withdrawal", "withdrawal"),
}


_INTRODUCTION = (
    '<p class="note">Every entry in the order it was written into the record, under the day it was recorded. '
    "The time on the left is when it happened. Entries recorded late are marked; corrections and withdrawals "
    "link to the entry they change. Nothing is ever deleted from the record.</p>"
)


def anchor(entry: HistoryEntry) -> str:
    return f"entry-{entry.position}"


def link(entry: HistoryEntry | None, zone: tzinfo) -> str:
    """A link to an entry, named in passing (no link for an entry outside this record)."""
    text = escape(narrative.short(entry, zone))
    return text if entry is None else f'<a href="#{anchor(entry)}">{text}</a>'


def timeline(exported: ExportedCase, zone: tzinfo) -> str:
    days = groupby(exported.entries, key=lambda e: e.recorded_at.astimezone(zone).date())
    parts = ['<section id="timeline"><h2>Timeline</h2>', _INTRODUCTION]
    for _, group in days:
        entries = list(group)
        parts.append(f'<section class="day"><h3>{escape(w.day(entries[0].recorded_at, zone))}</h3>')
        parts.append('<ol class="entries">')
        parts.extend(_entry(exported, e, zone) for e in entries)
        parts.append("</ol></section>")
    parts.append("</section>")
    return "\n".join(parts)


def _entry(exported: ExportedCase, entry: HistoryEntry, zone: tzinfo) -> str:
    label, kind_class = _KINDS.get(entry.kind, ("Entry", "other"))
    changes = exported.changes_to(entry)
    classes = ["entry", kind_class]
    if any(c.retracts for c in changes):
        classes.append("withdrawn")
    target = exported.origin(entry.corrects or entry.retracts or entry.entry_id)
    origin = target if target is not entry else None
    headline = narrative.headline(entry, origin, zone)
    return (
        f'<li class="{" ".join(classes)}" id="{anchor(entry)}">'
        f"{_when(entry, zone, label)}"
        f'<div class="body"><p class="headline">{escape(headline)}{_tags(entry, changes)}</p>'
        f"{_facts(entry, zone)}{_links(exported, entry, origin, zone)}{_changes(changes, zone)}"
        f"{_recorded(entry, zone)}"
        f'<p class="ids">entry {entry.position} · {escape(entry.kind)} · {escape(str(entry.entry_id))}</p>'
        "</div></li>"
    )


def _when(entry: HistoryEntry, zone: tzinfo, label: str) -> str:
    happened = entry.occurred_at.astimezone(zone)
    date = ""
    if happened.date() != entry.recorded_at.astimezone(zone).date():
        date = f'<span class="date">{escape(w.when(entry.occurred_at, zone).rsplit(",", 1)[0])}</span>'
    return (
        f'<div class="when"><span class="time">{w.clock_time(entry.occurred_at, zone)}</span>{date}'
        f'<span class="what">{escape(label)}</span></div>'
    )


def _tags(entry: HistoryEntry, changes: list[HistoryEntry]) -> str:
    tags = []
    if entry.late:
        tags.append('<span class="tag late">Recorded late</span>')
    if any(c.corrects for c in changes):
        tags.append('<span class="tag corrected">Corrected</span>')
    if any(c.retracts for c in changes):
        tags.append('<span class="tag withdrawn">Withdrawn</span>')
    return "".join(tags)


def _facts(entry: HistoryEntry, zone: tzinfo) -> str:
    rows = "".join(f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in narrative.facts(entry, zone))
    return f'<dl class="facts">{rows}</dl>' if rows else ""


def _links(exported: ExportedCase, entry: HistoryEntry, origin: HistoryEntry | None, zone: tzinfo) -> str:
    """Where this entry points: the entry it corrects or withdraws, or the uses a debrief or revision is about."""
    if entry.corrects is not None:
        return f'<p class="link">Corrects {link(origin, zone)}</p>'
    if entry.retracts is not None:
        return f'<p class="link">Withdraws {link(origin, zone)}</p>'
    about = [link(exported.origin(u), zone) for u in narrative.related(entry)]
    return f'<p class="link">About {"; ".join(about)}</p>' if about else ""


def _changes(changes: list[HistoryEntry], zone: tzinfo) -> str:
    """On the original entry: each later correction or withdrawal, linked."""
    notes = []
    for change in changes:
        verb = "Corrected" if change.corrects else "Withdrawn"
        reason = str(change.details.get("reason") or "")
        notes.append(
            f'<p class="change">{verb} on <a href="#{anchor(change)}">{escape(w.when(change.occurred_at, zone))}</a>'
            f" by {escape(_who(change))}" + (f": {escape(reason)}" if reason else "") + "</p>"
        )
    return "".join(notes)


def _recorded(entry: HistoryEntry, zone: tzinfo) -> str:
    delay = ""
    if entry.late:
        since = "it ended" if entry.kind == "UseRecorded" else "it happened"  # a finished use counts from its end
        delay = f" ({escape(w.duration(entry.recording_delay_seconds))} after {since})"
    return f'<p class="recorded">Recorded {escape(w.when(entry.recorded_at, zone))} by {escape(_who(entry))}{delay}</p>'


def _who(entry: HistoryEntry) -> str:
    by = entry.recorded_by
    return f"{by.name} ({w.field_name(by.role.lower())})"
