"""The read models against a recomputation from the event store: what ``rpledger projections rebuild`` filled in,
checked row by row against the same facts derived again, independently, from the log.

Used by ``test_read_models_at_scale`` (a CI-sized log) and ``bench/read_model_check.py`` (a million events).

What is compared, for every stream of the log:

- **each case** as the read models serve it (``view.case``, ``view.uses``, ``view.obligations``, ``view.findings``)
  against the case loaded through a ``Cases`` application of its own and judged by ``rules.evaluate`` with the
  policy of its setting (what ``Cases.compliance`` computes): every field of the summary (the version against the
  stream's head in the log), each use, obligation and finding field by field, their counts, the next due time,
  and the columns of ``rp_uses`` that the trends filter on (``started_at``, ``ended_at``) or that reports read
  (``practices``), which ``view.uses`` does not give back;
- **each case's status**, against ``compliance_status`` of the recomputed obligations and findings: as the status
  filter of ``view.cases`` selects it and as a page of ``view.cases`` gives it beside each case, at three moments;
  and the status spans the view stores for each case (``rp_status_spans``, what both are read from) at every
  moment, not only those three (``_check_spans``);
- **each blanket restriction** as the register serves it (``restriction``, and its place in ``register`` of its
  location, with and without the lifted ones) against the restriction loaded through ``BlanketRestrictions`` and
  judged by ``evaluate_restriction``, and the stored ``next_review_due`` column;
- **the log as a whole**: the cases and restrictions listed against the streams in the log (none missing, none
  extra, no rows left over for a stream that is not there), and both projections' tracking position against the
  log's last notification id.

The recomputation never goes through the projections' own code (``CaseProjection.state_of``,
``restriction_state``): what the read models should say is derived here again from the aggregates, so that a mistake
in the projection shows as a difference instead of being repeated on both sides. The reader is a separate ``Cases``
with no aggregate cache, so nothing the projection cached (or a command mutated in the cache) is shared either.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from itertools import pairwise
from typing import Any, TextIO
from uuid import UUID

from eventsourcing.utils import get_topic
from sqlalchemy import Table, func, select

from rpledger.application.blanket_restrictions import BlanketRestrictions
from rpledger.application.cases import Cases
from rpledger.application.dto import CasePage, CaseSummary, UseSummary
from rpledger.bootstrap import Services
from rpledger.domain.blanket_restriction import BlanketRestriction, BlanketRestrictionPriority
from rpledger.domain.case import Case
from rpledger.domain.obligation import ComplianceStatus, Finding, Obligation, compliance_status
from rpledger.domain.policy import Policy
from rpledger.domain.rules import evaluate
from rpledger.domain.values import Use
from rpledger.infrastructure import blanket_register as register_tables
from rpledger.infrastructure import case_status_spans
from rpledger.infrastructure import compliance_tables as view_tables
from rpledger.infrastructure.coordination import startup_lock
from rpledger.infrastructure.persistence import event_store_env
from rpledger.progress import Progress

__all__ = ["Difference", "ReadModelCheck", "check_read_models", "compare_read_models"]

CASE_TOPIC_PREFIX = get_topic(Case) + "."
RESTRICTION_TOPIC_PREFIX = get_topic(BlanketRestriction) + "."
# Listing "every case" through ``view.cases``: a moment after any case can have been opened, a page with no limit.
_FAR_FUTURE = datetime(2999, 12, 31, tzinfo=UTC)
# Listings are read a page at a time, as the API reads them (500 is the most ``first`` it allows).
_PAGE = 500
# Cases whose raw ``rp_uses`` rows, and whose status spans, are read in one query.
_CHUNK = 500
_MICROSECOND = timedelta(microseconds=1)
_SUMMARY_FIELDS = ("person_ref", "setting", "location_id", "provider_id", "date_of_birth", "opened_at",
                   "policy_name", "policy_version", "version")
_RULE_FIELDS = ("id", "description", "source", "confidence", "departable")
_OBLIGATION_FIELDS = ("triggered_by", "opened_at", "due_at", "due_soon_from", "met_at", "met_by", "waived_at",
                      "waiver_reason")
_FINDING_FIELDS = ("subject", "at", "detail", "resolved_at", "waived_at", "waiver_reason")


@dataclass(frozen=True)
class Difference:
    """One fact the read models serve that the recomputation does not give. ``kind`` is ``case``, ``restriction``,
    ``location`` or ``log``; ``subject`` the case or restriction id (or location, or what of the log)."""

    kind: str
    subject: str
    field: str
    expected: str
    found: str

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}: {self.field}: expected {self.expected}, found {self.found}"


@dataclass
class ReadModelCheck:
    """What was compared, and every difference found."""

    events: int = 0
    cases: int = 0
    restrictions: int = 0
    uses: int = 0
    obligations: int = 0
    findings: int = 0
    moments: tuple[datetime, ...] = ()
    # How many cases the recomputation finds in each status at the first moment (now).
    statuses: dict[ComplianceStatus, int] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)


@dataclass
class _Log:
    """The streams of the log: each one's head version, and the topic of its first event (which says its kind)."""

    events: int = 0
    last_id: int = 0
    heads: dict[UUID, int] = field(default_factory=dict)
    first_topics: dict[UUID, str] = field(default_factory=dict)

    def streams(self, prefix: str) -> dict[UUID, int]:
        return {s: v for s, v in self.heads.items() if self.first_topics.get(s, "").startswith(prefix)}


