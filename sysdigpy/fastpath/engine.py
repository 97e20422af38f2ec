"""The C engine (engine.c and the files it includes), loaded with ctypes.

``Engine`` loads the event table and name tables into the C engine once, imports each
section's initial state from the Python one (``State(meta)``: what the process and fd
lists give, computed by the reference code), and feeds it event blocks.  Text comes back
in large buffers.  When the C engine declines an event (see engine.h) it has handled,
and printed, every event before it: ``Declined.handled`` says how many.
"""

from __future__ import annotations

import ctypes
import os
import struct
from collections.abc import Iterator
from pathlib import Path

from sysdigpy import native
from sysdigpy.events import flagtables as ft
from sysdigpy.events.numbering import CONTAINER_CODES
from sysdigpy.events.numbering import is_meta
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.probe.scapblocks import LARGE
from sysdigpy.probe.scapblocks import TABLE_N
from sysdigpy.state.parsers import State

SOURCE = Path(__file__).with_name("engine.c")

# the order of enum sdp_ptype / sdp_pformat in engine.h
PTYPES = (
    "PT_NONE", "PT_INT8", "PT_INT16", "PT_INT32", "PT_INT64", "PT_UINT8", "PT_UINT16", "PT_UINT32", "PT_UINT64",
    "PT_CHARBUF", "PT_BYTEBUF", "PT_ERRNO", "PT_SOCKADDR", "PT_SOCKTUPLE", "PT_FD", "PT_PID", "PT_FDLIST",
    "PT_FSPATH", "PT_SYSCALLID", "PT_SIGTYPE", "PT_RELTIME", "PT_ABSTIME", "PT_PORT", "PT_L4PROTO", "PT_SOCKFAMILY",
    "PT_BOOL", "PT_IPV4ADDR", "PT_DYN", "PT_FLAGS8", "PT_FLAGS16", "PT_FLAGS32", "PT_UID", "PT_GID", "PT_DOUBLE",
    "PT_SIGSET", "PT_CHARBUFARRAY", "PT_CHARBUF_PAIR_ARRAY", "PT_IPV4NET", "PT_IPV6ADDR", "PT_IPV6NET", "PT_IPADDR",
    "PT_IPNET", "PT_MODE", "PT_FSRELPATH", "PT_ENUMFLAGS8", "PT_ENUMFLAGS16", "PT_ENUMFLAGS32", "PT_FD32", "PT_PID32",
)  # fmt: skip
PFORMATS = ("PF_NA", "PF_DEC", "PF_HEX", "PF_10_PADDED_DEC", "PF_ID", "PF_DIR", "PF_OCT")
OUT_NONE, OUT_LINE, OUT_JSON = 0, 1, 2
OUT_FLUSH = 1 << 20  # bytes of text collected before they go out


class Declined(Exception):
    """The C engine stopped before an event it cannot handle exactly as the Python engine."""

    def __init__(self, handled: int, reason: str) -> None:
        super().__init__(f"C engine declined after event {handled}: {reason}")
        self.handled = handled
        self.reason = reason


def enabled() -> bool:
    """False with SYSDIGPY_FASTPATH=0 (or SYSDIGPY_NO_CEXT=1, or no compiler)."""
    return os.environ.get("SYSDIGPY_FASTPATH", "1") != "0" and _lib() is not None


def debug() -> bool:
    return os.environ.get("SYSDIGPY_FASTPATH") == "debug"


_LIB: list[ctypes.CDLL | None] = []


def _lib() -> ctypes.CDLL | None:
    if not _LIB:
        lib = native.load(SOURCE)
        if lib is not None:
            _declare(lib)
        _LIB.append(lib)
    return _LIB[0]


def _declare(lib: ctypes.CDLL) -> None:
    P, S, U32, I32, I64, U64 = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_int64, \
        ctypes.c_uint64
    sigs: dict[str, tuple[list, object]] = {
        "sdp_new": ([U32], P),
        "sdp_tbl_ids": ([P, I32, U32], None),
        "sdp_tbl_id": ([P, I32, U32, U32, S], None),
        "sdp_tbl_layout": ([P, S, S, U32], None),
        "sdp_tbl_program": ([P, S, U32], I32),
        "sdp_finish_tables": ([P], None),
        "sdp_decline_at": ([P, U64], None),
        "sdp_configure": ([P, I32, I64, U32], None),
        "sdp_section_begin": ([P, S, U32, S, U32], None),
        "sdp_import_thread": ([P, I64, I64, I64, I64, I64, I64, I64, S, S, S, S, S, U32, U32, U32, U32, U32, I64,
                               I64, U64], None),
        "sdp_import_fd": ([P, I64, ctypes.c_int32, U32, U32, U32, U64, U64, S, S], None),
        "sdp_feed_blocks": ([P, S, U64, ctypes.POINTER(U64)], I32),
        "sdp_feed_event": ([P, S, U32, ctypes.c_uint16, U32], I32),
        "sdp_fd_begin": ([P, I32, U64], None),
        "sdp_fd_feed": ([P, ctypes.POINTER(U64), U64], I32),
        "sdp_out_ptr": ([P], P),
        "sdp_out_size": ([P], U64),
        "sdp_out_clear": ([P], None),
        "sdp_num": ([P], U64),
        "sdp_returned": ([P], U64),
        "sdp_shown": ([P], U64),
        "sdp_decline_reason": ([P], S),
        "sdp_filter_new": ([P, S, U32], P),
        "sdp_set_filter": ([P, P], None),
        "sdp_format_set": ([P, S, U32], I32),
        "sdp_agg_begin": ([P, S, U32], I32),
        "sdp_agg_rows": ([P], U32),
        "sdp_agg_key": ([P, U32], ctypes.c_void_p),
        "sdp_agg_sum": ([P, U32], I64),
        "sdp_agg_seen": ([P], I32),
        "sdp_agg_first_ts": ([P], U64),
        "sdp_agg_last_ts": ([P], U64),
    }
    for name, (args, res) in sigs.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res


