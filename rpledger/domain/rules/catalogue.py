"""The rules rpledger enforces, with the source of each and that source's confidence label.

Labels as in regulatory-reference.md: V1 read in the primary source, V2 read in a secondary source, R recalled.
"""

from __future__ import annotations

from collections.abc import Mapping

from rpledger.domain.codes import Setting
from rpledger.domain.obligation import Rule
from rpledger.domain.policy import Policy

AUTH_01 = Rule(
    id="AUTH-01",
    description="Each use of restrictive practice is covered by an authorisation valid when it starts "
    "that covers that practice.",
    source="CQC cross-sector restrictive practice policy position (Aug 2023): proper authorisation; "
    "HSCA 2008 (Regulated Activities) Regs 2014 reg 13",
    confidence="V2",
)

DEB_01 = Rule(
    id="DEB-01",
    description="A debrief with the person is held, or offered and declined with a reason, after each use of "
    "restraint, rapid tranquillisation, seclusion or segregation.",
    source="NICE QS154 statement 5 (immediate post-incident debrief); time limit is a provider setting",
    confidence="V1",
)

DEB_02 = Rule(
    id="DEB-02",
    description="A formal post-incident review is held after each use of physical or mechanical restraint, rapid "
    "tranquillisation or seclusion.",
    source="NICE NG10 section 1.4 (formal external post-incident review within 72 hours)",
    confidence="R",
)

CP_01 = Rule(
    id="CP-01",
    description="The care plan is revised after each use of restrictive practice.",
    source="CQC cross-sector restrictive practice policy position (Aug 2023); no national time limit, "
    "a provider setting",
    confidence="V2",
)

UOF_03 = Rule(
    id="UOF-03",
    description="The record of each use of force holds every item of Use of Force Act s6(5)(a)-(p).",
    source="Mental Health Units (Use of Force) Act 2018 s6(5)(a)-(p)",
    confidence="V1",
)

REC_01 = Rule(
    id="REC-01",
    description="Each use of force is recorded within the provider's time limit of its end (of its start, for a use "
    "recorded while still going on).",
    source="Mental Health Units (Use of Force) Act 2018 s6(1)-(2) (every use is recorded); the time limit is a "
    "provider setting",
    confidence="V1",
)

RULES: dict[str, Rule] = {rule.id: rule for rule in (AUTH_01, DEB_01, DEB_02, CP_01, UOF_03, REC_01)}


def settings_applying(policies: Mapping[Setting, Policy]) -> dict[str, tuple[Setting, ...]]:
    """For each rule of ``RULES``, in order, the settings whose policy applies it (in the order of ``policies``)."""
    return {
        rule_id: tuple(setting for setting, policy in policies.items() if policy.applies(rule_id)) for rule_id in RULES
    }
