"""RawEvent: the only thing a source emits.

Every source (the .scap reader, the live BPF probe, the synthetic source of the
tests) produces events in the scap v2 event layout: a 26-byte header
``ts u64, tid u64, len u32, type u16, nparams u32``, then ``nparams`` lengths
(u16, or u32 for EF_LARGE_PAYLOAD types), then the parameter bytes.  A RawEvent
keeps those bytes untouched (``-w`` writes them back as they are) plus the cpu and
the dump flags of its block; the parameters are split only when asked for.
"""

from __future__ import annotations

import struct

from sysdigpy.events.table import EF_LARGE_PAYLOAD
from sysdigpy.events.table import EVENT_TABLE

HEADER = struct.Struct("<QqIHI")  # ts, tid, len, type, nparams
HEADER_LEN = HEADER.size  # 26
LARGE_CODES = frozenset(e.code for e in EVENT_TABLE if e.flags & EF_LARGE_PAYLOAD)

DF_STATE_ONLY = 1
DF_TRACER = 2

_U16S: dict[int, struct.Struct] = {}
_U32S: dict[int, struct.Struct] = {}


def _lens_struct(n: int, large: bool) -> struct.Struct:
    cache = _U32S if large else _U16S
    s = cache.get(n)
    if s is None:
        s = cache[n] = struct.Struct(f"<{n}{'I' if large else 'H'}")
    return s


class RawEvent:
    """One event as a source delivers it: v2 event bytes, cpu and dump flags."""

    __slots__ = ("cpu", "flags", "data", "ts", "tid", "code", "nparams", "_params")

    def __init__(self, data: bytes, cpu: int = 0, flags: int = 0) -> None:
        self.data = data
        self.cpu = cpu
        self.flags = flags
        self.ts, self.tid, _len, self.code, self.nparams = HEADER.unpack_from(data, 0)
        self._params: list[bytes] | None = None

    @property
    def large(self) -> bool:
        return self.code in LARGE_CODES

    def params(self) -> list[bytes]:
        """The parameter values as bytes, in order (lengths from the event's own array)."""
        p = self._params
        if p is None:
            p = self._params = split_params(self.data, self.code in LARGE_CODES, self.nparams)
        return p

    def __repr__(self) -> str:
        return f"RawEvent(code={self.code}, ts={self.ts}, tid={self.tid}, cpu={self.cpu}, nparams={self.nparams})"


def split_params(data: bytes, large: bool, nparams: int) -> list[bytes]:
    """Cut the parameter values out of v2 event bytes; a value running past the end is clipped."""
    if nparams == 0:
        return []
    width = 4 if large else 2
    lens = _lens_struct(nparams, large).unpack_from(data, HEADER_LEN)
    off = HEADER_LEN + width * nparams
    out = []
    for n in lens:
        out.append(data[off:off + n])
        off += n
    return out


def build(code: int, ts: int, tid: int, params: list[bytes], cpu: int = 0, flags: int = 0) -> RawEvent:
    """Encode a v2 event from parameter bytes (used by the probe, tests and the writer)."""
    large = code in LARGE_CODES
    lens = _lens_struct(len(params), large).pack(*(len(p) for p in params)) if params else b""
    body = lens + b"".join(params)
    total = HEADER_LEN + len(body)
    return RawEvent(HEADER.pack(ts, tid, total, code, len(params)) + body, cpu, flags)
