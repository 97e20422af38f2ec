"""Event: one decoded event, as the state parsers, fields and sinks see it.

It wraps a :class:`RawEvent` with its event-table row, its number in the input,
and the thread and fd it concerns (set by the state parsers).  Parameters are cut
out of the raw bytes only when first asked for.
"""

from __future__ import annotations

import builtins
import struct
from typing import TYPE_CHECKING

from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import EventInfo
from sysdigpy.probe.rawevent import RawEvent

if TYPE_CHECKING:
    from sysdigpy.state.fds import FdInfo
    from sysdigpy.state.threads import ThreadInfo

_I64 = struct.Struct("<q")
_U64 = struct.Struct("<Q")
_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")
_U16 = struct.Struct("<H")


class Event:
    """A RawEvent plus what the pipeline learnt about it."""

    __slots__ = ("raw", "info", "num", "thread", "fdinfo", "errorcode", "ts", "tid", "code", "cpu",
                 "_params", "filtered_out", "__weakref__")

    def __init__(self, raw: RawEvent, num: int, info: EventInfo | None = None) -> None:
        self.raw = raw
        self.num = num
        self.ts = raw.ts
        self.tid = raw.tid
        self.code = raw.code
        self.cpu = raw.cpu
        self.info = info if info is not None else EVENT_TABLE[raw.code]
        self.thread: ThreadInfo | None = None
        self.fdinfo: FdInfo | None = None
        self.errorcode = 0
        self._params: list[bytes] | None = None
        self.filtered_out = False

    # ---- parameters -----------------------------------------------------------------------
    @property
    def nparams(self) -> int:
        """Parameters usable with the table row: min(table count, count in the event)."""
        return min(len(self.info.params), self.raw.nparams)

    def params(self) -> list[bytes]:
        p = self._params
        if p is None:
            p = self.raw.params()
            if len(p) > len(self.info.params):
                p = p[:len(self.info.params)]
            self._params = p
        return p

    def param(self, i: int) -> bytes | None:
        p = self.params()
        return p[i] if i < len(p) else None

    def param_by_name(self, name: str) -> bytes | None:
        i = self.info.param_index(name)
        return None if i is None else self.param(i)

    def i64(self, i: int, default: int = 0) -> int:
        b = self.param(i)
        if b is None or len(b) < 8:
            return default
        return _I64.unpack_from(b)[0]

    def u64(self, i: int, default: int = 0) -> int:
        b = self.param(i)
        if b is None or len(b) < 8:
            return default
        return _U64.unpack_from(b)[0]

    def u32(self, i: int, default: int = 0) -> int:
        b = self.param(i)
        if b is None or len(b) < 4:
            return default
        return _U32.unpack_from(b)[0]

    def i32(self, i: int, default: int = 0) -> int:
        b = self.param(i)
        if b is None or len(b) < 4:
            return default
        return _I32.unpack_from(b)[0]

    def u16(self, i: int, default: int = 0) -> int:
        b = self.param(i)
        if b is None or len(b) < 2:
            return default
        return _U16.unpack_from(b)[0]

    def u8(self, i: int, default: int = 0) -> int:
        b = self.param(i)
        if not b:
            return default
        return b[0]

    def str(self, i: int, default: builtins.str = "") -> builtins.str:
        """A string parameter up to its first NUL."""
        b = self.param(i)
        if b is None:
            return default
        return b.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")

    # ---- table facts ------------------------------------------------------------------------
    @property
    def name(self) -> builtins.str:
        return self.info.name

    @property
    def direction(self) -> builtins.str:
        return self.info.direction

    @property
    def is_enter(self) -> bool:
        return not (self.code & 1)

    @property
    def dump_flags(self) -> int:
        return self.raw.flags

    def __repr__(self) -> builtins.str:
        return f"Event(num={self.num}, {self.info.direction} {self.info.name}, tid={self.tid}, ts={self.ts})"
