"""A progress bar on stderr for the long commands (``rpledger demo --cases``, ``rpledger projections rebuild``) and the
benchmarks: one line, redrawn in place at most twice a second, with the share done and an estimate of the time left."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rpledger.application.following import Batch


class Progress:
    """A progress bar on ``stream`` (True: stderr; False: none), redrawn at most every half second."""

    def __init__(self, total: int, label: str, stream: TextIO | bool = True, unit: str = "") -> None:
        self.stream: TextIO | None = sys.stderr if stream is True else stream or None
        self.total, self.label, self.unit = max(total, 1), label, unit
        self.done, self.started, self._drawn = 0, time.perf_counter(), 0.0

    def advance(self, count: int = 1) -> None:
        self.reach(self.done + count)

    def reach(self, done: int) -> None:
        self.done = done
        now = time.perf_counter()
        if now - self._drawn >= 0.5 or self.done >= self.total:
            self._drawn = now
            self.draw()

    def draw(self) -> None:
        if self.stream is None:
            return
        share = min(self.done / self.total, 1.0)
        elapsed = time.perf_counter() - self.started
        eta = elapsed / share - elapsed if share else 0.0
        bar = "#" * int(share * 30)
        self.stream.write(
            f"\r{self.label} [{bar:<30}] {self.done:,}/{self.total:,}{self.unit} {share:4.0%} "
            f"{elapsed:5.0f}s elapsed, ~{eta:4.0f}s left"
        )
        self.stream.flush()

    def close(self) -> None:
        self.draw()
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()


@contextmanager
def log_position_bar(total: int, label: str) -> Iterator[Callable[[Batch], None]]:
    """A bar following a projection through a log of ``total`` events: give what it yields to ``rebuild`` (or
    ``catch_up``), which calls it with each batch applied."""
    bar = Progress(total, label, unit=" events")
    try:
        yield lambda batch: bar.reach(batch.position)
    finally:
        bar.close()
