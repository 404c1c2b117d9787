"""LTS-01..LTS-04. (Being written.)"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.policy import Policy
from rpledger.domain.rules.derived import Derived


def per_use(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Derived:
    return Derived()


def case_wide(case: Case, policy: Policy) -> Derived:
    return Derived()