def compare_read_models(services: Services, *, moments: Sequence[datetime] | None = None) -> list[Difference]:
    """Every difference between the read models and their recomputation from the event store (see the module)."""
    return check_read_models(services, moments=moments).differences


def check_read_models(
    services: Services,
    *,
    moments: Sequence[datetime] | None = None,
    progress: TextIO | bool = False,
) -> ReadModelCheck:
    """Compare everything the read models serve with what the event store says they should (see the module).

    ``moments``: when to compare the case statuses (default: now by the services' clock, 30 days and half a year
    before); the first is "now" for next-due times and the register."""
    now = services.clock().astimezone(UTC)
    at = tuple(moments) if moments else (now, now - timedelta(days=30), now - timedelta(days=182))
    result = ReadModelCheck(moments=at)
    out = result.differences
    log = _read_log(services)
    result.events = log.events
    case_heads = log.streams(CASE_TOPIC_PREFIX)
    restriction_heads = log.streams(RESTRICTION_TOPIC_PREFIX)
    result.cases, result.restrictions = len(case_heads), len(restriction_heads)

    max_id = services.cases.recorder.max_notification_id() or 0
    if max_id != log.last_id:
        out.append(Difference("log", "notifications", "max notification id", str(log.last_id), str(max_id)))
    for name, position in (("compliance", services.view.position()),
                           ("blanket_register", services.blanket_register.position())):
        if position != max_id:
            out.append(Difference("log", name, "tracking position", str(max_id), str(position)))

    reader = _uncached_reader(services)
    bar = Progress(len(case_heads) + len(restriction_heads), "check", progress, " streams")
    try:
        _check_cases(services, reader, case_heads, at, result, bar)
        _check_restrictions(services, reader, restriction_heads, at[0], result, bar)
    finally:
        bar.close()
        reader.close()
    return result


# ------------------------------------------------------------------------------------------------------- the log


def _read_log(services: Services) -> _Log:
    """One pass over the notification log, without decoding: which streams there are, and how far each goes."""
    log = _Log()
    recorder, start = services.cases.recorder, 1
    while page := recorder.select_notifications(start, 1000):
        for n in page:
            stream = UUID(str(n.originator_id))
            log.heads[stream] = max(log.heads.get(stream, 0), n.originator_version)
            if n.originator_version == 1:
                log.first_topics[stream] = n.topic
        log.events += len(page)
        log.last_id = page[-1].id
        start = page[-1].id + 1
    return log


def _uncached_reader(services: Services) -> Cases:
    """A ``Cases`` on the same store with no aggregate cache (``AGGREGATE_CACHE_MAXSIZE`` empty: none), so every
    case is folded from the stored events (and snapshots) rather than taken from what the projection cached."""
    settings = services.settings
    env = {**event_store_env(settings.database, settings.encryption_key), "AGGREGATE_CACHE_MAXSIZE": ""}
    with startup_lock(settings.database):
        return Cases(env=env, clock=services.clock, policies=services.cases.policies)


# ------------------------------------------------------------------------------------------------------- cases


