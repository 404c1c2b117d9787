"""Who and where: the demo's four locations and the people in them, all fictional.

Each person has a profile that says what is special about them: how well staff keep their records, how often
restrictive practice is used, and the planned gaps (a missing NHS number, a lapsed detention) that make the
findings a dashboard should show certain to appear, whatever the seed. The names, details and staff teams that
make a profile a person are drawn in ``people``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rpledger.domain.codes import PracticeCode as P
from rpledger.domain.codes import Setting, StaffRole
from rpledger.domain.values import PersonDetails


@dataclass(frozen=True)
class Window:
    """The span of the demo history: ``days`` days ending at ``now``."""

    start: datetime
    now: datetime

    def at(self, fraction: float) -> datetime:
        return self.start + (self.now - self.start) * fraction


@dataclass(frozen=True)
class Fraction:
    """A moment placed as a fraction of the window, so that it scales with ``days``."""

    value: float

    def resolve(self, window: Window, opened_at: datetime) -> datetime:
        return window.at(self.value)


@dataclass(frozen=True)
class HoursAgo:
    """A moment placed relative to now, for the open obligations of the last few days."""

    hours: float

    def resolve(self, window: Window, opened_at: datetime) -> datetime:
        return window.now - timedelta(hours=self.hours)


@dataclass(frozen=True)
class AfterAdmission:
    """A moment placed a number of days after the person's case opened (statutory periods run from there)."""

    days: float

    def resolve(self, window: Window, opened_at: datetime) -> datetime:
        return opened_at + timedelta(days=self.days)


@dataclass(frozen=True)
class Scripted:
    """A use placed on purpose, because a finding or a status depends on it."""

    kind: str
    when: Fraction | HoursAgo | AfterAdmission
    prone: bool = False  # the floor position is prone (otherwise the person's usual choice)
    ongoing: bool = False  # still going on now: no end recorded
    aftercare: bool = True  # False: no debrief, review or revision after it yet (its obligations stay open)
    hours: float | None = None  # how long the seclusion or segregation lasts (otherwise drawn as usual)
    late_review: bool = False  # seclusion: a nurse decides, and the first medical review comes late (SEC-01)


@dataclass(frozen=True)
class Profile:
    """What is special about one person; the defaults describe an ordinary inpatient."""

    quality: str = "fair"  # how well the record and the aftercare are kept: good, fair or poor
    rate: float = 1.0  # uses of restrictive practice per 30 days
    admitted: float = 0.02  # when the case opens, as a fraction of the window
    authority: str = "detained"  # the pattern of authorisations (see plan.authorisations)
    omitted: tuple[str, ...] = ()  # person details not known when the case opened
    supplied_after_days: float | None = None  # when a correction supplies them (None: never)
    nhs_typo: bool = False  # the NHS number was mistyped at admission and is corrected later
    prone: bool = True  # whether staff may take this person to the floor prone
    covert: bool = False  # care home: medication is given covertly under a best-interests decision
    quiet_days: float = 0.0  # no unplanned uses in the last so many days (a settled spell)
    stop: float | None = None  # no unplanned uses after this fraction of the window
    scripted: tuple[Scripted, ...] = ()


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    prefix: str
    setting: Setting
    places: tuple[str, ...]
    job_titles: tuple[str, ...]  # the first three are the commonest; the fourth records admissions and reviews
    roles: tuple[StaffRole, ...]  # the role each job title takes part in a review in
    kinds: tuple[tuple[str, int], ...]  # kinds of use (see uses.KINDS) and their relative frequency
    cast: tuple[Profile, ...]


@dataclass(frozen=True)
class Person:
    ref: str
    location: Location
    profile: Profile
    date_of_birth: date
    details: PersonDetails  # as known when the case opened
    complete: PersonDetails  # as it should be: what a later correction supplies
    opened_at: datetime

    @property
    def permitted(self) -> tuple[P, ...]:
        """What the person's care plan permits: the everyday holds, escort and oral PRN (never prone, never rapid
        tranquillisation or seclusion); the planned mechanical restraint and covert medication of those who have
        them. A use of anything else is not "in the care plan" (CP-03)."""
        planned = _PLANNED[self.location.setting]
        if any(s.kind == "mechanical" for s in self.profile.scripted):
            planned += (P.MECH,)
        return (*planned, P.COVERT_MED) if self.profile.covert else planned


# The provider the demo's cases and restrictions belong to: a token needs "provider": "demo" to see them.
DEMO_PROVIDER = "demo"

_HOLDS = (P.PHYS_STANDING, P.PHYS_SEATED, P.PHYS_SUPINE, P.PHYS_SIDE, P.PHYS_KNEELING, P.PHYS_ESCORT, P.CHEM_ORAL)
_PLANNED = {
    Setting.MENTAL_HEALTH_INPATIENT: _HOLDS,
    Setting.LEARNING_DISABILITY_AUTISM_INPATIENT: _HOLDS,
    Setting.ADULT_SOCIAL_CARE: (P.ENV_RESTRICT, P.PHYS_ESCORT, P.CHEM_ORAL),
}


# Seclusion is kept rare and short: every quarter of an hour of it is an observation recorded (SEC-07).
_MH_KINDS = (("restraint", 30), ("restraint_rt", 12), ("oral_prn", 33), ("seclusion", 5), ("escort", 15))
_PICU_KINDS = (("restraint", 28), ("restraint_rt", 20), ("oral_prn", 22), ("seclusion", 8), ("escort", 10))
_LD_KINDS = (
    ("restraint", 40),
    ("restraint_rt", 5),
    ("oral_prn", 20),
    ("escort", 25),
    ("seclusion", 3),
    ("mechanical", 3),
)
_HOME_KINDS = (("env_restrict", 40), ("home_escort", 25), ("covert_med", 25), ("home_prn", 10))
_RN, _SUPPORT, _OTHER = StaffRole.REGISTERED_NURSE, StaffRole.NURSING_SUPPORT, StaffRole.OTHER_PROFESSIONAL

