"""The demo history as a plan: for each person, the steps of their year, in the order they were written down.

A person's year: the case opened with a care plan, their authorisations, their uses, what the ward recorded while
each went on and just after (``monitoring``), then debriefs, post-incident reviews, care-plan revisions and the
corrections an audit makes.

The plan depends only on the seed and the window, so the same seed and clock give the same history and summary
(the application's ids are not part of it). Steps that would happen after now are left out: an obligation whose
debrief or review was still to come is simply open, as it would be on a real ward.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from random import Random

from rpledger.demo.authorisations import authorisations
from rpledger.demo.cast import LOCATIONS, Person, Window
from rpledger.demo.monitoring import Monitor, independent_reviews_due
from rpledger.demo.people import MANAGER, Names, Team, person, recorder, team
from rpledger.demo.steps import Action, Correct, Debrief, EndUse, Observe, Open, RecordUse, Review, Revise, Step
from rpledger.demo.uses import KINDS, PlannedUse, build_use
from rpledger.domain.codes import DebriefKind, PracticeCode
from rpledger.domain.correction import PersonCorrection
from rpledger.domain.values import Actor

# Incidents cluster in the afternoon and evening, and are rare at night.
_HOUR_WEIGHTS = (1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8, 8, 8, 8, 7, 6, 4, 3, 2)
# How the debrief with the person goes, by how well the case is kept: on time, late, declined, never.
_DEBRIEF = {"good": (88, 0, 12, 0), "fair": (66, 14, 12, 8), "poor": (46, 24, 10, 20)}
# How a post-incident review or a care-plan revision goes: on time, late, never.
_FOLLOW_UP = {"good": (100, 0, 0), "fair": (77, 15, 8), "poor": (55, 25, 20)}
# How the debrief with the staff involved goes (DEB-03): on time, late, never.
_STAFF_DEBRIEF = {"good": (100, 0, 0), "fair": (88, 6, 6), "poor": (70, 15, 15)}
# How often a use is written down only a day or more after it (REC-01).
_RECORDED_LATE = {"good": 0.0, "fair": 0.03, "poor": 0.08}
_DECLINED = (
    "Declined: did not want to talk about it; to be offered again tomorrow",
    "Too drowsy after medication; offered on waking and declined",
    "Declined and asked to speak to the advocate instead",
)
# What an audit of a use-of-force record adds, in the words of its correction's reason.
_AUDITED = {
    "staff": "the missing job title",
    "de_escalation": "the de-escalation tried",
    "outcome": "the outcome",
    "care_plan_contacts_notified": "whether contacts were notified",
    "non_staff": "who else took part",
    "prone_reason": "the reason for the prone hold",
    "floor_reason": "why going to the floor could not be avoided",
    "necessity": "the belief that it was necessary",
    "less_restrictive_options": "the less restrictive options tried",
}
_CHANGES = (
    "triggers",
    "early warning signs",
    "de-escalation approaches",
    "permitted interventions",
    "notification contacts",
    "advance statement",
)


def plan(seed: int, window: Window) -> list[Step]:
    rng = Random(seed)
    names = Names(rng)
    steps: list[Step] = []
    for location in LOCATIONS:
        staff = team(names, location)
        for index in range(len(location.cast)):
            steps += PersonPlan(rng, person(rng, names, location, index, window), staff, window).steps()
    # A stable sort: steps written at the same moment keep the order they were planned in (a use before its debrief).
    return sorted((s for s in steps if s.at <= window.now), key=lambda s: s.order)


def _hours(rng: Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


def _pick(rng: Random, options: tuple[str, ...], weights: tuple[int, ...]) -> str:
    return rng.choices(options, weights)[0]


class PersonPlan:
    """The steps of one person's history."""

    def __init__(self, rng: Random, person: Person, team: Team, window: Window) -> None:
        self.rng, self.person, self.team, self.window = rng, person, team, window
        self.actors = [recorder(member, person.location) for member in team.staff]
        self.monitor = Monitor(rng, team, person.profile.quality, person.permitted)
        self.exemplary = Monitor(rng, team, "good", person.permitted)  # for the scripted uses
        self.planned: list[Step] = []
        self.written: dict[str, datetime] = {}  # when each use was written down

    def add(self, at: datetime, action: Action, by: Actor | None = None, written: datetime | None = None) -> None:
        """Plan a step; one that names a use is written down no earlier than the use itself."""
        after = max((self.written[key] for key in _uses_named(action) if key in self.written), default=None)
        if after is not None and after > (written or at):
            written = after
        self.planned.append(Step(at, self.person.ref, by or self.actors[MANAGER], action, written))

    def clinician(self) -> Actor:
        return self.actors[self.rng.randrange(3)]

    def steps(self) -> list[Step]:
        p = self.person
        self.add(p.opened_at, Open(p.location.setting, p.location.id, p.date_of_birth, p.details))
        for at, action in authorisations(self.rng, p, self.window):
            self.add(at, action)
        self.admission_care_plan()
        uses = self.uses()
        independent = self.independent_reviews(uses)
        for use in uses:
            self.record(use)
            if p.location.setting.is_mental_health_unit:
                monitor = self.exemplary if use.scripted else self.monitor
                for at, entry in monitor.of(use, self.window.now, independent):
                    self.add(at, entry, self.clinician())
        followed = [u for u in uses if u.aftercare and u.end is not None]
        for use in followed:
            self.debriefs(use)
        self.revisions(followed)
        self.person_corrections()
        return self.planned

    # ------------------------------------------------------------------------------------------------------ uses

    def uses(self) -> list[PlannedUse]:
        scripted = [u for u in map(self.scripted, range(len(self.person.profile.scripted))) if u is not None]
        now = self.window.now
        busy = [(u.start - timedelta(hours=12), (u.end or now) + timedelta(hours=12)) for u in scripted]
        return sorted(scripted + self.unplanned(busy), key=lambda u: u.start)

    def scripted(self, index: int) -> PlannedUse | None:
        s = self.person.profile.scripted[index]
        start = s.when.resolve(self.window, self.person.opened_at).replace(second=0, microsecond=0)
        key = f"{self.person.ref}/scripted/{index}"
        return build_use(
            self.rng,
            key,
            s.kind,
            start,
            self.person,
            self.team,
            self.window.now,
            prone=s.prone,
            ongoing=s.ongoing,
            aftercare=s.aftercare,
            hours=s.hours,
            scripted=True,
            late_review=s.late_review,
        )

    def unplanned(self, busy: list[tuple[datetime, datetime]]) -> list[PlannedUse]:
        """Uses at the person's rate (a Poisson process), one after another, avoiding the scripted ones."""
        kinds = self.kinds()
        uses: list[PlannedUse] = []
        after, stop = self.person.opened_at + timedelta(days=1), self.stop()
        while (start := self.next_start(after)) < stop:
            kind = _pick(self.rng, tuple(k for k, _ in kinds), tuple(w for _, w in kinds))
            use = build_use(
                self.rng, f"{self.person.ref}/use/{len(uses)}", kind, start, self.person, self.team, self.window.now
            )
            end = self.window.now if use is None or use.end is None else use.end
            if use is None or any(s < end and start < e for s, e in busy):
                after = start
                continue
            uses.append(use)
            after = end + timedelta(hours=1)
        return uses

    def kinds(self) -> tuple[tuple[str, int], ...]:
        kinds = self.person.location.kinds
        return kinds if self.person.profile.covert else tuple(k for k in kinds if k[0] != "covert_med")

    def stop(self) -> datetime:
        profile, window = self.person.profile, self.window
        stop = window.now - timedelta(days=profile.quiet_days, hours=2)
        return stop if profile.stop is None else min(stop, window.at(profile.stop))

    def next_start(self, after: datetime) -> datetime:
        day = after + timedelta(days=self.rng.expovariate(self.person.profile.rate / 30))
        hour = self.rng.choices(range(24), _HOUR_WEIGHTS)[0]
        start = day.replace(hour=hour, minute=self.rng.randrange(60), second=0, microsecond=0)
        return start if start > after else start + timedelta(days=1)

    def independent_reviews(self, uses: list[PlannedUse]) -> list[datetime]:
        """SEC-06: when the person's seclusions make an independent MDT review due."""
        now = self.window.now
        spans = [
            (s.started_at, s.ended_at or now)
            for u in uses
            for s in u.segments
            if s.practice is PracticeCode.ISO_SECLUSION
        ]
        return independent_reviews_due(spans)

    def record(self, use: PlannedUse) -> None:
        """Seclusion and segregation are mostly recorded as they start and ended later; the rest once over. Now and
        then a use is written down only a day or more later (REC-01), and so is everything that names it."""
        by = self.clinician()
        at = use.start if use.staged else use.end
        assert at is not None
        late = self.rng.random() < _RECORDED_LATE[self.person.profile.quality]
        self.written[use.key] = at + timedelta(hours=30) if late else at
        if use.staged:
            opened = (*use.segments[:-1], replace(use.segments[-1], ended_at=None))
            self.add(at, RecordUse(use.key, use.kind, opened, use.details), by, self.written[use.key])
            if use.end is not None:
                self.add(use.end, EndUse(use.key), by)
        else:
            self.add(at, RecordUse(use.key, use.kind, use.segments, use.details), by, self.written[use.key])
        if use.fix is not None and use.end is not None:
            fields = " and ".join(_AUDITED[name] for name in use.fix.changed_fields())
            self.add(
                use.end + timedelta(days=self.rng.uniform(1, 12)),
                Correct(use.key, use.fix, f"Record audited: {fields} added from the staff statements"),
            )

    # ------------------------------------------------------------------------------------------------ aftercare

    def debriefs(self, use: PlannedUse) -> None:
        assert use.end is not None
        rng, end, quality = self.rng, use.end, self.person.profile.quality
        # DEB-01 follows a use of force only: nobody debriefs after a locked door or covert medication.
        forceful = any(s.practice.is_use_of_force for s in use.segments)
        outcome = _pick(rng, ("on time", "late", "declined", "never"), _DEBRIEF[quality]) if forceful else "never"
        if outcome == "on time":
            self.add(end + _hours(rng, 0.5, 20), Debrief((use.key,), DebriefKind.WITH_PERSON), self.clinician())
        elif outcome == "late":
            self.add(end + _hours(rng, 26, 100), Debrief((use.key,), DebriefKind.WITH_PERSON), self.clinician())
        elif outcome == "declined":
            declined = Debrief((use.key,), DebriefKind.WITH_PERSON, rng.choice(_DECLINED))
            self.add(end + _hours(rng, 0.5, 12), declined, self.clinician())
        staff = _pick(rng, ("on time", "late", "never"), _STAFF_DEBRIEF[quality]) if forceful else "never"
        if staff != "never":
            delay = _hours(rng, 0.5, 12) if staff == "on time" else _hours(rng, 26, 60)
            self.add(end + delay, Debrief((use.key,), DebriefKind.WITH_STAFF), self.clinician())
        if _is_incident(use) and self.person.location.setting.is_mental_health_unit:
            self.review(use, end)

    def review(self, use: PlannedUse, end: datetime) -> None:
        """DEB-02: the formal post-incident review, mostly within its 72 hours."""
        outcome = _pick(self.rng, ("on time", "late", "never"), _FOLLOW_UP[self.person.profile.quality])
        if outcome != "never":
            delay = _hours(self.rng, 18, 70) if outcome == "on time" else _hours(self.rng, 80, 240)
            self.add(end + delay, Debrief((use.key,), DebriefKind.POST_INCIDENT_REVIEW))

    def revisions(self, uses: Iterable[PlannedUse]) -> None:
        """CP-01: a revision names every use that ended since the last one, as a weekly care-plan review does."""
        pending: list[PlannedUse] = []
        revised_at: datetime | None = None
        for use in uses:
            assert use.end is not None
            if revised_at is not None and use.end <= revised_at:
                pending.append(use)
                continue
            self.revise(pending, revised_at)
            pending, revised_at = [use], self.revision_time(use.end)
        self.revise(pending, revised_at)

    def revision_time(self, end: datetime) -> datetime | None:
        outcome = _pick(self.rng, ("on time", "late", "never"), _FOLLOW_UP[self.person.profile.quality])
        if outcome == "never":
            return None
        return end + (_hours(self.rng, 6, 160) if outcome == "on time" else _hours(self.rng, 8 * 24, 25 * 24))

    def revise(self, uses: list[PlannedUse], at: datetime | None) -> None:
        if at is None or not uses:
            return
        labels = sorted({KINDS[u.kind].label for u in uses})
        changes = tuple(self.rng.sample(_CHANGES, self.rng.randint(1, 3)))
        summary = f"Reviewed after {', '.join(labels)}: {', '.join(changes)} updated"
        next_review = (at + timedelta(days=28)).date()
        self.add(at, Revise(tuple(u.key for u in uses), summary, changes, next_review, self.person.permitted))

    def admission_care_plan(self) -> None:
        """The care (or behaviour support) plan made on admission, listing what it permits (CP-03)."""
        at = self.person.opened_at + _hours(self.rng, 2, 6)
        summary = (
            "Care plan on admission: triggers, early warning signs, de-escalation and the interventions it permits"
        )
        changes = ("care plan on admission",)
        self.add(at, Revise((), summary, changes, (at + timedelta(days=28)).date(), self.person.permitted))

    def person_corrections(self) -> None:
        p = self.person
        if p.profile.omitted and p.profile.supplied_after_days is not None:
            supplied = PersonCorrection(**{name: getattr(p.complete, name) for name in p.profile.omitted})
            reason = "Details confirmed with the person and their GP: " + ", ".join(p.profile.omitted).replace("_", " ")
            self.add(p.opened_at + timedelta(days=p.profile.supplied_after_days), Correct(None, supplied, reason))
        if p.profile.nhs_typo:
            fixed = PersonCorrection(nhs_number=p.complete.nhs_number)
            reason = "NHS number mistyped at admission (two digits swapped); corrected from the Spine"
            self.add(p.opened_at + timedelta(days=self.rng.uniform(6, 20)), Correct(None, fixed, reason))


def _uses_named(action: Action) -> tuple[str, ...]:
    if isinstance(action, EndUse | Correct):
        return () if action.key is None else (action.key,)
    if isinstance(action, Debrief | Revise):
        return action.use_keys
    if isinstance(action, Review | Observe):
        return (action.use_key,)
    return ()


def _is_incident(use: PlannedUse) -> bool:
    """Restraint (physical or mechanical), rapid tranquillisation or seclusion: an NG10 incident, which DEB-02 follows."""
    return any(
        s.practice.is_restraint or s.practice.is_rapid_tranquillisation or s.practice.is_seclusion for s in use.segments
    )
