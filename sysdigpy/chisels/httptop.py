"""httptop: top HTTP requests by calls, mean latency or response bytes (sysdig's httptop.lua).

Transactions come from httplog's parser; the table is printed at the end of the capture with
common.lua's print_sorted_table layout (shared with the table chisels).
"""

from __future__ import annotations

import json
from typing import ClassVar

from sysdigpy.chisels.base import ChiselError
from sysdigpy.chisels.httplog import HttpParser
from sysdigpy.chisels.httplog import Transaction
from sysdigpy.chisels.meta import meta
from sysdigpy.chisels.table import KEYSEP
from sysdigpy.chisels.table import NS
from sysdigpy.chisels.table import TableChisel
from sysdigpy.events.event import Event

UNITS = {"ncalls": "none", "time": "time", "bytes": "bytes"}


class Httptop(TableChisel):
    name = "httptop"
    category, short_description, description, args = meta(name)
    hidden: ClassVar[bool] = False
    key_desc: ClassVar[list[str]] = ["method", "url"]
    top = 30

    def on_init(self, args: dict[str, str]) -> None:
        by = args.get("by", "ncalls")
        if by not in UNITS:
            self.out.line("Invalid argument! Valid options: ncalls, bytes, time")
            self.out.flush()
            raise ChiselError(f"set_arg() for chisel {self.name} failed.")
        self.value = self.value_desc = by
        self.units = UNITS[by]
        self.parser = HttpParser(self, self.collect)
        self.transactions: dict[str, list[Transaction]] = {}

    def key_fields(self) -> list[str]:
        return self.descs()

    def descs(self) -> list[str]:
        return ["container", *self.key_desc] if self.session.print_container else list(self.key_desc)

    def on_event(self, evt: Event) -> bool | None:
        self.parser.feed(evt)
        return None

    def collect(self, tr: Transaction) -> None:
        key = f"{tr.method}{KEYSEP}{tr.url}"
        if self.session.print_container:
            key = f"{tr.container}{KEYSEP}{key}"
        self.transactions.setdefault(key, []).append(tr)

    def on_capture_end(self, ts: int, delta: int) -> None:
        self.table = {key: self.aggregate(trs) for key, trs in self.transactions.items()}
        super().on_capture_end(ts, delta)

    def aggregate(self, trs: list[Transaction]) -> float:
        if self.value == "bytes":
            return sum(tr.length for tr in trs)
        if self.value == "time":
            return sum(tr.latency for tr in trs) / len(trs)
        return len(trs)

    def print_json(self, rows: list[tuple[str, float]], ts: int) -> None:
        """common.lua puts the value description third, over the url key when -pc adds a container."""
        data = [[*k.split(KEYSEP), v] for k, v in rows]
        info = [{"name": n, "desc": n, "is_key": True} for n in self.descs()][:2]
        info.append({"name": self.value, "desc": self.value_desc, "is_key": False})
        self.out.line(json.dumps({"ts": str(ts - ts % NS), "data": data, "info": info}, indent=2))
