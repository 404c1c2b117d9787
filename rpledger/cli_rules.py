"""``rpledger rules``: the rule catalogue, as text or as the Markdown committed in ``docs/rules.md``.

It shows the profiles ``rpledger serve`` would use: the defaults, or those of the policy file that
``--policy-file`` or ``RPLEDGER_POLICY_FILE`` names (a file that cannot be used is refused with every problem)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from rpledger.application.catalogue import (
    ParameterInfo,
    PolicyProfile,
    RuleEntry,
    general_parameters,
    policy_profiles,
    rule_catalogue,
)
from rpledger.infrastructure.settings import load_policies, policy_file_from_env

REGENERATE = "python -m rpledger.cli rules --format markdown > docs/rules.md"

# The legend of regulatory-reference.md, one line a label.
CONFIDENCE = {
    "V1": "read in the primary source (legislation.gov.uk, nice.org.uk, cqc.org.uk, gov.uk or NHS Digital).",
    "V2": "read in a secondary source that summarises or quotes the primary; the primary wording is not confirmed.",
    "R": "recalled and not verified: a placeholder to check against the primary text.",
}
# A parameter's basis cites the reference's open questions as "open question 2" or "open questions 1 and 14".
_OPEN_QUESTION = re.compile(r"open questions? (\d+(?:(?:, | and )\d+)*)")


def add_commands(commands: Any) -> None:
    rules = commands.add_parser(
        "rules", help="print the rule catalogue: each rule's source, confidence, parameters and profiles"
    )
    rules.add_argument(
        "--format", choices=["text", "markdown"], default="text", help="markdown prints what docs/rules.md holds"
    )
    rules.add_argument(
        "--policy-file",
        type=Path,
        help="a provider's policy file (TOML, docs/policy-profiles.md) whose values the profiles show "
        "(default RPLEDGER_POLICY_FILE, else the defaults)",
    )
    rules.set_defaults(run=_rules)


def _rules(args: argparse.Namespace) -> int:
    policies = load_policies(args.policy_file or policy_file_from_env())
    catalogue, profiles = rule_catalogue(policies), policy_profiles(policies)
    sys.stdout.write(markdown(catalogue, profiles) if args.format == "markdown" else text(catalogue, profiles))
    return 0


def open_questions(parameter: ParameterInfo) -> str | None:
    """The open questions of the regulatory reference (section 5) a parameter's default settles, e.g. "2" or
    "1 and 14"; None when its basis cites none."""
    found = _OPEN_QUESTION.search(parameter.basis)
    return found.group(1) if found else None


def _value(p: ParameterInfo) -> str:
    """A profile's value, with the default beside it when a policy file changed it."""
    return f"{p.shown} (default {p.shown_default})" if p.overridden else p.shown


def _limits(p: ParameterInfo) -> str:
    """What a provider may do with a parameter, when it is limited: a mode's choices, a V1 figure's direction."""
    notes = [f"one of {', '.join(p.choices)}"] if p.choices else []
    if p.statutory:
        notes.append("V1: may not be changed" if p.stricter == "none" else f"V1: may only be made stricter ({p.stricter})")
    return "; ".join(notes)


# ---------------------------------------------------------------------------------------------------------- text


def text(catalogue: list[RuleEntry], profiles: list[PolicyProfile]) -> str:
    lines: list[str] = []
    for entry in catalogue:
        rule = entry.rule
        lines += [f"{rule.id} ({rule.confidence})  {rule.description}", f"    source: {rule.source}"]
        lines.append(f"    {rule.departure}")
        lines.append(f"    profiles: {', '.join(entry.profiles) or 'none'}")
        lines.append(f"    settings: {', '.join(s.value for s in entry.settings) or 'none'}")
        lines += [f"    parameter {_parameter_text(p)}" for p in entry.parameters]
        lines.append("")
    lines += [f"every rule: parameter {_parameter_text(p)}" for p in general_parameters()]
    lines.append("")
    for profile in profiles:
        lines.append(f"profile {profile.name} version {profile.version}: {', '.join(s.value for s in profile.settings)}")
        lines.append(f"    rules: {', '.join(r.id for r in profile.rules)}")
        lines += [f"    {p.name} = {_value(p)}" for p in profile.parameters]
    return "\n".join(lines) + "\n"


