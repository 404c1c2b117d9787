"""Replay: a case's history entry by entry, with what each entry did to the obligations and findings.

Each step folds one more event into the case and re-evaluates the rules for the uses that entry touched (every
rule concerns one use at a time), so replaying a long history stays linear. The statuses are judged at ``as_of``
when given, otherwise at the moment the entry was recorded: what the record showed just after it was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from rpledger.application.cases import Cases
from rpledger.application.dto import HistoryEntry
from rpledger.application.history import history_entry
from rpledger.domain.case import Case
from rpledger.domain.errors import NotYetRecordedError, UnknownCaseError
from rpledger.domain.obligation import Finding, Obligation, ObligationStatus
from rpledger.domain.rules import evaluate


@dataclass(frozen=True)
class ObligationAt:
    obligation: Obligation
    status: ObligationStatus
    time_to_review_seconds: int | None


@dataclass(frozen=True)
class ReplayStep:
    """One entry, and the obligations and open findings of the uses it touched, as they stood after it."""

    entry: HistoryEntry
    moment: datetime
    obligations: tuple[ObligationAt, ...]
    findings: tuple[Finding, ...]


def replay(
    cases: Cases,
    case_id: UUID,
    *,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
    with_details: bool = True,
) -> Iterator[ReplayStep]:
    """Every entry recorded (by ``known_at``, if given) in order, each with its effect on the case's compliance."""
    case: Any = None
    seen = False
    for event in cases.events.get(case_id):
        if case is None and not isinstance(event, Case.CaseOpened):
            raise UnknownCaseError(case_id)  # another kind of stream (a blanket restriction), not a case
        if known_at is not None and event.timestamp > known_at:  # type: ignore[attr-defined]
            if not seen:
                raise NotYetRecordedError(case_id, known_at)
            break
        seen = True
        touched_before = _touched(case, event) if case is not None else set()
        case = event.mutate(case)  # type: ignore[attr-defined]
        assert isinstance(case, Case)
        policy = cases.policy_for(case.setting)
        entry = history_entry(event, policy.use_recorded_within, with_details=with_details)
        moment = as_of or entry.recorded_at
        compliance = evaluate(
            case, policy, touched_before | _touched(case, event), case_wide=not isinstance(event, _USE_ONLY_EVENTS)
        )
        yield ReplayStep(
            entry=entry,
            moment=moment,
            obligations=tuple(
                ObligationAt(o, o.status(moment), o.time_to_review_seconds(moment))
                for o in compliance.obligations
                if o.exists_at(moment)
            ),
            findings=tuple(f for f in compliance.findings if f.open_at(moment)),
        )
    if not seen:
        raise UnknownCaseError(case_id)


# Entries that change only what the per-use rules derive about the uses they name: the rules that judge the case as
# a whole (SEC-06 totals, DoLS, NOTIF-01, GOV-02) need not run again after them.
_USE_ONLY_EVENTS = (Case.DebriefHeld, Case.DebriefDeclined, Case.ObservationRecorded)


def _touched(case: Case, event: Any) -> set[UUID]:
    """The uses whose obligations or findings an event may change, read from the case (before or after it)."""
    if isinstance(event, Case.AuthorisationGranted | Case.AuthorisationEnded | Case.AuthorisationExtended):
        return set(case.uses)  # AUTH-01 depends on every authorisation
    if isinstance(event, Case.ReviewHeld):
        return {event.review.use_id}
    if isinstance(event, Case.ObservationRecorded):
        return {event.observation.use_id}
    if isinstance(event, Case.DepartureJustified):
        return {event.departure.subject}
    if isinstance(event, Case.UseRecorded | Case.UseStarted):
        return {event.use.id}
    if isinstance(event, Case.UseEnded):
        return {event.use_id}
    if isinstance(event, Case.DebriefHeld | Case.DebriefDeclined):
        return set(event.debrief.use_ids)
    if isinstance(event, Case.CarePlanRevised):
        return set(case.uses)  # CP-03 reads the plan in force at every use's start
    if isinstance(event, Case.EntryCorrected | Case.EntryRetracted):
        return _touched_by_entry(case, event.entry_id)
    return set()


def _touched_by_entry(case: Case, entry_id: UUID) -> set[UUID]:
    if entry_id == case.id or entry_id in case.authorisations_as_recorded:
        return set(case.uses)  # the person's details feed UOF-03, authorisations AUTH-01, for every use
    if entry_id in case.debriefs:
        return set(case.debriefs[entry_id].use_ids)
    if entry_id in case.care_plan_revisions or entry_id in case.revisions_as_recorded:
        return set(case.uses)  # CP-03 reads the plan in force at every use's start
    if entry_id in case.reviews:
        return {case.reviews[entry_id].use_id}
    if entry_id in case.observations:
        return {case.observations[entry_id].use_id}
    if entry_id in case.departures:
        return {case.departures[entry_id].subject}
    if entry_id in case.plain_as_recorded:
        return set()  # DoLS requests, stays and notifications feed only the case-wide rules
    return {entry_id}  # a use
