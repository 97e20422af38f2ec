"""The .scap writer: CaptureMetadata and RawEvents in, a capture sysdig 0.29.3 reads out.

Profile (../shared/docs/scap-format.md §2.3 and §13.2): SHB 1.2 (28 bytes), MI,
IL_V2 (lengths from the real bytes), UL_V2, one PL_V9 block (5-byte tail), one
FDL_V2 per process record, then EV_V2 / EVF_V2 (``_LARGE`` for EF_LARGE_PAYLOAD
events).  Event bytes are written back unchanged.

Robustness: blocks are built whole in memory and appended to a large buffer in a
single step, and the buffer is flushed only between blocks, inside a section where
SIGINT/SIGTERM are deferred.  So an interrupted caller that still calls
:meth:`ScapWriter.close` leaves a complete file, and a write error (a full disk)
leaves a file cut back to its last whole block (plain) or its last flush point
(gzip), then raises :class:`CaptureWriteError`.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import os
import signal
import struct
import threading
import zlib
from collections.abc import Iterable
from collections.abc import Iterator

from sysdigpy.errors import SysdigpyError
from sysdigpy.probe import blocks as B
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import GroupRecord
from sysdigpy.probe.metadata import IfaceRecord
from sysdigpy.probe.metadata import MachineInfo
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.probe.metadata import UserRecord
from sysdigpy.probe.rawevent import LARGE_CODES
from sysdigpy.probe.rawevent import RawEvent

BUFFER_SIZE = 1 << 20
DF_LARGE = 4  # in-memory only: picks a _LARGE block type, never written
_NONLARGE_MAX = 65536  # readers refuse a non-large block whose body (length - 8) is larger

_BH = struct.Struct("<II")
_U32 = struct.Struct("<I")
_EV_HEAD = struct.Struct("<IIH")  # block type, length, cpu
_EVF_HEAD = struct.Struct("<IIHI")  # block type, length, cpu, dump flags
_MI = struct.Struct("<IQQ128sQQQQ")
_PADS = (b"", b"\0", b"\0\0", b"\0\0\0")
_DEFLATE_END = b"\x03\x00"  # an empty final block: ends a deflate stream cut at a sync point

_DEFERRED = (signal.SIGINT, signal.SIGTERM)


class CaptureWriteError(SysdigpyError):
    """A capture file that cannot be written (further): cannot be created, disk full, I/O error."""


# ---- block encoding -------------------------------------------------------------------------

def block(btype: int, body: bytes) -> bytes:
    """One whole block: header, body, zero padding to 4 bytes, trailer."""
    pad = -len(body) & 3
    total = 12 + len(body) + pad
    return _BH.pack(btype, total) + body + _PADS[pad] + _U32.pack(total)


def _b(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def _lstr(s: str | bytes, limit: int) -> bytes:
    """u16 length + bytes (no NUL), cut to ``limit`` bytes so that readers accept it."""
    raw = _b(s) if isinstance(s, str) else s
    raw = raw[:limit]
    return struct.pack("<H", len(raw)) + raw


def _nul_join(items: Iterable[str]) -> bytes:
    return b"".join(_b(i) + b"\0" for i in items)


def _fixed(raw: bytes, size: int) -> bytes:
    return raw[:size].ljust(size, b"\0")


def shb_block() -> bytes:
    return block(B.SHB, struct.pack("<IHHq", B.MAGIC, 1, 2, -1))


def mi_block(mi: MachineInfo | None) -> bytes:
    if mi is None:  # sysdig writes an MI even when the source had none
        return block(B.MI, _MI.pack(0xFFFFFFFF, 0, 0, b"", 0, 0, 0, 0))
    host = _b(mi.hostname)[:128]
    return block(B.MI, _MI.pack(mi.num_cpus & 0xFFFFFFFF, mi.memory_size_bytes, mi.max_pid, host,
                                mi.boot_ts, mi.flags, 0, 0))


def _iface_entry(i: IfaceRecord) -> bytes:
    size = 16 if i.kind in (2, 4) else 4
    kind = 2 if size == 16 else 1  # v2 entries always carry a link speed
    name = _b(i.name)[:1023]
    entry = (struct.pack("<HH", kind, len(name)) + _fixed(i.addr, size) + _fixed(i.netmask, size)
             + _fixed(i.bcast, size) + struct.pack("<Q", i.linkspeed) + name)
    return _U32.pack(len(entry)) + entry  # IL_V2: entry_len does not count itself


def il_block(ifaces: list[IfaceRecord]) -> bytes:
    return block(B.IL_V2, b"".join(_iface_entry(i) for i in ifaces))


def _user_entry(u: UserRecord) -> bytes:
    rec = (struct.pack("<BII", 0, u.uid & 0xFFFFFFFF, u.gid & 0xFFFFFFFF)
           + _lstr(u.name, 255) + _lstr(u.homedir, 255) + _lstr(u.shell, 255))
    return _U32.pack(len(rec) + 4) + rec  # UL_V2: entry_len counts itself


def _group_entry(g: GroupRecord) -> bytes:
    rec = struct.pack("<BI", 1, g.gid & 0xFFFFFFFF) + _lstr(g.name, 255)
    return _U32.pack(len(rec) + 4) + rec


def ul_block(users: list[UserRecord], groups: list[GroupRecord]) -> bytes:
    body = b"".join(_user_entry(u) for u in users) + b"".join(_group_entry(g) for g in groups)
    return block(B.UL_V2, body)


def _proc_entry(p: ProcRecord) -> bytes:
    cgroups = _nul_join(f"{sub}={path}" for sub, path in p.cgroups)
    rec = b"".join((
        struct.pack("<qqqqq", p.tid, p.pid, p.ptid, p.sid, p.vpgid),
        _lstr(p.comm, 1024), _lstr(p.exe, 1024), _lstr(p.exepath, 1024),
        _lstr(_nul_join(p.args), 4096), _lstr(p.cwd, 1024),
        struct.pack("<qIIIIIIQQ", p.fdlimit, p.flags & 0xFFFFFFFF, p.uid & 0xFFFFFFFF, p.gid & 0xFFFFFFFF,
                    p.vmsize_kb & 0xFFFFFFFF, p.vmrss_kb & 0xFFFFFFFF, p.vmswap_kb & 0xFFFFFFFF,
                    p.pfmajor, p.pfminor),
        _lstr(_nul_join(p.env), 4096),
        struct.pack("<qq", p.vtid, p.vpid),
        _lstr(cgroups, 4096), _lstr(p.root, 1024),
        struct.pack("<IB", p.loginuid & 0xFFFFFFFF, 1 if p.exe_writable else 0),  # the 0.29.3 tail
    ))
    return _U32.pack(len(rec) + 4) + rec


def pl_block(procs: list[ProcRecord]) -> bytes:
    return block(B.PL_V9, b"".join(_proc_entry(p) for p in procs))


def _fd_payload(r: FdRecord) -> tuple[int, bytes]:
    t = r.fdtype
    if t == 3:
        return t, _fixed(r.sip, 4) + _fixed(r.dip, 4) + struct.pack("<HHB", r.sport, r.dport, r.l4proto)
    if t == 4:
        return t, _fixed(r.sip, 16) + _fixed(r.dip, 16) + struct.pack("<HHB", r.sport, r.dport, r.l4proto)
    if t == 5:
        return t, _fixed(r.sip, 4) + struct.pack("<HB", r.sport, r.l4proto)
    if t == 6:
        return t, _fixed(r.sip, 16) + struct.pack("<HB", r.sport, r.l4proto)
    if t == 8:
        return t, struct.pack("<QQ", r.source, r.dest) + _lstr(r.name, 1023)
    if t == 16:
        return t, _U32.pack(r.open_flags & 0xFFFFFFFF) + _lstr(r.name, 1023) + _U32.pack(r.dev & 0xFFFFFFFF)
    if not 1 <= t <= 15:
        t = 10  # BPF, userfaultfd, io_uring, memfd, pidfd (HEAD only): 0.29.3 rejects them
    return t, _lstr(r.name, 1023)


def _fd_entry(r: FdRecord) -> bytes:
    t, payload = _fd_payload(r)
    rec = struct.pack("<qQB", r.fd, r.ino, t) + payload
    return _U32.pack(len(rec) + 4) + rec


def fdl_block(tid: int, fds: list[FdRecord]) -> bytes:
    return block(B.FDL_V2, struct.pack("<q", tid) + b"".join(_fd_entry(r) for r in fds))


def metadata_blocks(meta: CaptureMetadata) -> Iterator[bytes]:
    """SHB, MI, IL_V2, UL_V2, PL_V9 and one FDL_V2 per process record, in sysdig's order."""
    yield shb_block()
    yield mi_block(meta.machine)
    if meta.has_ifaces:
        yield il_block(meta.ifaces)
    if meta.has_users:
        yield ul_block(meta.users, meta.groups)
    yield pl_block(meta.procs)
    seen: set[int] = set()
    for p in meta.procs:
        fds = [] if p.tid in seen else meta.fds.get(p.tid, [])
        seen.add(p.tid)
        yield fdl_block(p.tid, fds)


