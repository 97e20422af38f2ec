"""What sysdig's Lua API exposes about the run itself: the event source, the global filter, -pc.

sysdig.get_evtsource_name(), sysdig.get_filter() and sysdig.is_print_container_data() read the
command line; the command (or ``run_chisels``) hands the manager a :class:`Session`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from dataclasses import field


@dataclass(frozen=True)
class Session:
    sources: tuple[str, ...] = ()
    filter_text: str = ""
    print_container: bool = False
    is_tty: bool = field(default_factory=lambda: sys.stdout.isatty())

    @property
    def source_name(self) -> str:
        return self.sources[0] if self.sources else ""
