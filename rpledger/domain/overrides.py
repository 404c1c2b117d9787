"""A provider's own policy profiles: the defaults of ``rpledger.domain.policy`` with some parameters changed.

This module is pure: it takes the policy file already parsed (a mapping, as ``tomllib`` gives it) and returns the
policies to judge cases by, or refuses the whole file. The file's shape (docs/policy-profiles.md)::

    version = "trust-2026-11"          # the provider's own label for this file
    [profiles.mh-inpatient]
    debrief_with_person_within = "12h" # a duration: digits and a unit, d h min s, largest first ("1h30min")
    review_clock = "FIXED_GRID"        # a mode: one of the parameter's choices
    repeated_use_count = 2             # a count (or a number of months or years): a TOML integer
    rules_off = ["GOV-02"]             # rules the provider does not apply (never a V1 rule)

Every problem names its place in the file as a TOML key path (``profiles.mh-inpatient.rt_observation_every``).
The key rule: a parameter whose figure is statutory or national (confidence V1, ``Parameter.is_statutory``) may be
made stricter but never looser, and a V1 rule cannot be switched off. Each profile the file names gets the version
``<default version>+<label>`` (``2+trust-2026-11``), so every evaluation records which figures it used.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Literal

from rpledger.domain.codes import Setting
from rpledger.domain.errors import DomainError
from rpledger.domain.obligation import Rule
from rpledger.domain.policy import PARAMETERS_BY_NAME, Parameter, ParameterValue, Policy
from rpledger.domain.rules.catalogue import RULES

ParameterKind = Literal["DURATION", "COUNT", "MONTHS", "YEARS", "MODE"]

# Codes of the problems a policy file can have.
NOT_A_TABLE = "NOT_A_TABLE"
UNKNOWN_KEY = "UNKNOWN_KEY"
BAD_VERSION = "BAD_VERSION"
UNKNOWN_PROFILE = "UNKNOWN_PROFILE"
UNKNOWN_PARAMETER = "UNKNOWN_PARAMETER"
PARAMETER_NOT_USED = "PARAMETER_NOT_USED"
WRONG_TYPE = "WRONG_TYPE"
NOT_A_CHOICE = "NOT_A_CHOICE"
NOT_POSITIVE = "NOT_POSITIVE"
LOOSENS_STATUTORY = "LOOSENS_STATUTORY"
UNKNOWN_RULE = "UNKNOWN_RULE"
RULE_NOT_APPLIED = "RULE_NOT_APPLIED"
STATUTORY_RULE = "STATUTORY_RULE"

RULES_OFF = "rules_off"
# The label is stored with each case's policy version (at most 32 characters in the read model, with the default
# version and a "+"), so it is kept short and plain.
VERSION_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,23}")
# Parameters for which zero means something: no grace period after the SEC-06 threshold, no DoLS extension at all.
MAY_BE_ZERO = frozenset({"seclusion_independent_review_within", "dols_extensions_allowed"})

_DURATION = re.compile(r"(?:(\d{1,6})d)?(?:(\d{1,6})h)?(?:(\d{1,6})min)?(?:(\d{1,6})s)?")
_UNITS = (("d", 86400), ("h", 3600), ("min", 60), ("s", 1))
_DURATION_SYNTAX = 'a duration is a string of digits and units, largest first: "15min", "12h", "7d", "1h30min"'
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class OverrideProblem:
    """One thing wrong with a policy file: where (a TOML key path), a stable code, and what to do about it."""

    field: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class PolicyOverrideError(DomainError):
    """A policy file that cannot be used. Nothing of it is applied. ``problems`` lists every problem found; the
    error's own ``field`` and ``code`` are the first problem's, and its message has one line per problem."""

    def __init__(self, problems: Sequence[OverrideProblem]) -> None:
        super().__init__(problems[0].field, "\n".join(str(problem) for problem in problems))
        self.problems = tuple(problems)
        self.code = problems[0].code


def kind_of(parameter: Parameter) -> ParameterKind:
    """What sort of value a parameter holds: a duration, a count, months, years, or a mode (one of its choices)."""
    if isinstance(parameter.default, timedelta):
        return "DURATION"
    if isinstance(parameter.default, str):
        return "MODE"
    if parameter.name.endswith("_months"):
        return "MONTHS"
    if parameter.name.endswith("_years"):
        return "YEARS"
    return "COUNT"


def parse_duration(text: str) -> timedelta:
    """``"90min"``, ``"12h"``, ``"7d"``, ``"1h30min"``: digits and a unit (d, h, min, s), largest unit first, each
    at most once, nothing between. Raises ``ValueError`` for anything else."""
    found = _DURATION.fullmatch(text)
    if found is None or not text:
        raise ValueError(f'"{text}" is not a duration: {_DURATION_SYNTAX}')
    return timedelta(seconds=sum(int(n) * size for n, (_, size) in zip(found.groups(), _UNITS, strict=True) if n))


def duration_text(value: timedelta) -> str:
    """A duration as a policy file writes it: ``timedelta(hours=1, minutes=30)`` is ``"1h30min"``."""
    left, parts = int(value.total_seconds()), []
    for unit, size in _UNITS:
        if left >= size and (unit != "d" or left % 86400 == 0):
            parts.append(f"{left // size}{unit}")
            left %= size
    return "".join(parts) or "0min"


def apply_overrides(policies: Mapping[Setting, Policy], document: Mapping[str, Any]) -> dict[Setting, Policy]:
    """The policies with the file's overrides applied, or ``PolicyOverrideError`` listing every problem.

    ``document`` is the parsed file: a ``version`` label and a ``profiles`` table holding, for each profile to
    change (by name), parameter values and optionally ``rules_off``. Profiles the file does not name stay as given.
    """
    problems: list[OverrideProblem] = []
    for key in document:
        if key not in ("version", "profiles"):
            problems.append(
                _problem(_path("", key), UNKNOWN_KEY, "unknown key: a policy file holds version and profiles")
            )
    label = _version_label(document.get("version"), problems)
    profiles = document.get("profiles", {})
    if not isinstance(profiles, Mapping):
        problems.append(_problem("profiles", NOT_A_TABLE, "profiles is a table: [profiles.<profile name>]"))
        profiles = {}
    by_name = {policy.name: policy for policy in policies.values()}
    changed: dict[str, Policy] = {}
    for name, table in profiles.items():
        path = _path("profiles", name)
        if name not in by_name:
            problems.append(
                _problem(
                    path,
                    UNKNOWN_PROFILE,
                    f"no profile is called {_written(name)}; the profiles are {', '.join(by_name)}",
                )
            )
        elif not isinstance(table, Mapping):
            problems.append(_problem(path, NOT_A_TABLE, f"a profile is a table: [profiles.{name}]"))
        else:
            changed[name] = _overridden(by_name[name], table, path, label or "", problems)
    if problems:
        raise PolicyOverrideError(problems)
    return {setting: changed.get(policy.name, policy) for setting, policy in policies.items()}


# ------------------------------------------------------------------------------------------------------ profiles


def _overridden(
    policy: Policy, table: Mapping[str, Any], path: str, label: str, problems: list[OverrideProblem]
) -> Policy:
    rule_ids = _rules_kept(policy, table.get(RULES_OFF, []), _path(path, RULES_OFF), problems)
    values: dict[str, ParameterValue] = {}
    for name, given in table.items():
        if name == RULES_OFF:
            continue
        where = _path(path, name)
        parameter = PARAMETERS_BY_NAME.get(name)
        if parameter is None:
            problems.append(
                _problem(where, UNKNOWN_PARAMETER, f"no parameter is called {_written(name)}{_did_you_mean(name)}")
            )
            continue
        if parameter.rule_id is not None and parameter.rule_id not in rule_ids:
            problems.append(
                _problem(
                    where,
                    PARAMETER_NOT_USED,
                    f"{name} is used only by {parameter.rule_id}, which profile {policy.name} does not apply",
                )
            )
            continue
        value = _value(parameter, given, where, problems)
        if value is None:
            continue
        if _loosens(parameter, parameter.value_in(policy), value):
            problems.append(
                _problem(where, LOOSENS_STATUTORY, _loosening(parameter, parameter.value_in(policy), value))
            )
            continue
        values[name] = value
    return replace(policy.tightened(**values), version=f"{policy.version}+{label}", rule_ids=frozenset(rule_ids))


def _rules_kept(policy: Policy, given: Any, where: str, problems: list[OverrideProblem]) -> set[str]:
    kept = set(policy.rule_ids)
    if not isinstance(given, list) or not all(isinstance(rule_id, str) for rule_id in given):
        problems.append(_problem(where, WRONG_TYPE, 'rules_off is a list of rule ids, e.g. ["GOV-02"]'))
        return kept
    for index, rule_id in enumerate(given):
        at = f"{where}[{index}]"
        rule: Rule | None = RULES.get(rule_id)
        if rule is None:
            problems.append(_problem(at, UNKNOWN_RULE, f"no rule has the id {_written(rule_id)}"))
        elif rule_id not in policy.rule_ids:
            problems.append(_problem(at, RULE_NOT_APPLIED, f"profile {policy.name} does not apply {rule_id}"))
        elif rule.confidence == "V1":
            problems.append(
                _problem(
                    at,
                    STATUTORY_RULE,
                    f"{rule_id} cannot be switched off: its source is statutory or national (V1): {rule.source}",
                )
            )
        else:
            kept.discard(rule_id)
    return kept


# -------------------------------------------------------------------------------------------------------- values


def _value(parameter: Parameter, given: Any, where: str, problems: list[OverrideProblem]) -> ParameterValue | None:
    """The value ``given`` for ``parameter``, checked for its kind; None (with a problem) when it cannot be used."""
    kind = kind_of(parameter)
    if kind == "MODE":
        if given in parameter.choices:
            mode: str = given
            return mode
        code = NOT_A_CHOICE if isinstance(given, str) else WRONG_TYPE
        problems.append(_problem(where, code, f"{_written(given)} is not one of {', '.join(parameter.choices)}"))
        return None
    if kind == "DURATION":
        return _duration(parameter, given, where, problems)
    if not isinstance(given, int) or isinstance(given, bool):
        unit = {"MONTHS": "a number of months", "YEARS": "a number of years"}.get(kind, "a count")
        problems.append(
            _problem(
                where,
                WRONG_TYPE,
                f"{_written(given)} is not {unit}: write a whole number without quotes, e.g. {parameter.default}",
            )
        )
        return None
    if given < 0 or (given == 0 and parameter.name not in MAY_BE_ZERO):
        problems.append(_problem(where, NOT_POSITIVE, f"{given} is not allowed: {_least(parameter)}"))
        return None
    return given


def _duration(parameter: Parameter, given: Any, where: str, problems: list[OverrideProblem]) -> timedelta | None:
    if not isinstance(given, str):
        hint = f' (with its unit, e.g. "{given}h" or "{given}min")' if isinstance(given, int) else ""
        problems.append(_problem(where, WRONG_TYPE, f"{_written(given)} is not a duration{hint}: {_DURATION_SYNTAX}"))
        return None
    if given.startswith("-"):
        problems.append(_problem(where, NOT_POSITIVE, f"{_written(given)} is not allowed: {_least(parameter)}"))
        return None
    try:
        value = parse_duration(given)
    except ValueError as wrong:
        problems.append(_problem(where, WRONG_TYPE, str(wrong)))
        return None
    if not value and parameter.name not in MAY_BE_ZERO:
        problems.append(_problem(where, NOT_POSITIVE, f"{_written(given)} is not allowed: {_least(parameter)}"))
        return None
    return value


def _least(parameter: Parameter) -> str:
    return "it may be zero or more" if parameter.name in MAY_BE_ZERO else "it must be more than zero"


def _loosens(parameter: Parameter, current: ParameterValue, value: ParameterValue) -> bool:
    """True when ``value`` relaxes a statutory (V1) figure: higher where lower is stricter, lower where higher is,
    and any change to a V1 figure with no direction."""
    if not parameter.is_statutory or value == current:
        return False
    if parameter.stricter == "none":
        return True
    given, limit = _magnitude(value), _magnitude(current)
    if given is None or limit is None:  # a mode, which has no direction: any change loosens
        return True
    return given > limit if parameter.stricter == "lower" else given < limit


def _magnitude(value: ParameterValue) -> float | None:
    if isinstance(value, timedelta):
        return value.total_seconds()
    return None if isinstance(value, str) else float(value)


def _loosening(parameter: Parameter, current: ParameterValue, value: ParameterValue) -> str:
    limit = _written(current)
    if parameter.stricter == "none":
        allowed = f"it must stay {limit}"
    else:
        allowed = f"{limit} or {'less' if parameter.stricter == 'lower' else 'more'} is allowed, not looser"
    return (
        f"{_written(value)} is looser than the statutory (V1) figure {limit}; a provider may only make a V1 figure "
        f"stricter: {allowed}. Basis: {parameter.basis}"
    )


def _written(value: object) -> str:
    """A value as the policy file writes it: strings quoted, durations in the file's syntax."""
    if isinstance(value, timedelta):
        return f'"{duration_text(value)}"'
    if isinstance(value, bool):
        return str(value).lower()
    return f'"{value}"' if isinstance(value, str) else repr(value)


# --------------------------------------------------------------------------------------------------------- paths


def _version_label(given: Any, problems: list[OverrideProblem]) -> str | None:
    if isinstance(given, str) and VERSION_LABEL.fullmatch(given):
        return given
    problems.append(
        _problem(
            "version",
            BAD_VERSION,
            f"{'missing' if given is None else _written(given)}: give the file's own version label, "
            'e.g. version = "trust-2026-11" (1 to 24 letters, digits, ".", "-" or "_"); each evaluation records it',
        )
    )
    return None


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, PARAMETERS_BY_NAME, n=1)
    return f"; did you mean {close[0]}?" if close else "; `rpledger rules` lists the parameters"


def _path(prefix: str, key: str) -> str:
    """A TOML dotted key path: ``prefix`` (a path already, or "") then ``key``, bare where TOML allows, else quoted."""
    shown = key if _BARE_KEY.fullmatch(key) else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{prefix}.{shown}" if prefix else shown


def _problem(field: str, code: str, message: str) -> OverrideProblem:
    return OverrideProblem(field, code, message)
