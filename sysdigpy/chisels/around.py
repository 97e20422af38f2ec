"""around: save the events near each filter match to a capture file (sysdig's around.lua).

The global filter is the trigger: every matching event is printed as ``TIME PROC(TID)`` and
remembered.  At the end the source is read again and the events of the same thread within
``dump_range_ms`` of a match are written with -F semantics, as sysdig's
``-F -r SRC -wFILE (evt.around[TS]=MS and thread.tid=TID) or ...`` does.  With no match sysdig
runs that command without a filter, which copies the whole capture; so does this chisel.
"""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselError
from sysdigpy.chisels.common import Terminal
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.dump import AroundDump
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event


class Around(Chisel):
    name = "around"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        self.dump = AroundDump(self, args["dump_file_name"], args.get("dump_range_ms", "1000"))
        self.fpname = self.field("proc.name")
        self.ftid = self.field("thread.tid")
        self.fetime = self.field("evt.time")
        if not self.session.filter_text:
            self.out.line("no filter specified")
            self.out.flush()
            raise ChiselError(f"init() for chisel {self.name} failed.")
        self.dump.refuse_live(self, "live capture not supported")

    def on_event(self, evt: Event) -> bool | None:
        pname = self.fpname(evt)
        tid = self.ftid(evt)
        self.out.line(f"{lua_str(self.fetime(evt))} {'<NA>' if pname is None else lua_str(pname)}({lua_str(tid)})")
        if tid is not None:
            self.dump.add(evt.ts, tid)
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        if self.session.is_tty:
            self.out.line(Terminal().reset)
        self.out.line(f"\nSaving events around {self.dump.count} syslog entries to {self.dump.path}")
        self.out.flush()
        self.dump.save()
