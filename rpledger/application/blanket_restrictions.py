"""BlanketRestrictions: the commands that record blanket restrictions (BLK-01, BLK-02), and their queries.

A restriction's stream is stored beside the cases, through the ``Cases`` application: one event store, one
notification log (which both projections follow), one hash chain for ``rpledger verify``. So this is a small service
over ``Cases`` rather than an ``Application`` of its own; its clock and id factory are the cases' unless given.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError

from rpledger.application.blanket_register import (
    BlanketRegisterView,
    BlanketRestrictionState,
    BlanketRestrictionSummary,
)
from rpledger.application.case_batches import StreamBatches
from rpledger.application.cases import Cases, Clock
from rpledger.application.dto import HistoryEntry
from rpledger.application.folding import fold
from rpledger.application.history import plain
from rpledger.domain.blanket_restriction import (
    BlanketRestriction,
    BlanketRestrictionCategory,
    UnknownBlanketRestrictionError,
)
from rpledger.domain.codes import Setting
from rpledger.domain.rules.blanket import RestrictionCompliance, evaluate_restriction
from rpledger.domain.values import Actor, Recording


class BlanketRestrictions:
    def __init__(
        self,
        cases: Cases,
        register: BlanketRegisterView,
        *,
        clock: Clock | None = None,
        new_id: Callable[[], UUID] | None = None,
    ) -> None:
        self.cases = cases
        self.register_view = register
        self.clock = clock or cases.clock
        self.new_id = new_id or cases.new_id

    # ------------------------------------------------------------------------------------------------ commands

    def introduce(
        self,
        location_id: str,
        setting: Setting,
        scope: str,
        description: str,
        category: BlanketRestrictionCategory,
        by: Actor | Recording,
        *,
        introduced_at: datetime | None = None,
        risk_addressed: str | None = None,
        provider_id: str = "",
    ) -> UUID:
        stamp = self._stamp(by, None)
        restriction = BlanketRestriction.introduce(
            self.new_id(), location_id, setting, scope, description, category, introduced_at or _at(stamp), stamp,
            risk_addressed, provider_id,
        )
        self.cases.save(restriction)
        return restriction.id

    def justify(
        self,
        restriction_id: UUID,
        necessity_and_proportionality: str,
        approved_by: str,
        by: Actor | Recording,
        *,
        justified_at: datetime | None = None,
        communicated_how: str | None = None,
    ) -> UUID:
        """Record a justification; returns its entry id."""
        entry_id = self.new_id()
        self._update(restriction_id, by, lambda r, stamp: r.justify(
            entry_id, necessity_and_proportionality, approved_by, justified_at or _at(stamp), stamp, communicated_how
        ))
        return entry_id

    def review(
        self,
        restriction_id: UUID,
        decision: str,
        reviewed_by: str,
        continues: bool,
        by: Actor | Recording,
        *,
        reviewed_at: datetime | None = None,
    ) -> UUID:
        """Record a review (``continues`` False: it ends the restriction); returns its entry id."""
        entry_id = self.new_id()
        self._update(restriction_id, by, lambda r, stamp: r.review(
            entry_id, decision, reviewed_by, continues, reviewed_at or _at(stamp), stamp
        ))
        return entry_id

    def grant_exemption(
        self, restriction_id: UUID, person_ref: str, reason: str, by: Actor | Recording, *,
        granted_at: datetime | None = None,
    ) -> UUID:
        entry_id = self.new_id()
        self._update(restriction_id, by, lambda r, stamp: r.grant_exemption(
            entry_id, person_ref, reason, granted_at or _at(stamp), stamp
        ))
        return entry_id

    def lift(
        self, restriction_id: UUID, reason: str, by: Actor | Recording, *, lifted_at: datetime | None = None
    ) -> UUID:
        entry_id = self.new_id()
        self._update(restriction_id, by, lambda r, stamp: r.lift(entry_id, reason, lifted_at or _at(stamp), stamp))
        return entry_id

    # ------------------------------------------------------------------------------------------------- queries

    def get(self, restriction_id: UUID, version: int | None = None) -> BlanketRestriction:
        return load_restriction(self.cases, restriction_id, version)

    def restriction(self, restriction_id: UUID) -> BlanketRestrictionState | None:
        """The restriction as the register holds it (None when there is none)."""
        return self.register_view.restriction(restriction_id)

    def register(
        self, location_id: str, *, moment: datetime, include_lifted: bool = False, provider_id: str | None = None
    ) -> list[BlanketRestrictionState]:
        """The register of a location (of one provider when given) at a moment: the restrictions introduced by
        then, high priority first."""
        return self.register_view.register(
            location_id.strip(), moment=moment, include_lifted=include_lifted, provider_id=provider_id
        )

    def compliance(self, restriction_id: UUID) -> RestrictionCompliance:
        """The BLK obligations and findings, computed from the restriction's stream (the register stores them)."""
        restriction = self.get(restriction_id)
        return evaluate_restriction(restriction, self.cases.policy_for(restriction.setting))

    def history(self, restriction_id: UUID) -> list[HistoryEntry]:
        """Every event of the restriction in the order it was recorded."""
        self.get(restriction_id)  # raises UnknownBlanketRestrictionError for anything else
        return [history_entry(e) for e in self.cases.events.get(restriction_id)]

    def histories_of(self, restriction_ids: Sequence[UUID]) -> dict[UUID, list[HistoryEntry]]:
        """Each restriction's ``history``, the events of all of them read in one statement (a register page asks
        for them together); ``UnknownBlanketRestrictionError`` for an id that is not a restriction's."""
        wanted = list(dict.fromkeys(restriction_ids))
        reader = self.cases.recorder
        if not isinstance(reader, StreamBatches):
            return {restriction_id: self.history(restriction_id) for restriction_id in wanted}
        decode = self.cases.mapper.to_domain_event
        found: dict[UUID, list[HistoryEntry]] = {}
        for restriction_id, (_, stored) in reader.select_streams([(r, 0, False) for r in wanted]).items():
            events = [decode(event) for event in stored]
            if not events or not isinstance(events[0], BlanketRestriction.Introduced):
                raise UnknownBlanketRestrictionError(restriction_id)
            found[restriction_id] = [history_entry(e) for e in events]
        return found

    # ------------------------------------------------------------------------------------------------ internals

    def _stamp(self, by: Actor | Recording, last_recorded: datetime | None) -> Recording:
        """As ``Cases._stamp``: the clock's time (or a trusted importer's), never before the stream's last entry."""
        given = by if isinstance(by, Recording) else Recording(by)
        at = given.at or self.clock()
        if last_recorded is not None and at < last_recorded:
            at = last_recorded
        return Recording(given.actor, at, given.correlation_id or str(uuid4()))

    def _update(
        self,
        restriction_id: UUID,
        by: Actor | Recording,
        command: Callable[[BlanketRestriction, Recording], None],
    ) -> BlanketRestriction:
        return self.cases.retrying(
            restriction_id, self.get, lambda r: command(r, self._stamp(by, r.modified_on)), "restriction_id"
        )


