"""What depends on where the output goes: colours on a terminal, quiet exit on a closed pipe, jq."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import GOLDEN
from tests.golden_modes import ROOT
from tests.golden_modes import SYSDIGPY
from tests.golden_modes import run_sysdigpy

SAMPLE = str(ROOT / "samples" / "sample.scap")


def on_terminal(args: list[str], command: list[str] = SYSDIGPY) -> bytes:
    """Run sysdigpy (or ``command``) with a pseudo-terminal as stdout; what it wrote."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TZ"] = "UTC"
        os.execv(command[0], [*command, *args])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    return out.replace(b"\r\n", b"\n")


def test_terminal_gets_sysdigs_colours_and_pid_tid() -> None:
    sysdig = shutil.which("sysdig")
    assert sysdig, "sysdig 0.29.3 must be installed (scripts/setup.sh --dev)"
    out = on_terminal(["-r", SAMPLE])
    assert out == on_terminal(["-r", SAMPLE], [sysdig])
    first = out.split(b"\n", 1)[0]
    assert re.fullmatch(rb"1 [0-9:.]+ \d \x1b\[01;32mbash\x1b\[00m \(\x1b\[01;36m(\d+)\x1b\[00m\.\1\) < "
                        rb"\x1b\[01;34mread\x1b\[00m res=1 data=g ", first), first
    assert out.endswith(b"\n\x1b[00m")


def test_a_pipe_gets_plain_lines() -> None:
    assert b"\x1b[" not in run_sysdigpy(["-r", SAMPLE]).stdout


def test_closed_pipe_ends_quietly_with_status_0() -> None:
    env = dict(os.environ, TZ="UTC")
    p = subprocess.Popen([*SYSDIGPY, "-r", str(CAPTURES / "libs_curl_google.scap")], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    assert p.stdout is not None
    p.stdout.readline()
    p.stdout.close()
    assert p.wait(timeout=60) == 0
    assert p.stderr is not None and p.stderr.read() == b""


@pytest.mark.parametrize("capture", sorted(p.name for p in GOLDEN.iterdir() if (p / "json.txt").exists()))
def test_json_lines_round_trip_through_jq(capture: str) -> None:
    jq = shutil.which("jq")
    assert jq, "jq must be installed (scripts/setup.sh --dev installs it)"
    ours = run_sysdigpy(["-r", str(CAPTURES / f"{capture}.scap"), "-j"]).stdout
    back = subprocess.run([jq, "-c", "."], input=ours, capture_output=True, check=True).stdout
    # jq 1.6 holds numbers as doubles: nanosecond times come back rounded to 17 digits
    assert [_floats(json.loads(x)) for x in back.splitlines()] == [_floats(json.loads(x)) for x in ours.splitlines()]
    assert len(back.splitlines()) == len(ours.splitlines())


def _floats(obj: dict) -> dict:
    return {k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in obj.items()}


def test_sample_is_in_the_repository() -> None:
    assert Path(SAMPLE).stat().st_size > 1000


@pytest.mark.parametrize("args", [["-j"], ["-q"], ["-pc"], ["-S"], ["-A"], ["-p", "%evt.num"],
                                  ["-p", "\\e[01;31m%evt.num\\e[00m %evt.type"], ["-v"], ["-w", "{tmp}"],
                                  ["-c", "topfiles_bytes"]])
def test_terminal_endings_are_sysdigs(args: list[str], tmp_path: Path) -> None:
    """sysdig ends a terminal run with a colour reset left in its stdout buffer: it comes after what
    went to stderr (progress, -v counters) and before what chisels and -S print at the end."""
    sysdig = shutil.which("sysdig")
    assert sysdig, "sysdig 0.29.3 must be installed (scripts/setup.sh --dev)"
    ours = on_terminal(["-r", SAMPLE, *[a.format(tmp=tmp_path / "ours.scap") for a in args]])
    theirs = on_terminal(["-r", SAMPLE, *[a.format(tmp=tmp_path / "theirs.scap") for a in args]], [sysdig])
    eps = re.compile(rb"Elapsed time: [0-9.]+, Captured Events: (\d+), [0-9.]+ eps")
    ours, theirs = eps.sub(rb"\1", ours), eps.sub(rb"\1", theirs)
    if "-c" in args:  # rows with equal values come out of a Lua hash in sysdig: their order may differ
        assert ours.split(b"\n", 1)[0] == theirs.split(b"\n", 1)[0]  # the reset, then the chisel's header
        assert sorted(ours.splitlines()) == sorted(theirs.splitlines())
    else:
        assert ours == theirs


def test_spy_logs_colours_on_a_terminal(tmp_path: Path) -> None:
    from tests.chisels.logcapture import write_capture

    sysdig = shutil.which("sysdig")
    assert sysdig, "sysdig 0.29.3 must be installed (scripts/setup.sh --dev)"
    cap = tmp_path / "logs.scap"
    write_capture(cap)
    for args in (["-c", "spy_logs"], ["-pc", "-c", "spy_logs"], ["-c", "spy_syslog"],
                 ["-c", "spy_logs", str(tmp_path / "dump.scap")]):
        ours = on_terminal(["-r", str(cap), *args])
        assert ours == on_terminal(["-r", str(cap), *args], [sysdig]), args
        assert b"\x1b[33m" in ours  # a warning is yellow
