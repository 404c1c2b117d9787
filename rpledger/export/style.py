"""The report's stylesheet, inlined in the page so the file stands alone in an inspection bundle (no assets, no
scripts). Status is always written in words too, so a black-and-white print loses nothing."""

CSS = """
:root { --ink: #1d2329; --muted: #5b6670; --rule: #d5dbe0; --paper: #ffffff; --wash: #f4f6f8;
  --red: #b3261e; --red-wash: #fbe9e7; --amber: #8a5a00; --amber-wash: #fff4d6;
  --green: #1e6b35; --green-wash: #e5f4e9; --blue: #1f4e8c; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 68rem; padding: 1.5rem 2rem 3rem; color: var(--ink); background: var(--paper);
  font: 15px/1.45 "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
a { color: var(--blue); }
h1 { font-size: 1.9rem; margin: 0; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.6rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.5rem; padding: 0.3rem 0.6rem; background: var(--wash);
  border-left: 4px solid var(--ink); }
.kicker { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem; }
.note, .small { color: var(--muted); font-size: 0.85rem; }
header.case { display: grid; grid-template-columns: 1fr auto; gap: 0.8rem 2rem; align-items: start;
  padding-bottom: 1rem; border-bottom: 1px solid var(--rule); }
header.case .meta { grid-column: 1 / -1; display: grid; grid-template-columns: repeat(3, minmax(0, 1fr));
  gap: 0.4rem 1.5rem; margin: 0; }
.meta div { margin: 0; }
.meta dt { color: var(--muted); font-size: 0.8rem; }
.meta dd { margin: 0; font-weight: 600; }
.badge { display: inline-block; padding: 0.5rem 1rem; border-radius: 0.4rem; font-weight: 700; font-size: 1.15rem;
  border: 2px solid currentColor; text-align: center; }
.badge small { display: block; font-weight: 400; font-size: 0.75rem; }
.status-compliant { color: var(--green); background: var(--green-wash); }
.status-attention { color: var(--amber); background: var(--amber-wash); }
.status-non-compliant { color: var(--red); background: var(--red-wash); }
ul.counts { display: flex; flex-wrap: wrap; gap: 0.6rem; list-style: none; padding: 0; margin: 0; }
ul.counts li { border: 1px solid var(--rule); border-radius: 0.4rem; padding: 0.4rem 0.8rem; min-width: 8rem; }
ul.counts b { display: block; font-size: 1.5rem; }
ul.counts .overdue, ul.counts .open-findings { border-color: var(--red); color: var(--red); }
ul.counts .due-soon { border-color: var(--amber); color: var(--amber); }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
th { text-align: left; font-size: 0.8rem; color: var(--muted); border-bottom: 2px solid var(--rule); padding: 0.3rem; }
td:first-child { white-space: nowrap; }
td { vertical-align: top; border-bottom: 1px solid var(--rule); padding: 0.4rem 0.3rem; }
tr.overdue td, td.overdue, tr.open td.what { color: var(--red); }
tr.overdue td:first-child, tr.open td:first-child { border-left: 4px solid var(--red); }
tr.due-soon td:first-child { border-left: 4px solid var(--amber); }
tr.resolved td { color: var(--muted); }
.pill { display: inline-block; padding: 0 0.45rem; border-radius: 1rem; font-size: 0.8rem; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.pill.overdue { color: var(--red); background: var(--red-wash); }
.pill.due-soon { color: var(--amber); background: var(--amber-wash); }
.pill.met { color: var(--green); }
.pill.met-late { color: var(--amber); }
.pill.pending, .pill.waived { color: var(--muted); }
ol.entries { list-style: none; margin: 0; padding: 0; }
li.entry { display: grid; grid-template-columns: 8.5rem 1fr; gap: 0 1rem; padding: 0.55rem 0;
  border-bottom: 1px solid var(--rule); }
li.entry .when { text-align: right; padding-right: 0.8rem; border-right: 4px solid var(--rule); }
li.entry .when .time { display: block; font-weight: 700; font-size: 1.05rem; }
li.entry .when .date, li.entry .when .what { display: block; font-size: 0.78rem; color: var(--muted); }
li.use .when { border-right-color: var(--red); }
li.debrief .when, li.care-plan .when { border-right-color: var(--green); }
li.authorisation .when { border-right-color: var(--blue); }
li.correction .when, li.withdrawal .when { border-right-color: var(--amber); }
li.entry .headline { margin: 0; font-weight: 600; }
li.withdrawn .headline, li.withdrawn dl.facts { text-decoration: line-through; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: 10rem 1fr; gap: 0.1rem 0.8rem; margin: 0.3rem 0;
  font-size: 0.88rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
p.recorded, p.link, p.change { margin: 0.2rem 0 0; font-size: 0.85rem; }
p.recorded { color: var(--muted); }
p.change { padding: 0.2rem 0.5rem; background: var(--amber-wash); border-left: 3px solid var(--amber); }
.tag { display: inline-block; margin-left: 0.4rem; padding: 0 0.4rem; border-radius: 0.25rem; font-size: 0.75rem;
  font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em; }
.tag.late { color: #fff; background: var(--red); }
.tag.corrected, .tag.withdrawn { color: var(--ink); background: var(--amber-wash); border: 1px solid var(--amber); }
.ids { font-size: 0.7rem; color: var(--muted); margin: 0.15rem 0 0; font-family: monospace; }
#rules dl.facts { grid-template-columns: 5rem 1fr; }
footer { margin-top: 2rem; padding-top: 0.6rem; border-top: 1px solid var(--rule); }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  li.entry, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  @page { margin: 15mm 12mm; }
}
"""
