"""The text sink: one line per event, from a compiled format.

The format is turned once into a small Python function (one getter call per field,
one f-string for the line), so printing an event costs no per-piece dispatch.
"""

from __future__ import annotations

from collections.abc import Callable

from sysdigpy.events.event import Event
from sysdigpy.fields.values import to_text
from sysdigpy.format.fmtstring import Format
from sysdigpy.format.writer import Output

LineFn = Callable[[Event], "str | None"]


def compile_line(fmt: Format) -> LineFn:
    """Generate ``line(evt) -> str | None`` for a format (None: a required field is missing)."""
    env: dict[str, object] = {"to_text": to_text, "str": str}
    body = []
    out = []
    stateful = [k for k, p in enumerate(fmt.pieces) if p.field is not None and is_stateful(p.getter)]
    for k, p in enumerate(fmt.pieces):
        if p.field is None:
            env[f"t{k}"] = p.text
            out.append(f"{{t{k}}}")
            continue
        env[f"g{k}"], env[f"f{k}"] = p.getter, p.field
        body.append(f"    v{k} = g{k}(e)")
        # sinsp extracts every field of a line that will not print too: stateful ones must move on
        rest = "".join(f"g{j}(e); " for j in stateful if j > k)
        missing = f"{rest}return None" if fmt.require_all else f'v{k} = "<NA>"'
        body.append(f"    if v{k} is None: {missing}")
        if p.field.pf in ("PF_DEC", "PF_NA", "PF_ID"):
            body.append(f"    elif type(v{k}) is int: v{k} = str(v{k})")
        body.append(f"    elif type(v{k}) is not str: v{k} = to_text(f{k}, v{k})")
        if p.width:
            body.append(f"    v{k} = v{k}[:{p.width}].ljust({p.width})")
        out.append(f"{{v{k}}}")
    text = "".join(out).replace('"', '\\"')
    src = "def line(e):\n" + "\n".join(body + [f'    return f"{text}"']) + "\n"
    code = compile(src, "<format>", "exec")
    exec(code, env)  # noqa: S102 - source generated from our own compiled format
    return env["line"]  # type: ignore[return-value]


def is_stateful(getter: object) -> bool:
    """A getter whose value depends on how often it was called (thread.exectime, thread.cpu...)."""
    return bool(getattr(getter, "stateful", False))


class LineSink:
    """Prints each event with a -p format (or the default one)."""

    def __init__(self, fmt: Format, out: Output) -> None:
        self.out = out
        self.line = compile_line(fmt)

    def format(self, evt: Event) -> str | None:
        return self.line(evt)

    def on_event(self, evt: Event) -> None:
        line = self.line(evt)
        if line is not None:
            self.out.write_line(line)
