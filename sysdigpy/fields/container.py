"""Fields of the container class (from cgroup paths and container events in the capture)."""

from __future__ import annotations

from sysdigpy.events.event import Event
from sysdigpy.fields.registry import field
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import simple

field_class("container", "container", "Container information. If the event is not happening inside a container, "
            "both id and name will be set to 'host'.")


def container_id(e: Event) -> str | None:
    t = e.thread
    if t is None:
        return None
    return getattr(t, "container_id", "") or "host"


def container_name(e: Event) -> str | None:
    cid = container_id(e)
    if cid is None:
        return None
    if cid == "host":
        return "host"
    state = None
    info = {}
    if state is not None:
        info = state.containers.get(cid, {})
    return info.get("name") or None


field("container.id", "PT_CHARBUF", "the container id.", cls="container")(simple(container_id))
field("container.name", "PT_CHARBUF", "the container name.", cls="container")(simple(container_name))
