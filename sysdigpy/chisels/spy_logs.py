"""spy_logs and spy_syslog: messages written to log files / syslog (sysdig's spy_logs.lua, spy_syslog.lua).

Output as sysdig prints it: ``PROC FDNAME MSG`` per non-empty line of each write,
``CONTAINERNAME PROC FDNAME MSG`` with -pc; on a terminal each line is coloured (green, yellow
for warnings, red for errors) in the Lua chisel's layout.  With ``dump_file_name`` the events of the writing
thread within ``dump_range_ms`` (default 1000) of each matched write are saved to that file at the
end, after a ``Writing events for N log entries`` line, as the Lua chisels do with
``sysdig -F -r SRC -wFILE`` (:mod:`sysdigpy.chisels.dump`, shared with around).  Export needs a
capture file: on a live capture the chisel prints ``events export not supported on live captures``
and fails.
"""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import Terminal
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.dump import AroundDump
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event

FILE_FILTER = ("(fd.name contains .log or fd.name contains _log or fd.name contains /var/log) and not "
               "(fd.name contains .gz or fd.name contains .tgz)")


class SpyLogs(Chisel):
    name = "spy_logs"
    category, short_description, description, args = meta(name)
    filter_text = f"({FILE_FILTER}) and evt.is_io_write=true and evt.dir=< and evt.failed=false"

    def on_init(self, args: dict[str, str]) -> None:
        self.term = Terminal(args.get("disable_color") != "disable_color")
        self.dump: AroundDump | None = None
        if "dump_file_name" in args:
            self.dump = AroundDump(self, args["dump_file_name"], args.get("dump_range_ms", "1000"))
            self.dump.refuse_live(self, "events export not supported on live captures")
        self.ftid = self.field("thread.tid")
        self.fbuf = self.field("evt.rawarg.data")
        self.fpname = self.field("proc.name")
        self.ffdname = self.field("fd.name")
        self.fcontainername = self.field("container.name")
        self.set_filter(self.filter_text)

    def on_event(self, evt: Event) -> bool | None:
        buf = self.fbuf(evt)
        if buf is None:
            return True
        info = f"{lua_str(self.fpname(evt))} {lua_str(self.ffdname(evt))} "
        cname = lua_str(self.fcontainername(evt))
        for msg in lua_str(buf).split("\n"):
            if msg:
                self.out.line(self._line(info, msg, cname))
        if self.dump is not None:
            self.dump.add(evt.ts, self.ftid(evt))
        return True

    def _line(self, info: str, msg: str, cname: str) -> str:
        """spy_logs.lua's layout: on a terminal each line is green, yellow when it says "warn" (any
        case) or red when it says "err" (as written: the Lua looks for it in the original text)."""
        pc = self.session.print_container
        if not self.session.is_tty:
            return f"{cname} {info}{msg}" if pc else info + msg
        t = self.term
        color = t.yellow if "warn" in msg.lower() else t.red if "err" in msg else t.green
        if not pc:
            return f"{color} {info}{msg}"
        container = f"{t.blue if cname != 'host' else color} {cname}"
        return f"{color} {container} {color} {info}{msg}"

    def on_capture_end(self, ts: int, delta: int) -> None:
        if self.session.is_tty:
            self.out.line(self.term.reset)
        if self.dump is not None:
            self.out.line(f"Writing events for {self.dump.count} log entries")
            self.out.flush()
            self.dump.save()


class SpySyslog(SpyLogs):
    """``FACILITY.SEVERITY PROC[TID] MSG`` per decoded syslog write (the syslog.* fields).

    On a terminal the line is red for severities below warn, yellow for warn, blue for a
    container's process and green otherwise.  With -pc the container id and name (20 columns
    each) come first: spy_syslog.lua passes them in the wrong order when stdout is not a terminal
    (``FACILITY ID NAME.SEVERITY``), a bug not reproduced here.  A write whose data holds no
    ``<PRI>`` has no syslog fields: the Lua chisel stops with a format error there; it is skipped.
    """

    name = "spy_syslog"
    category, short_description, description, args = meta(name)
    filter_text = "fd.name contains /dev/log and evt.is_io_write=true and evt.dir=< and evt.failed=false"

    def on_init(self, args: dict[str, str]) -> None:
        super().on_init(args)
        self.ffac = self.field("syslog.facility.str")
        self.fsev = self.field("syslog.severity.str")
        self.fsevcode = self.field("syslog.severity")
        self.fmsg = self.field("syslog.message")
        self.fcontainerid = self.field("container.id")

    def on_event(self, evt: Event) -> bool | None:
        fac, sev, msg, sevcode = self.ffac(evt), self.fsev(evt), self.fmsg(evt), self.fsevcode(evt)
        if fac is None or sev is None or msg is None or sevcode is None:
            return True
        tid, pname = self.ftid(evt), lua_str(self.fpname(evt))
        cname, cid = lua_str(self.fcontainername(evt)), lua_str(self.fcontainerid(evt))
        line = f"{lua_str(fac)}.{lua_str(sev)} {pname}[{tid}] {lua_str(msg)}"
        if self.session.print_container:
            line = f"{cid:<20} {cname:<20} {line}"
        if self.session.is_tty:
            t = self.term
            color = t.yellow if sevcode == 4 else t.red if sevcode < 4 else t.blue if cname != "host" else t.green
            line = color + line
        self.out.line(line)
        if self.dump is not None:
            self.dump.add(evt.ts, tid)
        return True
