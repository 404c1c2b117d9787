"""The demo's fictional people: their names and details, each location's staff team, and the person each profile of
``cast`` becomes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from random import Random

from rpledger.demo.cast import Location, Person, Window
from rpledger.domain.codes import Setting, StaffRole
from rpledger.domain.values import Actor, PersonDetails, StaffMember


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST_NAMES = _words(
    "Alex Bailey Casey Dana Eden Farah Gus Hana Idris Jody Kit Lowri Milo Nia Orla Pip Quinn Rory Sana Toby Uma Vic "
    "Wren Yusuf Zara Ffion Ravi Mags Tomas Ines"
)
_SURNAMES = _words(
    "Ashcombe Brackley Cottingley Dunmere Elsworth Fernhill Glenridding Hollowell Inchbrook Juniper Kestrel Larkhill "
    "Mossley Nettlebed Orchard Pennycress Quarrendon Rushmere Sallowfield Thistlewood Underhill Vetchley Wheatcroft "
    "Yarrowby"
)
_DISORDERS = {
    Setting.MENTAL_HEALTH_INPATIENT: (
        "Paranoid schizophrenia (F20.0)",
        "Bipolar affective disorder, manic with psychotic symptoms (F31.2)",
        "Emotionally unstable personality disorder, borderline type (F60.31)",
        "Schizoaffective disorder (F25)",
        "Severe depressive episode with psychotic symptoms (F32.3)",
        "Acute and transient psychotic disorder (F23)",
    ),
    Setting.LEARNING_DISABILITY_AUTISM_INPATIENT: (
        "Autism spectrum disorder with moderate learning disability",
        "Severe learning disability with epilepsy",
        "Autism spectrum disorder; generalised anxiety disorder",
        "Moderate learning disability; bipolar disorder",
    ),
    Setting.ADULT_SOCIAL_CARE: (
        "Alzheimer's disease with behavioural and psychological symptoms",
        "Vascular dementia",
        "Mixed dementia",
        "Dementia with Lewy bodies",
        "Frontotemporal dementia",
    ),
}
_AGES = {
    Setting.MENTAL_HEALTH_INPATIENT: (19, 64),
    Setting.LEARNING_DISABILITY_AUTISM_INPATIENT: (18, 45),
    Setting.ADULT_SOCIAL_CARE: (72, 96),
}
_ETHNICITIES = (
    "White British",
    "Black British (Caribbean)",
    "Asian British (Pakistani)",
    "Mixed (White and Black African)",
    "White Irish",
    "Asian British (Indian)",
)
_RELIGIONS = ("no religion", "Christian", "Muslim", "Sikh", "not stated")


class Names:
    """Fictional full names, none given twice."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self) -> str:
        while True:
            name = f"{self.rng.choice(_FIRST_NAMES)} {self.rng.choice(_SURNAMES)}"
            if name not in self.used:
                self.used.add(name)
                return name


def nhs_number(rng: Random) -> str:
    """A number in the NHS test range (999 ...) with a valid modulus 11 check digit, spaced 3-3-4."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        if check != 10:
            text = "".join(map(str, digits)) + str(check % 11)
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def mistyped(number: str) -> str:
    """The number with two neighbouring digits swapped, the commonest keying error (the check digit catches it)."""
    digits = number.replace(" ", "")
    i = next((i for i in range(3, 8) if digits[i] != digits[i + 1]), None)
    if i is None:  # six equal digits: mistype the last one instead
        swapped = digits[:9] + str((int(digits[9]) + 1) % 10)
    else:
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    return f"{swapped[:3]} {swapped[3:6]} {swapped[6:]}"


# Which of the location's job titles each of its eight staff holds: the commonest roles more than once, and one
# manager (MANAGER, the fourth), who records admissions, authorisations, reviews and corrections.
_ROSTER = (0, 1, 2, 3, 0, 2, 0, 4)
MANAGER = 3


def staff_roster(names: Names, location: Location) -> tuple[StaffMember, ...]:
    return tuple(StaffMember(names.new(), location.job_titles[title]) for title in _ROSTER)


@dataclass(frozen=True)
class Team:
    """Who records and reviews at a location: its eight staff, its doctors, and those from beyond the ward who
    review seclusion and segregation (SEC-06, LTS-01, LTS-04)."""

    staff: tuple[StaffMember, ...]
    roles: tuple[StaffRole, ...]  # each staff member's role in a review
    psychiatrist: str  # the consultant: responsible clinician, and approved clinician for segregation reviews
    doctors: tuple[str, ...]  # the ward's doctor and the duty doctors
    independent: tuple[str, str]  # a consultant psychiatrist and a senior nurse from another ward
    commissioner: str  # the commissioning authority's case manager
    external: str  # who holds the external review of long-term segregation

    def with_role(self, *roles: StaffRole) -> list[StaffMember]:
        return [member for member, role in zip(self.staff, self.roles, strict=True) if role in roles]

    def role_of(self, name: str) -> StaffRole:
        return next(role for member, role in zip(self.staff, self.roles, strict=True) if member.name == name)


def team(names: Names, location: Location) -> Team:
    def doctor() -> str:
        return f"Dr {names.new()}"

    return Team(
        staff=staff_roster(names, location),
        roles=tuple(location.roles[title] for title in _ROSTER),
        psychiatrist=doctor(),
        doctors=(doctor(), doctor(), doctor()),
        independent=(doctor(), names.new()),
        commissioner=names.new(),
        external=doctor(),
    )


def recorder(member: StaffMember, location: Location) -> Actor:
    slug = member.name.lower().replace(" ", "-")
    return Actor(id=f"demo:{location.id}:{slug}", name=member.name, role=member.job_title or "staff")


def person(rng: Random, names: Names, location: Location, index: int, window: Window) -> Person:
    profile = location.cast[index]
    opened_at = window.at(profile.admitted) + timedelta(minutes=rng.randrange(8 * 60, 20 * 60))
    low, high = _AGES[location.setting]
    age_days = rng.randrange(low * 365, high * 365)
    complete = PersonDetails(
        name=names.new(),
        nhs_number=nhs_number(rng),
        mental_disorder=rng.choice(_DISORDERS[location.setting]),
        relevant_characteristics=f"{rng.choice(('Female', 'Male'))}; {rng.choice(_ETHNICITIES)}; "
        f"religion: {rng.choice(_RELIGIONS)}",
        learning_disability_or_autism=location.setting is Setting.LEARNING_DISABILITY_AUTISM_INPATIENT,
    )
    recorded = replace(complete, **{name: None for name in profile.omitted})
    if profile.nhs_typo:
        recorded = replace(recorded, nhs_number=mistyped(complete.nhs_number or ""))
    ref = f"DEMO-{location.prefix}-{index + 1:03d}"
    return Person(ref, location, profile, (window.now - timedelta(days=age_days)).date(), recorded, complete, opened_at)
