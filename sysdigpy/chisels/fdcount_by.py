"""fdcount_by: distinct (fd number, fd name) pairs per key value (sysdig's fdcount_by.lua)."""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselArg
from sysdigpy.chisels.table import lua_tostring
from sysdigpy.events.event import Event


class FdcountBy(Chisel):
    name = "fdcount_by"
    category = "I/O"
    short_description = "FD count, aggregated by an arbitrary filter field"
    description = (
        "Groups all the active FDs based on the given filter field, and returns the fd count for each key. For "
        "example, it can be used to list the number of connections per process or per IP endpoint.")
    args = [ChiselArg("key", "string", "The filter field used for grouping")]

    def on_init(self, args: dict[str, str]) -> None:
        self.key = self.field(args["key"])
        self.fdnum = self.field("fd.num")
        self.fdname = self.field("fd.name")
        self.seen: dict[str, set[str]] = {}

    def on_event(self, evt: Event) -> bool | None:
        key, num, name = self.key(evt), self.fdnum(evt), self.fdname(evt)
        if key is None or num is None or num <= 0 or not name:
            return True
        self.seen.setdefault(lua_tostring(key), set()).add(f"{num}{name}")
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        for key, fds in sorted(self.seen.items(), key=lambda kv: -len(kv[1])):
            self.out.line(f"{key}\t{len(fds)}")
