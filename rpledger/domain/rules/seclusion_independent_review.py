"""Seclusion (MHA Code of Practice 2015 chapter 26), SEC-06: the one seclusion rule that judges the case as a whole
(totals across uses). The per-use rules, and the episodes this reads, are in ``seclusion``.

- SEC-06 (case-wide obligation): the person's seclusion across all uses (overlapping or touching episodes joined)
  triggers an independent MDT review at the first moment T when either (a) seclusion has gone on continuously for
  ``seclusion_continuous_hours_for_independent_review``, or (b) the total seclusion in the window reaches
  ``seclusion_total_hours_for_independent_review``: with window kind ROLLING, in the
  ``seclusion_total_hours_window`` ending at T (the total is piecewise linear in T; it is solved exactly between its
  breakpoints, not sampled); with FIXED_BLOCKS, in the block of that length holding T, blocks being counted from
  the person's first seclusion. A threshold only triggers when seclusion goes on past it ("passes 8 hours"): an
  episode that ends exactly at the threshold does not. The obligation opens at T, is due
  ``seclusion_independent_review_within`` after it, and is met by the first INDEPENDENT_MDT review (of any of the
  person's seclusions) held at or after T; it names the use in which T falls. After a trigger, seclusion before T
  no longer counts: both clocks restart at T, so an episode still going on triggers again a continuous period
  after T. While the last episode goes on, triggers are derived until the first one not met.

Its obligation ids are derived in the seclusion namespace (``seclusion.SECLUSION_NAMESPACE``) from the use and the
moment of the trigger, so they are stable across rebuilds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from uuid import UUID, uuid5

from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode, ReviewKind
from rpledger.domain.obligation import Obligation
from rpledger.domain.policy import FIXED_BLOCKS, Policy
from rpledger.domain.rules.catalogue import SEC_06
from rpledger.domain.rules.derived import Derived
from rpledger.domain.rules.seclusion import SECLUSION_NAMESPACE, Episode, episodes, first_at_or_after, one_off


@dataclass(frozen=True)
class _Span:
    """Seclusion joined across uses: overlapping or touching episodes make one span."""

    start: datetime
    end: datetime | None


def case_wide(case: Case, policy: Policy) -> Derived:
    derived = Derived()
    if policy.applies("SEC-06"):
        derived.obligations += independent_reviews(case, policy)
    return derived


def independent_reviews(case: Case, policy: Policy) -> list[Obligation]:
    """SEC-06: an independent MDT review at each moment the person's seclusion passes a threshold."""
    runs = sorted(
        (e for use in case.uses.values() for e in episodes(use, PracticeCode.ISO_SECLUSION)),
        key=lambda e: (e.started_at, str(e.use.id)),
    )
    if not runs:
        return []
    spans = _joined(runs)
    secluded_uses = {e.use.id for e in runs}
    independent = sorted(
        (r.held_at, r.id)
        for r in case.reviews.values()
        if r.kind is ReviewKind.INDEPENDENT_MDT and r.use_id in secluded_uses
    )
    obligations: list[Obligation] = []
    since = spans[0].start
    first_seclusion = spans[0].start
    while True:
        trigger = next_trigger(spans, since, first_seclusion, policy)
        if trigger is None or (obligations and trigger <= since):
            break
        use_id = _use_at(runs, trigger)
        due = trigger + policy.seclusion_independent_review_within
        met = first_at_or_after(trigger, independent)
        obligations.append(
            one_off(
                uuid5(SECLUSION_NAMESPACE, f"SEC-06/{use_id}/{trigger.isoformat()}"),
                SEC_06,
                use_id,
                trigger,
                due,
                policy.due_soon_horizon,
                met,
            )
        )
        if met is None and spans[-1].end is None and trigger >= spans[-1].start:
            break  # the seclusion going on triggers again only once this review is held
        since = trigger
    return obligations


