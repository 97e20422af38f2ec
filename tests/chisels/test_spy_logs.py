"""spy_logs and spy_syslog exporting the events around each message (dump_file_name, dump_range_ms).

Compared with sysdig 0.29.3's outputs recorded by golden/record.sh on the capture logcapture.py
builds (golden/README.md): the chisel's stdout, then the events of the file it saved.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sysdigpy.chisels.session import Session
from tests.chisels.logcapture import write_capture

GOLDEN = Path(__file__).parent / "golden"
SYSDIGPY = Path(sys.executable).parent / "sysdigpy"
SAVED_FORMAT = "*%evt.time %evt.cpu %proc.name %thread.tid %evt.dir %evt.type %fd.name %evt.rawarg.res"
# golden stem -> (chisel, chisel arguments after the file name, filter)
CASES = {"spy_logs__logs": ("spy_logs", "", ""), "spy_logs-100__logs": ("spy_logs", "100", ""),
         "spy_logs-3000__logs": ("spy_logs", "3000", ""),
         "spy_logs-500-rsyslogd__logs": ("spy_logs", "500", "proc.name=rsyslogd"),
         "spy_logs-10-nobody__logs": ("spy_logs", "10", "proc.name=nobody"),
         "spy_syslog-200__logs": ("spy_syslog", "200", "")}


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("logs") / "logs.scap"
    write_capture(path)
    return path


def run(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(SYSDIGPY), *argv], env={**os.environ, "TZ": "UTC"}, capture_output=True,
                          check=True)


def dump(capture: Path, out: Path, stem: str) -> bytes:
    chisel, dump_range, flt = CASES[stem]
    printed = run("-r", str(capture), "-c", chisel, f"{out} {dump_range}".strip(), *([flt] if flt else [])).stdout
    saved = run("-r", str(out), "-p", SAVED_FORMAT).stdout
    return printed.replace(str(out).encode(), b"OUT") + b"=== saved events\n" + saved


@pytest.mark.parametrize("stem", [s for s in CASES if s.startswith("spy_logs")])
def test_spy_logs_dump(stem: str, capture: Path, tmp_path: Path) -> None:
    assert dump(capture, tmp_path / "out.scap", stem) == (GOLDEN / f"{stem}.txt").read_bytes()


def test_spy_syslog_dump(capture: Path, tmp_path: Path) -> None:
    """What is written and saved; the message lines are left to the test below."""
    got = dump(capture, tmp_path / "out.scap", "spy_syslog-200__logs")
    want = (GOLDEN / "spy_syslog-200__logs.txt").read_bytes()
    tail = want[want.index(b"Writing events for"):]
    assert got.endswith(tail)


def test_spy_syslog_messages(capture: Path, tmp_path: Path) -> None:
    got = dump(capture, tmp_path / "out.scap", "spy_syslog-200__logs")
    assert got == (GOLDEN / "spy_syslog-200__logs.txt").read_bytes()


def test_saved_file_is_sysdigs(capture: Path, tmp_path: Path) -> None:
    """The saved file is the one sysdig 0.29.3 writes, byte for byte (when sysdig is installed)."""
    if not os.path.exists("/usr/bin/sysdig"):
        pytest.skip("sysdig 0.29.3 not installed")
    ours, theirs = tmp_path / "ours.scap", tmp_path / "theirs.scap"
    run("-r", str(capture), "-c", "spy_logs", f"{ours} 100")
    subprocess.run(["/usr/bin/sysdig", "-r", str(capture), "-c", "spy_logs", f"{theirs} 100"],
                   capture_output=True, check=True)
    assert ours.read_bytes() == theirs.read_bytes()


def test_dump_range_must_be_a_number(capture: Path, tmp_path: Path) -> None:
    proc = subprocess.run([str(SYSDIGPY), "-r", str(capture), "-c", "spy_logs", f"{tmp_path / 'o.scap'} abc"],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "dump_range_ms" in proc.stderr


def test_without_dump_nothing_is_written(capture: Path) -> None:
    out = run("-r", str(capture), "-c", "spy_logs").stdout
    assert b"Writing events" not in out and out.count(b"\n") == 5


def _syslog_lines(capture: Path, session: Session) -> list[str]:
    from sysdigpy.chisels.base import Output as ChiselOutput
    from sysdigpy.chisels.manager import ChiselManager
    from sysdigpy.events.render import Renderer
    from sysdigpy.fields.context import FieldContext
    from sysdigpy.pipeline import Pipeline
    from sysdigpy.pipeline import RunOptions
    from sysdigpy.probe.scapfile import read_capture

    ctx = FieldContext()
    ctx.renderer = Renderer(None, ctx.bufmt, 0)
    out = ChiselOutput()
    mgr = ChiselManager(ctx, out, session=session)
    mgr.load("spy_syslog", None)
    Pipeline(ctx, RunOptions(quiet=True), observers=[mgr]).run(read_capture(str(capture)))
    mgr.finish()
    return out.getvalue().decode().splitlines()


def test_spy_syslog_colours_by_severity_on_a_terminal(capture: Path) -> None:
    """spy_syslog.lua: yellow for warn (4), red below it, green otherwise (blue in a container)."""
    lines = _syslog_lines(capture, Session((str(capture),), is_tty=True))
    assert lines[0] == "\x1b[32muser.notice logger[900] Nov 28 00:33:23 alice: hello world"
    assert lines[1] == "\x1b[33muser.warn logger[900] Nov 28 00:33:23 alice: a warning"
    assert lines[-1] == "\x1b[0m"


def test_spy_syslog_with_container_columns(capture: Path) -> None:
    lines = _syslog_lines(capture, Session((str(capture),), print_container=True, is_tty=False))
    assert lines[0] == f"{'host':<20} {'host':<20} user.notice logger[900] Nov 28 00:33:23 alice: hello world"