def _check_cases(
    services: Services,
    reader: Cases,
    heads: dict[UUID, int],
    moments: tuple[datetime, ...],
    result: ReadModelCheck,
    bar: Progress,
) -> None:
    out, view, now = result.differences, services.view, moments[0]
    listed = {s.id: s for s in _every_case(services, _FAR_FUTURE, None, out).cases}
    for missing in sorted(set(heads) - set(listed), key=str):
        out.append(Difference("case", str(missing), "row", "listed by cases()", "not listed"))
    for extra in sorted(set(listed) - set(heads), key=str):
        out.append(Difference("case", str(extra), "row", "no such case in the log", "listed by cases()"))
    _check_orphans(services, set(heads), out)
    statuses = [_served_statuses(services, moment, out) for moment in moments]
    listed_statuses = [_listed_statuses(services, moment, out) for moment in moments]

    open_now = 0
    at_location: dict[str, int] = defaultdict(int)
    ids = sorted(heads, key=str)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        raw_uses = _raw_uses(services, chunk)
        spans = _stored_spans(services, chunk)
        for case_id in chunk:
            case = reader.get_case(case_id)
            policy = reader.policy_for(case.setting)
            compliance = evaluate(case, policy)
            subject = str(case_id)
            found = view.case(case_id)
            if case.version != heads[case_id]:  # the reader and the log disagree: the check itself is in doubt
                out.append(Difference("log", subject, "head version", str(heads[case_id]), str(case.version)))
            if found is None:
                out.append(Difference("case", subject, "summary", "a row", "none"))
            else:
                _fields(out, "case", subject, "", _expected_summary(case, policy.name, policy.version), found,
                        _SUMMARY_FIELDS)
            served_obligations, served_findings = view.obligations(case_id), view.findings(case_id)
            expected_uses = sorted(case.uses.values(), key=lambda u: (u.started_at, str(u.id)))
            _check_uses(out, subject, expected_uses, view.uses(case_id), raw_uses.get(subject, []))
            _check_obligations(out, "case", subject, compliance.obligations, served_obligations)
            _check_findings(out, "case", subject, compliance.findings, served_findings)
            _compare(out, "case", subject, "next due", _next_due(compliance.obligations, now),
                     _next_due(served_obligations, now))
            _check_spans(out, subject, compliance.obligations, compliance.findings, spans.get(subject, []))
            _check_span_copies(out, subject, case, spans.get(subject, []))
            for index, moment in enumerate(moments):
                # ``cases`` lists only the cases opened by the moment asked about.
                expected = (compliance_status(compliance.obligations, compliance.findings, moment)
                            if case.opened_at <= moment else None)
                _compare(out, "case", subject, f"status at {_show(moment)} (status filter)", expected,
                         statuses[index].get(case_id))
                _compare(out, "case", subject, f"status at {_show(moment)} (as listed)", expected,
                         listed_statuses[index].get(case_id))
                if index == 0 and expected is not None:  # now: also the totals below
                    result.statuses[expected] = result.statuses.get(expected, 0) + 1
                    open_now += 1
                    at_location[case.location_id] += 1
            result.uses += len(expected_uses)
            result.obligations += len(compliance.obligations)
            result.findings += len(compliance.findings)
            bar.advance()

    # The totals the listing gives (each page says how many there are in all), overall and per location.
    total = view.cases(moment=now, status=None, location_id=None, first=1, after=None).total_count
    _compare(out, "log", "cases", f"cases open at {_show(now)}", open_now, total)
    for location in sorted(set(at_location) | _served_locations(services, view_tables.cases)):
        page = view.cases(moment=now, status=None, location_id=location, first=1, after=None)
        _compare(out, "location", location, "cases open now (total count)", at_location.get(location, 0),
                 page.total_count)


