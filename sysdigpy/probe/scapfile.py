"""The .scap reader: blocks in, section metadata and RawEvents out.

It streams: the file (plain or gzip, several members, several sections) is read
in large chunks and each block is handled by a small function picked from a
dispatch table keyed by block type.  Metadata blocks fill a
:class:`CaptureMetadata`; event blocks become :class:`RawEvent` objects in the
v2 layout (v1 events are converted).  See ../shared/docs/scap-format.md.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from collections.abc import Iterator
from typing import BinaryIO

from sysdigpy.errors import CaptureFormatError
from sysdigpy.events.table import EVENT_MAX
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.probe import blocks as B
from sysdigpy.probe.lists import parse_fdl
from sysdigpy.probe.lists import parse_il
from sysdigpy.probe.lists import parse_mi
from sysdigpy.probe.lists import parse_pl
from sysdigpy.probe.lists import parse_ul
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import LARGE_CODES
from sysdigpy.probe.rawevent import RawEvent

CHUNK = 1 << 20
_BH = struct.Struct("<II")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_V1HDR = struct.Struct("<QqIH")  # ts, tid, len, type
_V2HEAD = struct.Struct("<QqIHI")
_NONLARGE_MAX = 65536

Item = CaptureMetadata | RawEvent


class GzipStream:
    """Streaming gzip reader that keeps what it decoded before damage (several members allowed).

    Python's GzipFile raises on a truncated stream without handing over the bytes it
    had already decompressed; a capture reader must print every event before the cut.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.d: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.damaged: str | None = None

    def read(self, n: int) -> bytes:
        out = []
        size = 0
        while size < n and self.d is not None:
            chunk = self.d.unconsumed_tail or self.raw.read(CHUNK)
            if not chunk:
                if not self.d.eof:
                    self.damaged = "compressed data ended before the end-of-stream marker"
                self.d = None
                break
            try:
                data = self.d.decompress(chunk, n - size)
            except zlib.error as exc:
                self.damaged = f"corrupt compressed data: {exc}"
                self.d = None
                break
            out.append(data)
            size += len(data)
            if self.d.eof:
                rest = self.d.unused_data
                self.d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if rest:
                    self._push(rest)
                elif not self._more():
                    self.d = None
        return b"".join(out)

    def _push(self, data: bytes) -> None:
        self.raw = _Prefixed(data, self.raw)  # type: ignore[assignment]

    def _more(self) -> bool:
        nxt = self.raw.read(1)
        if not nxt:
            return False
        self._push(nxt)
        return True

    def close(self) -> None:
        self.raw.close()


class _Prefixed:
    """A stream with some bytes put back in front of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head = head
        self.rest = rest

    def read(self, n: int) -> bytes:
        if self.head:
            out, self.head = self.head, b""
            return out
        return self.rest.read(n)

    def close(self) -> None:
        self.rest.close()


def open_capture(path: str) -> BinaryIO:
    """Open a capture, plain or gzip (sniffed by magic, not by name)."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - handed to the caller
    except FileNotFoundError:
        raise CaptureFormatError(f"can't open file {path}: no such file") from None
    except IsADirectoryError:
        raise CaptureFormatError(f"can't open file {path}: is a directory") from None
    except PermissionError:
        raise CaptureFormatError(f"can't open file {path}: permission denied") from None
    magic = f.peek(2)[:2]  # (not read and seek back: a pipe cannot seek)
    if magic == b"\x1f\x8b":
        return GzipStream(f)  # type: ignore[return-value]
    return f


