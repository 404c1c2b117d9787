"""Deprivation of liberty safeguards: DOLS-01..DOLS-08 (regulatory-reference.md section 2, section 3.2, scenarios 10
and 11, open question 10).

All are case-wide rules: they read the case's authorisations, its DoLS requests and its uses with practice ``DOL``
(the person is deprived of liberty from the use's start to its end, or while it goes on). ``per_use`` derives nothing.

**Periods.** A period of days (DOLS-01's urgent period, DOLS-02's extension, DOLS-08's decision time) ends where
``period_end`` puts it, by the policy's ``dols_period_end`` (open question 10): ELAPSED, exactly so many days after
the start; END_OF_DAY, at the end (the next midnight, UTC) of the calendar day on which that falls, as forms that
record dates only would read it. DOLS-04 counts calendar months (``add_months``): the same day of the month so many
months later, or the last day of a shorter month; END_OF_DAY then takes the end of that day too.

**Findings about authorisations** are open while the wrong lasts, as an inspector looking at that moment would see
it, and stay on the record after:

- DOLS-01: an urgent authorisation whose period as first granted (before any extension: the first extension's
  ``previous_valid_until``) runs past ``valid_from`` + ``dols_urgent_longest``: open from that limit until the
  period as granted ended (or the authorisation was ended). One ended by the limit raises nothing.
- DOLS-02: each extension of an urgent authorisation, at its ``extended_at``, when (a) it is beyond the
  ``dols_extensions_allowed``-th extension, (b) it runs past ``previous_valid_until`` + ``dols_extension_longest``,
  or (c) no standard request had been made by then; the detail says which. Open until the authorisation lapses.
- DOLS-03: an urgent authorisation granted at ``t`` while a standard authorisation granted by then lapses within
  ``dols_renewal_window`` either side of ``t`` (it was expiring, or had just expired): a further standard request
  was needed instead. Open from ``t`` until the urgent authorisation lapses.
- DOLS-04: a standard authorisation whose period runs past ``valid_from`` + ``dols_standard_longest_months``: open
  from that limit until it lapses. One ended by the limit raises nothing.
- DOLS-05: a standard authorisation that does not state the hospital or care home, the purpose, or why each
  qualifying requirement is met (``place``, ``purpose``, ``qualifying_requirements``). Judged as the record stood at
  each moment from ``granted_at``: an ``AuthorisationCorrection`` that supplies what was missing closes the finding
  from the moment it was made, as UOF-03 does for the use-of-force record.
- DOLS-06: each span of a ``DOL`` use during which no authorisation with basis DOLS_URGENT, DOLS_STANDARD,
  COURT_OF_PROTECTION or MHA_DETENTION had effect (granted by then, ``valid_from`` <= t < ``lapses_at``, extensions
  included): "deprived of liberty without authority from ..." from the gap's start until its end (open while it
  goes on). The practices an authorisation names do not matter here: the basis is the authority (AUTH-01 checks
  the practice when each use starts).

**Obligations.** The subject of each (``triggered_by``) is the entry that opened it; ids are ``cadence_id`` of the
rule, that entry and the opening moment, stable across rebuilds.

- DOLS-07: each standard authorisation not ended before its ``valid_until``, where a ``DOL`` use is going on at
  that moment: a further standard request, opened ``dols_renewal_window`` before ``valid_until`` and due at
  ``valid_until``, met by the first request made at or after the opening (scenario 11).
- DOLS-08: each standard request: the supervisory body's decision, due ``dols_decision_within`` after the request,
  met when it is decided (whatever the outcome).

Retracted entries are not in the case's corrected view, so they count for nothing.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, time, timedelta
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, PracticeCode
from rpledger.domain.correction import AuthorisationCorrection
from rpledger.domain.obligation import Finding, Obligation, Rule
from rpledger.domain.policy import END_OF_DAY, Policy
from rpledger.domain.rules.cadence import cadence_id
from rpledger.domain.rules.catalogue import (
    DOLS_01,
    DOLS_02,
    DOLS_03,
    DOLS_04,
    DOLS_05,
    DOLS_06,
    DOLS_07,
    DOLS_08,
)
from rpledger.domain.rules.derived import Derived
from rpledger.domain.values import Authorisation, DolsRequest, Use

# The bases that give authority to deprive a person of liberty (section 1.2, code DOL).
AUTHORITY_TO_DEPRIVE = frozenset(
    {
        AuthorisationBasis.DOLS_URGENT,
        AuthorisationBasis.DOLS_STANDARD,
        AuthorisationBasis.COURT_OF_PROTECTION,
        AuthorisationBasis.MHA_DETENTION,
    }
)

# What DOLS-05 (Sch A1 para 55) asks a standard authorisation to state, beyond the person and its period.
STATED_CONTENT: tuple[tuple[str, str], ...] = (
    ("place", "the hospital or care home"),
    ("purpose", "the purpose"),
    ("qualifying_requirements", "why each qualifying requirement is met"),
)


def per_use(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Derived:
    return Derived()


def case_wide(case: Case, policy: Policy) -> Derived:
    derived = Derived()
    if policy.applies("DOLS-01"):
        derived.findings += overlong_urgent_authorisations(case, policy)
    if policy.applies("DOLS-02"):
        derived.findings += improper_extensions(case, policy)
    if policy.applies("DOLS-03"):
        derived.findings += urgent_where_renewal_needed(case, policy)
    if policy.applies("DOLS-04"):
        derived.findings += overlong_standard_authorisations(case, policy)
    if policy.applies("DOLS-05"):
        derived.findings += incomplete_standard_authorisations(case)
    if policy.applies("DOLS-06"):
        derived.findings += deprivation_without_authority(case)
    if policy.applies("DOLS-07"):
        derived.obligations += renewal_requests(case, policy)
    if policy.applies("DOLS-08"):
        derived.obligations += request_decisions(case, policy)
    return derived


# ------------------------------------------------------------------------------------------------------ periods


def end_of_day(moment: datetime) -> datetime:
    """The end of the calendar day (UTC) on which ``moment`` falls: the next midnight."""
    day = moment.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=UTC)


def period_end(start: datetime, length: timedelta, mode: str) -> datetime:
    """The end of a period of days from ``start``: ELAPSED, ``start + length`` exactly; END_OF_DAY, the end of the
    calendar day on which that falls (open question 10)."""
    end = start + length
    return end_of_day(end) if mode == END_OF_DAY else end


def add_months(moment: datetime, months: int) -> datetime:
    """The same day of the month ``months`` later, at the same time; the last day of the month if it is shorter."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def months_end(start: datetime, months: int, mode: str) -> datetime:
    """The end of a period of calendar months from ``start`` (END_OF_DAY: the end of the day it falls on)."""
    end = add_months(start.astimezone(UTC), months)
    return end_of_day(end) if mode == END_OF_DAY else end


