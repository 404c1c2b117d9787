"""Compliance rules: pure functions from a case's history (its aggregate state) and a policy to the obligations
and findings they imply. Statuses at a moment follow from those (see ``rpledger.domain.obligation``)."""

from __future__ import annotations

from dataclasses import dataclass

from rpledger.domain.case import Case
from rpledger.domain.obligation import Finding, Obligation
from rpledger.domain.policy import Policy
from rpledger.domain.rules import aftercare
from rpledger.domain.rules.authorisation import uncovered_uses
from rpledger.domain.rules.catalogue import RULES
from rpledger.domain.rules.use_of_force import incomplete_records


@dataclass(frozen=True)
class Compliance:
    obligations: tuple[Obligation, ...]
    findings: tuple[Finding, ...]


def evaluate(case: Case, policy: Policy) -> Compliance:
    """Every obligation and finding the policy's rules derive from the case, ordered by when they arise."""
    obligations: list[Obligation] = []
    findings: list[Finding] = []
    if policy.applies("AUTH-01"):
        findings += uncovered_uses(case)
    if policy.applies("DEB-01"):
        obligations += aftercare.debriefs_with_person(case, policy)
    if policy.applies("DEB-02"):
        obligations += aftercare.post_incident_reviews(case, policy)
    if policy.applies("CP-01"):
        obligations += aftercare.care_plan_revisions(case, policy)
    if policy.applies("UOF-03"):
        findings += incomplete_records(case)
    return Compliance(
        obligations=tuple(sorted(obligations, key=lambda o: (o.opened_at, o.due_at, o.rule.id))),
        findings=tuple(sorted(findings, key=lambda f: (f.at, f.rule.id))),
    )


__all__ = ["RULES", "Compliance", "evaluate"]
