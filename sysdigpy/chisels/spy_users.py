"""spy_users: commands run and directories changed by interactive users (sysdig's spy_users.lua).

Reproduces the Lua chisel: each chdir shifts the ancestor field handles by one
(``table.insert(fanames, 0, 0)``), and execve lines are indented by 3 per level.  With -pc a
line starts green (blue for a container's process), the user reads ``USER@CONTAINERNAME`` and
execve lines are indented by 4 per level, as spy_users.lua does then.
"""

from __future__ import annotations

from typing import Any

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import Terminal
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.common import parse_numeric
from sysdigpy.chisels.meta import meta
from sysdigpy.chisels.table import extend_string
from sysdigpy.events.event import Event

MAX_ANCESTORS = 16
FILTER = ("((evt.type=execve and evt.dir=<) or (evt.type=chdir and evt.dir=< and proc.name contains sh and not "
          "proc.name contains sshd)) and evt.failed=false")


class SpyUsers(Chisel):
    name = "spy_users"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        self.max_depth = parse_numeric(args["max_depth"], "max_depth") if "max_depth" in args else -1
        self.term = Terminal(args.get("disable_color") != "disable_color")
        self.f = {n: self.field(n) for n in ("evt.type", "proc.exe", "proc.args", "evt.arg.path", "user.name",
                                             "evt.time.s", "proc.pid", "proc.ppid", "container.name")}
        self.anames = [self.field(f"proc.aname[{j}]") for j in range(MAX_ANCESTORS + 1)]
        self.apids = [self.field(f"proc.apid[{j}]") for j in range(MAX_ANCESTORS + 1)]
        self.shift = 0
        self.tree: dict[Any, list[Any]] = {}
        self.set_filter(FILTER)

    def ancestor(self, evt: Event, getters: list[Any], j: int) -> Any:
        k = j - self.shift
        return getters[k](evt) if k >= 0 else self.f["evt.type"](evt)

    def find_shell(self, evt: Event, ppid: Any) -> None:
        self.tree[ppid] = [-1]
        for j in range(1, MAX_ANCESTORS + 1):
            aname = self.ancestor(evt, self.anames, j)
            if aname is None:
                if self.ancestor(evt, self.apids, j) is None:
                    break
            elif len(lua_str(aname)) >= 2 and lua_str(aname).endswith("sh"):
                apid = self.ancestor(evt, self.apids, j)
                self.tree[ppid] = [j - 1, apid] if apid in self.tree else [0, apid]

    def on_event(self, evt: Event) -> bool | None:
        f = self.f
        user = f["user.name"](evt)
        pid, ppid = f["proc.pid"](evt), f["proc.ppid"](evt)
        ischdir = f["evt.type"](evt) == "chdir"
        icorr = 1
        if ischdir:
            ppid = pid
            self.shift += 1
            icorr = 0
        user = "<NA>" if user is None else lua_str(user)
        if ppid not in self.tree:
            self.find_shell(evt, ppid)
        if self.tree[ppid][0] == -1:
            return True
        if pid not in self.tree:
            self.tree[pid] = [1 + self.tree[ppid][0], self.tree[ppid][1]]
        depth, shell = self.tree[pid]
        color, exec_indent = "", 3
        if self.session.print_container:
            cname = lua_str(f["container.name"](evt))
            color, exec_indent = self.term.green if cname == "host" else self.term.blue, 4
            user = f"{user}@{cname}"
        head = f"{lua_str(shell)} {lua_str(f['evt.time.s'](evt))} {user})"
        if ischdir:
            if self.max_depth != -1 and depth - icorr > self.max_depth:
                return True
            self.out.line(color + extend_string("", 4 * (depth - icorr))
                          + f"{head} cd {lua_str(f['evt.arg.path'](evt))}")
        else:
            if self.max_depth != -1 and depth - 1 > self.max_depth:
                return True
            self.out.line(color + extend_string("", exec_indent * (depth - 1))
                          + f"{head} {lua_str(f['proc.exe'](evt))} {lua_str(f['proc.args'](evt))}")
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        self.out.line(self.term.reset)
