"""Blanket restrictions for the demo's register (BLK-01, BLK-02): one kept as it should be, one reviewed late and
then lifted, and one of the "subtle" kind CQC names that nobody has justified or reviewed.

Times are relative to the demo's window, so the register shows the same story whenever the demo is loaded.
"""

from __future__ import annotations

from datetime import timedelta

from rpledger.application.blanket_restrictions import BlanketRestrictions
from rpledger.demo.cast import DEMO_PROVIDER, Window
from rpledger.domain.blanket_restriction import BlanketRestrictionCategory as Category
from rpledger.domain.codes import Setting
from rpledger.domain.values import Actor, Recording

_MANAGER = {
    "ward-oak": Actor("demo:ward-oak:manager", "Oak Ward manager", "Ward Manager"),
    "ward-elm": Actor("demo:ward-elm:manager", "Elm Ward manager", "Ward Manager"),
    "home-willow": Actor("demo:home-willow:manager", "Willow House registered manager", "Registered Manager"),
}


def record_blanket_restrictions(restrictions: BlanketRestrictions, window: Window) -> int:
    """Record the demo's blanket restrictions; returns how many were introduced."""
    start = window.start.replace(hour=10, minute=0, second=0, microsecond=0)
    days = (window.now - window.start).days

    def at(day: int, hours: int = 0) -> Recording:
        return Recording(_MANAGER[location], at=min(window.now, start + timedelta(days=day, hours=hours)))

    # Kept as it should be: justified when introduced, reviewed every three months, one person exempt.
    location = "ward-oak"
    garden = restrictions.introduce(
        location, Setting.MENTAL_HEALTH_INPATIENT, "all patients on Oak Ward", "Garden door locked from 20:00 to "
        "08:00", Category.OUTDOOR_ACCESS, at(10), introduced_at=start + timedelta(days=10),
        risk_addressed="The garden is unlit and its fence is low: two absences without leave at night last winter",
        provider_id=DEMO_PROVIDER,
    )
    restrictions.justify(
        garden, "Needed while the lighting and fence are replaced; the least restrictive option found, as patients "
        "may still use the courtyard with staff", "Clinical governance group", at(10, 2),
        justified_at=start + timedelta(days=10, hours=2), communicated_how="Community meeting and a notice by the door",
    )
    restrictions.grant_exemption(garden, "DEMO-OAK-002", "Takes a supervised evening walk as part of his care plan",
                                 at(40), granted_at=start + timedelta(days=40))
    for review in range(85, days - 5, 88):
        restrictions.review(garden, "Still needed: the works are not finished", "Ward manager and consultant", True,
                            at(review), reviewed_at=start + timedelta(days=review))

    # Reviewed late, then lifted.
    location = "ward-elm"
    phones = restrictions.introduce(
        location, Setting.MENTAL_HEALTH_INPATIENT, "all patients on Elm Ward", "Mobile phones handed in at 23:00",
        Category.PHONE, at(days - 200), introduced_at=start + timedelta(days=days - 200),
        risk_addressed="Patients filmed one another during incidents", provider_id=DEMO_PROVIDER,
    )
    restrictions.justify(
        phones, "Protects patients' privacy and dignity during incidents; phones returned each morning",
        "Clinical governance group", at(days - 199), justified_at=start + timedelta(days=days - 199),
    )
    restrictions.review(phones, "Continue; individual risk assessments to follow", "Ward manager", True,
                        at(days - 80), reviewed_at=start + timedelta(days=days - 80))
    restrictions.lift(phones, "Replaced by individual agreements in each person's care plan", at(days - 20),
                      lifted_at=start + timedelta(days=days - 20))

    # A subtle restriction nobody justified or reviewed (regulatory-reference.md scenario 14).
    location = "home-willow"
    restrictions.introduce(
        location, Setting.ADULT_SOCIAL_CARE, "all residents of Willow House", "No hot drinks after 21:00",
        Category.HOT_DRINKS, at(days - 150), introduced_at=start + timedelta(days=days - 150),
        provider_id=DEMO_PROVIDER,
    )
    return 3
