"""Tamper evidence: ``verify`` walks every stream's hash chain, and ``log_digest`` fingerprints the whole log.

Design (why it is built this way):

- **One chain per stream, not one for the whole log.** A case's link depends only on that case's previous link
  (see ``hash_chain``), so writers of different cases never wait on each other for the chain, a break is reported
  at the case and position where it is, and one broken case does not make every later event of other cases look
  broken. The links live in a table of their own beside the events (``<app>_event_links``), written in the same
  transaction as the events by subclasses of eventsourcing's native recorders (``chained_sqlite``,
  ``chained_postgres``); the event tables keep the library's layout, so nothing else in eventsourcing changes.
- **What a per-stream chain cannot see alone** is the removal of a stream's newest events together with their
  links, or a forger who recomputes the links after changing an event (the algorithm is public; there is no key).
  The **digest** answers both: ``N:hex`` covers every stream's head as of notification N, recomputed *from the event
  bytes* in notification order without reading a single stored link. An auditor keeps it outside the database; a
  later ``verify --expect`` recomputes it as of N. New events (after N) leave it unchanged; any change, removal,
  insertion or reordering of an event at or before N changes it, and a log that no longer reaches N fails outright.
- **The database refuses UPDATE and DELETE** (and TRUNCATE on PostgreSQL) on both tables, by triggers created with
  the tables. An administrator can drop them; the chain and the digest are what catch what happens next.
- **Breaks are localised.** After a mismatch the walk continues from the *stored* link, as the writer did, so one
  changed event is one break. A hole where both an event and its link were removed is reported once, at the hole;
  the next link cannot be checked (its predecessor is gone) and is not reported again. Events that have no link
  (written behind the application's back, or before the chain existed) are reported; the writer resumes the chain
  after them from ``hash_chain.unanchored``, and so does this walk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Protocol

from eventsourcing.persistence import InfrastructureFactory, Notification
from eventsourcing.utils import Environment

from rpledger.application.cases import Cases
from rpledger.infrastructure import hash_chain
from rpledger.infrastructure.hash_chain import StreamId
from rpledger.infrastructure.persistence import event_store_env
from rpledger.infrastructure.settings import Database

Row = tuple[StreamId, int, str, bytes, bytes | None]
_PAGE = 1000


class ChainedStore(Protocol):
    """What ``chained_sqlite`` and ``chained_postgres`` recorders offer to the verifier."""

    def chained_rows(self) -> Iterator[Row]: ...
    def orphan_links(self) -> dict[StreamId, dict[int, bytes]]: ...
    def max_notification_id(self) -> int | None: ...
    def select_notifications(self, start: int | None, limit: int, stop: int | None = None) -> list[Notification]: ...


@dataclass(frozen=True)
class Break:
    stream_id: StreamId
    position: int
    problem: str

    def __str__(self) -> str:
        return f"case {self.stream_id} position {self.position}: {self.problem}"


@dataclass(frozen=True)
class Report:
    streams: int
    events: int
    breaks: tuple[Break, ...]

    @property
    def ok(self) -> bool:
        return not self.breaks

    def __str__(self) -> str:
        verdict = "intact" if self.ok else f"{len(self.breaks)} break(s)"
        return f"rpledger verify: {self.streams} case streams, {self.events} events checked: {verdict}"


class DigestFormatError(ValueError):
    """A kept digest is not of the form N:hex."""


@contextmanager
def open_event_store(database: Database) -> Iterator[ChainedStore]:
    """The Cases event store of ``database``, chained recorder and all, without building the application."""
    factory = InfrastructureFactory.construct(Environment(Cases.name, event_store_env(database)))
    try:
        recorder = factory.application_recorder()
        if not hasattr(recorder, "chained_rows"):
            raise TypeError(f"{type(recorder).__qualname__} does not keep a hash chain")
        yield recorder  # type: ignore[misc]  # checked just above
    finally:
        factory.close()


def verify(store: ChainedStore) -> Report:
    """Check every stream's chain against the stored event bytes; report each break with its case and position."""
    orphans = store.orphan_links()
    breaks: list[Break] = []
    streams = events = 0
    for stream_id, rows in groupby(store.chained_rows(), key=itemgetter(0)):
        checked = _check_stream(stream_id, rows, orphans.pop(stream_id, {}), breaks)
        streams, events = streams + 1, events + checked
    for stream_id, links in orphans.items():  # every event of the stream is gone, its links remain
        streams += 1
        breaks.extend(Break(stream_id, v, "event deleted: its link remains") for v in sorted(links))
    return Report(streams, events, tuple(breaks))


