"""The sysdigpy command: parse options, assemble the pipeline, run it.

Nothing here decodes or formats events: it only chooses sources, sinks and
filters and reports errors as one line with a documented exit status.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import TYPE_CHECKING

import click

from sysdigpy import __version__
from sysdigpy.cliargs import Extracted
from sysdigpy.cliargs import extract_chisels
from sysdigpy.errors import ExitStatus
from sysdigpy.errors import OutputClosed
from sysdigpy.errors import SysdigpyError
from sysdigpy.errors import UsageError
from sysdigpy.events import render
from sysdigpy.fields.context import FieldContext
from sysdigpy.format import fmtstring
from sysdigpy.format.line import LineSink
from sysdigpy.format.progress import Progress
from sysdigpy.format.writer import Output
from sysdigpy.pipeline import Pipeline
from sysdigpy.pipeline import RunOptions

if TYPE_CHECKING:
    from sysdigpy.live import LiveSource

EPILOG = """\b
Examples:
  sysdigpy -r trace.scap                          print every event of a capture
  sysdigpy -r trace.scap evt.type=open            only open events
  sysdigpy -r trace.scap -p '%proc.name %fd.name' "fd.type=file and evt.is_io=true"
  sysdigpy -r trace.scap -j | jq .                one JSON object per line
  sysdigpy -w out.scap                            record live events (root)
  sysdigpy -r trace.scap -c topfiles_bytes        run a chisel
