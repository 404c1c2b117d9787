"""Compliance rules: pure functions from a case's history (its aggregate state) and a policy to the obligations
and findings they imply. Statuses at a moment follow from those (see ``rpledger.domain.obligation``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.obligation import Finding, Obligation
from rpledger.domain.policy import Policy
from rpledger.domain.rules import aftercare
from rpledger.domain.rules.authorisation import uncovered_uses
from rpledger.domain.rules.catalogue import RULES
from rpledger.domain.rules.recording import late_records
from rpledger.domain.rules.use_of_force import incomplete_records


@dataclass(frozen=True)
class Compliance:
    obligations: tuple[Obligation, ...]
    findings: tuple[Finding, ...]


def evaluate(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Compliance:
    """Every obligation and finding the policy's rules derive from the case, ordered by when they arise.

    Every rule here concerns one use at a time, so ``only`` (some uses' ids) limits the work to those uses: replay
    uses it to re-evaluate just what an entry touched.
    """
    obligations: list[Obligation] = []
    findings: list[Finding] = []
    if policy.applies("AUTH-01"):
        findings += uncovered_uses(case, only)
    if policy.applies("DEB-01"):
        obligations += aftercare.debriefs_with_person(case, policy, only)
    if policy.applies("DEB-02"):
        obligations += aftercare.post_incident_reviews(case, policy, only)
    if policy.applies("CP-01"):
        obligations += aftercare.care_plan_revisions(case, policy, only)
    if policy.applies("UOF-03"):
        findings += incomplete_records(case, only)
    if policy.applies("REC-01"):
        findings += late_records(case, policy, only)
    return Compliance(
        obligations=tuple(sorted(obligations, key=lambda o: (o.opened_at, o.due_at, o.rule.id))),
        findings=tuple(sorted(findings, key=lambda f: (f.at, f.rule.id))),
    )


__all__ = ["RULES", "Compliance", "evaluate"]
