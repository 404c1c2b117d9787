"""AUTH-01: a use is covered by an authorisation valid when it starts that covers its practice."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.obligation import Finding
from rpledger.domain.rules.catalogue import AUTH_01
from rpledger.domain.values import Use


def uncovered_uses(case: Case, only: Collection[UUID] | None = None) -> list[Finding]:
    """One finding per use with a segment whose practice no authorisation covered when that segment started.

    An authorisation covers a moment only if it had been granted by then: nothing authorises retrospectively.
    """
    findings = []
    for use in _chosen(case, only):
        gaps = [
            segment
            for segment in use.segments
            if not any(a.covers(segment.practice, segment.started_at) for a in case.authorisations.values())
        ]
        if gaps:
            listed = ", ".join(f"{s.practice.value} from {s.started_at.isoformat()}" for s in gaps)
            findings.append(
                Finding(AUTH_01, use.id, gaps[0].started_at, f"not covered by a valid authorisation: {listed}")
            )
    return findings


def _chosen(case: Case, only: Collection[UUID] | None) -> Iterable[Use]:
    return case.uses.values() if only is None else [case.uses[i] for i in only if i in case.uses]
