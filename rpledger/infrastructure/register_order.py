"""Which rows of the register of blanket restrictions (``blanket_register.restrictions``) a location's register
lists at a moment, in what order, and where a page of it that starts after a given restriction begins (keyset
paging: no OFFSET, so a page costs the same however far into the register it is, and a restriction introduced or
lifted meanwhile neither repeats nor skips a row of the pages after it).

The order is high priority first, then the order introduced, then id, which makes it total. Times are compared as
``blanket_register`` stores them: naive UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Table, and_, case, or_

from rpledger.domain.blanket_restriction import BlanketRestrictionPriority


def _stored(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _rank(table: Table) -> ColumnElement[int]:
    return case((table.c.priority == BlanketRestrictionPriority.HIGH.value, 0), else_=1)


def in_order(table: Table) -> tuple[Any, ...]:
    """The register's order, for ``ORDER BY``."""
    return _rank(table), table.c.introduced_at, table.c.id


def listed(
    table: Table, location_id: str, moment: datetime, include_lifted: bool, provider_id: str | None
) -> list[ColumnElement[bool]]:
    """The register of ``location_id`` (of ``provider_id`` when given) at ``moment``: the restrictions introduced by
    then and, unless ``include_lifted``, not lifted by then."""
    at = _stored(moment)
    conditions = [table.c.location_id == location_id, table.c.introduced_at <= at]
    if provider_id is not None:
        conditions.append(table.c.provider_id == provider_id)
    if not include_lifted:
        conditions.append(or_(table.c.lifted_at.is_(None), table.c.lifted_at > at))
    return conditions


def after(table: Table, high: bool, introduced_at: datetime, restriction_id: UUID) -> ColumnElement[bool]:
    """The rows that come after the restriction with this priority, introduction and id in the register's order."""
    rank, at, c = _rank(table), _stored(introduced_at), table.c
    same_rank = rank == (0 if high else 1)
    return or_(
        rank > (0 if high else 1),
        and_(same_rank, c.introduced_at > at),
        and_(same_rank, c.introduced_at == at, c.id > str(restriction_id)),
    )