"""

BUFFER_FLAGS = {"ascii": render.EOLS, "hex": render.HEX, "hexascii": render.HEXASCII, "base64": render.BASE64}


@click.command(context_settings={"help_option_names": ["-h", "--help"], "ignore_unknown_options": False},
               epilog=EPILOG)
@click.argument("filter_words", nargs=-1)
@click.option("-r", "--readfile", "readfiles", multiple=True, metavar="FILE", type=click.Path(dir_okay=False),
              help="Read events from a capture file.")
@click.option("-p", "--print", "print_format", metavar="FORMAT", help="Print events with this format.")
@click.option("-j", "--json", "json_out", is_flag=True, help="One JSON object per event.")
@click.option("-A", "--print-ascii", "buffmt", flag_value="ascii", help="Buffers as text only.")
@click.option("-x", "--print-hex", "buffmt", flag_value="hex", help="Buffers as hex.")
@click.option("-X", "--print-hex-ascii", "buffmt", flag_value="hexascii", help="Buffers as hex and text.")
@click.option("-b", "--print-base64", "buffmt", flag_value="base64", help="Buffers as base64.")
@click.option("-D", "--debug", is_flag=True, help="Show internal events (procinfo, ...).")
@click.option("-n", "--numevents", type=int, default=0, metavar="N", help="Stop after N events.")
@click.option("-M", "max_secs", type=float, default=0, metavar="SECS", help="Stop after SECS seconds of event time.")
@click.option("-t", "--timetype", type=click.Choice(list("hardD")), default="h",
              help="Time column: h human, a absolute, r relative, d syscall latency, D delta.")
@click.option("-v", "--verbose", is_flag=True, help="No 80-character cut of buffers; counters on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Print no events.")
@click.option("-S", "--summary", is_flag=True, help="Print a table of event counts at the end.")
@click.option("-R", "--resolve-ports", is_flag=True, help="Show port names.")
@click.option("--unbuffered", is_flag=True, help="Flush after every line.")
@click.option("-w", "--writefile", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write the events to a capture file (implies -q).")
@click.option("-z", "--compress", is_flag=True, help="With -w: gzip the capture.")
@click.option("-F", "--fatfile", is_flag=True, help="With -w: keep filtered-out state changes, hidden.")
@click.option("-C", "--file-size", "file_size", type=int, default=0, metavar="MB",
              help="With -w: start a new file every MB megabytes.")
@click.option("-G", "--seconds", "seconds", type=int, default=0, metavar="N",
              help="With -w: a new file every N seconds.")
@click.option("-W", "--limit", "limit", type=int, default=0, metavar="N", help="With -C/-G/-e: keep a ring of N files.")
@click.option("-e", "--event-limit", "event_limit", type=int, default=0, metavar="N",
              help="With -w: a new file every N events.")
@click.option("-s", "--snaplen", type=click.IntRange(0, 16383), default=80, metavar="LEN",
              help="Live: capture the first LEN bytes of each I/O buffer (default 80).")
@click.option("--dump-probe", is_flag=True, help="Print the C of the live probe, with its settings, and exit.")
@click.option("-P", "--progress", "show_progress", is_flag=True,
              help="Print the read progress on stderr (on by default with -r and -w).")
@click.option("-i", "--chisel-info", "chisel_info", metavar="NAME", help="Describe a chisel and its arguments.")
@click.option("-L", "--list-events", is_flag=True, help="List the events sysdigpy knows.")
@click.option("-l", "--list", "list_fields", is_flag=True, help="List the fields of filters and -p (-lv: with types).")
@click.option("--list-markdown", is_flag=True, help="List the fields as Markdown.")
@click.option("--version", is_flag=True, help="Print the version.")
def command(filter_words: tuple[str, ...], readfiles: tuple[str, ...], print_format: str | None, json_out: bool,
            buffmt: str | None, debug: bool, numevents: int, max_secs: float, timetype: str, verbose: bool,
            quiet: bool, summary: bool, resolve_ports: bool, unbuffered: bool, writefile: str | None,
            compress: bool, fatfile: bool, file_size: int, seconds: int, limit: int, event_limit: int,
            snaplen: int, dump_probe: bool, show_progress: bool, chisel_info: str | None, list_events: bool,
            list_fields: bool,
            list_markdown: bool,
            version: bool) -> None:
    """sysdigpy: see system calls, live or from a capture file (sysdig in Python)."""
    extracted: Extracted = click.get_current_context().obj or Extracted(argv=[])
    out = Output(unbuffered=True if unbuffered else None)
    if extracted.list_chisels or chisel_info:
        from sysdigpy.chisels import manager

        lines = manager.list_chisels() if extracted.list_chisels else manager.chisel_info(chisel_info or "")
        for line in lines:
            out.write_line(line)
        out.flush()
        return
    if version:
        out.write_line(f"sysdigpy version {__version__}")
        out.flush()
        return
    listing = _listing(list_events, list_fields, list_markdown, verbose, print_format)
    if listing is not None:
        for line in listing:
            out.write_line(line)
        out.flush()
        return
    if dump_probe:
        from sysdigpy.probe.bpf import ProbeConfig
        from sysdigpy.probe.bpf import dump_probe as probe_text

        out.write_raw(probe_text(ProbeConfig(snaplen=snaplen)))
        out.flush()
        return
    if numevents < 0:
        raise UsageError("can't parse the -n argument, make sure it's a number")
    bufmt = BUFFER_FLAGS.get(buffmt or "", render.NORMAL)
    chisels = extracted.chisels
    ctx = FieldContext(time_mode=timetype, bufmt=bufmt, json=json_out, resolve_ports=resolve_ports)
    no_cut = verbose or json_out or bufmt != render.NORMAL or bool(chisels)
    ctx.renderer = render.Renderer(None, render.JSON_FORMATS[bufmt] if json_out else bufmt,
                                   0 if no_cut else 80, resolve_ports)
    pipeline = Pipeline(ctx, RunOptions(show_internal=debug, numevents=numevents, max_secs=max_secs, quiet=quiet))
    filter_text = " ".join(filter_words)
    if filter_text:
        from sysdigpy.filter.compiler import compile_filter

        pipeline.predicate = compile_filter(filter_text, ctx)
    capture = None
    if writefile:
        from sysdigpy.format.capture import CaptureSink
        from sysdigpy.format.capture import open_writer

        capture = CaptureSink(open_writer(writefile, compress=compress, file_size_mb=file_size, seconds=seconds,
                                          limit=limit, events=event_limit), fatfile)
        pipeline.observers.append(capture)
        pipeline.rejected.append(_Rejected(capture))
        pipeline.unnumbered.append(capture)
        pipeline.on_section.append(capture.on_section)
        quiet = True
    chisel_manager = None
    if chisels:
        from sysdigpy.chisels.base import Output as ChiselOutput
        from sysdigpy.chisels.manager import ChiselManager
        from sysdigpy.chisels.session import Session

        session = Session(tuple(readfiles), filter_text, print_format in ("c", "container"), out.unbuffered)
        chisel_manager = ChiselManager(ctx, ChiselOutput(out.stream), session=session)
        for name, word in chisels:
            chisel_manager.load(name, word)
        pipeline.observers.append(chisel_manager)
        quiet = True
    if not quiet:
        pipeline.sinks.append(_event_sink(print_format, json_out, ctx, out))
    summary_sink = None
    if summary:
        from sysdigpy.format.summary import SummarySink

        summary_sink = SummarySink()
        pipeline.observers.append(summary_sink)
    live = None
    if not readfiles:
        live = _open_live(filter_text, snaplen, verbose)
    bulk = (live is not None and capture is not None and not filter_text and not chisels and not summary
            and not numevents and not max_secs and not (file_size or seconds or event_limit))
    copy_masks = None
    if capture is not None and len(readfiles) == 1 and not (fatfile or chisels or summary or numevents or max_secs
                                                            or file_size or seconds or event_limit):
        copy_masks = _copy_masks(filter_text)
    progress = _progress(pipeline, bool(readfiles) and (show_progress or capture is not None))
    start = time.monotonic()
    try:
        if copy_masks is not None and capture is not None:
            from sysdigpy.probe.scapblocks import copy_events

            pipeline.stats.events = copy_events(readfiles[0], capture.writer, *copy_masks)
        elif live is None:
            _run_files(pipeline, readfiles, progress)
        elif bulk and capture is not None:
            pipeline.stats.events = live.record(capture.writer)  # -w, no filter: blocks in bulk
        else:
            pipeline.run(live)
    finally:
        if live is not None:
            live.close()
        if progress is not None:
            progress.finish()
        if chisel_manager is not None:
            out.flush()
            chisel_manager.finish()
        if capture is not None:
            capture.close()
        if summary_sink is not None:
            for line in summary_sink.lines():
                out.write_line(line)
        if out.isatty and not quiet and not print_format and not json_out:
            out.write_raw("\x1b[00m")  # sysdig resets the colours after the last line
        out.flush()
        if verbose:
            _print_counters(pipeline, time.monotonic() - start, live.stats() if live is not None else None)


def _listing(events: bool, fields: bool, markdown: bool, verbose: bool, print_format: str | None) -> list[str] | None:
    """What -L, -l, -lv, --list-markdown and -pp print instead of events."""
    if events:
        from sysdigpy.events.listing import list_events

        return list_events()
    if fields or markdown:
        from sysdigpy.fields import listing

        return listing.list_markdown() if markdown else listing.list_fields(verbose)
    if print_format == "p":
        return [fmtstring.DEFAULT_FORMAT]
    return None


class _Rejected:
    """Hands the events the filter rejected to the capture sink."""

    def __init__(self, capture: object) -> None:
        self.capture = capture

    def on_event(self, evt: object) -> None:
        self.capture.on_rejected(evt)  # type: ignore[attr-defined]


def _event_sink(print_format: str | None, json_out: bool, ctx: FieldContext, out: Output) -> LineSink:
    fmt_text = fmtstring.TTY_FORMAT if out.isatty and not json_out else fmtstring.DEFAULT_FORMAT
    if print_format in ("c", "container"):
        fmt_text = fmtstring.CONTAINER_FORMAT
    elif print_format:
        fmt_text = fmtstring.unescape(print_format)
    fmt = fmtstring.compile_format(fmt_text, ctx)
    if json_out:
        from sysdigpy.format.jsonl import JsonSink

        return JsonSink(fmt, out)  # type: ignore[return-value]
    return LineSink(fmt, out)


def _run_files(pipeline: Pipeline, readfiles: tuple[str, ...], progress: Progress | None = None) -> None:
    from sysdigpy.probe.scapfile import CaptureReader

    for path in readfiles:
        reader = CaptureReader(path)
        if progress is not None:
            progress.position = reader.progress
        if not pipeline.run(reader):
            break


def _progress(pipeline: Pipeline, wanted: bool) -> Progress | None:
    """-P: the progress line sees every event read, whether the filter keeps it or not."""
    if not wanted:
        return None
    progress = Progress(lambda: 0.0)
    pipeline.observers.append(progress)
    pipeline.rejected.append(progress)
    return progress


def _copy_masks(filter_text: str) -> tuple[bytes, bytes] | None:
    """-r IN -w OUT needs no decoding when the filter (if any) only looks at event ids."""
    if filter_text:
        from sysdigpy.filter.codes import keep_mask

        return keep_mask(filter_text)
    from sysdigpy.probe.scapblocks import KEEP_ALL
    from sysdigpy.probe.scapblocks import NO_SYSCALLS

    return KEEP_ALL, NO_SYSCALLS


def _open_live(filter_text: str, snaplen: int, verbose: bool) -> LiveSource:
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


def _print_counters(pipeline: Pipeline, elapsed: float, live: dict[str, int] | None = None) -> None:
    n = pipeline.stats.events
    eps = n / elapsed if elapsed > 0 else 0.0
    seen, drops = (live["events"], live["drops"]) if live is not None else (0, 0)
    sys.stderr.write(f"Driver Events:{seen}\nDriver Drops:{drops}\nSuppressed by Comm:0\n"
                     f"Elapsed time: {elapsed:.3f}, Captured Events: {n}, {eps:.2f} eps\n")


def _chisel_takes_arg(name: str, next_word: str | None, rest: list[str]) -> bool:
    """sysdig's rule for the word after ``-c NAME`` (sysdig-reference §5.2)."""
    from sysdigpy.chisels.manager import decide_takes_arg
    from sysdigpy.chisels.manager import find

    try:
        cls = find(name)
    except SysdigpyError:
        return False  # reported when the chisel is loaded
    return decide_takes_arg(cls, next_word, _compiles_as_filter([w for w in [next_word, *rest] if w]))