def _parameter_text(p: ParameterInfo) -> str:
    limits = _limits(p)
    return f"{p.name} = {p.shown_default} (default; {limits + '; ' if limits else ''}{p.basis})"


# ------------------------------------------------------------------------------------------------------ markdown


def markdown(catalogue: list[RuleEntry], profiles: list[PolicyProfile]) -> str:
    general = general_parameters()
    lines = [
        "# The rule catalogue",
        "",
        f"<!-- Generated from the code by `{REGENERATE}`. Do not edit it by hand: a test fails when it drifts. -->",
        "",
        "Every rule rpledger enforces: what it asks, its source, how sure that source is, whether a justified",
        "departure can waive it, which policy profiles apply it, and the parameters it uses with their defaults and",
        "the basis of each default. A provider may change any parameter in its policy file",
        "([policy-profiles.md](policy-profiles.md)), except that a V1 figure, being statutory or national, may only",
        "be made stricter.",
        "",
        "Confidence labels, as in the regulatory reference:",
        "",
        *(f"- **{label}**: {meaning}" for label, meaning in CONFIDENCE.items()),
        "",
        "A rule marked *departure may be justified* comes from statutory guidance (the MHA Code of Practice) or NICE,",
        "which may be departed from for cogent reasons (*R (Munjaz) v Mersey Care* [2005] UKHL 58): a departure",
        "recorded with its justification waives the obligation or finding. A rule marked *cannot be waived* stays open",
        "until what it asks is recorded: it rests on legislation or a national data standard, or no reason could stand",
        "in for what it asks (a debrief, a care-plan revision, a blanket restriction's justification).",
        "",
        "## Rules",
    ]
    for entry in catalogue:
        lines += ["", *_rule_table(entry)]
    lines += ["", "## Parameters of every rule", "", *_parameter_table(general, default=True)]
    lines += ["", *_open_question_section([p for entry in catalogue for p in entry.parameters] + list(general))]
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
        ("binding", rule.departure),
        ("profiles", ", ".join(f"`{name}`" for name in entry.profiles) or "none"),
        ("settings", ", ".join(f"`{s.value}`" for s in entry.settings) or "none"),
        ("parameters", parameters),
    ]
    return [f"### {rule.id}", "", "| | |", "| --- | --- |", *(f"| {key} | {_cell(value)} |" for key, value in rows)]


def _parameter_cell(p: ParameterInfo) -> str:
    limits = _limits(p)
    return f"`{p.name}` = {p.shown_default} ({p.basis}){f' **{limits}**' if limits else ''}"


def _parameter_table(parameters: tuple[ParameterInfo, ...], *, default: bool) -> list[str]:
    heading = "default" if default else "value"
    rows = [
        f"| `{p.name}` | {p.rule_id or 'every rule'} | {p.shown_default if default else _value(p)} | "
        f"{p.confidence} | {_cell(p.description)} | {_cell(p.basis)} |"
        for p in parameters
    ]
    return [
        f"| parameter | rule | {heading} | confidence | what it sets | basis |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
    ]


def _open_question_section(parameters: list[ParameterInfo]) -> list[str]:
    rows = [
        f"| `{p.name}` | {p.rule_id or 'every rule'} | {questions} | {p.shown_default} | "
        f"{', '.join(p.choices) or p.kind.lower()} | {_cell(p.description)} |"
        for p in parameters
        if (questions := open_questions(p)) is not None
    ]
    return [
        "## Open questions settled by a parameter",
        "",
        "The regulatory reference (section 5) leaves these points open. rpledger takes the default stated here until",
        "the primary text settles them; a provider may choose otherwise in its policy file.",
        "",
        "| parameter | rule | open question | default | choices | what it sets |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
    ]


def _profile_section(profile: PolicyProfile) -> list[str]:
    settings = ", ".join(f"`{s.value}`" for s in profile.settings)
    rules = [
        f"| [{r.id}](#{r.id.lower()}) | {r.confidence} | {r.departure} | {_cell(r.source)} |" for r in profile.rules
    ]
    return [
        f"### {profile.name} (version {profile.version})",
        "",
        f"Applies to {settings}.",
        "",
        "| rule | confidence | binding | source |",
        "| --- | --- | --- | --- |",
        *rules,
        "",
        *_parameter_table(profile.parameters, default=False),
    ]


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")
