"""The SQL read models of cases, uses, obligations and findings (SQLAlchemy Core, SQLite or PostgreSQL).

Written only by ``CaseProjection`` through ``apply``. Statuses are not stored: the queries compare stored times
with the moment asked about. Times are stored as naive UTC so that SQLite's text comparison orders them correctly.

Personal data (the person ref, the date of birth, each use's record with its staff names and free text, finding
details and waiver reasons) are sealed under the store's key when it has one (``persistence.FieldCipher``). They
stay in the read model rather than being read from the event store: ``cases`` lists them a page at a time, and the
exports and reports read every case, which would otherwise mean replaying every listed history. Nothing filters
or orders by them in SQL, so sealing them costs no query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Transcoder
from sqlalchemy import (
    Engine,
    Table,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.engine import Connection

from rpledger.application.access import Reach
from rpledger.application.dto import CasePage, CaseState, CaseSummary, UseSummary
from rpledger.domain.codes import Setting
from rpledger.domain.obligation import ComplianceStatus, Finding, Obligation, Rule
from rpledger.infrastructure import case_status_spans as status_spans
from rpledger.infrastructure.compliance_tables import (
    PROJECTION_NAME,
    SCHEMA_VERSION,
    cases,
    findings,
    metadata,
    obligations,
    schema_version,
    tracking,
    uses,
)
from rpledger.infrastructure.persistence import FieldCipher, field_cipher_of, with_field_cipher
from rpledger.infrastructure.tracked_tables import TrackedTables

# The tables a case's rows live in, in the order they are cleared and filled.
_CASE_TABLES = (cases, uses, obligations, findings, status_spans.spans)
# Cases cleared per DELETE: well under the bound parameters SQLite and PostgreSQL accept in one statement.
_DELETE_SLICE = 500


def _store(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)


def _load(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


class SqlComplianceView(TrackedTables[CaseState]):
    metadata = metadata
    tracking = tracking
    schema_version = schema_version
    projection_name = PROJECTION_NAME
    version = SCHEMA_VERSION

    def __init__(self, engine: Engine, transcoder: Transcoder) -> None:
        self.transcoder = transcoder
        self.fields = field_cipher_of(transcoder)
        # The engine carries the cipher on, to the blanket register that bootstrap builds on this view's engine.
        super().__init__(with_field_cipher(engine, self.fields))

    # ---------------------------------------------------------------------------------------------- writing

    def _replace_all(self, conn: Connection, states: Sequence[CaseState]) -> None:
        """Every case of the batch in a few statements: one delete per table for a slice of cases, then one
        multi-row insert per table. Per case, it would be ten statements (ten round trips on PostgreSQL)."""
        rows: dict[Table, list[dict[str, Any]]] = {table: [] for table in _CASE_TABLES}
        for state in states:
            self._rows_of_state(state, rows)
        case_ids = [str(state.summary.id) for state in states]
        for start in range(0, len(case_ids), _DELETE_SLICE):
            chosen = case_ids[start:start + _DELETE_SLICE]
            for table in _CASE_TABLES:
                key = table.c.id if table is cases else table.c.case_id
                conn.execute(delete(table).where(key.in_(chosen)))
        for table, table_rows in rows.items():
            if table_rows:
                conn.execute(insert(table), table_rows)

    def _rows_of_state(self, state: CaseState, rows: dict[Table, list[dict[str, Any]]]) -> None:
        case_id = str(state.summary.id)
        s = state.summary
        rows[cases].append({
            "id": case_id,
            "person_ref": self.fields.seal(s.person_ref),
            "setting": s.setting.value,
            "location_id": s.location_id,
            "provider_id": s.provider_id,
            "date_of_birth": None if s.date_of_birth is None else self.fields.seal(s.date_of_birth.isoformat()),
            "opened_at": _store(s.opened_at),
            "policy_name": s.policy_name,
            "policy_version": s.policy_version,
            "version": s.version,
        })
        rows[uses].extend(self._use_row(case_id, u) for u in state.uses)
        rows[obligations].extend(_obligation_row(case_id, o, self.fields) for o in state.obligations)
        rows[findings].extend(_finding_row(case_id, f, self.fields) for f in state.findings)
        rows[status_spans.spans].extend(status_spans.span_rows(state, _store))

    def _use_row(self, case_id: str, use: UseSummary) -> dict[str, Any]:
        record = self.transcoder.encode({"segments": list(use.segments), "details": use.details})
        return {
            "id": str(use.id),
            "case_id": case_id,
            "started_at": _store(use.started_at),
            "ended_at": _store(use.ended_at),
            "practices": ",".join(s.practice.national_code or s.practice.value for s in use.segments),
            "record": self.fields.seal(record.decode("utf8")),
        }

    # ---------------------------------------------------------------------------------------------- reading

    def case(self, case_id: UUID) -> CaseSummary | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(cases).where(cases.c.id == str(case_id))).mappings().first()
        return None if row is None else _summary(row, self.fields)

    def cases(
        self,
        *,
        moment: datetime,
        status: ComplianceStatus | None,
        location_id: str | None,
        first: int,
        after: UUID | None,
        reach: Reach | None = None,
    ) -> CasePage:
        at = _store(moment)
        assert at is not None
        with self.engine.connect() as conn:
            if status is None:
                total, fetched = self._page(conn, at, reach, location_id, first=first, after=after)
                summaries = fetched[:first]
                statuses = status_spans.statuses_at(conn, [str(c.id) for c in summaries], at)
            else:
                # Counted and paged from the spans' indexes; only the page's cases are read, and their status is
                # the one asked for.
                total = status_spans.count_with_status(conn, status, at, reach, location_id)
                chosen = status_spans.page_with_status(conn, status, at, reach, location_id, after=after,
                                                       limit=first + 1)
                rows = conn.execute(select(cases).where(cases.c.id.in_(chosen)).order_by(cases.c.id)).mappings()
                fetched = [_summary(row, self.fields) for row in rows]
                summaries = fetched[:first]
                statuses = {c.id: status for c in summaries}
        return CasePage(tuple(summaries), len(fetched) > first, total, statuses)

    def _page(
        self, conn: Connection, at: datetime, reach: Reach | None, location_id: str | None, *, first: int,
        after: UUID | None,
    ) -> tuple[int, list[CaseSummary]]:
        """Every case in reach opened by ``at``: their count, and up to ``first + 1`` of them after ``after``."""
        conditions = [cases.c.opened_at <= at, *_within(reach)]
        if location_id is not None:
            conditions.append(cases.c.location_id == location_id)
        total = int(conn.execute(select(func.count()).select_from(cases).where(*conditions)).scalar_one())
        if after is not None:
            conditions.append(cases.c.id > str(after))
        rows = conn.execute(select(cases).where(*conditions).order_by(cases.c.id).limit(first + 1)).mappings()
        return total, [_summary(row, self.fields) for row in rows]

    def uses(self, case_id: UUID) -> list[UseSummary]:
        return self.uses_of([case_id])[case_id]

    def uses_of(self, case_ids: Sequence[UUID]) -> dict[UUID, list[UseSummary]]:
        found: dict[UUID, list[UseSummary]] = {case_id: [] for case_id in case_ids}
        for row in self._rows_of(uses, case_ids, uses.c.started_at, uses.c.id):
            record, case_id = self._record(row), UUID(row["case_id"])
            found[case_id].append(UseSummary(UUID(row["id"]), case_id, tuple(record["segments"]), record["details"]))
        return found

    def _record(self, row: Any) -> Any:
        return self.transcoder.decode(self.fields.unseal(row["record"]).encode("utf8"))

    def obligations(self, case_id: UUID) -> list[Obligation]:
        return self.obligations_of([case_id])[case_id]

    def obligations_of(self, case_ids: Sequence[UUID]) -> dict[UUID, list[Obligation]]:
        found: dict[UUID, list[Obligation]] = {case_id: [] for case_id in case_ids}
        order = (obligations.c.opened_at, obligations.c.due_at, obligations.c.rule_id)
        for row in self._rows_of(obligations, case_ids, *order):
            found[UUID(row["case_id"])].append(_obligation(row, self.fields))
        return found

    def findings(self, case_id: UUID) -> list[Finding]:
        return self.findings_of([case_id])[case_id]

    def findings_of(self, case_ids: Sequence[UUID]) -> dict[UUID, list[Finding]]:
        found: dict[UUID, list[Finding]] = {case_id: [] for case_id in case_ids}
        for row in self._rows_of(findings, case_ids, findings.c.at, findings.c.rule_id, findings.c.id):
            found[UUID(row["case_id"])].append(_finding(row, self.fields))
        return found

    def _rows_of(self, table: Table, case_ids: Sequence[UUID], *order: Any) -> list[Any]:
        """The rows of several cases in one query (a page of cases asks for all of theirs at once), in ``order``;
        each case's rows keep that order when grouped."""
        with self.engine.connect() as conn:
            query = select(table).where(table.c.case_id.in_([str(c) for c in dict.fromkeys(case_ids)]))
            return list(conn.execute(query.order_by(*order)).mappings())

    # ---------------------------------------------------------------------------------------------- trends

    def uses_between(
        self, location_id: str | None, start: datetime, end: datetime, reach: Reach | None = None
    ) -> list[UseSummary]:
        """Uses (of cases at the location, or of all) that started in [start, end) or were still going on at start,
        in the order they started."""
        condition = and_(
            uses.c.started_at < _store(end),
            or_(uses.c.started_at >= _store(start), uses.c.ended_at.is_(None), uses.c.ended_at > _store(start)),
        )
        query = select(uses).join(cases, cases.c.id == uses.c.case_id).where(condition, *_within(reach))
        if location_id is not None:
            query = query.where(cases.c.location_id == location_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(uses.c.started_at, uses.c.id)).mappings()
            result = []
            for row in rows:
                record = self._record(row)
                result.append(
                    UseSummary(UUID(row["id"]), UUID(row["case_id"]), tuple(record["segments"]), record["details"])
                )
        return result

    def obligations_between(
        self, location_id: str | None, start: datetime, end: datetime, reach: Reach | None = None
    ) -> list[Obligation]:
        """Obligations (of cases at the location, or of all) opened before end that were opened in [start, end) or
        were neither met nor waived before start: those a period within [start, end) can count."""
        o = obligations
        since, until = _store(start), _store(end)
        still_open = and_(
            or_(o.c.met_at.is_(None), o.c.met_at >= since), or_(o.c.waived_at.is_(None), o.c.waived_at >= since)
        )
        query = (
            select(o)
            .join(cases, cases.c.id == o.c.case_id)
            .where(o.c.opened_at < until, or_(o.c.opened_at >= since, still_open), *_within(reach))
        )
        if location_id is not None:
            query = query.where(cases.c.location_id == location_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(o.c.opened_at, o.c.due_at, o.c.rule_id, o.c.id)).mappings()
            return [_obligation(row, self.fields) for row in rows]


