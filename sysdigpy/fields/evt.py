"""Fields of the evt class: the event itself (sinsp_filter_check_gen_event and _event)."""

from __future__ import annotations

import datetime
from typing import Any

from sysdigpy.events import flagtables as ft
from sysdigpy.events._syscallcat import SYSCALL_CATEGORIES
from sysdigpy.events.event import Event
from sysdigpy.events.table import EC_INTERNAL
from sysdigpy.events.table import EF_CREATES_FD
from sysdigpy.events.table import EF_READS_FROM_FD
from sysdigpy.events.table import EF_WAITS
from sysdigpy.events.table import EF_WRITES_TO_FD
from sysdigpy.events.table import codes_for_name
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import ARG_DOTTED
from sysdigpy.fields.registry import ARG_INDEX
from sysdigpy.fields.registry import ARG_REQUIRED
from sysdigpy.fields.registry import FILTER_ONLY
from sysdigpy.fields.registry import HIDDEN
from sysdigpy.fields.registry import PRINT_ONLY
from sysdigpy.fields.registry import Declarer
from sysdigpy.fields.registry import Factory
from sysdigpy.fields.registry import Getter
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import implements
from sysdigpy.fields.registry import simple
from sysdigpy.state.syslog import syslog_message

NS = 1_000_000_000
IMPLS: dict[str, Factory] = {}
_CATEGORY_BITS = 0x1F | 0x20 | 0x40 | 0x80  # EC_* values without the source bits (EC_SYSCALL & co)
_CATEGORY_NAMES = {0: "unknown", 1: "other", 2: "file", 3: "net", 4: "IPC", 5: "memory", 6: "process",
                   7: "sleep", 8: "system", 9: "signal", 10: "user", 11: "time", 12: "processing",
                   64: "wait", 128: "scheduler"}
_IO_CATEGORIES = (32, 33, 34)
_FILE_TYPES = (1, 2, 16)
_NET_TYPES = (3, 4, 5, 6)
_IPC_TYPES = (7, 8, 9, 11, 13)  # fifo, unix, event, signalfd, inotify
_EC_VALUES = {"EC_UNKNOWN": 0, "EC_OTHER": 1, "EC_FILE": 2, "EC_NET": 3, "EC_IPC": 4, "EC_MEMORY": 5,
              "EC_PROCESS": 6, "EC_SLEEP": 7, "EC_SYSTEM": 8, "EC_SIGNAL": 9, "EC_USER": 10, "EC_TIME": 11,
              "EC_PROCESSING": 12, "EC_IO_READ": 32, "EC_IO_WRITE": 33, "EC_IO_OTHER": 34, "EC_WAIT": 64,
              "EC_SCHEDULER": 128, "EC_INTERNAL": 256}
_GENERIC_CATEGORIES = tuple(_EC_VALUES[c] for c in SYSCALL_CATEGORIES)

field_class("evt", "evt", "These fields can be used for all event types", "All event types")
field_class("evt_sc", "evt", "Event fields applicable to syscall events. Note that for most events you can access "
            "the individual arguments/parameters of each syscall via evt.arg, e.g. evt.arg.filename.",
            "Syscall events only")


def impl(*names: str):  # noqa: ANN201
    return implements(IMPLS, *names)


def plain(*names: str):  # noqa: ANN201
    """Register a getter that needs neither context nor argument."""

    def register(fn: Getter) -> Getter:
        implements(IMPLS, *names)(lambda _ctx, _arg: fn)
        return fn

    return register


