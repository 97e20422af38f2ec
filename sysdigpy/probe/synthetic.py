"""The synthetic source: events made in memory from Python values.

Used by the tests and anywhere an event must be built by hand.  Values are encoded by the parameter
types of the event table, so what comes out is exactly what a driver writes.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from collections.abc import Iterator
from typing import Any

from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.rawevent import build

_PACK = {
    "PT_INT8": "<b", "PT_INT16": "<h", "PT_INT32": "<i", "PT_INT64": "<q", "PT_UINT8": "<B",
    "PT_UINT16": "<H", "PT_UINT32": "<I", "PT_UINT64": "<Q", "PT_ERRNO": "<q", "PT_FD": "<q", "PT_PID": "<q",
    "PT_FD32": "<i", "PT_PID32": "<i", "PT_SYSCALLID": "<H", "PT_SIGTYPE": "<B", "PT_RELTIME": "<Q",
    "PT_ABSTIME": "<Q", "PT_FLAGS8": "<B", "PT_FLAGS16": "<H", "PT_FLAGS32": "<I", "PT_ENUMFLAGS8": "<B",
    "PT_ENUMFLAGS16": "<H", "PT_ENUMFLAGS32": "<I", "PT_UID": "<I", "PT_GID": "<I", "PT_MODE": "<I",
    "PT_SIGSET": "<I", "PT_PORT": "<H", "PT_L4PROTO": "<B", "PT_SOCKFAMILY": "<B", "PT_BOOL": "<I",
}


def sockaddr(ip: str, port: int) -> bytes:
    """A PT_SOCKADDR value for an IPv4 or IPv6 address."""
    if ":" in ip:
        return b"\x0a" + socket.inet_pton(socket.AF_INET6, ip) + struct.pack("<H", port)
    return b"\x02" + socket.inet_aton(ip) + struct.pack("<H", port)


def socktuple(sip: str, sport: int, dip: str, dport: int) -> bytes:
    """A PT_SOCKTUPLE value."""
    if ":" in sip:
        return (b"\x0a" + socket.inet_pton(socket.AF_INET6, sip) + struct.pack("<H", sport)
                + socket.inet_pton(socket.AF_INET6, dip) + struct.pack("<H", dport))
    return (b"\x02" + socket.inet_aton(sip) + struct.pack("<H", sport) + socket.inet_aton(dip)
            + struct.pack("<H", dport))


def encode(ptype: str, value: Any) -> bytes:
    """Encode one parameter value; bytes pass through, str get their NUL for string types."""
    if isinstance(value, bytes):
        return value
    if ptype in _PACK:
        fmt = _PACK[ptype]
        if fmt[1].isupper():
            value &= (1 << (8 * struct.calcsize(fmt))) - 1
        return struct.pack(fmt, value)
    if ptype in ("PT_CHARBUF", "PT_FSPATH", "PT_FSRELPATH"):
        return str(value).encode("utf-8", "surrogateescape") + b"\0"
    if ptype == "PT_BYTEBUF":
        if isinstance(value, (list, tuple)):
            return b"".join(str(v).encode() + b"\0" for v in value)
        return str(value).encode("utf-8", "surrogateescape")
    raise TypeError(f"cannot encode a {ptype} from {value!r}")


def make_raw(event: str | int, *, ts: int = 0, tid: int = 1, cpu: int = 0, flags: int = 0,
             direction: str | None = None, params: dict[str, Any] | None = None, **kw: Any) -> RawEvent:
    """Build an event by name (``"openat"``, with ``direction`` ">" or "<") or id, params by name.

    Parameters come from ``params`` (needed for names like ``tid``) and keywords.  The first
    parameter missing ends the event (an older, shorter layout).
    """
    params = {**kw, **(params or {})}
    code = event if isinstance(event, int) else code_for(event, direction or "<")
    info = EVENT_TABLE[code]
    values = []
    for p in info.params:
        if p.name not in params:
            break
        values.append(encode(p.ptype, params[p.name]))
    return build(code, ts, tid, values, cpu, flags)


def code_for(name: str, direction: str) -> int:
    """The newest id of an event by name and direction (below 336: what sysdig 0.29.3 reads)."""
    codes = [e.code for e in EVENT_TABLE[:336] if e.name == name and e.direction == direction and not e.unused]
    if not codes:
        raise KeyError(f"no event {direction} {name}")
    current = [c for c in codes if not EVENT_TABLE[c].old]
    return max(current or codes)


class SyntheticSource:
    """A source over in-memory metadata and events (the same protocol as the file reader)."""

    def __init__(self, meta: CaptureMetadata, events: Iterable[RawEvent]) -> None:
        self.meta = meta
        self.events = list(events)

    def __iter__(self) -> Iterator[CaptureMetadata | RawEvent]:
        yield self.meta
        yield from self.events
