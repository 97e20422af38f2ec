"""What the command line asked for: the options of one run (no behaviour here)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field


@dataclass
class Config:
    """What the command line asked for (the option values, named as in the manual)."""

    readfiles: tuple[str, ...] = ()
    filter_text: str = ""
    print_format: str | None = None
    json_out: bool = False
    bufmt: str = "normal"  # events.render buffer format
    debug: bool = False
    numevents: int = 0
    max_secs: float = 0
    timetype: str = "h"
    verbose: bool = False
    quiet: bool = False
    summary: bool = False
    resolve_ports: bool = False
    writefile: str | None = None
    compress: bool = False
    fatfile: bool = False
    filter_proclist: bool = False  # --filter-proclist: the filter also picks the process table of -w
    file_size: int = 0
    seconds: int = 0
    limit: int = 0
    event_limit: int = 0
    snaplen: int = 80
    progress: bool = False
    chisels: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def rotating(self) -> bool:
        return bool(self.file_size or self.seconds or self.event_limit)

    @property
    def counting(self) -> bool:
        """Something needs every event numbered and looked at (so no bulk copy)."""
        return bool(self.chisels or self.summary or self.numevents or self.max_secs or self.rotating)
