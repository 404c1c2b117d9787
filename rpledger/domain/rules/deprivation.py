"""Deprivation of liberty safeguards: DOLS-01..DOLS-08 (regulatory-reference.md section 2, section 3.2, scenarios 10
and 11, open question 10).

All are case-wide rules: they read the case's authorisations, its DoLS requests and its uses with practice ``DOL``
(the person is deprived of liberty from the use's start to its end, or while it goes on). ``per_use`` derives nothing.

The rules are spread over three modules: ``deprivation_authorisations`` holds the findings about the
authorisations themselves (DOLS-01..DOLS-05); ``deprivation_periods`` measures periods of days and calendar
months and words the findings' moments and lengths; and this module runs them all in order (``case_wide``),
with the finding about the deprivation itself (DOLS-06) and the obligations (DOLS-07, DOLS-08).

**Findings** are open while the wrong lasts, as an inspector looking at that moment would see it, and stay on
the record after (those about authorisations, DOLS-01..DOLS-05, are described in ``deprivation_authorisations``):

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

from collections.abc import Collection, Iterable
from datetime import datetime
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, PracticeCode
from rpledger.domain.obligation import Finding, Obligation, Rule
from rpledger.domain.policy import Policy
from rpledger.domain.rules.cadence import cadence_id
from rpledger.domain.rules.catalogue import DOLS_06, DOLS_07, DOLS_08
from rpledger.domain.rules.deprivation_authorisations import (
    improper_extensions,
    incomplete_standard_authorisations,
    overlong_standard_authorisations,
    overlong_urgent_authorisations,
    urgent_where_renewal_needed,
    with_basis,
)
from rpledger.domain.rules.deprivation_periods import period_end, when
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
    for standard in with_basis(case, AuthorisationBasis.DOLS_STANDARD):
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
