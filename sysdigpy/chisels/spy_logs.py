"""spy_logs and spy_syslog: messages written to log files / syslog (sysdig's spy_logs.lua, spy_syslog.lua).

Output as sysdig prints it when stdout is not a terminal: ``PROC FDNAME MSG`` per
non-empty line of each write.  Exporting the events around each message
(dump_file_name) is not implemented yet and is rejected at init.
"""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselError
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event

FILE_FILTER = ("(fd.name contains .log or fd.name contains _log or fd.name contains /var/log) and not "
               "(fd.name contains .gz or fd.name contains .tgz)")


class SpyLogs(Chisel):
    name = "spy_logs"
    category, short_description, description, args = meta(name)
    filter_text = f"({FILE_FILTER}) and evt.is_io_write=true and evt.dir=< and evt.failed=false"

    def on_init(self, args: dict[str, str]) -> None:
        if args.get("dump_file_name"):
            raise ChiselError(f"chisel {self.name}: dump_file_name is not supported yet")
        self.fbuf = self.field("evt.rawarg.data")
        self.fpname = self.field("proc.name")
        self.ffdname = self.field("fd.name")
        self.set_filter(self.filter_text)

    def on_event(self, evt: Event) -> bool | None:
        buf = self.fbuf(evt)
        if buf is None:
            return True
        prefix = f"{lua_str(self.fpname(evt))} {lua_str(self.ffdname(evt))} "
        for msg in lua_str(buf).split("\n"):
            if msg:
                self.out.line(prefix + msg)
        return True


class SpySyslog(SpyLogs):
    name = "spy_syslog"
    category, short_description, description, args = meta(name)
    filter_text = "fd.name contains /dev/log and evt.is_io_write=true and evt.dir=< and evt.failed=false"
