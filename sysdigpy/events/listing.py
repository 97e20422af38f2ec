"""``-L``: the event signatures, as sysdig prints them."""

from __future__ import annotations

from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.events.table import EventInfo


def _type_name(ptype: str) -> str:
    return "DYNAMIC" if ptype == "PT_DYN" else ptype[3:]


def signature(e: EventInfo) -> str:
    params = ", ".join(f"{_type_name(p.ptype)} {p.name}" for p in e.params)
    return f"{e.direction} {e.name}({params})"


def listed(e: EventInfo) -> bool:
    return not (e.unused or e.old or e.internal)


def list_events(include_new: bool = False) -> list[str]:
    """Every event signature sysdig 0.29.3 lists (with ``include_new``, current libs' too)."""
    limit = len(EVENT_TABLE) if include_new else LEGACY_EVENT_MAX
    return [signature(e) for e in EVENT_TABLE[:limit] if listed(e)]