def _within(reach: Reach | None) -> list[Any]:
    """The conditions keeping a query to the cases within ``reach`` (none when None: a command-line tool's reach)."""
    if reach is None:
        return []
    conditions = [cases.c.provider_id == reach.provider]
    if reach.locations is not None:
        conditions.append(cases.c.location_id.in_(sorted(reach.locations)))
    return conditions


def _rule(row: Any) -> Rule:
    return Rule(row["rule_id"], row["description"], row["source"], row["confidence"], bool(row["departable"]))


def _obligation_row(case_id: str, o: Obligation, fields: FieldCipher) -> dict[str, Any]:
    return {
        "id": str(o.id),
        "case_id": case_id,
        "rule_id": o.rule.id,
        "description": o.rule.description,
        "source": o.rule.source,
        "confidence": o.rule.confidence,
        "triggered_by": str(o.triggered_by),
        "opened_at": _store(o.opened_at),
        "due_soon_from": _store(o.due_soon_from),
        "due_at": _store(o.due_at),
        "met_at": _store(o.met_at),
        "met_by": None if o.met_by is None else str(o.met_by),
        "waived_at": _store(o.waived_at),
        "waiver_reason": fields.seal(o.waiver_reason),
        "departable": o.rule.departable,
    }


def _obligation(row: Any, fields: FieldCipher) -> Obligation:
    return Obligation(
        id=UUID(row["id"]),
        rule=_rule(row),
        triggered_by=UUID(row["triggered_by"]),
        opened_at=_load(row["opened_at"]),  # type: ignore[arg-type]
        due_at=_load(row["due_at"]),  # type: ignore[arg-type]
        due_soon_from=_load(row["due_soon_from"]),  # type: ignore[arg-type]
        met_at=_load(row["met_at"]),
        met_by=None if row["met_by"] is None else UUID(row["met_by"]),
        waived_at=_load(row["waived_at"]),
        waiver_reason=fields.unseal(row["waiver_reason"]),
    )


