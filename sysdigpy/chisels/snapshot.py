"""ps and lsof: the thread and fd tables as they are at the first event (sysdig's ps.lua, lsof.lua).

The optional filter argument is only honoured once the filter compiler can
evaluate thread-table filters; without it a filter fails at init.
"""

from __future__ import annotations

from typing import Any

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselArg
from sysdigpy.chisels.table import extend_string
from sysdigpy.chisels.table import format_bytes
from sysdigpy.events.event import Event


class _Snapshot(Chisel):
    def on_init(self, args: dict[str, str]) -> None:
        self.capturing = False
        self.matched = False
        self.threads: list[Any] = []
        if args.get("filter"):
            self.set_filter(args["filter"])

    def on_capture_start(self) -> None:
        self.capturing = True

    def on_event(self, evt: Event) -> bool | None:
        if not self.matched:
            self.matched = True
            self.threads = self.thread_table()
            self.snapshot_fds()
        return False

    def snapshot_fds(self) -> None:
        """Copy what on_capture_end prints: the tables may change after the first event."""
        self.rows = [self.rows_of(t) for t in self.threads]

    def rows_of(self, t: Any) -> list[str]:
        return []

    def username(self, uid: int) -> str:
        st = self.ctx.state
        rec = st.users.user(uid) if st is not None else None
        return rec.name if rec is not None else "<NA>"

    def on_capture_end(self, ts: int, delta: int) -> None:
        if not self.capturing:
            return
        if not self.matched:
            self.out.line("empty capture or no event matching the filter")
            return
        self.out.line(self.header())
        for rows in self.rows:
            for r in rows:
                self.out.line(r)

    def header(self) -> str:
        return ""


class Ps(_Snapshot):
    name = "ps"
    category = "System State"
    short_description = "List (and optionally filter) the machine processes."
    description = (
        "List the running processes, with an output that is similar to the one of ps. Output is at a point in "
        "time; adjust this in the filter. It defaults to time of evt.num=0")
    args = [ChiselArg("filter", "filter", "A sysdig-like filter expression that allows restricting the FD list. "
                      "For example 'fd.name contains /etc' shows all the processes that have files open under "
                      "/etc.", True)]

    def header(self) -> str:
        cols = (("TID", 8), ("PID", 8), ("USER", 12), ("VIRT", 11), ("RES", 11), ("FDLIMIT", 10), ("CMD", 20))
        return "".join(extend_string(c, n) for c, n in cols)

    def rows_of(self, t: Any) -> list[str]:
        return [extend_string(str(t.tid), 8) + extend_string(str(t.pid), 8)
                + extend_string(self.username(t.uid), 12)
                + extend_string(format_bytes(t.vmsize_kb * 1024), 11)
                + extend_string(format_bytes(t.vmrss_kb * 1024), 11)
                + extend_string(str(t.fdlimit), 10) + t.comm]


class Lsof(_Snapshot):
    name = "lsof"
    category = "System State"
    short_description = "List (and optionally filter) the open file descriptors."
    description = (
        "This chisel prints the open file descriptors for every process in the system, with an output that is "
        "similar to the one of lsof. Output is at a point in time; adjust this in the filter.  It defaults to "
        "time of evt.num=0")
    args = [ChiselArg("filter", "filter", "A sysdig-like filter expression that allows restricting the FD list. "
                      "E.g. 'proc.name=foo and fd.name contains /etc'.", True)]

    def header(self) -> str:
        cols = (("COMMAND", 20), ("PID", 8), ("TID", 8), ("USER", 8), ("FD", 8), ("TYPE", 12))
        return "".join(extend_string(c, n) for c, n in cols) + "NAME"

    def rows_of(self, t: Any) -> list[str]:
        table = t.fd_table() or {}
        user = self.username(t.uid)
        head = extend_string(t.comm, 20) + extend_string(str(t.pid), 8) + extend_string(str(t.tid), 8)
        return [head + extend_string(user, 8) + extend_string(str(fd), 8) + extend_string(f.typestr(), 12)
                + f.name for fd, f in table.items()]
