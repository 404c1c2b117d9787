"""What must follow each use: DEB-01 debrief with the person, DEB-02 formal post-incident review, CP-01 care-plan
revision. Each opens when the use ends and is met by the earliest qualifying entry that names the use."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from rpledger.domain.case import Case
from rpledger.domain.codes import DebriefKind, PracticeCode
from rpledger.domain.obligation import Obligation, Rule
from rpledger.domain.policy import Policy
from rpledger.domain.rules.catalogue import CP_01, DEB_01, DEB_02
from rpledger.domain.values import Debrief, Use

OBLIGATION_NAMESPACE = uuid5(NAMESPACE_URL, "https://rpledger.invalid/obligation")


def obligation_id(rule: Rule, triggered_by: UUID) -> UUID:
    """Stable across rebuilds: the same rule on the same trigger is always the same obligation."""
    return uuid5(OBLIGATION_NAMESPACE, f"{rule.id}/{triggered_by}")


def after_use(
    rule: Rule, use: Use, within: timedelta, horizon: timedelta, meetings: Iterable[tuple[datetime, UUID]]
) -> Obligation:
    ended_at = use.ended_at
    assert ended_at is not None  # only ended uses open aftercare obligations
    due_at = ended_at + within
    qualifying = sorted((at, by) for at, by in meetings if at >= ended_at)
    met_at, met_by = qualifying[0] if qualifying else (None, None)
    return Obligation(
        id=obligation_id(rule, use.id),
        rule=rule,
        triggered_by=use.id,
        opened_at=ended_at,
        due_at=due_at,
        due_soon_from=due_at - horizon,
        met_at=met_at,
        met_by=met_by,
    )


def ended_uses(case: Case, only: Collection[UUID] | None = None) -> list[Use]:
    """The case's ended uses (only those named in ``only``, when given)."""
    chosen = case.uses.values() if only is None else (case.uses[i] for i in only if i in case.uses)
    return [use for use in chosen if use.ended_at is not None]


def _debriefs(case: Case, use: Use) -> list[Debrief]:
    return [case.debriefs[i] for i in case.debriefs_of_use.get(use.id, ())]


def debriefs_with_person(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> list[Obligation]:
    """DEB-01: held, or offered and declined with a reason, within the policy's window of the use's end.

    Only after a use of force (restraint of any kind, rapid tranquillisation, seclusion or segregation): NG10's
    "incident" expressly excludes observation, and QS154 asks for the debrief after restraint, RT or seclusion.
    """
    return [
        after_use(
            DEB_01,
            use,
            policy.debrief_with_person_within,
            policy.due_soon_horizon,
            ((d.held_at, d.id) for d in _debriefs(case, use) if d.kind is DebriefKind.WITH_PERSON),
        )
        for use in ended_uses(case, only)
        if any(p.is_use_of_force for p in use.practices)
    ]


def post_incident_reviews(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> list[Obligation]:
    """DEB-02: after restraint (physical or mechanical), rapid tranquillisation or seclusion; only a review actually
    held meets it."""
    return [
        after_use(
            DEB_02,
            use,
            policy.post_incident_review_within,
            policy.due_soon_horizon,
            (
                (d.held_at, d.id)
                for d in _debriefs(case, use)
                if d.kind is DebriefKind.POST_INCIDENT_REVIEW and d.was_held
            ),
        )
        for use in ended_uses(case, only)
        if any(p.is_restraint or p.is_rapid_tranquillisation or p.is_seclusion for p in use.practices)
    ]


def care_plan_revisions(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> list[Obligation]:
    """CP-01: a revision that names the use among its triggers meets that use's obligation.

    A deprivation of liberty (DOL) is a continuing legal state authorised under DoLS, not an occurrence of
    restrictive practice, so a use whose only practice is DOL does not call for a revision.
    """
    return [
        after_use(
            CP_01,
            use,
            policy.care_plan_revision_within,
            policy.due_soon_horizon,
            ((case.care_plan_revisions[i].revised_at, i) for i in case.revisions_of_use.get(use.id, ())),
        )
        for use in ended_uses(case, only)
        if use.practices != (PracticeCode.DOL,)
    ]
