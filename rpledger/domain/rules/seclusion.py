"""Seclusion (MHA Code of Practice 2015 chapter 26): SEC-00..SEC-05, SEC-07 and SEC-08 judge one use at a time;
SEC-06 judges the case as a whole (totals across uses) and lives in ``seclusion_independent_review``, which reads
the episodes defined here.

**Episodes.** A seclusion episode is a maximal run of consecutive ``ISO_SECLUSION`` segments of one use, each
starting when the one before it ended; it ends with the last of them (None while it goes on). A use may hold more
than one (secluded, then restrained, then secluded again): every per-use rule below judges each episode on its
own. The reviews and observations of an episode are those recorded against the use and held while it went on
(from its start to its end, both included); a review that was retracted no longer counts. Nothing is due at or
after the episode's end: a duty whose deadline falls then is not derived at all (the ``until`` of
``cadence.repeating``). Every obligation names the use as ``triggered_by`` and every finding names it as
``subject``, so that departures and replay find them.

**Medical reviews.** A MEDICAL review, or an MDT review (internal or independent) in which a doctor (a reviewer
whose role ``is_doctor``) took part. Used by SEC-01, SEC-02 and SEC-05.

The rules:

- SEC-00 (finding): at each episode's start, when no detention under the Mental Health Act was in effect then
  (granted by then, and ``valid_from <= start < lapses_at``).
- SEC-01 (obligation): the first medical review, due ``seclusion_first_medical_review_within`` after the start and
  met by the first medical review held at or after it. Exception (reference scenario 2): when the use's
  ``decided_by`` is a PSYCHIATRIST whose face-to-face ``assessed_at`` falls no earlier than that interval before the
  start and no later than the SEC-01 deadline, no SEC-01 obligation is derived and the assessment counts as the
  first medical review.
- SEC-02 (repeating): medical reviews every ``seclusion_medical_review_every``, the first due that interval after
  the first medical review (or the psychiatrist's assessment), until the first internal MDT review or the end.
- SEC-03 (repeating, and a finding): NURSING reviews every ``seclusion_nursing_review_every`` from the start; and a
  finding at each nursing review that lacks a second reviewer, a registered nurse, or a reviewer not involved in
  the decision to seclude (the detail names each failure).
- SEC-04 (obligation): the first INTERNAL_MDT review, due ``seclusion_first_mdt_review_within`` after the start.
- SEC-05: from the first internal MDT review at M, while the episode goes on: (a) INTERNAL_MDT reviews every
  ``seclusion_mdt_review_every`` (a repeating duty anchored at M); (b) for each day ``[M + k days, M + (k+1) days)``
  that ends before the episode does, an obligation opened at the day's start, due at its end and met at the moment
  of the day's Nth medical review (N = ``seclusion_medical_reviews_per_day_after_mdt``; the MDT review at M falls
  in day 0 and counts when a doctor took part in it). A day with fewer is never met: it is overdue from its end.
  The day is the one the parameter's own name counts in ("per day"). While the episode goes on, days are derived
  until the first one not met (the current day, or the first day missed).
- SEC-06 (case-wide obligation): the independent MDT review once the person's seclusion passes a threshold;
  see ``seclusion_independent_review``.
- SEC-07 (repeating): an observation (any ``Observation`` of the use) every ``seclusion_observation_every`` from
  the start.
- SEC-08 (finding, and an obligation): a finding when the use was first recorded only after one of its seclusion
  episodes had ended (at the moment it was recorded); and a seclusion care plan, due ``seclusion_care_plan_within``
  after each episode's start, met by the first care-plan revision made at or after the start.

Repeating duties use ``cadence.repeating`` with the policy's ``review_clock`` (ROLLING or FIXED_GRID). An entry made
at the very moment a repeating duty starts (the start of the seclusion, the first medical or MDT review) does not
meet its first interval: it is part of what started the duty, and the interval it would meet has no length.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from rpledger.domain.case import Case
from rpledger.domain.codes import AuthorisationBasis, PracticeCode, ReviewKind, StaffRole
from rpledger.domain.obligation import Finding, Obligation, Rule
from rpledger.domain.policy import Policy
from rpledger.domain.rules.cadence import repeating
from rpledger.domain.rules.catalogue import (
    SEC_00,
    SEC_01,
    SEC_02,
    SEC_03,
    SEC_04,
    SEC_05,
    SEC_07,
    SEC_08,
)
from rpledger.domain.rules.derived import Derived
from rpledger.domain.values import Observation, Review, Use

SECLUSION_NAMESPACE = uuid5(NAMESPACE_URL, "https://rpledger.invalid/seclusion")

# SEC-05's medical reviews are counted per day: the unit is in the parameter's name
# (``seclusion_medical_reviews_per_day_after_mdt``), so it is not a number a provider sets.
DAY = timedelta(days=1)

Meeting = tuple[datetime, UUID]


# ------------------------------------------------------------------------------------------------- episodes


@dataclass(frozen=True)
class Episode:
    """One run of seclusion (or segregation) within a use: from ``started_at`` to ``ended_at`` (None: going on)."""

    use: Use
    started_at: datetime
    ended_at: datetime | None

    def holds(self, moment: datetime) -> bool:
        """Whether ``moment`` falls within the episode, both ends included."""
        return self.started_at <= moment and (self.ended_at is None or moment <= self.ended_at)

    def before_end(self, moment: datetime) -> bool:
        """Whether something due at ``moment`` is due at all: strictly before the end, or the episode goes on."""
        return self.ended_at is None or moment < self.ended_at


def episodes(use: Use, practice: PracticeCode) -> list[Episode]:
    """The maximal runs of consecutive segments of ``practice`` in ``use``, each following on from the one before."""
    found: list[Episode] = []
    previous_matched = False
    for segment in use.segments:
        matches = segment.practice is practice
        if matches and previous_matched and found[-1].ended_at == segment.started_at:
            found[-1] = Episode(use, found[-1].started_at, segment.ended_at)
        elif matches:
            found.append(Episode(use, segment.started_at, segment.ended_at))
        previous_matched = matches
    return found


def chosen_uses(case: Case, only: Collection[UUID] | None) -> list[Use]:
    """The case's uses (only those named in ``only``, when given)."""
    return list(case.uses.values()) if only is None else [case.uses[i] for i in only if i in case.uses]


