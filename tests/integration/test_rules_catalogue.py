"""The rule catalogue as documentation: ``docs/rules.md`` is what ``rpledger rules --format markdown`` prints, it names
every rule with its confidence and every parameter with its default, and ``Query.policies`` lists the profiles."""

from __future__ import annotations

import dataclasses
import difflib
from datetime import timedelta
from pathlib import Path

import pytest

from rpledger.cli import main
from rpledger.cli_rules import REGENERATE, duration
from rpledger.domain.policy import DEFAULT_POLICIES, PARAMETERS, Parameter, Policy
from rpledger.domain.rules import RULES
from tests.integration.conftest import Api

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "rules.md"


def printed(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["rules", *argv]) == 0
    out: str = capsys.readouterr().out
    return out


def rule_section(doc: str, rule_id: str) -> str:
    """The lines of a rule's own table, from its heading to the next heading."""
    start = doc.index(f"\n### {rule_id}\n")
    return doc[start:doc.index("\n#", start + 1)]


def test_committed_rules_doc_matches_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    committed, current = COMMITTED.read_text(encoding="utf8"), printed(capsys, "--format", "markdown")
    diff = "".join(difflib.unified_diff(
        committed.splitlines(keepends=True), current.splitlines(keepends=True), "committed", "rpledger rules", n=1
    ))
    assert committed == current, f"{COMMITTED.relative_to(ROOT)} is out of date; regenerate it with\n  {REGENERATE}\n" \
        f"(from the repository root) and commit it. Differences:\n{diff[:4000]}"


@pytest.mark.parametrize("rule_id", RULES)
def test_rules_doc_gives_each_rule_its_source_and_confidence(rule_id: str) -> None:
    section, rule = rule_section(COMMITTED.read_text(encoding="utf8"), rule_id), RULES[rule_id]
    assert f"| confidence | {rule.confidence} |" in section
    assert f"| source | {rule.source} |" in section


@pytest.mark.parametrize("parameter", PARAMETERS, ids=lambda p: p.name)
def test_rules_doc_gives_each_parameter_its_default(parameter: Parameter) -> None:
    doc = COMMITTED.read_text(encoding="utf8")
    if parameter.rule_id is None:
        expected = f"| `{parameter.name}` | every rule | {duration(parameter.default)} |"
        assert expected in doc.split("## Profiles")[0]
    else:
        assert f"`{parameter.name}` = {duration(parameter.default)} (" in rule_section(doc, parameter.rule_id)


def test_parameters_describe_every_number_of_a_policy_with_its_default() -> None:
    numbers = {f.name: f.default for f in dataclasses.fields(Policy) if f.type in ("timedelta", timedelta)}
    assert {p.name: p.default for p in PARAMETERS} == numbers
    assert all(p.rule_id is None or p.rule_id in RULES for p in PARAMETERS)


def test_rules_text_lists_each_rule_with_its_confidence_and_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    text = printed(capsys)
    for rule in RULES.values():
        assert f"{rule.id} ({rule.confidence})  {rule.description}" in text
    assert "profiles: mh-inpatient, ld-autism-inpatient\n" in text  # UOF-03 and DEB-02: mental health units only
    assert "post_incident_review_within = 72 h (default; recalled (R)" in text


POLICIES = """{ policies { name version settings rules { id description source confidence }
                parameters { name ruleId description seconds basis } } }"""


def test_policies_query_lists_each_profile_with_its_settings_rules_and_parameters(api: Api) -> None:
    profiles = {p["name"]: p for p in api.data(POLICIES)["policies"]}
    assert set(profiles) == {policy.name for policy in DEFAULT_POLICIES.values()}
    social_care = profiles["adult-social-care"]
    assert social_care["version"] == "1" and social_care["settings"] == ["ADULT_SOCIAL_CARE"]
    assert [r["id"] for r in social_care["rules"]] == ["AUTH-01", "DEB-01", "CP-01", "REC-01"]
    deb_02 = next(r for r in profiles["mh-inpatient"]["rules"] if r["id"] == "DEB-02")
    assert deb_02 == {"id": "DEB-02", "description": RULES["DEB-02"].description, "source": RULES["DEB-02"].source,
                      "confidence": "R"}


def test_policies_query_gives_each_parameter_in_seconds_with_its_basis(api: Api) -> None:
    profiles = {p["name"]: p for p in api.data(POLICIES)["policies"]}
    parameters = {p["name"]: p for p in profiles["mh-inpatient"]["parameters"]}
    assert set(parameters) == {p.name for p in PARAMETERS}
    assert parameters["care_plan_revision_within"]["seconds"] == 7 * 24 * 3600
    assert parameters["care_plan_revision_within"]["ruleId"] == "CP-01"
    assert parameters["due_soon_horizon"] == {
        "name": "due_soon_horizon", "ruleId": None, "description": PARAMETERS[0].description, "seconds": 12 * 3600,
        "basis": PARAMETERS[0].basis,
    }
    assert parameters["post_incident_review_within"]["basis"].startswith("recalled (R)")
    social_care = {p["name"] for p in profiles["adult-social-care"]["parameters"]}
    assert "post_incident_review_within" not in social_care  # DEB-02 does not apply there
