"""What a family of rules derives from a case: its obligations and findings."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.obligation import Finding, Obligation
from rpledger.domain.policy import Policy


@dataclass
class Derived:
    obligations: list[Obligation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(self, other: Derived) -> None:
        self.obligations += other.obligations
        self.findings += other.findings


# A family that judges one use at a time takes ``only`` (some uses' ids, or None for all); one that judges the case
# as a whole (totals across uses, authorisations over time, stays) takes the case and the policy alone.
PerUseFamily = Callable[[Case, Policy, Collection[UUID] | None], Derived]
CaseWideFamily = Callable[[Case, Policy], Derived]
