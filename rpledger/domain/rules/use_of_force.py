"""UOF-03: the record of each use of force holds every item of the Use of Force Act 2018 s6(5)(a)-(p).

The record is judged as it stood at each moment: from the end of the use, with the corrections made by then. A
correction that supplies what was missing closes the finding from the moment it was made; one that supplies part of
it opens a new finding listing what is still missing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import ReasonCode
from rpledger.domain.obligation import Finding
from rpledger.domain.rules.aftercare import ended_uses
from rpledger.domain.rules.catalogue import UOF_03
from rpledger.domain.values import PersonDetails, Use

Check = Callable[[Use, PersonDetails], bool]


def _reason_given(use: Use, _: PersonDetails) -> bool:
    reason = use.details.reason
    if reason is None or reason is ReasonCode.NOT_KNOWN:
        return False
    return reason is not ReasonCode.OTHER or use.details.reason_detail is not None


def _staff_named_with_job_titles(use: Use, _: PersonDetails) -> bool:
    staff = use.details.staff
    return bool(staff) and all(member.job_title for member in staff)


def _non_staff_explained(use: Use, _: PersonDetails) -> bool:
    others = use.details.non_staff
    return others is not None and all(other.reason for other in others)


# (b) place, date and duration and (c) the types used are held by every ended use's segments and the case's
# location, so they cannot be missing; the items below can.
ITEMS: tuple[tuple[str, str, Check], ...] = (
    ("a", "the reason for the use of force", _reason_given),
    ("d", "whether it was part of the care plan", lambda u, _: u.details.in_care_plan is not None),
    ("e", "the patient's name", lambda _, p: p.name is not None),
    ("f", "a description of how force was used", lambda u, _: u.details.description is not None),
    ("g", "the patient's NHS number", lambda _, p: p.nhs_number is not None),
    ("h", "the name and job title of each member of staff", _staff_named_with_job_titles),
    ("i", "why any person other than staff took part", _non_staff_explained),
    ("j", "the patient's mental disorder (or that it is not known)", lambda _, p: p.mental_disorder is not None),
    (
        "k",
        "the patient's relevant characteristics (or that they are not known)",
        lambda _, p: p.relevant_characteristics is not None,
    ),
    (
        "l",
        "whether the patient has a learning disability or autism",
        lambda _, p: p.learning_disability_or_autism is not None,
    ),
    ("m", "a description of the outcome", lambda u, _: u.details.outcome is not None),
    (
        "n",
        "whether the patient died or was seriously injured",
        lambda u, _: u.details.died_or_seriously_injured is not None,
    ),
    ("o", "the efforts made to avoid using force", lambda u, _: u.details.de_escalation is not None),
    (
        "p",
        "whether the people the care plan names were notified",
        lambda u, _: u.details.care_plan_contacts_notified is not None,
    ),
)


def missing_items(use: Use, person: PersonDetails) -> list[str]:
    return [f"s6(5)({letter}) {label}" for letter, label, present in ITEMS if not present(use, person)]


def incomplete_records(case: Case, only: Collection[UUID] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for use in ended_uses(case, only):
        if not any(p.is_use_of_force for p in use.practices):
            continue
        findings.extend(_record_timeline(case, use, use.ended_at))  # type: ignore[arg-type]
    return findings


def _record_timeline(case: Case, use: Use, ended_at: datetime) -> list[Finding]:
    """The spans over which the record lacked something, split wherever a correction changed what it lacked."""
    relevant = (*case.corrections_of(use.id), *case.corrections_of(case.id))
    moments = sorted({ended_at} | {c.corrected_at for c in relevant if c.corrected_at > ended_at})
    findings: list[Finding] = []
    for moment in moments:
        missing = missing_items(case.use_as_of_corrections(use.id, moment), case.person_as_of_corrections(moment))
        detail = "missing " + "; ".join(missing) if missing else ""
        if findings and findings[-1].resolved_at is None and findings[-1].detail == detail:
            continue
        if findings and findings[-1].resolved_at is None:
            previous = findings.pop()
            findings.append(Finding(previous.rule, previous.subject, previous.at, previous.detail, moment))
        if missing:
            findings.append(Finding(UOF_03, use.id, moment, detail))
    return findings
