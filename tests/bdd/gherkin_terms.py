"""The words of the compliance features, and what each stands for in rpledger.

The step definitions parse with these types (``parsers.parse(..., extra_types=TYPES)``), so every phrase a care
worker or inspector reads in a feature file maps to one code, moment or status here, and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import parse

from rpledger.application.vocabulary import (
    Actor,
    AuthorisationBasis,
    ComplianceStatus,
    Finding,
    MonitoringRisk,
    Obligation,
    ObligationStatus,
    PersonDetails,
    PracticeCode,
    ReasonCode,
    Segment,
    StaffMember,
    UseDetails,
    VitalSigns,
)
from rpledger.bootstrap import Services

# Who records the entries: the features are about what was recorded, not about who may record it.
NURSE_IN_CHARGE = Actor(id="rn-0417", name="Ann Okafor", role="nurse in charge")

PRACTICES: dict[str, PracticeCode] = {
    "prone restraint": PracticeCode.PHYS_PRONE,
    "standing restraint": PracticeCode.PHYS_STANDING,
    "restrictive escort": PracticeCode.PHYS_ESCORT,
    "supine restraint": PracticeCode.PHYS_SUPINE,
    "side restraint": PracticeCode.PHYS_SIDE,
    "seated restraint": PracticeCode.PHYS_SEATED,
    "kneeling restraint": PracticeCode.PHYS_KNEELING,
    "mechanical restraint": PracticeCode.MECH,
    "rapid tranquillisation": PracticeCode.CHEM_INJ_RT,
    "medication by injection that is not rapid tranquillisation": PracticeCode.CHEM_INJ_NONRT,
    "oral medication to calm": PracticeCode.CHEM_ORAL,
    "seclusion": PracticeCode.ISO_SECLUSION,
    "segregation": PracticeCode.ISO_SEGREGATION,
    "enhanced observation": PracticeCode.OBS_ENHANCED,
    "locked front door": PracticeCode.ENV_RESTRICT,
}

BASES: dict[str, AuthorisationBasis] = {
    "detention under the Mental Health Act": AuthorisationBasis.MHA_DETENTION,
    "urgent DoLS authorisation": AuthorisationBasis.DOLS_URGENT,
    "standard DoLS authorisation": AuthorisationBasis.DOLS_STANDARD,
    "Court of Protection order": AuthorisationBasis.COURT_OF_PROTECTION,
    "best-interests decision": AuthorisationBasis.MCA_BEST_INTERESTS,
    "care plan": AuthorisationBasis.CARE_PLAN,
}

# The duty each phrase names, by rule id: the aftercare duties, the physical health check after manual restraint,
# and the observation sets after rapid tranquillisation.
DUTIES: dict[str, str] = {
    "debrief with": "DEB-01",
    "formal post-incident review of": "DEB-02",
    "care-plan revision after": "CP-01",
    "physical health check after": "RES-04",
    "hourly set of observations after": "RT-01",
    "15-minute set of observations after": "RT-02",
}

# What staff may note about a person after rapid tranquillisation (RT-02): the risks that then hold; "is awake and
# settled" says none holds any longer.
RISKS: dict[str, tuple[MonitoringRisk, ...]] = {
    "was given more than the BNF maximum dose": (MonitoringRisk.BNF_MAXIMUM_EXCEEDED,),
    "appears asleep": (MonitoringRisk.ASLEEP_OR_SEDATED,),
    "has taken drugs or alcohol": (MonitoringRisk.DRUGS_OR_ALCOHOL,),
    "has a physical health condition": (MonitoringRisk.PHYSICAL_HEALTH_CONDITION,),
    "was hurt in the restraint": (MonitoringRisk.HARMED_BY_RESTRAINT,),
    "is awake and settled": (),
}

# Observations as the features name them: a pulse and breathing check after restraint (RES-04), and the full set
# NICE QS154 statement 4 lists after rapid tranquillisation (RT-01, RT-02).
PULSE_AND_BREATHING = VitalSigns(pulse=92, respiratory_rate=18)
FULL_SET = VitalSigns(
    pulse=84,
    blood_pressure="122/78",
    respiratory_rate=16,
    temperature=36.7,
    oxygen_saturation=97,
    hydration="drinking water",
    consciousness="responds to voice",
    side_effects="none seen",
)
OBSERVER = "Sam Lee"

# A use-of-force record with every item of UoF Act s6(5) filled in (the person's items are on the case).
STAFF_WHO_USED_FORCE = (StaffMember("Sam Lee", "Staff nurse"), StaffMember("Jo Patel", "Healthcare assistant"))
COMPLETE_RECORD = UseDetails(
    reason=ReasonCode.PREVENT_VIOLENCE_TO_OTHERS,
    place="Ward 7 day room",
    description="Held standing by two staff, then taken to the floor",
    staff=STAFF_WHO_USED_FORCE,
    non_staff=(),
    de_escalation="Offered time in the quiet room; talked with the patient for ten minutes",
    outcome="Calm after release; no further incident that shift",
    died_or_seriously_injured=False,
    # (d) answered "no": CP-03 judges a "yes" against the care plan in force (see ``IN_CARE_PLAN``).
    in_care_plan=False,
    care_plan_contacts_notified=True,
    # RES-01 and RES-06: the reasons the record gives when a restraint goes to the floor, or prone.
    prone_reason="On top of a nurse and biting; prone was the only hold that freed her, released as soon as it did",
    floor_reason="Pulled both staff down; they could not hold the person standing safely",
    # MCA-01 and MCA-03: the reasoning of restraint under the Mental Capacity Act.
    necessity="Without it the person would have been seriously hurt, or hurt someone else",
    proportionality="The least force for the shortest time, against a likely and serious injury",
    less_restrictive_options="Talking down, the quiet room and PRN by mouth were tried first",
)
# The same record saying the force used was part of the person's care plan (UoF Act s6(5)(d); CP-03).
IN_CARE_PLAN = replace(COMPLETE_RECORD, in_care_plan=True)

# What a record may leave out, in the words of the features, with what leaving it out does to a complete record.
OMISSIONS: dict[str, dict[str, Any]] = {
    "the reason for going prone": {"prone_reason": None},
    "the reason for going to the floor": {"floor_reason": None},
    "the belief that it was necessary": {"necessity": None},
    "why it was proportionate": {"proportionality": None},
    "the less restrictive options considered": {"less_restrictive_options": None},
    "the efforts made to avoid force": {"de_escalation": None},
    "the staff's job titles": {"staff": tuple(StaffMember(m.name) for m in COMPLETE_RECORD.staff)},
}
# What a later entry may add to a record, by the ``UseCorrection`` field it fills.
RECORD_ITEMS: dict[str, str] = {
    "the reason for going prone": "prone_reason",
    "the reason for going to the floor": "floor_reason",
    "the belief that it was necessary": "necessity",
    "why it was proportionate": "proportionality",
    "the less restrictive options considered": "less_restrictive_options",
}


def record_leaving_out(omitted: Sequence[str]) -> UseDetails:
    """A complete record with the items named left out."""
    details = COMPLETE_RECORD
    for item in omitted:
        details = replace(details, **OMISSIONS[item])
    return details


def record_without_efforts_or_job_titles(names: Sequence[str]) -> UseDetails:
    """Scenario 7's record: no efforts to avoid force (s6(5)(o)), staff named without job titles (s6(5)(h))."""
    return replace(COMPLETE_RECORD, de_escalation=None, staff=tuple(StaffMember(n) for n in names))


