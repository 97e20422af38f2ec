"""Fields of the process class: proc.* and thread.*."""

from __future__ import annotations

from typing import Any

from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import Factory
from sysdigpy.fields.registry import Getter
from sysdigpy.fields.registry import field
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import simple

field_class("process", "process", "Additional information about the process and thread executing the syscall event.")


def _thread_getter(attr: str) -> Factory:
    def make(ctx: FieldContext, arg: str | None) -> Getter:
        lookup = ctx.renderer.thread

        def get(e: Event) -> Any:
            t = e.thread or lookup(e)
            return getattr(t, attr) if t is not None else None

        return get

    return make


field("proc.pid", "PT_INT64", "the id of the process generating the event.", cls="process")(_thread_getter("pid"))
field("proc.name", "PT_CHARBUF",
      "the name (excluding the path) of the executable generating the event.", cls="process")(
    _thread_getter("comm"))
field("thread.tid", "PT_INT64", "the id of the thread generating the event.", cls="process")(
    simple(lambda e: e.tid))
field("thread.vtid", "PT_INT64", "the id of the thread generating the event as seen from its current PID namespace.",
      cls="process")(simple(lambda e: e.thread.vtid if e.thread is not None and e.thread.vtid >= 0 else None))
