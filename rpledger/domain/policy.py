"""Policies: which rules apply to a setting, and the numbers they use.

Every number here that the regulatory reference does not hold at confidence V1 is a parameter a provider may
tighten; the values below are the defaults the issue and the reference give.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from rpledger.domain.codes import Setting


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    rule_ids: frozenset[str]
    # An open obligation due within this horizon is DUE_SOON, and makes its case ATTENTION.
    due_soon_horizon: timedelta = timedelta(hours=12)
    # DEB-01: QS154 statement 5 says "immediate" without a number; 24 hours is the provider default.
    debrief_with_person_within: timedelta = timedelta(hours=24)
    # DEB-02: the 72 hours are recalled from NICE NG10 (confidence R).
    post_incident_review_within: timedelta = timedelta(hours=72)
    # CP-01: no national figure exists (regulatory-reference.md Q7); a provider setting.
    care_plan_revision_within: timedelta = timedelta(days=7)
    # REC-01, and the "late" mark on history entries: how long after the fact an entry may be recorded. The UoF Act
    # sets no limit; 24 hours follows the nearest statutory figure (children's homes, CH-01).
    use_recorded_within: timedelta = timedelta(hours=24)

    def applies(self, rule_id: str) -> bool:
        return rule_id in self.rule_ids

    def tightened(self, **parameters: Any) -> Policy:
        """A copy with some parameters changed (a provider's own settings)."""
        return replace(self, **parameters)


_ALL_SETTINGS_RULES = frozenset({"AUTH-01", "DEB-01", "CP-01", "REC-01"})
# UOF-03 is the Use of Force Act's record, which binds mental health units only; DEB-02 is NG10's formal review.
_MENTAL_HEALTH_UNIT_RULES = _ALL_SETTINGS_RULES | {"DEB-02", "UOF-03"}

DEFAULT_POLICIES: dict[Setting, Policy] = {
    Setting.MENTAL_HEALTH_INPATIENT: Policy("mh-inpatient", "1", _MENTAL_HEALTH_UNIT_RULES),
    Setting.LEARNING_DISABILITY_AUTISM_INPATIENT: Policy("ld-autism-inpatient", "1", _MENTAL_HEALTH_UNIT_RULES),
    Setting.ADULT_SOCIAL_CARE: Policy("adult-social-care", "1", _ALL_SETTINGS_RULES),
}


@dataclass(frozen=True)
class Parameter:
    """What one of ``Policy``'s numbers is for: the rule that uses it (None for one used by every obligation), its
    default, and the basis of that default (statutory, or a provider, product, secondary or recalled figure)."""

    name: str
    rule_id: str | None
    description: str
    default: timedelta
    basis: str

    def value_in(self, policy: Policy) -> timedelta:
        value: timedelta = getattr(policy, self.name)
        return value


# The bases cite regulatory-reference.md: its section 2 rules table, and its section 5 open questions.
PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "due_soon_horizon",
        None,
        "An open obligation due within this time is DUE_SOON, and makes its case ATTENTION.",
        timedelta(hours=12),
        "product setting: no source sets it; it applies to every obligation",
    ),
    Parameter(
        "debrief_with_person_within",
        "DEB-01",
        "How long after a use ends the debrief with the person is due.",
        timedelta(hours=24),
        'provider setting: NICE QS154 statement 5 (V1) asks for an "immediate" debrief and gives no number',
    ),
    Parameter(
        "post_incident_review_within",
        "DEB-02",
        "How long after a use ends the formal post-incident review is due.",
        timedelta(hours=72),
        "recalled (R): NICE NG10 section 1.4's 72 hours, not yet checked against the primary text (open question 6)",
    ),
    Parameter(
        "care_plan_revision_within",
        "CP-01",
        "How long after a use ends the care plan revision is due.",
        timedelta(days=7),
        "provider setting: no national figure exists; CQC asks for a revision after every occurrence (open question 7)",
    ),
    Parameter(
        "use_recorded_within",
        "REC-01",
        "How long after a use ends (or starts, if recorded while going on) it may be recorded; later entries are "
        "marked late.",
        timedelta(hours=24),
        "provider setting: the Use of Force Act sets no limit; 24 hours follows the nearest statutory figure, "
        "children's homes reg 35(3)(a) (CH-01, V1)",
    ),
)
