"""``status_spans`` is ``compliance_status`` at every moment at once: for any obligations and findings, the span
holding a moment carries the status computed at that moment, at each change and a microsecond either side of it."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from rpledger.domain.obligation import (
    ComplianceStatus,
    Finding,
    Obligation,
    StatusSpan,
    compliance_status,
    status_spans,
)
from rpledger.domain.rules.catalogue import DEB_01, UOF_03

BASE = datetime(2025, 3, 3, 11, 15, tzinfo=UTC)
MICRO = timedelta(microseconds=1)
# Minutes from BASE, small enough that the intervals of a few obligations often touch and overlap.
minutes = st.integers(min_value=0, max_value=600)
maybe_minutes = st.none() | minutes


def at(minute: int | None) -> datetime | None:
    return None if minute is None else BASE + timedelta(minutes=minute)


@st.composite
def obligations(draw: st.DrawFn) -> Obligation:
    opened, due, horizon = draw(minutes), draw(minutes), draw(st.integers(0, 120))
    return Obligation(
        id=uuid4(), rule=DEB_01, triggered_by=uuid4(), opened_at=BASE + timedelta(minutes=opened),
        due_at=BASE + timedelta(minutes=due), due_soon_from=BASE + timedelta(minutes=due - horizon),
        met_at=at(draw(maybe_minutes)), waived_at=at(draw(maybe_minutes)),
    )


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    return Finding(
        rule=UOF_03, subject=uuid4(), at=BASE + timedelta(minutes=draw(minutes)), detail="missing items",
        resolved_at=at(draw(maybe_minutes)), waived_at=at(draw(maybe_minutes)),
    )


def span_at(spans: list[StatusSpan], moment: datetime) -> StatusSpan:
    [found] = [s for s in spans if (s.start is None or s.start <= moment) and (s.end is None or moment < s.end)]
    return found


def moments_of(os: list[Obligation], fs: list[Finding]) -> set[datetime]:
    found: set[datetime] = {BASE - timedelta(days=1), BASE + timedelta(days=2)}
    for o in os:
        found.update(m for m in (o.opened_at, o.due_soon_from, o.due_at, o.met_at, o.waived_at) if m is not None)
    for f in fs:
        found.update(m for m in (f.at, f.resolved_at, f.waived_at) if m is not None)
    return {m + d for m in found for d in (-MICRO, timedelta(0), MICRO)}


@settings(max_examples=300, deadline=None)
@given(st.lists(obligations(), max_size=6), st.lists(findings(), max_size=3))
def test_the_span_holding_any_moment_carries_the_status_at_that_moment(
    os: list[Obligation], fs: list[Finding]
) -> None:
    spans = status_spans(os, fs)
    for moment in moments_of(os, fs):
        assert span_at(spans, moment).status is compliance_status(os, fs, moment), moment


@given(st.lists(obligations(), max_size=6), st.lists(findings(), max_size=3))
def test_spans_cover_all_time_in_order_and_each_differs_from_the_next(os: list[Obligation], fs: list[Finding]) -> None:
    spans = status_spans(os, fs)
    assert spans[0].start is None and spans[-1].end is None
    for before, after in itertools.pairwise(spans):
        assert before.end == after.start
        assert before.status is not after.status


def test_a_debrief_due_at_11_15_is_overdue_from_the_next_microsecond() -> None:
    due = BASE + timedelta(hours=24)
    debrief = Obligation(uuid4(), DEB_01, uuid4(), BASE, due, due - timedelta(hours=12))
    assert status_spans([debrief], []) == [
        StatusSpan(None, due - timedelta(hours=12), ComplianceStatus.COMPLIANT),
        StatusSpan(due - timedelta(hours=12), due + MICRO, ComplianceStatus.ATTENTION),
        StatusSpan(due + MICRO, None, ComplianceStatus.NON_COMPLIANT),
    ]
