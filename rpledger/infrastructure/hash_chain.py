"""The arithmetic of the event chain: pure functions, no I/O (the recorders and ``integrity`` do the reading).

Each stream (one case) has its own chain. The link of the event at position n covers the link at n-1 and the
stored bytes of the event, each field length-prefixed so that no two different events encode alike:

    link(n) = SHA-256(link(n-1) || len+stream id || version || len+topic || len+state)
    link(0) = genesis(stream id)

When the link at n-1 is not stored (an event recorded before the chain existed, or one slipped in behind the
application's back), the writer and the verifier both use ``unanchored(stream id, n-1)`` in its place, so the rule
is one and the same on both sides and the chain resumes after the hole (which ``verify`` still reports).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from hashlib import sha256
from uuid import UUID

from eventsourcing.persistence import StoredEvent

StreamId = UUID | str
Key = tuple[StreamId, int]

_GENESIS = b"rpledger/event-chain/v1/genesis"
_UNANCHORED = b"rpledger/event-chain/v1/unanchored"
_DIGEST = b"rpledger/event-chain/v1/digest"


def _field(data: bytes) -> bytes:
    return len(data).to_bytes(8, "big") + data


def _stream_bytes(stream_id: StreamId) -> bytes:
    # str(UUID) is the canonical hyphenated lower-case form, whatever the backend stored (SQLite keeps hex).
    return str(stream_id).encode()


def genesis(stream_id: StreamId) -> bytes:
    return sha256(_field(_GENESIS) + _field(_stream_bytes(stream_id))).digest()


def unanchored(stream_id: StreamId, version: int) -> bytes:
    position = version.to_bytes(8, "big", signed=True)
    return sha256(_field(_UNANCHORED) + _field(_stream_bytes(stream_id)) + position).digest()


def link(previous: bytes, stream_id: StreamId, version: int, topic: str, state: bytes) -> bytes:
    return stream_link(previous, stream_field(stream_id), version, topic, state)


def stream_field(stream_id: StreamId) -> bytes:
    """The encoded stream id, to compute once per stream when walking many of its events (``stream_link``)."""
    return _field(_stream_bytes(stream_id))


@lru_cache(maxsize=1024)
def _topic_field(topic: str) -> bytes:
    return _field(topic.encode())


def stream_link(previous: bytes, stream: bytes, version: int, topic: str, state: bytes) -> bytes:
    position = version.to_bytes(8, "big", signed=True)
    return sha256(b"".join((previous, stream, position, _topic_field(topic), _field(bytes(state))))).digest()


def previous_link(stream_id: StreamId, version: int, stored: bytes | None) -> bytes:
    """What the event at ``version`` chains from, given the stored link of ``version - 1`` (None if absent)."""
    if version <= 1:
        return genesis(stream_id)
    return stored if stored is not None else unanchored(stream_id, version - 1)


def predecessors(events: Sequence[StoredEvent]) -> list[Key]:
    """The positions whose stored links a save needs: those just before each stream's first event in the save."""
    in_save = {(e.originator_id, e.originator_version) for e in events}
    return [
        (e.originator_id, e.originator_version - 1)
        for e in events
        if e.originator_version > 1 and (e.originator_id, e.originator_version - 1) not in in_save
    ]


def chain(events: Sequence[StoredEvent], stored: Callable[[list[Key]], Mapping[Key, bytes]]) -> list[tuple[Key, bytes]]:
    """The links of the events of one save, several per stream possibly, given a reader of stored links."""
    known: dict[Key, bytes] = dict(stored(predecessors(events)))
    links: list[tuple[Key, bytes]] = []
    for e in events:
        key = (e.originator_id, e.originator_version)
        before = previous_link(e.originator_id, e.originator_version, known.get((e.originator_id, key[1] - 1)))
        known[key] = link(before, e.originator_id, e.originator_version, e.topic, e.state)
        links.append((key, known[key]))
    return links


def head_digest(last_notification_id: int, heads: Iterable[tuple[StreamId, int, bytes]]) -> str:
    """``N:hex``: a short fingerprint of every stream's head (position and link) as of notification N."""
    digest = sha256(_field(_DIGEST) + last_notification_id.to_bytes(8, "big"))
    for stream_id, version, head in sorted(heads, key=lambda h: str(h[0])):
        digest.update(_field(_stream_bytes(stream_id)) + version.to_bytes(8, "big", signed=True) + head)
    return f"{last_notification_id}:{digest.hexdigest()[:32]}"
