"""echo_fds: a header per successful read/write, then the data (sysdig's echo_fds.lua).

The data line is printed by the event formatter ``%evt.arg.data`` (so -A/-X apply).  With -pc the
header names the container, ``[NAME] [ID]`` in green for the host and cyan for a container, between
the read (red) or write (blue) parts of the line.
"""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import Terminal
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.chisels.table import format_bytes
from sysdigpy.events.event import Event


class EchoFds(Chisel):
    name = "echo_fds"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        self.term = Terminal(args.get("disable_color") != "disable_color")
        self.fisread = self.field("evt.is_io_read")
        self.fres = self.field("evt.rawarg.res")
        self.fname = self.field("fd.name")
        self.fpname = self.field("proc.name")
        self.fcontainername = self.field("container.name")
        self.fcontainerid = self.field("container.id")
        self.set_filter("evt.is_io=true and evt.dir=< and evt.rawres>0")
        self.set_event_formatter("%evt.arg.data")

    def on_event(self, evt: Event) -> bool | None:
        res = self.fres(evt)
        name = self.fname(evt)
        name = "<NA>" if name is None else lua_str(name)
        if res is None or res <= 0:
            return True
        pname = lua_str(self.fpname(evt))
        container = ""
        if self.session.print_container:
            cname = lua_str(self.fcontainername(evt))
            color = self.term.green if cname == "host" else self.term.cyan
            container = f"{color} [{cname}] [{lua_str(self.fcontainerid(evt))}]"
        if self.fisread(evt):
            c = self.term.red
            self.out.line(f"{c}------ Read {format_bytes(res)} from {container} {c} {name} ({pname})")
        else:
            c = self.term.blue
            self.out.line(f"{c}------ Write {format_bytes(res)} to {container} {c} {name} ({pname})")
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        self.out.line(self.term.reset)
