"""What field extractors may read besides the event: state, renderer, run options."""

from __future__ import annotations

import time
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING

from sysdigpy.events.render import NORMAL
from sysdigpy.events.render import Renderer

if TYPE_CHECKING:
    from sysdigpy.state.parsers import State


def local_offset() -> int:
    """Seconds east of UTC, computed once from the current time, as sysdig does."""
    return time.localtime().tm_gmtoff


@dataclass
class FieldContext:
    """Shared by every getter of one run; the pipeline keeps it current."""

    state: State | None = None
    renderer: Renderer = field(default_factory=lambda: Renderer(None))
    time_mode: str = "h"  # -t: h a r d D
    bufmt: str = NORMAL
    first_ts: int = 0  # timestamp of the first event read
    tz_offset: int = field(default_factory=local_offset)
    json: bool = False
    resolve_ports: bool = False
