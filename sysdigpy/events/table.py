"""The event table: what each scap event id means.

One declarative table (generated data in ``_eventdata.py``) read by the decoder,
the ``evt.arg.*`` fields, ``-L`` and the state parsers.  Ids below 336 carry the
layouts sysdig 0.29.3 uses; 336..453 come from current falcosecurity/libs.
"""

from __future__ import annotations

from typing import NamedTuple

from sysdigpy.events._eventdata import EVENTS
from sysdigpy.events._eventdata import HEAD_LAYOUTS

# Event categories (EC_*) and flags (EF_*), as libs numbers them.
CATEGORIES = {
    "EC_UNKNOWN": 0, "EC_OTHER": 1, "EC_FILE": 2, "EC_NET": 3, "EC_IPC": 4, "EC_MEMORY": 5,
    "EC_PROCESS": 6, "EC_SLEEP": 7, "EC_SYSTEM": 8, "EC_SIGNAL": 9, "EC_USER": 10, "EC_TIME": 11,
    "EC_PROCESSING": 12, "EC_IO_READ": 32, "EC_IO_WRITE": 33, "EC_IO_OTHER": 34, "EC_WAIT": 64,
    "EC_SCHEDULER": 128, "EC_INTERNAL": 256, "EC_SYSCALL": 512, "EC_TRACEPOINT": 1024,
    "EC_PLUGIN": 2048, "EC_METAEVENT": 4096, "EC_ITER": 8192,
}
EF_CREATES_FD = 1
EF_DESTROYS_FD = 2
EF_USES_FD = 4
EF_READS_FROM_FD = 8
EF_WRITES_TO_FD = 16
EF_MODIFIES_STATE = 32
EF_UNUSED = 64
EF_WAITS = 128
EF_SKIPPARSERESET = 256
EF_OLD_VERSION = 512
EF_DROP_SIMPLE_CONS = 1024
EF_LARGE_PAYLOAD = 2048
EF_CONVERTER_MANAGED = 4096
FLAGS = {
    "EF_NONE": 0, "EF_CREATES_FD": EF_CREATES_FD, "EF_DESTROYS_FD": EF_DESTROYS_FD,
    "EF_USES_FD": EF_USES_FD, "EF_READS_FROM_FD": EF_READS_FROM_FD, "EF_WRITES_TO_FD": EF_WRITES_TO_FD,
    "EF_MODIFIES_STATE": EF_MODIFIES_STATE, "EF_UNUSED": EF_UNUSED, "EF_WAITS": EF_WAITS,
    "EF_SKIPPARSERESET": EF_SKIPPARSERESET, "EF_OLD_VERSION": EF_OLD_VERSION,
    "EF_DROP_SIMPLE_CONS": EF_DROP_SIMPLE_CONS, "EF_LARGE_PAYLOAD": EF_LARGE_PAYLOAD,
    "EF_CONVERTER_MANAGED": EF_CONVERTER_MANAGED,
}
EC_INTERNAL = CATEGORIES["EC_INTERNAL"]
EC_METAEVENT = CATEGORIES["EC_METAEVENT"]
EC_IO_BASE = 32
EC_WAIT = CATEGORIES["EC_WAIT"]

# The number of event ids sysdig 0.29.3 knows; it skips ids at or above this.
LEGACY_EVENT_MAX = 336


# The rows are NamedTuples, not frozen dataclasses: the same fields, repr, equality and hash; ~1,700 of
# them are built at import, and a NamedTuple is made (and defined) several times faster (start-up ~1 ms).
class ParamInfo(NamedTuple):
    """One parameter of an event layout."""

    name: str
    ptype: str  # PT_* name
    fmt: str  # PF_* name
    info: str  # flag table, "dyntable/n" for PT_DYN, "dirfd=N" for PT_FSRELPATH, or ""

    @property
    def dirfd_index(self) -> int | None:
        return int(self.info[6:]) if self.info.startswith("dirfd=") else None


class EventInfo(NamedTuple):
    """One row of the event table."""

    code: int
    name: str
    direction: str  # ">" enter, "<" exit
    category: int  # EC_* value, low bits only (without EC_SYSCALL & co)
    category_name: str
    flags: int
    source: str
    params: tuple[ParamInfo, ...]

    @property
    def large(self) -> bool:
        return bool(self.flags & EF_LARGE_PAYLOAD)

    @property
    def internal(self) -> bool:
        return bool(self.category & EC_INTERNAL)

    @property
    def unused(self) -> bool:
        return bool(self.flags & EF_UNUSED)

    @property
    def old(self) -> bool:
        return bool(self.flags & EF_OLD_VERSION)

    def param_index(self, name: str) -> int | None:
        for i, p in enumerate(self.params):
            if p.name == name:
                return i
        return None


def _mask(names: str, table: dict[str, int]) -> int:
    value = 0
    for n in names.split("|"):
        value |= table.get(n, 0)
    return value


def _build(row: tuple) -> EventInfo:
    code, name, direction, cat, flags, source, params = row
    catnames = [c for c in cat.split("|") if c not in ("EC_SYSCALL", "EC_TRACEPOINT", "EC_METAEVENT",
                                                       "EC_PLUGIN", "EC_ITER")] or [cat.split("|")[0]]
    return EventInfo(
        code=code,
        name=name,
        direction=">" if direction == "E" else "<",
        category=_mask(cat, CATEGORIES),
        category_name=catnames[0],
        flags=_mask(flags, FLAGS),
        source=source,
        params=tuple(ParamInfo(*p) for p in params),
    )


EVENT_TABLE: tuple[EventInfo, ...] = tuple(_build(r) for r in EVENTS)
EVENT_MAX = len(EVENT_TABLE)

# Layouts of current libs for ids whose 2022 layout differs (longer exit events and so on).
HEAD_TABLE: dict[int, EventInfo] = {
    code: _build((code, name, EVENT_TABLE[code].direction == ">" and "E" or "X", cat, flags, "head", params))
    for code, (name, cat, flags, params) in HEAD_LAYOUTS.items()
}

_BY_NAME: dict[str, list[EventInfo]] = {}
for _e in EVENT_TABLE:
    _BY_NAME.setdefault(_e.name, []).append(_e)


def codes_for_name(name: str) -> list[int]:
    """Every event id (enter and exit, all versions) whose name is ``name``."""
    return [e.code for e in _BY_NAME.get(name, [])]


def known_names() -> set[str]:
    return set(_BY_NAME)