def _every_case(
    services: Services, moment: datetime, status: ComplianceStatus | None, out: list[Difference]
) -> CasePage:
    """Every case ``view.cases`` lists at ``moment`` (with ``status``), read page after page as a client pages
    through them: the cases in order and the status given beside each, gathered into one page. Each page's total
    count must be the number of cases listed in all."""
    cases: list[CaseSummary] = []
    statuses: dict[UUID, ComplianceStatus] = {}
    after: UUID | None = None
    while True:
        page = services.view.cases(moment=moment, status=status, location_id=None, first=_PAGE, after=after)
        cases.extend(page.cases)
        statuses.update(page.statuses)
        if not page.has_next_page or not page.cases:
            break
        after = page.cases[-1].id
    label = "every case" if status is None else f"status {status.value}"
    if page.total_count != len(cases):
        out.append(Difference("log", label, f"total count at {_show(moment)}", str(len(cases)),
                              str(page.total_count)))
    if len({c.id for c in cases}) != len(cases):
        out.append(Difference("log", label, f"listing at {_show(moment)}", "each case once", "a case twice"))
    return CasePage(tuple(cases), False, page.total_count, statuses)


def _served_statuses(services: Services, moment: datetime, out: list[Difference]) -> dict[UUID, ComplianceStatus]:
    """Each case's status at ``moment`` as the status filter of ``view.cases`` selects it: one listing per status."""
    served: dict[UUID, ComplianceStatus] = {}
    for status in ComplianceStatus:
        for summary in _every_case(services, moment, status, out).cases:
            if summary.id in served:
                out.append(Difference("case", str(summary.id), f"status at {_show(moment)}", "one status",
                                      f"{served[summary.id].value} and {status.value}"))
            served[summary.id] = status
    return served


def _listed_statuses(services: Services, moment: datetime, out: list[Difference]) -> dict[UUID, ComplianceStatus]:
    """Each case's status at ``moment`` as a page of ``view.cases`` gives it beside each case listed."""
    return dict(_every_case(services, moment, None, out).statuses)


def _stored_spans(services: Services, case_ids: Sequence[UUID]) -> dict[str, list[_Span]]:
    """The status spans the view stores for each case (``rp_status_spans``), in time order: what the status filter
    and the listed statuses are read from."""
    t = case_status_spans.spans
    query = select(t.c.case_id, t.c.status, t.c.start_at, t.c.end_at, t.c.provider_id, t.c.location_id,
                   t.c.opened_at).where(t.c.case_id.in_([str(c) for c in case_ids]))
    grouped: dict[str, list[_Span]] = defaultdict(list)
    with services.view.engine.connect() as conn:
        for case_id, status, start, end, provider_id, location_id, opened_at in conn.execute(query):
            grouped[case_id].append(_Span(start.replace(tzinfo=UTC), end.replace(tzinfo=UTC), status,
                                          (provider_id, location_id, opened_at.replace(tzinfo=UTC))))
    return {case_id: sorted(found) for case_id, found in grouped.items()}


@dataclass(frozen=True, order=True)
class _Span:
    start: datetime
    end: datetime
    status: str
    # The copies of its case's provider, location and opening that listing by status filters on.
    copied: tuple[str, str, datetime]


def _check_span_copies(out: list[Difference], subject: str, case: Case, spans: Sequence[_Span]) -> None:
    expected = (case.provider_id, case.location_id, case.opened_at.astimezone(UTC))
    for span in spans:
        if span.copied != expected:
            out.append(Difference("case", subject, "status spans' copies of provider, location, opening",
                                  repr(expected), repr(span.copied)))
            return


def _check_spans(
    out: list[Difference], subject: str, obligations: Sequence[Obligation], findings: Sequence[Finding],
    spans: Sequence[_Span],
) -> None:
    """The stored spans against ``compliance_status`` of the recomputed obligations and findings at every moment.

    ``compliance_status`` can change only at a moment where an obligation opens, is due soon, becomes overdue (one
    microsecond after it is due: the resolution of the times stored), is met or waived, or a finding is found,
    resolved or waived; the stored spans change only at their boundaries. Between two consecutive moments of both
    kinds, both are constant: so comparing at each of those moments, and once before all of them, compares the
    two at every moment. The spans must also cover all time without gaps or overlaps."""
    if not spans:
        out.append(Difference("case", subject, "status spans", "rows", "none"))
        return
    for before, after in pairwise(spans):
        if before.end != after.start:
            out.append(Difference("case", subject, "status spans", f"one starting at {_show(before.end)}",
                                  f"one starting at {_show(after.start)}"))
            return
    moments: set[datetime] = {span.start for span in spans[1:]}
    for o in obligations:
        moments.update(m for m in (o.opened_at, o.due_soon_from, o.due_at + _MICROSECOND, o.met_at, o.waived_at)
                       if m is not None)
    for f in findings:
        moments.update(m for m in (f.at, f.resolved_at, f.waived_at) if m is not None)
    ordered = sorted(m.astimezone(UTC) for m in moments)
    probes = [ordered[0] - _MICROSECOND, *ordered] if ordered else [datetime(2000, 1, 1, tzinfo=UTC)]
    starts = [span.start for span in spans]
    for moment in probes:
        index = bisect_right(starts, moment) - 1
        found = spans[index].status if index >= 0 and moment < spans[index].end else "no span"
        expected = compliance_status(obligations, findings, moment).value
        if found != expected:
            out.append(Difference("case", subject, "status spans", f"{expected} at {_show(moment)}", found))
            return  # one moment says enough: the next ones would repeat it


