"""The tables of the compliance read models (``compliance_view`` writes and reads them; ``status_spans`` adds the
status spans), and the version of their shape."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, MetaData, String, Table, Text

PROJECTION_NAME = "compliance"
# Raised whenever a table below changes shape. Read models are derived data: on a mismatch they are dropped and
# refilled from the event store, so an upgraded rpledger never reads rows of the old shape.
# 4: personal columns may hold sealed text, so the date of birth is text (ISO, sealed when the store has a key).
# 5: each case's status spans (rp_status_spans), so that listing cases by status reads an index.
# 6: the spans carry their case's provider, location and opening, so that counting and paging the cases of a status
#    reads the spans' indexes alone, without visiting every case.
SCHEMA_VERSION = "6"

metadata = MetaData()

schema_version = Table(
    "rp_schema",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("version", String(32), nullable=False),
)

tracking = Table(
    "rp_tracking",
    metadata,
    Column("projection", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

cases = Table(
    "rp_cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("person_ref", Text, nullable=False),  # sealed
    Column("setting", String(64), nullable=False),
    Column("location_id", Text, nullable=False, index=True),
    Column("provider_id", Text, nullable=False, index=True),
    Column("date_of_birth", Text),  # ISO date, sealed
    Column("opened_at", DateTime, nullable=False),
    Column("policy_name", String(64), nullable=False),
    Column("policy_version", String(32), nullable=False),
    Column("version", Integer, nullable=False),
)

uses = Table(
    "rp_uses",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime),
    Column("practices", Text, nullable=False),  # national (or rpledger) codes, comma-separated, for reporting
    Column("record", Text, nullable=False),  # segments and details, as the event store encodes them; sealed
)

obligations = Table(
    "rp_obligations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("rule_id", String(32), nullable=False),
    Column("description", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("confidence", String(16), nullable=False),
    Column("triggered_by", String(36), nullable=False),
    Column("opened_at", DateTime, nullable=False),
    Column("due_soon_from", DateTime, nullable=False),
    Column("due_at", DateTime, nullable=False),
    Column("met_at", DateTime),
    Column("met_by", String(36)),
    Column("waived_at", DateTime),
    Column("waiver_reason", Text),  # sealed
    Column("departable", Boolean, nullable=False, default=False),
)

findings = Table(
    "rp_findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("rule_id", String(32), nullable=False),
    Column("description", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("confidence", String(16), nullable=False),
    Column("subject", String(36), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("resolved_at", DateTime),
    Column("detail", Text, nullable=False),  # sealed
    Column("waived_at", DateTime),
    Column("waiver_reason", Text),  # sealed
    Column("departable", Boolean, nullable=False, default=False),
)
