"""Build test events from keyword parameters, encoded by the event table's types."""

from __future__ import annotations

import socket
import struct

from sysdigpy.events.event import Event
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.probe import rawevent

_FMT = {
    "PT_INT64": "<q", "PT_ERRNO": "<q", "PT_FD": "<q", "PT_PID": "<q", "PT_UINT64": "<Q",
    "PT_RELTIME": "<Q", "PT_ABSTIME": "<Q", "PT_UINT32": "<I", "PT_FLAGS32": "<I", "PT_UID": "<I",
    "PT_GID": "<I", "PT_MODE": "<I", "PT_ENUMFLAGS32": "<I", "PT_SIGSET": "<I", "PT_INT32": "<i",
    "PT_FD32": "<i", "PT_PID32": "<i", "PT_UINT16": "<H", "PT_FLAGS16": "<H", "PT_ENUMFLAGS16": "<H",
    "PT_SYSCALLID": "<H", "PT_PORT": "<H", "PT_INT16": "<h", "PT_UINT8": "<B", "PT_FLAGS8": "<B",
    "PT_SIGTYPE": "<B", "PT_IPV4ADDR": "<I",
}
_STRINGS = {"PT_CHARBUF", "PT_FSPATH", "PT_FSRELPATH"}

_num = 0


def code_for(name_or_code: str | int, direction: str) -> int:
    """An event id: the newest 2022 layout of ``name`` in ``direction`` ('>' or '<')."""
    if isinstance(name_or_code, int):
        return name_or_code
    codes = [e.code for e in EVENT_TABLE[:LEGACY_EVENT_MAX]
             if e.name == name_or_code and e.direction == direction]
    if not codes:
        raise KeyError(f"no event {direction} {name_or_code}")
    return max(codes)


def encode(ptype: str, value: object) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if ptype in _FMT:
        return struct.pack(_FMT[ptype], value)
    if ptype in _STRINGS:
        return str(value).encode() + b"\0"
    if isinstance(value, (list, tuple)):  # NUL-separated lists (args, env, cgroups)
        return b"".join(str(v).encode() + b"\0" for v in value)
    return str(value).encode() + b"\0"


def make_event(name_or_code: str | int, /, tid: int = 1, ts: int = 1, direction: str = "<",
               nparams: int | None = None, params: dict[str, object] | None = None,
               **kw: object) -> Event:
    """An Event; missing parameters are zero or empty; ``nparams`` cuts the layout short.

    Parameters go as keywords, or in ``params`` for names that clash (``tid``, ``ts``).
    """
    global _num
    params = {**(params or {}), **kw}
    code = code_for(name_or_code, direction)
    info = EVENT_TABLE[code]
    out = []
    for p in info.params[:nparams]:
        v = params.pop(p.name, None)
        if v is None:
            v = 0 if p.ptype in _FMT else b""
        out.append(encode(p.ptype, v))
    if params:
        raise TypeError(f"unknown parameters for {info.name}: {sorted(params)}")
    _num += 1
    return Event(rawevent.build(code, ts, tid, out), _num)


def enter(name_or_code: str | int, /, **kw: object) -> Event:
    return make_event(name_or_code, direction=">", **kw)


def exit_(name_or_code: str | int, /, **kw: object) -> Event:
    return make_event(name_or_code, direction="<", **kw)


def sockaddr_v4(ip: str, port: int) -> bytes:
    return bytes([2]) + socket.inet_aton(ip) + struct.pack("<H", port)


def sockaddr_unix(path: str) -> bytes:
    return bytes([1]) + path.encode() + b"\0"


def tuple_v4(sip: str, sport: int, dip: str, dport: int) -> bytes:
    return (bytes([2]) + socket.inet_aton(sip) + struct.pack("<H", sport)
            + socket.inet_aton(dip) + struct.pack("<H", dport))


def tuple_v6(sip: str, sport: int, dip: str, dport: int) -> bytes:
    return (bytes([10]) + socket.inet_pton(socket.AF_INET6, sip) + struct.pack("<H", sport)
            + socket.inet_pton(socket.AF_INET6, dip) + struct.pack("<H", dport))


def tuple_unix(src: int, dst: int, path: str) -> bytes:
    return bytes([1]) + struct.pack("<QQ", src, dst) + path.encode() + b"\0"
