"""-pc / -pcontainer: the chisels that read sysdig.is_print_container_data() against sysdig 0.29.3 itself.

Each case runs ``/usr/bin/sysdig`` and sysdigpy with ``-pc`` on the same capture and compares
stdout byte for byte.  A table may differ in the order of rows of equal value (Lua's hash order):
its header must be equal, its values in the same order and the rows of each value equal as sets,
but for the last value of a full table, where the top-N cut keeps other rows.  A JSON table (-j)
is compared parsed: the same ``ts``, its rows by the same rules and the ``info`` that common.lua
makes of ours (it stores the value at index 3, over a third key: the bug TableChisel's docstring
describes).  sysdig is required, not optional.

None of the shared captures writes to a log file or to stderr: spy_logs runs on logcapture.py's
capture and stderr on the one :func:`write_stderr_capture` builds.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sysdigpy.chisels.manager import find
from sysdigpy.chisels.table import TableChisel
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import MachineInfo
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.probe.scapwriter import ScapWriter
from sysdigpy.probe.synthetic import make_raw
from tests.chisels.logcapture import write_capture as write_log_capture
from tests.golden_modes import CAPTURES
from tests.golden_modes import SYSDIGPY

SYSDIG = "/usr/bin/sysdig"
# chisel -> (its argument, the captures where it prints something with -pc); "logs" and "stderr" are built here
CASES: dict[str, tuple[str | None, list[str]]] = {
    "echo_fds": (None, ["libs_sample", "falco_ping_sendto"]),
    "fileslower": ("0", ["libs_curl_google", "logs"]),
    "netlower": ("0", ["libs_curl_google"]),
    "scallslower": ("0", ["falco_syscall", "libs_sample"]),
    "list_login_shells": (None, ["falco_cat_write", "libs_curl_google"]),
    "proc_exec_time": (None, ["libs_curl_google"]),
    "spy_logs": (None, ["logs"]),
    "spy_users": (None, ["falco_cat_write", "libs_curl_google"]),
    "stderr": (None, ["stderr"]),
    "topconns": (None, ["libs_curl_google"]),
    "topfiles_bytes": (None, ["libs_curl_google", "logs"]),
    "topfiles_errors": (None, ["logs"]),
    "topfiles_time": (None, ["libs_curl_google", "falco_cat_write"]),
    "topports_server": (None, ["libs_curl_google"]),
    "topprocs_cpu": (None, ["libs_sample", "falco_open-multiple-files"]),
    "topprocs_errors": (None, ["libs_curl_google", "libs_sample"]),
    "topprocs_file": (None, ["libs_curl_google", "logs"]),
    "topprocs_net": (None, ["libs_curl_google"]),
    "topscalls": (None, ["libs_curl_google", "libs_sample", "falco_open-multiple-files"]),
    "topscalls_time": (None, ["libs_curl_google"]),
}

# Differences that are not the chisels' (expected to fail until fixed; strict: a fix makes the test say so)
KNOWN: dict[tuple[str, str], str] = {}


def write_stderr_capture(path: Path) -> None:
    """gcc (pid 1000) writes three buffers to fd 2 (one with a NUL and a byte that is not UTF-8,
    one empty) and one to fd 1, and reads fd 2 once."""
    t0, ms = 1_764_290_000_000_000_000, 1_000_000
    gcc = ProcRecord(tid=1000, pid=1000, ptid=1, comm="gcc", exe="gcc", exepath="/usr/bin/gcc", cwd="/src",
                     fdlimit=1024, uid=1000, gid=1000, vtid=1000, vpid=1000)
    tty = [FdRecord(fd=n, ino=3, fdtype=16, name="/dev/pts/0", open_flags=2) for n in (0, 1, 2)]
    meta = CaptureMetadata(machine=MachineInfo(num_cpus=1, memory_size_bytes=1 << 30, hostname="build"),
                           procs=[gcc], fds={1000: tty})
    events = []
    for i, (syscall, fd, data) in enumerate([("write", 2, b"main.c:3: error: expected ';'\n"),
                                             ("write", 1, b"not on stderr\n"),
                                             ("write", 2, b"a NUL \x00 and \xff then a very long line " * 3),
                                             ("read", 2, b"y\n"), ("write", 2, b"")]):
        ts = t0 + i * ms
        size = {"size": len(data)}
        events.append(make_raw(syscall, direction=">", ts=ts, tid=1000, params={"fd": fd, **size}))
        events.append(make_raw(syscall, direction="<", ts=ts + 1000, tid=1000, params={"res": len(data), "data": data}))
    with ScapWriter(str(path)) as w:
        w.write_metadata(meta)
        for e in events:
            w.write_event(e)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pc")
    write_log_capture(d / "logs.scap")
    write_stderr_capture(d / "stderr.scap")
    return {"logs": d / "logs.scap", "stderr": d / "stderr.scap"}


def run(cmd: list[str], capture: Path, opts: list[str], chisel: str, arg: str | None) -> bytes:
    argv = [*cmd, "-r", str(capture), *opts, "-c", chisel, *([arg] if arg else [])]
    proc = subprocess.run(argv, capture_output=True, env={**os.environ, "TZ": "UTC"}, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return proc.stdout


def lua_info(info: list[Any]) -> list[Any]:
    """The info array common.lua builds from the same keys and value: keys at 1..n, the value at 3."""
    slots: dict[int, Any] = dict(enumerate(info[:-1], 1))
    slots[3] = info[-1]
    return [slots.get(i) for i in range(1, max(slots) + 1)]


def rows_equal(want: list[Any], got: list[Any], value: Callable[[Any], Any], top: int) -> bool:
    """Rows in the same order of values; rows of one value as a multiset.  When the table is full
    (``top`` rows) the last value's rows may be other ones: the cut falls among equal values."""
    if len(want) != len(got) or [value(r) for r in want] != [value(r) for r in got]:
        return False
    groups: list[tuple[list[Any], list[Any]]] = []
    for w, g in zip(want, got, strict=True):
        if not groups or value(groups[-1][0][0]) != value(w):
            groups.append(([], []))
        groups[-1][0].append(w)
        groups[-1][1].append(g)
    if groups and len(want) == top:
        groups.pop()
    return all(sorted(map(repr, w)) == sorted(map(repr, g)) for w, g in groups)


