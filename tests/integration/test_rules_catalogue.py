"""The rule catalogue as documentation: ``docs/rules.md`` is what ``rpledger rules --format markdown`` prints, it names
every rule with its confidence and every parameter with its default, and ``Query.policies`` lists the profiles."""

from __future__ import annotations

import dataclasses
import difflib
from datetime import timedelta
from pathlib import Path

import pytest

from rpledger.application.catalogue import shown
from rpledger.cli import main
from rpledger.cli_rules import REGENERATE
from rpledger.domain.codes import Setting
from rpledger.domain.overrides import kind_of
from rpledger.domain.policy import DEFAULT_POLICIES, PARAMETERS, Parameter, Policy
from rpledger.domain.rules import RULES
from tests.integration.conftest import Api

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "rules.md"
OPEN_QUESTION_MODES = ("review_clock", "seclusion_total_hours_window_kind", "dols_period_end")


@pytest.fixture(autouse=True)
def _no_policy_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue shows the defaults: a policy file in the developer's environment must not leak in."""
    monkeypatch.delenv("RPLEDGER_POLICY_FILE", raising=False)


def printed(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["rules", *argv]) == 0
    out: str = capsys.readouterr().out
    return out


def default_shown(parameter: Parameter) -> str:
    return shown(parameter.default, kind_of(parameter))


def rule_section(doc: str, rule_id: str) -> str:
    """The lines of a rule's own table, from its heading to the next heading."""
    start = doc.index(f"\n### {rule_id}\n")
    return doc[start:doc.index("\n#", start + 1)]


def section(doc: str, heading: str) -> str:
    start = doc.index(f"\n## {heading}\n")
    return doc[start:doc.index("\n## ", start + 1)]


def test_committed_rules_doc_matches_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    committed, current = COMMITTED.read_text(encoding="utf8"), printed(capsys, "--format", "markdown")
    diff = "".join(difflib.unified_diff(
        committed.splitlines(keepends=True), current.splitlines(keepends=True), "committed", "rpledger rules", n=1
    ))
    assert committed == current, f"{COMMITTED.relative_to(ROOT)} is out of date; regenerate it with\n  {REGENERATE}\n" \
        f"(from the repository root, without RPLEDGER_POLICY_FILE set) and commit it. Differences:\n{diff[:4000]}"


@pytest.mark.parametrize("rule_id", RULES)
def test_rules_doc_gives_each_rule_its_source_confidence_and_whether_it_may_be_departed_from(rule_id: str) -> None:
    section, rule = rule_section(COMMITTED.read_text(encoding="utf8"), rule_id), RULES[rule_id]
    assert f"| confidence | {rule.confidence} |" in section
    assert f"| source | {rule.source} |" in section
    binding = "departure may be justified" if rule.departable else "cannot be waived"
    assert f"| binding | {binding} |" in section
    profiles = [policy.name for policy in DEFAULT_POLICIES.values() if policy.applies(rule_id)]
    assert f"| profiles | {', '.join(f'`{name}`' for name in profiles) or 'none'} |" in section


@pytest.mark.parametrize("parameter", PARAMETERS, ids=lambda p: p.name)
def test_rules_doc_gives_each_parameter_its_default(parameter: Parameter) -> None:
    doc = COMMITTED.read_text(encoding="utf8")
    if parameter.rule_id is None:
        expected = f"| `{parameter.name}` | every rule | {default_shown(parameter)} | {parameter.confidence} |"
        assert expected in section(doc, "Parameters of every rule")
    else:
        assert f"`{parameter.name}` = {default_shown(parameter)} (" in rule_section(doc, parameter.rule_id)


@pytest.mark.parametrize("name", OPEN_QUESTION_MODES)
def test_rules_doc_documents_the_open_questions_with_their_stated_defaults(name: str) -> None:
    parameter = next(p for p in PARAMETERS if p.name == name)
    open_questions = section(COMMITTED.read_text(encoding="utf8"), "Open questions settled by a parameter")
    assert f"| `{name}` | {parameter.rule_id or 'every rule'} | " in open_questions
    row = next(line for line in open_questions.splitlines() if line.startswith(f"| `{name}` |"))
    assert f"| {parameter.default} | {', '.join(parameter.choices)} |" in row


def test_parameters_describe_every_setting_of_a_policy_with_its_default_and_kind() -> None:
    settings = {f.name: f.default for f in dataclasses.fields(Policy) if f.name not in ("name", "version", "rule_ids")}
    assert {p.name: p.default for p in PARAMETERS} == settings
    assert all(p.rule_id is None or p.rule_id in RULES for p in PARAMETERS)
    for parameter in PARAMETERS:
        kind = kind_of(parameter)
        assert isinstance(parameter.default, {"DURATION": timedelta, "MODE": str}.get(kind, int)), parameter.name
        assert (kind == "MODE") == bool(parameter.choices) == (parameter.stricter == "none"), parameter.name
        assert parameter.default in parameter.choices or not parameter.choices, parameter.name


