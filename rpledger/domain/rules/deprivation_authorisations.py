"""Deprivation of liberty safeguards, the findings about DoLS authorisations themselves: DOLS-01..DOLS-05
(regulatory-reference.md section 2, section 3.2, open question 10). ``deprivation`` runs them with the other DoLS
rules, in order; periods of days and calendar months end where ``deprivation_periods`` puts them.

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

Retracted entries are not in the case's corrected view, so they count for nothing.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis
from rpledger.domain.correction import AuthorisationCorrection
from rpledger.domain.obligation import Finding, Rule
from rpledger.domain.policy import Policy
from rpledger.domain.rules.catalogue import DOLS_01, DOLS_02, DOLS_03, DOLS_04, DOLS_05
from rpledger.domain.rules.deprivation_periods import length, months_end, period_end, when
from rpledger.domain.values import Authorisation

# What DOLS-05 (Sch A1 para 55) asks a standard authorisation to state, beyond the person and its period.
STATED_CONTENT: tuple[tuple[str, str], ...] = (
    ("place", "the hospital or care home"),
    ("purpose", "the purpose"),
    ("qualifying_requirements", "why each qualifying requirement is met"),
)


def _finding(rule: Rule, subject: UUID, at: datetime, detail: str, until: datetime | None) -> list[Finding]:
    """The finding, unless it would never be open (what it is about had already stopped by ``at``)."""
    if until is not None and until <= at:
        return []
    return [Finding(rule, subject, at, detail, resolved_at=until)]


def with_basis(case: Case, basis: AuthorisationBasis) -> list[Authorisation]:
    """The case's authorisations with ``basis``, in the order they were granted (DOLS-07 reads these too)."""
    return sorted(
        (a for a in case.authorisations.values() if a.basis is basis), key=lambda a: (a.granted_at, str(a.id))
    )


# ----------------------------------------------------------------------------------------- DOLS-01, DOLS-04


def overlong_urgent_authorisations(case: Case, policy: Policy) -> list[Finding]:
    """DOLS-01: an urgent authorisation granted for longer than ``dols_urgent_longest``."""
    findings: list[Finding] = []
    for urgent in with_basis(case, AuthorisationBasis.DOLS_URGENT):
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
    for standard in with_basis(case, AuthorisationBasis.DOLS_STANDARD):
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
    for urgent in with_basis(case, AuthorisationBasis.DOLS_URGENT):
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
    standards = with_basis(case, AuthorisationBasis.DOLS_STANDARD)
    findings: list[Finding] = []
    for urgent in with_basis(case, AuthorisationBasis.DOLS_URGENT):
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
