"""What field extractors may read besides the event: state, renderer, run options."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sysdigpy.events.render import NORMAL
from sysdigpy.events.render import Renderer
from sysdigpy.records import Record

if TYPE_CHECKING:
    from sysdigpy.state.parsers import State


def local_offset() -> int:
    """Seconds east of UTC, computed once from the current time, as sysdig does."""
    return time.localtime().tm_gmtoff


class FieldContext(Record):
    """Shared by every getter of one run; the pipeline keeps it current.

    A plain class rather than a dataclass: one less class compiled at start-up (see sysdigpy.records).
    """

    _fields = ("state", "renderer", "time_mode", "bufmt", "first_ts", "tz_offset", "json", "resolve_ports")

    def __init__(self, state: State | None = None, renderer: Renderer | None = None, time_mode: str = "h",
                 bufmt: str = NORMAL, first_ts: int = 0, tz_offset: int | None = None, json: bool = False,
                 resolve_ports: bool = False) -> None:
        self.state = state
        self.renderer = Renderer(None) if renderer is None else renderer
        self.time_mode = time_mode  # -t: h a r d D
        self.bufmt = bufmt
        self.first_ts = first_ts  # timestamp of the first event read
        self.tz_offset = local_offset() if tz_offset is None else tz_offset
        self.json = json
        self.resolve_ports = resolve_ports