def test_values_read_as_a_person_reads_them() -> None:
    assert shown(timedelta(hours=24), "DURATION") == "24 h"
    assert shown(timedelta(days=7), "DURATION") == "7 days"
    assert shown(timedelta(minutes=15), "DURATION") == "15 min"
    assert shown(timedelta(minutes=90), "DURATION") == "90 min"
    assert shown(timedelta(hours=2, minutes=30), "DURATION") == "2 h 30 min"
    assert shown(timedelta(0), "DURATION") == "0 min"
    assert (shown(3, "MONTHS"), shown(1, "MONTHS"), shown(3, "YEARS"), shown(2, "COUNT")) == (
        "3 months", "1 month", "3 years", "2"
    )
    assert shown("FIXED_GRID", "MODE") == "FIXED_GRID"


def test_rules_text_lists_each_rule_with_its_confidence_binding_and_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    text = printed(capsys)
    for rule in RULES.values():
        binding = "departure may be justified" if rule.departable else "cannot be waived"
        assert f"{rule.id} ({rule.confidence})  {rule.description}\n    source: {rule.source}\n    {binding}\n" in text
    assert "profiles: mh-inpatient, ld-autism-inpatient\n" in text  # UOF-03 and DEB-02: mental health units only
    assert "post_incident_review_within = 72 h (default; recalled (R)" in text
    assert "blanket_restriction_review_every_months = 3 months (default; " in text
    assert "use_of_force_record_kept_for_years = 3 years (default; V1: may only be made stricter (higher); " in text
    assert "review_clock = ROLLING (default; one of ROLLING, FIXED_GRID; open question 2" in text
    assert "profile mh-inpatient version 2: MENTAL_HEALTH_INPATIENT\n" in text


POLICIES = """{ policies { name version settings rules { id description source confidence departable }
                parameters { name ruleId description kind value default seconds confidence statutory choices basis } } }"""


def test_policies_query_lists_each_profile_with_its_settings_rules_and_parameters(api: Api) -> None:
    profiles = {p["name"]: p for p in api.data(POLICIES)["policies"]}
    assert set(profiles) == {policy.name for policy in DEFAULT_POLICIES.values()}
    social_care = profiles["adult-social-care"]
    policy = DEFAULT_POLICIES[Setting.ADULT_SOCIAL_CARE]
    assert social_care["version"] == policy.version and social_care["settings"] == ["ADULT_SOCIAL_CARE"]
    assert [r["id"] for r in social_care["rules"]] == [rule_id for rule_id in RULES if policy.applies(rule_id)]
    assert "DEB-02" not in {r["id"] for r in social_care["rules"]}
    deb_02 = next(r for r in profiles["mh-inpatient"]["rules"] if r["id"] == "DEB-02")
    assert deb_02 == {"id": "DEB-02", "description": RULES["DEB-02"].description, "source": RULES["DEB-02"].source,
                      "confidence": "R", "departable": RULES["DEB-02"].departable}
    sec_07 = next(r for r in profiles["mh-inpatient"]["rules"] if r["id"] == "SEC-07")
    assert sec_07["departable"] is True


def test_policies_query_gives_each_parameter_as_read_with_its_kind_and_basis(api: Api) -> None:
    profiles = {p["name"]: p for p in api.data(POLICIES)["policies"]}
    parameters = {p["name"]: p for p in profiles["mh-inpatient"]["parameters"]}
    assert set(parameters) == {p.name for p in PARAMETERS}
    assert parameters["due_soon_horizon"] == {
        "name": "due_soon_horizon", "ruleId": None, "description": PARAMETERS[0].description, "kind": "DURATION",
        "value": "12 h", "default": "12 h", "seconds": 12 * 3600, "confidence": "product", "statutory": False,
        "choices": None, "basis": PARAMETERS[0].basis,
    }
    care_plan = parameters["care_plan_revision_within"]
    assert (care_plan["value"], care_plan["seconds"], care_plan["ruleId"]) == ("7 days", 7 * 24 * 3600, "CP-01")
    assert parameters["post_incident_review_within"]["basis"].startswith("recalled (R)")
    assert parameters["post_incident_review_within"]["confidence"] == "R"
    retention = parameters["use_of_force_record_kept_for_years"]
    assert (retention["kind"], retention["value"], retention["seconds"], retention["statutory"]) == (
        "YEARS", "3 years", None, True
    )
    assert parameters["repeated_use_count"]["kind"] == "COUNT" and parameters["repeated_use_count"]["value"] == "3"
    assert parameters["blanket_restriction_review_every_months"]["value"] == "3 months"
    clock = parameters["review_clock"]
    assert (clock["kind"], clock["value"], clock["seconds"], clock["choices"]) == (
        "MODE", "ROLLING", None, ["ROLLING", "FIXED_GRID"]
    )
    assert parameters["rt_observation_every"]["statutory"] is True
    social_care = {p["name"] for p in profiles["adult-social-care"]["parameters"]}
    assert "post_incident_review_within" not in social_care  # DEB-02 does not apply there
