"""Decode runs of event blocks in one C call: the reader's fast path.

The reader (scapfile.py) decodes one block at a time in Python.  When the helper
``readblocks.c`` (built by sysdigpy.native) is available, a run of event blocks is
turned into v2 events in one call and only the RawEvent objects are made in Python;
a block the helper cannot vouch for is left to the per-block decoder, so errors and
edge cases stay the reader's.  Both paths yield the same events (tests compare them).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sysdigpy import native
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.scapblocks import LARGE
from sysdigpy.probe.scapblocks import TABLE_N

SOURCE = Path(__file__).with_name("readblocks.c")
MIN_BLOCK = 36  # the smallest event block the helper accepts: 8 + 2 + 22 + 4
MAX_BATCH = 4096  # events per call: bounds the RawEvents alive at once
DST_SIZE = 1 << 20  # decoded bytes per call; an event that does not fit is left to the per-block decoder


class Input(Protocol):
    buf: bytes
    pos: int


Batch = Callable[[Input], list[RawEvent]]


def batch_decoder() -> Batch | None:
    """The C decoder of event-block runs, or None (no compiler, or SYSDIGPY_NO_CEXT=1)."""
    lib = native.load(SOURCE)
    if lib is None:
        return None
    fn = lib.sdp_read_events
    u64p = ctypes.POINTER(ctypes.c_uint64)
    fn.argtypes = [ctypes.c_char_p, ctypes.c_uint64, u64p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint32,
                   ctypes.c_void_p, ctypes.c_uint64, ctypes.c_void_p, ctypes.c_uint64]
    fn.restype = ctypes.c_int64
    pos = ctypes.c_uint64()
    dst = bytearray(DST_SIZE)
    evs = bytearray(24 * MAX_BATCH)

    def decode(inp: Input) -> list[RawEvent]:
        buf, start = inp.buf, inp.pos
        max_events = min((len(buf) - start) // MIN_BLOCK + 1, MAX_BATCH)
        d = (ctypes.c_char * len(dst)).from_buffer(dst)
        e = (ctypes.c_char * len(evs)).from_buffer(evs)
        pos.value = start
        n = fn(buf, len(buf), ctypes.byref(pos), TABLE_N, LARGE, len(TABLE_N), d, len(dst), e, max_events)
        del d, e
        inp.pos = pos.value
        if n <= 0:
            return []
        meta = memoryview(evs)[:24 * n].cast("Q").tolist()
        offs, lens, cfs = meta[0::3], meta[1::3], meta[2::3]
        data = bytes(memoryview(dst)[:offs[-1] + lens[-1]])
        return [RawEvent(data[o:o + ln], cf & 0xFFFF, cf >> 16) for o, ln, cf in zip(offs, lens, cfs, strict=True)]

    return decode