def reviews_of(case: Case, use: Use) -> list[Review]:
    """The reviews recorded against the use and not retracted, in the order they were held."""
    found = (case.reviews[i] for i in case.reviews_of_use.get(use.id, ()) if i in case.reviews)
    return sorted(found, key=lambda r: (r.held_at, str(r.id)))


def observations_of(case: Case, use: Use) -> list[Observation]:
    found = (case.observations[i] for i in case.observations_of_use.get(use.id, ()) if i in case.observations)
    return sorted(found, key=lambda o: (o.observed_at, str(o.id)))


def meetings(reviews: Iterable[Review]) -> list[Meeting]:
    return [(r.held_at, r.id) for r in reviews]


def is_medical(review: Review) -> bool:
    """A medical review, or an MDT review in which a doctor took part."""
    if review.kind is ReviewKind.MEDICAL:
        return True
    mdt = review.kind in (ReviewKind.INTERNAL_MDT, ReviewKind.INDEPENDENT_MDT)
    return mdt and any(reviewer.role.is_doctor for reviewer in review.reviewers)


def episode_obligation_id(rule: Rule, episode: Episode, part: str = "") -> UUID:
    """Stable across rebuilds: one rule's obligation for one episode (``part`` tells apart several of a rule)."""
    return uuid5(SECLUSION_NAMESPACE, f"{rule.id}{part}/{episode.use.id}/{episode.started_at.isoformat()}")


def daily_medical_reviews_id(use_id: UUID, day_started_at: datetime) -> UUID:
    """The id of SEC-05's obligation of medical reviews for the day starting at ``day_started_at``."""
    return uuid5(SECLUSION_NAMESPACE, f"SEC-05/medical/{use_id}/{day_started_at.isoformat()}")


