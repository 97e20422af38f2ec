"""list_login_shells: the login shell id of the last matching execve (sysdig's list_login_shells.lua).

sysdig prints the id once per field of its 3-field table (fsid, containername,
containerid) that is set: that is why the id usually comes out three times.  With -pc each of
those lines is ``ID CONTAINERNAME CONTAINERID``.
"""

from __future__ import annotations

from typing import Any

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event


def lua_find(s: str, pattern: str) -> bool:
    """string.find(s, pattern) ~= nil, for the plain patterns users pass."""
    import re

    from sysdigpy.chisels.luapat import to_regex

    return re.search(to_regex(pattern), s) is not None


class ListLoginShells(Chisel):
    name = "list_login_shells"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        comm = args.get("command")
        self.comm = comm if comm != "*" else None
        self.argstr = args.get("arguments")
        self.fsid = self.field("proc.loginshellid")
        self.fexe = self.field("evt.arg.exe")
        self.fargs = self.field("evt.arg.args")
        self.fcname = self.field("container.name")
        self.fcid = self.field("container.id")
        self.sids: dict[str, Any] = {}
        self.set_filter("evt.type=execve")

    def on_event(self, evt: Event) -> bool | None:
        sid, exe, args = self.fsid(evt), self.fexe(evt), self.fargs(evt)
        if sid is None or exe is None:
            return True
        if self.comm and not lua_find(lua_str(exe), self.comm):
            return True
        if self.argstr and args is not None and not lua_find(lua_str(args), self.argstr):
            return True
        self.sids = {"fsid": sid, "containername": self.fcname(evt), "containerid": self.fcid(evt)}
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        self.out.line(f"Shells containing {self.comm}:" if self.comm else "All shells:")
        line = lua_str(self.sids.get("fsid"))
        if self.session.print_container:
            line = f"{line} {lua_str(self.sids.get('containername'))} {lua_str(self.sids.get('containerid'))}"
        for v in self.sids.values():
            if v is not None:
                self.out.line(line)
