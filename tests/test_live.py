"""Live capture end to end, through the CLI: these tests need root and BCC (scripts/setup-live.sh).

A live test fails (it does not skip) when the probe cannot load, unless
SYSDIGPY_NO_LIVE=1 is set.  sysdig 0.29.3 must be installed (it reads our files).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sysdigpy.live import DROP_E
from sysdigpy.live import DROP_X
from sysdigpy.live import LiveSource
from sysdigpy.live import Pushdown
from sysdigpy.live import open_live
from sysdigpy.live import pushdown_of
from sysdigpy.probe.bpf import STATE_SYSCALLS
from sysdigpy.probe.errors import ProbeError
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import RawEvent

NO_LIVE = os.environ.get("SYSDIGPY_NO_LIVE") == "1"
live = pytest.mark.skipif(NO_LIVE, reason="SYSDIGPY_NO_LIVE=1")
ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = b"known-payload-0123456789"
FILE_BYTES = b"known-bytes-written-by-the-workload"
READY = "live: probe loaded"

WORKLOAD = textwrap.dedent("""
    import os, socket, subprocess, sys
    path, port = sys.argv[1], int(sys.argv[2])
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, {file_bytes!r})
    os.close(fd)
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall({payload!r})
    s.close()
    subprocess.run(["/bin/echo", "known-args"], stdout=subprocess.DEVNULL, check=True)
""").format(file_bytes=FILE_BYTES, payload=PAYLOAD)


def sysdigpy_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "sysdigpy", *args]


def run_sysdigpy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(sysdigpy_cmd(*args), capture_output=True, text=True, cwd=ROOT, timeout=300)


class LiveRun:
    """``sysdigpy -v ARGS`` running in the background; ready once the probe is loaded."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(sysdigpy_cmd("-v", *args), cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.err: list[str] = []
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.err.append(line)
            if line.startswith(READY):
                break
        else:
            self.proc.wait()
            pytest.fail(f"live capture did not start (exit {self.proc.returncode}): {''.join(self.err)}")
        time.sleep(1.0)  # the /proc snapshot, then the reading loop

    def interrupt(self) -> tuple[str, str]:
        time.sleep(0.5)
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=120)
        self.err.append(err)
        assert self.proc.returncode == 0, "".join(self.err)
        return out, "".join(self.err)


def counters(err: str) -> tuple[int, int]:
    m = re.search(r"Driver Events:(\d+)\nDriver Drops:(\d+)", err)
    assert m, err
    return int(m.group(1)), int(m.group(2))


@pytest.fixture()
def server() -> Iterator[socket.socket]:
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    t = threading.Thread(target=_serve_one, args=(srv,), daemon=True)
    t.start()
    yield srv
    srv.close()


def _serve_one(srv: socket.socket) -> None:
    try:
        conn, _ = srv.accept()
    except OSError:
        return
    while conn.recv(4096):
        pass
    conn.close()


# ------------------------------------------------------------ pushdown (no kernel)

def test_pushdown_of_top_level_checks() -> None:
    pd = pushdown_of("evt.type=openat and proc.name in (cat, bash) and not fd.name contains x")
    assert pd == Pushdown(evt_types=frozenset({"openat"}), names=frozenset({"cat", "bash"}))
    assert pushdown_of("(evt.type in (open, openat) and proc.pid=3)") == Pushdown(
        evt_types=frozenset({"open", "openat"}), pids=frozenset({3}))
    assert pushdown_of("thread.tid=7") == Pushdown(pids=frozenset({7}))
    assert pushdown_of("evt.type in (open, read) and evt.type=read") == Pushdown(evt_types=frozenset({"read"}))


def test_pushdown_of_nothing_pinned() -> None:
    for text in ("evt.type=open or proc.pid=1", "not evt.type=open", "evt.type!=open", "fd.name=/etc/passwd",
                 "proc.name contains cat", "proc.pid=notanumber", "(evt.type=open or evt.type=read) and fd.num=3"):
        assert pushdown_of(text) is None, text


