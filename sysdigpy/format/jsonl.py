"""-j: one JSON object per event (keys sorted, literal text dropped), via orjson."""

from __future__ import annotations

import orjson

from sysdigpy.events.event import Event
from sysdigpy.fields.values import to_json
from sysdigpy.format.fmtstring import Format
from sysdigpy.format.writer import Output


class JsonSink:
    def __init__(self, fmt: Format, out: Output) -> None:
        self.out = out
        self.require_all = fmt.require_all
        seen: dict[str, tuple] = {}
        for p in fmt.fields:
            seen.setdefault(p.text, (p.text, p.field, p.getter))
        self.pieces = sorted(seen.values(), key=lambda t: t[0])

    def format(self, evt: Event) -> str | None:
        obj = {}
        for key, fi, getter in self.pieces:
            value = getter(evt)
            if value is None and self.require_all:
                return None
            obj[key] = to_json(fi, value)
        if not obj:
            return "null"
        return orjson.dumps(obj).decode("utf-8", "surrogateescape")

    def on_event(self, evt: Event) -> None:
        line = self.format(evt)
        if line is not None:
            self.out.write_line(line)
