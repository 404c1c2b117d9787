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
