"""The context every resolver receives: the applications, the read models, the clock and the acting person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import uuid4

from rpledger.application.blanket_restrictions import BlanketRestrictions
from rpledger.application.cases import Cases
from rpledger.application.view import ComplianceView
from rpledger.application.vocabulary import Actor, Recording


@dataclass
class Context:
    cases: Cases
    view: ComplianceView
    clock: Callable[[], datetime]
    actor: Actor
    # Shared by every entry this request records, so that an auditor sees which entries were made together.
    correlation_id: str = field(default_factory=lambda: str(uuid4()))
    blanket_restrictions: BlanketRestrictions | None = None

    @property
    def restrictions(self) -> BlanketRestrictions:
        """The blanket restrictions service (bootstrap always provides it; a context built without it has none)."""
        if self.blanket_restrictions is None:
            raise RuntimeError("this context was built without the blanket restrictions service")
        return self.blanket_restrictions

    @property
    def recording(self) -> Recording:
        return Recording(self.actor, None, self.correlation_id)


# Until token authentication arrives, the actor is taken from these request headers, or is this local user.
ACTOR_HEADERS = ("x-actor-id", "x-actor-name", "x-actor-role")
LOCAL_ACTOR = Actor(id="local", name="Local user", role="UNVERIFIED")


def actor_from_headers(headers: dict[str, str]) -> Actor:
    actor_id, name, role = (headers.get(h, "").strip()[:200] for h in ACTOR_HEADERS)
    if not actor_id:
        return LOCAL_ACTOR
    return Actor(id=actor_id, name=name or actor_id, role=role or LOCAL_ACTOR.role)