# ------------------------------------------------------------------------------------------------------ words


def when(moment: datetime) -> str:
    """A moment as the findings give it: 2025-09-15 10:00 (UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def length(span: timedelta) -> str:
    """7 days; 7 days 2 h; 1 day 30 min; 45 min."""
    minutes = int(span.total_seconds()) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes or not parts else []
    return " ".join(parts)


def _finding(rule: Rule, subject: UUID, at: datetime, detail: str, until: datetime | None) -> list[Finding]:
    """The finding, unless it would never be open (what it is about had already stopped by ``at``)."""
    if until is not None and until <= at:
        return []
    return [Finding(rule, subject, at, detail, resolved_at=until)]


def _with_basis(case: Case, basis: AuthorisationBasis) -> list[Authorisation]:
    return sorted(
        (a for a in case.authorisations.values() if a.basis is basis), key=lambda a: (a.granted_at, str(a.id))
    )


def _obligation(
    rule: Rule, subject: UUID, opened_at: datetime, due_at: datetime, policy: Policy, met: tuple[datetime, UUID] | None
) -> Obligation:
    return Obligation(
        id=cadence_id(rule, subject, opened_at),
        rule=rule,
        triggered_by=subject,
        opened_at=opened_at,
        due_at=due_at,
        due_soon_from=due_at - policy.due_soon_horizon,
        met_at=None if met is None else met[0],
        met_by=None if met is None else met[1],
    )


# ----------------------------------------------------------------------------------------- DOLS-01, DOLS-04


def overlong_urgent_authorisations(case: Case, policy: Policy) -> list[Finding]:
    """DOLS-01: an urgent authorisation granted for longer than ``dols_urgent_longest``."""
    findings: list[Finding] = []
    for urgent in _with_basis(case, AuthorisationBasis.DOLS_URGENT):
        granted_until = urgent.extensions[0].previous_valid_until if urgent.extensions else urgent.valid_until
        limit = period_end(urgent.valid_from, policy.dols_urgent_longest, policy.dols_period_end)
        if granted_until <= limit:
            continue
        until = granted_until if urgent.ended_at is None else min(granted_until, urgent.ended_at)
        detail = (
            f"urgent authorisation granted for {length(granted_until - urgent.valid_from)}, from "
            f"{when(urgent.valid_from)} until {when(granted_until)}: longer than the "
            f"{length(policy.dols_urgent_longest)} allowed, until {when(limit)}"
        )
        findings += _finding(DOLS_01, urgent.id, limit, detail, until)
    return findings


def overlong_standard_authorisations(case: Case, policy: Policy) -> list[Finding]:
    """DOLS-04: a standard authorisation granted for longer than ``dols_standard_longest_months``."""
    findings: list[Finding] = []
    months = policy.dols_standard_longest_months
    for standard in _with_basis(case, AuthorisationBasis.DOLS_STANDARD):
        limit = months_end(standard.valid_from, months, policy.dols_period_end)
        if standard.valid_until <= limit:
            continue
        detail = (
            f"standard authorisation granted from {when(standard.valid_from)} until {when(standard.valid_until)}: "
            f"longer than the {months} months allowed, until {when(limit)}"
        )
        findings += _finding(DOLS_04, standard.id, limit, detail, standard.lapses_at)
    return findings


# ---------------------------------------------------------------------------------------------------- DOLS-02


def improper_extensions(case: Case, policy: Policy) -> list[Finding]:
    """DOLS-02: each extension beyond the number allowed, longer than allowed, or made before any standard request."""
    requests = sorted(r.requested_at for r in case.dols_requests.values())
    findings: list[Finding] = []
    for urgent in _with_basis(case, AuthorisationBasis.DOLS_URGENT):
        for number, extension in enumerate(urgent.extensions, start=1):
            reasons: list[str] = []
            allowed = policy.dols_extensions_allowed
            if number > allowed:
                reasons.append(f"beyond the {allowed} extension{'s' if allowed != 1 else ''} allowed")
            limit = period_end(extension.previous_valid_until, policy.dols_extension_longest, policy.dols_period_end)
            if extension.valid_until > limit:
                reasons.append(
                    f"it adds {length(extension.valid_until - extension.previous_valid_until)} to "
                    f"{when(extension.previous_valid_until)}, more than {length(policy.dols_extension_longest)} "
                    f"(until {when(limit)} at most)"
                )
            if not requests or requests[0] > extension.extended_at:
                reasons.append("no standard authorisation had been requested by then")
            if reasons:
                detail = (
                    f"extension {number} of the urgent authorisation, made {when(extension.extended_at)} until "
                    f"{when(extension.valid_until)}: " + "; ".join(reasons)
                )
                findings += _finding(DOLS_02, urgent.id, extension.extended_at, detail, urgent.lapses_at)
    return findings


# ---------------------------------------------------------------------------------------------------- DOLS-03


def urgent_where_renewal_needed(case: Case, policy: Policy) -> list[Finding]:
    """DOLS-03: an urgent authorisation granted while a standard authorisation was expiring or had just expired."""
    window = policy.dols_renewal_window
    standards = _with_basis(case, AuthorisationBasis.DOLS_STANDARD)
    findings: list[Finding] = []
    for urgent in _with_basis(case, AuthorisationBasis.DOLS_URGENT):
        granted = urgent.granted_at
        expiring = [
            s for s in standards if s.granted_at <= granted and s.lapses_at - window <= granted <= s.lapses_at + window
        ]
        if not expiring:
            continue
        standard = max(expiring, key=lambda s: s.lapses_at)
        tense = "expired" if standard.lapses_at <= granted else "was to expire"
        detail = (
            f"urgent authorisation granted {when(granted)} when the standard authorisation {tense} at "
            f"{when(standard.lapses_at)}: a further standard authorisation was to be requested instead"
        )
        findings += _finding(DOLS_03, urgent.id, granted, detail, urgent.lapses_at)
    return findings


# ---------------------------------------------------------------------------------------------------- DOLS-05


def missing_content(authorisation: Authorisation) -> list[str]:
    """What DOLS-05 asks a standard authorisation to state that it does not (nothing, for any other basis)."""
    if authorisation.basis is not AuthorisationBasis.DOLS_STANDARD:
        return []
    return [label for name, label in STATED_CONTENT if not (getattr(authorisation, name) or "").strip()]


def authorisation_as_of_corrections(case: Case, authorisation_id: UUID, until: datetime) -> Authorisation:
    """The authorisation as its record stood once the corrections made by ``until`` took effect (the facts a
    correction cannot change, its extensions and early end, are not needed here)."""
    authorisation = case.authorisations_as_recorded[authorisation_id]
    for recorded in case.corrections_of(authorisation_id):
        if recorded.corrected_at <= until and isinstance(recorded.correction, AuthorisationCorrection):
            authorisation = recorded.correction.apply(authorisation)
    return authorisation


def incomplete_standard_authorisations(case: Case) -> list[Finding]:
    """DOLS-05: over the spans a standard authorisation's record lacked something, split at its corrections."""
    findings: list[Finding] = []
    for authorisation in sorted(case.authorisations.values(), key=lambda a: (a.granted_at, str(a.id))):
        start = authorisation.granted_at
        corrections = case.corrections_of(authorisation.id)
        moments = sorted({start} | {c.corrected_at for c in corrections if c.corrected_at > start})
        timeline: list[Finding] = []
        for moment in moments:
            missing = missing_content(authorisation_as_of_corrections(case, authorisation.id, moment))
            detail = "the standard authorisation does not state " + "; ".join(missing) if missing else ""
            if timeline and timeline[-1].resolved_at is None:
                if timeline[-1].detail == detail:
                    continue
                previous = timeline.pop()
                timeline.append(Finding(DOLS_05, authorisation.id, previous.at, previous.detail, moment))
            if missing:
                timeline.append(Finding(DOLS_05, authorisation.id, moment, detail))
        findings += timeline
    return findings


