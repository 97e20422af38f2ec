"""Which events sysdig 0.29.3 numbers: one rule for the pipeline and for the counting walk.

sysdig numbers every event it reads (hidden and internal ones included) except the
meta-events of current libs (users, groups, async and container events with new ids),
which it does not know.  The container events that open a section are numbered but
never handed out: sinsp consumes them while it opens the capture.
"""

from __future__ import annotations

from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX

NORMAL, UNNUMBERED, CONTAINER = 0, 1, 2
CONTAINER_CODES = frozenset(e.code for e in EVENT_TABLE if e.name == "container")
_META_NAMES = frozenset({"useradded", "userdeleted", "groupadded", "groupdeleted", "asyncevent", "container"})


def is_meta(code: int) -> bool:
    """Meta-events of current libs (users, groups, async) that sysdig 0.29.3 neither counts nor shows."""
    info = EVENT_TABLE[code]
    return info.category & 0x1000 != 0 or info.name in _META_NAMES


def numbering_class(code: int) -> int:
    """NORMAL, UNNUMBERED (a meta-event past the legacy ids) or CONTAINER (numbered, hidden while leading)."""
    if code >= LEGACY_EVENT_MAX and is_meta(code):
        return UNNUMBERED
    return CONTAINER if code in CONTAINER_CODES else NORMAL


CLASSES = bytes(numbering_class(e.code) for e in EVENT_TABLE)
