"""Parsers of the metadata blocks: machine info, process, fd, user and interface lists.

Each parser takes the block body (padding included) and fills the section's
:class:`CaptureMetadata`.  Layouts: ../shared/docs/scap-format.md §4 to §7.
"""

from __future__ import annotations

import struct

from sysdigpy.errors import CaptureFormatError
from sysdigpy.probe import blocks as B
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import GroupRecord
from sysdigpy.probe.metadata import IfaceRecord
from sysdigpy.probe.metadata import MachineInfo
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.probe.metadata import UserRecord


def text(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


_STRUCTS: dict[str, struct.Struct] = {}  # little-endian layouts by format: compiled once, not per field read


def _compile(fmt: str) -> struct.Struct:
    st = _STRUCTS[fmt] = struct.Struct("<" + fmt)
    return st


class Cursor:
    """Reads little-endian fields from a block body."""

    __slots__ = ("buf", "pos", "end")

    def __init__(self, buf: bytes, pos: int = 0, end: int | None = None) -> None:
        self.buf = buf
        self.pos = pos
        self.end = len(buf) if end is None else end

    def left(self) -> int:
        return self.end - self.pos

    def take(self, fmt: str) -> tuple:
        st = _STRUCTS.get(fmt) or _compile(fmt)
        pos = self.pos
        end = pos + st.size
        if end > self.end:
            raise ValueError(f"record cut short (need {st.size} bytes, {self.left()} left)")
        self.pos = end
        return st.unpack_from(self.buf, pos)

    def u8(self) -> int:
        return self.take("B")[0]

    def u16(self) -> int:
        return self.take("H")[0]

    def u32(self) -> int:
        return self.take("I")[0]

    def u64(self) -> int:
        return self.take("Q")[0]

    def i64(self) -> int:
        return self.take("q")[0]

    def raw(self, n: int) -> bytes:
        pos = self.pos
        end = pos + n
        if end > self.end:
            raise ValueError(f"record cut short (need {n} bytes, {self.left()} left)")
        self.pos = end
        return self.buf[pos:end]

    def lstr(self, limit: int = 65535) -> bytes:
        n = self.take("H")[0]
        if n > limit:
            raise ValueError(f"string length {n} over its limit {limit}")
        return self.raw(n)


def parse_mi(meta: CaptureMetadata, _btype: int, body: bytes) -> None:
    c = Cursor(body)
    ncpu, mem, maxpid = c.take("IQQ")
    host = c.raw(128).split(b"\0", 1)[0]
    boot, flags = c.take("QQ")
    meta.machine = MachineInfo(ncpu, mem, maxpid, text(host), boot, flags)


def _nul_list(b: bytes) -> list[str]:
    parts = b.split(b"\0")
    if parts and parts[-1] == b"":
        parts.pop()
    return [text(p) for p in parts]


def parse_pl(meta: CaptureMetadata, btype: int, body: bytes) -> None:
    version = B.PL_VERSIONS[btype]
    c = Cursor(body)
    while c.left() >= 4:
        if version == 9:
            start = c.pos
            entry_len = c.u32()
            if entry_len < 4:
                raise ValueError(f"process record length {entry_len}")
            rec_end = start + entry_len
            rec = _proc_record(Cursor(body, c.pos, min(rec_end, len(body))), version)
            c.pos = rec_end
        else:
            rec = _proc_record(c, version)
        meta.procs.append(rec)


def _proc_record(c: Cursor, v: int) -> ProcRecord:
    tid, pid, ptid = c.take("QQQ")
    r = ProcRecord(tid=_signed(tid), pid=_signed(pid), ptid=_signed(ptid))
    if v >= 6:
        r.sid = c.i64()
    if v >= 8:
        r.vpgid = c.i64()
    r.comm = text(c.lstr(1024))
    r.exe = text(c.lstr(1024))
    if v >= 7:
        r.exepath = text(c.lstr(1024))
    r.args = _nul_list(c.lstr(4096))
    cwd = text(c.lstr(1024))
    r.cwd = cwd
    r.fdlimit, r.flags, r.uid, r.gid = c.take("qIII")
    if v >= 2:
        r.vmsize_kb, r.vmrss_kb, r.vmswap_kb, r.pfmajor, r.pfminor = c.take("IIIQQ")
    if v >= 3:
        r.env = _nul_list(c.lstr(4096))
    if v >= 4:
        r.vtid, r.vpid = c.take("qq")
        r.cgroups = _cgroups(c.lstr(4096))
    if v >= 5:
        r.root = text(c.lstr(1024))
    if v == 9:
        _v9_tail(c, r)
    return r


def _signed(v: int) -> int:
    return v - (1 << 64) if v >= 1 << 63 else v


def _cgroups(b: bytes) -> list[tuple[str, str]]:
    out = []
    for item in _nul_list(b):
        sub, _, path = item.partition("=")
        out.append((sub, path))
    return out


def _v9_tail(c: Cursor, r: ProcRecord) -> None:
    """The optional V9 tail; its layout is told by how many bytes are left (§6.2).

    sysdig 0.29.3's scap knows only the short tail (loginuid, exe_writable): on the long one it
    reads pidns_init_start_ts's bytes as those and never sees tty; we read the long one as written.
    """
    left = c.left()
    r.tail_len = left
    if left <= 29:
        if left >= 4:
            r.loginuid = c.u32()
        if left >= 5:
            r.exe_writable = bool(c.u8())
        if left >= 29:
            r.cap_inheritable, r.cap_permitted, r.cap_effective = c.take("QQQ")
        return
    fields = (("pidns_init_start_ts", "Q"), ("tty", "I"), ("loginuid", "I"), ("exe_writable", "B"),
              ("cap_inheritable", "Q"), ("cap_permitted", "Q"), ("cap_effective", "Q"),
              ("exe_upper_layer", "B"), ("exe_ino", "Q"), ("exe_ino_ctime", "Q"), ("exe_ino_mtime", "Q"))
    for name, fmt in fields:
        if c.left() < struct.calcsize(fmt):
            break
        value = c.take(fmt)[0]
        setattr(r, name, bool(value) if name in ("exe_writable", "exe_upper_layer") else value)


def parse_fdl(meta: CaptureMetadata, btype: int, body: bytes) -> None:
    c = Cursor(body)
    tid = _signed(c.u64())
    if not any(p.tid == tid for p in meta.procs):
        raise CaptureFormatError(f"corrupt capture: fd list references tid {tid}, which is not in the process list")
    records = meta.fds.setdefault(tid, [])
    v2 = btype == B.FDL_V2
    while c.left() >= 4:
        if v2:
            start = c.pos
            entry_len = c.u32()
            if entry_len < 4:
                raise ValueError(f"fd record length {entry_len}")
            end = min(start + entry_len, len(body))
            records.append(_fd_record(Cursor(body, c.pos, end), True))
            c.pos = start + entry_len
        else:
            records.append(_fd_record(c, False))


def _fd_record(c: Cursor, v2: bool) -> FdRecord:
    fd, ino, fdtype = c.take("qQB")
    r = FdRecord(fd=fd, ino=ino, fdtype=fdtype)
    if fdtype == 3:
        r.sip, r.dip = c.raw(4), c.raw(4)
        r.sport, r.dport, r.l4proto = c.take("HHB")
    elif fdtype == 4:
        r.sip, r.dip = c.raw(16), c.raw(16)
        r.sport, r.dport, r.l4proto = c.take("HHB")
    elif fdtype == 5:
        r.sip = c.raw(4)
        r.sport, r.l4proto = c.take("HB")
    elif fdtype == 6:
        r.sip = c.raw(16)
        r.sport, r.l4proto = c.take("HB")
    elif fdtype == 8:
        r.source, r.dest = c.take("QQ")
        r.name = text(c.lstr(1024))
    elif fdtype == 16:
        r.open_flags = c.u32()
        r.name = text(c.lstr(1024))
        if v2 and c.left() >= 4:
            r.dev = c.u32()
    elif 1 <= fdtype <= 21:
        r.name = text(c.lstr(1024))
    else:
        raise ValueError(f"wrong fd type {fdtype}")
    return r


def parse_ul(meta: CaptureMetadata, btype: int, body: bytes) -> None:
    meta.has_users = True
    c = Cursor(body)
    v2 = btype == B.UL_V2
    while c.left() >= 4:
        if v2:
            start = c.pos
            entry_len = c.u32()
            if entry_len < 5:
                raise ValueError(f"user record length {entry_len}")
            _user_record(meta, Cursor(body, c.pos, min(start + entry_len, len(body))))
            c.pos = start + entry_len
        else:
            _user_record(meta, c)


def _user_record(meta: CaptureMetadata, c: Cursor) -> None:
    kind = c.u8()
    if kind == 0:
        uid, gid = c.take("II")
        name, home, shell = (text(c.lstr(255)) for _ in range(3))
        meta.users.append(UserRecord(uid, gid, name, home, shell))
    else:
        gid = c.u32()
        meta.groups.append(GroupRecord(gid, text(c.lstr(255))))


_IF_SIZES = {1: (4, True), 2: (16, True), 3: (4, False), 4: (16, False)}


def parse_il(meta: CaptureMetadata, btype: int, body: bytes) -> None:
    meta.has_ifaces = True
    c = Cursor(body)
    v2 = btype == B.IL_V2
    while c.left() >= 4:
        if v2:
            entry_len = c.u32()
            start = c.pos
            meta.ifaces.append(_iface(Cursor(body, start, min(start + entry_len, len(body)))))
            c.pos = start + entry_len
        else:
            meta.ifaces.append(_iface(c))


def _iface(c: Cursor) -> IfaceRecord:
    kind, namelen = c.take("HH")
    if kind not in _IF_SIZES:
        raise ValueError(f"unknown interface type {kind}")
    size, has_speed = _IF_SIZES[kind]
    addr, mask, bcast = c.raw(size), c.raw(size), c.raw(size)
    speed = c.u64() if has_speed else 0
    if namelen >= 1024:
        raise ValueError(f"interface name length {namelen}")
    return IfaceRecord(kind, text(c.raw(namelen)), addr, mask, bcast, speed)
