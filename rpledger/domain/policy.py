"""Policies: which rules apply to a setting, and the numbers they use.

Every number here that the regulatory reference does not hold at confidence V1 is a parameter a provider may change;
the values below are the defaults the issues and the reference give. The V1 numbers are parameters too, so that the
catalogue shows them, but a provider may only tighten them (see ``rpledger.domain.overrides``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Literal

from rpledger.domain.codes import Setting

# How a repeating review clock runs (regulatory-reference.md open question 2): from the last review actually held,
# or on a fixed grid counted from the start.
ROLLING = "ROLLING"
FIXED_GRID = "FIXED_GRID"
# How "12 hours in 48" is counted (open question 3): any 48 hours ending at any moment, or fixed 48-hour blocks
# counted from the first seclusion recorded for the person.
FIXED_BLOCKS = "FIXED_BLOCKS"
# How DoLS periods end (open question 10): exactly so many 24-hour days after the start, or at the end of the
# calendar day on which that falls.
ELAPSED = "ELAPSED"
END_OF_DAY = "END_OF_DAY"

ParameterValue = timedelta | int | str


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    rule_ids: frozenset[str]
    # An open obligation due within this horizon is DUE_SOON, and makes its case ATTENTION.
    due_soon_horizon: timedelta = timedelta(hours=12)
    # --- aftercare
    debrief_with_person_within: timedelta = timedelta(hours=24)
    post_incident_review_within: timedelta = timedelta(hours=72)
    care_plan_revision_within: timedelta = timedelta(days=7)
    use_recorded_within: timedelta = timedelta(hours=24)
    # --- seclusion
    seclusion_first_medical_review_within: timedelta = timedelta(hours=1)
    seclusion_medical_review_every: timedelta = timedelta(hours=4)
    seclusion_nursing_review_every: timedelta = timedelta(hours=2)
    seclusion_first_mdt_review_within: timedelta = timedelta(hours=24)
    seclusion_mdt_review_every: timedelta = timedelta(hours=24)
    seclusion_medical_reviews_per_day_after_mdt: int = 2
    seclusion_continuous_hours_for_independent_review: timedelta = timedelta(hours=8)
    seclusion_total_hours_for_independent_review: timedelta = timedelta(hours=12)
    seclusion_total_hours_window: timedelta = timedelta(hours=48)
    seclusion_total_hours_window_kind: str = ROLLING
    seclusion_independent_review_within: timedelta = timedelta(0)
    seclusion_observation_every: timedelta = timedelta(minutes=15)
    seclusion_care_plan_within: timedelta = timedelta(hours=24)
    review_clock: str = ROLLING
    # --- long-term segregation
    segregation_clinician_review_every: timedelta = timedelta(hours=24)
    segregation_mdt_review_every: timedelta = timedelta(days=7)
    segregation_external_review_every: timedelta = timedelta(days=90)
    # --- restraint and rapid tranquillisation
    manual_restraint_longest: timedelta = timedelta(minutes=10)
    restraint_monitoring_within: timedelta = timedelta(hours=1)
    rt_observation_every: timedelta = timedelta(minutes=60)
    rt_observation_every_when_at_risk: timedelta = timedelta(minutes=15)
    # --- use of force records
    use_of_force_record_kept_for_years: int = 3
    # --- deprivation of liberty
    dols_urgent_longest: timedelta = timedelta(days=7)
    dols_extension_longest: timedelta = timedelta(days=7)
    dols_extensions_allowed: int = 1
    dols_standard_longest_months: int = 12
    dols_renewal_window: timedelta = timedelta(days=28)
    dols_decision_within: timedelta = timedelta(days=21)
    dols_period_end: str = ELAPSED
    # --- notifications
    under_18_on_adult_ward_notify_after: timedelta = timedelta(hours=48)
    # --- governance
    repeated_use_count: int = 3
    repeated_use_window: timedelta = timedelta(days=28)
    repeated_use_review_within: timedelta = timedelta(days=7)
    # --- blanket restrictions
    blanket_restriction_review_every_months: int = 3

    def applies(self, rule_id: str) -> bool:
        return rule_id in self.rule_ids

    def tightened(self, **parameters: Any) -> Policy:
        """A copy with some parameters changed (a provider's own settings; ``overrides`` checks them)."""
        return replace(self, **parameters)


# Rules that bind every regulated setting (CQC Reg 13, the MCA, NICE QS154 extended by the CQC position, P&PC).
_ALL_SETTINGS_RULES = frozenset(
    {
        "AUTH-01", "DEB-01", "CP-01", "REC-01", "RES-01", "MCA-01", "MCA-03", "GOV-02",
        "DOLS-01", "DOLS-02", "DOLS-03", "DOLS-04", "DOLS-05", "DOLS-06", "DOLS-07", "DOLS-08",
        "BLK-01", "BLK-02",
    }
)  # fmt: skip
# Mental health units add the Use of Force Act, the MHA Code of Practice chapter 26, NICE NG10 and the under-18
# notification; DoLS also applies in hospitals to people who are not detained.
_MENTAL_HEALTH_UNIT_RULES = _ALL_SETTINGS_RULES | {
    "DEB-02", "DEB-03", "CP-03", "UOF-03", "UOF-04",
    "SEC-00", "SEC-01", "SEC-02", "SEC-03", "SEC-04", "SEC-05", "SEC-06", "SEC-07", "SEC-08",
    "LTS-01", "LTS-02", "LTS-03", "LTS-04",
    "RES-03", "RES-04", "RES-06", "RT-01", "RT-02", "NOTIF-01",
}  # fmt: skip

DEFAULT_POLICIES: dict[Setting, Policy] = {
    Setting.MENTAL_HEALTH_INPATIENT: Policy("mh-inpatient", "2", _MENTAL_HEALTH_UNIT_RULES),
    Setting.LEARNING_DISABILITY_AUTISM_INPATIENT: Policy("ld-autism-inpatient", "2", _MENTAL_HEALTH_UNIT_RULES),
    Setting.ADULT_SOCIAL_CARE: Policy("adult-social-care", "2", _ALL_SETTINGS_RULES),
}


@dataclass(frozen=True)
class Parameter:
    """What one of ``Policy``'s numbers is for: the rule that uses it (None for one used by every obligation), its
    default, and the basis of that default (statutory, or a provider, product, secondary or recalled figure).

    ``confidence`` is the label of the figure's source; a V1 figure is statutory or national and may only be made
    stricter. ``stricter`` says which way is stricter: "lower" (a shorter wait, a smaller count) or "higher" (a
    longer retention); modes (``choices``) have no direction.
    """

    name: str
    rule_id: str | None
    description: str
    default: ParameterValue
    basis: str
    confidence: str = "provider"
    stricter: Literal["lower", "higher", "none"] = "lower"
    choices: tuple[str, ...] = ()

    def value_in(self, policy: Policy) -> ParameterValue:
        value: ParameterValue = getattr(policy, self.name)
        return value

    @property
    def is_statutory(self) -> bool:
        return self.confidence == "V1"


def _p(
    name: str,
    rule_id: str | None,
    description: str,
    basis: str,
    confidence: str = "provider",
    stricter: Literal["lower", "higher", "none"] = "lower",
    choices: tuple[str, ...] = (),
) -> Parameter:
    default: ParameterValue = Policy.__dataclass_fields__[name].default  # type: ignore[assignment]
    return Parameter(name, rule_id, description, default, basis, confidence, stricter, choices)


_CLOCK = (ROLLING, FIXED_GRID)

# The bases cite regulatory-reference.md: its section 2 rules table, and its section 5 open questions (Q1-Q16).
PARAMETERS: tuple[Parameter, ...] = (
    _p("due_soon_horizon", None, "An open obligation due within this time is DUE_SOON, and makes its case ATTENTION.",
       "product setting: no source sets it; it applies to every obligation", "product"),
    _p("review_clock", None,
       "Whether repeating reviews (SEC-02, SEC-03, SEC-05, LTS-02..04, RT, SEC-07) fall due a fixed time after the "
       "last one held (ROLLING) or on a grid counted from the start (FIXED_GRID).",
       "open question 2: the Code's wording is not confirmed; the reference scenarios use rolling clocks",
       "provider", "none", _CLOCK),
    _p("debrief_with_person_within", "DEB-01", "How long after a use ends the debrief with the person is due.",
       'provider setting: NICE QS154 statement 5 (V1) asks for an "immediate" debrief and gives no number'),
    _p("post_incident_review_within", "DEB-02", "How long after a use ends the formal post-incident review is due.",
       "recalled (R): NICE NG10 section 1.4's 72 hours, not yet checked against the primary text (open question 6)",
       "R"),
    _p("care_plan_revision_within", "CP-01", "How long after a use ends the care plan revision is due.",
       "provider setting: no national figure exists; CQC asks for a revision after every occurrence (open question 7)"),
    _p("use_recorded_within", "REC-01",
       "How long after a use ends (or starts, if recorded while going on) it may be recorded; later entries are "
       "marked late.",
       "provider setting: the Use of Force Act sets no limit; 24 hours follows the nearest statutory figure, "
       "children's homes reg 35(3)(a) (CH-01, V1)"),
    _p("seclusion_first_medical_review_within", "SEC-01", "How long after seclusion starts the first medical review "
       "is due, unless a psychiatrist authorised it after assessing the person.",
       "secondary (V2): MHA Code of Practice 2015 para 26.116 as cited", "V2"),
    _p("seclusion_medical_review_every", "SEC-02", "Medical reviews until the first internal MDT review.",
       "secondary/recalled (V2/R): MHA CoP ch 26 (about 26.117), audited as 4-hourly", "V2"),
    _p("seclusion_nursing_review_every", "SEC-03",
       "Nursing reviews, each by two people: a registered nurse, and someone not involved in the decision.",
       "recalled (R): MHA CoP ch 26 (about 26.121)", "R"),
    _p("seclusion_first_mdt_review_within", "SEC-04", "How long after seclusion starts the first internal MDT "
       "review is due.", "provider setting: the Code says as soon as practicable; audits use 24 hours (R/V2)", "R"),
    _p("seclusion_mdt_review_every", "SEC-05", "MDT reviews after the first one, while seclusion continues.",
       "recalled (R): MHA CoP ch 26 (about 26.122)", "R"),
    _p("seclusion_medical_reviews_per_day_after_mdt", "SEC-05", "Medical reviews in each 24 hours after the first "
       "MDT review (an MDT review counts as one).", "recalled (R): MHA CoP ch 26 (about 26.122)", "R", "higher"),
    _p("seclusion_continuous_hours_for_independent_review", "SEC-06", "Continuous seclusion that makes an "
       "independent MDT review due.", "secondary (V2): MHA CoP ch 26 (about 26.123) as restated", "V2"),
    _p("seclusion_total_hours_for_independent_review", "SEC-06", "Total seclusion within the window that makes an "
       "independent MDT review due.", "secondary (V2): MHA CoP ch 26 (about 26.123) as restated", "V2"),
    _p("seclusion_total_hours_window", "SEC-06", "The window the total is counted in.",
       "secondary (V2): MHA CoP ch 26 (about 26.123) as restated", "V2", "higher"),
    _p("seclusion_total_hours_window_kind", "SEC-06", "Whether the window is any 48 hours (ROLLING) or fixed "
       "blocks counted from the person's first seclusion (FIXED_BLOCKS).",
       "open question 3: not confirmed; the reference scenarios assume rolling", "provider", "none",
       (ROLLING, FIXED_BLOCKS)),
    _p("seclusion_independent_review_within", "SEC-06", "Grace period after the threshold is crossed before the "
       "independent review is overdue.", "open question 3: the Code gives no completion time; 0 means due when "
       "the threshold is crossed"),
    _p("seclusion_observation_every", "SEC-07", "Documented observations of a person in seclusion.",
       "recalled (R): MHA CoP ch 26 (about 26.130-26.131)", "R"),
    _p("seclusion_care_plan_within", "SEC-08", "How long after seclusion starts its seclusion care plan is due.",
       "provider setting: the Code (R) asks for a seclusion care plan without a number"),
    _p("segregation_clinician_review_every", "LTS-02", "Approved clinician reviews of a person in long-term "
       "segregation.", "recalled (R): MHA CoP ch 26 (about 26.153)", "R"),
    _p("segregation_mdt_review_every", "LTS-03", "Formal MDT reviews of long-term segregation.",
       "recalled (R): MHA CoP ch 26 (about 26.154)", "R"),
    _p("segregation_external_review_every", "LTS-04", "External or independent reviews of long-term segregation.",
       "provider setting: the interval is unconfirmed (3-monthly is recalled; open questions 1 and 14)"),
    _p("manual_restraint_longest", "RES-03", "Manual restraint longer than this is found.",
       "recalled (R): NICE NG10 section 1.4 (10 minutes; the prone risk at 10 minutes is V1)", "R"),
    _p("restraint_monitoring_within", "RES-04", "How long after manual restraint ends a physical health "
       "observation is due (one taken during it also counts).",
       "provider setting: NICE QS154 statement 3 (V1) asks for monitoring during and after, without a number"),
    _p("rt_observation_every", "RT-01", "Observations after rapid tranquillisation, until a clinician records no "
       "further concerns.", "statutory/national (V1): NICE QS154 statement 4, at least hourly", "V1"),
    _p("rt_observation_every_when_at_risk", "RT-02", "Observations after rapid tranquillisation while a risk "
       "(the BNF maximum exceeded, asleep or sedated, drugs or alcohol, a physical condition, harm from restraint) "
       "holds.", "secondary (V2) for the BNF trigger, recalled (R) for the others: NICE NG10 (about 1.4.52)", "V2"),
    _p("use_of_force_record_kept_for_years", "UOF-04", "Years a use-of-force record is kept from when it was made.",
       "statutory (V1): Mental Health Units (Use of Force) Act 2018 s6(6)", "V1", "higher"),
    _p("dols_urgent_longest", "DOLS-01", "The longest an urgent authorisation may run.",
       "secondary (V2): MCA Sch A1 para 78(2) via A County Council v MB [2010] EWCOP 2508", "V2"),
    _p("dols_extension_longest", "DOLS-02", "The longest extension of an urgent authorisation.",
       "secondary (V2): Sch A1 paras 84-85, Halsbury para 716", "V2"),
    _p("dols_extensions_allowed", "DOLS-02", "How many times an urgent authorisation may be extended.",
       "recalled (R): one extension only (open question 10)", "R"),
    _p("dols_standard_longest_months", "DOLS-04", "The longest a standard authorisation may run, in months.",
       "secondary (V2): Sch A1 para 42 (R), Mondaq 2025", "V2"),
    _p("dols_renewal_window", "DOLS-07", "How long before a standard authorisation expires a further request may "
       "be made (and is due).", "secondary (V2): tri.x MCA procedures; B&NES DoLS page", "V2"),
    _p("dols_decision_within", "DOLS-08", "How long the supervisory body has to decide a standard request.",
       "secondary (V2): Mondaq, Hill Dickinson 2025", "V2"),
    _p("dols_period_end", "DOLS-01", "Whether a period of days ends exactly that many 24 hours after the start "
       "(ELAPSED) or at the end of that calendar day (END_OF_DAY).",
       "open question 10: A County Council v MB [2010] EWCOP 2508; forms record dates only", "provider", "none",
       (ELAPSED, END_OF_DAY)),
    _p("under_18_on_adult_ward_notify_after", "NOTIF-01", "How long a person under 18 may be on an adult ward "
       "before CQC must be notified.", "statutory (V1): CQC (Registration) Regs 2009 reg 18 as amended by "
       "SI 2012/921", "V1"),
    _p("repeated_use_count", "GOV-02", "Uses within the window that make a care-plan review due.",
       "provider setting: CQC asks leaders to act on repeated use (V2) without a number", "provider"),
    _p("repeated_use_window", "GOV-02", "The window repeated uses are counted in.",
       "provider setting: CQC policy position (V2) gives no number", "provider", "higher"),
    _p("repeated_use_review_within", "GOV-02", "How long after the repeated use the care-plan review is due.",
       "provider setting"),
    _p("blanket_restriction_review_every_months", "BLK-02", "Months between reviews of a blanket restriction.",
       "provider setting: MHA CoP ch 8 (R) and CQC (V1) ask for regular review without a number"),
)

PARAMETERS_BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