def event_block(raw: RawEvent) -> bytes:
    """The EV_V2 / EVF_V2 (``_LARGE``) block of one event; its bytes are kept as they are."""
    data = raw.data
    n = len(data)
    flags = raw.flags & ~DF_LARGE
    pad = -(2 + n) & 3
    large = raw.code in LARGE_CODES
    if flags:
        total = 18 + n + pad
        btype = B.EVF_V2_LARGE if large or total - 8 > _NONLARGE_MAX else B.EVF_V2
        head = _EVF_HEAD.pack(btype, total, raw.cpu, flags)
    else:
        total = 14 + n + pad
        btype = B.EV_V2_LARGE if large or total - 8 > _NONLARGE_MAX else B.EV_V2
        head = _EV_HEAD.pack(btype, total, raw.cpu)
    return head + data + _PADS[pad] + _U32.pack(total)


# ---- signals --------------------------------------------------------------------------------

@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT/SIGTERM while the body runs, then deliver them to the previous handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield  # Python handlers only ever run in the main thread: nothing can interrupt us here
        return
    caught: list[int] = []
    old = {s: signal.signal(s, lambda signum, _frame: caught.append(signum)) for s in _DEFERRED}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        for s in caught:
            signal.raise_signal(s)


# ---- output ---------------------------------------------------------------------------------

