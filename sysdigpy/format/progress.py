"""-P: read progress on stderr, as sysdig prints it (on by default when -r and -w go together)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from sysdigpy.events.event import Event


class Progress:
    """Every 10,000 events, the percentage read when it moved by more than 0.1."""

    def __init__(self, position: Callable[[], float], stream: TextIO | None = None) -> None:
        self.position = position
        self.stream = stream if stream is not None else sys.stderr
        self.last = 0.0
        self.shown = ""

    def on_event(self, evt: Event) -> None:
        if evt.num % 10000 == 0:
            self._update()

    def _update(self) -> None:
        pct = self.position()
        if pct - self.last > 0.1:
            self._clean()
            self.shown = "%.2f" % pct
            self.stream.write("\r" + self.shown)
            self.stream.flush()
            self.last = pct

    def _clean(self) -> None:
        self.shown = " " * len(self.shown)
        self.stream.write("\r" + self.shown)

    def finish(self) -> None:
        self._clean()
        self.position = lambda: 100.0
        self._update()
        self.stream.write("\n")
        self.stream.flush()


def print_counters(events: int, elapsed: float, driver_events: int = 0, drops: int = 0) -> None:
    """-v: sysdig's end-of-run counters on stderr."""
    eps = events / elapsed if elapsed > 0 else 0.0
    sys.stderr.write(f"Driver Events:{driver_events}\nDriver Drops:{drops}\nSuppressed by Comm:0\n"
                     f"Elapsed time: {elapsed:.3f}, Captured Events: {events}, {eps:.2f} eps\n")
