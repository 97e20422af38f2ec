"""Copy the event blocks of a capture in bulk: the ``-r IN -w OUT`` fast path.

When nothing but the event code decides what to keep (no filter, or one on
``evt.type``/``evt.dir`` only), a copy needs no decoding, no state and no Event
objects: event blocks are copied as they are (v1 blocks get a v2 header).  The
walk runs in a small C helper (``scapblocks.c``, built by sysdigpy.native) and,
without a compiler, in the Python below, which produces the same bytes.
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Callable
from pathlib import Path

from sysdigpy import native
from sysdigpy.errors import CaptureFormatError
from sysdigpy.events.table import EF_LARGE_PAYLOAD
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.probe.scapfile import infer_nparams

SOURCE = Path(__file__).with_name("scapblocks.c")
EV, EV_INT, EVF = 0x204, 0x8010ABCD, 0x208
EV_V2, EVF_V2, EV_V2_LARGE, EVF_V2_LARGE = 0x216, 0x217, 0x221, 0x222
V1 = {EV, EV_INT, EVF}
V2 = {EV_V2, EVF_V2, EV_V2_LARGE, EVF_V2_LARGE}
TABLE_N = bytes(len(e.params) for e in EVENT_TABLE)
LARGE = bytes(1 if e.flags & EF_LARGE_PAYLOAD else 0 for e in EVENT_TABLE)
KEEP_ALL = bytes([1]) * len(EVENT_TABLE)
NO_SYSCALLS = bytes(1024)
_BH = struct.Struct("<II")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")

Walk = Callable[[bytes, int, bytes, bytes], "tuple[bytes, int, int]"]


def walk_c() -> Walk | None:
    """The C walk, or None when the helper cannot be built."""
    lib = native.load(SOURCE)
    if lib is None:
        return None
    fn = lib.sdp_copy_event_blocks
    u64p = ctypes.POINTER(ctypes.c_uint64)
    fn.argtypes = [ctypes.c_char_p, ctypes.c_uint64, u64p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                   ctypes.c_uint32, ctypes.c_char_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint64, u64p, u64p]
    fn.restype = ctypes.c_int64
    out = bytearray()
    pos, out_len, nread = ctypes.c_uint64(), ctypes.c_uint64(), ctypes.c_uint64()

    def walk(buf: bytes, start: int, keep: bytes, sc_keep: bytes) -> tuple[bytes, int, int]:
        nonlocal out
        cap = 2 * (len(buf) - start) + 4096
        if len(out) < cap:
            out = bytearray(cap)
        dst = (ctypes.c_char * len(out)).from_buffer(out)
        pos.value = start
        n = fn(buf, len(buf), ctypes.byref(pos), TABLE_N, LARGE, keep, len(TABLE_N), sc_keep, len(sc_keep), dst,
               len(out), ctypes.byref(out_len), ctypes.byref(nread))
        del dst
        if n < 0:
            raise CaptureFormatError(f"corrupt v1 event at offset {pos.value}: parameter lengths do not add up")
        return bytes(memoryview(out)[:out_len.value]), pos.value, nread.value

    return walk


def walk_py(buf: bytes, start: int, keep: bytes, sc_keep: bytes = NO_SYSCALLS) -> tuple[bytes, int, int]:
    """(blocks, position after the last whole event block, events read): the reference walk."""
    parts: list[bytes] = []
    p = start
    read = 0
    while p + 8 <= len(buf):
        btype, blen = _BH.unpack_from(buf, p)
        if (btype not in V1 and btype not in V2) or blen < 12 or p + blen > len(buf):
            break
        hdr = 6 if btype in (EVF, EVF_V2, EVF_V2_LARGE) else 2
        if blen < 8 + hdr + (22 if btype in V1 else 26) + 4:
            raise CaptureFormatError(f"event block too short at offset {p}")
        ev = p + 8 + hdr
        code = _U16.unpack_from(buf, ev + 20)[0]
        read += 1
        if code < len(keep) and keep[code] and (keep[code] == 1 or _generic_kept(buf, ev, btype in V1, code,
                                                                                  sc_keep)):
            parts.append(buf[p:p + blen] if btype in V2 else _v1_block(buf, p, blen, btype, hdr, code))
        p += blen
    return b"".join(parts), p, read


def _v1_block(buf: bytes, p: int, blen: int, btype: int, hdr: int, code: int) -> bytes:
    ev = p + 8 + hdr
    elen = _U32.unpack_from(buf, ev + 16)[0] - (3 if code in (280, 286) else 0)
    elen = min(elen, blen - 12 - hdr)
    n = infer_nparams(buf, ev, elen, TABLE_N[code])
    lens = struct.unpack_from(f"<{n}H", buf, ev + 22)
    lw = 4 if LARGE[code] else 2
    data = buf[ev + 22 + 2 * n:ev + elen]
    v2len = 26 + lw * n + len(data)
    body = hdr + v2len
    pad = -body & 3
    total = 8 + body + pad + 4
    nt = EVF_V2 if btype == EVF else EV_V2
    return (_BH.pack(nt, total) + buf[p + 8:p + 8 + hdr] + buf[ev:ev + 16]
            + struct.pack("<IHI", v2len, code, n) + struct.pack(f"<{n}{'I' if lw == 4 else 'H'}", *lens)
            + data + b"\0" * pad + _U32.pack(total))


def _generic_kept(buf: bytes, ev: int, v1: bool, code: int, sc_keep: bytes) -> bool:
    """A generic syscall event: kept when its syscall's entry of sc_keep is set."""
    if v1:
        elen = _U32.unpack_from(buf, ev + 16)[0]
        try:
            n = infer_nparams(buf, ev, elen, TABLE_N[code])
        except CaptureFormatError:
            return False
        lens = ev + 22
    else:
        n = _U32.unpack_from(buf, ev + 22)[0]
        lens = ev + 26
    if n < 1 or _U16.unpack_from(buf, lens)[0] < 2:
        return False
    sc = _U16.unpack_from(buf, lens + 2 * n)[0]
    return sc < len(sc_keep) and bool(sc_keep[sc])


def walker() -> Walk:
    return walk_c() or walk_py


def copy_events(path: str, writer: object, keep: bytes = KEEP_ALL, sc_keep: bytes = NO_SYSCALLS) -> int:
    """Copy ``path`` to an open writer (metadata of the first section, then every kept event).

    Returns the number of event blocks read.  Errors of the input are raised after every
    whole block before them was written, as the decoding path does.
    """
    from sysdigpy.probe.metadata import CaptureMetadata
    from sysdigpy.probe.scapfile import read_capture

    walk = walker()
    read = 0
    started = False

    def bulk(inp: object) -> None:
        nonlocal read
        blocks, end, n = walk(inp.buf, inp.pos, keep, sc_keep)  # type: ignore[attr-defined]
        inp.pos = end  # type: ignore[attr-defined]
        read += n
        if blocks:
            writer.write_block(blocks)  # type: ignore[attr-defined]

    for item in read_capture(path, bulk):
        if isinstance(item, CaptureMetadata):
            if not started:
                writer.write_metadata(item)  # type: ignore[attr-defined]
                started = True
        else:  # the walk never leaves a whole event block it can read; say so if it ever does
            raise CaptureFormatError(f"cannot copy the event block of {item!r}")
    return read
