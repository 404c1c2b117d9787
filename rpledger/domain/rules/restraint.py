"""Manual (physical) restraint: RES-01 prone restraint, RES-03 its length, RES-04 physical health monitoring,
RES-06 going to the floor.

RES-01 (all settings; MHA CoP 26.70, P&PC 2014, V2). Each use with a prone segment (``PHYS.PRONE``) must record the
cogent reason for it (``prone_reason``). Without one, a finding from the end of the use naming the prone segments'
times. The record is judged as it stood at each moment: the finding is split at each correction of the use made
after it ended (a correction supplying the reason closes it from then on; see UOF-03).

RES-03 (mental health units; NICE NG10 s1.4, R). Manual restraint is a run of physical segments (``PHYS.*``) of a
use, each starting when the one before it ends: standing, then prone, is one restraint. A release (a gap in time)
or another practice in between ends the run. A run longer than ``manual_restraint_longest`` is a finding from the
moment it passed the limit (its start plus the limit) with its length, e.g. "manual restraint lasted 13 min, over
the 10 min guidance"; exactly the limit is not over it. A run still going on is found once it passes the limit
("went on past the 10 min guidance (still going on)"); the detail gives its length once it has ended.
Judged on the use as it now stands: a correction of the segments corrects the times themselves.

RES-04 (mental health units; NICE QS154 statement 3, V1). Each use with physical restraint: an obligation opened at
the end of its last physical segment, due ``restraint_monitoring_within`` later, met by the first observation of
the use with vital signs taken (``vitals.any_taken``) at or after the start of its first physical segment, so
observations during the restraint count. Its ``met_at`` is the observation's own time, which may precede the
obligation's opening. A note without vital signs does not meet it.

RES-06 (mental health units; NICE NG10 1.4.4-1.4.6, 1.4.24, 1.4.29, V1). Each use that went to the floor (a prone,
supine or side segment) must record why that could not be avoided (``floor_reason``). Without one, a finding from
the end of the use naming the floor segments, split at corrections as for RES-01.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode
from rpledger.domain.obligation import Finding, Obligation
from rpledger.domain.policy import Policy
from rpledger.domain.rules.aftercare import obligation_id
from rpledger.domain.rules.catalogue import RES_01, RES_03, RES_04, RES_06
from rpledger.domain.rules.derived import Derived
from rpledger.domain.rules.record_keeping import chosen_uses, judged_over_corrections, minute
from rpledger.domain.values import Segment, Use

FLOOR_POSITIONS = (PracticeCode.PHYS_PRONE, PracticeCode.PHYS_SUPINE, PracticeCode.PHYS_SIDE)
_POSITION_WORDS = {
    PracticeCode.PHYS_PRONE: "prone",
    PracticeCode.PHYS_SUPINE: "supine",
    PracticeCode.PHYS_SIDE: "side",
}


def per_use(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Derived:
    derived = Derived()
    for use in chosen_uses(case, only):
        ended_at = use.ended_at
        if policy.applies(RES_01.id) and ended_at is not None:
            derived.findings += judged_over_corrections(case, use, RES_01, ended_at, _prone_unexplained)
        if policy.applies(RES_03.id):
            derived.findings += overlong_restraints(use, policy.manual_restraint_longest)
        if policy.applies(RES_04.id):
            derived.obligations += physical_health_monitoring(case, policy, use)
        if policy.applies(RES_06.id) and ended_at is not None:
            derived.findings += judged_over_corrections(case, use, RES_06, ended_at, _floor_unexplained)
    return derived


def case_wide(case: Case, policy: Policy) -> Derived:
    return Derived()


# ------------------------------------------------------------------------------------------------ RES-01, RES-06


def _prone_unexplained(use: Use, _: datetime) -> str | None:
    prone = [s for s in use.segments if s.practice is PracticeCode.PHYS_PRONE]
    if not prone or use.details.prone_reason is not None:
        return None
    return f"prone restraint {_times(prone)} without a documented cogent reason"


def _floor_unexplained(use: Use, _: datetime) -> str | None:
    floor = [s for s in use.segments if s.practice in FLOOR_POSITIONS]
    if not floor or use.details.floor_reason is not None:
        return None
    held = "; ".join(f"{_POSITION_WORDS[s.practice]} {_time(s)}" for s in floor)
    return f"taken to the floor ({held}) with no reason recorded why it could not be avoided"


def _times(segments: list[Segment]) -> str:
    return " and ".join(_time(s) for s in segments)


def _time(segment: Segment) -> str:
    """ "from 2025-03-03 11:04 to 11:15" (the end's date only when it differs)."""
    start, end = segment.started_at, segment.ended_at
    if end is None:
        return f"from {minute(start)}, still going on"
    return f"from {minute(start)} to {end.strftime('%H:%M') if end.date() == start.date() else minute(end)}"


# ------------------------------------------------------------------------------------------------------ RES-03


def restraint_runs(use: Use) -> list[list[Segment]]:
    """The use's manual restraints: runs of physical segments, each starting when the one before it ends."""
    runs: list[list[Segment]] = []
    previous: Segment | None = None
    for segment in use.segments:
        if segment.practice.is_physical_restraint:
            if runs and previous is runs[-1][-1] and previous.ended_at == segment.started_at:
                runs[-1].append(segment)
            else:
                runs.append([segment])
        previous = segment
    return runs


def overlong_restraints(use: Use, longest: timedelta) -> list[Finding]:
    findings = []
    for run in restraint_runs(use):
        start, end = run[0].started_at, run[-1].ended_at
        if end is not None and end - start <= longest:
            continue
        if end is None:
            detail = f"manual restraint went on past the {_minutes(longest)} guidance (still going on)"
        else:
            detail = f"manual restraint lasted {_minutes(end - start)}, over the {_minutes(longest)} guidance"
        findings.append(Finding(RES_03, use.id, start + longest, detail))
    return findings


def _minutes(span: timedelta) -> str:
    """ "13 min", "1 h 5 min", "10 min 30 s": seconds only when there are some."""
    minutes, seconds = divmod(int(span.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        f"{hours} h" if hours else "",
        f"{minutes} min" if minutes or not hours else "",
        f"{seconds} s" if seconds else "",
    ]
    return " ".join(p for p in parts if p)


# ------------------------------------------------------------------------------------------------------ RES-04


def physical_health_monitoring(case: Case, policy: Policy, use: Use) -> list[Obligation]:
    physical = [s for s in use.segments if s.practice.is_physical_restraint]
    if not physical or physical[-1].ended_at is None:
        return []
    opened, due = physical[-1].ended_at, physical[-1].ended_at + policy.restraint_monitoring_within
    observations = (case.observations[i] for i in case.observations_of_use.get(use.id, ()))
    taken = sorted(
        (o.observed_at, o.id)
        for o in observations
        if o.vitals is not None and o.vitals.any_taken and o.observed_at >= physical[0].started_at
    )
    met_at, met_by = taken[0] if taken else (None, None)
    return [
        Obligation(
            id=obligation_id(RES_04, use.id),
            rule=RES_04,
            triggered_by=use.id,
            opened_at=opened,
            due_at=due,
            due_soon_from=due - policy.due_soon_horizon,
            met_at=met_at,
            met_by=met_by,
        )
    ]