def _expected_summary(case: Case, policy_name: str, policy_version: str) -> CaseSummary:
    """What the cases row should say, from the aggregate."""
    return CaseSummary(
        id=case.id, person_ref=case.person_ref, setting=case.setting, location_id=case.location_id,
        date_of_birth=case.date_of_birth, opened_at=case.opened_at, policy_name=policy_name,
        policy_version=policy_version, version=case.version, provider_id=case.provider_id,
    )


def _check_uses(
    out: list[Difference], subject: str, expected: Sequence[Use], served: Sequence[UseSummary],
    raw: Sequence[dict[str, Any]],
) -> None:
    _compare(out, "case", subject, "uses (count)", len(expected), len(served))
    served_by_id = {u.id: u for u in served}
    for use in expected:
        found = served_by_id.get(use.id)
        if found is None:
            out.append(Difference("case", subject, f"use {use.id}", "a row", "none"))
            continue
        _compare(out, "case", subject, f"use {use.id}.segments", use.segments, found.segments)
        _compare(out, "case", subject, f"use {use.id}.details", use.details, found.details)
    for extra in set(served_by_id) - {u.id for u in expected}:
        out.append(Difference("case", subject, f"use {extra}", "none", "a row"))
    common = [u.id for u in expected if u.id in served_by_id]
    shared = set(common)
    _compare(out, "case", subject, "uses (order)", common, [u.id for u in served if u.id in shared])
    # The columns the trends filter on and reports read, which ``view.uses`` does not give back.
    rows = {row["id"]: row for row in raw}
    for use in expected:
        row = rows.get(str(use.id))
        if row is None:
            continue  # reported above
        codes = ",".join(s.practice.national_code or s.practice.value for s in use.segments)
        _compare(out, "case", subject, f"use {use.id}.started_at (column)", use.started_at, _utc(row["started_at"]))
        _compare(out, "case", subject, f"use {use.id}.ended_at (column)", use.ended_at, _utc(row["ended_at"]))
        _compare(out, "case", subject, f"use {use.id}.practices (column)", codes, row["practices"])


def _raw_uses(services: Services, case_ids: Sequence[UUID]) -> dict[str, list[dict[str, Any]]]:
    t = view_tables.uses
    query = select(t.c.id, t.c.case_id, t.c.started_at, t.c.ended_at, t.c.practices).where(
        t.c.case_id.in_([str(c) for c in case_ids])
    )
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with services.view.engine.connect() as conn:
        for row in conn.execute(query).mappings():
            grouped[row["case_id"]].append(dict(row))
    return grouped


def _check_orphans(services: Services, case_ids: set[UUID], out: list[Difference]) -> None:
    """Rows of uses, obligations and findings whose case has no stream in the log: served to nobody by the API, but
    read by the trends' joins if a cases row were left too, and a sign of a replace that did not delete."""
    known = {str(c) for c in case_ids}
    with services.view.engine.connect() as conn:
        for table in (view_tables.uses, view_tables.obligations, view_tables.findings):
            for (case_id,) in conn.execute(select(table.c.case_id).distinct()):
                if case_id not in known:
                    out.append(Difference("case", case_id, f"{table.name} rows", "none", "rows of no case"))


def _served_locations(services: Services, table: Table) -> set[str]:
    with services.view.engine.connect() as conn:
        return {location for (location,) in conn.execute(select(table.c.location_id).distinct())}


# ------------------------------------------------------------------------------------------- obligations, findings


