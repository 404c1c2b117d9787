"""Long-term segregation (MHA Code of Practice 2015 chapter 26, about 26.150-26.155): LTS-01..LTS-04.

They apply to a use with a segregation (``ISO_SEGREGATION``) segment whose details mark it as long-term
(``UseDetails.long_term_segregation``: MHSDS has one code for all segregation, so the flag is local). Episodes are
as for seclusion (``seclusion.episodes``): maximal runs of consecutive segregation segments, each judged on its own,
with the reviews recorded against the use (retracted ones no longer count); nothing is due at or after an
episode's end, and every obligation and finding names the use.

- LTS-01 (finding): at the episode's start, when no INTERNAL_MDT review of the use held at or before the start
  had a representative of the commissioning authority (``COMMISSIONER_REPRESENTATIVE``) among its reviewers.
- LTS-02 (repeating): APPROVED_CLINICIAN reviews every ``segregation_clinician_review_every`` from the start.
- LTS-03 (repeating): INTERNAL_MDT reviews every ``segregation_mdt_review_every`` from the start; only reviews held
  after the start count (the decision to segregate, taken by the start, does not).
- LTS-04 (repeating): EXTERNAL or INDEPENDENT_MDT reviews every ``segregation_external_review_every`` from the
  start.

Repeating duties use ``cadence.repeating`` with the policy's ``review_clock`` (ROLLING or FIXED_GRID). A review held
at the very moment the segregation starts does not meet a first interval: it is part of the decision, and the
interval it would meet has no length.
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from rpledger.domain.case import Case
from rpledger.domain.codes import PracticeCode, ReviewKind, StaffRole
from rpledger.domain.obligation import Finding
from rpledger.domain.policy import Policy
from rpledger.domain.rules.cadence import repeating
from rpledger.domain.rules.catalogue import LTS_01, LTS_02, LTS_03, LTS_04
from rpledger.domain.rules.derived import Derived
from rpledger.domain.rules.seclusion import Episode, chosen_uses, episodes, meetings, reviews_of
from rpledger.domain.values import Review


def per_use(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Derived:
    derived = Derived()
    for use in chosen_uses(case, only):
        if not use.details.long_term_segregation:
            continue
        reviews = reviews_of(case, use)
        for episode in episodes(use, PracticeCode.ISO_SEGREGATION):
            derived.add(_episode(policy, episode, reviews))
    return derived


def case_wide(case: Case, policy: Policy) -> Derived:
    return Derived()


def _episode(policy: Policy, episode: Episode, reviews: list[Review]) -> Derived:
    derived = Derived()
    use_id, start, end = episode.use.id, episode.started_at, episode.ended_at
    if policy.applies("LTS-01") and not any(_decided_with_commissioner(r) and r.held_at <= start for r in reviews):
        detail = (
            f"long-term segregation started at {start.isoformat()} without an MDT decision in which a "
            "representative of the commissioning authority took part"
        )
        derived.findings.append(Finding(LTS_01, use_id, start, detail))
    during = [r for r in reviews if episode.holds(r.held_at)]
    duties = (
        (LTS_02, policy.segregation_clinician_review_every, (ReviewKind.APPROVED_CLINICIAN,)),
        (LTS_03, policy.segregation_mdt_review_every, (ReviewKind.INTERNAL_MDT,)),
        (LTS_04, policy.segregation_external_review_every, (ReviewKind.EXTERNAL, ReviewKind.INDEPENDENT_MDT)),
    )
    for rule, every, kinds in duties:
        if policy.applies(rule.id):
            derived.obligations += repeating(
                rule,
                use_id,
                start,
                every,
                policy.due_soon_horizon,
                meetings(r for r in during if r.kind in kinds and r.held_at > start),
                until=end,
                clock=policy.review_clock,
            )
    return derived


def _decided_with_commissioner(review: Review) -> bool:
    return review.kind is ReviewKind.INTERNAL_MDT and any(
        r.role is StaffRole.COMMISSIONER_REPRESENTATIVE for r in review.reviewers
    )
