"""``rpledger project``: the projections in a process of their own.

It keeps both read models (the compliance view and the blanket restriction register) up to date with the event log:
it catches up when it starts, then whenever it is woken (on PostgreSQL by a notification when events are stored, on
SQLite by polling; see ``infrastructure.coordination``), batch by batch, until SIGTERM or SIGINT, which it obeys
between batches (exit 0). Each batch is written with its tracking position in one transaction that refuses a
position already applied, so several of these processes, and the API workers that catch up after their own saves,
can run at once; killed at any moment, it starts again where the last committed batch ended.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from rpledger.infrastructure.coordination import TRANSIENT_ERRORS, LogListener, listener_for
from rpledger.infrastructure.settings import Settings

if TYPE_CHECKING:
    from rpledger.application.following import LogFollower
    from rpledger.bootstrap import Services

SettingsOf = Callable[[argparse.Namespace], Settings]

# Seconds between catch-ups when nothing wakes the worker: SQLite cannot; on PostgreSQL it is a safety net.
DEFAULT_POLL = {"sqlite": 1.0, "postgresql": 30.0}
# Seconds: how soon a stop signal is noticed while waiting (a handler that only sets a flag cannot cut a wait short).
_SLICE = 0.5

_log = logging.getLogger("rpledger.project")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser], settings_of: SettingsOf,
                 database_help: str) -> None:
    project = commands.add_parser("project", help="keep the read models up to date with the event log")
    project.add_argument("--database", help=database_help)
    project.add_argument(
        "--poll", type=float, metavar="SECONDS",
        help="catch up at least this often (default 1 on SQLite; 30 on PostgreSQL, where new events wake it at once)",
    )
    project.add_argument("--once", action="store_true", help="catch up, then exit")
    project.set_defaults(run=partial(_project, settings_of))


def _project(settings_of: SettingsOf, args: argparse.Namespace) -> int:
    from rpledger.bootstrap import build_services

    settings = settings_of(args)
    poll = DEFAULT_POLL[settings.database.backend] if args.poll is None else args.poll
    if poll <= 0:
        print("rpledger: --poll must be more than 0 seconds", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        services = build_services(settings, catch_up=False)
        try:
            return _once(services, stop) if args.once else _follow(services, poll, stop)
        finally:
            services.close()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _once(services: Services, stop: threading.Event) -> int:
    try:
        _catch_up(services, stop)
    except TRANSIENT_ERRORS as problem:
        print(f"rpledger: the database is busy or out of reach: {problem}", file=sys.stderr)
        return 1
    _log_positions(services, "caught up")
    return 0


def _follow(services: Services, poll: float, stop: threading.Event) -> int:
    database = services.settings.database
    # Listening starts before the first catch-up, so that nothing stored after that catch-up's read goes unnoticed.
    listener = listener_for(database, services.cases.recorder.events_table_name)  # type: ignore[attr-defined]
    woken = " when events are stored, and in any case" if database.backend == "postgresql" else ""
    _log.info("following the event log on %s: catching up%s every %s s", database.backend, woken, poll)
    try:
        said = False  # whether a "caught up" line was logged yet: the first round says where it got to
        while not stop.is_set():
            applied = _catch_up_or_warn(services, poll, stop)
            if applied is not None and (applied or not said) and not stop.is_set():
                _log_positions(services, "caught up")
                said = True
            _wait(listener, poll, stop)
    finally:
        listener.close()
    _log.info("stopped")
    return 0


def _catch_up_or_warn(services: Services, poll: float, stop: threading.Event) -> int | None:
    """``_catch_up``, or None when the database is busy or out of reach (the next round tries again)."""
    try:
        return _catch_up(services, stop)
    except TRANSIENT_ERRORS as problem:
        _log.warning("the database is busy or out of reach (%s); trying again in %s s", problem, poll)
        return None


def _catch_up(services: Services, stop: threading.Event) -> int:
    """Both projections, a batch of each in turn (neither waits for the other to reach the head), until both are at
    the head or a stop is asked for. Returns how many events were applied."""
    pending: dict[str, LogFollower[Any]] = {
        "compliance view": services.projection, "blanket register": services.blanket_projection
    }
    applied = 0
    while pending and not stop.is_set():
        for name, follower in list(pending.items()):
            batch = follower.apply_next_batch()
            if batch is None:
                del pending[name]
                continue
            applied += batch.notifications
            _log.info("%s: applied %d events, now at position %d", name, batch.notifications, batch.position)
    return applied


def _wait(listener: LogListener, poll: float, stop: threading.Event) -> None:
    """Until woken, stopped, or ``poll`` seconds have passed."""
    deadline = time.monotonic() + poll
    while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
        if listener.wait(min(_SLICE, left)):
            return


def _log_positions(services: Services, what: str) -> None:
    _log.info("%s: compliance view at position %d, blanket register at position %d", what,
              services.view.position(), services.blanket_register.position())