LOCATIONS: tuple[Location, ...] = (
    Location(
        "ward-oak",
        "Oak Ward (adult acute)",
        "OAK",
        Setting.MENTAL_HEALTH_INPATIENT,
        ("day room", "corridor by the nursing office", "bedroom", "dining room", "garden courtyard"),
        ("Staff Nurse", "Charge Nurse", "Healthcare Assistant", "Ward Manager", "Occupational Therapist"),
        (_RN, _RN, _SUPPORT, _RN, _OTHER),
        _MH_KINDS,
        (
            # Well kept, with a restraint that ended this morning: a debrief due soon makes the case ATTENTION.
            Profile(quality="good", rate=1.0, scripted=(Scripted("restraint", HoursAgo(15.5), aftercare=False),)),
            # A restraint five days ago with nothing after it: overdue debrief, review and revision.
            Profile(rate=1.2, scripted=(Scripted("restraint", HoursAgo(120), aftercare=False),)),
            # Prone restraint is excluded for this person (cardiac history), yet one happens: AUTH-01.
            Profile(
                rate=1.4,
                authority="no_prone",
                prone=False,
                scripted=(Scripted("restraint", Fraction(0.45), prone=True),),
            ),
            # Admitted later without a confirmed identity: no NHS number until a correction supplies it (UOF-03).
            Profile(rate=0.9, admitted=0.35, omitted=("nhs_number",), supplied_after_days=12),
            # Poorly recorded throughout; mental disorder and characteristics never recorded (UOF-03 stays open).
            # Secluded by the nurse in charge, and the duty doctor's first medical review came late (SEC-01).
            Profile(
                quality="poor",
                rate=1.4,
                omitted=("mental_disorder", "relevant_characteristics"),
                scripted=(Scripted("seclusion", Fraction(0.62), hours=4, late_review=True),),
            ),
        ),
    ),
    Location(
        "ward-elm",
        "Elm Ward (psychiatric intensive care)",
        "ELM",
        Setting.MENTAL_HEALTH_INPATIENT,
        ("seclusion suite", "day area", "bedroom corridor", "de-escalation room", "clinic room"),
        (
            "Staff Nurse",
            "Charge Nurse",
            "Healthcare Assistant",
            "Ward Manager",
            "Senior Healthcare Assistant",
        ),
        (_RN, _RN, _SUPPORT, _RN, _SUPPORT),
        _PICU_KINDS,
        (
            Profile(quality="good", rate=1.5),
            # Section 2 lapsed two days before the section 3 was completed; a use in the gap is uncovered (AUTH-01).
            Profile(rate=1.6, authority="lapse", admitted=0.1, scripted=(Scripted("oral_prn", AfterAdmission(29)),)),
            # In seclusion since this morning: observed every quarter of an hour, reviewed by nurses and doctors, the
            # internal MDT review held within hours, the independent one at eight (SEC-01..SEC-08); the next are due.
            Profile(rate=1.2, scripted=(Scripted("seclusion", HoursAgo(11), ongoing=True),)),
            Profile(rate=1.4, nhs_typo=True),
        ),
    ),
    Location(
        "unit-ash",
        "Ash Unit (learning disability and autism)",
        "ASH",
        Setting.LEARNING_DISABILITY_AUTISM_INPATIENT,
        ("lounge", "sensory room", "bedroom", "segregation suite", "corridor"),
        (
            "Registered Nurse (Learning Disability)",
            "Support Worker",
            "Senior Support Worker",
            "Unit Manager",
            "Positive Behaviour Support Practitioner",
        ),
        (_RN, _SUPPORT, _SUPPORT, _RN, _OTHER),
        _LD_KINDS,
        (
            # Long-term segregation: one earlier episode of days, and one going on now.
            Profile(
                rate=1.3,
                scripted=(
                    Scripted("segregation", Fraction(0.3)),
                    Scripted("segregation", HoursAgo(15 * 24), ongoing=True),
                ),
            ),
            # Well kept and settled lately (COMPLIANT); the unit's one planned mechanical restraint is theirs.
            Profile(quality="good", rate=1.3, quiet_days=9, scripted=(Scripted("mechanical", Fraction(0.55)),)),
            # Discharged from section by the tribunal at 80 % of the window; restrained afterwards (AUTH-01).
            Profile(rate=1.5, authority="discharged", stop=0.78, scripted=(Scripted("restraint", Fraction(0.88)),)),
            Profile(rate=1.1, omitted=("relevant_characteristics",), supplied_after_days=20),
        ),
    ),
    Location(
        "home-willow",
        "Willow House (care home)",
        "WIL",
        Setting.ADULT_SOCIAL_CARE,
        ("front door", "lounge", "bedroom", "garden", "dining room"),
        ("Care Assistant", "Senior Carer", "Nurse", "Registered Manager", "Deputy Manager"),
        (_SUPPORT, _SUPPORT, _RN, _OTHER, _OTHER),
        _HOME_KINDS,
        (
            Profile(quality="good", rate=0.9, authority="dols", covert=True),
            # The urgent DoLS ran out two weeks before the standard one was granted (AUTH-01 in between).
            Profile(rate=1.0, authority="dols_gap", scripted=(Scripted("env_restrict", AfterAdmission(12)),)),
            Profile(rate=0.8, authority="dols", covert=True),
            Profile(quality="good", rate=0.6, authority="dols", quiet_days=10),
            Profile(rate=0.7, authority="dols", omitted=("relevant_characteristics",)),
        ),
    ),
)