def is_table(chisel: str) -> bool:
    return issubclass(find(chisel), TableChisel)


def same_output(want: bytes, got: bytes, chisel: str, as_json: bool) -> bool:
    if want == got or not is_table(chisel):
        return want == got
    top = find(chisel).top
    if as_json:
        w, g = json.loads(want), json.loads(got)

        def numbers(row: list[Any]) -> list[Any]:
            return [float(v) if isinstance(v, (int, float)) else v for v in row]

        return (w["ts"] == g["ts"] and w["info"] == lua_info(g["info"])
                and rows_equal([numbers(r) for r in w["data"]], [numbers(r) for r in g["data"]], lambda r: r[-1], top))
    wl, gl = want.splitlines(), got.splitlines()
    return wl[:2] == gl[:2] and rows_equal(wl[2:], gl[2:], lambda line: line.split(None, 1)[0], top)


def _params() -> list[object]:
    out = []
    for chisel, (arg, captures) in CASES.items():
        for capture in captures:
            reason = KNOWN.get((chisel, capture))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            for as_json in ([False, True] if is_table(chisel) else [False]):
                out.append(pytest.param(chisel, arg, capture, as_json, marks=marks,
                                        id=f"{chisel}-{capture}{'-json' if as_json else ''}"))
    return out


@pytest.mark.parametrize(("chisel", "arg", "capture", "as_json"), _params())
def test_print_container(chisel: str, arg: str | None, capture: str, as_json: bool,
                         built: dict[str, Path]) -> None:
    assert os.access(SYSDIG, os.X_OK), f"{SYSDIG} (sysdig 0.29.3) is needed to compare with"
    path = built.get(capture, CAPTURES / f"{capture}.scap")
    opts = ["-pc", "-j"] if as_json else ["-pc"]
    want = run([SYSDIG], path, opts, chisel, arg)
    got = run(SYSDIGPY, path, opts, chisel, arg)
    assert want.strip(), "sysdig printed nothing: pick a capture where the chisel has work"
    shown = f"sysdig:\n{want.decode(errors='replace')}\nsysdigpy:\n{got.decode(errors='replace')}"
    assert same_output(want, got, chisel, as_json), shown


def test_topscalls_under_pc_is_not_counted_by_id() -> None:
    """The id tally (TableChisel.tally_test) counts by evt.type only: -pc adds container.name."""
    from sysdigpy.chisels.base import Output
    from sysdigpy.chisels.manager import ChiselManager
    from sysdigpy.chisels.session import Session
    from sysdigpy.events.render import Renderer
    from sysdigpy.fields.context import FieldContext

    def load(print_container: bool) -> tuple[ChiselManager, Any]:
        ctx = FieldContext()
        ctx.renderer = Renderer(None, ctx.bufmt, 0)
        mgr = ChiselManager(ctx, Output(), session=Session(print_container=print_container, is_tty=False))
        return mgr, mgr.load("topscalls", None)

    mgr, ch = load(True)
    assert (ch.key_fields(), ch.descs()) == (["evt.type", "container.name"], ["Syscall", "container.name"])
    assert ch.tally_test() is None and not mgr.tally_ready()
    mgr, ch = load(False)
    assert ch.key_fields() == ["evt.type"] and ch.tally_test() is not None and mgr.tally_ready()
