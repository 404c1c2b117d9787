"""The lawful bases of each person's restrictive practice: MHA detention on the wards, DoLS, best-interests decisions
and the behaviour support plan in the care home, with the few gaps the demo means to show (AUTH-01).

The care home asks the supervisory body for each standard DoLS authorisation (the first on the day of admission,
each renewal in the weeks before the one in force runs out), the body decides within its 21 days (DOLS-08), and the
statements of the authorisation (the care home, the purpose, why each qualifying requirement is met: DOLS-05) are
entered from its form, which now and then arrives some days after the grant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random

from rpledger.demo.cast import Person, Window
from rpledger.demo.steps import Correct, DecideDols, EndGrant, Grant, RequestDols
from rpledger.domain.codes import AuthorisationBasis as B
from rpledger.domain.codes import DolsRequestOutcome, Setting
from rpledger.domain.codes import PracticeCode as P
from rpledger.domain.correction import AuthorisationCorrection

Granted = list[tuple[datetime, Grant | EndGrant | RequestDols | DecideDols | Correct]]

_MHA = (
    P.PHYS_STANDING,
    P.PHYS_PRONE,
    P.PHYS_SUPINE,
    P.PHYS_SIDE,
    P.PHYS_SEATED,
    P.PHYS_KNEELING,
    P.PHYS_ESCORT,
    P.PHYS_OTHER,
    P.CHEM_INJ_RT,
    P.CHEM_INJ_NONRT,
    P.CHEM_ORAL,
    P.ISO_SECLUSION,
)
_MHA_LD = (*_MHA, P.MECH, P.ISO_SEGREGATION)
# Section 2 lasts 28 days, section 3 six months, renewed for six months and then a year at a time.
_SECTIONS = (
    ("Section 2, MHA 1983", 28),
    ("Section 3, MHA 1983", 182),
    ("Section 3 renewed (s20)", 182),
    ("Section 3 renewed (s20)", 365),
    ("Section 3 renewed (s20)", 365),
)
_MANAGERS = "Hospital managers, on an AMHP application with two medical recommendations"
_RENEWAL = "Responsible clinician's renewal report (s20), accepted by the hospital managers"
_DOLS_DELAY = {"dols": (3, 6), "dols_gap": (21, 21)}  # days from the urgent authorisation to the standard one


def authorisations(rng: Random, person: Person, window: Window) -> Granted:
    authority = person.profile.authority
    if authority in _DOLS_DELAY:
        return _care_home(rng, person, window)
    practices: tuple[P, ...] = (
        _MHA_LD if person.location.setting is Setting.LEARNING_DISABILITY_AUTISM_INPATIENT else _MHA
    )
    if authority == "no_prone":
        practices = tuple(p for p in practices if p is not P.PHYS_PRONE)
    lapse = timedelta(days=2) if authority == "lapse" else timedelta(0)  # the section 3 came two days late
    first = 0 if authority == "lapse" or rng.random() < 0.7 else 1  # some are admitted straight onto section 3
    granted = _detention(person, window, practices, first, lapse)
    if authority == "discharged":
        granted = _discharged(granted, window.at(0.8))
    return granted


def _detention(person: Person, window: Window, practices: tuple[P, ...], first: int, lapse: timedelta) -> Granted:
    granted: Granted = []
    start = person.opened_at
    conditions = "Prone restraint excluded: cardiac history (see care plan)" if P.PHYS_PRONE not in practices else None
    for index, (section, days) in enumerate(_SECTIONS[first:]):
        if start > window.now:
            break
        until = start + timedelta(days=days)
        by = _RENEWAL if "renewed" in section else _MANAGERS
        key = f"{person.ref}/auth/{index}"
        granted.append(
            (start, Grant(key, B.MHA_DETENTION, practices, until, by, f"{section}. {conditions or ''}".strip()))
        )
        start = until + (lapse if index == 0 else timedelta(0))
    return granted


def _discharged(granted: Granted, at: datetime) -> Granted:
    """The tribunal discharges the section in force at ``at``; nothing is granted after it."""
    kept = [(start, grant) for start, grant in granted if start <= at]
    last = kept[-1][1]
    assert isinstance(last, Grant)
    reason = "Discharged from section by the First-tier Tribunal (Mental Health); stays as an informal patient"
    return [*kept, (at, EndGrant(last.key, reason))]


@dataclass(frozen=True)
class _Basis:
    """A care-home authorisation: what it covers, for how long, who gives it, and whether it is renewed."""

    name: str
    basis: B
    practices: tuple[P, ...]
    days: int
    granted_by: str
    conditions: str
    renewed: bool = True


_DEPRIVATION = (P.ENV_RESTRICT, P.DOL, P.ACCESS_RESTRICT)
_URGENT_DOLS = _Basis(
    "urgent",
    B.DOLS_URGENT,
    _DEPRIVATION,
    7,
    "Willow House, managing authority (urgent authorisation)",
    "Standard request made the same day",
    renewed=False,
)
_STANDARD_DOLS = _Basis(
    "dols",
    B.DOLS_STANDARD,
    _DEPRIVATION,
    365,
    "Demoshire County Council, supervisory body",
    "Review with the RPR every three months",
)
_SUPPORT_PLAN = _Basis(
    "plan",
    B.CARE_PLAN,
    (P.PHYS_ESCORT, P.CHEM_ORAL),
    365,
    "Registered manager, with the behaviour support plan",
    "Two-person guided escort only",
)
_COVERT = _Basis(
    "covert",
    B.MCA_BEST_INTERESTS,
    (P.COVERT_MED,),
    182,
    "Best-interests meeting: GP, pharmacist and daughter (LPA, health and welfare)",
    "Pharmacist to advise on each medicine",
)


def _care_home(rng: Random, person: Person, window: Window) -> Granted:
    """An urgent DoLS on admission, then the standard one; the behaviour support plan; covert medication if any."""
    start = person.opened_at
    low, high = _DOLS_DELAY[person.profile.authority]
    granted = _renewed(person, _URGENT_DOLS, start, window) + _renewed(person, _SUPPORT_PLAN, start, window)
    standard = _renewed(person, _STANDARD_DOLS, start + timedelta(days=rng.uniform(low, high)), window)
    granted += standard + _requested(rng, person, standard)
    if person.profile.covert:
        granted += _renewed(person, _COVERT, start, window)
    return granted


_SUPERVISORY_BODY = "Demoshire County Council, DoLS team"
_STATEMENTS = AuthorisationCorrection(
    place="Willow House (care home)",
    purpose="To keep the resident safe from leaving alone and from the harm of going without care",
    qualifying_requirements="Age, mental health, mental capacity, best interests, eligibility and no refusals: each "
    "assessed and met, as the assessors' reports give",
)


def _requested(rng: Random, person: Person, standard: Granted) -> Granted:
    """Each standard authorisation's request and decision, and its statements; and the request to renew the last."""
    steps: Granted = []
    requested = person.opened_at + timedelta(hours=rng.uniform(1, 3))  # with the urgent authorisation
    for index, (granted_at, grant) in enumerate(standard):
        assert isinstance(grant, Grant)
        key = f"{person.ref}/dols-request/{index}"
        late = person.profile.quality != "good" and rng.random() < 0.2
        entered = granted_at + timedelta(days=rng.uniform(2, 9) if late else 0)
        reason = "Statements of the authorisation entered from the supervisory body's form"
        steps += [
            (requested, RequestDols(key, _SUPERVISORY_BODY)),
            (granted_at, DecideDols(key, DolsRequestOutcome.GRANTED)),
            (entered, Correct(grant.key, _STATEMENTS, reason)),
        ]
        requested = grant.valid_until - timedelta(days=rng.uniform(15, 20))  # the renewal, within 28 days (DOLS-07)
    if standard:
        steps.append((requested, RequestDols(f"{person.ref}/dols-request/{len(standard)}", _SUPERVISORY_BODY)))
    return steps


def _renewed(person: Person, basis: _Basis, start: datetime, window: Window) -> Granted:
    """Granted from ``start``, and if renewable, renewed on the day it runs out for as long as the window lasts."""
    granted: Granted = []
    while start <= window.now and (basis.renewed or not granted):
        until = start + timedelta(days=basis.days)
        key = f"{person.ref}/auth/{basis.name}/{len(granted)}"
        granted.append((start, Grant(key, basis.basis, basis.practices, until, basis.granted_by, basis.conditions)))
        start = until
    return granted
