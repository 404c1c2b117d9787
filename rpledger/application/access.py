"""Who may see and do what: the roles a token carries, the operations each role may perform, and the reach of a
token (its provider, and within it its locations).

Two questions are asked of every request, in this order:

1. May any of the token's roles perform this operation at all? ``OPERATIONS`` answers, one entry per GraphQL
   operation. An operation with no entry is refused to everyone, so a new operation is closed until it is given
   its roles (and a test fails until then).
2. Does the record lie within the token's reach? ``Principal.reaches`` answers. A record out of reach is treated
   exactly as one that does not exist: the same null, the same error code and message, the same empty list, so that
   nothing about another provider or location can be read, guessed or inferred.

Pure: no tokens are parsed here (see ``rpledger.infrastructure.tokens``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from rpledger.application.vocabulary import Actor


class Unauthenticated(Exception):
    """A request's credentials cannot be accepted. The message says why in words safe to show to the caller."""


class Role(Enum):
    CARE_STAFF = "CARE_STAFF"
    CLINICIAN = "CLINICIAN"
    MANAGER = "MANAGER"
    AUDITOR = "AUDITOR"
    ADMIN = "ADMIN"


# Roles whose reach is their provider's every location; the others reach only the locations their token names.
PROVIDER_WIDE = frozenset({Role.AUDITOR, Role.ADMIN})

_CARE = frozenset({Role.CARE_STAFF, Role.CLINICIAN})
_CLINICAL = frozenset({Role.CLINICIAN})
_READERS = frozenset({Role.CARE_STAFF, Role.CLINICIAN, Role.MANAGER, Role.AUDITOR})
_OVERSIGHT = frozenset({Role.MANAGER, Role.AUDITOR})
_EVERYONE = frozenset(Role)

# Each GraphQL operation (a field of Query or Mutation) and the roles that may perform it.
OPERATIONS: dict[str, frozenset[Role]] = {
    # Reading cases: everyone who works with or oversees them; ADMIN runs the provider's settings, not its care.
    "case": _READERS,
    "cases": _READERS,
    "blanketRestrictions": _READERS,
    "blanketRestriction": _READERS,
    "trends": _OVERSIGHT,
    "policies": _EVERYONE,
    # Care staff: open cases, record uses, observations and debriefs, and the ward stays around them.
    "openCase": _CARE,
    "recordUse": _CARE,
    "endUse": _CARE,
    "recordObservation": _CARE,
    "recordDebrief": _CARE,
    "admitToWard": _CARE,
    "dischargeFromWard": _CARE,
    # Clinicians, beyond that: authorisations, reviews, care-plan revisions, departures, and changing the record.
    "grantAuthorisation": _CLINICAL,
    "endAuthorisation": _CLINICAL,
    "extendAuthorisation": _CLINICAL,
    "requestStandardAuthorisation": _CLINICAL,
    "decideStandardAuthorisationRequest": _CLINICAL,
    "recordReview": _CLINICAL,
    "reviseCarePlan": _CLINICAL,
    "justifyDeparture": _CLINICAL,
    "correctEntry": _CLINICAL,
    "retractEntry": _CLINICAL,
    # Managers: the blanket restriction register and the notifications the registered person sends.
    "recordNotification": frozenset({Role.CLINICIAN, Role.MANAGER}),
    "introduceBlanketRestriction": frozenset({Role.MANAGER}),
    "justifyBlanketRestriction": frozenset({Role.MANAGER}),
    "reviewBlanketRestriction": frozenset({Role.MANAGER}),
    "grantBlanketExemption": frozenset({Role.MANAGER}),
    "liftBlanketRestriction": frozenset({Role.MANAGER}),
}

# Reading a case as it was known on an earlier date (``knownAt``), or its full history, is for oversight.
HISTORY_ROLES = _OVERSIGHT


@dataclass(frozen=True)
class Reach:
    """The records a request may touch, for read models to filter by: one provider's, at ``locations`` (None: at
    every location of that provider)."""

    provider: str
    locations: frozenset[str] | None

    def covers(self, provider: str, location: str) -> bool:
        return provider == self.provider and (self.locations is None or location in self.locations)


@dataclass(frozen=True)
class Principal:
    """The person a verified token speaks for."""

    subject: str
    name: str
    roles: frozenset[Role]
    provider: str
    locations: frozenset[str]

    def may(self, operation: str) -> bool:
        return bool(self.roles & OPERATIONS.get(operation, frozenset()))

    def may_read_history(self) -> bool:
        return bool(self.roles & HISTORY_ROLES)

    def reach(self, operation: str) -> Reach:
        """What ``operation`` may touch: the token's provider, and in it every location (a provider-wide role that
        may perform it) or the token's locations (none at all when no role of the token may perform it)."""
        roles = self.roles & OPERATIONS.get(operation, frozenset())
        if roles & PROVIDER_WIDE:
            return Reach(self.provider, None)
        return Reach(self.provider, self.locations if roles else frozenset())

    @property
    def actor(self) -> Actor:
        """Who is recorded as having made an entry: always the token's subject, never anything from the input."""
        role = "+".join(sorted(r.value for r in self.roles))
        return Actor(id=self.subject, name=self.name or self.subject, role=role)


def roles_of(values: Iterable[str]) -> frozenset[Role]:
    """The known roles among ``values``; unknown ones are ignored (a token may carry roles of other systems)."""
    known = {r.value: r for r in Role}
    return frozenset(known[v] for v in values if v in known)
