"""``rpledger rules``: the rule catalogue, as text or as the Markdown committed in ``docs/rules.md``."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import Any

from rpledger.application.catalogue import (
    ParameterInfo,
    PolicyProfile,
    RuleEntry,
    general_parameters,
    policy_profiles,
    rule_catalogue,
)
from rpledger.domain.policy import DEFAULT_POLICIES

REGENERATE = "python -m rpledger.cli rules --format markdown > docs/rules.md"

# The legend of regulatory-reference.md, one line a label.
CONFIDENCE = {
    "V1": "read in the primary source (legislation.gov.uk, nice.org.uk, cqc.org.uk, gov.uk or NHS Digital).",
    "V2": "read in a secondary source that summarises or quotes the primary; the primary wording is not confirmed.",
    "R": "recalled and not verified: a placeholder to check against the primary text.",
}


def add_commands(commands: Any) -> None:
    rules = commands.add_parser(
        "rules", help="print the rule catalogue: each rule's source, confidence, parameters and profiles"
    )
    rules.add_argument(
        "--format", choices=["text", "markdown"], default="text", help="markdown prints what docs/rules.md holds"
    )
    rules.set_defaults(run=_rules)


def _rules(args: argparse.Namespace) -> int:
    catalogue, profiles = rule_catalogue(DEFAULT_POLICIES), policy_profiles(DEFAULT_POLICIES)
    sys.stdout.write(markdown(catalogue, profiles) if args.format == "markdown" else text(catalogue, profiles))
    return 0


def duration(value: timedelta) -> str:
    """Hours below a week, as the sources give them (24 h, 72 h); whole days from a week."""
    seconds = int(value.total_seconds())
    if seconds >= 7 * 86400 and seconds % 86400 == 0:
        return f"{seconds // 86400} days"
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    return f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds} s"


# ---------------------------------------------------------------------------------------------------------- text


def text(catalogue: list[RuleEntry], profiles: list[PolicyProfile]) -> str:
    lines: list[str] = []
    for entry in catalogue:
        rule = entry.rule
        lines += [f"{rule.id} ({rule.confidence})  {rule.description}", f"    source: {rule.source}"]
        lines.append(f"    profiles: {', '.join(entry.profiles) or 'none'}")
        lines.append(f"    settings: {', '.join(s.value for s in entry.settings) or 'none'}")
        lines += [f"    parameter {_parameter_text(p)}" for p in entry.parameters]
        lines.append("")
    lines += [f"every rule: parameter {_parameter_text(p)}" for p in general_parameters()]
    lines.append("")
    for profile in profiles:
        lines.append(f"profile {profile.name} version {profile.version}: {', '.join(s.value for s in profile.settings)}")
        lines.append(f"    rules: {', '.join(r.id for r in profile.rules)}")
        lines += [f"    {p.name} = {duration(p.value)}" for p in profile.parameters]
    return "\n".join(lines) + "\n"


def _parameter_text(p: ParameterInfo) -> str:
    return f"{p.name} = {duration(p.default)} (default; {p.basis})"


# ------------------------------------------------------------------------------------------------------ markdown


def markdown(catalogue: list[RuleEntry], profiles: list[PolicyProfile]) -> str:
    lines = [
        "# The rule catalogue",
        "",
        f"<!-- Generated from the code by `{REGENERATE}`. Do not edit it by hand: a test fails when it drifts. -->",
        "",
        "Every rule rpledger enforces: what it asks, its source, how sure that source is, which policy profiles",
        "apply it, and the parameters it uses with their defaults and the basis of each default. Every number that",
        "is not V1 is a parameter a provider may tighten.",
        "",
        "Confidence labels, as in the regulatory reference:",
        "",
        *(f"- **{label}**: {meaning}" for label, meaning in CONFIDENCE.items()),
        "",
        "## Rules",
    ]
    for entry in catalogue:
        lines += ["", *_rule_table(entry)]
    lines += ["", "## Parameters of every rule", "", *_parameter_table(general_parameters(), default=True)]
    lines += ["", "## Profiles"]
    for profile in profiles:
        lines += ["", *_profile_section(profile)]
    return "\n".join(lines) + "\n"


def _rule_table(entry: RuleEntry) -> list[str]:
    rule = entry.rule
    parameters = "<br>".join(_parameter_cell(p) for p in entry.parameters) or "none"
    rows = [
        ("what it asks", rule.description),
        ("source", rule.source),
        ("confidence", rule.confidence),
        ("profiles", ", ".join(f"`{name}`" for name in entry.profiles) or "none"),
        ("settings", ", ".join(f"`{s.value}`" for s in entry.settings) or "none"),
        ("parameters", parameters),
    ]
    return [f"### {rule.id}", "", "| | |", "| --- | --- |", *(f"| {key} | {_cell(value)} |" for key, value in rows)]


def _parameter_cell(p: ParameterInfo) -> str:
    return f"`{p.name}` = {duration(p.default)} ({p.basis})"


def _parameter_table(parameters: tuple[ParameterInfo, ...], *, default: bool) -> list[str]:
    heading = "default" if default else "value"
    rows = [
        f"| `{p.name}` | {p.rule_id or 'every rule'} | {duration(p.default if default else p.value)} | "
        f"{_cell(p.description)} | {_cell(p.basis)} |"
        for p in parameters
    ]
    return [f"| parameter | rule | {heading} | what it sets | basis |", "| --- | --- | --- | --- | --- |", *rows]


def _profile_section(profile: PolicyProfile) -> list[str]:
    settings = ", ".join(f"`{s.value}`" for s in profile.settings)
    rules = [f"| [{r.id}](#{r.id.lower()}) | {r.confidence} | {_cell(r.source)} |" for r in profile.rules]
    return [
        f"### {profile.name} (version {profile.version})",
        "",
        f"Applies to {settings}.",
        "",
        "| rule | confidence | source |",
        "| --- | --- | --- |",
        *rules,
        "",
        *_parameter_table(profile.parameters, default=False),
    ]


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")
