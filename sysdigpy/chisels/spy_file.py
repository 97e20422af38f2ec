"""spy_file: successful file reads/writes with their data in ASCII (sysdig's spy_file.lua)."""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.chisels.table import format_bytes
from sysdigpy.events.event import Event
from sysdigpy.events.render import EOLS
from sysdigpy.events.render import NORMAL


def spy_filter(read_or_write: str | None, file_name: str | None) -> str:
    if file_name:
        text = f"(fd.name={file_name}) and "
    else:
        text = "(not fd.name contains /dev/pt and not fd.name contains /dev/tty) and "
    if read_or_write in ("R", "r"):
        text += "evt.is_io_read=true and "
    elif read_or_write in ("W", "w"):
        text += "evt.is_io_write=true and "
    else:
        text += "evt.is_io=true and "
    return text + "fd.type=file and evt.dir=< and evt.failed=false"


class SpyFile(Chisel):
    name = "spy_file"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        self.fname = self.field("fd.name")
        self.fisw = self.field("evt.is_io_write")
        self.fpid = self.field("proc.pid")
        self.fpname = self.field("proc.name")
        self.fres = self.field("evt.rawarg.res")
        self.fts = self.field("evt.time")
        # sysdig.set_output_format("ascii"), unless the user chose a format (-A, -x, ...)
        self.bufmt = EOLS if self.ctx.bufmt == NORMAL and not self.ctx.json else None
        self.set_filter(spy_filter(args.get("read_or_write"), args.get("spy_on_file_name")))

    def data(self, evt: Event) -> str:
        for i, p in enumerate(evt.info.params[:evt.nparams]):
            if p.name == "data":
                return self.ctx.renderer.param(evt, i, self.bufmt)[0]
        return "nil"

    def on_event(self, evt: Event) -> bool | None:
        rw = "W" if self.fisw(evt) is True else "R"
        res = self.fres(evt)
        self.out.line("%s %s(%s) %s %s %s %s" % (lua_str(self.fts(evt)), lua_str(self.fpname(evt)),
                                                 lua_str(self.fpid(evt)), rw, format_bytes(res or 0),
                                                 lua_str(self.fname(evt)), self.data(evt)))
        return True
