"""Field getters for chisels: the registry first, then a few interim fields.

The registry (sysdigpy.fields) is being filled by other work; until it has the
fields the built-in chisels request, the getters below stand in for them.  Each
returns the value a Lua chisel sees from ``evt.field()``: numbers for numeric
fields, strings otherwise, ``None`` when the field has no value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sysdigpy.chisels.base import ChiselError
from sysdigpy.events.event import Event
from sysdigpy.events.table import EF_READS_FROM_FD
from sysdigpy.events.table import EF_WRITES_TO_FD
from sysdigpy.fields.context import FieldContext
from sysdigpy.state import fds as F

Getter = Callable[[Event], Any]
_L4 = {F.L4_TCP: "tcp", F.L4_UDP: "udp", F.L4_ICMP: "icmp", F.L4_RAW: "raw"}
_NET = (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK, F.FD_IPV4_SERVSOCK, F.FD_IPV6_SERVSOCK)


def bind_field(name: str, ctx: FieldContext) -> Getter:
    from sysdigpy.fields import registry

    try:
        fi, arg, used = registry.lookup(name)
        if used == len(name):
            return fi.bind(ctx, arg)
    except registry.UnknownField:
        pass
    make = INTERIM.get(name)
    if make is None:
        raise ChiselError(f"chisel requesting nonexistent field {name}")
    return make


def _res(evt: Event) -> int | None:
    if evt.is_enter or not evt.info.params or evt.info.params[0].name not in ("res", "fd"):
        return None
    return evt.i64(0) if evt.nparams else None


def _is_io(evt: Event) -> bool:
    return bool(evt.info.flags & (EF_READS_FROM_FD | EF_WRITES_TO_FD))


def _latency(evt: Event) -> int | None:
    t = evt.thread
    if t is None:
        return None
    return t.latency if not evt.is_enter else 0


def _fd(evt: Event) -> F.FdInfo | None:
    return evt.fdinfo


def _fd_name(evt: Event) -> str | None:
    f = evt.fdinfo
    return f.name if f is not None else None


def _fd_type(evt: Event) -> str | None:
    f = evt.fdinfo
    return f.typestr() if f is not None else None


def _fd_l4proto(evt: Event) -> str | None:
    f = evt.fdinfo
    if f is None or f.type not in _NET:
        return None
    return _L4.get(f.get_l4proto(), "<NA>")


def _fd_sport(evt: Event) -> int | None:
    f = evt.fdinfo
    if f is None or f.type not in _NET:
        return None
    return f.sport


def _fd_num(evt: Event) -> int | None:
    t = evt.thread
    if evt.fdinfo is None or t is None:
        return None
    return t.lastevent_fd


def _failed(evt: Event) -> bool:
    return evt.errorcode != 0


def _proc_name(evt: Event) -> str | None:
    t = evt.thread
    return t.comm if t is not None else None


INTERIM: dict[str, Getter] = {
    "evt.rawarg.res": _res,
    "evt.is_io": _is_io,
    "evt.latency": _latency,
    "evt.count": lambda _e: 1,
    "evt.failed": _failed,
    "fd.name": _fd_name,
    "fd.type": _fd_type,
    "fd.l4proto": _fd_l4proto,
    "fd.sport": _fd_sport,
    "fd.num": _fd_num,
    "proc.name": _proc_name,
}
