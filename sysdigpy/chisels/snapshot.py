"""ps, lsof and netstat: the thread and fd tables as they are at the first event.

Like sysdig's ps.lua / lsof.lua / netstat.lua, the filter argument is not an event
filter: it selects threads and fds of ``sysdig.get_thread_table(filter)``, where it is
evaluated once per fd against a stand-in event carrying that thread and fd.
"""

from __future__ import annotations

from typing import Any

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselArg
from sysdigpy.chisels.base import Predicate
from sysdigpy.chisels.common import clean
from sysdigpy.chisels.table import extend_string
from sysdigpy.chisels.table import format_bytes
from sysdigpy.events.event import Event
from sysdigpy.events.table import EVENT_TABLE

FdRows = list[tuple[int, Any]]
READ_X = 7  # the stand-in event is a parameterless read exit, as in libs' get_thread_table


def stand_in(evt: Event) -> Event:
    probe = Event(evt.raw, 0, EVENT_TABLE[READ_X])
    probe.code = READ_X
    probe._params = []  # noqa: SLF001
    probe.errorcode = 0
    return probe


class _Snapshot(Chisel):
    base_filter = ""

    def on_init(self, args: dict[str, str]) -> None:
        self.capturing = False
        self.matched = False
        self.rows: list[str] = []
        self.table_filter = self.filter_text(args.get("filter", ""))
        self.pred: Predicate | None = self.compile(self.table_filter) if self.table_filter else None

    def filter_text(self, arg: str) -> str:
        return arg

    def on_capture_start(self) -> None:
        self.capturing = True

    def on_event(self, evt: Event) -> bool | None:
        if not self.matched:
            self.matched = True
            self.rows = self.render(self.snapshot(evt))
        return False

    def snapshot(self, evt: Event) -> list[tuple[Any, FdRows]]:
        """sysdig.get_thread_table(filter): threads with at least one matching fd, and those fds."""
        out = []
        probe = stand_in(evt)
        for t in self.thread_table():
            fds = list((t.fd_table() or {}).items())
            if self.pred is not None:
                fds = [(n, f) for n, f in fds if self._match(probe, t, n, f)]
                if not fds:
                    continue
            out.append((t, fds))
        return out

    def _match(self, probe: Event, t: Any, num: int, fdi: Any) -> bool:
        probe.thread, probe.fdinfo, probe.tid = t, fdi, t.tid
        saved, t.lastevent_fd = t.lastevent_fd, num
        try:
            return bool(self.pred(probe))  # type: ignore[misc]
        except Exception:  # noqa: BLE001 - a field that cannot be read on the stand-in event
            return False
        finally:
            t.lastevent_fd = saved

    def render(self, table: list[tuple[Any, FdRows]]) -> list[str]:
        return []

    def username(self, t: Any) -> str:
        st = self.ctx.state
        rec = st.users.user(t.uid) if st is not None else None
        return rec.name if rec is not None else "<NA>"

    def on_capture_end(self, ts: int, delta: int) -> None:
        if not self.capturing:
            return
        if not self.matched:
            self.out.line("empty capture or no event matching the filter")
            return
        for r in self.rows:
            self.out.line(r)


FILTER_DESC = "A sysdig-like filter expression that allows restricting the FD list. "


class Ps(_Snapshot):
    name = "ps"
    category = "System State"
    short_description = "List (and optionally filter) the machine processes."
    description = (
        "List the running processes, with an output that is similar to the one of ps. Output is at a point in "
        "time; adjust this in the filter. It defaults to time of evt.num=0")
    args = [ChiselArg("filter", "filter", FILTER_DESC + "For example 'fd.name contains /etc' shows all the "
                      "processes that have files open under /etc.", True)]

    def render(self, table: list[tuple[Any, FdRows]]) -> list[str]:
        cols = (("TID", 8), ("PID", 8), ("USER", 12), ("VIRT", 11), ("RES", 11), ("FDLIMIT", 10), ("CMD", 20))
        rows = ["".join(extend_string(c, n) for c, n in cols)]
        for t, _fds in table:
            rows.append(extend_string(str(t.tid), 8) + extend_string(str(t.pid), 8)
                        + extend_string(self.username(t), 12)
                        + extend_string(format_bytes(t.vmsize_kb * 1024), 11)
                        + extend_string(format_bytes(t.vmrss_kb * 1024), 11)
                        + extend_string(str(t.fdlimit), 10) + t.comm)
        return rows


class Lsof(_Snapshot):
    name = "lsof"
    category = "System State"
    short_description = "List (and optionally filter) the open file descriptors."
    description = (
        "This chisel prints the open file descriptors for every process in the system, with an output that is "
        "similar to the one of lsof. Output is at a point in time; adjust this in the filter.  It defaults to "
        "time of evt.num=0")
    args = [ChiselArg("filter", "filter", FILTER_DESC + "E.g. 'proc.name=foo and fd.name contains /etc'.", True)]

    def render(self, table: list[tuple[Any, FdRows]]) -> list[str]:
        cols = (("COMMAND", 20), ("PID", 8), ("TID", 8), ("USER", 8), ("FD", 8), ("TYPE", 12))
        rows = ["".join(extend_string(c, n) for c, n in cols) + "NAME"]
        for t, fds in table:
            head = (extend_string(t.comm, 20) + extend_string(str(t.pid), 8) + extend_string(str(t.tid), 8)
                    + extend_string(self.username(t), 8))
            rows += [head + extend_string(str(n), 8) + extend_string(f.typestr(), 12) + clean(f.name)
                     for n, f in fds]
        return rows