def _b(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


class _Program:
    """The table calls of engine.c recorded as one program (sdp_tbl_program reads it)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.flag_ids: dict[str, int] = {}
        self.dyn_ids: dict[str, int] = {}

    def op(self, code: int, *words: int, name: str | None = None) -> None:
        self.parts.append(struct.pack(f"<B{len(words)}I", code, *(w & 0xFFFFFFFF for w in words)))
        if name is not None:
            b = _b(name)
            self.parts.append(struct.pack("<H", len(b)) + b)

    def flag_table(self, name: str) -> int:
        if name not in self.flag_ids:
            rows = ft.table(name)
            self.flag_ids[name] = len(self.flag_ids)
            self.op(3, len(rows))
            for k, (fname, value) in enumerate(rows):
                self.op(4, self.flag_ids[name], k, value, name=fname)
        return self.flag_ids[name]

    def dyn_table(self, name: str) -> int:
        if name not in self.dyn_ids:
            rows = ft.dyn_table(name)
            self.dyn_ids[name] = len(self.dyn_ids)
            self.op(5, len(rows))
            for k, (ptype, fmt) in enumerate(rows):
                self.op(6, self.dyn_ids[name], k, PTYPES.index(ptype), PFORMATS.index(fmt))
        return self.dyn_ids[name]

    def names(self, which: int, names: dict[int, str]) -> None:
        self.op(7, which, max(names) + 1 if names else 0)
        for v, name in names.items():
            if v >= 0:
                self.op(8, which, v, name=name)


def table_program() -> bytes:
    """The event table, flag and dynamic-parameter tables and errno/signal/syscall names for engine.c."""
    prog = _Program()
    for e in EVENT_TABLE:
        prog.op(1, e.code, ord(e.direction), e.category, e.flags, len(e.params),
                int(e.code >= LEGACY_EVENT_MAX and is_meta(e.code)), int(e.code in CONTAINER_CODES), name=e.name)
        for i, p in enumerate(e.params):
            table, dyn_n, dirfd = -1, -1, -1
            if p.ptype == "PT_DYN":
                dname, _, n = p.info.partition("/")
                table = prog.dyn_table(dname)
                dyn_n = int(n) if n else -1
            elif p.dirfd_index is not None:
                dirfd = p.dirfd_index
            elif p.info:
                table = prog.flag_table(p.info)
            prog.op(2, e.code, i, PTYPES.index(p.ptype), PFORMATS.index(p.fmt), table, dyn_n, dirfd, name=p.name)
    prog.names(0, ft.ERRNO_NAMES)
    prog.names(1, ft.SIGNAL_NAMES)
    prog.names(2, ft.SYSCALL_NAMES)
    return b"".join(prog.parts)


class Engine:
    """One C engine for one run."""

    def __init__(self, out_mode: int, tz_offset: int, max_len: int) -> None:
        lib = _lib()
        assert lib is not None
        self.lib = lib
        self.eng = lib.sdp_new(len(EVENT_TABLE))
        self._load_tables()
        lib.sdp_configure(self.eng, out_mode, tz_offset, max_len)
        at = os.environ.get("SYSDIGPY_FASTPATH_DECLINE_AT")  # tests: the Python engine takes over there
        if at:
            lib.sdp_decline_at(self.eng, int(at))
        self._pos = ctypes.c_uint64()

    # ---- tables ---------------------------------------------------------------------------------
    def _load_tables(self) -> None:
        lib, eng = self.lib, self.eng
        from sysdigpy.events import _eventdata
        from sysdigpy.events import _flagdata

        deps = [Path(_eventdata.__file__), Path(_flagdata.__file__), Path(__file__)]
        program = native.cached_data(f"engine-tables-{len(EVENT_TABLE)}", deps, table_program)
        if not lib.sdp_tbl_program(eng, program, len(program)):
            raise RuntimeError("the C engine could not read its tables")
        lib.sdp_tbl_layout(eng, bytes(TABLE_N), bytes(LARGE), len(TABLE_N))
        lib.sdp_finish_tables(eng)

    # ---- sections ---------------------------------------------------------------------------------
    def section(self, state: State) -> None:
        """Start a section from the state the Python engine built from its metadata."""
        lib, eng = self.lib, self.eng
        ifaces = b"".join(a[:4].ljust(4, b"\0") + m[:4].ljust(4, b"\0") for a, m in state.ipv4_ifaces)
        ports = sorted(state.threads.server_ports)
        port_bytes = b"".join((p & 0xFFFF).to_bytes(2, "little") for p in ports)
        lib.sdp_section_begin(eng, ifaces, len(state.ipv4_ifaces), port_bytes, len(ports))
        users = state.users
        for which, table in ((0, users.users), (1, users.groups)):
            lib.sdp_tbl_ids(eng, which, len(table))
            for k, (uid, rec) in enumerate(table.items()):
                lib.sdp_tbl_id(eng, which, k, uid & 0xFFFFFFFF, _b(rec.name))
        for t in state.threads.threads.values():
            args = b"".join(_b(a) + b"\0" for a in t.args)
            lib.sdp_import_thread(eng, t.tid, t.pid, t.ptid, t.vtid, t.vpid, t.sid, t.vpgid, _b(t.comm), _b(t.exe),
                                  _b(t.exepath), _b(t.cwd), args, len(args), t.flags & 0xFFFFFFFF,
                                  t.uid & 0xFFFFFFFF, t.gid & 0xFFFFFFFF, t.loginuid & 0xFFFFFFFF, t.fdlimit,
                                  t.nchilds, t.clone_ts)
            for fd, fdi in t.fdtable.items():
                lib.sdp_import_fd(eng, fd, fdi.type, fdi.flags & 0xFFFFFFFF, fdi.openflags & 0xFFFFFFFF,
                                  fdi.mount_id & 0xFFFFFFFF, fdi.ino & 0xFFFFFFFFFFFFFFFF,
                                  fdi.dev & 0xFFFFFFFFFFFFFFFF, bytes(fdi.su), _b(fdi.name))

    def set_filter(self, program: bytes) -> bool:
        f = self.lib.sdp_filter_new(self.eng, program, len(program))
        if not f:
            return False
        self.lib.sdp_set_filter(self.eng, f)
        return True

    def set_format(self, program: bytes) -> bool:
        """Print lines of a -p format (cformat.py's program) instead of the default line."""
        return bool(self.lib.sdp_format_set(self.eng, program, len(program)))

    def aggregate(self, program: bytes) -> bool:
        """Sum evt.rawarg.res by fd.name over the events the chisel filter ``program`` keeps."""
        return bool(self.lib.sdp_agg_begin(self.eng, program, len(program)))

    def table(self) -> tuple[dict[str, int], tuple[int, int] | None]:
        """The aggregated rows in first-seen order, and the first and last times of the events seen."""
        lib, eng = self.lib, self.eng
        rows = {}
        for i in range(lib.sdp_agg_rows(eng)):
            key = ctypes.string_at(lib.sdp_agg_key(eng, i)).decode("utf-8", "surrogateescape")
            rows[key] = lib.sdp_agg_sum(eng, i)
        span = (lib.sdp_agg_first_ts(eng), lib.sdp_agg_last_ts(eng)) if lib.sdp_agg_seen(eng) else None
        return rows, span

    # ---- feeding ------------------------------------------------------------------------------------
    def feed_blocks(self, buf: bytes, pos: int) -> int:
        """Handle the event blocks from ``pos``; the position of the first block left to Python."""
        self._pos.value = pos
        status = self.lib.sdp_feed_blocks(self.eng, buf, len(buf), ctypes.byref(self._pos))
        if status:
            raise self.declined()
        return self._pos.value

    def feed_file(self, fd: int, offset: int) -> Iterator[int]:
        """Read and handle the event blocks of a plain capture file from ``offset`` in C; yields the
        file offset reached whenever output is waiting or a million events went by (so that
        Ctrl-C is seen), the last one being where Python resumes."""
        self.lib.sdp_fd_begin(self.eng, fd, offset)
        while True:
            status = self.lib.sdp_fd_feed(self.eng, ctypes.byref(self._pos), OUT_FLUSH)
            if status == 1:
                raise self.declined()
            yield self._pos.value
            if status == 0:
                return

    def feed_event(self, data: bytes, cpu: int, flags: int) -> None:
        if self.lib.sdp_feed_event(self.eng, data, len(data), cpu, flags):
            raise self.declined()

    def declined(self) -> Declined:
        return Declined(self.numbered, self.lib.sdp_decline_reason(self.eng).decode())

    # ---- results ----------------------------------------------------------------------------------
    def pending(self) -> int:
        return self.lib.sdp_out_size(self.eng)

    def take_output(self) -> bytes:
        n = self.lib.sdp_out_size(self.eng)
        if not n:
            return b""
        data = ctypes.string_at(self.lib.sdp_out_ptr(self.eng), n)
        self.lib.sdp_out_clear(self.eng)
        return data

    @property
    def numbered(self) -> int:
        return self.lib.sdp_num(self.eng)

    @property
    def returned(self) -> int:
        return self.lib.sdp_returned(self.eng)

    @property
    def shown(self) -> int:
        return self.lib.sdp_shown(self.eng)
