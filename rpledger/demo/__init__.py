"""A synthetic history for demonstrations: four locations, eighteen fictional people, about a year of restrictive
practice with its authorisations, the reviews and observations recorded while it went on, debriefs, post-incident
reviews, care-plan revisions and corrections.

``load_demo`` records everything through the ``Cases`` application's commands, as staff would, never writing to
the database directly; the read models follow through the projection that runs after each save.

- **Fictional.** People are ``DEMO-<unit>-<nnn>``; NHS numbers are in the 999 test range; names are made up.
- **Deterministic.** The history follows from the seed and the moment ``cases.clock()`` gives when loading starts
  (taken once): the same seed and clock give the same history and the same summary, whatever ids the application
  hands out. Nothing is dated after that moment; every datetime is UTC.
- **Loaded once.** A database that already holds any demo case is refused with ``DemoAlreadyLoadedError`` ("the demo
  data is already loaded in this database") before anything is written; nothing is duplicated or skipped silently.
- **What it shows.** Most uses are covered by an authorisation, recorded in full and followed on time. On the wards
  staff record what the Code of Practice and NICE ask while a use goes on and after it: seclusion observed every
  quarter of an hour and reviewed by nurses, doctors and the MDT (an independent MDT at eight hours), with its care
  plan; long-term segregation decided by an MDT with the commissioner and reviewed daily and weekly; physical
  observations after every hold, and after rapid tranquillisation until a doctor records no further concerns;
  debriefs with the person and with the staff; care plans that list what they permit; why a restraint went to the
  floor. In the care home, each record gives the Mental Capacity Act reasoning, and each standard DoLS is requested
  and decided in time. A few things are not, on purpose and whatever the seed: a prone restraint the person's
  detention excludes, a use in the two days a section 2 had lapsed, another in the gap between an urgent and a
  standard DoLS, a restraint after a tribunal discharge (AUTH-01); a seclusion whose first medical review came
  late (SEC-01); people whose details are incomplete (UOF-03), some completed later by a correction. Less well kept
  records lapse now and then: a review or an observation late, a restraint over ten minutes, a reason left out,
  debriefs, reviews and revisions late or missing. The last days leave obligations open: a seclusion going on now
  with its next observation and reviews due, a segregation with today's review to come, one case ATTENTION (a
  debrief due within hours), others NON_COMPLIANT or COMPLIANT. See ``cast.LOCATIONS`` for who shows what.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from rpledger.application.blanket_restrictions import BlanketRestrictions
from rpledger.application.cases import Cases
from rpledger.demo.blanket import record_blanket_restrictions
from rpledger.demo.cast import LOCATIONS, Window
from rpledger.demo.plan import plan
from rpledger.demo.record import DemoAlreadyLoadedError, Recorder, refuse_if_loaded, summary
from rpledger.demo.scale import ScaleReport, load_scale

__all__ = ["MINIMUM_DAYS", "DemoAlreadyLoadedError", "ScaleReport", "load_demo", "load_scale"]

# The scripted gaps sit up to a month after admission (a section 2 lasts 28 days), so shorter windows miss them.
MINIMUM_DAYS = 45


def load_demo(
    cases: Cases, *, seed: int = 7, days: int = 365, restrictions: BlanketRestrictions | None = None
) -> str:
    """Record the demo history of the ``days`` days up to now; returns a short summary of what was recorded.

    With ``restrictions``, the blanket restriction register gets the demo's three restrictions too."""
    if days < MINIMUM_DAYS:
        raise ValueError(f"the demo history needs at least {MINIMUM_DAYS} days (got {days})")
    now = cases.clock().astimezone(UTC)
    window = Window(now - timedelta(days=days), now)
    steps = plan(seed, window)
    refuse_if_loaded(cases, [f"DEMO-{loc.prefix}-{i + 1:03d}" for loc in LOCATIONS for i in range(len(loc.cast))])
    Recorder(cases, now).run(steps)
    lines = summary(steps, window, seed)
    if restrictions is not None:
        count = record_blanket_restrictions(restrictions, window)
        lines += f"\n  {count} blanket restrictions on the register (one unjustified and overdue for review)"
    return lines
