"""The policy profiles as the API shows them: each profile's settings, rules and parameter values (``Query.policies``)."""

from __future__ import annotations

from enum import Enum

import strawberry

from rpledger.application.catalogue import ParameterInfo
from rpledger.application.catalogue import PolicyProfile as PolicyProfileDto
from rpledger.application.catalogue import RuleInfo as RuleInfoDto
from rpledger.graphql.enums import Setting


@strawberry.enum(description="How a parameter's value reads")
class ParameterKind(Enum):
    DURATION = "DURATION"
    COUNT = "COUNT"
    MONTHS = "MONTHS"
    YEARS = "YEARS"
    MODE = "MODE"


@strawberry.type(description="A compliance rule: what it asks, its source and that source's confidence label")
class RuleInfo:
    id: str
    description: str
    source: str
    confidence: str = strawberry.field(
        description="V1 read in the primary source, V2 read in a secondary source, R recalled and not verified"
    )
    departable: bool = strawberry.field(
        description="True when a justified departure waives it (statutory guidance, NICE); false for a legal "
        "requirement"
    )

    @classmethod
    def of(cls, rule: RuleInfoDto) -> RuleInfo:
        return cls(
            id=rule.id, description=rule.description, source=rule.source, confidence=rule.confidence,
            departable=rule.departable,
        )


@strawberry.type(description="A number or mode a policy sets, with the basis of its default")
class PolicyParameter:
    name: str
    rule_id: str | None = strawberry.field(description="The rule that uses it; null when every obligation does")
    description: str
    kind: ParameterKind
    value: str = strawberry.field(description='Its value in this profile, as a person reads it: "24 h", "7 days", '
                                  '"3", "3 months", "3 years", "ROLLING"')
    default: str = strawberry.field(description="rpledger's default, read the same way")
    seconds: int | None = strawberry.field(description="Its value in this profile in seconds; null unless a duration")
    confidence: str = strawberry.field(
        description="The label of the default's source: V1, V2, R, or provider or product for a setting no source fixes"
    )
    statutory: bool = strawberry.field(
        description="True for a V1 (statutory or national) figure, which a provider may only make stricter"
    )
    choices: list[str] | None = strawberry.field(description="The values a mode may take; null unless a mode")
    basis: str = strawberry.field(description="Statutory, or a provider, product, secondary or recalled figure")

    @classmethod
    def of(cls, parameter: ParameterInfo) -> PolicyParameter:
        return cls(
            name=parameter.name, rule_id=parameter.rule_id, description=parameter.description,
            kind=ParameterKind(parameter.kind), value=parameter.shown, default=parameter.shown_default,
            seconds=parameter.seconds, confidence=parameter.confidence, statutory=parameter.statutory,
            choices=list(parameter.choices) if parameter.kind == "MODE" else None, basis=parameter.basis,
        )


@strawberry.type(description="A policy profile: the rules a setting is judged by, and the numbers they use")
class PolicyProfile:
    name: str
    version: str = strawberry.field(
        description='The default version, or with a provider\'s policy file "<default>+<its label>", e.g. '
        '"2+trust-2026-11"; each case records the version it was judged by'
    )
    settings: list[Setting]
    rules: list[RuleInfo]
    parameters: list[PolicyParameter]

    @classmethod
    def of(cls, profile: PolicyProfileDto) -> PolicyProfile:
        return cls(
            name=profile.name, version=profile.version, settings=list(profile.settings),
            rules=[RuleInfo.of(r) for r in profile.rules], parameters=[PolicyParameter.of(p) for p in profile.parameters],
        )