def _check_obligations(
    out: list[Difference], kind: str, subject: str, expected: Sequence[Obligation], served: Sequence[Obligation]
) -> None:
    _compare(out, kind, subject, "obligations (count)", len(expected), len(served))
    served_by_id = {o.id: o for o in served}
    for obligation in expected:
        found = served_by_id.get(obligation.id)
        name = f"obligation {obligation.id} ({obligation.rule.id})"
        if found is None:
            out.append(Difference(kind, subject, name, "a row", "none"))
            continue
        _fields(out, kind, subject, f"{name}.rule.", obligation.rule, found.rule, _RULE_FIELDS)
        _fields(out, kind, subject, f"{name}.", obligation, found, _OBLIGATION_FIELDS)
    for extra in set(served_by_id) - {o.id for o in expected}:
        out.append(Difference(kind, subject, f"obligation {extra}", "none", "a row"))


def _check_findings(
    out: list[Difference], kind: str, subject: str, expected: Sequence[Finding], served: Sequence[Finding]
) -> None:
    """Findings have no stored id of their own in the case view: matched by ``Finding.id`` (rule, subject and
    moment), and several with the same id in the order of their details."""
    _compare(out, kind, subject, "findings (count)", len(expected), len(served))
    wanted, got = _by_id(expected), _by_id(served)
    for finding_id, findings in wanted.items():
        others = got.get(finding_id, [])
        name = f"finding {findings[0].rule.id} about {findings[0].subject} at {_show(findings[0].at)}"
        if len(others) != len(findings):
            out.append(Difference(kind, subject, name, f"{len(findings)} row(s)", f"{len(others)}"))
            continue
        for mine, theirs in zip(findings, others, strict=True):
            _fields(out, kind, subject, f"{name}.rule.", mine.rule, theirs.rule, _RULE_FIELDS)
            _fields(out, kind, subject, f"{name}.", mine, theirs, _FINDING_FIELDS)
    for finding_id in set(got) - set(wanted):
        extra = got[finding_id][0]
        out.append(Difference(kind, subject, f"finding {extra.rule.id} about {extra.subject} at {_show(extra.at)}",
                              "none", "a row"))


def _by_id(findings: Iterable[Finding]) -> dict[UUID, list[Finding]]:
    grouped: dict[UUID, list[Finding]] = defaultdict(list)
    for f in findings:
        grouped[f.id].append(f)
    return {k: sorted(v, key=lambda f: f.detail) for k, v in grouped.items()}


def _next_due(obligations: Iterable[Obligation], moment: datetime) -> datetime | None:
    """When the first obligation still open at ``moment`` falls due (None when none is open)."""
    return min((o.due_at for o in obligations if o.exists_at(moment)
                and (o.met_at is None or o.met_at > moment) and (o.waived_at is None or o.waived_at > moment)),
               default=None)


# ------------------------------------------------------------------------------------------ blanket restrictions


