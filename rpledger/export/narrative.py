"""Each history entry in plain words: a one-line headline and the few facts a reader needs under it.

The application's own summary (``HistoryEntry.summary``) names codes (``PHYS.PRONE``, ``WITH_PERSON``); the report
is read by ward managers and inspectors, so it says "prone restraint" and "debrief with the person" instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from rpledger.application.dto import HistoryEntry
from rpledger.export import wording as w

Facts = list[tuple[str, str]]


def headline(entry: HistoryEntry, origin: HistoryEntry | None, zone: tzinfo) -> str:
    """What the entry records, in one line; ``origin`` is the entry it continues, corrects or retracts."""
    d = entry.details
    about = _about(origin, zone)
    lines: dict[str, Callable[[], str]] = {
        "CaseOpened": lambda: f"Record opened at {d.get('location_id', '')}",
        "AuthorisationGranted": lambda: _granted(d["authorisation"]),
        "AuthorisationEnded": lambda: "Authorisation ended" + (f": {d['reason']}" if d.get("reason") else ""),
        "UseRecorded": lambda: "Use of force recorded: " + _practices(d["use"]),
        "UseStarted": lambda: "Use of force started: " + _practices(d["use"]),
        "UseEnded": lambda: "Use of force ended" + (f": {_practices(origin.details['use'])}" if origin else ""),
        "DebriefHeld": lambda: f"{w.DEBRIEFS.get(d['debrief']['kind'], 'Debrief')} held",
        "DebriefDeclined": lambda: f"{w.DEBRIEFS.get(d['debrief']['kind'], 'Debrief')} offered and declined",
        "CarePlanRevised": lambda: (
            f"Care plan revised (version {d['revision']['version']}): " + str(d["revision"]["summary"])
        ),
        "EntryCorrected": lambda: f"Correction of {_fields(d['correction'])} in {about}",
        "EntryRetracted": lambda: f"Entry withdrawn: {about}",
    }
    return lines[entry.kind]() if entry.kind in lines else entry.summary


def short(entry: HistoryEntry | None, zone: tzinfo) -> str:
    """An entry named in passing: "use of force of Mon 3 Mar 2025, 11:02"."""
    return _about(entry, zone)


def facts(entry: HistoryEntry, zone: tzinfo) -> Facts:
    """The recorded facts shown under the headline, as (label, text) pairs; empty facts are left out."""
    d = entry.details
    found: Facts = []
    if entry.kind == "CaseOpened":
        found = _person(d)
    elif entry.kind == "AuthorisationGranted":
        a = d["authorisation"]
        found = [
            ("Covers", w.practices(a["practices"])),
            ("Valid", f"{_at(a['valid_from'], zone)} to {_at(a['valid_until'], zone)}"),
            ("Conditions", w.value(a.get("conditions"))),
        ]
    elif entry.kind in ("UseRecorded", "UseStarted"):
        found = _use(d["use"], zone)
    elif entry.kind == "DebriefDeclined":
        found = [("Reason given", w.value(d["debrief"].get("declined_reason")))]
    elif entry.kind == "CarePlanRevised":
        r = d["revision"]
        found = [("Changes", w.value(r.get("changes"))), ("Next review", w.value(r.get("next_review_on")))]
    elif entry.kind == "EntryCorrected":
        found = [*_corrected_values(d["correction"], zone), ("Reason", w.value(d.get("reason")))]
    elif entry.kind == "EntryRetracted":
        found = [("Reason", w.value(d.get("reason")))]
    return [(label, text) for label, text in found if text]


def related(entry: HistoryEntry) -> list[str]:
    """The ids of the uses a debrief or a care-plan revision is about (the report links to them)."""
    d = entry.details
    if entry.kind in ("DebriefHeld", "DebriefDeclined"):
        return [str(u) for u in d["debrief"].get("use_ids", [])]
    if entry.kind == "CarePlanRevised":
        return [str(u) for u in d["revision"].get("triggered_by", [])]
    return []


def _about(entry: HistoryEntry | None, zone: tzinfo) -> str:
    if entry is None:
        return "an entry not in this record"
    kinds = {
        "CaseOpened": "the person's details",
        "AuthorisationGranted": "the authorisation",
        "UseRecorded": "the use of force",
        "UseStarted": "the use of force",
        "DebriefHeld": "the debrief",
        "DebriefDeclined": "the debrief",
        "CarePlanRevised": "the care-plan revision",
    }
    return f"{kinds.get(entry.kind, 'the entry')} of {w.when(entry.occurred_at, zone)}"


def _granted(a: dict[str, Any]) -> str:
    basis = w.BASES.get(a["basis"], a["basis"])
    return f"Authorisation granted ({basis}) by {a['granted_by']}"


def _practices(use: dict[str, Any]) -> str:
    names = dict.fromkeys(w.practice(s["practice"]) for s in use["segments"])
    return ", then ".join(names)


def _fields(correction: dict[str, Any]) -> str:
    return ", ".join(w.field_name(k) for k, v in correction.items() if v is not None) or "nothing"


def _at(iso: str | None, zone: tzinfo) -> str:
    return w.when(datetime.fromisoformat(iso), zone) if iso else ""


def _segments(segments: list[dict[str, Any]], zone: tzinfo) -> str:
    parts = []
    for s in segments:
        end = w.clock_time(datetime.fromisoformat(s["ended_at"]), zone) if s.get("ended_at") else "still going on"
        parts.append(
            f"{w.clock_time(datetime.fromisoformat(s['started_at']), zone)} to {end} {w.practice(s['practice'])}"
        )
    return "; ".join(parts)


def _use(use: dict[str, Any], zone: tzinfo) -> Facts:
    d = use["details"]
    staff = [f"{s['name']} ({s['job_title']})" if s.get("job_title") else s["name"] for s in d.get("staff") or []]
    return [
        ("When", _segments(use["segments"], zone)),
        ("Why", w.REASONS.get(d.get("reason") or "", "")),
        ("Why, in detail", w.value(d.get("reason_detail"))),
        ("Where", w.value(d.get("place"))),
        ("Staff", "; ".join(staff)),
        ("What happened", w.value(d.get("description"))),
        ("De-escalation tried", w.value(d.get("de_escalation"))),
        ("Outcome", w.value(d.get("outcome"))),
    ]


def _person(d: dict[str, Any]) -> Facts:
    person = d.get("person") or {}
    return [
        ("Setting", w.SETTINGS.get(d.get("setting", ""), "")),
        ("Name", w.value(person.get("name"))),
        ("Date of birth", w.value(d.get("date_of_birth"))),
    ]


def _corrected_values(correction: dict[str, Any], zone: tzinfo) -> Facts:
    found: Facts = []
    for name, new in correction.items():
        if new is None:
            continue
        text = _segments(new, zone) if name == "segments" else w.value(new)
        found.append((f"New {w.field_name(name)}", text))
    return found
