"""fileslower, netlower, scallslower: events slower than min_ms (sysdig's *slower.lua).

As in sysdig: fileslower never shows /dev/ files (its skip_dev flag is never set), the
latency column of fileslower/netlower is ``%12d`` of a float (truncated milliseconds),
scallslower prints the float as Lua does, and only the value ``disable_color`` of the
disable_color argument turns colors off.

With -pc container.id and container.name (20 columns each) follow evt.datetime.  The dashes
under them are cut to 20 as sysdig's ``%-20.20s`` does, and scallslower's header has two
spaces before container.name, as in scallslower.lua.
"""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import Terminal
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.common import parse_numeric
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event

IO_ROW = "%-23.23s %-12.12s %-8s %-12s %s"
IO_HEAD = [IO_ROW % ("evt.datetime", "proc.name", "evt.type", "LATENCY(ms)", "fd.name"),
           IO_ROW % ("-" * 23, "-" * 12, "-" * 8, "-" * 12, "-" * 41)]
SC_ROW = "%-23.23s %-23.23s %-20s %s"
SC_HEAD = [SC_ROW % ("evt.datetime", "proc.name", "LATENCY(ms)", "evt.type"),
           SC_ROW % ("-" * 23, "-" * 23, "-" * 20, "-" * 20)]
# with -pc (sysdig.is_print_container_data()): container.id and container.name after evt.datetime
PC_IO_ROW = "%-23.23s %-20.20s %-20.20s %-12.12s %-8s %-12s %s"
PC_IO_HEAD = [PC_IO_ROW % ("evt.datetime", "container.id", "container.name", "proc.name", "evt.type", "LATENCY(ms)",
                           "fd.name"),
              PC_IO_ROW % ("-" * 23, "-" * 30, "-" * 30, "-" * 12, "-" * 8, "-" * 12, "-" * 41)]
PC_SC_ROW = "%-23.23s %-20.20s %-20.20s %-23.23s %-20s %s"
PC_SC_HEAD = ["%-23.23s %-20.20s  %-20.20s %-23.23s %-20s %s" % ("evt.datetime", "container.id", "container.name",
                                                                "proc.name", "LATENCY(ms)", "evt.type"),
              PC_SC_ROW % ("-" * 23, "-" * 20, "-" * 20, "-" * 23, "-" * 20, "-" * 20)]


class _Slower(Chisel):
    filter_text = ""
    header: list[str] = []
    container_header: list[str] = []

    def on_init(self, args: dict[str, str]) -> None:
        self.term = Terminal(args.get("disable_color") != "disable_color")
        self.min_ms = parse_numeric(args["min_ms"], "min_ms")
        self.ftype = self.field("evt.type")
        self.fdir = self.field("evt.dir")
        self.fdatetime = self.field("evt.datetime")
        self.fname = self.field("fd.name")
        self.fpname = self.field("proc.name")
        self.flatency = self.field("evt.latency")
        self.fcontainer = self.field("container.name")
        self.fcontainerid = self.field("container.id")
        if self.filter_text:
            self.set_filter(self.filter_text)
        for line in self.container_header if self.session.print_container else self.header:
            self.out.line(line)

    def color(self, evt: Event) -> str:
        return self.term.blue if self.fcontainer(evt) != "host" else self.term.green

    def container_columns(self, evt: Event) -> tuple[str, ...]:
        """(container.id, container.name) under -pc, () otherwise."""
        if not self.session.print_container:
            return ()
        return lua_str(self.fcontainerid(evt)), lua_str(self.fcontainer(evt))

    def io_row(self, evt: Event, lat: float, fn: object) -> str:
        row = PC_IO_ROW if self.session.print_container else IO_ROW
        return self.color(evt) + row.replace("%-12s", "%12d") % (
            lua_str(self.fdatetime(evt)), *self.container_columns(evt), lua_str(self.fpname(evt)),
            lua_str(self.ftype(evt)), int(lat), lua_str(fn))


class Fileslower(_Slower):
    name = "fileslower"
    category, short_description, description, args = meta(name)
    filter_text = "evt.is_io=true and fd.type=file"
    header = IO_HEAD
    container_header = PC_IO_HEAD

    def on_event(self, evt: Event) -> bool | None:
        lat = (self.flatency(evt) or 0) / 1_000_000
        fn = self.fname(evt)
        if self.fdir(evt) == "<" and lat > self.min_ms and lua_str(fn)[:5] != "/dev/":
            self.out.line(self.io_row(evt, lat, fn))
        return True


class Netlower(_Slower):
    name = "netlower"
    category, short_description, description, args = meta(name)
    filter_text = "evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)"
    header = IO_HEAD
    container_header = PC_IO_HEAD

    def on_event(self, evt: Event) -> bool | None:
        lat = (self.flatency(evt) or 0) / 1_000_000
        if self.fdir(evt) == "<" and lat > self.min_ms:
            self.out.line(self.io_row(evt, lat, self.fname(evt)))
        return True


class Scallslower(_Slower):
    name = "scallslower"
    category, short_description, description, args = meta(name)
    header = SC_HEAD
    container_header = PC_SC_HEAD

    def on_event(self, evt: Event) -> bool | None:
        lat = self.flatency(evt)
        if lat is None:
            return None
        lat = lat / 1_000_000
        if lat > self.min_ms:
            row = PC_SC_ROW if self.session.print_container else SC_ROW
            self.out.line(self.color(evt) + row % (lua_str(self.fdatetime(evt)), *self.container_columns(evt),
                                                   lua_str(self.fpname(evt)), lua_str(lat), lua_str(self.ftype(evt))))
        return None
