"""topprocs_cpu: thread.cpu of procinfo events, summed per process, as % of the capture duration."""

from __future__ import annotations

from sysdigpy.chisels.meta import meta
from sysdigpy.chisels.table import KEYSEP
from sysdigpy.chisels.table import TableChisel
from sysdigpy.chisels.table import lua_tostring
from sysdigpy.events.event import Event


class TopprocsCpu(TableChisel):
    """With -pc keyed by proc.name, proc.pid, proc.vpid and container.name, as topprocs_cpu.lua does.

    sysdig's JSON ``info`` then has the value over the third key (see TableChisel): here it has all keys.
    """

    name = "topprocs_cpu"
    category, short_description, description, args = meta(name)
    hidden = False
    keys = ["proc.name", "proc.pid"]
    key_desc = ["Process", "PID"]
    container_keys = ["proc.name", "proc.pid", "proc.vpid", "container.name"]
    container_key_desc = ["Process", "Host_pid", "Container_pid", "container.name"]
    value = "thread.exectime"
    value_desc = "CPU%"
    filter_text = "evt.type=procinfo"
    top = 10
    units = "timepct"

    def on_init(self, args: dict[str, str]) -> None:
        super().on_init(args)
        self.cpu = self.field("thread.cpu")

    def on_event(self, evt: Event) -> bool | None:
        parts = []
        for g in self.key_getters:
            kv = g(evt)
            if kv is None:
                return None
            parts.append(lua_tostring(kv))
        key = KEYSEP.join(parts)
        self.table[key] = self.table.get(key, 0) + (self.cpu(evt) or 0) * 10_000_000
        return True
