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
