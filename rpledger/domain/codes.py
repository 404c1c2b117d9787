"""Coded values, mapped to the national codes of the Mental Health Services Data Set (MHSDS).

Practice codes follow regulatory-reference.md section 1.2 (MHSDS ``RestrictiveIntType``, table MHS515, V1); reason
codes follow MHSDS ``RestrictiveIntReason`` on MHS505 (V1). Codes 02 and 03 are not valid in MHSDS v5 onward, so no
practice maps to them.
"""

from __future__ import annotations

from enum import Enum


class Setting(Enum):
    MENTAL_HEALTH_INPATIENT = "MENTAL_HEALTH_INPATIENT"
    LEARNING_DISABILITY_AUTISM_INPATIENT = "LEARNING_DISABILITY_AUTISM_INPATIENT"
    ADULT_SOCIAL_CARE = "ADULT_SOCIAL_CARE"

    @property
    def is_mental_health_unit(self) -> bool:
        """Whether the Mental Health Units (Use of Force) Act 2018 applies (inpatient units for mental disorder)."""
        return self is not Setting.ADULT_SOCIAL_CARE


class PracticeCode(Enum):
    """A type of restrictive practice; the value is rpledger's dotted code."""

    PHYS_PRONE = "PHYS.PRONE"
    PHYS_STANDING = "PHYS.STANDING"
    PHYS_ESCORT = "PHYS.ESCORT"
    PHYS_SUPINE = "PHYS.SUPINE"
    PHYS_SIDE = "PHYS.SIDE"
    PHYS_SEATED = "PHYS.SEATED"
    PHYS_KNEELING = "PHYS.KNEELING"
    PHYS_OTHER = "PHYS.OTHER"
    MECH = "MECH"
    CHEM_INJ_RT = "CHEM.INJ.RT"
    CHEM_INJ_NONRT = "CHEM.INJ.NONRT"
    CHEM_ORAL = "CHEM.ORAL"
    CHEM_OTHER = "CHEM.OTHER"
    ISO_SECLUSION = "ISO.SECLUSION"
    ISO_SEGREGATION = "ISO.SEGREGATION"
    OBS_ENHANCED = "OBS.ENHANCED"
    BLANKET = "BLANKET"
    ENV_RESTRICT = "ENV.RESTRICT"
    ACCESS_RESTRICT = "ACCESS.RESTRICT"
    COVERT_MED = "COVERT.MED"
    DOL = "DOL"

    @property
    def national_code(self) -> str | None:
        """The MHSDS ``RestrictiveIntType`` code, or None where the data set has no code for the practice."""
        return _MHSDS_TYPE.get(self)

    @property
    def is_use_of_force(self) -> bool:
        """Physical, mechanical or chemical restraint, or isolation: "use of force" in UoF Act 2018 s1(6)-(7)."""
        return self.value.startswith(("PHYS.", "MECH", "CHEM.", "ISO."))

    @property
    def is_physical_restraint(self) -> bool:
        return self.value.startswith("PHYS.")

    @property
    def is_restraint(self) -> bool:
        """Physical or mechanical restraint: "restraint" in NICE NG10's sense of an incident."""
        return self.is_physical_restraint or self is PracticeCode.MECH

    @property
    def is_rapid_tranquillisation(self) -> bool:
        return self is PracticeCode.CHEM_INJ_RT

    @property
    def is_seclusion(self) -> bool:
        return self is PracticeCode.ISO_SECLUSION


_MHSDS_TYPE: dict[PracticeCode, str] = {
    PracticeCode.PHYS_PRONE: "01",
    PracticeCode.MECH: "04",
    PracticeCode.ISO_SECLUSION: "05",
    PracticeCode.ISO_SEGREGATION: "06",
    PracticeCode.PHYS_STANDING: "07",
    PracticeCode.PHYS_ESCORT: "08",
    PracticeCode.PHYS_SUPINE: "09",
    PracticeCode.PHYS_SIDE: "10",
    PracticeCode.PHYS_SEATED: "11",
    PracticeCode.PHYS_KNEELING: "12",
    PracticeCode.PHYS_OTHER: "13",
    PracticeCode.CHEM_INJ_RT: "14",
    PracticeCode.CHEM_INJ_NONRT: "15",
    PracticeCode.CHEM_ORAL: "16",
    PracticeCode.CHEM_OTHER: "17",
}