def test_pushdown_kernel_settings() -> None:
    kw = Pushdown(evt_types=frozenset({"openat", "procexit"}), pids=frozenset({1}),
                  names=frozenset({"a-very-long-process-name"})).source_kwargs()
    assert kw == {"syscalls": {257}, "tgids": {1}, "comms": {"a-very-long-pro"}}
    assert "syscalls" not in Pushdown(evt_types=frozenset({"nosuchevent"})).source_kwargs()
    assert Pushdown(evt_types=frozenset({"pread"})).source_kwargs()["syscalls"] == {17}
    assert {56, 57, 58, 59, 60, 231, 257, 3, 41, 42, 43, 288, 32, 33, 292, 22, 293} <= STATE_SYSCALLS


# ------------------------------------------------------- writer thread (no kernel)

class _SlowWriter:
    def __init__(self, fail_at: int = -1) -> None:
        self.blocks: list[bytes] = []
        self.events_written = 0
        self.fail_at = fail_at
        self.gate = threading.Event()

    def write_block(self, blk: bytes) -> None:
        self.gate.wait(10)
        if len(self.blocks) == self.fail_at:
            raise OSError(28, "No space left on device")
        self.blocks.append(blk)


def test_block_writer_keeps_order_and_waits_when_full() -> None:
    from sysdigpy.live import BlockWriter

    w = _SlowWriter()
    out = BlockWriter(w, max_bytes=10)
    out.put(b"a" * 8, 1)
    t0 = time.monotonic()
    threading.Timer(0.2, w.gate.set).start()
    for i in range(1, 6):  # the writer is stuck: the queue passes 10 bytes, put() waits for it
        out.put(bytes([97 + i]) * 8, 2)
    assert time.monotonic() - t0 > 0.15
    out.close()
    assert w.blocks == [bytes([97 + i]) * 8 for i in range(6)] and w.events_written == 11


def test_block_writer_error_reaches_the_drainer() -> None:
    from sysdigpy.live import BlockWriter

    w = _SlowWriter(fail_at=1)
    w.gate.set()
    out = BlockWriter(w, max_bytes=0)
    with pytest.raises(OSError, match="No space"):
        for _ in range(100):
            out.put(b"x", 1)
            time.sleep(0.01)
    with pytest.raises(OSError):
        out.close()


# ------------------------------------------------------------- live, CLI

def _check_workload_lines(text: str, target: Path, port: int, wl: int) -> None:
    lines = [ln for ln in text.splitlines() if f"({wl})" in ln]
    assert lines, f"no event of the workload (pid {wl})"
    name = lines[0].split()[3]  # num ts cpu proc.name (tid) dir type args
    # the workload is forked by this test's process (comm "python3" or "pytest", by how pytest was started)
    own = Path("/proc/self/comm").read_text().strip()
    assert name in (own, "python3", "python") or name.startswith("python"), lines[0]
    assert any("< openat fd=" in ln and f"(<f>{target})" in ln and all(f in ln for f in ("O_WRONLY", "O_CREAT"))
               for ln in lines), "no openat of the known file"
    assert any("> write fd=" in ln and f"(<f>{target}) size={len(FILE_BYTES)}" in ln for ln in lines)
    assert any(f"< write res={len(FILE_BYTES)} data={FILE_BYTES.decode()}" in ln for ln in lines)
    assert any(re.search(rf"< connect res=0 tuple=127\.0\.0\.1:\d+->127\.0\.0\.1:{port}\b", ln) for ln in lines)
    assert any(PAYLOAD.decode() in ln and re.search(r"< (sendto|write)", ln) for ln in lines), "no payload"
    ex = [ln for ln in text.splitlines() if "< execve res=0 exe=/bin/echo args=known-args." in ln]
    assert ex, "no execve of the child"
    assert " echo (" in ex[0], ex[0]
    assert re.search(rf"ptid={wl}\({re.escape(name)}\)", ex[0]), ex[0]