def _finding_row(case_id: str, f: Finding, fields: FieldCipher) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "rule_id": f.rule.id,
        "description": f.rule.description,
        "source": f.rule.source,
        "confidence": f.rule.confidence,
        "subject": str(f.subject),
        "at": _store(f.at),
        "resolved_at": _store(f.resolved_at),
        "detail": fields.seal(f.detail),
        "waived_at": _store(f.waived_at),
        "waiver_reason": fields.seal(f.waiver_reason),
        "departable": f.rule.departable,
    }


def _finding(row: Any, fields: FieldCipher) -> Finding:
    return Finding(
        rule=_rule(row),
        subject=UUID(row["subject"]),
        at=_load(row["at"]),  # type: ignore[arg-type]
        detail=fields.unseal(row["detail"]),
        resolved_at=_load(row["resolved_at"]),
        waived_at=_load(row["waived_at"]),
        waiver_reason=fields.unseal(row["waiver_reason"]),
    )


def _summary(row: Any, fields: FieldCipher) -> CaseSummary:
    born = fields.unseal(row["date_of_birth"])
    return CaseSummary(
        id=UUID(row["id"]),
        person_ref=fields.unseal(row["person_ref"]),
        setting=Setting(row["setting"]),
        location_id=row["location_id"],
        provider_id=row["provider_id"],
        date_of_birth=None if born is None else date.fromisoformat(born),
        opened_at=_load(row["opened_at"]),  # type: ignore[arg-type]
        policy_name=row["policy_name"],
        policy_version=row["policy_version"],
        version=row["version"],
    )
