"""The sysdigpy command: parse the options, hand them to a Job (sysdigpy/job.py).

Nothing here decodes or formats events or assembles the pipeline: it reads the command
line and reports errors as one line with a documented exit status.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys

import click

from sysdigpy import __version__
from sysdigpy.cliargs import Extracted
from sysdigpy.cliargs import extract_chisels
from sysdigpy.errors import ExitStatus
from sysdigpy.errors import OutputClosed
from sysdigpy.errors import SysdigpyError
from sysdigpy.errors import UsageError
from sysdigpy.format.writer import Output
from sysdigpy.runconfig import Config

EPILOG = """\b
Examples:
  sysdigpy -r trace.scap                          print every event of a capture
  sysdigpy -r trace.scap evt.type=open            only open events
  sysdigpy -r trace.scap -p '%proc.name %fd.name' "fd.type=file and evt.is_io=true"
  sysdigpy -r trace.scap -j | jq .                one JSON object per line
  sysdigpy -w out.scap                            record live events (root)
  sysdigpy -r trace.scap -c topfiles_bytes        run a chisel
"""

BUFFER_FLAGS = {"ascii": "ascii", "hex": "hex", "hexascii": "hexascii", "base64": "base64"}  # events.render formats


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
@click.option("--filter-proclist", is_flag=True,
              help="With -w: apply the filter to the process table too (threads and fds it does not match "
                   "are not written).")
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
            compress: bool, fatfile: bool, filter_proclist: bool, file_size: int, seconds: int, limit: int,
            event_limit: int, snaplen: int, dump_probe: bool, show_progress: bool, chisel_info: str | None,
            list_events: bool, list_fields: bool,
            list_markdown: bool,
            version: bool) -> None:
    """sysdigpy: see system calls, live or from a capture file (sysdig in Python)."""
    extracted: Extracted = click.get_current_context().obj or Extracted(argv=[])
    out = Output(unbuffered=True if unbuffered else None)
    atexit.register(out.close)  # what it holds goes out last, after any error line (C stdio's exit flush)
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
    if filter_proclist and not filter_words:
        raise UsageError("you must specify a filter if you use --filter-proclist")
    cfg = Config(readfiles=tuple(readfiles), filter_text=" ".join(filter_words), print_format=print_format,
                 json_out=json_out, bufmt=BUFFER_FLAGS.get(buffmt or "", "normal"), debug=debug,
                 numevents=numevents, max_secs=max_secs, timetype=timetype, verbose=verbose, quiet=quiet,
                 summary=summary, resolve_ports=resolve_ports, writefile=writefile, compress=compress,
                 fatfile=fatfile, filter_proclist=filter_proclist, file_size=file_size, seconds=seconds,
                 limit=limit, event_limit=event_limit, snaplen=snaplen, progress=show_progress,
                 chisels=extracted.chisels)
    from sysdigpy.copying import bulk_copy

    if bulk_copy(cfg, out):
        return
    from sysdigpy.job import Job

    Job(cfg, out).run()


def _listing(events: bool, fields: bool, markdown: bool, verbose: bool, print_format: str | None) -> list[str] | None:
    """What -L, -l, -lv, --list-markdown and -pp print instead of events."""
    if events:
        from sysdigpy.events.listing import list_events

        return list_events()
    if fields or markdown:
        from sysdigpy.fields import listing

        return listing.list_markdown() if markdown else listing.list_fields(verbose)
    if print_format == "p":
        from sysdigpy.format.fmtstring import DEFAULT_FORMAT

        return [DEFAULT_FORMAT]
    return None


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
        from sysdigpy.fields.context import FieldContext

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
