"""What the record of a use must say: DEB-03 the post-incident review flags, CP-03 the care-plan flag against the plan,
MCA-01 and MCA-03 the reasoning of restraint under the Mental Capacity Act.

DEB-03 (mental health units; MHSDS MHS505, V1). Each ended use of force: by the end of the policy's window for the
debrief with the person (``debrief_with_person_within`` after the use ends) the record must say whether a
post-incident review was held with the patient (``RestrictiveIntPIReviewHeldPat``: a WITH_PERSON debrief naming the
use, held, or declined with its reason, which is ``RestrictiveIntPIReviewNotHeldReasPat``) and with the staff
involved (``RestrictiveIntPIReviewHeldCarePers``: a WITH_STAFF debrief naming the use, held or not). If not, a
finding opens at that deadline naming the flags missing. A debrief counts from its ``held_at`` (for one declined,
the time it was offered), the time the record gives for it, not from when it was entered: the finding closes at
the ``held_at`` of the debrief that completes the record, and changes its detail (closing and reopening, as UOF-03
does) at the ``held_at`` of one that supplies one flag of two. A debrief held at or before the deadline means no
finding at all.

CP-03 (mental health units; UoF Act s6(5)(d), V1). Each ended use whose record says it was part of the care plan
(``in_care_plan`` is True): the plan in force at the use's start is the highest-version care-plan revision with
``revised_at`` at or before that start. A finding, from the end of the use, when there is no such plan, when it
does not say which interventions it permits (``permitted_practices`` is None), or when it does not list every
practice of the use; the detail names the practices not listed and the plan's version. The use's record is judged
as it stood at each moment: the finding is split at each correction of the use made after it ended (one that makes
the record agree with the plan closes it from then on). The plans are taken as they now stand, corrections
included: a corrected plan is what the plan always said.

MCA-01 and MCA-03 (all settings; MCA 2005 s6(1)-(3) and s1(6), V1). A use is under the Mental Capacity Act when
the case is in adult social care, or when a best-interests decision (``MCA_BEST_INTERESTS``) covers one of its
practices at its start. MCA-01: a finding when the record lacks the belief that the restraint was necessary
(``necessity``) or why it was proportionate (``proportionality``); MCA-03: when it lacks the less restrictive
options considered (``less_restrictive_options``). The decision comes before the act, so both are judged from
the use's start (whether or not it has ended), split at each correction of the use as above. Whether the use is
under the Act is judged on the authorisations as they now stand.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, Setting
from rpledger.domain.obligation import Finding, Rule
from rpledger.domain.policy import Policy
from rpledger.domain.rules.catalogue import CP_03, DEB_03, MCA_01, MCA_03
from rpledger.domain.rules.derived import Derived
from rpledger.domain.values import CarePlanRevision, Use

# What is wrong with a use's record as it stood at a moment ("" or None: nothing).
Judge = Callable[[Use, datetime], str | None]


def per_use(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Derived:
    derived = Derived()
    for use in chosen_uses(case, only):
        if policy.applies(DEB_03.id):
            derived.findings += review_flags_missing(case, policy, use)
        if policy.applies(CP_03.id):
            derived.findings += care_plan_flag_contradicted(case, use)
        if under_mental_capacity_act(case, use):
            if policy.applies(MCA_01.id):
                derived.findings += judged_over_corrections(case, use, MCA_01, use.started_at, _necessity_missing)
            if policy.applies(MCA_03.id):
                derived.findings += judged_over_corrections(case, use, MCA_03, use.started_at, _options_missing)
    return derived


def case_wide(case: Case, policy: Policy) -> Derived:
    return Derived()


def chosen_uses(case: Case, only: Collection[UUID] | None) -> list[Use]:
    """The case's uses, ended or not (only those named in ``only``, when given)."""
    return list(case.uses.values()) if only is None else [case.uses[i] for i in only if i in case.uses]


# ------------------------------------------------------------------------------------------ record timelines


def judged_over_corrections(case: Case, use: Use, rule: Rule, since: datetime, judge: Judge) -> list[Finding]:
    """The spans from ``since`` over which ``judge`` found the use's record wanting, as the record stood at each
    moment: split wherever a correction of the use changed what it found.

    A correction made by ``since`` counts from ``since``; one made later closes the open finding from the moment it
    was made and, if something is still wrong, opens a new one saying what (as UOF-03 does).
    """
    corrections = [c.corrected_at for c in case.corrections_of(use.id)]

    def judged(moment: datetime) -> str:
        return judge(case.use_as_of_corrections(use.id, moment), moment) or ""

    return spans(rule, use.id, since, judged, corrections)


