"""What the command line asked for: the options of one run (no behaviour here)."""

from __future__ import annotations

from sysdigpy.records import Record

_FIELDS = ("readfiles", "filter_text", "print_format", "json_out", "bufmt", "debug", "numevents", "max_secs",
           "timetype", "verbose", "quiet", "summary", "resolve_ports", "writefile", "compress", "fatfile",
           "filter_proclist", "file_size", "seconds", "limit", "event_limit", "snaplen", "progress", "chisels")


class Config(Record):
    """What the command line asked for (the option values, named as in the manual).

    A plain class rather than a dataclass: one less class compiled at start-up (see sysdigpy.records).
    """

    _fields = _FIELDS

    def __init__(self, readfiles: tuple[str, ...] = (), filter_text: str = "", print_format: str | None = None,
                 json_out: bool = False, bufmt: str = "normal", debug: bool = False, numevents: int = 0,
                 max_secs: float = 0, timetype: str = "h", verbose: bool = False, quiet: bool = False,
                 summary: bool = False, resolve_ports: bool = False, writefile: str | None = None,
                 compress: bool = False, fatfile: bool = False, filter_proclist: bool = False, file_size: int = 0,
                 seconds: int = 0, limit: int = 0, event_limit: int = 0, snaplen: int = 80, progress: bool = False,
                 chisels: list[tuple[str, str | None]] | None = None) -> None:
        self.readfiles = readfiles
        self.filter_text = filter_text
        self.print_format = print_format
        self.json_out = json_out
        self.bufmt = bufmt  # events.render buffer format
        self.debug = debug
        self.numevents = numevents
        self.max_secs = max_secs
        self.timetype = timetype
        self.verbose = verbose
        self.quiet = quiet
        self.summary = summary
        self.resolve_ports = resolve_ports
        self.writefile = writefile
        self.compress = compress
        self.fatfile = fatfile
        self.filter_proclist = filter_proclist  # --filter-proclist: the filter also picks the process table of -w
        self.file_size = file_size
        self.seconds = seconds
        self.limit = limit
        self.event_limit = event_limit
        self.snaplen = snaplen
        self.progress = progress
        self.chisels: list[tuple[str, str | None]] = [] if chisels is None else chisels

    @property
    def rotating(self) -> bool:
        return bool(self.file_size or self.seconds or self.event_limit)

    @property
    def counting(self) -> bool:
        """Something needs every event numbered and looked at (so no bulk copy)."""
        return bool(self.chisels or self.summary or self.numevents or self.max_secs or self.rotating)
