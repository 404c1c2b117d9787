"""The kinds of use the demo records: their typed segments, how long each lasts, and the words of their record.

Records are mostly complete: who decided on a seclusion or segregation, why a restraint went to the floor (and why
prone, when it did), whether the force was in the care plan (as the plan in force says), and in the care home the
reasoning the Mental Capacity Act asks for. A few leave out an item (a job title, the de-escalation tried, the reason
for prone), and some of those are completed later by a correction, as happens when a record is audited. Restraint
is kept under ten minutes, but now and then, in a less well kept record, runs over (RES-03).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from random import Random

from rpledger.demo.cast import Person
from rpledger.demo.people import Team
from rpledger.domain.codes import PracticeCode as P
from rpledger.domain.codes import ReasonCode as R
from rpledger.domain.codes import StaffRole
from rpledger.domain.correction import UseCorrection
from rpledger.domain.values import Decision, Injuries, NonStaffParticipant, Segment, UseDetails

Parts = list[tuple[P, timedelta]]


def _minutes(rng: Random, low: int, high: int) -> timedelta:
    return timedelta(minutes=rng.randint(low, high))


def _floor(rng: Random, prone: str) -> P:
    """Where a restraint goes to the floor. NG10 prefers supine; prone is rare and, for some people, excluded."""
    if prone == "always":
        return P.PHYS_PRONE
    choices = [(P.PHYS_SUPINE, 40), (P.PHYS_SEATED, 30), (P.PHYS_SIDE, 12), (P.PHYS_KNEELING, 5)]
    if prone == "allowed":
        choices.append((P.PHYS_PRONE, 13))
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def _restraint(rng: Random, prone: str, overlong: bool) -> Parts:
    """A standing hold, then the floor: under ten minutes in all, unless the restraint ran over (RES-03)."""
    floor = _minutes(rng, 10, 14) if overlong else _minutes(rng, 2, 6)
    return [(P.PHYS_STANDING, _minutes(rng, 1, 3)), (_floor(rng, prone), floor)]


def _restraint_rt(rng: Random, prone: str, overlong: bool) -> Parts:
    return [*_restraint(rng, prone, overlong), (P.CHEM_INJ_RT, _minutes(rng, 1, 2))]


def _one(practice: P, low: int, high: int) -> Callable[[Random, str, bool], Parts]:
    return lambda rng, *_: [(practice, _minutes(rng, low, high))]


def _isolation(practice: P, minutes: Callable[[Random], int]) -> Callable[[Random, str, bool], Parts]:
    """Escorted to the room, then isolated: seclusion lasts hours, segregation days."""
    return lambda rng, *_: [(P.PHYS_ESCORT, _minutes(rng, 2, 5)), (practice, timedelta(minutes=minutes(rng)))]


def _seclusion_minutes(rng: Random) -> int:
    """Mostly an hour to three; now and then longer, past the eight hours that make an independent review due."""
    low, high = rng.choices(((60, 180), (180, 360), (480, 600)), (70, 25, 5))[0]
    return rng.randint(low, high)


@dataclass(frozen=True)
class Mca:
    """The reasoning the Mental Capacity Act asks a record of restraint to give (MCA-01, MCA-03)."""

    necessity: str
    proportionality: str
    less_restrictive_options: str


@dataclass(frozen=True)
class Kind:
    label: str
    parts: Callable[[Random, str, bool], Parts]  # (rng, floor position, whether the restraint runs over)
    reasons: tuple[tuple[R, int], ...]
    staff: tuple[int, int]  # how many staff take part, least and most
    outcomes: tuple[str, ...]
    isolation: bool = False  # may be recorded when it starts and ended later
    mca: Mca | None = None  # in the care home, where every use is under the Mental Capacity Act


_VIOLENCE = (
    (R.PREVENT_VIOLENCE_TO_OTHERS, 50),
    (R.PREVENT_SELF_HARM, 25),
    (R.PREVENT_DANGEROUS_BEHAVIOUR, 15),
    (R.ADMINISTER_TREATMENT, 7),
    (R.OTHER, 3),
)
_SETTLED = (
    "Settled once the hold was released; physical observations within normal limits.",
    "Calmer after twenty minutes and returned to the day area; observations hourly for four hours.",
)
KINDS: dict[str, Kind] = {
    "restraint": Kind("physical restraint", _restraint, _VIOLENCE, (3, 5), _SETTLED),
    "restraint_rt": Kind(
        "restraint with rapid tranquillisation",
        _restraint_rt,
        _VIOLENCE,
        (3, 5),
        ("Sedated; RT observations every 15 minutes until awake, then hourly; no adverse effects.",),
    ),
    "oral_prn": Kind(
        "oral PRN for agitation",
        _one(P.CHEM_ORAL, 2, 10),
        (
            (R.PREVENT_PROLONGED_OVERACTIVITY, 45),
            (R.PREVENT_VIOLENCE_TO_OTHERS, 35),
            (R.PREVENT_DANGEROUS_BEHAVIOUR, 20),
        ),
        (1, 1),
        ("Settled within the hour.",),
    ),
    "seclusion": Kind(
        "seclusion",
        _isolation(P.ISO_SECLUSION, _seclusion_minutes),
        ((R.PREVENT_VIOLENCE_TO_OTHERS, 85), (R.PREVENT_DANGEROUS_BEHAVIOUR, 15)),
        (3, 4),
        ("Seclusion ended after the medical review; returned to the ward calm.",),
        isolation=True,
    ),
    "segregation": Kind(
        "long-term segregation",
        _isolation(P.ISO_SEGREGATION, lambda rng: rng.randint(2 * 24 * 60, 9 * 24 * 60)),
        ((R.PREVENT_VIOLENCE_TO_OTHERS, 1),),
        (2, 3),
        ("Segregation ended after the weekly MDT review; gradual return to the shared lounge.",),
        isolation=True,
    ),
    "mechanical": Kind(
        "mechanical restraint",
        lambda rng, *_: [(P.PHYS_STANDING, _minutes(rng, 2, 4)), (P.MECH, _minutes(rng, 10, 45))],
        ((R.PREVENT_SELF_HARM, 1),),
        (4, 5),
        ("Belt removed once calm; no marks on the skin.",),
    ),
    "escort": Kind(
        "restrictive escort",
        _one(P.PHYS_ESCORT, 2, 8),
        ((R.PREVENT_VIOLENCE_TO_OTHERS, 40), (R.PREVENT_ABSCONDING, 35), (R.PREVENT_DANGEROUS_BEHAVIOUR, 25)),
        (2, 2),
        ("Walked to a quieter area and settled.",),
    ),
    "env_restrict": Kind(
        "locked door / movement restricted",
        _one(P.ENV_RESTRICT, 10, 60),
        ((R.PREVENT_ACCIDENTAL_INJURY, 1),),
        (1, 2),
        ("Settled after a walk in the garden.",),
        mca=Mca(
            "Believed necessary: set on going out alone onto the main road at dusk, and unable to find the way back",
            "Proportionate: kept in only while set on leaving, with a carer alongside; a fall in traffic is likely "
            "and serious",
            "Tried first: a walk round the garden with a carer, a call to the family, tea in the quiet lounge",
        ),
    ),
    "home_escort": Kind(
        "guided escort",
        _one(P.PHYS_ESCORT, 2, 10),
        ((R.FACILITATE_PERSONAL_CARE, 60), (R.PREVENT_ACCIDENTAL_INJURY, 40)),
        (2, 2),
        ("Personal care completed; calm afterwards.",),
        mca=Mca(
            "Believed necessary: soiled for some hours, with sore skin that would break down without care",
            "Proportionate: a guided hand to the bathroom for the few minutes care took, stopped at any distress",
            "Tried first: coming back later, a preferred carer, explaining each step and offering a choice",
        ),
    ),
    "covert_med": Kind(
        "covert medication",
        _one(P.COVERT_MED, 2, 6),
        ((R.ADMINISTER_TREATMENT, 1),),
        (1, 1),
        ("Medication taken; no distress.",),
        mca=Mca(
            "Believed necessary: without the medicine the infection and the pain it treats would return",
            "Proportionate: given in food only as the best-interests decision and the pharmacist's advice allow",
            "Tried first: offered openly with an explanation, by a preferred carer, at another time of day",
        ),
    ),
    "home_prn": Kind(
        "oral PRN (care home)",
        _one(P.CHEM_ORAL, 3, 10),
        ((R.PREVENT_PROLONGED_OVERACTIVITY, 1),),
        (1, 1),
        ("Slept for two hours; calm on waking.",),
        mca=Mca(
            "Believed necessary: pacing and distressed for hours, exhausted and at risk of falling",
            "Proportionate: the lowest dose in the plan, offered and taken by mouth",
            "Tried first: a quiet room, favourite music, a hand massage, a walk with a carer",
        ),
    ),
}

_WORDS = {
    P.PHYS_STANDING: "standing restraint with an approved two-person arm hold",
    P.PHYS_PRONE: "taken to the floor prone; no pressure on back or neck, airway watched",
    P.PHYS_SUPINE: "taken to the floor supine on a mat, head supported",
    P.PHYS_SEATED: "seated restraint on a sofa, arms held",
    P.PHYS_SIDE: "side-lying restraint, airway watched",
    P.PHYS_KNEELING: "kneeling restraint, arms held",
    P.PHYS_ESCORT: "restrictive escort with arm holds",
    P.CHEM_INJ_RT: "IM lorazepam 2 mg (rapid tranquillisation)",
    P.CHEM_ORAL: "oral PRN promethazine 25 mg offered and taken",
    P.ISO_SECLUSION: "secluded, observed continuously through the vision panel",
    P.ISO_SEGREGATION: "kept apart from other patients in the segregation suite with a dedicated team",
    P.MECH: "emergency response belt applied for the transfer",
    P.ENV_RESTRICT: "prevented from leaving by the keypad-locked front door",
    P.COVERT_MED: "medication given covertly in yoghurt, as the best-interests plan describes",
}
_DE_ESCALATION = {
    True: (
        "Talked down by the nurse in charge for fifteen minutes; offered the quiet room and PRN, declined.",
        "Reduced stimulation, moved other patients away, offered a phone call to family; not enough.",
        "Followed the positive behaviour support plan: space, low voice, preferred staff, sensory room.",
    ),
    False: (
        "Reassured and redirected; offered tea and a walk with a carer.",
        "Came back later; explained each step; offered a choice of carer.",
    ),
}
_PRONE_REASONS = (
    "Went face down in the struggle; turned onto the side within a minute",
    "Prone only to take a ligature from the neck; turned supine as soon as it was cut",
    "Fell forward onto the mat in the struggle; held prone briefly with no weight on the back, then turned",
)
_FLOOR_REASONS = (
    "Lost balance in the standing hold; lowered to the mat to prevent a fall",
    "Kicking and biting; the standing hold was no longer safe for anyone",
    "Banging head against the wall; the floor on a mat was the only safe place to hold",
)
_POLICE = NonStaffParticipant(
    "PC R. Example, Demoshire Police",
    "Police had just returned the patient from absence without leave and were asked to help",
)

# Items a record sometimes leaves out, where it has them: (field, how often, how often a correction supplies it).
_GAPS = (
    ("staff", 0.04, 0.75),
    ("de_escalation", 0.03, 0.6),
    ("outcome", 0.02, 0.5),
    ("care_plan_contacts_notified", 0.03, 0.0),
    ("non_staff", 0.015, 0.0),
    ("prone_reason", 0.1, 0.5),
    ("floor_reason", 0.05, 0.5),
    ("necessity", 0.03, 0.5),
    ("less_restrictive_options", 0.04, 0.5),
)
_GAP_SCALE = {"good": 0.0, "fair": 1.0, "poor": 2.5}
# How often a restraint runs over ten minutes, and a record says a use was in the care plan when the plan does not
# list it (CP-03); how often a seclusion or segregation is recorded only once it is over (SEC-08).
_OVERLONG = {"good": 0.0, "fair": 0.04, "poor": 0.1}
_PLAN_FLAG_WRONG = {"good": 0.0, "fair": 0.05, "poor": 0.15}
_AFTERWARDS = {"good": 0.0, "fair": 0.08, "poor": 0.2}


@dataclass(frozen=True)
class PlannedUse:
    key: str
    kind: str
    segments: tuple[Segment, ...]
    details: UseDetails
    fix: UseCorrection | None  # what a later correction supplies (None: the record stays as it is)
    staged: bool  # recorded when it started, and its end recorded later
    aftercare: bool  # False: no debrief, review or revision after it yet
    scripted: bool = False  # placed on purpose: what staff record while it goes on has no lapse but its own
    late_review: bool = False  # seclusion: the first medical review comes late, on purpose

    @property
    def start(self) -> datetime:
        return self.segments[0].started_at

    @property
    def end(self) -> datetime | None:
        return self.segments[-1].ended_at


def build_use(
    rng: Random,
    key: str,
    kind_name: str,
    start: datetime,
    person: Person,
    team: Team,
    now: datetime,
    *,
    prone: bool = False,
    ongoing: bool = False,
    aftercare: bool = True,
    hours: float | None = None,
    scripted: bool = False,
    late_review: bool = False,
) -> PlannedUse | None:
    """One use starting at ``start``; None if it would end after now and cannot still be going on."""
    kind, quality = KINDS[kind_name], person.profile.quality
    floor = "always" if prone else "allowed" if person.profile.prone else "never"
    segments = _chain(start, kind.parts(rng, floor, rng.random() < _OVERLONG[quality]))
    if hours is not None:
        last = segments[-1]
        segments = (*segments[:-1], replace(last, ended_at=last.started_at + timedelta(hours=hours)))
    end = segments[-1].ended_at
    if ongoing or (end is not None and end > now):
        if not kind.isolation:
            return None
        segments = (*segments[:-1], replace(segments[-1], ended_at=None))
    details = _details(rng, kind, person, segments, team, scripted)
    details, fix = _with_gaps(rng, details, _GAP_SCALE[quality])
    staged = kind.isolation and (scripted or segments[-1].ended_at is None or rng.random() >= _AFTERWARDS[quality])
    return PlannedUse(key, kind_name, segments, details, fix, staged, aftercare, scripted, late_review)


def _chain(start: datetime, parts: Parts) -> tuple[Segment, ...]:
    segments, at = [], start
    for practice, duration in parts:
        segments.append(Segment(practice, at, at + duration))
        at += duration
    return tuple(segments)


def _details(
    rng: Random, kind: Kind, person: Person, segments: tuple[Segment, ...], team: Team, scripted: bool
) -> UseDetails:
    location, practices = person.location, {s.practice for s in segments}
    reason = rng.choices([r for r, _ in kind.reasons], [w for _, w in kind.reasons])[0]
    health = location.setting.is_mental_health_unit
    police = health and kind.staff[0] >= 3 and rng.random() < 0.03
    planned = practices <= set(person.permitted)
    in_care_plan = planned or rng.random() < _PLAN_FLAG_WRONG[person.profile.quality]
    mca = kind.mca
    return UseDetails(
        reason=reason,
        reason_detail="To stop damage to the ward's fire door" if reason is R.OTHER else None,
        place=rng.choice(location.places),
        description="; ".join(_WORDS[s.practice] for s in segments).capitalize() + ".",
        staff=tuple(rng.sample(team.staff, rng.randint(*kind.staff))),
        non_staff=(_POLICE,) if police else (),
        de_escalation=rng.choice(_DE_ESCALATION[health]),
        injuries=Injuries(patient=rng.random() < 0.06, staff=rng.random() < 0.05, other_person=False),
        outcome=rng.choice(kind.outcomes),
        died_or_seriously_injured=False,
        in_care_plan=in_care_plan,
        care_plan_contacts_notified=rng.random() < 0.85,
        prone_reason=rng.choice(_PRONE_REASONS) if P.PHYS_PRONE in practices else None,
        floor_reason=rng.choice(_FLOOR_REASONS) if practices & _FLOOR else None,
        decided_by=_decision(rng, segments, team, scripted),
        long_term_segregation=P.ISO_SEGREGATION in practices,
        necessity=None if mca is None else mca.necessity,
        proportionality=None if mca is None else mca.proportionality,
        less_restrictive_options=None if mca is None else mca.less_restrictive_options,
    )


_FLOOR = {P.PHYS_PRONE, P.PHYS_SUPINE, P.PHYS_SIDE}


def _decision(rng: Random, segments: tuple[Segment, ...], team: Team, scripted: bool) -> Decision | None:
    """Who decided to seclude or segregate, and when they assessed the person face to face.

    Seclusion: most often the nurse in charge, in the moment (always, in a scripted one, so that its first medical
    review shows); about a third of the time the consultant, who had just assessed the person, and whose assessment
    then counts as the first medical review (SEC-01). Long-term segregation: the approved clinician, on the MDT's
    decision a few hours before (LTS-01).
    """
    start, practices = segments[0].started_at, {s.practice for s in segments}
    if P.ISO_SEGREGATION in practices:
        return Decision(team.psychiatrist, StaffRole.APPROVED_CLINICIAN, start - _minutes(rng, 60, 240))
    if P.ISO_SECLUSION not in practices:
        return None
    if not scripted and rng.random() < 0.35:
        return Decision(team.psychiatrist, StaffRole.PSYCHIATRIST, start - _minutes(rng, 5, 40))
    nurse = rng.choice(team.with_role(StaffRole.REGISTERED_NURSE))
    return Decision(nurse.name, StaffRole.REGISTERED_NURSE, start - _minutes(rng, 1, 5))


def _with_gaps(rng: Random, details: UseDetails, scale: float) -> tuple[UseDetails, UseCorrection | None]:
    """Leave some items out, as records sometimes do; a correction supplies some of them later."""
    blanked: dict[str, object] = {}
    supplied: dict[str, object] = {}
    for name, rate, corrected in _GAPS:
        if rng.random() < rate * scale and getattr(details, name) is not None:
            blanked[name] = _blank(rng, name, getattr(details, name))
            if rng.random() < corrected:
                supplied[name] = getattr(details, name)
    return replace(details, **blanked), UseCorrection(**supplied) if supplied else None  # type: ignore[arg-type]


def _blank(rng: Random, name: str, value: object) -> object:
    if name == "staff":  # one member's job title left out, not the whole list
        staff = list(value)  # type: ignore[call-overload]
        index = rng.randrange(len(staff))
        staff[index] = replace(staff[index], job_title=None)
        return tuple(staff)
    return None