def spans(
    rule: Rule, subject: UUID, since: datetime, judge: Callable[[datetime], str], changes: Iterable[datetime]
) -> list[Finding]:
    """Findings from ``since``: at ``since`` and at each of ``changes`` after it, ``judge`` says what is wrong
    ("" for nothing); a change of what it says closes the open finding then, and opens one with the new detail."""
    moments = sorted({since} | {m for m in changes if m > since})
    findings: list[Finding] = []
    for moment in moments:
        detail = judge(moment)
        if findings and findings[-1].resolved_at is None and findings[-1].detail == detail:
            continue
        if findings and findings[-1].resolved_at is None:
            findings.append(replace(findings.pop(), resolved_at=moment))
        if detail:
            findings.append(Finding(rule, subject, moment, detail))
    return findings


def minute(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


# ------------------------------------------------------------------------------------------------------ DEB-03

PATIENT_FLAG = "RestrictiveIntPIReviewHeldPat (a post-incident review with the patient, or the reason it was not held)"
STAFF_FLAG = "RestrictiveIntPIReviewHeldCarePers (a post-incident review with the staff involved)"


def review_flags_missing(case: Case, policy: Policy, use: Use) -> list[Finding]:
    """DEB-03: the MHSDS post-incident review flags of an ended use of force, from the end of the debrief window."""
    if use.ended_at is None or not any(p.is_use_of_force for p in use.practices):
        return []
    deadline = use.ended_at + policy.debrief_with_person_within
    debriefs = [case.debriefs[i] for i in case.debriefs_of_use.get(use.id, ())]
    first: dict[DebriefKind, datetime] = {}
    for debrief in debriefs:
        if debrief.kind in (DebriefKind.WITH_PERSON, DebriefKind.WITH_STAFF):
            first[debrief.kind] = min(debrief.held_at, first.get(debrief.kind, debrief.held_at))

    def missing_by(moment: datetime) -> str:
        flags = [
            flag
            for kind, flag in ((DebriefKind.WITH_PERSON, PATIENT_FLAG), (DebriefKind.WITH_STAFF, STAFF_FLAG))
            if kind not in first or first[kind] > moment
        ]
        return "the record does not give MHSDS " + "; ".join(flags) if flags else ""

    return spans(DEB_03, use.id, deadline, missing_by, first.values())


# ------------------------------------------------------------------------------------------------------- CP-03


def care_plan_flag_contradicted(case: Case, use: Use) -> list[Finding]:
    """CP-03: a record saying the use was part of the care plan, judged against the plan in force at its start."""
    if use.ended_at is None:
        return []
    plans = list(case.care_plan_revisions.values())

    def judge(as_recorded: Use, _: datetime) -> str | None:
        if as_recorded.details.in_care_plan is not True:
            return None
        return plan_contradiction(as_recorded, plans)

    return judged_over_corrections(case, use, CP_03, use.ended_at, judge)


def plan_in_force(plans: Iterable[CarePlanRevision], at: datetime) -> CarePlanRevision | None:
    """The highest version revised at or before ``at``."""
    return max((p for p in plans if p.revised_at <= at), key=lambda p: p.version, default=None)


def plan_contradiction(use: Use, plans: Iterable[CarePlanRevision]) -> str | None:
    said = "the record says the force used was part of the care plan"
    plan = plan_in_force(plans, use.started_at)
    if plan is None:
        return f"{said}, but no care plan was in force when it started at {minute(use.started_at)}"
    if plan.permitted_practices is None:
        return f"{said}, but care plan version {plan.version} does not say which restrictive interventions it permits"
    unlisted = [p for p in use.practices if p not in plan.permitted_practices]
    if not unlisted:
        return None
    return f"{said}, but care plan version {plan.version} does not list {_practices(unlisted)}"


def _practices(practices: Iterable[PracticeCode]) -> str:
    return ", ".join(p.value for p in practices)


# ------------------------------------------------------------------------------------------------ MCA-01, MCA-03


def under_mental_capacity_act(case: Case, use: Use) -> bool:
    """In adult social care every use is; elsewhere, a use a best-interests decision covers when it starts."""
    if case.setting is Setting.ADULT_SOCIAL_CARE:
        return True
    return any(
        a.basis is AuthorisationBasis.MCA_BEST_INTERESTS and a.covers(p, use.started_at)
        for a in case.authorisations.values()
        for p in use.practices
    )


def _necessity_missing(use: Use, _: datetime) -> str | None:
    missing = []
    if use.details.necessity is None:
        missing.append("the belief that it was necessary to prevent harm to the person (MCA s6(2))")
    if use.details.proportionality is None:
        missing.append("why it was proportionate to the likelihood and seriousness of that harm (MCA s6(3))")
    return "restraint under the Mental Capacity Act; missing " + "; ".join(missing) if missing else None


def _options_missing(use: Use, _: datetime) -> str | None:
    if use.details.less_restrictive_options is not None:
        return None
    return "restraint under the Mental Capacity Act; missing the less restrictive options considered (MCA s1(6))"