@live
def test_cli_live_workload_and_sysdig_reads_it(tmp_path: Path, server: socket.socket) -> None:
    cap = tmp_path / "x.scap"
    target = tmp_path / "known-file.txt"
    port = server.getsockname()[1]
    run = LiveRun("-w", str(cap))
    wl = subprocess.Popen([sys.executable, "-c", WORKLOAD, str(target), str(port)])
    assert wl.wait(timeout=60) == 0
    _, err = run.interrupt()
    seen, drops = counters(err)
    assert seen > 100 and drops == 0, err
    ours = run_sysdigpy("-r", str(cap))
    assert ours.returncode == 0, ours.stderr
    _check_workload_lines(ours.stdout, target, port, wl.pid)
    assert f"({run.proc.pid})" not in ours.stdout, "sysdigpy traced itself"
    sysdig = shutil.which("sysdig")
    assert sysdig, "sysdig 0.29.3 is not installed"
    theirs = subprocess.run([sysdig, "-r", str(cap)], capture_output=True, text=True, timeout=300)
    assert theirs.returncode == 0, theirs.stderr[-2000:]
    ours_lines, their_lines = ours.stdout.splitlines(), theirs.stdout.splitlines()
    diff = [(a, b) for a, b in zip(ours_lines, their_lines, strict=False) if a != b]
    assert not diff and len(ours_lines) == len(their_lines), (len(ours_lines), len(their_lines), diff[:5])
    # a capture of today's kernel (openat, v2 events): the C engine prints what the Python engine prints
    for args in ([], ["-j"], [f"fd.name contains {target.name} or evt.type=connect and evt.dir=<"],
                 ["-c", "topfiles_bytes"]):
        c = subprocess.run(sysdigpy_cmd("-r", str(cap), *args), capture_output=True, cwd=ROOT, timeout=300,
                           env=dict(os.environ, SYSDIGPY_FASTPATH="debug"))
        py = subprocess.run(sysdigpy_cmd("-r", str(cap), *args), capture_output=True, cwd=ROOT, timeout=300,
                            env=dict(os.environ, SYSDIGPY_FASTPATH="0"))
        assert (c.returncode, c.stdout) == (py.returncode, py.stdout), args
        assert b"fast path" not in c.stderr, (args, c.stderr[-500:])  # ran to the end in C


