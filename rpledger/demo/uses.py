"""The kinds of use the demo records: their typed segments, how long each lasts, and the words of their record.

Records are mostly complete; a few leave out an item the Use of Force Act asks for (a job title, the de-escalation
tried), and some of those are completed later by a correction, as happens when a record is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from random import Random

from rpledger.demo.cast import Location, Person
from rpledger.domain.codes import PracticeCode as P
from rpledger.domain.codes import ReasonCode as R
from rpledger.domain.correction import UseCorrection
from rpledger.domain.values import Injuries, NonStaffParticipant, Segment, StaffMember, UseDetails

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


def _restraint(rng: Random, prone: str) -> Parts:
    return [(P.PHYS_STANDING, _minutes(rng, 1, 4)), (_floor(rng, prone), _minutes(rng, 2, 12))]


def _restraint_rt(rng: Random, prone: str) -> Parts:
    return [*_restraint(rng, prone), (P.CHEM_INJ_RT, _minutes(rng, 1, 2))]


def _one(practice: P, low: int, high: int) -> Callable[[Random, str], Parts]:
    return lambda rng, _: [(practice, _minutes(rng, low, high))]


def _isolation(practice: P, low: int, high: int) -> Callable[[Random, str], Parts]:
    """Escorted to the room, then isolated: seclusion lasts hours, segregation days."""
    return lambda rng, _: [(P.PHYS_ESCORT, _minutes(rng, 2, 5)), (practice, _minutes(rng, low, high))]


@dataclass(frozen=True)
class Kind:
    label: str
    parts: Callable[[Random, str], Parts]
    reasons: tuple[tuple[R, int], ...]
    staff: tuple[int, int]  # how many staff take part, least and most
    outcomes: tuple[str, ...]
    isolation: bool = False  # may be recorded when it starts and ended later


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
        _isolation(P.ISO_SECLUSION, 90, 20 * 60),
        ((R.PREVENT_VIOLENCE_TO_OTHERS, 85), (R.PREVENT_DANGEROUS_BEHAVIOUR, 15)),
        (3, 4),
        ("Seclusion ended after the medical review; returned to the ward calm.",),
        isolation=True,
    ),
    "segregation": Kind(
        "long-term segregation",
        _isolation(P.ISO_SEGREGATION, 2 * 24 * 60, 9 * 24 * 60),
        ((R.PREVENT_VIOLENCE_TO_OTHERS, 1),),
        (2, 3),
        ("Segregation ended after the weekly MDT review; gradual return to the shared lounge.",),
        isolation=True,
    ),
    "mechanical": Kind(
        "mechanical restraint",
        lambda rng, _: [(P.PHYS_STANDING, _minutes(rng, 2, 4)), (P.MECH, _minutes(rng, 10, 45))],
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
    ),
    "home_escort": Kind(
        "guided escort",
        _one(P.PHYS_ESCORT, 2, 10),
        ((R.FACILITATE_PERSONAL_CARE, 60), (R.PREVENT_ACCIDENTAL_INJURY, 40)),
        (2, 2),
        ("Personal care completed; calm afterwards.",),
    ),
    "covert_med": Kind(
        "covert medication",
        _one(P.COVERT_MED, 2, 6),
        ((R.ADMINISTER_TREATMENT, 1),),
        (1, 1),
        ("Medication taken; no distress.",),
    ),
    "home_prn": Kind(
        "oral PRN (care home)",
        _one(P.CHEM_ORAL, 3, 10),
        ((R.PREVENT_PROLONGED_OVERACTIVITY, 1),),
        (1, 1),
        ("Slept for two hours; calm on waking.",),
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
_POLICE = NonStaffParticipant(
    "PC R. Example, Demoshire Police",
    "Police had just returned the patient from absence without leave and were asked to help",
)

# Items a record sometimes leaves out: (field, how often, how often a later correction supplies it).
_GAPS = (
    ("staff", 0.04, 0.75),
    ("de_escalation", 0.03, 0.6),
    ("outcome", 0.02, 0.5),
    ("care_plan_contacts_notified", 0.03, 0.0),
    ("non_staff", 0.015, 0.0),
)
_GAP_SCALE = {"good": 0.0, "fair": 1.0, "poor": 2.5}


@dataclass(frozen=True)
class PlannedUse:
    key: str
    kind: str
    segments: tuple[Segment, ...]
    details: UseDetails
    fix: UseCorrection | None  # what a later correction supplies (None: the record stays as it is)
    staged: bool  # recorded when it started, and its end recorded later
    aftercare: bool  # False: nothing is recorded after it yet

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
    roster: tuple[StaffMember, ...],
    now: datetime,
    *,
    prone: bool = False,
    ongoing: bool = False,
    aftercare: bool = True,
) -> PlannedUse | None:
    """One use starting at ``start``; None if it would end after now and cannot still be going on."""
    kind = KINDS[kind_name]
    floor = "always" if prone else "allowed" if person.profile.prone else "never"
    segments = _chain(start, kind.parts(rng, floor))
    end = segments[-1].ended_at
    if ongoing or (end is not None and end > now):
        if not kind.isolation:
            return None
        segments = (*segments[:-1], replace(segments[-1], ended_at=None))
    details, fix = _with_gaps(
        rng, _details(rng, kind, person.location, segments, roster), _GAP_SCALE[person.profile.quality]
    )
    staged = kind.isolation and (segments[-1].ended_at is None or rng.random() < 0.6)
    return PlannedUse(key, kind_name, segments, details, fix, staged, aftercare)


def _chain(start: datetime, parts: Parts) -> tuple[Segment, ...]:
    segments, at = [], start
    for practice, duration in parts:
        segments.append(Segment(practice, at, at + duration))
        at += duration
    return tuple(segments)


def _details(
    rng: Random, kind: Kind, location: Location, segments: tuple[Segment, ...], roster: tuple[StaffMember, ...]
) -> UseDetails:
    reason = rng.choices([r for r, _ in kind.reasons], [w for _, w in kind.reasons])[0]
    health = location.setting.is_mental_health_unit
    police = health and kind.staff[0] >= 3 and rng.random() < 0.03
    return UseDetails(
        reason=reason,
        reason_detail="To stop damage to the ward's fire door" if reason is R.OTHER else None,
        place=rng.choice(location.places),
        description="; ".join(_WORDS[s.practice] for s in segments).capitalize() + ".",
        staff=tuple(rng.sample(roster, rng.randint(*kind.staff))),
        non_staff=(_POLICE,) if police else (),
        de_escalation=rng.choice(_DE_ESCALATION[health]),
        injuries=Injuries(patient=rng.random() < 0.06, staff=rng.random() < 0.05, other_person=False),
        outcome=rng.choice(kind.outcomes),
        died_or_seriously_injured=False,
        in_care_plan=rng.random() < (0.5 if health else 0.9),
        care_plan_contacts_notified=rng.random() < 0.85,
    )


def _with_gaps(rng: Random, details: UseDetails, scale: float) -> tuple[UseDetails, UseCorrection | None]:
    """Leave some items out, as records sometimes do; a correction supplies some of them later."""
    blanked: dict[str, object] = {}
    supplied: dict[str, object] = {}
    for name, rate, corrected in _GAPS:
        if rng.random() < rate * scale:
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