# ---------------------------------------------------------------------------------------------------- DOLS-06


Span = tuple[datetime, datetime | None]


def deprivation_spans(use: Use) -> list[Span]:
    """When the use deprives the person of liberty: its DOL segments, run together where one follows another
    (None: still going on)."""
    spans: list[Span] = []
    for segment in use.segments:
        if segment.practice is not PracticeCode.DOL:
            continue
        if spans and spans[-1][1] is not None and spans[-1][1] >= segment.started_at:
            spans[-1] = (spans[-1][0], segment.ended_at)
        elif segment.ended_at is None or segment.ended_at > segment.started_at:
            spans.append((segment.started_at, segment.ended_at))
    return spans


def deprivations(case: Case) -> list[tuple[Use, Span]]:
    """Every span of every use during which the person is deprived of liberty, in order."""
    found = [(use, span) for use in case.uses.values() for span in deprivation_spans(use)]
    return sorted(found, key=lambda item: (item[1][0], str(item[0].id)))


def authority_spans(authorisations: Iterable[Authorisation]) -> list[tuple[datetime, datetime]]:
    """When some authorisation gave authority to deprive the person of liberty, merged and in order: each from
    when it was both granted and in force until it lapsed."""
    spans = sorted(
        (max(a.valid_from, a.granted_at), a.lapses_at)
        for a in authorisations
        if a.basis in AUTHORITY_TO_DEPRIVE and max(a.valid_from, a.granted_at) < a.lapses_at
    )
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def uncovered(span: Span, authority: list[tuple[datetime, datetime]]) -> list[Span]:
    """The parts of ``span`` no authority covers (the last open-ended when the span is)."""
    start, end = span
    gaps: list[Span] = []
    cursor = start
    for covered_from, covered_until in authority:
        if end is not None and covered_from >= end:
            break
        if covered_until <= cursor:
            continue
        if covered_from > cursor:
            gaps.append((cursor, covered_from))
        cursor = max(cursor, covered_until)
    if end is None or cursor < end:
        gaps.append((cursor, end))
    return gaps