def _compiles_as_filter(words: list[str]) -> bool:
    if not words:
        return False
    from sysdigpy.filter.compiler import compile_filter

    try:
        compile_filter(" ".join(words), FieldContext())
    except SysdigpyError:
        return False
    return True


def _quiet_after_closed_pipe() -> None:
    """The reader went away (``| head``): nothing more to write, and no complaint at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _terminate(_signum: int, _frame: object) -> None:
    """SIGTERM ends a run like Ctrl-C: sinks close (a -w file is complete), then exit."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one-line errors, documented exit statuses, quiet on a closed pipe."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        extracted = extract_chisels(list(sys.argv[1:] if argv is None else argv), _chisel_takes_arg)
        command.main(args=extracted.argv, prog_name="sysdigpy", standalone_mode=False, obj=extracted)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        sys.stderr.write(f"sysdigpy: {exc.format_message()}\n")
        sys.exit(ExitStatus.USAGE)
    except click.exceptions.Abort:
        sys.exit(ExitStatus.INTERRUPTED)
    except OutputClosed:
        _quiet_after_closed_pipe()
        sys.exit(ExitStatus.OK)
    except SysdigpyError as exc:
        sys.stdout.flush()
        sys.stderr.write(f"{exc}\n")
        sys.exit(exc.status)
    except KeyboardInterrupt:
        sys.exit(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        _quiet_after_closed_pipe()
        sys.exit(ExitStatus.OK)