@live
def test_cli_live_filter_proclist_writes_only_matching_threads(tmp_path: Path) -> None:
    """sysdig 0.29.3 refuses --filter-proclist live; sysdigpy filters the /proc snapshot it writes."""
    from sysdigpy.probe.scapfile import read_capture

    cap = tmp_path / "x.scap"
    sleeper = subprocess.Popen(["sleep", "120"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        run = LiveRun("-w", str(cap), "--filter-proclist", f"proc.pid={sleeper.pid}")
    finally:
        sleeper.kill()
        sleeper.wait()
    run.interrupt()
    meta = next(it for it in read_capture(str(cap)) if isinstance(it, CaptureMetadata))
    assert [(p.tid, p.comm) for p in meta.procs] == [(sleeper.pid, "sleep")]
    assert [f.fd for f in meta.fds[sleeper.pid]] == [0, 1, 2]
    ours = run_sysdigpy("-r", str(cap))
    assert f"sleep ({sleeper.pid}) > procexit" in ours.stdout, ours.stdout[-2000:]
    sysdig = shutil.which("sysdig")
    assert sysdig, "sysdig 0.29.3 is not installed"
    theirs = subprocess.run([sysdig, "-r", str(cap)], capture_output=True, text=True, timeout=300)
    assert theirs.returncode == 0 and theirs.stdout == ours.stdout, theirs.stderr


@live
def test_cli_live_pushdown_keeps_process_names(tmp_path: Path) -> None:
    target = tmp_path / "pushdown-target.txt"
    target.write_text("x")
    run = LiveRun("-p", "%proc.name %evt.dir %evt.type %fd.name", "evt.type=openat")
    subprocess.run(["cat", str(target)], check=True, stdout=subprocess.DEVNULL)
    out, err = run.interrupt()
    assert "kernel-side filter: evt.type=['openat']" in err
    lines = out.splitlines()
    assert lines and all(ln.split()[2] == "openat" for ln in lines), lines[:5]
    assert f"cat < openat {target}" in lines, [ln for ln in lines if "cat" in ln]


@live
def test_cli_live_json_count_and_snaplen() -> None:
    proc = subprocess.Popen(sysdigpy_cmd("-j", "-n", "5", "-s", "16", "evt.type=getppid"), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        subprocess.run([sys.executable, "-c", "import os\nfor _ in range(100): os.getppid()"], check=True)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    lines = out.splitlines()
    assert len(lines) == 5 and all('"evt.type":"getppid"' in ln for ln in lines), lines


def test_cli_dump_probe() -> None:
    res = run_sysdigpy("--dump-probe", "-s", "123")
    assert res.returncode == 0, res.stderr
    assert "-DSNAPLEN=123" in res.stdout and "RAW_TRACEPOINT_PROBE(sys_enter)" in res.stdout


def test_cli_not_root_exit_status() -> None:
    if os.geteuid() != 0:
        res = run_sysdigpy()
    else:
        res = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *sysdigpy_cmd()],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 3, res.stderr
    assert len(res.stderr.splitlines()) == 1 and "root" in res.stderr


# -------------------------------------------------------------- live, module

def _open(**kw: object) -> LiveSource:
    try:
        return open_live(**kw)  # type: ignore[arg-type]
    except ProbeError as e:
        pytest.fail(f"live probe could not load: {e}")


@live
def test_live_drops_counted_and_reported() -> None:
    src = _open(ring_pages=1)  # 4 KiB of ring buffer, nothing read while 20000 syscalls run
    try:
        subprocess.run([sys.executable, "-c", "import os\nfor _ in range(20000): os.getppid()"], check=True)
        src.stop()
        items = list(src)
        stats = src.stats()
    finally:
        src.close()
    assert isinstance(items[0], CaptureMetadata)
    assert stats["drops"] > 1000, stats
    codes = [e.code for e in items[1:] if isinstance(e, RawEvent)]
    assert codes[-2:] == [DROP_E, DROP_X], codes[-5:]
    assert stats["events"] == len(codes) - 2


@live
def test_live_pushdown_in_kernel() -> None:
    src = _open(pushdown=pushdown_of("evt.type=openat"))
    try:
        subprocess.run(["cat", "/etc/hostname"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-c", "import os\nfor _ in range(1000): os.getppid()"], check=True)
        src.stop()
        events = [e for e in src if isinstance(e, RawEvent)]
    finally:
        src.close()
    from sysdigpy.events.table import EVENT_TABLE

    names = {EVENT_TABLE[e.code].name for e in events}
    assert "openat" in names and "execve" in names and "procexit" in names
    assert not {"read", "mmap", "brk"} & names, names
    natives = {struct.unpack("<H", e.params()[1])[0] for e in events if e.code == 0}
    assert natives <= STATE_SYSCALLS, natives  # generic events only for state syscalls: no getppid


def test_ring_blocks_c_and_python_agree() -> None:
    from sysdigpy.probe import ringblocks

    if ringblocks.c_helper() is None:
        pytest.skip("no C compiler: the pure-Python walk is the only one")
    import ctypes

    size = 4096
    data = bytearray(2 * size)
    recs, off = [], 0
    for i, n in enumerate((26, 27, 28, 29, 61, 300)):
        ev = struct.pack("<QqIHI", 10**18 + i, 100 + i, n, 5, 0) + bytes(i % 256 for i in range(n - 26))
        sample = struct.pack("<II", i % 2, 0) + ev
        flags = (1 << 30) if i == 3 else 0  # one discarded record
        rec = struct.pack("<II", len(sample) | flags, 0) + sample
        rec += b"\0" * (-len(rec) & 7)
        data[off:off + len(rec)] = rec
        recs.append(rec)
        off += len(rec)
    data[size:] = data[:size]
    buf = (ctypes.c_char * len(data)).from_buffer(data)
    c_walk = ringblocks.BlockWalker(ctypes.addressof(buf), memoryview(data), size, use_c=True)
    py = ringblocks.walk_py(memoryview(data), size - 1, 0, off)
    c = c_walk.to_blocks(0, off)
    assert py == c and py[1] == 5 and py[2] == off
    busy = bytearray(data)
    struct.pack_into("<I", busy, len(recs[0]), struct.unpack_from("<I", busy, len(recs[0]))[0] | (1 << 31))
    assert ringblocks.walk_py(memoryview(busy), size - 1, 0, off)[1:] == (1, len(recs[0]))