def one_off(
    obligation_id: UUID,
    rule: Rule,
    trigger: UUID,
    opened_at: datetime,
    due_at: datetime,
    horizon: timedelta,
    met: Meeting | None,
) -> Obligation:
    return Obligation(
        id=obligation_id,
        rule=rule,
        triggered_by=trigger,
        opened_at=opened_at,
        due_at=due_at,
        due_soon_from=due_at - horizon,
        met_at=None if met is None else met[0],
        met_by=None if met is None else met[1],
    )


def first_at_or_after(moment: datetime, found: Sequence[Meeting]) -> Meeting | None:
    return min((m for m in found if m[0] >= moment), default=None)


# --------------------------------------------------------------------------------------------- per use


def per_use(case: Case, policy: Policy, only: Collection[UUID] | None = None) -> Derived:
    derived = Derived()
    for use in chosen_uses(case, only):
        runs = episodes(use, PracticeCode.ISO_SECLUSION)
        if not runs:
            continue
        reviews = reviews_of(case, use)
        observations = observations_of(case, use)
        for episode in runs:
            during = [r for r in reviews if episode.holds(r.held_at)]
            derived.add(_episode(case, policy, episode, during, observations))
        if policy.applies("SEC-08"):
            derived.findings += _recorded_after_the_end(case, use, runs)
    return derived


def _episode(
    case: Case, policy: Policy, episode: Episode, reviews: list[Review], observations: list[Observation]
) -> Derived:
    derived = Derived()
    use_id, start, end = episode.use.id, episode.started_at, episode.ended_at
    horizon, clock = policy.due_soon_horizon, policy.review_clock
    medical = [r for r in reviews if is_medical(r)]
    internal_mdt = [r for r in reviews if r.kind is ReviewKind.INTERNAL_MDT]
    first_mdt = internal_mdt[0].held_at if internal_mdt else None

    if policy.applies("SEC-00") and not _detained_at(case, start):
        derived.findings.append(
            Finding(
                SEC_00,
                use_id,
                start,
                "the person was not detained under the Mental Health Act when seclusion "
                f"started at {start.isoformat()}",
            )
        )

    assessment = _authorising_assessment(episode, policy)
    first_medical = medical[0].held_at if medical else None
    if policy.applies("SEC-01") and assessment is None:
        due = start + policy.seclusion_first_medical_review_within
        if episode.before_end(due):
            met = (medical[0].held_at, medical[0].id) if medical else None
            derived.obligations.append(
                one_off(episode_obligation_id(SEC_01, episode), SEC_01, use_id, start, due, horizon, met)
            )

    anchor = assessment if assessment is not None else first_medical
    if policy.applies("SEC-02") and anchor is not None:
        until = end if first_mdt is None else (first_mdt if end is None else min(end, first_mdt))
        every = policy.seclusion_medical_review_every
        derived.obligations += repeating(
            SEC_02,
            use_id,
            max(anchor, start),
            every,
            horizon,
            [m for m in meetings(medical) if m[0] > max(anchor, start)],
            until=until,
            clock=clock,
            first_due=anchor + every,
        )

    if policy.applies("SEC-03"):
        nursing = [r for r in reviews if r.kind is ReviewKind.NURSING]
        derived.obligations += repeating(
            SEC_03,
            use_id,
            start,
            policy.seclusion_nursing_review_every,
            horizon,
            [m for m in meetings(nursing) if m[0] > start],
            until=end,
            clock=clock,
        )
        derived.findings += [f for f in map(_composition_finding, nursing) if f is not None]

    if policy.applies("SEC-04"):
        due = start + policy.seclusion_first_mdt_review_within
        if episode.before_end(due):
            met = (internal_mdt[0].held_at, internal_mdt[0].id) if internal_mdt else None
            derived.obligations.append(
                one_off(episode_obligation_id(SEC_04, episode), SEC_04, use_id, start, due, horizon, met)
            )

    if policy.applies("SEC-05") and first_mdt is not None:
        derived.obligations += repeating(
            SEC_05,
            use_id,
            first_mdt,
            policy.seclusion_mdt_review_every,
            horizon,
            [m for m in meetings(internal_mdt) if m[0] > first_mdt],
            until=end,
            clock=clock,
        )
        derived.obligations += _daily_medical_reviews(episode, first_mdt, medical, policy)

    if policy.applies("SEC-07"):
        seen = [(o.observed_at, o.id) for o in observations if start < o.observed_at and episode.holds(o.observed_at)]
        derived.obligations += repeating(
            SEC_07, use_id, start, policy.seclusion_observation_every, horizon, seen, until=end, clock=clock
        )

    if policy.applies("SEC-08"):
        due = start + policy.seclusion_care_plan_within
        if episode.before_end(due):
            revisions = [(r.revised_at, r.id) for r in case.care_plan_revisions.values()]
            derived.obligations.append(
                one_off(
                    episode_obligation_id(SEC_08, episode),
                    SEC_08,
                    use_id,
                    start,
                    due,
                    horizon,
                    first_at_or_after(start, revisions),
                )
            )
    return derived