def load_restriction(cases: Cases, restriction_id: UUID, version: int | None = None) -> BlanketRestriction:
    """The restriction from the cases' store; ``UnknownBlanketRestrictionError`` for any other id (a case's too)."""
    try:
        restriction: object = cases.repository.get(restriction_id, version=version, projector_func=fold)
    except AggregateNotFoundError:
        raise UnknownBlanketRestrictionError(restriction_id) from None
    if not isinstance(restriction, BlanketRestriction):
        raise UnknownBlanketRestrictionError(restriction_id)
    return restriction


def restriction_state(restriction: BlanketRestriction, cases: Cases) -> BlanketRestrictionState:
    """What the register holds about the restriction, judged by the policy of its setting."""
    policy = cases.policy_for(restriction.setting)
    compliance = evaluate_restriction(restriction, policy)
    lifting = restriction.lifting
    summary = BlanketRestrictionSummary(
        id=restriction.id,
        location_id=restriction.location_id,
        provider_id=restriction.provider_id,
        setting=restriction.setting,
        scope=restriction.scope,
        description=restriction.description,
        category=restriction.category,
        risk_addressed=restriction.risk_addressed,
        introduced_at=restriction.introduced_at,
        first_justified_at=min((j.justified_at for j in restriction.justifications), default=None),
        justification=max(restriction.justifications, key=lambda j: j.justified_at, default=None),
        last_review=max(restriction.reviews, key=lambda r: r.reviewed_at, default=None),
        lifted_at=None if lifting is None else lifting.lifted_at,
        lift_reason=None if lifting is None else lifting.reason,
        exemption_count=len(restriction.exemptions),
        review_every_months=policy.blanket_restriction_review_every_months,
        policy_name=policy.name,
        policy_version=policy.version,
        version=restriction.version,
    )
    exemptions = tuple(sorted(restriction.exemptions, key=lambda e: (e.granted_at, str(e.id))))
    return BlanketRestrictionState(summary, compliance.obligations, compliance.findings, exemptions)


# Fields every event carries that the history shows in its own columns rather than in ``details``.
_ENVELOPE = {"originator_id", "originator_version", "originator_topic", "timestamp", "occurred_at", "recorded_by",
             "correlation_id"}


def _describe(event: Any) -> tuple[UUID, str]:
    if isinstance(event, BlanketRestriction.Introduced):
        category = BlanketRestrictionCategory(event.category)
        subtle = ", a subtle restriction CQC names" if category.is_subtle else ""
        summary = f"blanket restriction introduced at {event.location_id} for {event.scope} ({category.value}{subtle})"
        return event.originator_id, f"{summary}: {event.description}"
    if isinstance(event, BlanketRestriction.Justified):
        return event.entry_id, f"justified, approved by {event.approved_by}: {event.necessity_and_proportionality}"
    if isinstance(event, BlanketRestriction.Reviewed):
        outcome = "continues" if event.continues else "ends"
        return event.entry_id, f"reviewed by {event.reviewed_by}, the restriction {outcome}: {event.decision}"
    if isinstance(event, BlanketRestriction.ExemptionGranted):
        return event.entry_id, f"{event.person_ref} exempted: {event.reason}"
    if isinstance(event, BlanketRestriction.Lifted):
        return event.entry_id, f"lifted: {event.reason}"
    raise TypeError(f"no history rendering for {type(event).__name__}")


def history_entry(event: Any) -> HistoryEntry:
    """One event of a restriction as a history entry (no recording limit applies, so none is late)."""
    entry_id, summary = _describe(event)
    details = {f.name: plain(getattr(event, f.name)) for f in dataclasses.fields(event) if f.name not in _ENVELOPE}
    return HistoryEntry(
        position=event.originator_version,
        kind=type(event).__name__,
        entry_id=entry_id,
        corrects=None,
        retracts=None,
        occurred_at=event.occurred_at,
        recorded_at=event.timestamp,
        recorded_by=event.recorded_by,
        correlation_id=event.correlation_id,
        recording_delay_seconds=math.floor((event.timestamp - event.occurred_at).total_seconds()),
        late=False,
        summary=summary,
        details=details,
    )


def _at(stamp: Recording) -> datetime:
    """The recorded time of a stamp made by ``_stamp``, which always sets it."""
    if stamp.at is None:
        raise ValueError("a stamp from BlanketRestrictions._stamp always carries its time")
    return stamp.at
