"""proc_exec_time: duration of each exiting process (sysdig's proc_exec_time.lua).

With -pc container.id and container.name (20 columns each) follow proc.duration.
"""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import Terminal
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.chisels.table import format_time_interval
from sysdigpy.events.event import Event

YELLOW_NS = 3_000_000_000
RED_NS = 10_000_000_000
ROW = "%-13.13s %-12.12s %s"
PC_ROW = "%-13.13s %-20.20s %-20.20s %-12.12s %s"  # with -pc (sysdig.is_print_container_data())


class ProcExecTime(Chisel):
    name = "proc_exec_time"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        # any argument equal to "disable_colors" turns colors off (the chisel checks the value only)
        self.term = Terminal("disable_colors" not in args.values())
        self.fexe = self.field("proc.name")
        self.fargs = self.field("proc.args")
        self.fduration = self.field("proc.duration")
        self.fcontainer = self.field("container.name")
        self.fcontainerid = self.field("container.id")
        self.set_filter("evt.type=procexit")
        if self.session.print_container:
            self.out.line(PC_ROW % ("proc.duration", "container.id", "container.name", "proc.name", "proc.args"))
            self.out.line(PC_ROW % ("-" * 13, "-" * 20, "-" * 20, "-" * 12, "-" * 20))
        else:
            self.out.line(ROW % ("proc.duration", "proc.name", "proc.args"))
            self.out.line(ROW % ("-------------", "------------", "--------------------"))

    def on_event(self, evt: Event) -> bool | None:
        duration = self.fduration(evt)
        if duration is None:
            return True
        color = self.term.green
        if duration > RED_NS:
            color = self.term.red
        elif duration > YELLOW_NS:
            color = self.term.yellow
        elif self.fcontainer(evt) != "host":
            color = self.term.blue
        if self.session.print_container:
            self.out.line(color + PC_ROW % (format_time_interval(duration), lua_str(self.fcontainerid(evt)),
                                            lua_str(self.fcontainer(evt)), lua_str(self.fexe(evt)),
                                            lua_str(self.fargs(evt))))
        else:
            self.out.line(color + ROW % (format_time_interval(duration), lua_str(self.fexe(evt)),
                                         lua_str(self.fargs(evt))))
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        self.out.line(self.term.reset)