class _Input:
    """A byte stream read in chunks, with the offset of every byte for error messages."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.buf = b""
        self.pos = 0
        self.base = 0  # file offset of buf[0]
        self.eof = False
        self.damage: str | None = None

    def file_position(self) -> tuple[int, int] | None:
        """(file descriptor, file offset of pos) of a plain file, for a reader that reads it itself
        (the C engine); None for a compressed stream."""
        f = self.f
        if isinstance(f, GzipStream) or not hasattr(f, "fileno"):
            return None
        return f.fileno(), self.base + self.pos

    def resume_at(self, offset: int) -> None:
        """Continue from this file offset (after a reader that read the plain file itself)."""
        self.f.seek(offset)
        self.buf, self.pos, self.base, self.eof = b"", 0, offset, False

    def fill(self, need: int) -> int:
        """Make at least ``need`` bytes available from pos; return how many are."""
        avail = len(self.buf) - self.pos
        if avail >= need or self.eof:
            return avail
        parts = [self.buf[self.pos:]]
        self.base += self.pos
        while avail < need:
            try:
                chunk = self.f.read(max(CHUNK, need - avail))
            except OSError as exc:
                self.eof = True
                self.buf, self.pos = b"".join(parts), 0
                raise CaptureFormatError(f"read error at offset {self.base + avail}: {exc}") from None
            if not chunk:
                self.eof = True
                self.damage = getattr(self.f, "damaged", None)
                break
            parts.append(chunk)
            avail += len(chunk)
        self.buf, self.pos = b"".join(parts), 0
        return avail

    def offset(self) -> int:
        return self.base + self.pos


def read_capture(path: str, bulk: Callable[[_Input], None] | None = None) -> Iterator[Item]:
    """Yield a CaptureMetadata at the start of each section, then its RawEvents.

    With ``bulk``, event blocks are not decoded: ``bulk(inp)`` is handed the input at each
    run of event blocks and consumes whole blocks from ``inp.buf`` at ``inp.pos``; a block it
    leaves (``inp.pos`` unchanged) is decoded and yielded as usual, errors included.
    """
    return iter(CaptureReader(path, bulk))


class CaptureReader:
    """A capture being read: iterate it for its items; ``progress()`` tells how far it got (%)."""

    def __init__(self, path: str, bulk: Callable[[_Input], None] | None = None) -> None:
        self.path = path
        self.bulk = bulk
        self.size = 0
        self._raw: BinaryIO | None = None

    def __iter__(self) -> Iterator[Item]:
        f = open_capture(self.path)
        self._raw = getattr(f, "raw", f)
        try:
            self.size = os.fstat(self._raw.fileno()).st_size  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            self.size = 0
        try:
            yield from _blocks(_Input(f), self.path, self.bulk)
        finally:
            f.close()

    def progress(self) -> float:
        """Percentage of the file (compressed bytes) read so far, as sysdig's -P shows it."""
        raw = self._raw
        if raw is None or not self.size:
            return 0.0
        try:
            return 100.0 * _position(raw) / self.size
        except (OSError, ValueError):
            return 100.0


def _position(raw: object) -> int:
    while isinstance(raw, _Prefixed):
        raw = raw.rest
    return raw.tell()  # type: ignore[attr-defined]


def _truncated(inp: _Input, need: int, have: int) -> CaptureFormatError:
    why = f" ({inp.damage})" if inp.damage else ""
    return CaptureFormatError(
        f"capture truncated at offset {inp.offset()}: expected {need} bytes, read {have}{why}")


