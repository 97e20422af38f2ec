"""Saving the events around chosen events to a capture file: around, spy_logs and spy_syslog.

The three Lua chisels remember ``(timestamp, thread id)`` of each event they report and at the
end run ``sysdig -F -r SOURCE -wFILE (evt.around[TS]=MS and thread.tid=TID) or ...``: the events of
the same thread within ``MS`` milliseconds of a reported one, with -F semantics (other state
changes kept, hidden).  With nothing reported the command has no filter and copies the whole
capture.  :class:`AroundDump` does the same without building the filter text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselError
from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext

MS = 1_000_000

Bind = Callable[[FieldContext], Callable[[Event], bool]]


class AroundDump:
    """The reported events of one chisel and the file their neighbourhoods are saved to."""

    def __init__(self, chisel: Chisel, path: str, range_ms: str = "1000") -> None:
        self.chisel_name = chisel.name
        self.path = path
        self.range_ns = range_ns(chisel.name, range_ms)
        self.source = chisel.session.source_name
        self.chisel = chisel
        self.entries: dict[int, list[int]] = {}
        self.count = 0

    def refuse_live(self, chisel: Chisel, message: str) -> None:
        """What the Lua chisels' on_capture_start does on a live capture: print, then fail."""
        if not self.source:
            chisel.out.line(message)
            chisel.out.flush()
            raise ChiselError(f"init() for chisel {self.chisel_name} failed.")

    def add(self, ts: int, tid: object) -> None:
        """Remember one reported event (a thread id that is not a number selects nothing)."""
        self.count += 1
        if isinstance(tid, int):
            self.entries.setdefault(tid, []).append(ts)

    def save(self) -> None:
        save_events(self.source, self.path, self.predicate() if self.count else None, self.chisel_name)
        if self.chisel.session.is_tty:  # the nested sysdig run ends with its own colour reset
            self.chisel.out.write("\x1b[00m")

    def predicate(self) -> Bind:
        entries = {tid: sorted(times) for tid, times in self.entries.items()}
        span = self.range_ns

        def bind(ctx: FieldContext) -> Callable[[Event], bool]:
            from sysdigpy.fields import registry

            fi, arg, _ = registry.lookup("thread.tid")
            tid_of = fi.bind(ctx, arg)
            return lambda e: near(entries.get(_as_int(tid_of(e)), []), e.ts, span)

        return bind


def range_ns(chisel: str, text: str) -> int:
    try:
        return int(text, 10) * MS
    except ValueError:
        raise ChiselError(f"chisel {chisel}: dump_range_ms must be an integer, not {text!r}") from None


def _as_int(v: object) -> int:
    return v if isinstance(v, int) else -1


def near(times: list[int], ts: int, span: int) -> bool:
    """evt.around[T]=D for one of the sorted times T: T lies in [ts - D, ts + D]."""
    i = bisect.bisect_left(times, ts - span)
    return i < len(times) and times[i] <= ts + span


def save_events(source: str, path: str, bind: Bind | None, chisel: str = "around") -> None:
    """sysdig -F -r SOURCE -w PATH [filter]: matches kept, other state changes kept hidden.

    Like that command, it shows the read progress on stderr (-r with -w turns -P on).
    """
    from sysdigpy.events.render import Renderer
    from sysdigpy.format.capture import CaptureSink
    from sysdigpy.format.progress import Progress
    from sysdigpy.pipeline import Pipeline
    from sysdigpy.pipeline import RunOptions
    from sysdigpy.probe.scapfile import CaptureReader
    from sysdigpy.probe.scapwriter import ScapWriter

    if not source:
        raise ChiselError(f"chisel {chisel}: no capture file to read the events from")
    ctx = FieldContext()
    ctx.renderer = Renderer(None)
    sink = CaptureSink(ScapWriter(path), fatfile=True)
    reader = CaptureReader(source)
    progress = Progress(reader.progress)
    pipeline = Pipeline(ctx, RunOptions(quiet=True), observers=[sink, progress],
                        rejected=[_Rejected(sink), progress], unnumbered=[sink], on_section=[sink.on_section])
    pipeline.predicate = bind(ctx) if bind is not None else None
    try:
        pipeline.run(reader)
    finally:
        progress.finish()
        sink.close()


class _Rejected:
    def __init__(self, sink: object) -> None:
        self.sink = sink

    def on_event(self, evt: Event) -> None:
        self.sink.on_rejected(evt)  # type: ignore[attr-defined]
