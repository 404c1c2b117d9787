"""What a ward records while a use goes on and in the hours after it, in the mental health units.

- **Seclusion.** Observations every quarter of an hour, the first with physical observations after the escort
  (SEC-07, RES-04); nursing reviews every two hours by a registered nurse and a colleague who did not decide on the
  seclusion (SEC-03); a medical review within the hour, unless the consultant decided on it after assessing the
  person, then every four hours (SEC-01, SEC-02) until the internal MDT review, held within hours and then daily,
  with medical reviews through the day (SEC-04, SEC-05); an independent MDT review at the moment one falls due
  (SEC-06); and the seclusion care plan within the first hour or so (SEC-08).
- **Long-term segregation.** The MDT decision with the commissioner's case manager a few hours before it starts
  (LTS-01); the approved clinician's daily review, the weekly MDT review and the external review (LTS-02..LTS-04);
  physical observations after the escort (RES-04).
- **Restraint.** Physical observations within the hour after the hold ends (RES-04).
- **Rapid tranquillisation.** Observation sets every quarter of an hour while the person is asleep or sedated,
  then hourly, until a doctor records no further concerns (RT-01, RT-02); the first also serves RES-04.

Mostly on time. How well the person's record is kept decides the lapses: now and then an interval runs late, and a
single check comes late or not at all (a scripted use has only the lapse its script gives it). Reviews of
segregation are held by day. Everything follows from the use's own times and the random stream, so the same seed
gives the same entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from random import Random

from rpledger.demo.people import Team
from rpledger.demo.steps import Action, Observe, Review, Revise
from rpledger.demo.uses import PlannedUse
from rpledger.domain.codes import MonitoringRisk, PracticeCode, ReviewKind, StaffRole
from rpledger.domain.values import Reviewer, Segment, VitalSigns

Planned = list[tuple[datetime, Action]]
Span = tuple[float, float]  # least and most minutes
Risks = tuple[MonitoringRisk, ...] | None

# The chance that any one interval of a repeating duty runs late.
_LATE = {"good": 0.0, "fair": 0.03, "poor": 0.08}
# How a single check goes: on time, late, not at all.
_ONCE = {"good": (100, 0, 0), "fair": (93, 5, 2), "poor": (80, 12, 8)}
# How often a nursing review is held by one nurse alone (SEC-03's composition), and RT monitoring is never closed.
_ALONE = {"good": 0.0, "fair": 0.0, "poor": 0.04}
_UNCLOSED = {"good": 0.0, "fair": 0.0, "poor": 0.06}

_SECLUDED = (
    "Lying on the mattress, calm",
    "Pacing the room and shouting at the door",
    "Sitting in the corner, muttering",
    "Asleep on the mattress; breathing seen",
    "Banging on the door; asked for the nurse in charge",
    "Quiet; accepted a drink through the hatch",
)
_NURSING = (
    "Continue: still threatening staff through the door",
    "Continue: calmer, but not yet able to agree a plan",
    "Continue: settling; to be reviewed for ending at the next review",
)
_MEDICAL = (
    "Continue seclusion: remains a risk of serious harm to others; physical health checked",
    "Continue: still aroused and threatening; offered oral medication, declined",
    "Continue for now; end once able to talk through a plan with the nurse in charge",
)
_MDT = "Continue seclusion, reviewed against the seclusion care plan; daily MDT review and twice-daily medical review"
_INDEPENDENT = "Independent review: seclusion still needed; advice on ending it recorded in the care plan"
_SEGREGATION = (
    "Continue segregation; time in the garden twice a day with the dedicated team",
    "Continue; more time out in the shared lounge to be tried this week",
    "Continue; less distressed, eating with staff in the segregation suite",
)
_SEGREGATION_MDT = "Weekly MDT review: segregation continues; plan for a gradual return to the shared areas"


def _minutes(rng: Random, low: float, high: float) -> timedelta:
    return timedelta(minutes=rng.randint(round(low), round(high)))


def _vitals(rng: Random, *, asleep: bool = False) -> VitalSigns:
    """A full set of physical observations (NICE QS154 statement 4), within normal limits."""
    return VitalSigns(
        pulse=rng.randint(62, 104),
        blood_pressure=f"{rng.randint(104, 138)}/{rng.randint(62, 88)}",
        respiratory_rate=rng.randint(11, 16) if asleep else rng.randint(13, 20),
        temperature=round(rng.uniform(36.2, 37.4), 1),
        oxygen_saturation=rng.randint(95, 99),
        hydration="Offered fluids on waking" if asleep else "Drinking fluids",
        consciousness="Asleep, rousable to voice" if asleep else "Alert",
        side_effects="None observed",
    )


class Monitor:
    """The reviews and observations of one person's uses."""

    def __init__(self, rng: Random, team: Team, quality: str, permitted: tuple[PracticeCode, ...]) -> None:
        self.rng, self.team, self.quality, self.permitted = rng, team, quality, permitted
        self.late = _LATE[quality]
        self.nurses = [m.name for m in team.with_role(StaffRole.REGISTERED_NURSE)]
        self.observers = [m.name for m in team.with_role(StaffRole.REGISTERED_NURSE, StaffRole.NURSING_SUPPORT)]

    def of(self, use: PlannedUse, now: datetime, independent: Sequence[datetime] = ()) -> Planned:
        """What is recorded of ``use`` up to ``now``; ``independent``: when independent reviews fall due (SEC-06)."""
        practices = {s.practice for s in use.segments}
        if PracticeCode.ISO_SECLUSION in practices:
            return self.seclusion(use, now, independent)
        if PracticeCode.ISO_SEGREGATION in practices:
            return self.segregation(use, now)
        if any(p.is_rapid_tranquillisation for p in practices):
            return self.rapid_tranquillisation(use)
        if any(p.is_physical_restraint for p in practices):
            return self.after_restraint(use)
        return []

    # -------------------------------------------------------------------------------------------------- timing

    def every(
        self, start: datetime, until: datetime, low: float, high: float, late: Span, *, by_day: bool = False
    ) -> list[datetime]:
        """Moments after ``start``, each ``low``-``high`` minutes after the one before (now and then ``late``),
        before ``until``; ``by_day``: one that would fall at night is held earlier, the evening before."""
        moments: list[datetime] = []
        at = start
        while True:
            previous = at
            at += _minutes(self.rng, *(late if self.rng.random() < self.late else (low, high)))
            if by_day and (earlier := self.by_day(at)) > previous:
                at = earlier
            if at >= until:
                return moments
            moments.append(at)

    def by_day(self, at: datetime) -> datetime:
        """``at``, or when it falls at night (20:00 to 08:00), earlier: in the evening before, from 17:00."""
        if 8 <= at.hour < 20:
            return at
        evening = at if at.hour >= 20 else at - timedelta(days=1)
        return evening.replace(hour=self.rng.randint(17, 19), minute=self.rng.randrange(60))

    def once(self, on_time: timedelta, late: timedelta) -> timedelta | None:
        """When a single check comes: ``on_time``, ``late``, or None when it never does."""
        outcome = self.rng.choices(("on time", "late", "never"), _ONCE[self.quality])[0]
        return on_time if outcome == "on time" else late if outcome == "late" else None

    def done_right(self) -> bool:
        """Whether a single thing is done as it should be (as often as a single check is on time)."""
        return self.rng.random() * 100 < _ONCE[self.quality][0]

    # ----------------------------------------------------------------------------------------------- seclusion

    def seclusion(self, use: PlannedUse, now: datetime, independent: Sequence[datetime]) -> Planned:
        secluded = _segment(use, PracticeCode.ISO_SECLUSION)
        start, until = secluded.started_at, secluded.ended_at or now
        decision = use.details.decided_by
        decider = decision.name if decision is not None else ""
        planned: Planned = []
        for index, at in enumerate(self.every(start, until, 13, 15, (16, 24))):
            note = "Physical observations on entering seclusion" if index == 0 else self.rng.choice(_SECLUDED)
            vitals = _vitals(self.rng) if index == 0 else None
            planned.append((at, Observe(use.key, self.rng.choice(self.observers), vitals, note=note)))
        for at in self.every(start, until, 100, 120, (125, 170)):
            planned.append((at, self.review(use, ReviewKind.NURSING, self.nursing_reviewers(decider), _NURSING)))
        planned += self.medical_reviews(use, start, until)
        for due in (moment for moment in independent if start <= moment < until):
            held = self.once(timedelta(0), _minutes(self.rng, 30, 150))
            if held is not None and due + held < until:
                reviewers = (
                    Reviewer(self.team.independent[0], StaffRole.PSYCHIATRIST),
                    Reviewer(self.team.independent[1], StaffRole.REGISTERED_NURSE),
                )
                planned.append((due + held, Review(use.key, ReviewKind.INDEPENDENT_MDT, reviewers, _INDEPENDENT)))
        care_plan = self.once(_minutes(self.rng, 20, 75), _minutes(self.rng, 25 * 60, 40 * 60))
        if care_plan is not None:
            summary = "Seclusion care plan: " + self.rng.choice(
                (
                    "what to look for to end it, and how to offer food, drink and the toilet",
                    "observation level, the risks to watch for, and the conditions for ending it",
                )
            )
            at = start + care_plan
            planned.append(
                (at, Revise((), summary, ("seclusion care plan",), (at + timedelta(days=1)).date(), self.permitted))
            )
        return planned

    def medical_reviews(self, use: PlannedUse, start: datetime, until: datetime) -> Planned:
        """SEC-01, SEC-02: within the hour (or the consultant's assessment), then four-hourly until the first MDT
        review; SEC-04, SEC-05: the MDT review within hours, then daily, with a medical review every eight hours."""
        decision = use.details.decided_by
        planned: Planned = []
        if decision is not None and decision.role is StaffRole.PSYCHIATRIST and decision.assessed_at is not None:
            last = decision.assessed_at  # the consultant's assessment counts as the first review
        else:  # the nurse in charge decided: the duty doctor comes, mostly within the hour
            late = _minutes(self.rng, 65, 110)
            last = start + (late if use.late_review else self.once(_minutes(self.rng, 15, 50), late) or late)
            if last < until:
                planned.append((last, self.medical(use)))
        mdt = start + _minutes(self.rng, 4 * 60, 6 * 60)  # as soon as practicable: the consultant convenes it
        for at in self.every(last, min(mdt, until), 200, 240, (250, 330)):
            planned.append((at, self.medical(use)))
        if mdt >= until:
            return planned
        for at in [mdt, *self.every(mdt, until, 20 * 60, 23 * 60, (24.5 * 60, 28 * 60), by_day=True)]:
            planned.append((at, self.mdt(use)))
        for at in self.every(mdt, until, 7 * 60, 9 * 60, (9.5 * 60, 12 * 60)):
            planned.append((at, self.medical(use)))
        return planned

    def nursing_reviewers(self, decider: str) -> tuple[Reviewer, ...]:
        """A registered nurse and a colleague who did not decide on the seclusion (now and then, one nurse alone)."""
        nurse = self.rng.choice(self.nurses)
        first = Reviewer(nurse, StaffRole.REGISTERED_NURSE, involved_in_decision=nurse == decider)
        if self.rng.random() < _ALONE[self.quality]:
            return (first,)
        other = self.rng.choice([m for m in self.team.staff if m.name not in (nurse, decider)])
        return first, Reviewer(other.name, self.team.role_of(other.name))

    def medical(self, use: PlannedUse) -> Review:
        doctor = self.rng.choice((self.team.psychiatrist, *self.team.doctors))
        role = StaffRole.PSYCHIATRIST if doctor == self.team.psychiatrist else StaffRole.DOCTOR
        return self.review(use, ReviewKind.MEDICAL, (Reviewer(doctor, role),), _MEDICAL)

    def mdt(self, use: PlannedUse) -> Review:
        reviewers = (
            Reviewer(self.team.psychiatrist, StaffRole.PSYCHIATRIST),
            Reviewer(self.rng.choice(self.nurses), StaffRole.REGISTERED_NURSE),
            Reviewer(self.team.staff[-1].name, self.team.roles[-1]),
        )
        return Review(use.key, ReviewKind.INTERNAL_MDT, reviewers, _MDT)

    def review(
        self, use: PlannedUse, kind: ReviewKind, reviewers: tuple[Reviewer, ...], outcomes: tuple[str, ...]
    ) -> Review:
        return Review(use.key, kind, reviewers, self.rng.choice(outcomes))

    # ---------------------------------------------------------------------------------------------- segregation

    def segregation(self, use: PlannedUse, now: datetime) -> Planned:
        segregated = _segment(use, PracticeCode.ISO_SEGREGATION)
        start, until = segregated.started_at, segregated.ended_at or now
        decision = use.details.decided_by
        decided_at = self.by_day(decision.assessed_at if decision is not None and decision.assessed_at else start)
        clinician = Reviewer(self.team.psychiatrist, StaffRole.APPROVED_CLINICIAN)
        team = (
            clinician,
            Reviewer(self.rng.choice(self.nurses), StaffRole.REGISTERED_NURSE),
            Reviewer(self.team.staff[-1].name, self.team.roles[-1]),
        )
        deciding: tuple[Reviewer, ...] = team
        if self.done_right():  # the commissioner's case manager took part in the decision (LTS-01)
            deciding = (*team, Reviewer(self.team.commissioner, StaffRole.COMMISSIONER_REPRESENTATIVE))
        outcome = "Long-term segregation agreed: the least restrictive way to keep others safe; reviews arranged"
        planned: Planned = [(decided_at, Review(use.key, ReviewKind.INTERNAL_MDT, deciding, outcome))]
        planned += self.physical_check(use, segregated.started_at)
        for at in self.every(start, until, 20 * 60, 23.5 * 60, (24.5 * 60, 30 * 60), by_day=True):
            planned.append((at, self.review(use, ReviewKind.APPROVED_CLINICIAN, (clinician,), _SEGREGATION)))
        for at in self.every(start, until, 6 * 24 * 60, 6.9 * 24 * 60, (7.2 * 24 * 60, 8 * 24 * 60), by_day=True):
            planned.append((at, Review(use.key, ReviewKind.INTERNAL_MDT, team, _SEGREGATION_MDT)))
        external = (Reviewer(self.team.external, StaffRole.PSYCHIATRIST),)
        for at in self.every(start, until, 80 * 24 * 60, 88 * 24 * 60, (92 * 24 * 60, 100 * 24 * 60), by_day=True):
            planned.append(
                (at, Review(use.key, ReviewKind.EXTERNAL, external, "External review: segregation continues"))
            )
        return planned

    # ------------------------------------------------------------------------------- restraint, tranquillisation

    def after_restraint(self, use: PlannedUse) -> Planned:
        physical = [s for s in use.segments if s.practice.is_physical_restraint]
        ended = physical[-1].ended_at
        assert ended is not None  # restraint is recorded once over
        return self.physical_check(use, ended)

    def physical_check(self, use: PlannedUse, after: datetime) -> Planned:
        """RES-04: physical observations within the hour after the hold (or the escort) ends."""
        delay = self.once(_minutes(self.rng, 5, 45), _minutes(self.rng, 65, 150))
        if delay is None:
            return []
        note = "Physical observations after the hold: within normal limits"
        return [(after + delay, Observe(use.key, self.rng.choice(self.nurses), _vitals(self.rng), note=note))]

    def rapid_tranquillisation(self, use: PlannedUse) -> Planned:
        """RT-01, RT-02: every quarter of an hour while asleep or sedated, then hourly, until no further concerns."""
        rng, at = self.rng, _segment(use, PracticeCode.CHEM_INJ_RT).started_at
        planned: Planned = []

        def observe(
            minutes: Span, late: Span, *, asleep: bool = False, risks: Risks = None, note: str | None = None
        ) -> None:
            nonlocal at
            at += _minutes(rng, *(late if rng.random() < self.late else minutes))
            planned.append(
                (at, Observe(use.key, rng.choice(self.nurses), _vitals(rng, asleep=asleep), risks, note=note))
            )

        if rng.random() < 0.6:
            sedated = (MonitoringRisk.ASLEEP_OR_SEDATED,)
            observe(
                (10, 13), (10, 13), asleep=True, risks=sedated, note="Asleep after IM lorazepam; rousable, airway clear"
            )
            for _ in range(rng.randint(1, 4)):
                observe((13, 15), (17, 28), asleep=True)
            observe((13, 15), (17, 28), risks=(), note="Awake and talking; no longer sedated")
        else:
            observe((10, 25), (10, 25), risks=(), note="Awake and calm after IM lorazepam")
        for _ in range(rng.randint(1, 2)):
            observe((50, 60), (65, 85))
        if rng.random() < _UNCLOSED[self.quality]:
            return planned  # nobody recorded no further concerns: monitoring stays due
        at += _minutes(rng, 50, 60)
        closing = Observe(
            use.key,
            rng.choice(self.team.doctors),
            _vitals(rng),
            no_further_concerns=True,
            note="No further concerns: observations back to the ward's routine",
        )
        return [*planned, (at, closing)]


def _segment(use: PlannedUse, practice: PracticeCode) -> Segment:
    return next(s for s in use.segments if s.practice is practice)


def independent_reviews_due(spans: Sequence[tuple[datetime, datetime]]) -> list[datetime]:
    """SEC-06: the moments a person's seclusion passes 8 hours continuously, or 12 hours within 48, each counted
    afresh from the one before (reference scenarios 4 and 5). ``spans`` are the person's seclusions in order, one
    going on now ending at now. Segments start and end on the minute, so stepping by the minute finds the moment."""
    minute, window = timedelta(minutes=1), timedelta(hours=48)
    due: list[datetime] = []
    since: datetime | None = None
    for start, end in spans:
        at = start + minute
        while at < end:
            counted_from = start if since is None else max(start, since)
            lower = at - window if since is None else max(at - window, since)
            total = sum((min(b, at) - max(a, lower) for a, b in spans if a < at and b > lower), timedelta(0))
            if at - counted_from >= timedelta(hours=8) or total >= timedelta(hours=12):
                due.append(at)
                since = at
            at += minute
    return due
