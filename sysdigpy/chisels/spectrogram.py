"""spectrogram: a heat map of system call latencies per interval (sysdig's spectrogram.lua).

Each interval (refresh_time ms, 500 by default) prints one row: the X axis is log10(latency)
from 1 ns to 100 s over the terminal width, each cell coloured by how many calls per second
returned with that latency.  Under it an axis line is printed, overwritten by the next row.

On a terminal the row is rendered with rich.  Elsewhere the chisel writes the exact ANSI bytes
sysdig 0.29.3 writes to a terminal, with the width of ``COLUMNS`` (80 when unset); sysdig itself
refuses to run when stdout is not a terminal.
"""

from __future__ import annotations

import io
import math
import shutil

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import parse_numeric
from sysdigpy.chisels.meta import meta
from sysdigpy.chisels.table import format_time_interval
from sysdigpy.events.event import Event

ESC = "\x1b["
RESET = f"{ESC}0m"
HIDE_CURSOR = f"{ESC}?25l"
SHOW_CURSOR = f"{ESC}?25h"
MOVE_UP = f"{ESC}1F"
EOF_RESET = f"{ESC}00m"
PALETTE = [22, 28, 64, 34, 2, 76, 46, 118, 154, 191, 227, 226, 11, 220, 209, 208, 202, 197, 9, 1]
CHARS = [" ", "░", "▒", "░"]
MAX_LOG = 11  # 10^11 ns = 100 s, the right edge of the axis
Cell = tuple[int, int, str]


def cell_colour(n: int, refresh_per_sec: float) -> Cell:
    """mkcol: foreground, background and character for n calls in one interval."""
    col = math.log10(n * refresh_per_sec + 1) / math.log10(1.6)
    col = min(max(col, 1.0), float(len(PALETTE)))
    low, high = math.floor(col), math.ceil(col)
    delta = col - low
    ch = CHARS[math.floor(1 + delta * len(CHARS)) - 1]
    if delta > .75:
        return PALETTE[high - 1], PALETTE[low - 1], ch
    return PALETTE[low - 1], PALETTE[high - 1], ch


def axis_line(width: int) -> str:
    """The latency scale: ``|1ns`` where log10 changes, blanks elsewhere."""
    parts: list[str] = []
    x = 0
    while x < width:
        cur = math.floor(x * MAX_LOG / width)
        if cur != math.floor((x - 1) * MAX_LOG / width):
            label = format_time_interval(10 ** cur)
            parts.append("|" + label)
            x += len(label) + 1
        else:
            parts.append(" ")
            x += 1
    return "".join(parts)


def bucket(latency: int, width: int) -> int:
    """The 1-based column of a latency (log10 scale, capped at 100 s)."""
    return math.floor(min(math.log10(latency), MAX_LOG) * width / MAX_LOG) + 1


class Spectrogram(Chisel):
    name = "spectrogram"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        refresh_ns = 500_000_000
        if "refresh_time" in args:
            refresh_ns = int(parse_numeric(args["refresh_time"], "refresh_time") * 1_000_000)
        self.refresh_ns = refresh_ns
        self.refresh_per_sec = 1_000_000_000 / refresh_ns
        self.width = shutil.get_terminal_size((80, 24)).columns
        self.frequencies: dict[int, int] = {}
        self.set_filter("evt.dir=<")
        self.flatency = self.field("evt.latency")
        self.out.write(HIDE_CURSOR)

    def on_capture_start(self) -> None:
        self.interval_ns = self.refresh_ns

    def on_event(self, evt: Event) -> bool | None:
        latency = self.flatency(evt)
        if latency:
            col = bucket(int(latency), self.width)
            self.frequencies[col] = self.frequencies.get(col, 0) + 1
        return True

    def on_interval(self, ts: int, delta: int) -> None:
        cells = [self.cell(x) for x in range(1, self.width + 1)]
        self.out.write(MOVE_UP)
        self.out.write(self.render_rich(cells) if self.session.is_tty else render_ansi(cells))
        self.out.write(axis_line(self.width) + "\n")
        self.frequencies = {}

    def cell(self, x: int) -> Cell:
        n = self.frequencies.get(x, 0)
        return cell_colour(n, self.refresh_per_sec) if n else (0, 0, " ")

    def render_rich(self, cells: list[Cell]) -> str:
        from rich.console import Console
        from rich.text import Text

        buf = io.StringIO()
        console = Console(file=buf, force_terminal=True, color_system="256", width=self.width + 1)
        row = Text()
        for fg, bg, ch in cells:
            row.append(ch, style=f"color({fg}) on color({bg})")
        console.print(row, end="")
        return buf.getvalue() + RESET + "\n"

    def on_capture_end(self, ts: int, delta: int) -> None:
        if not self.session.is_tty:
            self.out.write(EOF_RESET)  # sysdig's end-of-file colour reset lands before the last row
        self.on_interval(ts, 0)
        self.out.write(RESET + "\n")
        self.out.write(SHOW_CURSOR)


def render_ansi(cells: list[Cell]) -> str:
    """One row as spectrogram.lua writes it: 256-colour fg and bg before every character."""
    body = "".join(f"{ESC}38;5;{fg}m{ESC}48;5;{bg}m{ch}" for fg, bg, ch in cells)
    return body + RESET + "\n"
