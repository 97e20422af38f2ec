"""spy_ip and spy_port: data exchanged with an IP address or on a port (sysdig's spy_ip/spy_port.lua).

As in sysdig, spy_ip labels writes "Read", and both turn colors off only for the
value ``disable_colors``.
"""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import Terminal
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.chisels.table import format_bytes
from sysdigpy.events.event import Event

READ, WRITE = 1, 2


class SpyIp(Chisel):
    name = "spy_ip"
    category, short_description, description, args = meta(name)
    target_field = "fd.ip"
    write_label = "Read"

    def on_init(self, args: dict[str, str]) -> None:
        self.term = Terminal(args.get("disable_color") != "disable_colors")
        self.fdata = self.field("evt.arg.data")
        self.fisread = self.field("evt.is_io_read")
        self.fres = self.field("evt.rawarg.res")
        target = args[self.args[0].name]
        self.set_filter(f"evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6) and {self.target_field}={target}")
        self.direction = 0
        self.infostr: str | None = None

    def on_event(self, evt: Event) -> bool | None:
        res = self.fres(evt)
        data = self.fdata(evt)
        if not isinstance(res, int) or res <= 0 or data is None:
            return True
        if self.fisread(evt):
            if self.direction != READ:
                self.infostr = f"{self.term.red}------ Read {format_bytes(res)}"
                self.direction = READ
        elif self.direction != WRITE:
            self.infostr = f"{self.term.blue}------ {self.write_label} {format_bytes(res)}"
            self.direction = WRITE
        self.out.line(lua_str(self.infostr))
        self.out.line(lua_str(data))
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        self.out.line(self.term.reset)


class SpyPort(SpyIp):
    name = "spy_port"
    category, short_description, description, args = meta(name)
    target_field = "fd.port"
    write_label = "Write"
