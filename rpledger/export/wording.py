"""The report's words: codes, statuses, times and durations as a ward manager or an inspector reads them.

Every function returns plain (unescaped) text; the HTML writer escapes it, because much of it comes from what staff
recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rpledger.application.vocabulary import ComplianceStatus, ObligationStatus


def uk_time() -> tzinfo:
    """England's civil time (GMT/BST), which staff wrote their notes in; UTC where the zone data is missing."""
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        return UTC


PRACTICES = {
    "PHYS.PRONE": "prone restraint (face down)",
    "PHYS.STANDING": "standing restraint",
    "PHYS.ESCORT": "restrictive escort",
    "PHYS.SUPINE": "supine restraint (face up)",
    "PHYS.SIDE": "side restraint",
    "PHYS.SEATED": "seated restraint",
    "PHYS.KNEELING": "kneeling restraint",
    "PHYS.OTHER": "other physical restraint",
    "MECH": "mechanical restraint",
    "CHEM.INJ.RT": "rapid tranquillisation by injection",
    "CHEM.INJ.NONRT": "medication by injection (not rapid tranquillisation)",
    "CHEM.ORAL": "oral medication to restrain",
    "CHEM.OTHER": "other chemical restraint",
    "ISO.SECLUSION": "seclusion",
    "ISO.SEGREGATION": "long-term segregation",
    "OBS.ENHANCED": "enhanced observation",
    "BLANKET": "blanket restriction",
    "ENV.RESTRICT": "environmental restriction",
    "ACCESS.RESTRICT": "restricted access",
    "COVERT.MED": "covert medication",
    "DOL": "deprivation of liberty",
}

BASES = {
    "MHA_DETENTION": "Mental Health Act detention",
    "DOLS_URGENT": "urgent DoLS authorisation",
    "DOLS_STANDARD": "standard DoLS authorisation",
    "COURT_OF_PROTECTION": "Court of Protection order",
    "MCA_BEST_INTERESTS": "Mental Capacity Act best-interests decision",
    "CARE_PLAN": "care plan",
}

DEBRIEFS = {
    "WITH_PERSON": "Debrief with the person",
    "WITH_STAFF": "Debrief with staff",
    "POST_INCIDENT_REVIEW": "Post-incident review",
}

REASONS = {
    "10": "to prevent violence to others",
    "11": "to prevent self-harm",
    "12": "to prevent accidental injury",
    "13": "to give treatment",
    "14": "to give personal care",
    "15": "to give nasogastric feeding",
    "16": "to prevent prolonged overactivity",
    "17": "to prevent dangerous behaviour",
    "18": "to search for safety",
    "19": "to prevent absconding",
    "98": "for another reason",
    "99": "reason not known",
}

SETTINGS = {
    "MENTAL_HEALTH_INPATIENT": "Mental health inpatient unit",
    "LEARNING_DISABILITY_AUTISM_INPATIENT": "Learning disability and autism inpatient unit",
    "ADULT_SOCIAL_CARE": "Adult social care",
}

COMPLIANCE = {
    ComplianceStatus.COMPLIANT: "Compliant",
    ComplianceStatus.ATTENTION: "Needs attention",
    ComplianceStatus.NON_COMPLIANT: "Not compliant",
}

OBLIGATION_STATUS = {
    ObligationStatus.OVERDUE: "Overdue",
    ObligationStatus.DUE_SOON: "Due soon",
    ObligationStatus.PENDING: "Not yet due",
    ObligationStatus.MET_LATE: "Done late",
    ObligationStatus.MET: "Done on time",
    ObligationStatus.WAIVED: "Waived",
}

CONFIDENCE = {
    "V1": "V1: read in the primary source",
    "V2": "V2: read in a secondary source",
    "R": "R: recalled, not yet verified",
}


def css_name(value: str) -> str:
    """A status as a CSS class name (``NON_COMPLIANT`` -> ``non-compliant``)."""
    return value.lower().replace("_", "-")


def practice(code: str) -> str:
    return PRACTICES.get(code, code)


def practices(codes: list[str]) -> str:
    return ", ".join(practice(c) for c in codes)


def day(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y}"


def clock_time(moment: datetime, zone: tzinfo) -> str:
    return f"{moment.astimezone(zone):%H:%M}"


def when(moment: datetime | None, zone: tzinfo) -> str:
    """A moment in full, as the report prints it: ``Mon 3 Mar 2025, 11:15``."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def duration(seconds: int) -> str:
    """A length of time in hours and minutes (days too, past two days): ``5 h 05 min``, ``3 days 2 h 00 min``."""
    minutes = abs(seconds) // 60
    hours, minutes = divmod(minutes, 60)
    if hours >= 48:
        days, hours = divmod(hours, 24)
        return f"{days} days {hours} h {minutes:02d} min"
    return f"{hours} h {minutes:02d} min"


def time_to_review(status: ObligationStatus, seconds: int | None) -> str:
    if seconds is None:
        return "not applicable"
    if status in (ObligationStatus.MET, ObligationStatus.MET_LATE):
        return f"done after {duration(seconds)}"
    if seconds < 0:
        return f"overdue by {duration(seconds)}"
    return f"{duration(seconds)} left"


def value(data: Any) -> str:
    """A recorded value (from an entry's details) in one line: lists joined, empty parts left out."""
    if data is None:
        return ""
    if isinstance(data, bool):
        return "yes" if data else "no"
    if isinstance(data, list):
        return "; ".join(v for v in (value(d) for d in data) if v)
    if isinstance(data, dict):
        return ", ".join(f"{field_name(k)} {value(v)}" for k, v in data.items() if v not in (None, [], ""))
    return str(data)


# Recorded field names whose plain spelling is not just the name with spaces.
_FIELDS = {
    "nhs_number": "NHS number",
    "de_escalation": "de-escalation",
    "learning_disability_or_autism": "learning disability or autism",
    "non_staff": "people other than staff",
}


def field_name(name: str) -> str:
    return _FIELDS.get(name, name.replace("_", " "))
