"""stdout, stderr, stdin: the raw data of I/O on fd 1, 2 and 0 (sysdig's stdout/stderr/stdin.lua)."""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
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
    name = "stderr"
    category, short_description, description, args = meta(name)
    fdnum = 2


class Stdin(Stdout):
    name = "stdin"
    category, short_description, description, args = meta(name)
    fdnum = 0
