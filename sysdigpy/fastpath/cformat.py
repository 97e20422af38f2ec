"""-p formats the C engine prints itself: the compiled format as a program for format.c.

Only formats whose every field is one of a few plain fields (no argument) are translated;
for any other, :func:`program` returns None and the run stays in Python.
"""

from __future__ import annotations

import struct

from sysdigpy.fields.context import FieldContext
from sysdigpy.format.fmtstring import compile_format
from sysdigpy.format.fmtstring import unescape

FIELDS = {
    "evt.num": 1, "evt.outputtime": 2, "evt.time": 2, "evt.cpu": 3, "evt.dir": 4, "evt.type": 5, "evt.info": 6,
    "evt.args": 7, "proc.name": 8, "proc.pid": 9, "thread.tid": 10, "fd.name": 11, "fd.type": 12, "fd.num": 13,
}  # fmt: skip


def program(print_format: str, ctx: FieldContext) -> bytes | None:
    """The format.c program of a -p format (evt.outputtime as -t h prints it), or None."""
    if ctx.json or ctx.time_mode != "h":
        return None
    try:
        fmt = compile_format(unescape(print_format), ctx)
    except Exception:  # noqa: BLE001 - an invalid format: the Python path reports it
        return None
    out = [struct.pack("<II", int(fmt.require_all), len(fmt.pieces))]
    for p in fmt.pieces:
        if p.field is None:
            out.append(struct.pack("<III", 0, 0, 0) + _text(p.text))
            continue
        field = FIELDS.get(p.field.name)
        if field is None or p.text != p.field.name:
            return None
        out.append(struct.pack("<III", 1, field, p.width) + _text(""))
    return b"".join(out)


def _text(s: str) -> bytes:
    b = s.encode("utf-8", "surrogateescape")
    return struct.pack("<I", len(b)) + b + b"\0" * (-len(b) % 4)
