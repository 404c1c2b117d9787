"""The schema's enums: the domain's coded values, named as the national data set and the contract name them."""

from __future__ import annotations

import strawberry

from rpledger.application import vocabulary as v

Setting = strawberry.enum(v.Setting, name="Setting")
PracticeCode = strawberry.enum(
    v.PracticeCode, name="PracticeCode", description="rpledger's practice codes; nationalCode gives the MHSDS code"
)
ReasonCode = strawberry.enum(v.ReasonCode, name="ReasonCode", description="MHSDS RestrictiveIntReason codes")
AuthorisationBasis = strawberry.enum(v.AuthorisationBasis, name="AuthorisationBasis")
DebriefKind = strawberry.enum(v.DebriefKind, name="DebriefKind")
ComplianceStatus = strawberry.enum(v.ComplianceStatus, name="ComplianceStatus")
ObligationStatus = strawberry.enum(v.ObligationStatus, name="ObligationStatus")
ReviewKind = strawberry.enum(v.ReviewKind, name="ReviewKind", description="A review of seclusion or segregation")
StaffRole = strawberry.enum(v.StaffRole, name="StaffRole", description="The role in which someone decided or reviewed")
MonitoringRisk = strawberry.enum(
    v.MonitoringRisk, name="MonitoringRisk",
    description="What makes observations after rapid tranquillisation due every 15 minutes (RT-02)",
)
DolsRequestOutcome = strawberry.enum(v.DolsRequestOutcome, name="DolsRequestOutcome")
NotificationKind = strawberry.enum(
    v.NotificationKind, name="NotificationKind", description="A statutory notification sent to CQC"
)