class ReasonCode(Enum):
    """Why restrictive practice was used; the value is the MHSDS ``RestrictiveIntReason`` code."""

    PREVENT_VIOLENCE_TO_OTHERS = "10"
    PREVENT_SELF_HARM = "11"
    PREVENT_ACCIDENTAL_INJURY = "12"
    ADMINISTER_TREATMENT = "13"
    FACILITATE_PERSONAL_CARE = "14"
    FACILITATE_NASOGASTRIC_FEEDING = "15"
    PREVENT_PROLONGED_OVERACTIVITY = "16"
    PREVENT_DANGEROUS_BEHAVIOUR = "17"
    SEARCH_FOR_SAFETY = "18"
    PREVENT_ABSCONDING = "19"
    OTHER = "98"
    NOT_KNOWN = "99"

    @property
    def national_code(self) -> str:
        return self.value


class AuthorisationBasis(Enum):
    MHA_DETENTION = "MHA_DETENTION"
    DOLS_URGENT = "DOLS_URGENT"
    DOLS_STANDARD = "DOLS_STANDARD"
    COURT_OF_PROTECTION = "COURT_OF_PROTECTION"
    MCA_BEST_INTERESTS = "MCA_BEST_INTERESTS"
    CARE_PLAN = "CARE_PLAN"


class DebriefKind(Enum):
    WITH_PERSON = "WITH_PERSON"
    WITH_STAFF = "WITH_STAFF"
    POST_INCIDENT_REVIEW = "POST_INCIDENT_REVIEW"


class ReviewKind(Enum):
    """A review of a person in seclusion or segregation (regulatory-reference.md section 3.5)."""

    NURSING = "NURSING"
    MEDICAL = "MEDICAL"
    INTERNAL_MDT = "INTERNAL_MDT"
    INDEPENDENT_MDT = "INDEPENDENT_MDT"
    # Long-term segregation: the approved clinician's daily review, and the periodic external review.
    APPROVED_CLINICIAN = "APPROVED_CLINICIAN"
    EXTERNAL = "EXTERNAL"


class StaffRole(Enum):
    """The role in which someone took a decision or part in a review."""

    REGISTERED_NURSE = "REGISTERED_NURSE"
    NURSING_SUPPORT = "NURSING_SUPPORT"
    DOCTOR = "DOCTOR"
    PSYCHIATRIST = "PSYCHIATRIST"
    APPROVED_CLINICIAN = "APPROVED_CLINICIAN"
    OTHER_PROFESSIONAL = "OTHER_PROFESSIONAL"
    COMMISSIONER_REPRESENTATIVE = "COMMISSIONER_REPRESENTATIVE"
    ADVOCATE = "ADVOCATE"

    @property
    def is_doctor(self) -> bool:
        return self in (StaffRole.DOCTOR, StaffRole.PSYCHIATRIST)


class MonitoringRisk(Enum):
    """What makes observations after rapid tranquillisation due every 15 minutes instead of hourly (RT-02)."""

    BNF_MAXIMUM_EXCEEDED = "BNF_MAXIMUM_EXCEEDED"
    ASLEEP_OR_SEDATED = "ASLEEP_OR_SEDATED"
    DRUGS_OR_ALCOHOL = "DRUGS_OR_ALCOHOL"
    PHYSICAL_HEALTH_CONDITION = "PHYSICAL_HEALTH_CONDITION"
    HARMED_BY_RESTRAINT = "HARMED_BY_RESTRAINT"


class DolsRequestOutcome(Enum):
    GRANTED = "GRANTED"
    REFUSED = "REFUSED"
    WITHDRAWN = "WITHDRAWN"


class NotificationKind(Enum):
    """A statutory notification sent to CQC."""

    UNDER_18_ON_ADULT_WARD = "UNDER_18_ON_ADULT_WARD"
    DOLS_OUTCOME = "DOLS_OUTCOME"
