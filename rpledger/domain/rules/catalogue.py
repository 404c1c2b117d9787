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

COP = "MHA Code of Practice 2015"

SEC_00 = Rule(
    "SEC-00", "Seclusion is used only for people detained under the Mental Health Act; an informal patient who has "
    "to be secluded should be considered for detention.",
    "Positive and Proactive Care 2014 key actions; earlier Code of Practice", "V2", departable=True,
)
SEC_01 = Rule(
    "SEC-01", "The first medical review of seclusion is held within an hour of its start, unless a psychiatrist "
    "authorised the seclusion after assessing the person face to face.",
    f"{COP} para 26.116 (as cited); Mersey Care seclusion audit, BJPsych Open 2022", "V2", departable=True,
)
SEC_02 = Rule(
    "SEC-02", "Medical reviews of seclusion follow at least every 4 hours until the first internal MDT review.",
    f"{COP} ch 26 (about 26.117); audited as 4-hourly reviews", "V2", departable=True,
)
SEC_03 = Rule(
    "SEC-03", "Nursing reviews of seclusion follow at least every 2 hours, each by two people: one a registered "
    "nurse, and at least one not involved in the decision to seclude.",
    f"{COP} ch 26 (about 26.121)", "R", departable=True,
)
SEC_04 = Rule(
    "SEC-04", "The first internal MDT review of seclusion is held as soon as practicable.",
    f"{COP} ch 26; Mersey Care audit (all MDT reviews within 24 hours)", "R", departable=True,
)
SEC_05 = Rule(
    "SEC-05", "After the first MDT review, while seclusion continues: an MDT review at least every 24 hours, and "
    "medical reviews at least twice in each 24 hours (one may be the MDT review).",
    f"{COP} ch 26 (about 26.122)", "R", departable=True,
)
SEC_06 = Rule(
    "SEC-06", "An independent MDT review is held once seclusion passes 8 hours continuously or 12 hours in total "
    "within 48 hours.", f"{COP} ch 26 (about 26.123), thresholds as restated", "V2", departable=True,
)
SEC_07 = Rule(
    "SEC-07", "A person in seclusion is observed, and an observation documented, at least every 15 minutes.",
    f"{COP} ch 26 (about 26.130-26.131)", "R", departable=True,
)
SEC_08 = Rule(
    "SEC-08", "Seclusion has a seclusion care plan and a contemporaneous record: recorded while it goes on, not "
    "only after it ends.", f"{COP} ch 26", "R", departable=True,
)
LTS_01 = Rule(
    "LTS-01", "Long-term segregation starts only on an MDT decision in which a representative of the "
    "commissioning authority took part.", f"{COP} para 26.150 (as cited by a trust policy)", "V2", departable=True,
)
LTS_02 = Rule(
    "LTS-02", "An approved clinician reviews a person in long-term segregation at least daily.",
    f"{COP} ch 26 (about 26.153)", "R", departable=True,
)
LTS_03 = Rule(
    "LTS-03", "A formal MDT review of long-term segregation is held at least weekly.",
    f"{COP} ch 26 (about 26.154)", "R", departable=True,
)
LTS_04 = Rule(
    "LTS-04", "Long-term segregation has a periodic external or independent review.",
    "CQC Out of Sight interim report (May 2019) via Mills & Reeve; Code of Practice about 26.155", "V2",
    departable=True,
)
RES_01 = Rule(
    "RES-01", "Prone restraint is not used without cogent, documented reasons.",
    f"{COP} para 26.70; Positive and Proactive Care 2014 key actions", "V2", departable=True,
)
RES_03 = Rule(
    "RES-03", "Manual restraint does not routinely last more than 10 minutes; alternatives such as rapid "
    "tranquillisation or seclusion are considered.", "NICE NG10 section 1.4 (10 minutes recalled); NG10 "
    "implementation page for the risk of prone restraint at 10 minutes", "R", departable=True,
)
RES_04 = Rule(
    "RES-04", "The person's physical health is monitored during and after manual restraint.",
    "NICE QS154 statement 3", "V1", departable=True,
)
RES_06 = Rule(
    "RES-06", "Going to the floor in restraint is avoided; where it cannot be, the reason is recorded (and supine "
    "is preferred to prone).", "NICE NG10 recs 1.4.4-1.4.6, 1.4.24, 1.4.29 (implementation page)", "V1",
    departable=True,
)
RT_01 = Rule(
    "RT-01", "After rapid tranquillisation, side effects, pulse, blood pressure, respiratory rate, temperature, "
    "hydration and consciousness are observed at least hourly until a clinician records no further concerns.",
    "NICE QS154 statement 4; NICE NG10 section 1.4", "V1", departable=True,
)
RT_02 = Rule(
    "RT-02", "Observations after rapid tranquillisation are every 15 minutes while the BNF maximum was exceeded, or "
    "the person seems asleep or sedated, has taken drugs or alcohol, has a physical health condition, or was harmed "
    "by restraint.", "NICE NG10 section 1.4 (about 1.4.52): BNF trigger V2, the others recalled", "V2",
    departable=True,
)
DEB_03 = Rule(
    "DEB-03", "Each incident records whether a post-incident review was held with the person (with the reason if "
    "not) and with the staff involved.", "MHSDS MHS505 RestrictiveIntPIReviewHeldPat, "
    "RestrictiveIntPIReviewNotHeldReasPat, RestrictiveIntPIReviewHeldCarePers", "V1",
)
CP_03 = Rule(
    "CP-03", "Where the record of a use of force says the force was in the care plan, the plan in force lists "
    "that practice.", "Mental Health Units (Use of Force) Act 2018 s6(5)(d), (p)", "V1",
)
UOF_04 = Rule(
    "UOF-04", "A use-of-force record is kept for 3 years from when it was made: nothing may erase it sooner.",
    "Mental Health Units (Use of Force) Act 2018 s6(6)", "V1",
)
DOLS_01 = Rule(
    "DOLS-01", "An urgent authorisation lasts at most 7 days.",
    "MCA 2005 Sch A1 para 78(2), via A County Council v MB [2010] EWCOP 2508", "V2",
)
DOLS_02 = Rule(
    "DOLS-02", "An urgent authorisation is extended at most once, by at most 7 days, by the supervisory body, and "
    "only after a standard request has been made.", "MCA 2005 Sch A1 paras 84-85 (para numbers recalled); "
    "Halsbury para 716; B&NES guidance", "V2",
)
DOLS_03 = Rule(
    "DOLS-03", "An urgent authorisation is not used where a standard authorisation was in place and expiring: a "
    "further standard request is needed instead.", "tri.x MCA procedures", "V2",
)
DOLS_04 = Rule(
    "DOLS-04", "A standard authorisation lasts at most one year.", "MCA 2005 Sch A1 para 42 (R); Mondaq 2025", "V2",
)
DOLS_05 = Rule(
    "DOLS-05", "A standard authorisation states the person, the hospital or care home, the period, the purpose, "
    "any conditions, and why each qualifying requirement is met.", "MCA 2005 Sch A1 paras 54-55", "V1",
)
DOLS_06 = Rule(
    "DOLS-06", "A person is not deprived of liberty once every authorisation for it has lapsed.",
    "MCA 2005 Sch A1 paras 63-65; HSCA 2008 (Regulated Activities) Regs 2014 reg 13", "V1",
)
DOLS_07 = Rule(
    "DOLS-07", "A further standard request is made in the 28 days before a standard authorisation expires, while "
    "the deprivation continues.", "tri.x MCA procedures; B&NES council DoLS page", "V2",
)
DOLS_08 = Rule(
    "DOLS-08", "The supervisory body decides a standard request within 21 days.",
    "Mondaq, Hill Dickinson 2025", "V2",
)
NOTIF_01 = Rule(
    "NOTIF-01", "CQC is notified when a person under 18 has been on an adult psychiatric ward for more than 48 "
    "hours.", "CQC (Registration) Regulations 2009 reg 18 as amended by SI 2012/921", "V1",
)
MCA_01 = Rule(
    "MCA-01", "Restraint under the Mental Capacity Act records the belief that it was necessary to prevent harm "
    "and why it was proportionate to the likelihood and seriousness of that harm.", "MCA 2005 s6(1)-(3)", "V1",
)
MCA_03 = Rule(
    "MCA-03", "Restraint under the Mental Capacity Act records the less restrictive options considered.",
    "MCA 2005 s1(6); Explanatory Notes para 42", "V1",
)
GOV_02 = Rule(
    "GOV-02", "Repeated use of restrictive practice makes a care-plan review due: restrictive practice must not "
    "become the norm.", "CQC restrictive practice policy position (Aug 2023), via CQC and HCUK summaries", "V2",
)
BLK_01 = Rule(
    "BLK-01", "A blanket restriction is justified as necessary and proportionate, with its reasons documented.",
    f"{COP} ch 8 (about 8.5-8.14)", "R",
)
BLK_02 = Rule(
    "BLK-02", "A blanket restriction, subtle ones included, is reviewed regularly.",
    "CQC Monitoring the Mental Health Act 2022/23: restrictive practices", "V1",
)

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        AUTH_01, REC_01, UOF_03, UOF_04, DEB_01, DEB_02, DEB_03, CP_01, CP_03,
        RES_01, RES_03, RES_04, RES_06, RT_01, RT_02,
        SEC_00, SEC_01, SEC_02, SEC_03, SEC_04, SEC_05, SEC_06, SEC_07, SEC_08,
        LTS_01, LTS_02, LTS_03, LTS_04,
        DOLS_01, DOLS_02, DOLS_03, DOLS_04, DOLS_05, DOLS_06, DOLS_07, DOLS_08,
        NOTIF_01, MCA_01, MCA_03, GOV_02, BLK_01, BLK_02,
    )
}  # fmt: skip



def settings_applying(policies: Mapping[Setting, Policy]) -> dict[str, tuple[Setting, ...]]:
    """For each rule of ``RULES``, in order, the settings whose policy applies it (in the order of ``policies``)."""
    return {
        rule_id: tuple(setting for setting, policy in policies.items() if policy.applies(rule_id)) for rule_id in RULES
    }
