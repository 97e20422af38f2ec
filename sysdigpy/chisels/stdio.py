"""stdout, stderr, stdin: the raw data of I/O on fd 1, 2 and 0 (sysdig's stdout/stderr/stdin.lua)."""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import Terminal
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event


class Stdout(Chisel):
    name = "stdout"
    category, short_description, description, args = meta(name)
    fdnum = 1

    def on_init(self, args: dict[str, str]) -> None:
        self.fbuf = self.field("evt.rawarg.data")
        self.set_filter(f"fd.num={self.fdnum} and evt.is_io=true")

    def on_event(self, evt: Event) -> bool | None:
        buf = self.fbuf(evt)
        if buf is not None:
            self.out.write(buf if isinstance(buf, bytes) else str(buf))
            self.out.write(b"\n")
        return True


class Stderr(Stdout):
    """With -pc each buffer is preceded by container.id and container.name (20 columns each) and
    coloured green (blue for a container's process) unless disable_color is ``disable_color``."""

    name = "stderr"
    category, short_description, description, args = meta(name)
    fdnum = 2

    def on_init(self, args: dict[str, str]) -> None:
        super().on_init(args)
        self.term = Terminal(args.get("disable_color") != "disable_color")
        self.fcontainername = self.field("container.name")
        self.fcontainerid = self.field("container.id")

    def on_event(self, evt: Event) -> bool | None:
        if not self.session.print_container:
            return super().on_event(evt)
        buf = self.fbuf(evt)
        if buf is not None:
            cname = lua_str(self.fcontainername(evt))
            color = self.term.green if cname == "host" else self.term.blue
            self.out.write("%s%-20.20s %-20.20s " % (color, lua_str(self.fcontainerid(evt)), cname))
            self.out.write(buf if isinstance(buf, bytes) else str(buf))
            self.out.write(b"\n")
        return True


class Stdin(Stdout):
    name = "stdin"
    category, short_description, description, args = meta(name)
    fdnum = 0
