"""The SQL read model of the register of blanket restrictions (SQLAlchemy Core, SQLite or PostgreSQL).

Written only by ``BlanketRegisterProjection`` through ``apply``. As in ``compliance_view``, statuses are not stored
(queries compare stored times with the moment asked about), times are stored as naive UTC, and the tables are
dropped and refilled from the event store when ``SCHEMA_VERSION`` changes. The register keeps its own tracking and
schema tables: resetting the compliance read models (which drops theirs) leaves it alone, and the reverse.

The columns marked ``SEALED`` (the person exempted and why, staff names, and free text, which may name anyone) are
sealed under the store's key when it has one (``persistence.FieldCipher``); no query filters or orders by them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Connection

from rpledger.application.blanket_register import (
    BlanketRestrictionState,
    BlanketRestrictionSummary,
    RegisterPage,
    RegisterPosition,
)
from rpledger.domain.blanket_restriction import (
    BlanketRestrictionCategory,
    Exemption,
    Justification,
    RestrictionReview,
)
from rpledger.domain.codes import Setting
from rpledger.domain.obligation import Finding, Obligation, Rule
from rpledger.infrastructure.persistence import field_cipher_of
from rpledger.infrastructure.register_order import after as after_position
from rpledger.infrastructure.register_order import in_order, listed
from rpledger.infrastructure.tracked_tables import TrackedTables

PROJECTION_NAME = "blanket_register"
# Raised whenever a table below changes shape (see ``compliance_view.SCHEMA_VERSION``).
# 3: the SEALED columns may hold sealed text.
SCHEMA_VERSION = "3"

metadata = MetaData()
SEALED = {"sealed": True}

schema_version = Table(
    "rp_blanket_schema",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("version", String(32), nullable=False),
)

tracking = Table(
    "rp_blanket_tracking",
    metadata,
    Column("projection", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

restrictions = Table(
    "rp_blanket_restrictions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("location_id", Text, nullable=False, index=True),
    Column("provider_id", Text, nullable=False, index=True),
    Column("setting", String(64), nullable=False),
    Column("scope", Text, nullable=False, info=SEALED),
    Column("description", Text, nullable=False, info=SEALED),
    Column("category", String(32), nullable=False),
    Column("priority", String(16), nullable=False),
    Column("risk_addressed", Text, info=SEALED),
    Column("introduced_at", DateTime, nullable=False),
    Column("first_justified_at", DateTime),
    Column("justification_id", String(36)),
    Column("justified_at", DateTime),
    Column("necessity_and_proportionality", Text, info=SEALED),
    Column("approved_by", Text, info=SEALED),
    Column("communicated_how", Text, info=SEALED),
    Column("last_review_id", String(36)),
    Column("last_reviewed_at", DateTime),
    Column("last_reviewed_by", Text, info=SEALED),
    Column("last_review_decision", Text, info=SEALED),
    Column("last_review_continues", Boolean),
    # The due time of the review open after the latest entry (None once the restriction has ended), for reporting;
    # the API works it out for the moment asked about from the obligations.
    Column("next_review_due", DateTime),
    Column("lifted_at", DateTime),
    Column("lift_reason", Text, info=SEALED),
    Column("exemption_count", Integer, nullable=False),
    Column("review_every_months", Integer, nullable=False),
    Column("policy_name", String(64), nullable=False),
    Column("policy_version", String(32), nullable=False),
    Column("version", Integer, nullable=False),
)

obligations = Table(
    "rp_blanket_obligations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("restriction_id", String(36), nullable=False, index=True),
    Column("rule_id", String(32), nullable=False),
    Column("description", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("confidence", String(16), nullable=False),
    Column("departable", Boolean, nullable=False),
    Column("opened_at", DateTime, nullable=False),
    Column("due_soon_from", DateTime, nullable=False),
    Column("due_at", DateTime, nullable=False),
    Column("met_at", DateTime),
    Column("met_by", String(36)),
)

findings = Table(
    "rp_blanket_findings",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("restriction_id", String(36), nullable=False, index=True),
    Column("rule_id", String(32), nullable=False),
    Column("description", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("confidence", String(16), nullable=False),
    Column("departable", Boolean, nullable=False),
    Column("at", DateTime, nullable=False),
    Column("resolved_at", DateTime),
    Column("detail", Text, nullable=False, info=SEALED),
)

exemptions = Table(
    "rp_blanket_exemptions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("restriction_id", String(36), nullable=False, index=True),
    Column("person_ref", Text, nullable=False, info=SEALED),
    Column("reason", Text, nullable=False, info=SEALED),
    Column("granted_at", DateTime, nullable=False),
)

_CHILDREN = (obligations, findings, exemptions)


def _store(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)


def _load(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _loaded(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


class SqlBlanketRegister(TrackedTables[BlanketRestrictionState]):
    metadata = metadata
    tracking = tracking
    schema_version = schema_version
    projection_name = PROJECTION_NAME
    version = SCHEMA_VERSION

    def __init__(self, engine: Engine) -> None:
        # Built on the compliance view's engine (bootstrap), which carries the store's field cipher.
        self.fields = field_cipher_of(engine)
        super().__init__(engine)

    def _sealed(self, table: Table, row: dict[str, Any]) -> dict[str, Any]:
        return {name: self.fields.seal(v) if table.c[name].info.get("sealed") else v for name, v in row.items()}

    def _unsealed(self, table: Table, row: Any) -> dict[str, Any]:
        return {name: self.fields.unseal(v) if table.c[name].info.get("sealed") else v for name, v in row.items()}

    # ---------------------------------------------------------------------------------------------- writing

    def _replace(self, conn: Connection, state: BlanketRestrictionState) -> None:
        restriction_id = str(state.summary.id)
        conn.execute(delete(restrictions).where(restrictions.c.id == restriction_id))
        for table in _CHILDREN:
            conn.execute(delete(table).where(table.c.restriction_id == restriction_id))
        conn.execute(insert(restrictions).values(self._sealed(restrictions, _restriction_row(state))))
        if state.obligations:
            conn.execute(insert(obligations), [_obligation_row(restriction_id, o) for o in state.obligations])
        if state.findings:
            rows = [self._sealed(findings, _finding_row(restriction_id, f)) for f in state.findings]
            conn.execute(insert(findings), rows)
        if state.exemptions:
            rows = [self._sealed(exemptions, _exemption_row(restriction_id, e)) for e in state.exemptions]
            conn.execute(insert(exemptions), rows)

    # ---------------------------------------------------------------------------------------------- reading

    def restriction(self, restriction_id: UUID) -> BlanketRestrictionState | None:
        with self.engine.connect() as conn:
            rows = conn.execute(select(restrictions).where(restrictions.c.id == str(restriction_id))).mappings().all()
            found = self._states(conn, rows)
        return found[0] if found else None

    def register(
        self, location_id: str, *, moment: datetime, include_lifted: bool, provider_id: str | None = None
    ) -> list[BlanketRestrictionState]:
        query = select(restrictions).where(*listed(restrictions, location_id, moment, include_lifted, provider_id))
        with self.engine.connect() as conn:
            return self._states(conn, conn.execute(query.order_by(*in_order(restrictions))).mappings().all())

    def register_page(self, location_id: str, *, moment: datetime, include_lifted: bool, first: int,
                      after: RegisterPosition | None = None, provider_id: str | None = None) -> RegisterPage:
        """Keyset paging (``register_order``): the count, one row more than the page (whether a next page exists),
        then the page's obligations, findings and exemptions: five queries, whatever the page's size."""
        wanted = listed(restrictions, location_id, moment, include_lifted, provider_id)
        start = [] if after is None else [after_position(restrictions, after.high, after.introduced_at, after.id)]
        page = select(restrictions).where(*wanted, *start).order_by(*in_order(restrictions)).limit(first + 1)
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(restrictions).where(*wanted)).scalar_one()
            rows = conn.execute(page).mappings().all()
            return RegisterPage(tuple(self._states(conn, rows[:first])), len(rows) > first, int(total))

    def _states(self, conn: Connection, rows: Sequence[Any]) -> list[BlanketRestrictionState]:
        """The states of the restrictions in ``rows``, their obligations, findings and exemptions read in one query
        each."""
        ids = [row["id"] for row in rows]
        if not ids:
            return []
        owed = _grouped(conn, obligations, ids, (obligations.c.opened_at, obligations.c.due_at, obligations.c.id))
        found = _grouped(conn, findings, ids, (findings.c.at, findings.c.rule_id, findings.c.id))
        exempt = _grouped(conn, exemptions, ids, (exemptions.c.granted_at, exemptions.c.id))
        return [
            BlanketRestrictionState(
                _summary(self._unsealed(restrictions, row)),
                tuple(_obligation(o) for o in owed[row["id"]]),
                tuple(_finding(self._unsealed(findings, f)) for f in found[row["id"]]),
                tuple(_exemption(self._unsealed(exemptions, e)) for e in exempt[row["id"]]),
            )
            for row in rows
        ]


def _grouped(conn: Connection, table: Table, ids: list[str], order: Iterable[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in conn.execute(select(table).where(table.c.restriction_id.in_(ids)).order_by(*order)).mappings():
        grouped[row["restriction_id"]].append(row)
    return grouped


def _restriction_row(state: BlanketRestrictionState) -> dict[str, Any]:
    s = state.summary
    justification, review = s.justification, s.last_review
    next_due = state.obligations[-1].due_at if state.obligations and state.obligations[-1].met_at is None else None
    return {
        "id": str(s.id),
        "location_id": s.location_id,
        "provider_id": s.provider_id,
        "setting": s.setting.value,
        "scope": s.scope,
        "description": s.description,
        "category": s.category.value,
        "priority": s.priority.value,
        "risk_addressed": s.risk_addressed,
        "introduced_at": _store(s.introduced_at),
        "first_justified_at": _store(s.first_justified_at),
        "justification_id": None if justification is None else str(justification.id),
        "justified_at": None if justification is None else _store(justification.justified_at),
        "necessity_and_proportionality": None if justification is None else justification.necessity_and_proportionality,
        "approved_by": None if justification is None else justification.approved_by,
        "communicated_how": None if justification is None else justification.communicated_how,
        "last_review_id": None if review is None else str(review.id),
        "last_reviewed_at": None if review is None else _store(review.reviewed_at),
        "last_reviewed_by": None if review is None else review.reviewed_by,
        "last_review_decision": None if review is None else review.decision,
        "last_review_continues": None if review is None else review.continues,
        "next_review_due": _store(next_due),
        "lifted_at": _store(s.lifted_at),
        "lift_reason": s.lift_reason,
        "exemption_count": s.exemption_count,
        "review_every_months": s.review_every_months,
        "policy_name": s.policy_name,
        "policy_version": s.policy_version,
        "version": s.version,
    }


def _summary(row: Any) -> BlanketRestrictionSummary:
    justification = None
    if row["justification_id"] is not None:
        justification = Justification(
            UUID(row["justification_id"]), row["necessity_and_proportionality"], row["approved_by"],
            row["communicated_how"], _loaded(row["justified_at"]),
        )
    review = None
    if row["last_review_id"] is not None:
        review = RestrictionReview(
            UUID(row["last_review_id"]), row["last_review_decision"], row["last_reviewed_by"],
            bool(row["last_review_continues"]), _loaded(row["last_reviewed_at"]),
        )
    return BlanketRestrictionSummary(
        id=UUID(row["id"]),
        location_id=row["location_id"],
        provider_id=row["provider_id"],
        setting=Setting(row["setting"]),
        scope=row["scope"],
        description=row["description"],
        category=BlanketRestrictionCategory(row["category"]),
        risk_addressed=row["risk_addressed"],
        introduced_at=_loaded(row["introduced_at"]),
        first_justified_at=_load(row["first_justified_at"]),
        justification=justification,
        last_review=review,
        lifted_at=_load(row["lifted_at"]),
        lift_reason=row["lift_reason"],
        exemption_count=row["exemption_count"],
        review_every_months=row["review_every_months"],
        policy_name=row["policy_name"],
        policy_version=row["policy_version"],
        version=row["version"],
    )


def _rule(row: Any) -> Rule:
    return Rule(row["rule_id"], row["description"], row["source"], row["confidence"], bool(row["departable"]))


def _rule_columns(rule: Rule) -> dict[str, Any]:
    return {"rule_id": rule.id, "description": rule.description, "source": rule.source,
            "confidence": rule.confidence, "departable": rule.departable}


def _obligation_row(restriction_id: str, o: Obligation) -> dict[str, Any]:
    return {
        "id": str(o.id),
        "restriction_id": restriction_id,
        **_rule_columns(o.rule),
        "opened_at": _store(o.opened_at),
        "due_soon_from": _store(o.due_soon_from),
        "due_at": _store(o.due_at),
        "met_at": _store(o.met_at),
        "met_by": None if o.met_by is None else str(o.met_by),
    }


def _obligation(row: Any) -> Obligation:
    return Obligation(
        id=UUID(row["id"]),
        rule=_rule(row),
        triggered_by=UUID(row["restriction_id"]),
        opened_at=_loaded(row["opened_at"]),
        due_at=_loaded(row["due_at"]),
        due_soon_from=_loaded(row["due_soon_from"]),
        met_at=_load(row["met_at"]),
        met_by=None if row["met_by"] is None else UUID(row["met_by"]),
    )


def _finding_row(restriction_id: str, f: Finding) -> dict[str, Any]:
    return {
        "id": str(f.id),
        "restriction_id": restriction_id,
        **_rule_columns(f.rule),
        "at": _store(f.at),
        "resolved_at": _store(f.resolved_at),
        "detail": f.detail,
    }


def _finding(row: Any) -> Finding:
    return Finding(
        rule=_rule(row),
        subject=UUID(row["restriction_id"]),
        at=_loaded(row["at"]),
        detail=row["detail"],
        resolved_at=_load(row["resolved_at"]),
    )


def _exemption_row(restriction_id: str, e: Exemption) -> dict[str, Any]:
    return {"id": str(e.id), "restriction_id": restriction_id, "person_ref": e.person_ref, "reason": e.reason,
            "granted_at": _store(e.granted_at)}


def _exemption(row: Any) -> Exemption:
    return Exemption(UUID(row["id"]), row["person_ref"], row["reason"], _loaded(row["granted_at"]))
