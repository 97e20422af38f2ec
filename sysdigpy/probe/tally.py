"""Count the events of captures by id without decoding them: ``-q`` and tables of evt.type.

When nothing looks at an event but its id (``-q`` alone, or chisels that count events by
``evt.type`` under filters on ``evt.type``/``evt.dir``), the run needs neither state nor
Event objects: a walk over the event blocks counts, for every numbered event, one row per
event id (per direction and syscall for generic events), with the number and time of the
first and last event of the row.  Events are numbered as the pipeline numbers them
(sysdigpy.events.numbering).  The walk runs in a small C helper (``tally.c``, built by
sysdigpy.native); without a compiler every event is decoded and counted by :meth:`Tally.add`,
which gives the same rows (the tests compare both).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sysdigpy import native
from sysdigpy.events.event import Event
from sysdigpy.events.flagtables import PPM_SC_MAX
from sysdigpy.events.flagtables import syscall_name
from sysdigpy.events.numbering import CLASSES
from sysdigpy.events.numbering import CONTAINER
from sysdigpy.events.numbering import UNNUMBERED
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.scapblocks import TABLE_N
from sysdigpy.probe.scapfile import read_capture

SOURCE = Path(__file__).with_name("tally.c")
NCODES = len(EVENT_TABLE)
NSC = PPM_SC_MAX + 1  # the last generic row gathers syscall codes past the table
ROW = 5  # count, first number, first ts, last number, last ts


@dataclass(frozen=True)
class Row:
    """Events of one id (or one generic syscall and direction): how many, first and last."""

    code: int
    sc: int  # the syscall code of a generic row, else -1
    count: int
    first_num: int
    first_ts: int
    last_num: int
    last_ts: int

    @property
    def direction(self) -> str:
        return EVENT_TABLE[self.code].direction

    @property
    def name(self) -> str:
        """The events' evt.type."""
        return syscall_name(self.sc) if self.sc >= 0 else EVENT_TABLE[self.code].name


class Tally:
    """Rows of counts, filled by the C walk and by :meth:`add` alike (one ctypes array)."""

    def __init__(self) -> None:
        self.rows = (ctypes.c_uint64 * (ROW * (NCODES + 2 * NSC)))()
        self.state = (ctypes.c_uint64 * 3)(0, 1, 0)  # last number, leading, leading containers

    @property
    def numbered(self) -> int:
        """Events numbered, the leading container events included (sysdig's event count)."""
        return self.state[0]

    @property
    def leading(self) -> int:
        """Container events that opened a section: numbered but never handed out."""
        return self.state[2]

    def new_section(self) -> None:
        self.state[1] = 1

    def add(self, raw: RawEvent) -> None:
        """Count one decoded event (the path of the blocks the walk leaves, and of no compiler)."""
        code = raw.code
        cls = CLASSES[code]
        if cls == UNNUMBERED:
            return
        st = self.state
        st[0] += 1
        if cls == CONTAINER and st[1]:
            st[2] += 1
            return
        st[1] = 0
        row = code
        if code <= 1:
            row = NCODES + code * NSC + min(Event(raw, 0).u16(0), NSC - 1)
        r, base = self.rows, ROW * row
        if r[base] == 0:
            r[base + 1], r[base + 2] = st[0], raw.ts
        r[base] += 1
        r[base + 3], r[base + 4] = st[0], raw.ts

    def entries(self) -> list[Row]:
        """The rows with events, in the order of their first event."""
        r = self.rows
        out = []
        for row in range(NCODES + 2 * NSC):
            b = ROW * row
            if r[b]:
                code, sc = (row, -1) if row < NCODES else divmod(row - NCODES, NSC)
                out.append(Row(code, sc, r[b], r[b + 1], r[b + 2], r[b + 3], r[b + 4]))
        return sorted(out, key=lambda x: x.first_num)


Walk = Callable[[bytes, int, Tally], int]


def walk_c() -> Walk | None:
    """The C walk (returns the position after the blocks it counted), or None without a compiler."""
    lib = native.load(SOURCE)
    if lib is None:
        return None
    fn = lib.sdp_tally
    u64p = ctypes.POINTER(ctypes.c_uint64)
    fn.argtypes = [ctypes.c_char_p, ctypes.c_uint64, u64p, ctypes.c_char_p, ctypes.c_uint32, ctypes.c_char_p,
                   u64p, ctypes.c_uint32, u64p]
    fn.restype = ctypes.c_int64
    pos = ctypes.c_uint64()

    def walk(buf: bytes, start: int, tally: Tally) -> int:
        pos.value = start
        fn(buf, len(buf), ctypes.byref(pos), CLASSES, NCODES, TABLE_N, tally.rows, NSC, tally.state)
        return pos.value

    return walk


def count_capture(path: str, tally: Tally, walk: Walk | None = None) -> None:
    """Add the events of one capture file to ``tally`` (``walk=None``: decode every event)."""

    def bulk(inp: object) -> None:
        assert walk is not None
        inp.pos = walk(inp.buf, inp.pos, tally)  # type: ignore[attr-defined]

    for item in read_capture(path, bulk if walk is not None else None):
        if isinstance(item, CaptureMetadata):
            tally.new_section()
        else:
            tally.add(item)
