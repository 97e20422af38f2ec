"""The text sink: one line per event, from a compiled format."""

from __future__ import annotations

from sysdigpy.events.event import Event
from sysdigpy.fields.values import to_text
from sysdigpy.format.fmtstring import Format
from sysdigpy.format.writer import Output


class LineSink:
    """Prints each event with a -p format (or the default one)."""

    def __init__(self, fmt: Format, out: Output) -> None:
        self.out = out
        self.require_all = fmt.require_all
        self.pieces = [(p.text, p.field, p.getter, p.width) for p in fmt.pieces]

    def format(self, evt: Event) -> str | None:
        parts = []
        ok = True
        for text, fi, getter, width in self.pieces:
            if fi is None:
                parts.append(text)
                continue
            value = getter(evt)  # type: ignore[misc]
            if value is None:
                if self.require_all:
                    ok = False
                    continue
                s = "<NA>"
            else:
                s = value if type(value) is str else to_text(fi, value)
            if width:
                s = s[:width].ljust(width)
            parts.append(s)
        return "".join(parts) if ok else None

    def on_event(self, evt: Event) -> None:
        line = self.format(evt)
        if line is not None:
            self.out.write_line(line)