def _check_stream(stream_id: StreamId, rows: Iterable[Row], orphans: dict[int, bytes], breaks: list[Break]) -> int:
    expected, before, count = 1, None, 0  # ``before``: the stored link at expected - 1, if any
    unverifiable = False  # the predecessor and its link are both gone: the next link cannot be checked
    stream = hash_chain.stream_field(stream_id)
    for _, version, topic, state, stored in rows:
        count += 1
        for hole in range(expected, version):
            before = orphans.pop(hole, None)
            unverifiable = before is None
            problem = "event deleted: its link remains" if before is not None else "event and its link missing"
            breaks.append(Break(stream_id, hole, problem))
        previous = hash_chain.previous_link(stream_id, version, before)
        if stored is None:
            breaks.append(Break(stream_id, version, "event has no link: it was not recorded by rpledger"))
        elif stored != hash_chain.stream_link(previous, stream, version, topic, state) and not unverifiable:
            breaks.append(Break(stream_id, version, "stored event does not match its link: changed or moved"))
        expected, before, unverifiable = version + 1, stored, False
    breaks.extend(Break(stream_id, v, "event deleted: its link remains") for v in sorted(orphans) if v >= expected)
    return count


def log_digest(store: ChainedStore, upto: int | None = None) -> str:
    """``N:hex`` over every stream's head as of notification N (default: the last), from the event bytes alone."""
    last = store.max_notification_id() or 0
    upto = last if upto is None else upto
    heads: dict[StreamId, tuple[int, bytes, bytes]] = {}  # stream -> position, link, encoded stream id
    start: int | None = None
    while start is None or start <= upto:
        page = store.select_notifications(start or 1, _PAGE, stop=upto)
        for n in page:
            _, previous, stream = heads.get(n.originator_id) or _first(n.originator_id)
            head = hash_chain.stream_link(previous, stream, n.originator_version, n.topic, n.state)
            heads[n.originator_id] = (n.originator_version, head, stream)
        if len(page) < _PAGE:
            break
        start = page[-1].id + 1
    return hash_chain.head_digest(upto, ((s, v, head) for s, (v, head, _) in heads.items()))


def _first(stream_id: StreamId) -> tuple[int, bytes, bytes]:
    return 0, hash_chain.genesis(stream_id), hash_chain.stream_field(stream_id)


def check_digest(store: ChainedStore, kept: str) -> str | None:
    """None when the log still has the history ``kept`` fingerprinted; otherwise what is wrong."""
    upto = parse_digest(kept)
    last = store.max_notification_id() or 0
    if last < upto:
        return f"the log ends at notification {last}, before {upto} where the kept digest was taken: events removed"
    actual = log_digest(store, upto)
    if actual != kept.strip().lower():
        return f"digest as of notification {upto} is {actual}, not {kept}: history up to it was changed"
    return None


def parse_digest(kept: str) -> int:
    position, _, fingerprint = kept.strip().partition(":")
    if not position.isdigit() or len(fingerprint) != 32 or any(c not in "0123456789abcdef" for c in fingerprint.lower()):
        raise DigestFormatError(f"{kept!r} is not a digest printed by `rpledger verify --digest` (N:32 hex digits)")
    return int(position)
