"""Running a capture through the C engine, with the Python engine taking over where it declines.

A job qualifies when it reads one capture and prints the default line, the default ``-j``
object or a -p format cformat.py translates (optionally with -v, and a filter cfilter.py
translates), with nothing else looking at the events, or when its only consumer is a table
chisel the C engine can sum (``run_chisel``).  The C engine then reads, tracks state, filters and prints.  If it
declines an event, every event before it has been printed; the Python pipeline reads the
capture again from the start, prints nothing up to that event, and carries on from there,
so the output is the Python engine's byte for byte either way.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from sysdigpy.events.event import Event
from sysdigpy.events.render import NORMAL
from sysdigpy.fastpath import engine as E
from sysdigpy.fastpath.cfilter import program
from sysdigpy.pipeline import RunStats
from sysdigpy.pipeline import Sink
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.scapfile import CaptureReader
from sysdigpy.state.parsers import State

if TYPE_CHECKING:
    from sysdigpy.format.writer import Output
    from sysdigpy.job import Job
    from sysdigpy.probe.scapfile import _Input


def _common(job: Job) -> bool:
    """What every job the C engine runs needs: one capture, no -n/-M/-D, no -w copy, the engine built."""
    cfg, p = job.cfg, job.pipeline
    return (len(cfg.readfiles) == 1 and not (cfg.numevents or cfg.max_secs or cfg.debug)
            and not (p.rejected or p.unnumbered or p.on_section) and E.enabled())


def plan(job: Job) -> tuple[int, bytes | None, bytes | None] | None:
    """(output mode, filter program, -p format program) when the C engine can run this job, else None."""
    cfg, p, ctx, out = job.cfg, job.pipeline, job.ctx, job.out
    if len(p.sinks) != 1 or p.observers or not _common(job):
        return None
    if ctx.time_mode != "h" or ctx.bufmt != NORMAL or ctx.resolve_ports or out.isatty or out.unbuffered:
        return None
    fmt = None
    if cfg.print_format:
        if cfg.json_out or cfg.print_format in ("c", "container"):
            return None
        from sysdigpy.fastpath.cformat import program as format_program

        fmt = format_program(cfg.print_format, ctx)
        if fmt is None:
            return None
    prog = None
    if cfg.filter_text:
        prog = program(cfg.filter_text)
        if prog is None:
            return None
    return (E.OUT_JSON if cfg.json_out else E.OUT_LINE), prog, fmt


def chisel_plan(job: Job) -> tuple[bytes | None, bytes] | None:
    """(filter program, chisel filter program) when the job is one table chisel the C engine sums:
    keyed by fd.name, valued by evt.rawarg.res (topfiles_bytes)."""
    cfg, p, chisels = job.cfg, job.pipeline, job.chisels
    if chisels is None or p.sinks or p.observers != [chisels] or len(chisels.running) != 1 or not _common(job):
        return None
    from sysdigpy.chisels.table import TableChisel

    ch = chisels.running[0].chisel
    if not isinstance(ch, TableChisel) or ch.key_fields() != ["fd.name"] or ch.value != "evt.rawarg.res":
        return None
    if ch.interval_ns or ch.formatter is not None or job.ctx.resolve_ports:
        return None
    prog = program(cfg.filter_text) if cfg.filter_text else None
    chisel_prog = program(ch.filter_in_use) if ch.filter_in_use else b""
    if (cfg.filter_text and prog is None) or chisel_prog is None:
        return None
    return prog, chisel_prog


def run_chisel(job: Job) -> bool:
    """Run a table chisel the C engine can sum (True), or leave it to the Python pipeline (False)."""
    how = chisel_plan(job)
    if how is None:
        return False
    prog, chisel_prog = how
    engine = E.Engine(E.OUT_NONE, job.ctx.tz_offset, job.ctx.renderer.max_len)
    if (prog is not None and not engine.set_filter(prog)) or not engine.aggregate(chisel_prog):
        return False
    path = job.cfg.readfiles[0]
    manager = job.chisels
    assert manager is not None
    try:
        _drive(engine, path, job.out)
    except E.Declined as d:
        if E.debug():
            print(f"sysdigpy: fast path: {d}", file=sys.stderr)
        job.pipeline.run(CaptureReader(path))
        return True
    except Exception:  # what was read before an error counts, as in the decoding path
        _hand_over(job, engine)
        raise
    _hand_over(job, engine)
    stats = job.pipeline.stats
    stats.events, stats.returned = engine.numbered, engine.returned
    return True


def _hand_over(job: Job, engine: E.Engine) -> None:
    """Give the chisel what ChiselManager.on_event would have given it, event by event."""
    manager = job.chisels
    assert manager is not None
    rows, span = engine.table()
    if span is None:
        return
    manager.first_ts, manager.last_ts = span
    r = manager.running[0]
    manager._call(r, "on_capture_start")  # noqa: SLF001 - the manager's own error handling
    r.chisel.table.update(rows)  # type: ignore[attr-defined]


def run(job: Job) -> bool:
    """Run the job in the C engine (True), or leave it to the Python pipeline (False)."""
    if job.chisels is not None:
        return run_chisel(job)
    how = plan(job)
    if how is None:
        return False
    mode, prog, fmt = how
    engine = E.Engine(mode, job.ctx.tz_offset, job.ctx.renderer.max_len)
    if prog is not None and not engine.set_filter(prog):
        return False
    if fmt is not None and not engine.set_format(fmt):
        return False
    path = job.cfg.readfiles[0]
    try:
        _drive(engine, path, job.out)
    except E.Declined as d:
        job.out.write_bytes(engine.take_output())
        if E.debug():
            print(f"sysdigpy: fast path: {d}", file=sys.stderr)
        _replay(job, path, d.handled)
        return True
    finally:
        job.out.write_bytes(engine.take_output())
    stats = job.pipeline.stats
    stats.events, stats.returned, stats.shown = engine.numbered, engine.returned, engine.shown
    return True


def _drive(engine: E.Engine, path: str, out: Output) -> None:
    def bulk(inp: _Input) -> None:
        where = inp.file_position()
        if where is not None:  # a plain file: the C engine maps it and reads on by itself
            reached = where[1]
            for reached in engine.feed_file(*where):  # noqa: B007 - the last one is where Python resumes
                out.write_bytes(engine.take_output())
            if reached != where[1]:
                inp.resume_at(reached)
                return
        # compressed, or not a file it can map: the blocks Python read
        inp.pos = engine.feed_blocks(inp.buf, inp.pos)
        if engine.pending() > E.OUT_FLUSH:
            out.write_bytes(engine.take_output())

    for item in CaptureReader(path, bulk):
        if isinstance(item, CaptureMetadata):
            engine.section(State(item))
        else:
            engine.feed_event(item.data, item.cpu, item.flags)


class _Gate:
    """A sink that lets through only the events after those the C engine printed."""

    def __init__(self, sink: Sink, handled: int) -> None:
        self.sink = sink
        self.handled = handled

    def on_event(self, evt: Event) -> None:
        if evt.num > self.handled:
            self.sink.on_event(evt)


def _replay(job: Job, path: str, handled: int) -> None:
    p = job.pipeline
    sinks = p.sinks
    p.sinks = [_Gate(s, handled) for s in sinks]
    p.stats = RunStats()
    try:
        p.run(CaptureReader(path))
    finally:
        p.sinks = sinks
