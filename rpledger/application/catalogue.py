"""The rule catalogue as documentation: every rule with its source, confidence and parameters, and every policy
profile with its rules and the values it gives those parameters. Used by ``rpledger rules`` and ``Query.policies``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from rpledger.domain.codes import Setting
from rpledger.domain.policy import PARAMETERS, Parameter, Policy
from rpledger.domain.rules.catalogue import RULES, settings_applying


@dataclass(frozen=True)
class RuleInfo:
    id: str
    description: str
    source: str
    confidence: str


@dataclass(frozen=True)
class ParameterInfo:
    """A policy parameter; ``value`` is the default in the catalogue, and a profile's own value in a profile."""

    name: str
    rule_id: str | None
    description: str
    default: timedelta
    value: timedelta
    basis: str


@dataclass(frozen=True)
class RuleEntry:
    rule: RuleInfo
    profiles: tuple[str, ...]
    settings: tuple[Setting, ...]
    parameters: tuple[ParameterInfo, ...]


@dataclass(frozen=True)
class PolicyProfile:
    name: str
    version: str
    settings: tuple[Setting, ...]
    rules: tuple[RuleInfo, ...]
    parameters: tuple[ParameterInfo, ...]


def general_parameters() -> tuple[ParameterInfo, ...]:
    """The parameters no single rule owns (the due-soon horizon), at their defaults."""
    return tuple(_info(p, p.default) for p in PARAMETERS if p.rule_id is None)


def rule_catalogue(policies: Mapping[Setting, Policy]) -> list[RuleEntry]:
    """Every rule, in catalogue order, with the profiles and settings that apply it and its parameters' defaults."""
    applying = settings_applying(policies)
    return [
        RuleEntry(
            rule=_rule_info(rule_id),
            profiles=_unique(policies[s].name for s in applying[rule_id]),
            settings=applying[rule_id],
            parameters=tuple(_info(p, p.default) for p in PARAMETERS if p.rule_id == rule_id),
        )
        for rule_id in RULES
    ]


def policy_profiles(policies: Mapping[Setting, Policy]) -> list[PolicyProfile]:
    """Each distinct policy once, in the order of ``policies``, with the settings it serves, the rules it applies
    (catalogue order) and the values of the parameters those rules, or every obligation, use."""
    served: dict[Policy, list[Setting]] = {}
    for setting, policy in policies.items():
        served.setdefault(policy, []).append(setting)
    return [_profile(policy, tuple(settings)) for policy, settings in served.items()]


def _profile(policy: Policy, settings: tuple[Setting, ...]) -> PolicyProfile:
    rule_ids = [rule_id for rule_id in RULES if policy.applies(rule_id)]
    return PolicyProfile(
        name=policy.name,
        version=policy.version,
        settings=settings,
        rules=tuple(_rule_info(rule_id) for rule_id in rule_ids),
        parameters=tuple(
            _info(p, p.value_in(policy)) for p in PARAMETERS if p.rule_id is None or p.rule_id in rule_ids
        ),
    )


def _rule_info(rule_id: str) -> RuleInfo:
    rule = RULES[rule_id]
    return RuleInfo(id=rule.id, description=rule.description, source=rule.source, confidence=rule.confidence)


def _info(parameter: Parameter, value: timedelta) -> ParameterInfo:
    return ParameterInfo(
        name=parameter.name,
        rule_id=parameter.rule_id,
        description=parameter.description,
        default=parameter.default,
        value=value,
        basis=parameter.basis,
    )


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
