"""One run of sysdigpy: the pipeline the options ask for, driven from its source to its sinks.

``cli.py`` turns the command line into a :class:`Config`; :class:`Job` assembles the
pipeline from it (filter, text or JSON sink, -w writer, chisels, -S, -P), picks the
source (capture files, the live probe, or a bulk copy that needs no decoding) and
closes everything in order, whatever happens.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sysdigpy.errors import ExitStatus
from sysdigpy.errors import SysdigpyError
from sysdigpy.events import render
from sysdigpy.fields.context import FieldContext
from sysdigpy.format import fmtstring
from sysdigpy.format.line import LineSink
from sysdigpy.format.progress import Progress
from sysdigpy.format.progress import print_counters
from sysdigpy.format.writer import Output
from sysdigpy.pipeline import Pipeline
from sysdigpy.pipeline import RunOptions
from sysdigpy.runconfig import Config

if TYPE_CHECKING:
    from sysdigpy.chisels.manager import ChiselManager
    from sysdigpy.format.capture import CaptureSink
    from sysdigpy.format.jsonl import JsonSink
    from sysdigpy.format.summary import SummarySink
    from sysdigpy.live import LiveSource


class Job:
    def __init__(self, cfg: Config, out: Output) -> None:
        self.cfg = cfg
        self.out = out
        self.ctx = _context(cfg)
        self.pipeline = Pipeline(self.ctx, RunOptions(show_internal=cfg.debug, numevents=cfg.numevents,
                                                      max_secs=cfg.max_secs, quiet=cfg.quiet))
        if cfg.filter_text:
            from sysdigpy.filter.compiler import compile_filter

            self.pipeline.predicate = compile_filter(cfg.filter_text, self.ctx)
        self.capture = self._writer()
        self.chisels = self._chisels()
        if not (cfg.quiet or self.capture or self.chisels):
            self.pipeline.sinks.append(event_sink(cfg.print_format, cfg.json_out, self.ctx, out))
        self.summary = self._summary()
        self.progress = self._progress()
        self.live: LiveSource | None = None

    # ---- assembly ---------------------------------------------------------------------------
    def _writer(self) -> CaptureSink | None:
        cfg = self.cfg
        if not cfg.writefile:
            return None
        from sysdigpy.format.capture import CaptureSink
        from sysdigpy.format.capture import open_writer
        from sysdigpy.format.proclist import proclist_filter

        capture = CaptureSink(open_writer(cfg.writefile, compress=cfg.compress, file_size_mb=cfg.file_size,
                                          seconds=cfg.seconds, limit=cfg.limit, events=cfg.event_limit),
                              cfg.fatfile, proclist_filter(cfg.filter_proclist, self.pipeline.predicate, self.ctx))
        p = self.pipeline
        p.observers.append(capture)
        p.rejected.append(capture.rejected)
        p.unnumbered.append(capture)
        p.on_section.append(capture.on_section)
        return capture

    def _chisels(self) -> ChiselManager | None:
        cfg = self.cfg
        if not cfg.chisels:
            return None
        from sysdigpy.chisels.base import Output as ChiselOutput
        from sysdigpy.chisels.manager import ChiselManager
        from sysdigpy.chisels.session import Session

        session = Session(cfg.readfiles, cfg.filter_text, cfg.print_format in ("c", "container"),
                          self.out.unbuffered)
        manager = ChiselManager(self.ctx, ChiselOutput(self.out.stream), session=session)
        for name, word in cfg.chisels:
            manager.load(name, word)
        self.pipeline.observers.append(manager)
        return manager

    def _summary(self) -> SummarySink | None:
        if not self.cfg.summary:
            return None
        from sysdigpy.format.summary import SummarySink

        sink = SummarySink()
        self.pipeline.observers.append(sink)
        return sink

    def _progress(self) -> Progress | None:
        """-P (on by default with -r and -w): sees every event read, kept by the filter or not."""
        cfg = self.cfg
        if not cfg.readfiles or not (cfg.progress or cfg.writefile):
            return None
        progress = Progress(lambda: 0.0)
        self.pipeline.observers.append(progress)
        self.pipeline.rejected.append(progress)
        return progress

    # ---- running ----------------------------------------------------------------------------
    def run(self) -> None:
        gc.freeze()  # what start-up made lives as long as the run: no collection needs to walk it
        gc.enable()  # (sysdigpy.launch holds the collector back while the run is set up)
        if not self.cfg.readfiles:
            self.live = open_live_source(self.cfg.filter_text, self.cfg.snaplen, self.cfg.verbose)
        start = time.monotonic()
        try:
            self._drive()
        finally:
            self._finish(time.monotonic() - start)

    def _drive(self) -> None:
        cfg, p = self.cfg, self.pipeline
        if self.live is None:
            self._run_files()
        elif self.capture is not None and not (cfg.filter_text or cfg.counting):
            # live -w, no filter: blocks in bulk, every one of them kept
            p.stats.events = p.stats.returned = self.live.record(self.capture.writer)
        else:
            p.run(self.live)

    def _run_files(self) -> None:
        from sysdigpy.probe.scapfile import CaptureReader

        if self._count_by_id():
            return
        from sysdigpy.fastpath import run as fastpath

        if fastpath.run(self):
            return

        for path in self.cfg.readfiles:
            reader = CaptureReader(path)
            if self.progress is not None:
                self.progress.position = reader.progress
            if not self.pipeline.run(reader):
                break

    def _count_by_id(self) -> bool:
        """Runs that look at nothing but event ids (-q alone; chisels counting evt.type under filters on
        ids) count the events by id without decoding them (probe/tally.py); False when the run needs more."""
        cfg, p = self.cfg, self.pipeline
        keep = _id_test(cfg.filter_text)
        if cfg.numevents or cfg.max_secs or keep is None or p.sinks or p.rejected or p.unnumbered:
            return False
        if cfg.debug and cfg.filter_text:  # -D: internal events pass any filter (Pipeline.run)
            return False
        chisels = self.chisels
        if p.observers != ([chisels] if chisels is not None else []):
            return False
        if chisels is not None and not chisels.tally_ready():
            return False
        from sysdigpy.probe.tally import Tally
        from sysdigpy.probe.tally import count_capture
        from sysdigpy.probe.tally import walk_c

        tally, walk = Tally(), walk_c()
        try:
            for path in cfg.readfiles:
                count_capture(path, tally, walk)
        finally:  # what was read before an error counts, as in the decoding path
            rows = tally.entries()
            p.stats.events = tally.numbered
            p.stats.returned = sum(r.count for r in rows if keep(r.name, r.direction))
            if chisels is not None:
                chisels.feed_tally(rows, keep)
        return True

    def _finish(self, elapsed: float) -> None:
        cfg, out = self.cfg, self.out
        if self.live is not None:
            self.live.close()
        out.flush()
        if fmtstring.resets_colours(cfg.print_format, out.isatty):
            out.hold("\x1b[00m")  # sysdig's end-of-file colour reset, left in its stdout buffer
        if self.progress is not None:
            self.progress.finish()
        if self.chisels is not None:
            self.chisels.out.flush()  # what the chisels printed per event, then the reset, then their end
            out.release()
            self.chisels.finish()
        if self.capture is not None:
            self.capture.close()
        if self.summary is not None:
            for line in self.summary.lines():
                out.write_line(line)
        out.flush()
        if cfg.verbose:
            self._counters(elapsed)

    def _counters(self, elapsed: float) -> None:
        """sysdig's "Captured Events" are those its inspector handed out: the events that passed the
        filter (-D's internal ones included), not the container events that open a capture."""
        stats = self.live.stats() if self.live else {"events": 0, "drops": 0}
        print_counters(self.pipeline.stats.returned, elapsed, stats["events"], stats["drops"])


def _id_test(filter_text: str) -> Callable[[str, str], bool] | None:
    """The filter as a test of (evt.type, evt.dir); None when it looks at more than event ids."""
    if not filter_text:
        return lambda _name, _direction: True
    from sysdigpy.filter.codes import name_test

    return name_test(filter_text)


def _context(cfg: Config) -> FieldContext:
    ctx = FieldContext(time_mode=cfg.timetype, bufmt=cfg.bufmt, json=cfg.json_out, resolve_ports=cfg.resolve_ports)
    no_cut = cfg.verbose or cfg.json_out or cfg.bufmt != render.NORMAL or bool(cfg.chisels)
    ctx.renderer = render.Renderer(None, render.JSON_FORMATS[cfg.bufmt] if cfg.json_out else cfg.bufmt,
                                   0 if no_cut else 80, cfg.resolve_ports)
    return ctx


def event_sink(print_format: str | None, json_out: bool, ctx: FieldContext, out: Output) -> LineSink | JsonSink:
    """The default line (coloured on a terminal, as sysdig), -pc, a -p format, or -j."""
    fmt_text = fmtstring.TTY_FORMAT if out.isatty else fmtstring.DEFAULT_FORMAT  # -j too: its keys
    if print_format in ("c", "container"):
        fmt_text = fmtstring.CONTAINER_FORMAT
    elif print_format:
        fmt_text = fmtstring.unescape(print_format)
    fmt = fmtstring.compile_format(fmt_text, ctx)
    if json_out:
        from sysdigpy.format.jsonl import JsonSink

        return JsonSink(fmt, out)
    return LineSink(fmt, out)


def open_live_source(filter_text: str, snaplen: int, verbose: bool) -> LiveSource:
    """Load the probe (with the filter's kernel-side part) and snapshot /proc; probe errors as one line."""
    from sysdigpy.live import open_live
    from sysdigpy.live import pushdown_of
    from sysdigpy.probe import errors as perr

    statuses = {perr.NotPrivilegedError: ExitStatus.NO_PERMISSION, perr.BccMissingError: ExitStatus.NO_BCC,
                perr.KernelHeadersError: ExitStatus.NO_HEADERS}
    try:
        return open_live(snaplen=snaplen, pushdown=pushdown_of(filter_text) if filter_text else None,
                         verbose=verbose)
    except perr.ProbeError as exc:
        err = SysdigpyError(f"sysdigpy: {exc}")
        err.status = statuses.get(type(exc), ExitStatus.PROBE_FAILED)
        raise err from None
