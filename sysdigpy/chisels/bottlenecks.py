"""bottlenecks: the 10 slowest system calls, each with its enter line (sysdig's bottlenecks.lua)."""

from __future__ import annotations

from typing import Any

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event

HOW_MANY = 10


class Bottlenecks(Chisel):
    name = "bottlenecks"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        self.fnum = self.field("evt.num")
        self.ftype = self.field("evt.type")
        self.fargs = self.field("evt.args")
        self.flatency = self.field("evt.latency")
        self.fname = self.field("proc.name")
        self.ftid = self.field("thread.tid")
        self.slow: list[tuple[int, Any, str]] = []
        self.last_lines: dict[Any, str] = {}

    def line(self, evt: Event, evtype: str, latency: int, arrow: str) -> str:
        pname = self.fname(evt) or ""
        return "%d) %d.%09d %s (%d) %s %s %s" % (self.fnum(evt), latency // 1_000_000_000, latency % 1_000_000_000,
                                                pname, self.ftid(evt), arrow, evtype, lua_str(self.fargs(evt)))

    def on_event(self, evt: Event) -> bool | None:
        latency = self.flatency(evt)
        tid = self.ftid(evt)
        evtype = self.ftype(evt)
        if evtype == "switch":
            return True
        if latency == 0:
            self.last_lines[tid] = self.line(evt, evtype, 0, ">")
        elif latency is not None:
            for j in range(HOW_MANY):
                if j >= len(self.slow) or latency > self.slow[j][0]:
                    self.slow.insert(j, (latency, self.last_lines.get(tid), self.line(evt, evtype, latency, "<")))
                    break
            del self.slow[HOW_MANY:]
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        for _lat, enter, exit_line in self.slow:
            self.out.line(lua_str(enter))
            self.out.line(exit_line)
