"""Compliance rules: pure functions from a case's history (its aggregate state) and a policy to the obligations
and findings they imply. Statuses at a moment follow from those (see ``rpledger.domain.obligation``).

Each family of rules lives in its own module and checks ``policy.applies`` for its own rule ids. Recorded
departures (``Case.departures``) are applied last: a justified obligation or finding shows as WAIVED from the
moment of its justification.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.obligation import Finding, Obligation
from rpledger.domain.policy import Policy
from rpledger.domain.rules import (
    aftercare,
    deprivation,
    governance,
    notification,
    rapid_tranquillisation,
    record_keeping,
    restraint,
    seclusion,
    seclusion_independent_review,
    segregation,
)
from rpledger.domain.rules.authorisation import uncovered_uses
from rpledger.domain.rules.catalogue import RULES
from rpledger.domain.rules.derived import CaseWideFamily, Derived, PerUseFamily
from rpledger.domain.rules.recording import late_records
from rpledger.domain.rules.use_of_force import incomplete_records


@dataclass(frozen=True)
class Compliance:
    obligations: tuple[Obligation, ...]
    findings: tuple[Finding, ...]
    # The profile and version the case was judged by, so that every evaluation says which rules it used.
    policy_name: str = ""
    policy_version: str = ""


def _foundation(case: Case, policy: Policy, only: Collection[UUID] | None) -> Derived:
    derived = Derived()
    if policy.applies("AUTH-01"):
        derived.findings += uncovered_uses(case, only)
    if policy.applies("DEB-01"):
        derived.obligations += aftercare.debriefs_with_person(case, policy, only)
    if policy.applies("DEB-02"):
        derived.obligations += aftercare.post_incident_reviews(case, policy, only)
    if policy.applies("CP-01"):
        derived.obligations += aftercare.care_plan_revisions(case, policy, only)
    if policy.applies("UOF-03"):
        derived.findings += incomplete_records(case, only)
    if policy.applies("REC-01"):
        derived.findings += late_records(case, policy, only)
    return derived


PER_USE: tuple[PerUseFamily, ...] = (
    _foundation,
    restraint.per_use,
    rapid_tranquillisation.per_use,
    record_keeping.per_use,
    seclusion.per_use,
    segregation.per_use,
)
CASE_WIDE: tuple[CaseWideFamily, ...] = (
    seclusion_independent_review.case_wide,
    deprivation.case_wide,
    notification.case_wide,
    governance.case_wide,
)


def evaluate(
    case: Case, policy: Policy, only: Collection[UUID] | None = None, *, case_wide: bool = True
) -> Compliance:
    """Every obligation and finding the policy's rules derive from the case, ordered by when they arise.

    ``only`` (some uses' ids) limits the rules that judge one use at a time to those uses, and ``case_wide=False``
    skips the rules that judge the case as a whole: replay uses both to re-evaluate just what an entry touched.
    """
    derived = Derived()
    for per_use in PER_USE:
        derived.add(per_use(case, policy, only))
    if case_wide:
        for family in CASE_WIDE:
            derived.add(family(case, policy))
    obligations, findings = _with_departures(case, derived)
    return Compliance(
        obligations=tuple(sorted(obligations, key=lambda o: (o.opened_at, o.due_at, o.rule.id, str(o.id)))),
        findings=tuple(sorted(findings, key=lambda f: (f.at, f.rule.id, str(f.subject)))),
        policy_name=policy.name,
        policy_version=policy.version,
    )


def _with_departures(case: Case, derived: Derived) -> tuple[list[Obligation], list[Finding]]:
    if not case.departures:
        return derived.obligations, derived.findings
    justified = {d.target_id: d for d in sorted(case.departures.values(), key=lambda d: d.justified_at)}
    obligations = [
        replace(o, waived_at=justified[o.id].justified_at, waiver_reason=justified[o.id].reason)
        if o.id in justified and o.rule.departable
        else o
        for o in derived.obligations
    ]
    findings = [
        replace(f, waived_at=justified[f.id].justified_at, waiver_reason=justified[f.id].reason)
        if f.id in justified and f.rule.departable
        else f
        for f in derived.findings
    ]
    return obligations, findings


__all__ = ["RULES", "Compliance", "evaluate"]
