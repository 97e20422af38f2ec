"""-j: one JSON object per event (keys sorted, literal text dropped), via orjson."""

from __future__ import annotations

import orjson

from sysdigpy.events.event import Event
from sysdigpy.fields.values import to_json
from sysdigpy.format.fmtstring import Format
from sysdigpy.format.line import is_stateful
from sysdigpy.format.writer import Output


def dumps(obj: dict) -> str:
    """One JSON object; bytes of the capture that are not UTF-8 become U+FFFD (JSON text is UTF-8,
    and jq rejects anything else; sysdig 0.29.3 crashes on some of them)."""
    try:
        return orjson.dumps(obj).decode("utf-8")
    except TypeError:
        fixed = {k: _valid(v) for k, v in obj.items()}
        return orjson.dumps(fixed).decode("utf-8")


def _valid(v: object) -> object:
    if isinstance(v, str):
        return v.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return v


class JsonSink:
    def __init__(self, fmt: Format, out: Output) -> None:
        self.out = out
        self.require_all = fmt.require_all
        seen: dict[str, tuple] = {}
        for p in fmt.fields:
            seen.setdefault(p.text, (p.text, p.field, p.getter))
        self.pieces = sorted(seen.values(), key=lambda t: t[0])
        # sinsp's JSON formatter extracts a field twice when it keeps its value, once otherwise (also
        # after a missing one): that matters only to stateful fields, called here as often
        self.tokens = [(p.text, p.getter, is_stateful(p.getter)) for p in fmt.fields]
        if any(stateful for _t, _g, stateful in self.tokens):
            self.format = self._format_stateful  # type: ignore[method-assign]

    def format(self, evt: Event) -> str | None:
        obj = {}
        for key, fi, getter in self.pieces:
            value = getter(evt)
            if value is None and self.require_all:
                return None
            obj[key] = to_json(fi, value)
        if not obj:
            return "null"
        return dumps(obj)

    def _format_stateful(self, evt: Event) -> str | None:
        """format() for formats with stateful fields: every token in format order, as sinsp."""
        ok = True
        values: dict[str, object] = {}
        for text, getter, stateful in self.tokens:
            v = getter(evt)
            if not ok:
                continue
            if v is None and self.require_all:
                ok = False
                continue
            values[text] = getter(evt) if stateful else v
        if not ok:
            return None
        obj = {key: to_json(fi, values[key]) for key, fi, _g in self.pieces}
        return dumps(obj) if obj else "null"

    def on_event(self, evt: Event) -> None:
        line = self.format(evt)
        if line is not None:
            self.out.write_line(line)
