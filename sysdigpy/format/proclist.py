"""``--filter-proclist``: the command-line filter applied to the process table a ``-w`` file carries.

Every capture starts with the process list and the fd list of each process (a /proc
dump when live, the input's tables with ``-r``).  With ``--filter-proclist`` only the
entries the filter matches are written, as libsinsp does when
``filter_proc_table_when_saving`` is on (sinsp_threadinfo::init from a scap_threadinfo,
libs e5c53d648):

* while the table is imported, the filter runs once per fd of each thread, on a fake
  event: a ``read`` exit (``<``) with no parameters, number 0, timestamp 0, cpu 0, of
  that thread, whose fd is that fd (``fd.*`` fields see it, ``fd.num`` is its number);
* an fd the filter rejects is left out of the thread's fd list; a thread none of whose
  fds matched (a thread with no fds at all included: the non-main threads of a /proc
  dump) is left out of the process list, and its fd list with it;
* the check runs while the table is being built, before the user and group lists and
  the interface list are loaded: ``user.name``, ``group.name`` and the like never match
  (``user.uid``, ``proc.*``, ``thread.*`` and ``fd.*`` do), ``proc.pname`` and other
  lookups only find the threads listed before this one, and socket names are those of
  the fd list, before sinsp turns around the connections to local server ports;
* ``evt.type=read`` and ``evt.dir=<`` match every fd; filters on other event types or on
  event arguments (``evt.type=open``, ``evt.res=0``) match none, so the list comes out
  empty;
* ``fd.name_changed`` is false here; sysdig 0.29.3 reads a flag its fake event never sets
  (uninitialised memory), so what it keeps with that field follows no rule.

Only what is written changes: the run's own state is built from the whole table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sysdigpy.events.event import Event
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.fields.context import FieldContext
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.probe.rawevent import build
from sysdigpy.state.fds import FdInfo
from sysdigpy.state.fds import from_record
from sysdigpy.state.parsers import State
from sysdigpy.state.threads import thread_from_record

Predicate = Callable[[Event], bool]
READ_X = next(e.code for e in EVENT_TABLE[:LEGACY_EVENT_MAX] if e.name == "read" and e.direction == "<")


def filter_proc_table(meta: CaptureMetadata, predicate: Predicate, ctx: FieldContext) -> CaptureMetadata:
    """``meta`` with only the threads and fds ``predicate`` matches (see the module docstring).

    ``predicate`` is a filter compiled against ``ctx``; ``ctx.state`` is swapped for the
    table being built while the checks run, and put back afterwards.
    """
    scratch = State(CaptureMetadata(machine=meta.machine), resolve_ports=ctx.resolve_ports)
    table = scratch.threads
    saved = ctx.state, ctx.renderer.state
    ctx.state = ctx.renderer.state = scratch
    procs: list[ProcRecord] = []
    fds: dict[int, list[FdRecord]] = {}
    seen: set[int] = set()
    try:
        for rec in meta.procs:
            records = [] if rec.tid in seen else meta.fds.get(rec.tid, [])  # one fd list per tid, as written
            seen.add(rec.tid)
            t = thread_from_record(table, rec)
            kept = []
            for fr in records:
                fdi = from_record(fr, table.server_ports, ctx.resolve_ports)
                if fdi is not None:
                    t.fdtable[fr.fd] = fdi
                evt = Event(build(READ_X, 0, rec.tid, []), 0)
                evt.thread = t
                evt.fdinfo = fdi if fdi is not None else FdInfo(fr.fd, fr.fdtype)
                evt.fdinfo.oldname = evt.fdinfo.name  # no parser renamed it: fd.name_changed is false
                t.lastevent_fd = fr.fd
                if predicate(evt):
                    kept.append(fr)
            t.lastevent_fd = 0
            table.add(t, from_proc=True)
            if kept:
                procs.append(rec)
                fds[rec.tid] = kept
    finally:
        ctx.state, ctx.renderer.state = saved
    return replace(meta, procs=procs, fds=fds)


def proclist_filter(enabled: bool, predicate: Predicate | None,
                    ctx: FieldContext) -> Callable[[CaptureMetadata], CaptureMetadata] | None:
    """What a -w sink applies to the tables it writes: the filter when ``enabled`` and there is one."""
    if not enabled or predicate is None:
        return None
    return lambda meta: filter_proc_table(meta, predicate, ctx)
