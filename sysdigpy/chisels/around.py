"""around: save the events near each filter match to a capture file (sysdig's around.lua).

The global filter is the trigger: every matching event is printed as ``TIME PROC(TID)`` and
remembered.  At the end the source is read again and the events of the same thread within
``dump_range_ms`` of a match are written with -F semantics, as sysdig's
``-F -r SRC -wFILE (evt.around[TS]=MS and thread.tid=TID) or ...`` does.  With no match sysdig
runs that command without a filter, which copies the whole capture; so does this chisel.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselError
from sysdigpy.chisels.common import Terminal
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext

MS = 1_000_000


class Around(Chisel):
    name = "around"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        self.dump_file_name = args["dump_file_name"]
        self.range_ns = _range_ns(args.get("dump_range_ms", "1000"))
        self.fpname = self.field("proc.name")
        self.ftid = self.field("thread.tid")
        self.fetime = self.field("evt.time")
        self.entries: dict[int, list[int]] = {}
        self.count = 0
        if not self.session.filter_text:
            self.out.line("no filter specified")
            self.out.flush()
            raise ChiselError(f"init() for chisel {self.name} failed.")

    def on_event(self, evt: Event) -> bool | None:
        pname = self.fpname(evt)
        tid = self.ftid(evt)
        self.out.line(f"{lua_str(self.fetime(evt))} {'<NA>' if pname is None else lua_str(pname)}({lua_str(tid)})")
        if tid is not None:
            self.entries.setdefault(int(tid), []).append(evt.ts)
            self.count += 1
        return True

    def on_capture_end(self, ts: int, delta: int) -> None:
        if self.session.is_tty:
            self.out.line(Terminal().reset)
        self.out.line(f"\nSaving events around {self.count} syslog entries to {self.dump_file_name}")
        self.out.flush()
        predicate = self.around_predicate() if self.count else None
        save_events(self.session.source_name, self.dump_file_name, predicate)

    def around_predicate(self) -> Callable[[FieldContext], Callable[[Event], bool]]:
        entries = {tid: sorted(times) for tid, times in self.entries.items()}
        span = self.range_ns

        def bind(ctx: FieldContext) -> Callable[[Event], bool]:
            from sysdigpy.fields import registry

            fi, arg, _ = registry.lookup("thread.tid")
            tid_of = fi.bind(ctx, arg)
            return lambda e: _near(entries.get(_as_int(tid_of(e)), []), e.ts, span)

        return bind


def _range_ns(text: str) -> int:
    try:
        return int(text, 10) * MS
    except ValueError:
        raise ChiselError(f"chisel around: dump_range_ms must be an integer, not {text!r}") from None


def _as_int(v: object) -> int:
    return v if isinstance(v, int) else -1


def _near(times: list[int], ts: int, span: int) -> bool:
    """evt.around[T]=D: T lies in [ts - D, ts + D]."""
    i = bisect.bisect_left(times, ts - span)
    return i < len(times) and times[i] <= ts + span


def save_events(source: str, path: str, bind: Callable[[FieldContext], Callable[[Event], bool]] | None) -> None:
    """sysdig -F -r SOURCE -w PATH [filter]: matches kept, other state changes kept hidden."""
    from sysdigpy.events.render import Renderer
    from sysdigpy.format.capture import CaptureSink
    from sysdigpy.pipeline import Pipeline
    from sysdigpy.pipeline import RunOptions
    from sysdigpy.probe.scapfile import read_capture
    from sysdigpy.probe.scapwriter import ScapWriter

    if not source:
        raise ChiselError("chisel around: no capture file to read the events from")
    ctx = FieldContext()
    ctx.renderer = Renderer(None)
    sink = CaptureSink(ScapWriter(path), fatfile=True)
    pipeline = Pipeline(ctx, RunOptions(quiet=True), observers=[sink], rejected=[_Rejected(sink)],
                        unnumbered=[sink], on_section=[sink.on_section])
    pipeline.predicate = bind(ctx) if bind is not None else None
    try:
        pipeline.run(read_capture(source))
    finally:
        sink.close()


class _Rejected:
    def __init__(self, sink: object) -> None:
        self.sink = sink

    def on_event(self, evt: Event) -> None:
        self.sink.on_rejected(evt)  # type: ignore[attr-defined]
