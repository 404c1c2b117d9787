"""Recording the plan through the ``Cases`` application's commands, and summarising what was recorded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from rpledger.application.cases import Cases
from rpledger.demo.cast import DEMO_PROVIDER, LOCATIONS, Window
from rpledger.demo.steps import (
    Action,
    Correct,
    Debrief,
    DecideDols,
    EndGrant,
    EndUse,
    Grant,
    Observe,
    Open,
    RecordUse,
    RequestDols,
    Review,
    Revise,
    Step,
)
from rpledger.demo.uses import KINDS
from rpledger.domain import values
from rpledger.domain.case import Case
from rpledger.domain.codes import DebriefKind, ReviewKind
from rpledger.domain.correction import AuthorisationCorrection, PersonCorrection
from rpledger.domain.errors import CaseAlreadyOpenError, UnknownCaseError
from rpledger.domain.values import Recording


class DemoAlreadyLoadedError(Exception):
    """The database already holds a demo case: loading again would duplicate the history."""

    def __init__(self, person_ref: str) -> None:
        super().__init__(
            f"the demo data is already loaded in this database (case {person_ref} exists); "
            "load the demo into an empty database"
        )
        self.person_ref = person_ref


def refuse_if_loaded(cases: Cases, refs: Sequence[str]) -> None:
    """Checked before anything is written, so a refused load leaves the database as it was."""
    for ref in refs:
        try:
            cases.get_case(Case.create_id(ref, DEMO_PROVIDER))
        except UnknownCaseError:
            continue
        raise DemoAlreadyLoadedError(ref)


class Recorder:
    """Runs each step as one command, remembering the id each planned entry was given."""

    def __init__(self, cases: Cases, now: datetime) -> None:
        self.cases = cases
        self.now = now
        self.ids: dict[str, UUID] = {}
        self._run: dict[type, Callable[[Step, Any], None]] = {
            Open: self.open,
            Grant: self.grant,
            EndGrant: self.end_grant,
            RecordUse: self.record_use,
            EndUse: self.end_use,
            Debrief: self.debrief,
            Revise: self.revise,
            Review: self.review,
            Observe: self.observe,
            RequestDols: self.request_dols,
            DecideDols: self.decide_dols,
            Correct: self.correct,
        }

    def run(self, steps: Sequence[Step]) -> None:
        for step in steps:
            actor = step.by.actor if isinstance(step.by, Recording) else step.by
            recorded = replace(step, by=Recording(actor, at=self.recorded_at(step)))
            self._run[type(step.action)](recorded, step.action)

    def recorded_at(self, step: Step) -> datetime:
        """When staff recorded the step: twenty minutes after it happened or was written down (a use once it was
        over, or once it began if recorded as it went on), and never after now."""
        return min(self.now, step.order + timedelta(minutes=20))

    def open(self, step: Step, a: Open) -> None:
        try:
            self.ids[step.ref] = self.cases.open_case(
                step.ref,
                a.setting,
                a.location_id,
                step.by,
                date_of_birth=a.date_of_birth,
                person=a.person,
                opened_at=step.at,
                provider_id=DEMO_PROVIDER,
            )
        except CaseAlreadyOpenError:  # loaded by someone else since refuse_if_loaded looked
            raise DemoAlreadyLoadedError(step.ref) from None
        if a.setting.is_mental_health_unit:
            # Admitted to the (adult) ward when the case opens: the stay is the hospital spell of national returns.
            ward = next(location.name for location in LOCATIONS if location.id == a.location_id)
            self.cases.admit(self.ids[step.ref], ward, True, step.at, step.by)

    def grant(self, step: Step, a: Grant) -> None:
        self.ids[a.key] = self.cases.grant_authorisation(
            self.ids[step.ref],
            a.basis,
            a.practices,
            step.at,
            a.valid_until,
            a.granted_by,
            step.by,
            granted_at=step.at,
            conditions=a.conditions,
        )

    def end_grant(self, step: Step, a: EndGrant) -> None:
        self.cases.end_authorisation(self.ids[step.ref], self.ids[a.key], step.at, a.reason, step.by)

    def record_use(self, step: Step, a: RecordUse) -> None:
        self.ids[a.key] = self.cases.record_use(self.ids[step.ref], a.segments, a.details, step.by)

    def end_use(self, step: Step, a: EndUse) -> None:
        self.cases.end_use(self.ids[step.ref], self.ids[a.key], step.at, step.by)

    def debrief(self, step: Step, a: Debrief) -> None:
        uses = [self.ids[key] for key in a.use_keys]
        self.cases.record_debrief(self.ids[step.ref], uses, a.kind, step.at, step.by, declined_reason=a.declined_reason)

    def revise(self, step: Step, a: Revise) -> None:
        uses = [self.ids[key] for key in a.use_keys]
        self.cases.revise_care_plan(
            self.ids[step.ref],
            step.at,
            uses,
            a.summary,
            step.by,
            changes=a.changes,
            next_review_on=a.next_review_on,
            permitted_practices=a.permitted,
        )

    def review(self, step: Step, a: Review) -> None:
        use_id = self.ids[a.use_key]
        review = values.Review(use_id, use_id, a.kind, step.at, a.reviewers, outcome=a.outcome)  # the id is replaced
        self.cases.record_review(self.ids[step.ref], review, step.by)

    def observe(self, step: Step, a: Observe) -> None:
        use_id = self.ids[a.use_key]
        observation = values.Observation(
            use_id, use_id, step.at, a.observer, a.vitals, a.risks, a.no_further_concerns, a.note
        )  # the id is replaced
        self.cases.record_observation(self.ids[step.ref], observation, step.by)

    def request_dols(self, step: Step, a: RequestDols) -> None:
        self.ids[a.key] = self.cases.request_standard_authorisation(
            self.ids[step.ref], step.at, a.supervisory_body, step.by
        )

    def decide_dols(self, step: Step, a: DecideDols) -> None:
        self.cases.decide_dols_request(self.ids[step.ref], self.ids[a.key], a.outcome, step.at, step.by)

    def correct(self, step: Step, a: Correct) -> None:
        case_id = self.ids[step.ref]
        entry_id = case_id if a.key is None else self.ids[a.key]
        self.cases.correct_entry(case_id, entry_id, a.correction, a.reason, step.by, corrected_at=step.at)


def summary(steps: Sequence[Step], window: Window, seed: int) -> str:
    """A few lines on what was recorded, counted from the plan (so the application's ids play no part)."""
    actions = [s.action for s in steps]
    present = {a.location_id for a in _of(actions, Open)}
    locations = [location.id for location in LOCATIONS if location.id in present]
    where = f"{len(_of(actions, Open))} cases at {len(locations)} locations ({', '.join(locations)})"
    when = f"{(window.now - window.start).days} days to {window.now:%Y-%m-%d %H:%M} UTC"
    lines = (
        f"rpledger demo (seed {seed}): {where}, {when}",
        _uses_line(actions),
        _authorisations_line(actions),
        _debriefs_line(actions),
        _monitoring_line(actions),
        _revisions_line(actions),
    )
    return "\n".join(lines)


T = TypeVar("T")


def _of(actions: Sequence[Action], kind: type[T]) -> list[T]:
    return [a for a in actions if isinstance(a, kind)]


def _uses_line(actions: Sequence[Action]) -> str:
    uses = _of(actions, RecordUse)
    ended = {a.key for a in _of(actions, EndUse)}
    ongoing = sum(1 for u in uses if u.segments[-1].ended_at is None and u.key not in ended)
    kinds = Counter(KINDS[u.kind].label for u in uses)
    return (
        f"  {len(uses)} uses: {', '.join(f'{n} {label}' for label, n in kinds.most_common())}; {ongoing} going on now"
    )


def _authorisations_line(actions: Sequence[Action]) -> str:
    return (
        f"  {len(_of(actions, Grant))} authorisations granted, {len(_of(actions, EndGrant))} ended early; "
        f"{len(_of(actions, RequestDols))} standard DoLS authorisations requested"
    )


def _debriefs_line(actions: Sequence[Action]) -> str:
    debriefs = _of(actions, Debrief)
    count = Counter(d.kind for d in debriefs)
    declined = sum(1 for d in debriefs if d.declined_reason is not None)
    return (
        f"  debriefs: {count[DebriefKind.WITH_PERSON]} with the person ({declined} declined), "
        f"{count[DebriefKind.WITH_STAFF]} with staff, {count[DebriefKind.POST_INCIDENT_REVIEW]} post-incident reviews"
    )


def _monitoring_line(actions: Sequence[Action]) -> str:
    reviews = Counter(r.kind for r in _of(actions, Review))
    seclusion = sum(reviews[k] for k in (ReviewKind.NURSING, ReviewKind.MEDICAL, ReviewKind.INDEPENDENT_MDT))
    observations = _of(actions, Observe)
    with_vitals = sum(1 for o in observations if o.vitals is not None)
    return (
        f"  reviews: {seclusion} nursing, medical or independent of seclusion, {reviews[ReviewKind.INTERNAL_MDT]} "
        f"internal MDT, {reviews[ReviewKind.APPROVED_CLINICIAN]} by the approved clinician in segregation; "
        f"{len(observations)} observations ({with_vitals} with vital signs)"
    )


def _revisions_line(actions: Sequence[Action]) -> str:
    corrections = [c.correction for c in _of(actions, Correct)]
    people = sum(1 for c in corrections if isinstance(c, PersonCorrection))
    authorisations = sum(1 for c in corrections if isinstance(c, AuthorisationCorrection))
    revisions = _of(actions, Revise)
    plans = sum(1 for r in revisions if not r.use_keys)
    return (
        f"  {len(revisions)} care-plan revisions ({plans} on admission or for seclusion); {len(corrections)} "
        f"corrections ({people} of person details, {len(corrections) - people - authorisations} of use records, "
        f"{authorisations} of DoLS authorisations)"
    )