def _blocks(inp: _Input, path: str, bulk: Callable[[_Input], None] | None = None) -> Iterator[Item]:
    batch = _batch_decoder() if bulk is None else None
    meta: CaptureMetadata | None = None
    in_events = False
    first = True
    while True:
        have = inp.fill(8)
        if have == 0:
            if first:
                raise CaptureFormatError(f"{path} is empty: not a capture file")
            if inp.damage:
                raise _truncated(inp, 8, 0)
            break
        if have < 8:
            if first:
                raise CaptureFormatError(f"{path} is not a capture file (no section header block)")
            raise _truncated(inp, 8, have)
        btype, blen = _BH.unpack_from(inp.buf, inp.pos)
        if first and btype != B.SHB:
            raise CaptureFormatError(f"{path} is not a capture file (no section header block)")
        if blen < 12:
            raise CaptureFormatError(f"block length {blen} too short at offset {inp.offset()}")
        have = inp.fill(blen)
        if have < blen:
            raise _truncated(inp, blen, have)
        pos = inp.pos
        buf = inp.buf
        inp.pos = pos + blen
        first = False
        if btype in _EVENT_BLOCKS:
            if meta is not None:
                yield meta
                meta = None
            in_events = True
            if bulk is not None:
                inp.pos = pos
                start = inp.offset()
                bulk(inp)
                if inp.offset() != start:  # (a walk that read the file itself moved the input: resume_at)
                    continue
                inp.pos = pos + blen  # the walk left this block to the decoder
            if batch is not None:
                inp.pos = pos
                events = batch(inp)
                if inp.pos != pos:
                    yield from events
                    continue
                inp.pos = pos + blen  # left to the per-block decoder below
            ev = _EVENT_BLOCKS[btype](buf, pos, blen)
            if ev is not None:
                yield ev
            continue
        if btype == B.SHB:
            if meta is not None:
                yield meta
            meta = _shb(buf, pos, blen, inp)
            in_events = False
            continue
        if in_events or meta is None:
            continue  # metadata after events (or unknown block): skipped, as current libs does
        body = buf[pos + 8:pos + blen - 4]
        _check_trailer(buf, pos, blen, inp)
        handler = _META_BLOCKS.get(btype)
        if handler is not None:
            try:
                handler(meta, btype, body)
            except (struct.error, IndexError, ValueError) as exc:
                raise CaptureFormatError(
                    f"corrupt {B.NAMES.get(btype, hex(btype))} block at offset {inp.offset() - blen}: {exc}"
                ) from None
    if meta is not None:
        yield meta


def _batch_decoder() -> Callable[[_Input], list[RawEvent]] | None:
    """Runs of event blocks decoded in one C call (probe/readblocks.py), when the helper builds."""
    from sysdigpy.probe.readblocks import batch_decoder

    return batch_decoder()


def _check_trailer(buf: bytes, pos: int, blen: int, inp: _Input) -> None:
    (trailer,) = _U32.unpack_from(buf, pos + blen - 4)
    if trailer != blen:
        raise CaptureFormatError(
            f"wrong block total length at offset {inp.offset() - blen}, header={blen}, trailer={trailer}")


def _shb(buf: bytes, pos: int, blen: int, inp: _Input) -> CaptureMetadata:
    if blen < 28:
        raise CaptureFormatError(f"section header block too short ({blen} bytes)")
    magic, major, minor = struct.unpack_from("<IHH", buf, pos + 8)
    if magic == B.SWAPPED_MAGIC:
        raise CaptureFormatError("big-endian capture: only little-endian captures can be read")
    if magic != B.MAGIC:
        raise CaptureFormatError(f"invalid magic number {magic:#x} in section header")
    if major != 1:
        raise CaptureFormatError(f"unsupported capture version {major}.{minor}")
    return CaptureMetadata(shb_minor=minor)


# ---- event blocks -------------------------------------------------------------------------

def _ev_v2(buf: bytes, pos: int, blen: int, hdr: int, flags_at: int | None, large_block: bool) -> RawEvent | None:
    if blen < 8 + hdr + 26 + 4:
        raise CaptureFormatError(f"event block too short ({blen} bytes)")
    if not large_block and blen - 8 > _NONLARGE_MAX:
        raise CaptureFormatError(f"event block length {blen} greater than non-large maximum {_NONLARGE_MAX}")
    (cpu,) = _U16.unpack_from(buf, pos + 8)
    flags = _U32.unpack_from(buf, flags_at + pos)[0] if flags_at else 0
    start = pos + 8 + hdr
    _ts, _tid, elen, code, _n = _V2HEAD.unpack_from(buf, start)
    if code >= EVENT_MAX:
        return None
    end = min(start + elen, pos + blen - 4)
    if end - start < _V2HEAD.size:
        raise CaptureFormatError(f"event length {elen} shorter than the event header ({_V2HEAD.size} bytes)")
    return RawEvent(buf[start:end], cpu, flags)


