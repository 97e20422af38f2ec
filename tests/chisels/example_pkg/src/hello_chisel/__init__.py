"""countexec: count successful execve calls per process name."""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselArg
from sysdigpy.events.event import Event


class CountExec(Chisel):
    name = "countexec"
    category = "Examples"
    short_description = "Count execve calls per process name"
    description = "Counts the successful execve exits of each process name and prints NAME<TAB>COUNT at the end."
    args = [ChiselArg("min", "int", "Print only names with at least this many calls", optional=True)]

    def on_init(self, args: dict[str, str]) -> None:
        self.min = int(args.get("min", "1"))
        self.pname = self.field("proc.name")
        self.counts: dict[str, int] = {}
        self.set_filter("evt.type=execve and evt.dir=< and evt.failed=false")

    def on_event(self, evt: Event) -> bool | None:
        name = self.pname(evt) or "<NA>"
        self.counts[name] = self.counts.get(name, 0) + 1
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        for name, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if n >= self.min:
                self.out.line(f"{name}\t{n}")
