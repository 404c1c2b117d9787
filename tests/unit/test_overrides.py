"""A provider's policy file, already parsed: overrides of the default profiles, each problem named by its TOML key
path, and statutory (V1) figures that may be tightened but never loosened."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from typing import Any

import pytest

from rpledger.domain.codes import Setting
from rpledger.domain.overrides import (
    BAD_VERSION,
    LOOSENS_STATUTORY,
    NOT_A_CHOICE,
    NOT_A_TABLE,
    NOT_POSITIVE,
    PARAMETER_NOT_USED,
    RULE_NOT_APPLIED,
    STATUTORY_RULE,
    UNKNOWN_KEY,
    UNKNOWN_PARAMETER,
    UNKNOWN_PROFILE,
    UNKNOWN_RULE,
    WRONG_TYPE,
    PolicyOverrideError,
    apply_overrides,
    duration_text,
    parse_duration,
)
from rpledger.domain.policy import DEFAULT_POLICIES, FIXED_GRID, PARAMETERS_BY_NAME, Policy

MH = Setting.MENTAL_HEALTH_INPATIENT


def overridden(text: str) -> dict[Setting, Policy]:
    return apply_overrides(DEFAULT_POLICIES, tomllib.loads(text))


def refused(text: str) -> PolicyOverrideError:
    with pytest.raises(PolicyOverrideError) as raised:
        overridden(text)
    return raised.value


def refusal_of(table: str, profile: str = "mh-inpatient") -> tuple[str, str, str]:
    """The one problem of a file that overrides ``profile`` with ``table``: (field, code, message)."""
    error = refused(f'version = "trust-2026-11"\n[profiles.{profile}]\n{table}\n')
    assert len(error.problems) == 1, error.problems
    assert (error.field, error.code) == (error.problems[0].field, error.problems[0].code)
    return error.field, error.code, error.message


# ------------------------------------------------------------------------------------------------- what applies


def test_a_file_overrides_the_profiles_it_names_and_labels_their_version() -> None:
    policies = overridden(
        """
        version = "trust-2026-11"
        [profiles.mh-inpatient]
        debrief_with_person_within = "12h"
        review_clock = "FIXED_GRID"
        repeated_use_count = 2
        blanket_restriction_review_every_months = 1
        """
    )
    mh = policies[MH]
    assert (mh.name, mh.version) == ("mh-inpatient", "2+trust-2026-11")
    assert mh.debrief_with_person_within == timedelta(hours=12)
    assert (mh.review_clock, mh.repeated_use_count, mh.blanket_restriction_review_every_months) == (FIXED_GRID, 2, 1)
    assert mh.rule_ids == DEFAULT_POLICIES[MH].rule_ids
    assert mh.post_incident_review_within == DEFAULT_POLICIES[MH].post_incident_review_within  # the rest unchanged
    # The profiles the file does not name keep their defaults and their version.
    for setting in (Setting.LEARNING_DISABILITY_AUTISM_INPATIENT, Setting.ADULT_SOCIAL_CARE):
        assert policies[setting] == DEFAULT_POLICIES[setting]


def test_a_file_without_profiles_changes_nothing() -> None:
    assert overridden('version = "trust-2026-11"') == DEFAULT_POLICIES


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("90min", timedelta(minutes=90)),
        ("12h", timedelta(hours=12)),
        ("7d", timedelta(days=7)),
        ("1h30min", timedelta(hours=1, minutes=30)),
        ("1d12h", timedelta(hours=36)),
        ("45s", timedelta(seconds=45)),
    ],
)
def test_durations_are_digits_and_units_largest_first(written: str, expected: timedelta) -> None:
    assert parse_duration(written) == expected
    assert parse_duration(duration_text(expected)) == expected


@pytest.mark.parametrize("written", ["", "12", "12 h", "12H", "1.5h", "30min1h", "12hours", "h", "1h1h", "P1D"])
def test_anything_else_is_not_a_duration(written: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(written)


def test_tightening_a_statutory_figure_is_allowed_in_either_direction() -> None:
    # rt_observation_every (NICE QS154, V1): lower is stricter. Record retention (UoF Act s6(6), V1): higher is.
    mh = overridden(
        """
        version = "trust-2026-11"
        [profiles.mh-inpatient]
        rt_observation_every = "30min"
        use_of_force_record_kept_for_years = 6
        under_18_on_adult_ward_notify_after = "1d"
        """
    )[MH]
    assert mh.rt_observation_every == timedelta(minutes=30)
    assert mh.use_of_force_record_kept_for_years == 6
    assert mh.under_18_on_adult_ward_notify_after == timedelta(hours=24)


def test_a_statutory_figure_may_be_restated_unchanged() -> None:
    mh = overridden('version = "v1"\n[profiles.mh-inpatient]\nrt_observation_every = "60min"')[MH]
    assert mh.rt_observation_every == timedelta(hours=1) and mh.version == "2+v1"


def test_a_figure_that_is_not_statutory_may_be_loosened() -> None:
    mh = overridden(
        """
        version = "trust-2026-11"
        [profiles.mh-inpatient]
        post_incident_review_within = "5d"
        care_plan_revision_within = "14d"
        seclusion_medical_reviews_per_day_after_mdt = 1
        """
    )[MH]
    assert mh.post_incident_review_within == timedelta(days=5)  # R: recalled, not statutory
    assert mh.care_plan_revision_within == timedelta(days=14)  # a provider setting
    assert mh.seclusion_medical_reviews_per_day_after_mdt == 1


def test_zero_is_allowed_only_where_it_means_something() -> None:
    mh = overridden(
        """
        version = "trust-2026-11"
        [profiles.mh-inpatient]
        seclusion_independent_review_within = "0min"
        dols_extensions_allowed = 0
        """
    )[MH]
    assert (mh.seclusion_independent_review_within, mh.dols_extensions_allowed) == (timedelta(0), 0)


def test_rules_may_be_switched_off_unless_statutory() -> None:
    mh = overridden('version = "trust-2026-11"\n[profiles.mh-inpatient]\nrules_off = ["GOV-02", "SEC-00"]')[MH]
    assert not mh.applies("GOV-02") and not mh.applies("SEC-00")
    assert mh.rule_ids == DEFAULT_POLICIES[MH].rule_ids - {"GOV-02", "SEC-00"}


# --------------------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("table", "field"),
    [
        ('rt_observation_every = "2h"', "profiles.mh-inpatient.rt_observation_every"),  # lower is stricter
        ('under_18_on_adult_ward_notify_after = "72h"', "profiles.mh-inpatient.under_18_on_adult_ward_notify_after"),
        ("use_of_force_record_kept_for_years = 2", "profiles.mh-inpatient.use_of_force_record_kept_for_years"),
    ],
)
def test_loosening_a_statutory_figure_is_refused_citing_its_basis(table: str, field: str) -> None:
    parameter = PARAMETERS_BY_NAME[field.rsplit(".", 1)[1]]
    found, code, message = refusal_of(table)
    assert (found, code) == (field, LOOSENS_STATUTORY)
    assert "looser than the statutory (V1) figure" in message
    assert parameter.basis in message


def test_the_loosening_message_says_which_way_is_allowed() -> None:
    assert 'only make a V1 figure stricter: "1h" or less is allowed' in refusal_of('rt_observation_every = "2h"')[2]
    assert "stricter: 3 or more is allowed" in refusal_of("use_of_force_record_kept_for_years = 2")[2]


@pytest.mark.parametrize(
    ("table", "field", "code", "says"),
    [
        (
            'debrief_within = "12h"',
            "profiles.mh-inpatient.debrief_within",
            UNKNOWN_PARAMETER,
            "did you mean debrief_with_person_within?",
        ),
        (
            "debrief_with_person_within = 12",
            "profiles.mh-inpatient.debrief_with_person_within",
            WRONG_TYPE,
            'with its unit, e.g. "12h"',
        ),
        (
            'debrief_with_person_within = "12 hours"',
            "profiles.mh-inpatient.debrief_with_person_within",
            WRONG_TYPE,
            "is not a duration",
        ),
        ('repeated_use_count = "2"', "profiles.mh-inpatient.repeated_use_count", WRONG_TYPE, "is not a count"),
        ("repeated_use_count = 2.5", "profiles.mh-inpatient.repeated_use_count", WRONG_TYPE, "is not a count"),
        ("repeated_use_count = true", "profiles.mh-inpatient.repeated_use_count", WRONG_TYPE, "is not a count"),
        (
            'blanket_restriction_review_every_months = "3 months"',
            "profiles.mh-inpatient.blanket_restriction_review_every_months",
            WRONG_TYPE,
            "not a number of months",
        ),
        (
            'review_clock = "GRID"',
            "profiles.mh-inpatient.review_clock",
            NOT_A_CHOICE,
            '"GRID" is not one of ROLLING, FIXED_GRID',
        ),
        ("review_clock = 1", "profiles.mh-inpatient.review_clock", WRONG_TYPE, "is not one of ROLLING, FIXED_GRID"),
        (
            'care_plan_revision_within = "0min"',
            "profiles.mh-inpatient.care_plan_revision_within",
            NOT_POSITIVE,
            "must be more than zero",
        ),
        (
            'care_plan_revision_within = "-7d"',
            "profiles.mh-inpatient.care_plan_revision_within",
            NOT_POSITIVE,
            "must be more than zero",
        ),
        ("repeated_use_count = 0", "profiles.mh-inpatient.repeated_use_count", NOT_POSITIVE, "more than zero"),
        ("dols_extensions_allowed = -1", "profiles.mh-inpatient.dols_extensions_allowed", NOT_POSITIVE, "zero or more"),
        (
            'rules_off = ["DEB-01"]',
            "profiles.mh-inpatient.rules_off[0]",
            STATUTORY_RULE,
            "DEB-01 cannot be switched off",
        ),
        ('rules_off = ["GOV-02", "XYZ-9"]', "profiles.mh-inpatient.rules_off[1]", UNKNOWN_RULE, '"XYZ-9"'),
        ('rules_off = "GOV-02"', "profiles.mh-inpatient.rules_off", WRONG_TYPE, "a list of rule ids"),
        (
            'rules_off = ["GOV-02"]\nrepeated_use_count = 2',
            "profiles.mh-inpatient.repeated_use_count",
            PARAMETER_NOT_USED,
            "used only by GOV-02, which profile mh-inpatient does not apply",
        ),
    ],
)
def test_each_problem_names_its_toml_path(table: str, field: str, code: str, says: str) -> None:
    found, found_code, message = refusal_of(table)
    assert (found, found_code) == (field, code)
    assert says in message
    assert message.startswith(f"{field}: ")


def test_a_rule_or_parameter_the_profile_does_not_apply_is_refused() -> None:
    assert refusal_of('post_incident_review_within = "48h"', "adult-social-care")[:2] == (
        "profiles.adult-social-care.post_incident_review_within",
        PARAMETER_NOT_USED,
    )
    assert refusal_of('rules_off = ["DEB-02"]', "adult-social-care")[:2] == (
        "profiles.adult-social-care.rules_off[0]",
        RULE_NOT_APPLIED,
    )


def test_an_unknown_profile_is_refused_naming_the_known_ones() -> None:
    error = refused('version = "t"\n[profiles.mh-outpatient]\ndebrief_with_person_within = "12h"')
    assert (error.field, error.code) == ("profiles.mh-outpatient", UNKNOWN_PROFILE)
    assert "mh-inpatient, ld-autism-inpatient, adult-social-care" in error.message
    assert refused('version = "t"\n[profiles."mh inpatient"]').field == 'profiles."mh inpatient"'


@pytest.mark.parametrize(
    ("document", "field", "code"),
    [
        ({"profiles": {}}, "version", BAD_VERSION),
        ({"version": 3}, "version", BAD_VERSION),
        ({"version": "trust 2026"}, "version", BAD_VERSION),
        ({"version": "x" * 25}, "version", BAD_VERSION),
        ({"version": "t", "profile": {}}, "profile", UNKNOWN_KEY),
        ({"version": "t", "profiles": 1}, "profiles", NOT_A_TABLE),
        ({"version": "t", "profiles": {"mh-inpatient": 1}}, "profiles.mh-inpatient", NOT_A_TABLE),
    ],
)
def test_the_file_itself_must_have_a_version_label_and_a_profiles_table(
    document: dict[str, Any], field: str, code: str
) -> None:
    with pytest.raises(PolicyOverrideError) as raised:
        apply_overrides(DEFAULT_POLICIES, document)
    assert (raised.value.field, raised.value.code) == (field, code)


def test_every_problem_is_listed_and_nothing_is_applied() -> None:
    error = refused(
        """
        [profiles.mh-inpatient]
        rt_observation_every = "2h"
        review_clock = "GRID"
        [profiles.adult-social-care]
        debrief_with_person_within = 24
        """
    )
    assert [p.field for p in error.problems] == [
        "version",
        "profiles.mh-inpatient.rt_observation_every",
        "profiles.mh-inpatient.review_clock",
        "profiles.adult-social-care.debrief_with_person_within",
    ]
    assert error.message.count("\n") == 3
