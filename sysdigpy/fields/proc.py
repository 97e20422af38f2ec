"""Fields of the process class: proc.* and thread.*."""

from __future__ import annotations

from sysdigpy.fields.registry import field
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import simple

field_class("process", "process", "Additional information about the process and thread executing the syscall event.")


field("proc.pid", "PT_INT64", "the id of the process generating the event.", cls="process")(
    simple(lambda e: e.thread.pid if e.thread is not None else None))
field("proc.name", "PT_CHARBUF",
      "the name (excluding the path) of the executable generating the event.", cls="process")(
    simple(lambda e: e.thread.comm if e.thread is not None else None))
field("thread.tid", "PT_INT64", "the id of the thread generating the event.", cls="process")(
    simple(lambda e: e.tid))
field("thread.vtid", "PT_INT64", "the id of the thread generating the event as seen from its current PID namespace.",
      cls="process")(simple(lambda e: e.thread.vtid if e.thread is not None and e.thread.vtid >= 0 else None))
