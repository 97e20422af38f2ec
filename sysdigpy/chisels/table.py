"""sysdig's table_generator: sum a value per key, print the top N (common.lua layout)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import ROUND_HALF_UP
from decimal import Decimal
from typing import Any
from typing import ClassVar

from sysdigpy.chisels.base import Chisel
from sysdigpy.events.event import Event
from sysdigpy.filter.codes import name_test

NS = 1_000_000_000
KEYSEP = "\x01\x01"


def extend_string(s: str, n: int) -> str:
    if len(s) < n:
        return s + " " * (n - len(s))
    return s[:n - 1] + " " if n > 0 else ""


def fixed2(val: float) -> str:
    """Lua's ``string.format("%.2f", val)`` as sysdig's LuaJIT prints it: an exact tie rounds away
    from zero (7.125 gives 7.13, where C and Python give 7.12)."""
    if val != val or val in (float("inf"), float("-inf")):
        return "%.2f" % val
    return str(Decimal(val).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def format_bytes(val: float) -> str:
    for power, unit in ((5, "P"), (4, "T"), (3, "G"), (2, "M"), (1, "KB")):
        if val > 1024 ** power:
            return fixed2(val / 1024 ** power) + unit
    return "%dB" % val


def format_time_interval(val: int) -> str:
    if val >= NS:
        return "%d.%02ds" % (val // NS, (val % NS) // 10_000_000)
    if val >= NS // 100:
        return "%dms" % (val // 1_000_000)
    if val >= NS // 1000:
        return "%d.%02dms" % (val // 1_000_000, (val % 1_000_000) // 10_000)
    if val >= NS // 100000:
        return "%dus" % (val // 1000)
    if val >= NS // 1_000_000:
        return "%d.%02dus" % (val // 1000, (val % 1000) // 10)
    return "%dns" % val


def lua_tostring(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, bytes):
        return v.decode("utf-8", "surrogateescape")
    return str(v)


def format_value(v: float, units: str, delta: int) -> str:
    if units == "bytes":
        return format_bytes(v)
    if units == "time":
        return format_time_interval(int(v))
    if units == "timepct":
        return fixed2(v / delta * 100) + "%" if delta > 0 else "0.00%"
    return lua_tostring(v)


class TableChisel(Chisel):
    """Subclasses set keys, key_desc, value, value_desc, filter_text, top, units.

    ``container_keys`` and ``container_key_desc``, when set, replace keys and key_desc under -pc
    (``sysdig.is_print_container_data()``), as the top*.lua chisels pass other table_generator keys.

    JSON: common.lua's print_sorted_table stores the value's info at index 3 (``jinfo[3]``) whatever
    the number of keys.  For a table keyed by three or more fields (topconns and topprocs_* under -pc)
    sysdig's ``info`` has the value where the third key belongs, a bug not reproduced: here ``info``
    lists every key, then the value.  (With one key sysdig's array has a null second entry; here not.)
    """

    hidden: ClassVar[bool] = True
    keys: ClassVar[list[str]] = []
    key_desc: ClassVar[list[str]] = []
    container_keys: ClassVar[list[str] | None] = None
    container_key_desc: ClassVar[list[str] | None] = None
    value: ClassVar[str] = "evt.count"
    value_desc: ClassVar[str] = ""
    filter_text: ClassVar[str] = ""
    top: ClassVar[int] = 10
    units: ClassVar[str] = "none"

    def on_init(self, args: dict[str, str]) -> None:
        self.key_getters = [self.field(k) for k in self.key_fields()]
        self.value_getter = self.field(self.value)
        self.set_filter(self.filter_text)
        self.table: dict[str, float] = {}

    def key_fields(self) -> list[str]:
        if self.session.print_container and self.container_keys is not None:
            return list(self.container_keys)
        return list(self.keys)

    def on_event(self, evt: Event) -> bool | None:
        parts = []
        for g in self.key_getters:
            kv = g(evt)
            if kv is None:
                return None
            parts.append(lua_tostring(kv))
        value = self.value_getter(evt)
        if value is not None and not isinstance(value, (str, bytes)) and value > 0:
            key = KEYSEP.join(parts)
            self.table[key] = self.table.get(key, 0) + value
        return True

    def tally_test(self) -> Callable[[str, str], bool] | None:
        """For a table of event counts by evt.type under a filter on ids only: that filter as a
        test of (evt.type, evt.dir), so the run can count by id without decoding (probe/tally.py).
        None for any other key (under -pc topscalls is keyed by evt.type and container.name)."""
        if self.key_fields() != ["evt.type"] or self.value != "evt.count" or self.interval_ns or self.formatter:
            return None
        if not self.filter_in_use:
            return lambda _name, _direction: True
        return name_test(self.filter_in_use)

    def add_tally(self, counts: list[tuple[str, str, int]]) -> None:
        """What on_event does for ``count`` events of each (evt.type, evt.dir), in order of first event."""
        test = self.tally_test()
        assert test is not None
        for name, direction, count in counts:
            if test(name, direction):
                self.table[name] = self.table.get(name, 0) + count

    def on_capture_end(self, ts: int, delta: int) -> None:
        rows = sorted(self.table.items(), key=lambda kv: -kv[1])
        if self.top:
            rows = rows[:self.top]
        if self.json:
            self.print_json(rows, ts)
        else:
            self.print_text(rows, delta)

    def print_text(self, rows: list[tuple[str, float]], delta: int) -> None:
        self.out.line(extend_string(self.value_desc, 20) + "".join(extend_string(d, 20) for d in self.descs()))
        self.out.line("-" * 80)
        for key, v in rows:
            parts = key.split(KEYSEP)
            keystr = "".join(extend_string(p[:20], 20) for p in parts[:-1]) + parts[-1]
            self.out.line(extend_string(format_value(v, self.units, delta), 20) + keystr)

    def descs(self) -> list[str]:
        if self.session.print_container and self.container_key_desc is not None:
            return list(self.container_key_desc)
        return list(self.key_desc)

    def print_json(self, rows: list[tuple[str, float]], ts: int) -> None:
        data = [[*k.split(KEYSEP), v] for k, v in rows]
        info = [{"name": n, "desc": d, "is_key": True} for n, d in zip(self.key_fields(), self.descs(), strict=False)]
        info.append({"name": self.value, "desc": self.value_desc, "is_key": False})
        doc = {"ts": str(ts - ts % NS), "data": data, "info": info}
        self.out.line(json.dumps(doc, indent=2))