def _ev_v1(buf: bytes, pos: int, blen: int, hdr: int, flags_at: int | None) -> RawEvent | None:
    if blen < 8 + hdr + 22 + 4:
        raise CaptureFormatError(f"event block too short ({blen} bytes)")
    (cpu,) = _U16.unpack_from(buf, pos + 8)
    flags = _U32.unpack_from(buf, flags_at + pos)[0] if flags_at else 0
    start = pos + 8 + hdr
    ts, tid, elen, code = _V1HDR.unpack_from(buf, start)
    if code >= EVENT_MAX:
        return None
    if code in (280, 286):
        elen -= 3
    elen = min(elen, pos + blen - 4 - start)
    n = _TABLE_N[code]
    lens = _LENS[n].unpack_from(buf, start + 22) if 22 + 2 * n <= elen else None
    if lens is None or 22 + 2 * n + sum(lens) != elen:
        n = infer_nparams(buf, start, elen, n)
        lens = _LENS[n].unpack_from(buf, start + 22)
    if code in LARGE_CODES:
        lenbytes = struct.pack(f"<{n}I", *lens)
        return RawEvent(_V2HEAD.pack(ts, tid, 26 + 4 * n + elen - 22 - 2 * n, code, n) + lenbytes
                        + buf[start + 22 + 2 * n:start + elen], cpu, flags)
    return RawEvent(_V2HEAD.pack(ts, tid, elen + 4, code, n) + buf[start + 22:start + elen], cpu, flags)


_TABLE_N = [len(e.params) for e in EVENT_TABLE]
_LENS = [struct.Struct(f"<{n}H") for n in range(max(_TABLE_N) + 1)]


def infer_nparams(buf: bytes, start: int, elen: int, table_n: int) -> int:
    """v1 headers have no parameter count: take the largest n whose lengths add up to len."""
    for n in range(table_n, -1, -1):
        if 22 + 2 * n > elen:
            continue
        lens = struct.unpack_from(f"<{n}H", buf, start + 22)
        if 22 + 2 * n + sum(lens) == elen:
            return n
    raise CaptureFormatError(f"corrupt v1 event at offset {start}: parameter lengths do not add up")


_EVENT_BLOCKS: dict[int, Callable[[bytes, int, int], RawEvent | None]] = {
    B.EV_V2: lambda b, p, n: _ev_v2(b, p, n, 2, None, False),
    B.EV_V2_LARGE: lambda b, p, n: _ev_v2(b, p, n, 2, None, True),
    B.EVF_V2: lambda b, p, n: _ev_v2(b, p, n, 6, 10, False),
    B.EVF_V2_LARGE: lambda b, p, n: _ev_v2(b, p, n, 6, 10, True),
    B.EV: lambda b, p, n: _ev_v1(b, p, n, 2, None),
    B.EV_INT: lambda b, p, n: _ev_v1(b, p, n, 2, None),
    B.EVF: lambda b, p, n: _ev_v1(b, p, n, 6, 10),
}

_META_BLOCKS: dict[int, Callable[[CaptureMetadata, int, bytes], None]] = {
    **{t: parse_mi for t in (B.MI, B.MI_INT)},
    **{t: parse_pl for t in B.PL_VERSIONS},
    **{t: parse_fdl for t in (B.FDL, B.FDL_INT, B.FDL_V2)},
    **{t: parse_il for t in (B.IL, B.IL_INT, B.IL_V2)},
    **{t: parse_ul for t in (B.UL, B.UL_INT, B.UL_V2)},
}