def _joined(runs: list[Episode]) -> list[_Span]:
    spans: list[_Span] = []
    for run in runs:
        last = spans[-1] if spans else None
        if last is not None and (last.end is None or run.started_at <= last.end):
            end = None if last.end is None or run.ended_at is None else max(last.end, run.ended_at)
            spans[-1] = _Span(last.start, end)
        else:
            spans.append(_Span(run.started_at, run.ended_at))
    return spans


def _use_at(runs: list[Episode], moment: datetime) -> UUID:
    """The use whose seclusion goes on at ``moment`` (the earliest to start, when several do)."""
    going_on = [e for e in runs if e.started_at <= moment and e.before_end(moment)]
    if going_on:
        return going_on[0].use.id
    return max((e for e in runs if e.started_at <= moment), key=lambda e: e.started_at).use.id


def next_trigger(spans: list[_Span], since: datetime, first_seclusion: datetime, policy: Policy) -> datetime | None:
    """The first moment after ``since`` at which seclusion from ``since`` on passes either threshold."""
    continuous = _continuous_trigger(spans, since, policy.seclusion_continuous_hours_for_independent_review)
    # The continuous trigger bounds the search for the total one (and is always found while seclusion goes on).
    limit = continuous
    if limit is None:
        ends = [s.end for s in spans if s.end is not None]
        if len(ends) < len(spans) or not ends:
            return None
        limit = max(ends)
    clipped = [
        (max(s.start, since), limit if s.end is None else min(s.end, limit))
        for s in spans
        if (s.end is None or s.end > since) and s.start < limit
    ]
    clipped = [(a, b) for a, b in clipped if b > a]
    threshold, window = policy.seclusion_total_hours_for_independent_review, policy.seclusion_total_hours_window
    if policy.seclusion_total_hours_window_kind == FIXED_BLOCKS:
        total = _fixed_blocks_trigger(clipped, first_seclusion, threshold, window)
    else:
        total = _rolling_trigger(clipped, threshold, window)
    found = [t for t in (continuous, total) if t is not None]
    return min(found) if found else None


def _continuous_trigger(spans: list[_Span], since: datetime, longest: timedelta) -> datetime | None:
    """(a) Seclusion going on continuously, counted from ``since`` at the earliest, passing ``longest``."""
    for span in spans:
        moment = max(span.start, since) + longest
        if span.end is None or moment < span.end:
            return moment
    return None


def _rolling_trigger(
    clipped: list[tuple[datetime, datetime]], threshold: timedelta, window: timedelta
) -> datetime | None:
    """(b), ROLLING: the first moment the seclusion in the window ending then passes ``threshold`` (``clipped`` is
    the seclusion counted: from the last trigger on, in order, never overlapping).

    The total is piecewise linear: it rises while the person is secluded, and falls while seclusion a window earlier
    leaves the window. Its slope changes only at each start and end and a window after each; sweeping those moments
    in order, each rising piece is solved exactly.
    """
    changes: dict[datetime, int] = {}
    for a, b in clipped:
        for moment, change in ((a, 1), (b, -1), (a + window, -1), (b + window, 1)):
            changes[moment] = changes.get(moment, 0) + change
    total, slope = timedelta(0), 0
    for here, there in pairwise(sorted(changes)):
        slope += changes[here]
        if slope > 0:
            if total >= threshold:
                return here
            if total + (there - here) * slope > threshold:
                return here + (threshold - total) / slope
        total += (there - here) * slope
    return None


def _fixed_blocks_trigger(
    clipped: list[tuple[datetime, datetime]], first_seclusion: datetime, threshold: timedelta, window: timedelta
) -> datetime | None:
    """(b), FIXED_BLOCKS: the first moment the seclusion counted within one block passes ``threshold``; blocks of
    the window's length are counted from the person's first seclusion."""
    block, counted = -1, timedelta(0)
    for a, b in clipped:
        while a < b:
            here = (a - first_seclusion) // window
            piece_end = min(b, first_seclusion + (here + 1) * window)
            if here != block:
                block, counted = here, timedelta(0)
            if counted + (piece_end - a) > threshold:
                return a + (threshold - counted)
            counted += piece_end - a
            a = piece_end
    return None
