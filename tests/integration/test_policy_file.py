"""A provider's policy file, end to end: a TOML file named by the settings changes what the cases are judged by, each
case records the overridden profile and version, ``Query.policies`` and ``rpledger rules`` show the values, and a
file that would loosen a statutory figure stops rpledger from starting, with a message and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rpledger.bootstrap import build_services
from rpledger.cli import main
from rpledger.domain.overrides import LOOSENS_STATUTORY
from rpledger.domain.policy import PARAMETERS_BY_NAME
from rpledger.infrastructure.settings import Database, PolicyFileError, Settings
from tests.conftest import TEST_AUTH, Clock
from tests.integration.conftest import Api, api_for

ROOT = Path(__file__).resolve().parents[2]

TRUST_FILE = """\
version = "trust-2026-11"   # the provider's own label

[profiles.mh-inpatient]
debrief_with_person_within = "12h"
review_clock = "FIXED_GRID"
repeated_use_count = 2
rt_observation_every = "30min"   # NICE QS154 says at least hourly: tightening a V1 figure is allowed
"""
LOOSENING_FILE = """\
version = "trust-2026-11"

[profiles.mh-inpatient]
rt_observation_every = "2h"
"""
USE_ENDED = "2025-03-03T10:05:00+00:00"
STANDING = ("PHYS_STANDING", "2025-03-03T10:00:00+00:00", USE_ENDED)
RECORDED = datetime(2025, 3, 3, 10, 30, tzinfo=UTC)  # the use is recorded soon after it ends


def written(tmp_path: Path, text: str, name: str = "policy.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf8")
    return path


@pytest.fixture(autouse=True)
def _no_policy_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RPLEDGER_POLICY_FILE", raising=False)


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    return written(tmp_path, TRUST_FILE)


@pytest.fixture
def settings(database: Database, policy_file: Path) -> Settings:
    """The services of these tests are built from settings that name the trust's policy file."""
    return Settings(database=database, policy_file=policy_file, authentication=TEST_AUTH)


CASE = """query($id: ID!) { case(id: $id) { policy obligations { ruleId dueAt } } }"""


def due(api: Api, case_id: str, rule_id: str) -> list[str]:
    return [o["dueAt"] for o in api.data(CASE, id=case_id)["case"]["obligations"] if o["ruleId"] == rule_id]


# ------------------------------------------------------------------------------------------------ what applies


def test_the_file_changes_when_an_obligation_is_due_and_the_case_records_the_version(
    api: Api, case_id: str, clock: Clock
) -> None:
    clock.set(RECORDED)
    api.record_use(case_id, STANDING)
    assert api.data(CASE, id=case_id)["case"]["policy"] == "mh-inpatient@2+trust-2026-11"
    assert due(api, case_id, "DEB-01") == ["2025-03-03T22:05:00+00:00"]  # 12 h after the use ended, not 24 h
    assert due(api, case_id, "CP-01") == ["2025-03-10T10:05:00+00:00"]  # not overridden: the default 7 days
    # Judged at a moment (computed from the history on demand) it is the same profile.
    [debrief] = api.obligations(case_id, "DEB-01", as_of=USE_ENDED)
    assert debrief["dueAt"] == "2025-03-03T22:05:00+00:00"


def test_a_profile_the_file_does_not_name_keeps_its_defaults_and_version(api: Api, clock: Clock) -> None:
    case_id = api.open_case("P-0002", setting="ADULT_SOCIAL_CARE")
    api.grant(case_id)
    clock.set(RECORDED)
    api.record_use(case_id, STANDING)
    assert api.data(CASE, id=case_id)["case"]["policy"] == "adult-social-care@2"
    assert due(api, case_id, "DEB-01") == ["2025-03-04T10:05:00+00:00"]


POLICIES = """{ policies { name version parameters { name kind value default seconds statutory choices } } }"""


def test_the_policies_query_shows_the_overridden_values_beside_the_defaults(api: Api) -> None:
    profiles = {p["name"]: p for p in api.data(POLICIES)["policies"]}
    assert profiles["mh-inpatient"]["version"] == "2+trust-2026-11"
    assert profiles["ld-autism-inpatient"]["version"] == "2"
    parameters = {p["name"]: p for p in profiles["mh-inpatient"]["parameters"]}
    assert parameters["debrief_with_person_within"] == {
        "name": "debrief_with_person_within", "kind": "DURATION", "value": "12 h", "default": "24 h",
        "seconds": 12 * 3600, "statutory": False, "choices": None,
    }
    assert parameters["rt_observation_every"]["value"] == "30 min"
    assert parameters["rt_observation_every"]["statutory"] is True
    assert (parameters["review_clock"]["value"], parameters["review_clock"]["default"]) == ("FIXED_GRID", "ROLLING")
    assert (parameters["repeated_use_count"]["value"], parameters["repeated_use_count"]["seconds"]) == ("2", None)


