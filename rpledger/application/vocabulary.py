"""The domain's vocabulary as the outer layers use it: codes, value objects, corrections, statuses and errors.

The GraphQL layer imports these from here, so that it depends on the application layer only.
"""

from rpledger.domain.codes import AuthorisationBasis, DebriefKind, PracticeCode, ReasonCode, Setting
from rpledger.domain.correction import (
    AuthorisationCorrection,
    CarePlanRevisionCorrection,
    Correction,
    DebriefCorrection,
    PersonCorrection,
    UseCorrection,
)
from rpledger.domain.errors import DomainError, UnknownCaseError
from rpledger.domain.obligation import ComplianceStatus, Finding, Obligation, ObligationStatus, compliance_status
from rpledger.domain.values import (
    Actor,
    Injuries,
    NonStaffParticipant,
    PersonDetails,
    Recording,
    Segment,
    StaffMember,
    UseDetails,
)

__all__ = [
    "Actor",
    "AuthorisationBasis",
    "AuthorisationCorrection",
    "CarePlanRevisionCorrection",
    "ComplianceStatus",
    "Correction",
    "DebriefCorrection",
    "DebriefKind",
    "DomainError",
    "Finding",
    "Injuries",
    "NonStaffParticipant",
    "Obligation",
    "ObligationStatus",
    "PersonCorrection",
    "PersonDetails",
    "PracticeCode",
    "ReasonCode",
    "Recording",
    "Segment",
    "Setting",
    "StaffMember",
    "UnknownCaseError",
    "UseCorrection",
    "UseDetails",
    "compliance_status",
]