# ------------------------------------------------------------------------------------------------- parse types


@parse.with_pattern(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
def moment(text: str) -> datetime:
    """All times in the features are UTC."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


@parse.with_pattern(r"-?\d+ h \d+ min|-?\d+ h|-?\d+ min")
def duration_seconds(text: str) -> int:
    """ "3 h 45 min", "24 h", "-1 min" (negative: overdue) as whole seconds."""
    sign = -1 if text.startswith("-") else 1
    hours = re.search(r"(\d+) h", text)
    minutes = re.search(r"(\d+) min", text)
    span = timedelta(hours=int(hours[1]) if hours else 0, minutes=int(minutes[1]) if minutes else 0)
    return sign * int(span.total_seconds())


@parse.with_pattern("|".join(sorted((s.value for s in ObligationStatus), key=len, reverse=True)))
def obligation_status(text: str) -> ObligationStatus:
    return ObligationStatus(text)


@parse.with_pattern("|".join(sorted((s.value for s in ComplianceStatus), key=len, reverse=True)))
def compliance(text: str) -> ComplianceStatus:
    return ComplianceStatus(text)


@parse.with_pattern(r"[A-Z][a-z]+")
def first_name(text: str) -> str:
    """A person as the features name them after introducing them: by first name."""
    return text


@parse.with_pattern(r"INC-\d+")
def incident(text: str) -> str:
    return text


@parse.with_pattern(r"(?:an? )?(?:" + "|".join(re.escape(p) for p in sorted(PRACTICES, key=len, reverse=True)) + ")")
def practice(text: str) -> PracticeCode:
    return PRACTICES[re.sub(r"^an? ", "", text)]


@parse.with_pattern(r"(?:an? )?(?:" + "|".join(re.escape(b) for b in BASES) + ")")
def basis(text: str) -> AuthorisationBasis:
    return BASES[re.sub(r"^an? ", "", text)]


@parse.with_pattern(r"[^,]+?(?:(?:, | and )[^,]+?)*")
def practices(text: str) -> tuple[PracticeCode, ...]:
    """ "standing restraint, supine restraint and seclusion"; "a locked front door"."""
    return tuple(PRACTICES[re.sub(r"^an? ", "", p)] for p in re.split(r", | and ", text))


@parse.with_pattern(r"[A-Z][\w' -]+?(?: and [A-Z][\w' -]+?)*")
def names(text: str) -> tuple[str, ...]:
    return tuple(text.split(" and "))


@parse.with_pattern("|".join(re.escape(d) for d in DUTIES))
def duty(text: str) -> str:
    return DUTIES[text]


@parse.with_pattern("|".join(re.escape(r) for r in RISKS))
def risk(text: str) -> tuple[MonitoringRisk, ...]:
    return RISKS[text]


def _one_of(phrases: Sequence[str]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


@parse.with_pattern(_one_of(list(OMISSIONS)) + r"(?:(?:, | and )" + _one_of(list(OMISSIONS)) + ")*")
def omissions(text: str) -> tuple[str, ...]:
    """ "the reason for going prone, the efforts made to avoid force and the staff's job titles"."""
    return tuple(re.split(r", | and ", text))


@parse.with_pattern(_one_of(list(RECORD_ITEMS)))
def record_item(text: str) -> str:
    return RECORD_ITEMS[text]


def item_letters(text: str) -> tuple[str, ...]:
    """The UoF Act s6(5) items named in "(h) and (o)", or in a finding's "s6(5)(h) ...; s6(5)(o) ...": ("h", "o")."""
    return tuple(re.findall(r"\(([a-p])\)", text.replace("s6(5)", "")))


@parse.with_pattern(r"complete|incomplete, missing \([a-p]\)(?:(?:, | and )\([a-p]\))*")
def record_state(text: str) -> tuple[str, ...]:
    """ "complete" (nothing missing) or "incomplete, missing (h) and (o)": the s6(5) items missing."""
    return item_letters(text)


TYPES: dict[str, Any] = {
    "Moment": moment,
    "Duration": duration_seconds,
    "Status": obligation_status,
    "Compliance": compliance,
    "Incident": incident,
    "Name": first_name,
    "Practice": practice,
    "Practices": practices,
    "Basis": basis,
    "Names": names,
    "Duty": duty,
    "RecordState": record_state,
    "Risk": risk,
    "Omissions": omissions,
    "RecordItem": record_item,
}

# --------------------------------------------------------------------------------------- the scenario's records


@dataclass
class Ledger:
    """What a scenario has recorded, by the names the feature uses: people by first name, incidents by number."""

    cases: dict[str, UUID] = field(default_factory=dict)
    incidents: dict[str, tuple[UUID, UUID]] = field(default_factory=dict)

    def case_of(self, incident_ref: str) -> UUID:
        return self.incidents[incident_ref][0]

    def use_of(self, incident_ref: str) -> UUID:
        return self.incidents[incident_ref][1]


def table_rows(datatable: list[list[str]]) -> list[dict[str, str]]:
    header, *rows = datatable
    return [dict(zip(header, row, strict=True)) for row in rows]


def person_details(full_name: str, datatable: list[list[str]]) -> PersonDetails:
    [row] = table_rows(datatable)
    return PersonDetails(
        name=full_name,
        nhs_number=row["NHS number"] or None,
        mental_disorder=row["mental disorder"],
        relevant_characteristics=row["relevant characteristics"],
        learning_disability_or_autism={"yes": True, "no": False}[row["learning disability or autism"]],
    )


def segments(datatable: list[list[str]]) -> list[Segment]:
    """Rows of practice, from and to; an empty "to" means still going on."""
    return [
        Segment(PRACTICES[row["practice"]], moment(row["from"]), moment(row["to"]) if row["to"] else None)
        for row in table_rows(datatable)
    ]


# ------------------------------------------------------------------------------------------------ read models


def obligations_for(services: Services, ledger: Ledger, rule_id: str, incident_ref: str) -> list[Obligation]:
    """The obligations of a rule that an incident opened, as the read model holds them."""
    use_id = ledger.use_of(incident_ref)
    found = services.view.obligations(ledger.case_of(incident_ref))
    return [o for o in found if o.rule.id == rule_id and o.triggered_by == use_id]


def findings_for(services: Services, ledger: Ledger, rule_id: str, incident_ref: str) -> list[Finding]:
    """Every finding of a rule about an incident, open or resolved, as the read model holds them."""
    use_id = ledger.use_of(incident_ref)
    found = services.view.findings(ledger.case_of(incident_ref))
    return [f for f in found if f.rule.id == rule_id and f.subject == use_id]


def open_findings_for(services: Services, ledger: Ledger, rule_id: str, incident_ref: str) -> list[Finding]:
    now = services.clock()
    return [f for f in findings_for(services, ledger, rule_id, incident_ref) if f.open_at(now)]
