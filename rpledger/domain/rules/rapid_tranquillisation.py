"""Monitoring after rapid tranquillisation: RT-01 at least hourly, RT-02 every 15 minutes while a risk holds.

RT-01 (NICE QS154 statement 4, V1) and RT-02 (NICE NG10 about 1.4.52; V2 for the BNF trigger, R for the others),
mental health units. Each use with a rapid tranquillisation segment (``CHEM.INJ.RT``) is monitored from the start
of its first such segment (the administration, A) until a clinician records no further concerns.

- A set of observations is an observation of the use with vital signs taken (``vitals.any_taken``). An
  observation without them (a note) does not meet anything, but may change the risk.
- The risk: each observation's ``risks`` takes effect at its ``observed_at`` (None leaves it as it was; an empty
  tuple says no risk holds any longer).
- The chain: from each anchor (A, then each set that met the interval before, or the interval's due time under the
  policy's FIXED_GRID clock), the next set is due ``rt_observation_every`` later (RT-01) when no risk holds at the
  anchor, ``rt_observation_every_when_at_risk`` later (RT-02) when one does. A risk that starts at t inside an
  interval brings it forward to ``min(due, t + rt_observation_every_when_at_risk)`` and makes it an RT-02 one.
- Each interval is met by the first set after its anchor (at or after A for the first); a set met late opens the
  next interval from itself. The duty continues with one open obligation after the last set.
- The first observation at or after A with ``no_further_concerns`` (at S) ends it: a set at S meets the interval
  open then; nothing is due at or after S otherwise (an interval due at or after S is dropped unless a set by S
  meets it). An interval due before S that no set met stays missed.

Ids are ``cadence_id(rule, use, anchor)``: the same history always gives the same ids. Each rule is derived only
when the policy applies it; without RT-02 no risk shortens the interval.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import MonitoringRisk
from rpledger.domain.obligation import Obligation, Rule
from rpledger.domain.policy import FIXED_GRID, Policy
from rpledger.domain.rules.cadence import cadence_id
from rpledger.domain.rules.catalogue import RT_01, RT_02
from rpledger.domain.rules.derived import Derived
from rpledger.domain.rules.record_keeping import chosen_uses
from rpledger.domain.values import Observation, Use


def per_use(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Derived:
    derived = Derived()
    if not (policy.applies(RT_01.id) or policy.applies(RT_02.id)):
        return derived
    for use in chosen_uses(case, only):
        derived.obligations += [o for o in monitoring(case, policy, use) if policy.applies(o.rule.id)]
    return derived


def case_wide(case: Case, policy: Policy) -> Derived:
    return Derived()


@dataclass(frozen=True)
class _Risks:
    """When the risks changed, from the observations that said so (in time order)."""

    changes: tuple[tuple[datetime, frozenset[MonitoringRisk]], ...]

    def at(self, moment: datetime) -> frozenset[MonitoringRisk]:
        held: frozenset[MonitoringRisk] = frozenset()
        for changed_at, risks in self.changes:
            if changed_at > moment:
                break
            held = risks
        return held

    def onsets(self, after: datetime, before: datetime) -> list[datetime]:
        """The moments strictly between ``after`` and ``before`` at which some risk was said to hold."""
        return [changed_at for changed_at, risks in self.changes if after < changed_at < before and risks]


def administered_at(use: Use) -> datetime | None:
    return next((s.started_at for s in use.segments if s.practice.is_rapid_tranquillisation), None)


def monitoring(case: Case, policy: Policy, use: Use) -> list[Obligation]:
    """Every interval of the use's monitoring after rapid tranquillisation, RT-01 or RT-02 (see the module)."""
    start = administered_at(use)
    if start is None:
        return []
    observations = sorted(
        (case.observations[i] for i in case.observations_of_use.get(use.id, ())), key=lambda o: o.observed_at
    )
    stop = next((o.observed_at for o in observations if o.no_further_concerns and o.observed_at >= start), None)
    considered = [o for o in observations if stop is None or o.observed_at <= stop]
    risks = _Risks(
        tuple((o.observed_at, frozenset(o.risks)) for o in considered if o.risks is not None)
        if policy.applies(RT_02.id)
        else ()
    )
    sets = [(o.observed_at, o.id) for o in considered if _is_set(o) and o.observed_at >= start]
    obligations: list[Obligation] = []
    anchor, position = start, 0
    while True:
        rule, due = _interval(policy, risks, anchor)
        while position < len(sets) and obligations and sets[position][0] <= anchor:
            position += 1
        met = sets[position] if position < len(sets) else None
        if stop is not None and due >= stop and met is None:
            break  # the clinician's "no further concerns" came before this set was due
        obligations.append(
            Obligation(
                id=cadence_id(rule, use.id, anchor),
                rule=rule,
                triggered_by=use.id,
                opened_at=anchor,
                due_at=due,
                due_soon_from=due - policy.due_soon_horizon,
                met_at=None if met is None else met[0],
                met_by=None if met is None else met[1],
            )
        )
        if met is None:
            break
        position += 1
        anchor = due if policy.review_clock == FIXED_GRID else met[0]
    return obligations


def _is_set(observation: Observation) -> bool:
    return observation.vitals is not None and observation.vitals.any_taken


def _interval(policy: Policy, risks: _Risks, anchor: datetime) -> tuple[Rule, datetime]:
    """The rule and due time of the interval opened at ``anchor``."""
    quick = policy.rt_observation_every_when_at_risk
    if risks.at(anchor):
        return RT_02, anchor + quick
    rule, due = RT_01, anchor + policy.rt_observation_every
    for onset in risks.onsets(anchor, due):
        if onset < due:
            rule, due = RT_02, min(due, onset + quick)
    return rule, due
