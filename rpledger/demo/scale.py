"""A synthetic history at scale, for benchmarks: ``rpledger demo --cases N --years Y``.

N people of the demo's provider spread over its four locations, each drawn as the demo draws a person
(``plan.PersonPlan``: authorisations, uses, the observations and reviews recorded after them, debriefs,
post-incident reviews, care-plan revisions and corrections), over Y years ending now. Cheaper per case than the
demo:

- **No scripted gaps and no seclusion.** Nobody is scripted; seclusion (an observation every quarter of an hour)
  and planned mechanical restraint are left out, and so is covert medication. Each person's rate of use, how well
  their record is kept, and when their case opened are drawn from the seed.
- **Batched.** Each case's history is built in memory through the ``Cases`` commands (the same checks, ids and
  recorded times as one command per save), and ``BATCH`` cases are saved together: one transaction per batch,
  every event of every case in it. On the 2-core benchmark machine that writes several times more events per
  second than one save per command (bench/README.md).
- **Deterministic.** The same seed, N, Y and clock give the same history, ids included (they come from the seed).
- **Loaded once.** A database that already holds the demo (this one or the small one) is refused with
  ``DemoAlreadyLoadedError`` before anything is written.

People are ``SCALE-<unit>-<nnnnnn>``. The read models follow after each batch (``after_batch``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, timedelta
from random import Random
from typing import Any, TextIO
from uuid import UUID

from eventsourcing.application import Application

from rpledger.application.cases import Cases
from rpledger.demo.cast import LOCATIONS, Location, Person, Profile, Window
from rpledger.demo.people import (
    _AGES,
    _DISORDERS,
    _ETHNICITIES,
    _FIRST_NAMES,
    _RELIGIONS,
    _SURNAMES,
    Names,
    nhs_number,
    team,
)
from rpledger.demo.plan import PersonPlan
from rpledger.demo.record import Recorder, refuse_if_loaded
from rpledger.domain.case import Case
from rpledger.domain.codes import Setting
from rpledger.domain.values import PersonDetails, Recording
from rpledger.progress import Progress

__all__ = ["BATCH", "ScaleReport", "load_scale", "scale_ref"]

# Cases saved per transaction (measured: bench/README.md).
BATCH = 200
# The kinds of use left out, being expensive to record (seclusion's 15-minute observations) or scripted in the demo.
_LEFT_OUT = {"seclusion", "mechanical", "covert_med"}
_QUALITY = (("good", 50), ("fair", 35), ("poor", 15))
_AUTHORITY = {Setting.ADULT_SOCIAL_CARE: "dols"}


def scale_ref(location: Location, n: int) -> str:
    return f"SCALE-{location.prefix}-{n:06d}"


@dataclass(frozen=True)
class ScaleReport:
    cases: int
    events: int
    seconds: float
    window: Window
    seed: int

    def __str__(self) -> str:
        rate = self.events / self.seconds if self.seconds else 0.0
        return (
            f"rpledger demo (seed {self.seed}): {self.cases} cases at {len(LOCATIONS)} locations, "
            f"{(self.window.now - self.window.start).days} days to {self.window.now:%Y-%m-%d %H:%M} UTC\n"
            f"  {self.events} events in {self.seconds:.1f} s ({rate:,.0f} events/s, read models included)"
        )


class _BatchingCases(Cases):
    """``Cases`` whose saves are kept in memory until ``flush``: the commands build each case as one command per
    save would, and a batch of cases is then recorded in one transaction."""

    name = Cases.name  # the same store: on PostgreSQL the tables are named after the application

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending: dict[UUID, Case] = {}

    def get_case(self, case_id: UUID, version: int | None = None) -> Case:
        pending = self.pending.get(case_id)
        return pending if pending is not None and version is None else super().get_case(case_id, version)

    def save(self, *objects: Any, **kwargs: Any) -> Any:
        for case in objects:
            self.pending[case.id] = case
        return []

    def flush(self) -> int:
        """Record every pending case; returns how many events were recorded."""
        count = sum(len(case.pending_events) for case in self.pending.values())
        if self.pending:
            Application.save(self, *self.pending.values())
        self.pending.clear()
        return count


def _person(rng: Random, location: Location, n: int, window: Window) -> Person:
    quality = rng.choices([q for q, _ in _QUALITY], [w for _, w in _QUALITY])[0]
    profile = Profile(
        quality=quality,
        rate=rng.uniform(0.05, 0.6),  # uses per 30 days: most people have a handful a year
        admitted=rng.uniform(0.0, 0.95),
        authority=_AUTHORITY.get(location.setting, "detained"),
        prone=rng.random() < 0.6,
        quiet_days=rng.choice((0.0, 0.0, 14.0, 60.0)),
    )
    opened_at = window.at(profile.admitted) + timedelta(minutes=rng.randrange(8 * 60, 20 * 60))
    low, high = _AGES[location.setting]
    details = PersonDetails(
        name=f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}",  # the demo's 720 names, repeated at scale
        nhs_number=nhs_number(rng),
        mental_disorder=rng.choice(_DISORDERS[location.setting]),
        relevant_characteristics=f"{rng.choice(('Female', 'Male'))}; {rng.choice(_ETHNICITIES)}; "
        f"religion: {rng.choice(_RELIGIONS)}",
        learning_disability_or_autism=location.setting is Setting.LEARNING_DISABILITY_AUTISM_INPATIENT,
    )
    born = (window.now - timedelta(days=rng.randrange(low * 365, high * 365))).date()
    return Person(scale_ref(location, n), location, profile, born, details, details, opened_at)


def load_scale(
    cases: Cases,
    *,
    count: int,
    years: float,
    seed: int = 7,
    after_batch: Callable[[], object] | None = None,
    progress: TextIO | bool = True,
    batch: int = BATCH,
) -> ScaleReport:
    """Record ``count`` cases over ``years`` years ending now (``cases.clock()``), ``batch`` cases per transaction,
    calling ``after_batch`` after each (to bring the read models up to date)."""
    if count < 1 or years <= 0:
        raise ValueError("the scaled demo needs at least one case and a positive number of years")
    now = cases.clock().astimezone(UTC)
    window = Window(now - timedelta(days=round(365 * years)), now)
    locations = [replace(loc, kinds=tuple(k for k in loc.kinds if k[0] not in _LEFT_OUT)) for loc in LOCATIONS]
    small_demo = [f"DEMO-{loc.prefix}-{i + 1:03d}" for loc in LOCATIONS for i in range(len(loc.cast))]
    refuse_if_loaded(cases, [scale_ref(locations[0], 1), *small_demo])

    rng = Random(seed)
    ids = Random(seed + 1)
    writer = _BatchingCases(
        env=cases.env, clock=cases.clock, policies=cases.policies,
        new_id=lambda: UUID(int=ids.getrandbits(128), version=4),
    )
    names = Names(rng)
    teams = [team(names, loc) for loc in locations]
    recorder = Recorder(writer, now)
    bar = Progress(count, "rpledger demo", progress, " cases")
    events = 0
    started = time.perf_counter()
    try:
        for n in range(count):
            where = n % len(locations)
            person = _person(rng, locations[where], n // len(locations) + 1, window)
            steps = PersonPlan(rng, person, teams[where], window).steps()
            for step in sorted((s for s in steps if s.at <= now), key=lambda s: s.order):
                # As ``Recorder.run``, with a correlation id from the seed rather than a random one.
                actor = step.by.actor if isinstance(step.by, Recording) else step.by
                stamp = Recording(actor, recorder.recorded_at(step), str(UUID(int=ids.getrandbits(128), version=4)))
                recorder._run[type(step.action)](replace(step, by=stamp), step.action)
            recorder.ids.clear()
            if len(writer.pending) >= batch or n == count - 1:
                events += writer.flush()
                if after_batch is not None:
                    after_batch()
            bar.advance()
    finally:
        bar.close()
        writer.close()
    return ScaleReport(count, events, time.perf_counter() - started, window, seed)