def test_read_models_take_a_changed_file_when_rebuilt(database: Database, tmp_path: Path, clock: Clock) -> None:
    """The read models hold each case's last evaluation: after the file changes, ``projections rebuild`` re-judges
    every case by it."""
    before = build_services(Settings(database=database, authentication=TEST_AUTH), clock=clock)
    try:
        api = api_for(before)
        case_id = api.open_case()
        api.grant(case_id)
        clock.set(RECORDED)
        api.record_use(case_id, STANDING)
        assert api.data(CASE, id=case_id)["case"]["policy"] == "mh-inpatient@2"
    finally:
        before.close()
    after = build_services(Settings(database=database, policy_file=written(tmp_path, TRUST_FILE), authentication=TEST_AUTH), clock=clock)
    try:
        after.projection.rebuild()
        api = api_for(after)
        assert api.data(CASE, id=case_id)["case"]["policy"] == "mh-inpatient@2+trust-2026-11"
        assert due(api, case_id, "DEB-01") == ["2025-03-03T22:05:00+00:00"]
    finally:
        after.close()


def test_the_environment_names_the_file(tmp_path: Path, policy_file: Path) -> None:
    settings = Settings.from_env(
        {"RPLEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/env.db", "RPLEDGER_POLICY_FILE": str(policy_file)}
    )
    assert settings.policy_file == policy_file
    services = build_services(settings)
    try:
        assert {p.name: p.version for p in services.cases.policies.values()}["mh-inpatient"] == "2+trust-2026-11"
    finally:
        services.close()
    assert Settings.from_env({"RPLEDGER_POLICY_FILE": ""}).policy_file is None


# ---------------------------------------------------------------------------------------------------- refusals


@pytest.fixture
def loosening_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = written(tmp_path, LOOSENING_FILE, "loose.toml")
    monkeypatch.setenv("RPLEDGER_POLICY_FILE", str(path))
    monkeypatch.setenv("RPLEDGER_DATABASE_URL", f"sqlite:///{tmp_path}/loose.db")
    yield path


def test_build_services_refuses_a_file_that_loosens_a_statutory_figure(loosening_env: Path) -> None:
    with pytest.raises(PolicyFileError) as raised:
        build_services()
    message = str(raised.value)
    assert message.startswith(f"RPLEDGER_POLICY_FILE {loosening_env}: refused, nothing of it applied:")
    assert "profiles.mh-inpatient.rt_observation_every" in message
    assert PARAMETERS_BY_NAME["rt_observation_every"].basis in message
    assert raised.value.refused is not None and raised.value.refused.code == LOOSENS_STATUTORY
    assert not (loosening_env.parent / "loose.db").exists()  # refused before anything was opened


def test_serve_refuses_to_start_and_says_why(loosening_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rpledger: RPLEDGER_POLICY_FILE {loosening_env}: refused")
    assert 'profiles.mh-inpatient.rt_observation_every: "2h" is looser than the statutory (V1) figure "1h"' in err


def test_serve_as_a_process_exits_with_the_message_and_no_traceback(loosening_env: Path) -> None:
    env = {**os.environ, "RPLEDGER_POLICY_FILE": str(loosening_env)}
    result = subprocess.run(
        [sys.executable, "-m", "rpledger.cli", "serve", "--port", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "profiles.mh-inpatient.rt_observation_every" in result.stderr
    assert "Traceback" not in result.stderr and "serving" not in result.stdout


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no such file"),
        ("version = \n", "is not valid TOML"),
        ('version = "t"\n[profiles.mh-inpatient]\nreview_clock = "GRID"\n',
         'profiles.mh-inpatient.review_clock: "GRID" is not one of ROLLING, FIXED_GRID'),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_naming_it(tmp_path: Path, content: str | None, says: str) -> None:
    path = tmp_path / "policy.toml"
    if content is not None:
        path.write_text(content, encoding="utf8")
    with pytest.raises(PolicyFileError, match="RPLEDGER_POLICY_FILE") as raised:
        Settings(database=Database.from_url(f"sqlite:///{tmp_path}/x.db"), policy_file=path, authentication=TEST_AUTH)
    assert says in str(raised.value)


# ------------------------------------------------------------------------------------------------ rpledger rules


def test_rules_shows_the_files_values(policy_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--policy-file", str(policy_file)]) == 0
    text = capsys.readouterr().out
    assert "profile mh-inpatient version 2+trust-2026-11: MENTAL_HEALTH_INPATIENT\n" in text
    assert "    debrief_with_person_within = 12 h (default 24 h)\n" in text
    assert "    review_clock = FIXED_GRID (default ROLLING)\n" in text
    assert "profile ld-autism-inpatient version 2: " in text
    # The catalogue of rules still gives the defaults.
    assert "parameter debrief_with_person_within = 24 h (default; " in text


def test_rules_honours_the_environment_and_refuses_a_bad_file(
    policy_file: Path, loosening_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "--format", "markdown"]) == 2
    assert "profiles.mh-inpatient.rt_observation_every" in capsys.readouterr().err
    monkeypatch.setenv("RPLEDGER_POLICY_FILE", str(policy_file))
    assert main(["rules", "--format", "markdown"]) == 0
    doc = capsys.readouterr().out
    assert "### mh-inpatient (version 2+trust-2026-11)" in doc
    assert "| `debrief_with_person_within` | DEB-01 | 12 h (default 24 h) | provider |" in doc