class _Sink:
    """What GzipFile writes into: compressed bytes wait here until they go to disk."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, b: bytes) -> int:
        self.data += b
        return len(b)

    def flush(self) -> None:
        pass


class ScapWriter:
    """Writes a capture: :meth:`write_metadata` once per section, then :meth:`write_event`."""

    def __init__(self, path: str, compress: bool = False, buffer_size: int = BUFFER_SIZE) -> None:
        self.path = path
        self.compress = compress
        self.bytes_written = 0  # uncompressed bytes of whole blocks accepted so far
        self.events_written = 0
        self.file_bytes = 0  # bytes that reached the file
        self._limit = buffer_size
        self._buf = bytearray()
        self._closed = False
        self._failed = False
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            raise CaptureWriteError(f"can't open {path} for writing: {exc.strerror}") from None
        self._sink = _Sink()
        self._gz: gzip.GzipFile | None = None
        self._gz_crc = 0  # crc32 and size of the uncompressed bytes that reached the file
        self._gz_size = 0
        if compress:
            self._gz = gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=self._sink, mtime=0)

    def __enter__(self) -> ScapWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write_metadata(self, meta: CaptureMetadata) -> None:
        """Start a section: SHB and metadata blocks (call again to start another section)."""
        for blk in metadata_blocks(meta):
            self._add(blk)

    def write_block(self, blk: bytes) -> None:
        """Append one whole, already encoded block."""
        self._add(blk)

    def write_event(self, raw: RawEvent) -> None:
        blk = event_block(raw)
        self._add(blk)
        self.events_written += 1

    def _add(self, blk: bytes) -> None:
        if self._closed or self._failed:
            raise CaptureWriteError(f"{self.path}: writer is {'closed' if self._closed else 'broken'}")
        self._buf += blk  # one step: a block is in the buffer whole or not at all
        self.bytes_written += len(blk)
        if len(self._buf) >= self._limit:
            self.flush()

    def flush(self) -> None:
        """Send the buffered blocks to the file (a sync point of the gzip stream when compressing)."""
        if not self._buf or self._failed:
            return
        with deferred_signals():
            self._flush()

    def _flush(self) -> None:
        gz = self._gz
        if gz is None:
            self._write_out(self._buf, blocks=True)
            self._buf = bytearray()
            return
        data = self._buf
        gz.write(data)
        gz.flush()  # Z_SYNC_FLUSH: the compressed bytes so far decode to whole blocks
        self._buf = bytearray()
        self._write_out(self._sink.data, blocks=False)
        self._sink.data = bytearray()
        self._gz_crc = zlib.crc32(data, self._gz_crc)
        self._gz_size += len(data)

    def _write_out(self, data: bytearray, blocks: bool) -> None:
        base = self.file_bytes
        view = memoryview(data)
        done = 0
        try:
            while done < len(data):
                done += os.write(self._fd, view[done:])
        except OSError as exc:
            self._failed = True
            if blocks:
                self._cut(base + _whole_blocks(data, done))
            else:
                self._cut(base)
                self._end_gzip()
            raise CaptureWriteError(_write_error(self.path, exc)) from None
        finally:
            view.release()
        self.file_bytes = base + done

    def _cut(self, size: int) -> None:
        """Drop a partial block (or partial gzip chunk) left by a failed write."""
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, size)
            os.lseek(self._fd, size, os.SEEK_SET)
        self.file_bytes = size

    def _end_gzip(self) -> None:
        """After a failed gzip write: close the stream at its last sync point so that it reads cleanly."""
        if self.file_bytes == 0:
            return  # not even the gzip header made it
        tail = _DEFLATE_END + struct.pack("<II", self._gz_crc, self._gz_size & 0xFFFFFFFF)
        with contextlib.suppress(OSError):
            if os.write(self._fd, tail) == len(tail):
                self.file_bytes += len(tail)
                return
            os.ftruncate(self._fd, self.file_bytes)

    def close(self) -> None:
        """Flush everything (gzip trailer included) and close the file; safe to call twice."""
        if self._closed:
            return
        try:
            if not self._failed:
                with deferred_signals():
                    self._flush()
                    self._finish_gzip()
        finally:
            self._closed = True
            with contextlib.suppress(OSError):
                os.close(self._fd)

    def _finish_gzip(self) -> None:
        if self._gz is None:
            return
        self._gz.close()  # writes the trailer into the sink; the sink itself stays open
        self._write_out(self._sink.data, blocks=False)
        self._sink.data = bytearray()


def _whole_blocks(data: bytearray, written: int) -> int:
    """How many of the ``written`` first bytes of ``data`` are whole blocks."""
    pos = 0
    while pos + 8 <= written:
        (blen,) = _U32.unpack_from(data, pos + 4)
        if pos + blen > written:
            break
        pos += blen
    return pos


def _write_error(path: str, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"error writing to {path}: no space left on device (file kept up to its last whole event)"
    return f"error writing to {path}: {exc.strerror or exc}"


def copy_capture(src: str, dst: str, compress: bool = False) -> ScapWriter:
    """Copy every section of ``src`` to ``dst`` (the writer is returned closed, with its counters)."""
    from sysdigpy.probe.scapfile import read_capture

    with ScapWriter(dst, compress) as w:
        for item in read_capture(src):
            if isinstance(item, CaptureMetadata):
                w.write_metadata(item)
            else:
                w.write_event(item)
    return w
