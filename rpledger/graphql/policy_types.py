"""The policy profiles as the API shows them: each profile's settings, rules and parameter values (``Query.policies``)."""

from __future__ import annotations

import strawberry

from rpledger.application.catalogue import ParameterInfo
from rpledger.application.catalogue import PolicyProfile as PolicyProfileDto
from rpledger.application.catalogue import RuleInfo as RuleInfoDto
from rpledger.graphql.enums import Setting


@strawberry.type(description="A compliance rule: what it asks, its source and that source's confidence label")
class RuleInfo:
    id: str
    description: str
    source: str
    confidence: str = strawberry.field(
        description="V1 read in the primary source, V2 read in a secondary source, R recalled and not verified"
    )

    @classmethod
    def of(cls, rule: RuleInfoDto) -> RuleInfo:
        return cls(id=rule.id, description=rule.description, source=rule.source, confidence=rule.confidence)


@strawberry.type(description="A number a policy sets, with the basis of its default")
class PolicyParameter:
    name: str
    rule_id: str | None = strawberry.field(description="The rule that uses it; null when every obligation does")
    description: str
    seconds: int = strawberry.field(description="Its value in this profile")
    basis: str = strawberry.field(description="Statutory, or a provider, product, secondary or recalled figure")

    @classmethod
    def of(cls, parameter: ParameterInfo) -> PolicyParameter:
        return cls(
            name=parameter.name, rule_id=parameter.rule_id, description=parameter.description,
            seconds=int(parameter.value.total_seconds()), basis=parameter.basis,
        )


@strawberry.type(description="A policy profile: the rules a setting is judged by, and the numbers they use")
class PolicyProfile:
    name: str
    version: str
    settings: list[Setting]
    rules: list[RuleInfo]
    parameters: list[PolicyParameter]

    @classmethod
    def of(cls, profile: PolicyProfileDto) -> PolicyProfile:
        return cls(
            name=profile.name, version=profile.version, settings=list(profile.settings),
            rules=[RuleInfo.of(r) for r in profile.rules], parameters=[PolicyParameter.of(p) for p in profile.parameters],
        )
