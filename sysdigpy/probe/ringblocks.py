"""Ring buffer records → scap event blocks, in bulk (the ``-w`` fast path).

:func:`to_blocks` walks the records of a BPF ring buffer between two consumer
positions and returns the EV_V2 blocks of their events, ready to be appended to
a capture file as they are.  It uses a tiny C helper (``ringblocks.c``) compiled
on first use by :mod:`sysdigpy.native` and called through ctypes, once per batch;
when there is no compiler (or ``SYSDIGPY_NO_CEXT=1``) the same walk runs in
Python, about ten times slower.  Both produce the same bytes (tests check it).
"""

from __future__ import annotations

import ctypes
import struct
from pathlib import Path
from typing import Any

from sysdigpy import native

SOURCE = Path(__file__).with_name("ringblocks.c")
_BUSY = 1 << 31
_DISCARD = 1 << 30
EV_V2 = 0x216
EV_V2_LARGE = 0x221
_U32 = struct.Struct("<I")
_HEAD = struct.Struct("<IIH")
_PADS = (b"", b"\0", b"\0\0", b"\0\0\0")

_configured: Any = None


def c_helper() -> Any:
    """The loaded C helper (built by :func:`sysdigpy.native.load`), or None: no compiler, build failed,
    or SYSDIGPY_NO_CEXT=1."""
    global _configured
    lib = native.load(SOURCE)
    if lib is None:
        return None
    if lib is not _configured:
        fn = lib.sdp_ring_to_blocks
        u64p = ctypes.POINTER(ctypes.c_uint64)
        fn.argtypes = [ctypes.c_void_p, ctypes.c_uint64, u64p, ctypes.c_uint64, ctypes.c_void_p,
                       ctypes.c_uint64, u64p]
        fn.restype = ctypes.c_int64
        _configured = lib
    return lib


class BlockWalker:
    """Converts ring records to blocks from a data area at ``address`` (mapped twice) of ``size`` bytes.

    ``view`` is a readable buffer over the same memory (used by the Python walk).
    """

    def __init__(self, address: int, view: Any, size: int, use_c: bool | None = None) -> None:
        self.address = address
        self.view = view
        self.mask = size - 1
        self.size = size
        lib = c_helper() if use_c is not False else None
        if use_c and lib is None:
            raise RuntimeError("the C ring helper is not available")
        self._fn = lib.sdp_ring_to_blocks if lib is not None else None
        self._out = bytearray()
        self._cons = ctypes.c_uint64()
        self._len = ctypes.c_uint64()

    @property
    def native(self) -> bool:
        return self._fn is not None

    def to_blocks(self, cons: int, prod: int) -> tuple[bytes, int, int]:
        """(blocks, events, new consumer position) for the records in [cons, prod)."""
        if self._fn is None:
            return walk_py(self.view, self.mask, cons, prod)
        cap = (prod - cons) * 2 + 64  # a block is at most 6 bytes larger than its record
        if len(self._out) < cap:
            self._out = bytearray(max(cap, 2 * len(self._out)))
        buf = (ctypes.c_char * len(self._out)).from_buffer(self._out)
        self._cons.value = cons
        n = self._fn(self.address, self.mask, ctypes.byref(self._cons), prod, buf, len(self._out),
                     ctypes.byref(self._len))
        del buf
        return bytes(memoryview(self._out)[:self._len.value]), int(n), self._cons.value


def walk_py(view: Any, mask: int, cons: int, prod: int) -> tuple[bytes, int, int]:
    """The pure-Python walk: same result as the C helper."""
    unpack = _U32.unpack_from
    head = _HEAD.pack
    parts: list[bytes] = []
    append = parts.append
    n = 0
    while cons < prod:
        off = cons & mask
        hdr = unpack(view, off)[0]
        if hdr & _BUSY:
            break
        ln = hdr & ~(_BUSY | _DISCARD)
        if not hdr & _DISCARD and ln > 8:
            evlen = ln - 8
            pad = -(2 + evlen) & 3
            total = 14 + evlen + pad
            tail = _U32.pack(total)
            append(head(EV_V2_LARGE if total - 8 > 65536 else EV_V2, total, unpack(view, off + 8)[0] & 0xFFFF))
            append(view[off + 16:off + 16 + evlen])
            append(_PADS[pad] + tail)
            n += 1
        cons += (ln + 15) & ~7
    return b"".join(parts), n, cons
