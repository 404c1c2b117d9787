"""Snapshots of a case: its state at a version, stored so that loading a long case need not replay it all.

A case's state is dicts keyed by entry ids (UUIDs), tuples, frozensets, frozen dataclasses and enums. JSON has
none of these (a dict key must be a string), and the application's transcodings restore tuples only where a
dataclass field declares one. So ``CaseSnapshot`` stores the state as one compact, self-describing JSON document
(``pack``): each container and value carries its type, value objects are arrays of their fields in order with
their class named once in a table, and an entry the case holds twice (as recorded and as corrected) is stored once.
Decoding gives back exactly the types, and the sharing, that were there. The application's mapper then stores that
document like any event's state.

- **Same mapper as the events.** Snapshots go through the application's mapper, so with an encryption key their
  state is encrypted exactly as the events' is.
- **Outside the hash chain.** Snapshots live in their own table (``stored_snapshots``) that ``rpledger verify``
  does not read: they are derived from the events, never the record. A snapshot is used only for the version it was
  taken at or a later one (``repository.get(id, version=N)`` looks for the last snapshot at or before N), so the
  history, ``asOf`` and ``knownAt`` views, which read events, are unchanged.
- **Versioned with the aggregate.** The library adds ``class_version`` to the state and upcasts it with the case's
  ``upcast_vX_vY`` methods (event upcasters do not touch snapshots).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from typing import Any, cast
from uuid import UUID, SafeUUID

from eventsourcing.domain import Aggregate, BaseAggregate, Snapshot
from eventsourcing.utils import get_topic, resolve_topic

# Each compound value is a JSON array whose first item says what it is; strings, numbers, booleans and null stand
# for themselves. An entry held twice (as recorded, and as corrected when uncorrected) is stored once, then referred
# to by the order in which it was completed (REF).
LIST, TUPLE, MAP, FROZENSET, SET, OBJ, ENUM, UUID_, DATETIME, DATE, REF = range(11)
FORMAT = 1


class _Packer:
    def __init__(self) -> None:
        self.types: dict[type, int] = {}
        self.uuids: dict[UUID, int] = {}  # each id is stored once, in a table, and referred to by its position
        self.seen: dict[int, int] = {}  # id() of a value object -> its position in completion order
        self.kept: list[Any] = []  # keeps every value object alive while packing, so that ids are not reused
        self.done = 0

    def type_index(self, cls: type) -> int:
        return self.types.setdefault(cls, len(self.types))

    def pack(self, value: Any) -> Any:
        if value is None or type(value) in (str, int, float, bool):
            return value
        if isinstance(value, UUID):
            return [UUID_, self.uuids.setdefault(value, len(self.uuids))]
        if isinstance(value, datetime):
            return [DATETIME, value.isoformat()]
        if isinstance(value, date):
            return [DATE, value.isoformat()]
        if isinstance(value, Enum):
            return [ENUM, self.type_index(type(value)), value.value]
        if isinstance(value, dict):
            return [MAP, *(self.pack(x) for kv in value.items() for x in kv)]
        if isinstance(value, tuple):
            return [TUPLE, *map(self.pack, value)]
        if isinstance(value, list):
            return [LIST, *map(self.pack, value)]
        if isinstance(value, frozenset):
            return [FROZENSET, *map(self.pack, value)]
        if isinstance(value, set):
            return [SET, *map(self.pack, value)]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if id(value) in self.seen:
                return [REF, self.seen[id(value)]]
            packed = [OBJ, self.type_index(type(value)), *(self.pack(getattr(value, f.name)) for f in
                                                          dataclasses.fields(value))]
            self.seen[id(value)] = self.done
            self.kept.append(value)
            self.done += 1
            return packed
        raise TypeError(f"a case snapshot cannot hold a {type(value).__qualname__}")


def _uuid(hex_: str) -> UUID:
    """``UUID(hex=hex_)`` for the 32 hex digits ``UUID.hex`` gives, without the parsing ``__init__`` does (a case
    holds tens of thousands of ids; building them is most of a snapshot's decoding)."""
    made = object.__new__(UUID)
    object.__setattr__(made, "int", int(hex_, 16))
    object.__setattr__(made, "is_safe", SafeUUID.unknown)
    return made


class _Unpacker:
    def __init__(self, types: list[str], uuids: list[str]) -> None:
        self.types = [resolve_topic(topic) for topic in types]
        self.uuids = [_uuid(hex_) for hex_ in uuids]
        self.fields = [
            [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else [] for cls in self.types
        ]
        self.done: list[Any] = []

    def unpack(self, value: Any) -> Any:
        if type(value) is not list:
            return value
        tag = value[0]
        if tag == UUID_:
            return self.uuids[value[1]]
        if tag == DATETIME:
            return datetime.fromisoformat(value[1])
        if tag == MAP:
            items = [self.unpack(x) for x in value[1:]]
            return dict(zip(items[::2], items[1::2], strict=True))
        if tag == TUPLE:
            return tuple(map(self.unpack, value[1:]))
        if tag == OBJ:
            cls = self.types[value[1]]
            obj = object.__new__(cls)  # built without __init__, as the library rebuilds an aggregate: checked when made
            for name, field in zip(self.fields[value[1]], value[2:], strict=True):
                object.__setattr__(obj, name, self.unpack(field))
            self.done.append(obj)
            return obj
        if tag == REF:
            return self.done[value[1]]
        if tag == ENUM:
            return self.types[value[1]](value[2])
        if tag == DATE:
            return date.fromisoformat(value[1])
        if tag == FROZENSET:
            return frozenset(map(self.unpack, value[1:]))
        if tag == SET:
            return set(map(self.unpack, value[1:]))
        if tag == LIST:
            return list(map(self.unpack, value[1:]))
        raise ValueError(f"not a packed value: {value!r:.80}")


def pack(state: dict[str, Any]) -> str:
    """The aggregate's state as one JSON document (see the module's docstring)."""
    packer = _Packer()
    packed = {name: packer.pack(value) for name, value in state.items()}
    types = [get_topic(cls) for cls in packer.types]
    uuids = [u.hex for u in packer.uuids]
    document = {"format": FORMAT, "types": types, "uuids": uuids, "state": packed}
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def unpack(document: str) -> dict[str, Any]:
    """The inverse of ``pack``."""
    loaded = json.loads(document)
    if loaded.get("format") != FORMAT:
        raise ValueError(f"unknown case snapshot format {loaded.get('format')!r}")
    unpacker = _Unpacker(loaded["types"], loaded["uuids"])
    return {name: unpacker.unpack(value) for name, value in loaded["state"].items()}


@dataclasses.dataclass(frozen=True)
class CaseSnapshot(Snapshot):
    """A snapshot whose state is one ``pack``ed JSON document: see the module's docstring."""

    @classmethod
    def take(cls, aggregate: Any) -> CaseSnapshot:
        plain = Snapshot.take(aggregate)
        return cls(
            originator_id=plain.originator_id,
            originator_version=plain.originator_version,
            timestamp=plain.timestamp,
            topic=plain.topic,
            state={"packed": pack(plain.state)},
        )

    def mutate(self, _: None) -> BaseAggregate[UUID]:
        plain = Snapshot(
            originator_id=self.originator_id,
            originator_version=self.originator_version,
            timestamp=self.timestamp,
            topic=self.topic,
            state=unpack(self.state["packed"]),
        )
        return cast(Aggregate, plain.mutate(None))
