"""The printable HTML report of one case: the header and its status, a summary, the findings, the obligations, the
timeline, and the rules they come from.

The page is self-contained (inline CSS, no script, no external asset) so that it can be filed, mailed or printed as
it is. Everything recorded by staff is untrusted text and goes through ``html.escape``.
"""

from __future__ import annotations

from collections import Counter
from datetime import tzinfo
from html import escape

from rpledger.application.replay import ObligationAt
from rpledger.application.vocabulary import Finding, ObligationStatus
from rpledger.export import wording as w
from rpledger.export.case import ExportedCase
from rpledger.export.style import CSS
from rpledger.export.timeline import link, timeline

# Most urgent first: the order of the summary and of the obligations table.
_URGENCY = list(w.OBLIGATION_STATUS)


def render_html(exported: ExportedCase, *, zone: tzinfo | None = None) -> str:
    """The report as one HTML document; times are shown in ``zone`` (UK time by default)."""
    zone = zone or w.uk_time()
    title = f"Restrictive practice record: {exported.case.person_ref}"
    body = "\n".join(
        [
            _header(exported, zone),
            "<main>",
            _summary(exported),
            _findings(exported, zone),
            _obligations(exported, zone),
            timeline(exported, zone),
            _rules(exported),
            "</main>",
            _footer(exported, zone),
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _header(exported: ExportedCase, zone: tzinfo) -> str:
    case = exported.case
    known = "everything recorded by the export" if exported.known_at is None else w.when(exported.known_at, zone)
    meta = [
        ("Setting", w.SETTINGS.get(case.setting.value, case.setting.value)),
        ("Location", case.location_id),
        ("Rules applied", f"{case.policy_name}, version {case.policy_version}"),
        ("Status as of", w.when(exported.as_of, zone)),
        ("Record as known at", known),
        ("Exported", w.when(exported.exported_at, zone)),
    ]
    rows = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in meta)
    status = exported.status
    return (
        '<header class="case"><div><p class="kicker">Restrictive practice record</p>'
        f"<h1>{escape(case.person_ref)}</h1></div>"
        f'<div class="badge status-{w.css_name(status.value)}">{escape(w.COMPLIANCE[status])}'
        f"<small>as of {escape(w.when(exported.as_of, zone))}</small></div>"
        f'<dl class="meta">{rows}</dl>'
        f'<p class="note">{escape(_zone_note(zone))}</p></header>'
    )


def _zone_note(zone: tzinfo) -> str:
    name = str(zone)
    return "Times are UK time (GMT or BST)." if name == "Europe/London" else f"Times are in {name}."


def _summary(exported: ExportedCase) -> str:
    counts = Counter(o.status for o in exported.obligations)
    # Overdue and due soon are always shown, so that a nought there can be read as "nothing late".
    items = [
        f'<li class="{w.css_name(s.value) if counts[s] else ""}"><b>{counts[s]}</b>'
        f"{escape(w.OBLIGATION_STATUS[s].lower())}</li>"
        for s in _URGENCY
        if counts[s] or s in (ObligationStatus.OVERDUE, ObligationStatus.DUE_SOON)
    ]
    open_findings = sum(f.open_at(exported.as_of) for f in exported.findings)
    items.append(f'<li class="{"open-findings" if open_findings else ""}"><b>{open_findings}</b>open findings</li>')
    items.append(f"<li><b>{len(exported.entries)}</b>entries in the record</li>")
    return (
        '<section id="summary"><h2>At a glance</h2>'
        f'<p class="note">{len(exported.obligations)} things staff had to do, by status:</p>'
        f'<ul class="counts">{"".join(items)}</ul></section>'
    )


def _findings(exported: ExportedCase, zone: tzinfo) -> str:
    ordered = sorted(exported.findings, key=lambda f: (not f.open_at(exported.as_of), f.at))
    rows = "".join(_finding_row(exported, f, zone) for f in ordered)
    head = "<th>Rule</th><th>What is wrong</th><th>About</th><th>Since</th><th>Resolved</th><th>Source</th>"
    table = (
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else ('<p class="note">Nothing was found wrong in the record.</p>')
    )
    return f'<section id="findings"><h2>What is wrong in the record</h2>{table}</section>'


def _finding_row(exported: ExportedCase, finding: Finding, zone: tzinfo) -> str:
    is_open = finding.open_at(exported.as_of)
    resolved = w.when(finding.resolved_at, zone) if not is_open and finding.resolved_at else "not yet"
    rule = finding.rule
    return (
        f'<tr class="{"open" if is_open else "resolved"}"><td>{escape(rule.id)}</td>'
        f'<td class="what">{escape(finding.detail)}<br><span class="small">{escape(rule.description)}</span></td>'
        f"<td>{link(exported.origin(finding.subject), zone)}</td>"
        f"<td>{escape(w.when(finding.at, zone))}</td><td>{escape(resolved)}</td>"
        f'<td class="small">{escape(rule.source)}<br>{escape(w.CONFIDENCE.get(rule.confidence, rule.confidence))}</td>'
        "</tr>"
    )


def _obligations(exported: ExportedCase, zone: tzinfo) -> str:
    ordered = sorted(exported.obligations, key=lambda o: (_URGENCY.index(o.status), o.obligation.due_at))
    rows = "".join(_obligation_row(exported, o, zone) for o in ordered)
    head = "<th>Rule</th><th>What must be done</th><th>Because of</th><th>Due</th><th>Done</th><th>Status</th>"
    head += "<th>Time to review</th>"
    table = (
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else ('<p class="note">Nothing had to be done.</p>')
    )
    return f'<section id="obligations"><h2>What staff must do, and by when</h2>{table}</section>'


def _obligation_row(exported: ExportedCase, at: ObligationAt, zone: tzinfo) -> str:
    o = at.obligation
    status = w.css_name(at.status.value)
    done = ""
    if o.met_at is not None and o.met_at <= exported.as_of:
        met_by = exported.origin(o.met_by)
        text = escape(w.when(o.met_at, zone))
        done = text if met_by is None else f'<a href="#entry-{met_by.position}">{text}</a>'
    return (
        f'<tr class="{status}"><td>{escape(o.rule.id)}</td><td>{escape(o.rule.description)}</td>'
        f"<td>{link(exported.origin(o.triggered_by), zone)}</td><td>{escape(w.when(o.due_at, zone))}</td>"
        f'<td>{done}</td><td><span class="pill {status}">{escape(w.OBLIGATION_STATUS[at.status])}</span></td>'
        f'<td class="{status}">{escape(w.time_to_review(at.status, at.time_to_review_seconds))}</td></tr>'
    )


def _rules(exported: ExportedCase) -> str:
    rules = {o.obligation.rule.id: o.obligation.rule for o in exported.obligations}
    rules.update({f.rule.id: f.rule for f in exported.findings})
    items = "".join(
        f"<dt>{escape(r.id)}</dt><dd>{escape(r.description)} <span class='small'>Source: {escape(r.source)} "
        f"({escape(w.CONFIDENCE.get(r.confidence, r.confidence))})</span></dd>"
        for r in sorted(rules.values(), key=lambda r: r.id)
    )
    return f'<section id="rules"><h2>The rules used</h2><dl class="facts">{items}</dl></section>' if items else ""


def _footer(exported: ExportedCase, zone: tzinfo) -> str:
    return (
        f'<footer class="small">Exported by rpledger on {escape(w.when(exported.exported_at, zone))} '
        f"from the case record {escape(str(exported.case.id))}. The same export as data: the JSON Lines file of "
        "the same name.</footer>"
    )
