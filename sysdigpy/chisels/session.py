"""What sysdig's Lua API exposes about the run itself: the event source, the global filter, -pc.

sysdig.get_evtsource_name(), sysdig.get_filter() and sysdig.is_print_container_data() read the
command line.  The manager fills a :class:`Session` explicitly (``run_chisels``); under the
``sysdigpy`` command it is read from the running click context.
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


def from_command_line() -> Session:
    """The session of the running ``sysdigpy`` command, or an empty one outside it."""
    import click

    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Session()
    params = ctx.params
    return Session(sources=tuple(params.get("readfiles") or ()),
                   filter_text=" ".join(params.get("filter_words") or ()),
                   print_container=params.get("print_format") in ("c", "container"))
