"""iobytes, iobytes_file, iobytes_net: bytes read/written per second (sysdig's iobytes*.lua).

Each line is printed by on_interval, labelled with the time of the event that opens
the new second; the last (partial) second is never printed, as in sysdig.
"""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event


class Iobytes(Chisel):
    name = "iobytes"
    category, short_description, description, args = meta(name)
    filter_text = "evt.is_io=true"

    def on_init(self, args: dict[str, str]) -> None:
        self.fbytes = self.field("evt.rawarg.res")
        self.ftime = self.field("evt.time.s")
        self.fisread = self.field("evt.is_io_read")
        self.set_filter(self.filter_text)
        self.set_interval_s(1)
        self.tot = self.totin = self.totout = 0

    def on_event(self, evt: Event) -> bool | None:
        n = self.fbytes(evt)
        if isinstance(n, int) and n > 0:
            self.tot += n
            if self.fisread(evt):
                self.totin += n
            else:
                self.totout += n
        return True

    def on_interval(self, ts: int, delta: int) -> None:
        etime = self.ftime(self.evt) if self.evt is not None else None
        self.out.line(f"{lua_str(etime)} in:{self.totin} out:{self.totout} tot:{self.tot}")
        self.tot = self.totin = self.totout = 0


class IobytesFile(Iobytes):
    name = "iobytes_file"
    category, short_description, description, args = meta(name)
    filter_text = "evt.is_io=true and fd.type=file"


class IobytesNet(Iobytes):
    name = "iobytes_net"
    category, short_description, description, args = meta(name)
    filter_text = "evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)"