def _detained_at(case: Case, moment: datetime) -> bool:
    """SEC-00: a detention under the Mental Health Act granted by ``moment`` and in effect then."""
    return any(
        a.basis is AuthorisationBasis.MHA_DETENTION and a.granted_at <= moment and a.valid_from <= moment < a.lapses_at
        for a in case.authorisations.values()
    )


def _authorising_assessment(episode: Episode, policy: Policy) -> datetime | None:
    """SEC-01's exception: a psychiatrist decided on the seclusion after assessing the person face to face, no
    earlier than the first review's interval before the start and no later than its deadline."""
    decision = episode.use.details.decided_by
    if decision is None or decision.role is not StaffRole.PSYCHIATRIST or decision.assessed_at is None:
        return None
    within = policy.seclusion_first_medical_review_within
    if episode.started_at - within <= decision.assessed_at <= episode.started_at + within:
        return decision.assessed_at
    return None


def _composition_finding(review: Review) -> Finding | None:
    """SEC-03: a nursing review by two people, one a registered nurse, at least one not involved in the decision."""
    failures = []
    if len(review.reviewers) < 2:
        failures.append("one reviewer only, where two are needed")
    if not any(r.role is StaffRole.REGISTERED_NURSE for r in review.reviewers):
        failures.append("no registered nurse among the reviewers")
    if all(r.involved_in_decision for r in review.reviewers):
        failures.append("no reviewer independent of the decision to seclude")
    if not failures:
        return None
    detail = f"the nursing review at {review.held_at.isoformat()} had " + "; ".join(failures)
    return Finding(SEC_03, review.use_id, review.held_at, detail)


def _daily_medical_reviews(
    episode: Episode, first_mdt: datetime, medical: list[Review], policy: Policy
) -> list[Obligation]:
    """SEC-05 (b): the Nth medical review of each day after the first internal MDT review."""
    needed = policy.seclusion_medical_reviews_per_day_after_mdt
    if needed < 1:
        return []
    obligations: list[Obligation] = []
    day_start = first_mdt
    while episode.before_end(day_start + DAY):
        day_end = day_start + DAY
        held = [(r.held_at, r.id) for r in medical if day_start <= r.held_at < day_end]
        met = held[needed - 1] if len(held) >= needed else None
        obligations.append(
            one_off(
                daily_medical_reviews_id(episode.use.id, day_start),
                SEC_05,
                episode.use.id,
                day_start,
                day_end,
                policy.due_soon_horizon,
                met,
            )
        )
        if met is None and episode.ended_at is None:
            break
        day_start = day_end
    return obligations


def _recorded_after_the_end(case: Case, use: Use, runs: list[Episode]) -> list[Finding]:
    """SEC-08: the record of seclusion is contemporaneous, so a use first recorded once one of its seclusion
    episodes had ended is a finding, from the moment it was recorded."""
    recorded_at = case.first_recorded_at.get(use.id)
    ends = [r.ended_at for r in runs if r.ended_at is not None]
    if recorded_at is None or not ends or recorded_at <= min(ends):
        return []
    return [Finding(SEC_08, use.id, recorded_at, "recorded only after the seclusion ended")]