# ---- time ------------------------------------------------------------------------------------------
def clock(ts: int, offset: int) -> str:
    """HH:MM:SS.nnnnnnnnn of a timestamp in local time (sinsp's ts_to_string)."""
    sec, nsec = divmod(ts, NS)
    s = (sec + offset) % 86400
    return "%02d:%02d:%02d.%09d" % (s // 3600, s % 3600 // 60, s % 60, nsec)


def _local(ts: int, offset: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts // NS + offset, tz=datetime.timezone.utc)


@plain("evt.num")
def _num(e: Event) -> int:
    return e.num


@impl("evt.time")
def _time(ctx: FieldContext, arg: str | None) -> Getter:
    if ctx.json:
        return lambda e: e.ts
    off = ctx.tz_offset
    return lambda e: clock(e.ts, off)


@impl("evt.time.s")
def _time_s(ctx: FieldContext, arg: str | None) -> Getter:
    if ctx.json:
        return lambda e: e.ts
    off = ctx.tz_offset
    return lambda e: clock(e.ts, off)[:8]


@impl("evt.time.iso8601")
def _iso(ctx: FieldContext, arg: str | None) -> Getter:
    if ctx.json:
        return lambda e: e.ts
    # sinsp ts_to_iso_8601: strftime "%FT%T", ".%09u", then "%z" of gmtime(), which glibc prints as +0000
    return lambda e: _local(e.ts, 0).strftime("%Y-%m-%dT%H:%M:%S.") + "%09d+0000" % (e.ts % NS)


@impl("evt.datetime")
def _datetime(ctx: FieldContext, arg: str | None) -> Getter:
    if ctx.json:
        return lambda e: e.ts
    off = ctx.tz_offset
    return lambda e: _local(e.ts, off).strftime("%Y-%m-%d ") + clock(e.ts, off)


@impl("evt.datetime.s")
def _datetime_s(ctx: FieldContext, arg: str | None) -> Getter:
    if ctx.json:
        return lambda e: e.ts
    off = ctx.tz_offset
    return lambda e: _local(e.ts, off).strftime("%Y-%m-%d %H:%M:%S")


plain("evt.rawtime")(lambda e: e.ts)
plain("evt.rawtime.s")(lambda e: e.ts // NS)
plain("evt.rawtime.ns")(lambda e: e.ts % NS)


@impl("evt.reltime", "evt.reltime.s", "evt.reltime.ns")
def _reltime(ctx: FieldContext, arg: str | None) -> Getter:
    return lambda e: e.ts - ctx.first_ts


IMPLS["evt.reltime.s"] = lambda ctx, arg: lambda e: (e.ts - ctx.first_ts) // NS
IMPLS["evt.reltime.ns"] = lambda ctx, arg: lambda e: (e.ts - ctx.first_ts) % NS


@impl("evt.outputtime")
def _outputtime(ctx: FieldContext, arg: str | None) -> Getter:
    if ctx.json:
        return lambda e: e.ts
    mode = ctx.time_mode
    if mode == "a":
        return lambda e: "%d.%d" % divmod(e.ts, NS)
    if mode == "r":
        return lambda e: "%d.%09d" % divmod(e.ts - ctx.first_ts, NS)
    if mode == "d":
        return lambda e: "%d.%09d" % divmod(e.thread.latency, NS) if e.thread is not None else "0.000000000"
    if mode == "D":
        return _delta_getter(lambda d: "%d.%09d" % divmod(d, NS))
    off = ctx.tz_offset
    return lambda e: clock(e.ts, off)


def _delta_getter(conv: Any) -> Getter:
    """Time since the previous event this getter saw (sinsp keeps it per field instance)."""
    last = [0]

    def delta(e: Event) -> Any:
        if last[0] == 0:
            last[0] = e.ts
        d = e.ts - last[0]
        last[0] = e.ts
        return conv(d)

    delta.stateful = True  # type: ignore[attr-defined]  # -j extracts a kept value twice, as sinsp
    return delta


IMPLS["evt.deltatime"] = lambda ctx, arg: _delta_getter(lambda d: d)
IMPLS["evt.deltatime.s"] = lambda ctx, arg: _delta_getter(lambda d: d // NS)
IMPLS["evt.deltatime.ns"] = lambda ctx, arg: _delta_getter(lambda d: d % NS)


# ---- latency ---------------------------------------------------------------------------------------
def _latency(e: Event) -> int | None:
    """sinsp: 0 when the event has no thread, none for an internal event that has one, else the latency.
    (-j on an internal event with a thread makes sysdig 0.29.3 crash on a NULL value; sysdigpy gives null.)"""
    if e.thread is None:
        return 0
    if e.info.category & EC_INTERNAL:
        return None
    return e.thread.latency


plain("evt.latency")(_latency)
plain("evt.latency.s")(lambda e: None if (v := _latency(e)) is None else v // NS)
plain("evt.latency.ns")(lambda e: None if (v := _latency(e)) is None else v % NS)


def nice_time(ns: int) -> str:
    """sinsp's format_time for a RELTIME: integer cuts, not rounding (11.95 ms prints as 11ms)."""
    s_ns, ms_ns, us_ns = NS, 1_000_000, 1000
    if ns >= 3600 * s_ns:
        return "%02d:%02d:%02d" % (ns // (3600 * s_ns), ns // (60 * s_ns) % 60, ns // s_ns % 60)
    if ns >= 60 * s_ns:
        return "%d:%d" % (ns // (60 * s_ns), ns // s_ns % 60)
    if ns >= s_ns:
        return "%d.%02ds" % (ns // s_ns, ns % s_ns // 10_000_000)
    if ns >= s_ns // 100:
        return "%dms" % (ns // ms_ns)
    if ns >= ms_ns:
        return "%d.%02dms" % (ns // ms_ns, ns % ms_ns // 10_000)
    if ns >= 10 * us_ns:
        return "%dus" % (ns // us_ns)
    if ns >= us_ns:
        return "%d.%02dus" % (ns // us_ns, ns % us_ns // 10)
    return "%dns" % ns


@impl("evt.latency.human")
def _latency_human(ctx: FieldContext, arg: str | None) -> Getter:
    """sinsp leaves its string storage as it was for an event without a thread: that event shows the string
    this field (each occurrence has its own) extracted last, "" before any."""
    last = [""]

    def get(e: Event) -> str | None:
        if e.thread is not None:
            if e.info.category & EC_INTERNAL:
                return None
            last[0] = nice_time(e.thread.latency)
        return last[0]

    get.stateful = True  # type: ignore[attr-defined]  # formatters call it as often as sinsp extracts
    return get


# ---- type, direction, category ---------------------------------------------------------------------
def type_name(e: Event) -> str:
    """evt.type: the table name, or for generic events the syscall's name."""
    if e.code <= 1:
        return ft.syscall_name(e.u16(0))
    return e.info.name


plain("evt.type")(type_name)
plain("evt.dir")(lambda e: e.info.direction)
plain("evt.cpu")(lambda e: e.cpu)


@plain("syscall.type")
def _syscall_type(e: Event) -> str | None:
    # sinsp: none for PPME_SCHEDSWITCH_6_E (152) and for events whose *flags* have bit 256 (it tests
    # EC_INTERNAL against the flags, i.e. EF_SKIPPARSERESET); the older switch (146) has that flag
    if e.code == 152 or e.info.flags & 256:
        return None
    return type_name(e)


@impl("evt.type.is")
def _type_is(ctx: FieldContext, arg: str | None) -> Getter:
    codes = frozenset(codes_for_name(arg or ""))
    return lambda e: 1 if e.code in codes else 0


def category(e: Event) -> str:
    if e.code <= 1:
        return _generic_category(e.u16(0))
    cat = e.info.category & _CATEGORY_BITS
    if cat in _IO_CATEGORIES:
        fdi = e.fdinfo
        t = fdi.type if fdi is not None else None
        if t in _FILE_TYPES:
            return "file"
        if t in _NET_TYPES:
            return "net"
        if t in _IPC_TYPES:
            return "ipc"
        return "unknown"
    return _CATEGORY_NAMES.get(cat, "unknown")


def _generic_category(sc: int) -> str:
    """A generic event's category is its syscall's (an I/O one has no fd subcategory: unknown)."""
    cat = _GENERIC_CATEGORIES[sc] if sc < len(_GENERIC_CATEGORIES) else 0
    return "unknown" if cat in _IO_CATEGORIES else _CATEGORY_NAMES.get(cat, "unknown")


plain("evt.category")(category)


# ---- arguments -------------------------------------------------------------------------------------
def _args_getter(ctx: FieldContext, arg: str | None) -> Getter:
    return ctx.renderer.args


def _info_getter(ctx: FieldContext, arg: str | None) -> Getter:
    """evt.info: the arguments, except on a write the syslog decoder of a /dev/log fd decoded."""
    args = ctx.renderer.args

    def get(e: Event) -> Any:
        m = syslog_message(e)
        return args(e) if m is None else m.info_line()

    return get


IMPLS["evt.args"] = _args_getter
IMPLS["evt.info"] = _info_getter


@impl("evt.arg")
def _arg(ctx: FieldContext, arg: str | None) -> Getter:
    """evt.arg.NAME / evt.arg[N]: the resolved text when there is one, else the value."""
    r = ctx.renderer
    if arg is not None and arg.isdigit():
        n = int(arg)

        def by_index(e: Event) -> str | None:
            if n >= e.nparams:
                return None
            value, resolved = r.param(e, n)
            return resolved or value

        return by_index

    def by_name(e: Event) -> str | None:
        i = e.info.param_index(arg or "")
        if i is None or i >= e.nparams:
            return None
        value, resolved = r.param(e, i)
        return resolved or value

    return by_name


_RAW_INT = {"PT_INT8": ("b", 1), "PT_INT16": ("h", 2), "PT_INT32": ("i", 4), "PT_INT64": ("q", 8),
            "PT_UINT8": ("B", 1), "PT_UINT16": ("H", 2), "PT_UINT32": ("I", 4), "PT_UINT64": ("Q", 8),
            "PT_FD": ("q", 8), "PT_PID": ("q", 8), "PT_ERRNO": ("q", 8), "PT_FD32": ("i", 4),
            "PT_PID32": ("i", 4), "PT_UID": ("I", 4), "PT_GID": ("I", 4), "PT_MODE": ("I", 4),
            "PT_FLAGS8": ("B", 1), "PT_FLAGS16": ("H", 2), "PT_FLAGS32": ("I", 4), "PT_SIGTYPE": ("B", 1),
            "PT_SYSCALLID": ("H", 2), "PT_RELTIME": ("Q", 8), "PT_ABSTIME": ("Q", 8), "PT_PORT": ("H", 2),
            "PT_ENUMFLAGS8": ("B", 1), "PT_ENUMFLAGS16": ("H", 2), "PT_ENUMFLAGS32": ("I", 4),
            "PT_SIGSET": ("I", 4)}


def raw_value(ptype: str, payload: bytes) -> Any:
    """A parameter's raw value: an int for numeric PT types, else the bytes up to the NUL for strings."""
    import struct

    num = _RAW_INT.get(ptype)
    if num is not None:
        code, size = num
        return struct.unpack_from("<" + code, payload.ljust(size, b"\0"))[0]
    if ptype in ("PT_CHARBUF", "PT_FSPATH", "PT_FSRELPATH"):
        return payload.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    return payload


@impl("evt.rawarg")
def _rawarg(ctx: FieldContext, arg: str | None) -> Getter:
    """evt.rawarg.NAME: the typed raw value (its PT type is the parameter's; see rawarg_type)."""

    def get(e: Event) -> Any:
        i = e.info.param_index(arg or "")
        if i is None or i >= e.nparams:
            return None
        return raw_value(e.info.params[i].ptype, e.params()[i])

    return get


def rawarg_type(name: str) -> str | None:
    """The PT type of evt.rawarg.NAME: the first event layout with a parameter called NAME."""
    from sysdigpy.events.table import EVENT_TABLE

    for info in EVENT_TABLE:
        for p in info.params:
            if p.name == name:
                return p.ptype
    return None


@impl("evt.buffer")
def _buffer(ctx: FieldContext, arg: str | None) -> Getter:
    r = ctx.renderer

    def get(e: Event) -> str | None:
        i = e.info.param_index("data")
        if i is None or i >= e.nparams:
            return None
        return r.param(e, i)[0]

    return get


@plain("evt.buflen")
def _buflen(e: Event) -> int | None:
    """sinsp: an I/O event (category & EC_IO_BASE) with an fd, exit only: its first parameter if not negative."""
    if e.fdinfo is None or not e.info.category & _EC_IO_BASE:
        return None
    return _extract_buflen(e)


# ---- results ---------------------------------------------------------------------------------------
def _res_index(e: Event) -> int | None:
    i = e.info.param_index("res")
    if i is None and e.info.flags & EF_CREATES_FD and not e.is_enter:
        i = e.info.param_index("fd")
    return i if i is not None and i < e.nparams else None


@plain("evt.rawres")
def _rawres(e: Event) -> int | None:
    i = _res_index(e)
    return None if i is None else e.i64(i)


@impl("evt.res")
def _res(ctx: FieldContext, arg: str | None) -> Getter:
    def get(e: Event) -> str | None:
        i = _res_index(e)
        if i is None:
            return None
        v = e.i64(i)
        if v >= 0:
            return "SUCCESS"
        return ft.errno_name(_i32(v)) or str(v)

    return get


def _i32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


@plain("evt.failed")
def _failed(e: Event) -> bool:
    i = _res_index(e)
    return i is not None and e.i64(i) < 0


plain("evt.is_io")(lambda e: bool(e.info.flags & (EF_READS_FROM_FD | EF_WRITES_TO_FD)))
plain("evt.is_io_read")(lambda e: bool(e.info.flags & EF_READS_FROM_FD))
plain("evt.is_io_write")(lambda e: bool(e.info.flags & EF_WRITES_TO_FD))
plain("evt.is_wait")(lambda e: bool(e.info.flags & EF_WAITS))


@plain("evt.io_dir")
def _io_dir(e: Event) -> str | None:
    if e.info.flags & EF_WRITES_TO_FD:
        return "write"
    if e.info.flags & EF_READS_FROM_FD:
        return "read"
    return None


@plain("evt.wait_latency")
def _wait_latency(e: Event) -> int | None:
    if e.info.flags & EF_WAITS and not e.is_enter:
        return e.thread.latency if e.thread is not None else 0
    return None


@plain("evt.is_syslog")
def _is_syslog(e: Event) -> bool:
    return bool(e.info.flags & EF_WRITES_TO_FD and e.fdinfo is not None and "/dev/log" in e.fdinfo.name)


plain("evt.count")(lambda e: 1)
plain("evt.count.exit")(lambda e: None if e.is_enter else 1)


@plain("evt.count.error")
def _count_error(e: Event) -> int | None:
    return 1 if _failed(e) else None


@plain("evt.count.error.file")
def _count_error_file(e: Event) -> int | None:
    fdi = e.fdinfo
    ok = fdi.type in _FILE_TYPES if fdi is not None else e.info.name in ("open", "creat", "openat", "openat2")
    return _count_error(e) if ok and not e.is_enter or (ok and fdi is not None) else None


@plain("evt.count.error.net")
def _count_error_net(e: Event) -> int | None:
    fdi = e.fdinfo
    if fdi is not None:
        ok = fdi.type in (*_NET_TYPES, 8)
    else:
        ok = not e.is_enter and e.info.name in ("accept", "accept4", "connect")
    return _count_error(e) if ok else None


@plain("evt.count.error.memory")
def _count_error_memory(e: Event) -> int | None:
    return _count_error(e) if e.info.category & _CATEGORY_BITS == 5 else None


@plain("evt.count.error.other")
def _count_error_other(e: Event) -> int | None:
    fdi = e.fdinfo
    if fdi is not None:
        ok = fdi.type not in (*_FILE_TYPES, *_NET_TYPES, 8)
    else:
        ok = not (not e.is_enter and e.info.name in ("open", "creat", "openat", "openat2", "accept", "accept4",
                                                     "connect")) and e.info.category & _CATEGORY_BITS != 5
    return _count_error(e) if ok else None


@plain("evt.count.procinfo")
def _count_procinfo(e: Event) -> int | None:
    if e.code != 234:
        return None
    t = e.thread
    return 1 if t is not None and t.is_main_thread() else None


plain("evt.count.threadinfo")(lambda e: 1 if e.code == 234 else None)


_U64 = (1 << 64) - 1


class AroundTime(int):
    """The event time as evt.around[T] sees it: ``== D`` is true when T lies in [ts - D ms, ts + D ms].

    sinsp compares with its own rule (uint64 arithmetic, wrapping like C); the filter compiler
    compares a PT_DYN int value with ``==``, which lands here.
    """

    target: int

    def __new__(cls, ts: int, target: int) -> AroundTime:
        obj = super().__new__(cls, ts)
        obj.target = target
        return obj

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, int):
            return NotImplemented
        delta = other * 1_000_000
        ts = int(self)
        return (ts - delta) & _U64 <= self.target <= (ts + delta) & _U64

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = int.__hash__


@impl("evt.around")
def _around(ctx: FieldContext, arg: str | None) -> Getter:
    """Filter only: evt.around[T]=D accepts events within D milliseconds of T (see AroundTime)."""
    try:
        target = int(arg or "", 10) & _U64
    except ValueError:
        raise ValueError("wrong syntax for evt.around") from None

    def get(e: Event) -> AroundTime:
        return AroundTime(e.ts, target)

    get.ftype = "PT_DYN"  # type: ignore[attr-defined]
    return get


@impl("evt.abspath")
def _abspath(ctx: FieldContext, arg: str | None) -> Getter:
    from sysdigpy.state.threads import concatenate_paths

    def get(e: Event) -> str | None:
        names = {"src": ("olddirfd", "oldpath"), "dst": ("newdirfd", "newpath")}.get(arg or "")
        pairs = [names] if names else [("dirfd", "name"), ("dirfd", "pathname"), ("linkdirfd", "linkpath"),
                                       ("newdirfd", "newpath")]
        for dname, pname in pairs:
            di, pi = e.info.param_index(dname), e.info.param_index(pname)
            if di is None or pi is None or pi >= e.nparams:
                continue
            path = e.str(pi)
            if path.startswith("/"):
                return concatenate_paths("", path)
            t = ctx.renderer.thread(e)
            if t is None:
                return None
            dirfd = e.i64(di)
            if dirfd == -100:
                base = t.get_cwd()
            else:
                fdi = t.get_fd(dirfd)
                if fdi is None:
                    return None
                base = fdi.name + "/"
            return concatenate_paths(base, path)
        return None

    return get


# ---- buflen variants, open modes, quantized latency, infrastructure events ---------------------------
def _extract_buflen(e: Event) -> int | None:
    """sinsp extract_buflen: the exit's first parameter (the result) when it is not negative."""
    if e.is_enter or e.nparams < 1:
        return None
    v = e.i64(0)
    return v if v >= 0 else None


_EC_IO_READ, _EC_IO_WRITE, _EC_IO_BASE = 32, 33, 32


def _buflen_variant(direction: int | None, types: tuple[int, ...] | None) -> Getter:
    """evt.buflen.{in,out,file,net}...: an I/O event (of one direction) on an fd of some types."""

    def get(e: Event) -> int | None:
        fdi = e.fdinfo
        if fdi is None:
            return None
        cat = e.info.category
        if (cat != direction) if direction is not None else not cat & _EC_IO_BASE:
            return None
        if types is not None and fdi.type not in types:
            return None
        return _extract_buflen(e)

    return get


for _name, _dir, _types in (("evt.buflen.in", _EC_IO_READ, None), ("evt.buflen.out", _EC_IO_WRITE, None),
                            ("evt.buflen.file", None, (1, 16)), ("evt.buflen.file.in", _EC_IO_READ, (1, 16)),
                            ("evt.buflen.file.out", _EC_IO_WRITE, (1, 16)), ("evt.buflen.net", None, _NET_TYPES),
                            ("evt.buflen.net.in", _EC_IO_READ, _NET_TYPES),
                            ("evt.buflen.net.out", _EC_IO_WRITE, _NET_TYPES)):
    implements(IMPLS, _name)(simple(_buflen_variant(_dir, _types)))

# PPM open flags and mode bits
_PPM_O_RDONLY, _PPM_O_WRONLY, _PPM_O_CREAT, _PPM_O_TMPFILE = 1, 2, 4, 1 << 13
_PPM_S_IX = (1 << 6) | (1 << 3) | 1
# event id -> index of its flags parameter (mode follows): open exit, old openat enter, openat/openat2 exits
_OPEN_FLAGS_INDEX = {3: 2, 102: 2, 307: 3, 327: 3}
_CREAT_X = 59


def _open_mode(kind: str) -> Getter:
    """evt.is_open_read/write/exec: false for every event but opens (sinsp looks at the flags)."""

    def get(e: Event) -> bool:
        i = _OPEN_FLAGS_INDEX.get(e.code)
        if i is not None:
            flags = e.u32(i)
            if kind == "read":
                return bool(flags & _PPM_O_RDONLY)
            if kind == "write":
                return bool(flags & _PPM_O_WRONLY)
            return bool(flags & (_PPM_O_TMPFILE | _PPM_O_CREAT)) and bool(e.u32(i + 1) & _PPM_S_IX)
        if kind == "exec" and e.code == _CREAT_X:
            return bool(e.u32(2) & _PPM_S_IX)
        return False

    return get


for _kind in ("read", "write", "exec"):
    implements(IMPLS, f"evt.is_open_{_kind}")(simple(_open_mode(_kind)))


@plain("evt.latency.quantized")
def _latency_quantized(e: Event) -> int | None:
    """(uint64)(log10(latency) * g_screen_w / 11) + 1 with sinsp's g_screen_w of -1 (sysdig never sets it):
    1 for every latency up to 10^11 ns, 0 from there (log10 capped at 11 gives -1, cast to 2^64-1)."""
    t = e.thread
    if t is None or e.info.category & EC_INTERNAL or t.latency == 0:
        return None
    return 0 if t.latency >= 10**11 else 1


_PPME_INFRASTRUCTURE_EVENT_E = 286
_WS = " \t\n\r\f\v"


def _infra(key: str) -> Getter:
    """evt.infra.docker.*: the 'Key: value' items of an infrastructure event's description (';'-separated)."""

    def get(e: Event) -> str | None:
        if e.code != _PPME_INFRASTRUCTURE_EVENT_E or e.nparams < 3:
            return None
        desc = (e.param(2) or b"").split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
        items = desc.split(";")
        if items and items[-1] == "":
            items.pop()
        for item in items:
            s = item.strip(_WS)
            if not s.startswith(key):
                continue
            parts = s.split(":")
            if parts and parts[-1] == "":
                parts.pop()
            value = parts[1] if len(parts) > 1 else ""
            if key == "ID":
                return value.strip(_WS)[:12]
            if key == "Image":
                if "@" in value:
                    value = value[:value.find("@")]
                elif "sha256" in value:
                    value = s[s.find(":") + 1:]
            return value.strip(_WS)
        return None

    return get


for _name, _key in (("evt.infra.docker.name", "Event"), ("evt.infra.docker.container.id", "ID"),
                    ("evt.infra.docker.container.name", "name"),
                    ("evt.infra.docker.container.image", "Image")):
    implements(IMPLS, _name)(simple(_infra(_key)))


declare = Declarer(IMPLS)
declare("evt.num", "PT_UINT64", "event number.", cls="evt", pf="PF_ID")
declare("evt.time", "PT_CHARBUF",
        "event timestamp as a time string that includes the nanosecond part.",
        cls="evt", pf="PF_NA")
declare("evt.time.s", "PT_CHARBUF", "event timestamp as a time string with no nanoseconds.", cls="evt", pf="PF_NA")
declare("evt.time.iso8601", "PT_CHARBUF",
        "event timestamp in ISO 8601 format, including nanoseconds and time zone offset (in UTC).",
        cls="evt", pf="PF_NA")
declare("evt.datetime", "PT_CHARBUF", "event timestamp as a time string that includes the date.", cls="evt", pf="PF_NA")
declare("evt.datetime.s", "PT_CHARBUF",
        "event timestamp as a datetime string with no nanoseconds.",
        cls="evt", pf="PF_NA")
declare("evt.rawtime", "PT_ABSTIME", "absolute event timestamp, i.e. nanoseconds from epoch.", cls="evt")
declare("evt.rawtime.s", "PT_ABSTIME", "integer part of the event timestamp (e.g. seconds since epoch).", cls="evt")
declare("evt.rawtime.ns", "PT_ABSTIME",
        "fractional part of the absolute event timestamp.",
        cls="evt", pf="PF_10_PADDED_DEC")
declare("evt.reltime", "PT_RELTIME",
        "number of nanoseconds from the beginning of the capture.",
        cls="evt", pf="PF_10_PADDED_DEC")
declare("evt.reltime.s", "PT_RELTIME", "number of seconds from the beginning of the capture.", cls="evt")
declare("evt.reltime.ns", "PT_RELTIME",
        "fractional part (in ns) of the time from the beginning of the capture.",
        cls="evt", pf="PF_10_PADDED_DEC")
# evt.pluginname/evt.plugininfo: no value, as in sysdig without plugins loaded (sysdigpy loads none,
# and syscall captures have no plugin events).
declare("evt.pluginname", "PT_CHARBUF",
        "if the event comes from a plugin, the name of the plugin that generated it. The plugin must be "
        "currently loaded.",
        cls="evt", pf="PF_NA")
declare("evt.plugininfo", "PT_CHARBUF",
        "if the event comes from a plugin, a summary of the event as formatted by the plugin. The plugin must"
        " be currently loaded.",
        cls="evt", pf="PF_NA")
declare("evt.latency", "PT_RELTIME",
        "delta between an exit event and the correspondent enter event, in nanoseconds.",
        cls="evt_sc")
declare("evt.latency.s", "PT_RELTIME", "integer part of the event latency delta.", cls="evt_sc")
declare("evt.latency.ns", "PT_RELTIME",
        "fractional part of the event latency delta.",
        cls="evt_sc", pf="PF_10_PADDED_DEC")
declare("evt.latency.quantized", "PT_UINT64",
        "10-base log of the delta between an exit event and the correspondent enter event.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.latency.human", "PT_CHARBUF",
        "delta between an exit event and the correspondent enter event, as a human readable string (e.g. "
        "10.3ms).",
        cls="evt_sc", pf="PF_NA")
declare("evt.deltatime", "PT_RELTIME", "delta between this event and the previous event, in nanoseconds.", cls="evt_sc")
declare("evt.deltatime.s", "PT_RELTIME",
        "integer part of the delta between this event and the previous event.",
        cls="evt_sc")
declare("evt.deltatime.ns", "PT_RELTIME",
        "fractional part of the delta between this event and the previous event.",
        cls="evt_sc", pf="PF_10_PADDED_DEC")
declare("evt.outputtime", "PT_CHARBUF",
        "this depends on -t param, default is %evt.time ('h').",
        cls="evt_sc", pf="PF_NA", flags=(PRINT_ONLY,))
declare("evt.dir", "PT_CHARBUF",
        "event direction can be either '>' for enter events or '<' for exit events.",
        cls="evt_sc", pf="PF_DIR")
declare("evt.type", "PT_CHARBUF", "The name of the event (e.g. 'open').", cls="evt_sc", pf="PF_NA")
declare("evt.type.is", "PT_UINT32",
        "allows one to specify an event type, and returns 1 for events that are of that type. For example, "
        "evt.type.is.open returns 1 for open events, 0 for any other event.",
        cls="evt_sc", pf="PF_NA", flags=(ARG_REQUIRED, ARG_DOTTED))
declare("syscall.type", "PT_CHARBUF",
        "For system call events, the name of the system call (e.g. 'open'). Unset for other events (e.g. "
        "switch or internal events). Use this field instead of evt.type if you need to make sure that the "
        "filtered/printed value is actually a system call.",
        cls="evt_sc", pf="PF_NA")
declare("evt.category", "PT_CHARBUF",
        "The event category. Example values are 'file' (for file operations like open and close), 'net' (for "
        "network operations like socket and bind), memory (for things like brk or mmap), and so on.",
        cls="evt_sc", pf="PF_NA")
declare("evt.cpu", "PT_INT16", "number of the CPU where this event happened.", cls="evt_sc", pf="PF_ID")
declare("evt.args", "PT_CHARBUF", "all the event arguments, aggregated into a single string.", cls="evt_sc", pf="PF_NA")
declare("evt.arg", "PT_CHARBUF",
        "one of the event arguments specified by name or by number. Some events (e.g. return codes or FDs) "
        "will be converted into a text representation when possible. E.g. 'evt.arg.fd' or 'evt.arg[0]'.",
        cls="evt_sc", pf="PF_NA", flags=(ARG_REQUIRED, ARG_DOTTED))
declare("evt.rawarg", "PT_DYN",
        "one of the event arguments specified by name. E.g. 'evt.rawarg.fd'.",
        cls="evt_sc", pf="PF_NA", flags=(ARG_REQUIRED, ARG_DOTTED))
declare("evt.info", "PT_CHARBUF",
        "for most events, this field returns the same value as evt.args. However, for some events (like "
        "writes to /dev/log) it provides higher level information coming from decoding the arguments.",
        cls="evt_sc", pf="PF_NA")
declare("evt.buffer", "PT_BYTEBUF",
        "the binary data buffer for events that have one, like read(), recvfrom(), etc. Use this field in "
        "filters with 'contains' to search into I/O data buffers.",
        cls="evt_sc", pf="PF_NA")
declare("evt.buflen", "PT_UINT64",
        "the length of the binary data buffer for events that have one, like read(), recvfrom(), etc.",
        cls="evt_sc")
declare("evt.res", "PT_CHARBUF",
        "event return value, as a string. If the event failed, the result is an error code string (e.g. "
        "'ENOENT'), otherwise the result is the string 'SUCCESS'.",
        cls="evt_sc")
declare("evt.rawres", "PT_INT64",
        "event return value, as a number (e.g. -2). Useful for range comparisons.",
        cls="evt_sc")
declare("evt.failed", "PT_BOOL", "'true' for events that returned an error status.", cls="evt_sc", pf="PF_NA")
declare("evt.is_io", "PT_BOOL",
        "'true' for events that read or write to FDs, like read(), send, recvfrom(), etc.",
        cls="evt_sc", pf="PF_NA")
declare("evt.is_io_read", "PT_BOOL",
        "'true' for events that read from FDs, like read(), recv(), recvfrom(), etc.",
        cls="evt_sc", pf="PF_NA")
declare("evt.is_io_write", "PT_BOOL",
        "'true' for events that write to FDs, like write(), send(), etc.",
        cls="evt_sc", pf="PF_NA")
declare("evt.io_dir", "PT_CHARBUF",
        "'r' for events that read from FDs, like read(); 'w' for events that write to FDs, like write().",
        cls="evt_sc", pf="PF_NA")
declare("evt.is_wait", "PT_BOOL",
        "'true' for events that make the thread wait, e.g. sleep(), select(), poll().",
        cls="evt_sc", pf="PF_NA")
declare("evt.wait_latency", "PT_RELTIME",
        "for events that make the thread wait (e.g. sleep(), select(), poll()), this is the time spent "
        "waiting for the event to return, in nanoseconds.",
        cls="evt_sc")
declare("evt.is_syslog", "PT_BOOL", "'true' for events that are writes to /dev/log.", cls="evt_sc", pf="PF_NA")
declare("evt.count", "PT_UINT32",
        "This filter field always returns 1 and can be used to count events from inside chisels.",
        cls="evt_sc")
declare("evt.count.error", "PT_UINT32",
        "This filter field returns 1 for events that returned with an error, and can be used to count event "
        "failures from inside chisels.",
        cls="evt_sc")
declare("evt.count.error.file", "PT_UINT32",
        "This filter field returns 1 for events that returned with an error and are related to file I/O, and "
        "can be used to count event failures from inside chisels.",
        cls="evt_sc")
declare("evt.count.error.net", "PT_UINT32",
        "This filter field returns 1 for events that returned with an error and are related to network I/O, "
        "and can be used to count event failures from inside chisels.",
        cls="evt_sc")
declare("evt.count.error.memory", "PT_UINT32",
        "This filter field returns 1 for events that returned with an error and are related to memory "
        "allocation, and can be used to count event failures from inside chisels.",
        cls="evt_sc")
declare("evt.count.error.other", "PT_UINT32",
        "This filter field returns 1 for events that returned with an error and are related to none of the "
        "previous categories, and can be used to count event failures from inside chisels.",
        cls="evt_sc")
declare("evt.count.exit", "PT_UINT32",
        "This filter field returns 1 for exit events, and can be used to count single events from inside "
        "chisels.",
        cls="evt_sc")
declare("evt.count.procinfo", "PT_UINT32",
        "This filter field returns 1 for procinfo events generated by process main threads, and can be used "
        "to count processes from inside views.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.count.threadinfo", "PT_UINT32",
        "This filter field returns 1 for procinfo events, and can be used to count processes from inside "
        "views.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.around", "PT_UINT64",
        "Accepts the event if it's around the specified time interval. The syntax is evt.around[T]=D, where T"
        " is the value returned by %evt.rawtime for the event and D is a delta in milliseconds. For example, "
        "evt.around[1404996934793590564]=1000 will return the events with timestamp with one second before "
        "the timestamp and one second after it, for a total of two seconds of capture.",
        cls="evt_sc", flags=(FILTER_ONLY, ARG_REQUIRED, ARG_INDEX))
declare("evt.abspath", "PT_CHARBUF",
        "Absolute path calculated from dirfd and name during syscalls like renameat and symlinkat. Use "
        "'evt.abspath.src' or 'evt.abspath.dst' for syscalls that support multiple paths.",
        cls="evt_sc", pf="PF_NA", flags=(ARG_DOTTED,))
declare("evt.buflen.in", "PT_UINT64",
        "the length of the binary data buffer, but only for input I/O events.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.buflen.out", "PT_UINT64",
        "the length of the binary data buffer, but only for output I/O events.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.buflen.file", "PT_UINT64",
        "the length of the binary data buffer, but only for file I/O events.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.buflen.file.in", "PT_UINT64",
        "the length of the binary data buffer, but only for input file I/O events.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.buflen.file.out", "PT_UINT64",
        "the length of the binary data buffer, but only for output file I/O events.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.buflen.net", "PT_UINT64",
        "the length of the binary data buffer, but only for network I/O events.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.buflen.net.in", "PT_UINT64",
        "the length of the binary data buffer, but only for input network I/O events.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.buflen.net.out", "PT_UINT64",
        "the length of the binary data buffer, but only for output network I/O events.",
        cls="evt_sc", flags=(HIDDEN,))
declare("evt.is_open_read", "PT_BOOL",
        "'true' for open/openat/openat2 events where the path was opened for reading",
        cls="evt_sc", pf="PF_NA")
declare("evt.is_open_write", "PT_BOOL",
        "'true' for open/openat/openat2 events where the path was opened for writing",
        cls="evt_sc", pf="PF_NA")
declare("evt.infra.docker.name", "PT_CHARBUF",
        "for docker infrastructure events, the name of the event.",
        cls="evt_sc", pf="PF_NA", flags=(HIDDEN,))
declare("evt.infra.docker.container.id", "PT_CHARBUF",
        "for docker infrastructure events, the id of the impacted container.",
        cls="evt_sc", pf="PF_NA", flags=(HIDDEN,))
declare("evt.infra.docker.container.name", "PT_CHARBUF",
        "for docker infrastructure events, the name of the impacted container.",
        cls="evt_sc", pf="PF_NA", flags=(HIDDEN,))
declare("evt.infra.docker.container.image", "PT_CHARBUF",
        "for docker infrastructure events, the image name of the impacted container.",
        cls="evt_sc", pf="PF_NA", flags=(HIDDEN,))
declare("evt.is_open_exec", "PT_BOOL",
        "'true' for open/openat/openat2 or creat events where a file is created with execute permissions",
        cls="evt_sc", pf="PF_NA")