def _check_restrictions(
    services: Services, reader: Cases, heads: dict[UUID, int], now: datetime, result: ReadModelCheck,
    bar: Progress,
) -> None:
    out, register = result.differences, services.blanket_register
    service = BlanketRestrictions(reader, register)
    loaded: dict[UUID, BlanketRestriction] = {}
    for restriction_id in sorted(heads, key=str):
        subject = str(restriction_id)
        restriction = loaded[restriction_id] = service.get(restriction_id)
        compliance = service.compliance(restriction_id)
        policy = reader.policy_for(restriction.setting)
        if restriction.version != heads[restriction_id]:
            out.append(Difference("log", subject, "head version", str(heads[restriction_id]),
                                  str(restriction.version)))
        found = register.restriction(restriction_id)
        if found is None:
            out.append(Difference("restriction", subject, "register entry", "a row", "none"))
            bar.advance()
            continue
        for name, expected in _expected_entry(restriction, policy).items():
            _compare(out, "restriction", subject, name, expected, getattr(found.summary, name))
        _check_obligations(out, "restriction", subject, compliance.obligations, found.obligations)
        _check_findings(out, "restriction", subject, compliance.findings, found.findings)
        exemptions = sorted(restriction.exemptions, key=lambda e: (e.granted_at, str(e.id)))
        _compare(out, "restriction", subject, "exemptions", exemptions, list(found.exemptions))
        # The review open after the latest entry: the one obligation left unmet (none once it has ended).
        open_due = min((o.due_at for o in compliance.obligations if o.met_at is None), default=None)
        _compare(out, "restriction", subject, "next_review_due (column)", open_due,
                 _stored_next_review_due(services, restriction_id))
        _compare(out, "restriction", subject, "next review due now", _next_due(compliance.obligations, now),
                 found.next_review_due(now))
        bar.advance()

    with register.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(register_tables.restrictions)).scalar_one()
        for table in (register_tables.obligations, register_tables.findings, register_tables.exemptions):
            for (owner,) in conn.execute(select(table.c.restriction_id).distinct()):
                if UUID(owner) not in heads:
                    out.append(Difference("restriction", owner, f"{table.name} rows", "none", "rows of none"))
    _compare(out, "log", "restrictions", "register rows", len(heads), stored)
    # Each location's register, as the API lists it: at the moment asked, high priority first, then as introduced.
    locations = {r.location_id for r in loaded.values()} | _served_locations(services, register_tables.restrictions)
    for location in sorted(locations):
        for include_lifted in (True, False):
            expected = [
                r.id for r in sorted(loaded.values(), key=_register_order)
                if r.location_id == location and r.introduced_at <= now
                and (include_lifted or r.lifted_at is None or r.lifted_at > now)
            ]
            served = [s.summary.id for s in register.register(location, moment=now, include_lifted=include_lifted)]
            _compare(out, "location", location, f"register ({'with' if include_lifted else 'without'} lifted)",
                     expected, served)


def _expected_entry(restriction: BlanketRestriction, policy: Policy) -> dict[str, Any]:
    """What the register entry should say, from the aggregate (derived here, not by ``restriction_state``)."""
    r, lifting = restriction, restriction.lifting
    return {
        "location_id": r.location_id, "provider_id": r.provider_id, "setting": r.setting, "scope": r.scope,
        "description": r.description, "category": r.category, "priority": r.category.priority,
        "risk_addressed": r.risk_addressed, "introduced_at": r.introduced_at,
        "first_justified_at": min((j.justified_at for j in r.justifications), default=None),
        # The latest by its own time; of several at the same time, the one recorded last.
        "justification": _latest(r.justifications, lambda j: j.justified_at),
        "last_review": _latest(r.reviews, lambda v: v.reviewed_at),
        "lifted_at": None if lifting is None else lifting.lifted_at,
        "lift_reason": None if lifting is None else lifting.reason,
        "exemption_count": len(r.exemptions),
        "review_every_months": policy.blanket_restriction_review_every_months,
        "policy_name": policy.name, "policy_version": policy.version, "version": r.version,
    }


def _latest(entries: Sequence[Any], when: Callable[[Any], datetime]) -> Any:
    return max(reversed(entries), key=when) if entries else None


def _register_order(r: BlanketRestriction) -> tuple[int, datetime, str]:
    return (0 if r.category.priority is BlanketRestrictionPriority.HIGH else 1, r.introduced_at, str(r.id))


def _stored_next_review_due(services: Services, restriction_id: UUID) -> datetime | None:
    t = register_tables.restrictions
    with services.blanket_register.engine.connect() as conn:
        stored = conn.execute(select(t.c.next_review_due).where(t.c.id == str(restriction_id))).scalar()
    return _utc(stored)


# ------------------------------------------------------------------------------------------------------- helpers


def _fields(
    out: list[Difference], kind: str, subject: str, prefix: str, expected: Any, found: Any, names: Iterable[str]
) -> None:
    for name in names:
        _compare(out, kind, subject, prefix + name, getattr(expected, name), getattr(found, name))


def _compare(out: list[Difference], kind: str, subject: str, name: str, expected: Any, found: Any) -> None:
    # Datetimes compare as instants (the read models give UTC back, the aggregate keeps the offset recorded).
    if expected != found:
        out.append(Difference(kind, subject, name, _show(expected), _show(found)))


def _utc(moment: datetime | None) -> datetime | None:
    """A stored naive-UTC column read raw, as the view's own readers take it."""
    return None if moment is None else moment.replace(tzinfo=UTC)


def _show(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else f"{value.isoformat()} (naive)"
    if isinstance(value, date | Enum):
        return value.isoformat() if isinstance(value, date) else str(value.value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return repr(value)
