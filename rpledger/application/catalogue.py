"""The rule catalogue as documentation: every rule with its source, confidence and parameters, and every policy
profile with its rules and the values it gives those parameters. Used by ``rpledger rules`` and ``Query.policies``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from rpledger.domain.codes import Setting
from rpledger.domain.overrides import ParameterKind, kind_of
from rpledger.domain.policy import PARAMETERS, Parameter, ParameterValue, Policy
from rpledger.domain.rules.catalogue import RULES, settings_applying

# How a rule's departability reads: statutory guidance and NICE may be departed from for cogent reasons, legislation
# and the rules that rest on legislation or national data standards cannot be waived (``Rule.departable``).
DEPARTURE_MAY_BE_JUSTIFIED = "departure may be justified"
LEGAL_REQUIREMENT = "cannot be waived"


@dataclass(frozen=True)
class RuleInfo:
    id: str
    description: str
    source: str
    confidence: str
    departable: bool = False

    @property
    def departure(self) -> str:
        """Either "departure may be justified" (a justified departure waives it) or "cannot be waived"."""
        return DEPARTURE_MAY_BE_JUSTIFIED if self.departable else LEGAL_REQUIREMENT


@dataclass(frozen=True)
class ParameterInfo:
    """A policy parameter; ``value`` is the default in the catalogue, and a profile's own value in a profile.

    ``kind`` says how to read the values (DURATION, COUNT, MONTHS, YEARS or MODE); ``shown`` and ``shown_default``
    give them as a person reads them ("24 h", "7 days", "3 months", "ROLLING"). A statutory parameter (confidence
    V1) may only be made stricter; ``stricter`` says which way that is ("lower", "higher", or "none" for a mode).
    """

    name: str
    rule_id: str | None
    description: str
    default: ParameterValue
    value: ParameterValue
    basis: str
    kind: ParameterKind = "DURATION"
    confidence: str = "provider"
    statutory: bool = False
    stricter: str = "lower"
    choices: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        return shown(self.value, self.kind)

    @property
    def shown_default(self) -> str:
        return shown(self.default, self.kind)

    @property
    def overridden(self) -> bool:
        """True when a policy file gave this profile a value other than the default."""
        return self.value != self.default

    @property
    def seconds(self) -> int | None:
        """The value in seconds for a duration; None for the other kinds."""
        return int(self.value.total_seconds()) if isinstance(self.value, timedelta) else None


def shown(value: ParameterValue, kind: ParameterKind) -> str:
    """A parameter's value as a person reads it: durations in hours below a week, as the sources give them ("24 h",
    "72 h"), in minutes below two hours ("15 min", "90 min"), in whole days from a week ("7 days"); counts as
    numbers; months and years with their unit; modes as their name."""
    if isinstance(value, timedelta):
        return duration(value)
    if isinstance(value, str):
        return value
    if kind == "MONTHS":
        return f"{value} month" if value == 1 else f"{value} months"
    if kind == "YEARS":
        return f"{value} year" if value == 1 else f"{value} years"
    return str(value)


def duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    if seconds >= 7 * 86400 and seconds % 86400 == 0:
        return f"{seconds // 86400} days"
    if seconds % 3600 == 0 and seconds:
        return f"{seconds // 3600} h"
    if seconds < 2 * 3600 and seconds % 60 == 0:
        return f"{seconds // 60} min"
    hours, rest = divmod(seconds, 3600)
    minutes, rest = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{rest} s" if rest else ""]
    return " ".join(part for part in parts if part)


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
    return RuleInfo(
        id=rule.id,
        description=rule.description,
        source=rule.source,
        confidence=rule.confidence,
        departable=rule.departable,
    )


def _info(parameter: Parameter, value: ParameterValue) -> ParameterInfo:
    return ParameterInfo(
        name=parameter.name,
        rule_id=parameter.rule_id,
        description=parameter.description,
        default=parameter.default,
        value=value,
        basis=parameter.basis,
        kind=kind_of(parameter),
        confidence=parameter.confidence,
        statutory=parameter.is_statutory,
        stricter=parameter.stricter,
        choices=parameter.choices,
    )


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