def deprivation_without_authority(case: Case) -> list[Finding]:
    """DOLS-06: each gap in the authority for a deprivation of liberty, from its start until it closed."""
    authority = authority_spans(case.authorisations.values())
    findings: list[Finding] = []
    for use, span in deprivations(case):
        for gap_start, gap_end in uncovered(span, authority):
            detail = f"deprived of liberty without authority from {when(gap_start)}"
            if gap_end is not None:
                detail += f" until {when(gap_end)}"
            findings.append(Finding(DOLS_06, use.id, gap_start, detail, resolved_at=gap_end))
    return findings


# ----------------------------------------------------------------------------------------- DOLS-07, DOLS-08


def _deprived_at(case: Case, moment: datetime) -> bool:
    return any(start <= moment and (end is None or moment < end) for _, (start, end) in deprivations(case))


def _requests(case: Case) -> list[DolsRequest]:
    return sorted(case.dols_requests.values(), key=lambda r: (r.requested_at, str(r.id)))


def renewal_requests(case: Case, policy: Policy) -> list[Obligation]:
    """DOLS-07: a further standard request before a standard authorisation expires, while the deprivation goes on."""
    requests = _requests(case)
    obligations: list[Obligation] = []
    for standard in _with_basis(case, AuthorisationBasis.DOLS_STANDARD):
        expires = standard.valid_until
        if (standard.ended_at is not None and standard.ended_at < expires) or not _deprived_at(case, expires):
            continue
        opened = expires - policy.dols_renewal_window
        met = next(((r.requested_at, r.id) for r in requests if r.requested_at >= opened), None)
        obligations.append(_obligation(DOLS_07, standard.id, opened, expires, policy, met))
    return obligations


def request_decisions(case: Case, policy: Policy) -> list[Obligation]:
    """DOLS-08: the supervisory body decides each standard request within ``dols_decision_within``."""
    return [
        _obligation(
            DOLS_08,
            request.id,
            request.requested_at,
            period_end(request.requested_at, policy.dols_decision_within, policy.dols_period_end),
            policy,
            None if request.decided_at is None else (request.decided_at, request.id),
        )
        for request in _requests(case)
    ]
