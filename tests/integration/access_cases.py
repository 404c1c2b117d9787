"""The world the permission matrix runs in (``test_access_matrix``): two providers, three targets, and what each
target holds, seeded through the API with a token of the target's own provider and location.

Targets, as seen by a token of provider ``prov-a`` at location ``A1``:

- ``own``: ``prov-a`` at ``A1``;
- ``other_location``: ``prov-a`` at ``A2`` (within reach of the provider-wide roles only);
- ``other_provider``: ``prov-b`` at ``B1`` (never within reach).

A ``Seed`` is one case at a target with the entries an operation needs (an authorisation, an urgent DoLS one, a
standard request, a finished restraint whose physical health check was missed so that its RES-04 obligation can be
departed from, a seclusion still going on, a ward stay) and, when asked for, a blanket restriction. The ``Registry``
keeps everything recorded at each target, so that ``cases``, ``blanketRestrictions`` and ``trends`` can be checked
against exactly what their scope holds, whatever order the cells run in.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rpledger.application.access import Role
from rpledger.bootstrap import Services
from tests.conftest import Clock, token_for
from tests.integration.conftest import ALL_PRACTICES, PERSON, WELL_RECORDED, Api, api_for

PROVIDER_A, PROVIDER_B = "prov-a", "prov-b"
NOW = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
OPENED = "2025-03-01T08:00:00+00:00"
RESTRAINT = ("PHYS_STANDING", "2025-03-03T10:00:00+00:00", "2025-03-03T10:05:00+00:00")
SECLUDED = "2025-03-03T12:00:00+00:00"
DECIDED_BY = {"name": "Dr A Rao", "role": "PSYCHIATRIST", "assessedAt": "2025-03-03T11:55:00+00:00"}
SEEDER_ROLES = (Role.CARE_STAFF, Role.CLINICIAN, Role.MANAGER)
# What a seed can hold, each part in the order it is recorded (later parts may need earlier ones).
PARTS = ("case", "authorisation", "urgent", "request", "restraint", "obligation", "seclusion", "stay", "restriction")


@dataclass(frozen=True)
class Target:
    name: str
    provider: str
    location: str


OWN = Target("own", PROVIDER_A, "A1")
OTHER_LOCATION = Target("other_location", PROVIDER_A, "A2")
OTHER_PROVIDER = Target("other_provider", PROVIDER_B, "B1")
TARGETS = (OWN, OTHER_LOCATION, OTHER_PROVIDER)


@dataclass
class Seed:
    """The ids of what was recorded at a target for one operation (or, shared, for all of them)."""

    target: Target
    person_ref: str = ""
    ids: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, part: str) -> str:
        return self.ids[part]


@dataclass
class Registry:
    """Everything recorded at each (provider, location): case ids, restriction ids, and uses by practice."""

    cases: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    restrictions: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    uses: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)

    def add_case(self, provider: str, location: str, case_id: str) -> None:
        self.cases.setdefault((provider, location), set()).add(case_id)

    def add_restriction(self, provider: str, location: str, restriction_id: str) -> None:
        self.restrictions.setdefault((provider, location), set()).add(restriction_id)

    def add_use(self, provider: str, location: str, practice: str) -> None:
        self.uses.setdefault((provider, location), Counter())[practice] += 1

    def cases_at(self, provider: str, locations: Iterable[str]) -> set[str]:
        return set().union(*(self.cases.get((provider, loc), set()) for loc in locations))

    def uses_at(self, provider: str, locations: Iterable[str]) -> Counter[str]:
        total: Counter[str] = Counter()
        for location in locations:
            total += self.uses.get((provider, location), Counter())
        return total


class World:
    """One database (of one backend) with the targets seeded, the tokens of the matrix, and the registry."""

    def __init__(self, services: Services, clock: Clock) -> None:
        self.services, self.clock = services, clock
        self.registry = Registry()
        self._numbers = itertools.count(1)
        self._seeders = {
            t.name: api_for(services, token_for(SEEDER_ROLES, provider=t.provider, locations=[t.location],
                                                subject=f"seeder-{t.name}", name=f"Seeder {t.name}"))
            for t in TARGETS
        }
        self._apis: dict[Role, Api] = {}
        self.shared = {t.name: self.seed(t, PARTS) for t in TARGETS}

    def api(self, role: Role) -> Api:
        """A client whose token carries ``role`` alone, of provider A at location A1."""
        if role not in self._apis:
            token = token_for([role], provider=PROVIDER_A, locations=[OWN.location], subject=f"u-{role.value.lower()}",
                              name=f"A {role.value.lower()}")
            self._apis[role] = api_for(self.services, token)
        return self._apis[role]

    def position(self) -> int:
        """The event log's last notification id: it moves if, and only if, anything was written."""
        return int(self.services.cases.recorder.max_notification_id() or 0)

    def next_ref(self, target: Target) -> str:
        return f"P-{target.name}-{next(self._numbers):03d}"

    def open_case(self, target: Target, person_ref: str) -> str:
        """A case opened through the API by the target's own seeder: its provider is the seeder's."""
        case_id = self._seeders[target.name].open_case(
            person_ref, setting="MENTAL_HEALTH_INPATIENT", location_id=target.location, opened_at=OPENED,
        )
        self.registry.add_case(target.provider, target.location, case_id)
        return case_id

    def seed(self, target: Target, needs: Iterable[str]) -> Seed:
        """A case at ``target`` holding the parts named (a blanket restriction alone when that is all), recorded
        with the clock at ``NOW``."""
        self.clock.set(NOW)
        wanted = set(needs)
        unknown = wanted - set(PARTS)
        assert not unknown, unknown
        api, seed = self._seeders[target.name], Seed(target)
        if wanted - {"restriction"}:
            seed.person_ref = self.next_ref(target)
            seed.ids["case"] = case_id = self.open_case(target, seed.person_ref)
            if "obligation" in wanted:
                wanted.add("restraint")
            for part in PARTS:
                if part in wanted and part not in ("case", "restriction"):
                    seed.ids[part] = self._record(api, target, case_id, seed, part)
        if "restriction" in wanted:
            seed.ids["restriction"] = self.introduce(target)
        return seed

    def introduce(self, target: Target) -> str:
        given = restriction_input(target.location, f"No hot drinks after 21:00 ({self.next_ref(target)})")
        payload = self._seeders[target.name].ok("introduceBlanketRestriction", given, "blanketRestriction { id }")
        restriction_id: str = payload["blanketRestriction"]["id"]
        self.registry.add_restriction(target.provider, target.location, restriction_id)
        return restriction_id

    def _record(self, api: Api, target: Target, case_id: str, seed: Seed, part: str) -> str:
        if part == "authorisation":
            return api.grant(case_id, ALL_PRACTICES, "2025-03-01T00:00:00+00:00", "2025-04-01T00:00:00+00:00")
        if part == "urgent":
            return api.grant(case_id, ["DOL"], "2025-03-01T10:00:00+00:00", "2025-03-08T10:00:00+00:00",
                             basis="DOLS_URGENT", grantedBy="Registered manager")
        if part == "request":
            given: dict[str, Any] = {"caseId": case_id, "requestedAt": "2025-03-02T09:00:00+00:00",
                                     "supervisoryBody": "Northshire CC"}
            request = api.ok("requestStandardAuthorisation", given, "standardAuthorisationRequest { id }")
            return str(request["standardAuthorisationRequest"]["id"])
        if part == "restraint":
            self.registry.add_use(target.provider, target.location, RESTRAINT[0])
            return api.record_use(case_id, RESTRAINT, **WELL_RECORDED)
        if part == "obligation":
            # No physical health check within the hour after the restraint ended: RES-04, departable, overdue.
            query = "query($id: ID!) { case(id: $id) { obligations { id ruleId triggeredBy status departable } } }"
            obligations = api.data(query, id=case_id)["case"]["obligations"]
            [found] = [o for o in obligations if o["ruleId"] == "RES-04" and o["triggeredBy"] == seed["restraint"]]
            assert (found["status"], found["departable"]) == ("OVERDUE", True), found
            return str(found["id"])
        if part == "seclusion":
            self.registry.add_use(target.provider, target.location, "ISO_SECLUSION")
            facts = {**WELL_RECORDED, "decidedBy": DECIDED_BY}
            return api.record_use(case_id, ("ISO_SECLUSION", SECLUDED, None), **facts)
        if part == "stay":
            given = {"caseId": case_id, "ward": "Oak", "adultWard": True, "admittedAt": OPENED}
            return str(api.ok("admitToWard", given, "stay { id }")["stay"]["id"])
        raise AssertionError(part)


def restriction_input(location: str, description: str = "No hot drinks after 21:00") -> dict[str, Any]:
    return {
        "locationId": location, "setting": "MENTAL_HEALTH_INPATIENT", "scope": "all patients of the ward",
        "description": description, "category": "HOT_DRINKS", "introducedAt": "2025-01-10T09:00:00+00:00",
    }


def open_case_input(person_ref: str, location: str) -> dict[str, Any]:
    return {"personRef": person_ref, "setting": "MENTAL_HEALTH_INPATIENT", "locationId": location,
            "openedAt": OPENED, "person": PERSON}
