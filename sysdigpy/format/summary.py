"""-S: a table of event counts at the end of the run, as sysdig prints it."""

from __future__ import annotations

from sysdigpy.events.event import Event
from sysdigpy.events.flagtables import PPM_SC_MAX
from sysdigpy.events.flagtables import SYSCALL_NAMES
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.format.cxxsort import cxx_sort


class SummarySink:
    """Counts every event that passed the filter, by event id (generic ones by syscall)."""

    def __init__(self, top: int = 100) -> None:
        self.top = top
        self.events = [0] * len(EVENT_TABLE)
        self.generic = [0] * (PPM_SC_MAX * 2)

    def on_event(self, evt: Event) -> None:
        code = evt.code
        if code <= 1:
            sc = evt.u16(0)
            if sc < PPM_SC_MAX:
                self.generic[sc * 2 + code] += 1
        else:
            self.events[code] += 1

    def lines(self) -> list[str]:
        # sysdig's vector: its 336 event ids, then two entries per syscall; new ids after those
        rows = [(self.events[i], i, False) for i in range(LEGACY_EVENT_MAX)]
        rows += [(self.generic[j], j, True) for j in range(PPM_SC_MAX * 2)]
        # ids sysdig 0.29.3 does not know: appended only when seen, so the sort is sysdig's otherwise
        rows += [(self.events[i], i, False) for i in range(LEGACY_EVENT_MAX, len(EVENT_TABLE)) if self.events[i]]
        cxx_sort(rows, lambda x, y: x[0] > y[0])
        out = ["----------------------", "Event           #Calls", "----------------------"]
        for count, ident, generic in rows[:self.top]:
            if count == 0:
                break
            name = SYSCALL_NAMES.get(ident // 2, "") if generic else EVENT_TABLE[ident].name
            out.append(f"{'>' if ident % 2 == 0 else '<'} {name.ljust(16)}{count}")
        return out
