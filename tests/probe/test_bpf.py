"""The live probe, for real: these tests need root and BCC (scripts/setup-live.sh).

A live test fails (it does not skip) when the probe cannot load, unless
SYSDIGPY_NO_LIVE=1 is set.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sysdigpy.probe.bpf import FILLERS
from sysdigpy.probe.bpf import BpfSource
from sysdigpy.probe.bpf import dump_probe
from sysdigpy.probe.errors import ProbeError
from sysdigpy.probe.rawevent import HEADER
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.syscall_table import NATIVE_NAMES
from sysdigpy.probe.syscall_table import NATIVE_TO_PPM_SC

NO_LIVE = os.environ.get("SYSDIGPY_NO_LIVE") == "1"
live = pytest.mark.skipif(NO_LIVE, reason="SYSDIGPY_NO_LIVE=1")

PAYLOAD = b"known-payload-0123456789"
FILE_BYTES = b"known-bytes-written-by-the-workload"


def i64(b: bytes) -> int:
    return struct.unpack("<q", b)[0]


def u32(b: bytes) -> int:
    return struct.unpack("<I", b)[0]


def open_source(**kw: object) -> BpfSource:
    src = BpfSource(**kw)  # type: ignore[arg-type]
    try:
        src.open()
    except ProbeError as e:
        pytest.fail(f"live probe could not load: {e}")
    return src


def drain_until(src: BpfSource, done: threading.Event | None, settle: float = 0.5) -> list[RawEvent]:
    out: list[RawEvent] = []
    deadline = None
    while True:
        out.extend(src.read_batch(50))
        if done is None or done.is_set():
            deadline = deadline or time.monotonic() + settle
            if time.monotonic() > deadline:
                out.extend(src.read_batch(0))
                return out


# ---------------------------------------------------------------- no kernel

def test_syscall_table_names() -> None:
    assert NATIVE_NAMES[0] == "read" and NATIVE_NAMES[257] == "openat" and NATIVE_NAMES[59] == "execve"
    assert NATIVE_TO_PPM_SC[0] == 3 and NATIVE_TO_PPM_SC[1] == 4  # ppm_sc read, write
    assert all(nr < 512 for nr in FILLERS)


def test_dump_probe_shows_defines() -> None:
    text = dump_probe()
    assert "-DSNAPLEN=80" in text
    assert f"-DOWN_PID={os.getpid()}" in text
    assert "RAW_TRACEPOINT_PROBE(sys_enter)" in text


# ------------------------------------------------------------------- live

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


@pytest.fixture()
def server() -> Iterator[socket.socket]:
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    yield srv
    srv.close()


def _serve_one(srv: socket.socket) -> None:
    conn, _ = srv.accept()
    while conn.recv(4096):
        pass
    conn.close()


@live
def test_live_workload(tmp_path: Path, server: socket.socket) -> None:
    target = tmp_path / "known-file.txt"
    port = server.getsockname()[1]
    src = open_source(snaplen=80)
    try:
        t = threading.Thread(target=_serve_one, args=(server,), daemon=True)
        t.start()
        done = threading.Event()
        proc = subprocess.Popen([sys.executable, "-c", WORKLOAD, str(target), str(port)])

        def wait() -> None:
            proc.wait()
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        events = drain_until(src, done)
        assert proc.returncode == 0
        stats = src.stats()
    finally:
        src.close()
    wl = proc.pid
    mine = [e for e in events if e.tid == wl]
    assert mine, "no event from the workload"
    assert not [e for e in events if e.tid == os.getpid()], "the probe traced its own process"
    for e in events[:200]:
        ts, tid, ln, code, nparams = HEADER.unpack_from(e.data, 0)
        assert ln == len(e.data) and code == e.code and tid == e.tid and ts > 1_600_000_000 * 10**9
        assert len(e.params()) == nparams

    # openat exit: fd, dirfd, name, flags(PPM), mode, dev
    opens = [e.params() for e in mine if e.code == 307 and e.params()[2] == str(target).encode() + b"\0"]
    assert opens, "no openat exit for the known file"
    fd = i64(opens[0][0])
    assert fd >= 3
    assert u32(opens[0][3]) & 0x107 == 0x106  # O_WRONLY(2)|O_CREAT(4)|O_TRUNC(256) in PPM values
    assert u32(opens[0][4]) == 0o644

    # write exit: res, data
    writes = [e.params() for e in mine if e.code == 9 and e.params()[1] == FILE_BYTES]
    assert writes and i64(writes[0][0]) == len(FILE_BYTES)
    assert any(e.code == 8 and i64(e.params()[0]) == fd for e in mine)  # write enter fd

    # connect enter sockaddr / exit tuple: 127.0.0.1 and the port
    center = [e.params() for e in mine if e.code == 22]
    assert any(p[1][:1] == b"\x02" and p[1][1:5] == b"\x7f\0\0\x01"
               and struct.unpack("<H", p[1][5:7])[0] == port for p in center)
    cexit = [e.params() for e in mine if e.code == 23 and len(e.params()[1]) == 13]
    assert cexit
    tup = cexit[0][1]
    assert tup[0] == 2 and tup[7:11] == b"\x7f\0\0\x01" and struct.unpack("<H", tup[11:13])[0] == port
    assert tup[1:5] == b"\x7f\0\0\x01" and struct.unpack("<H", tup[5:7])[0] != 0
    sends = [e for e in mine if e.code in (31, 9, 49) and PAYLOAD in e.params()[1]]
    assert sends, "payload not seen in a send exit"

    # execve exit of the child: exe/args/comm, tid/pid/ptid
    execs = [e for e in events if e.code == 293 and e.params()[13] == b"echo\0"]
    assert execs, "no execve exit for /bin/echo"
    p = execs[0].params()
    assert len(p) == 20
    assert i64(p[0]) == 0
    assert p[1] == b"/bin/echo\0" and p[2] == b"known-args\0"
    assert i64(p[3]) == execs[0].tid == i64(p[4])
    assert i64(p[5]) == wl
    assert p[6].endswith(b"\0") and p[6].startswith(b"/")
    assert b"known-args" not in p[15]  # env is not args
    assert any(e.code == 292 and e.tid == execs[0].tid and e.params()[0] == b"/bin/echo\0" for e in events)
    # the child also has a clone/fork/vfork exit with res 0 and its procexit
    assert any(e.code in (223, 225, 227, 335) and e.tid == execs[0].tid and i64(e.params()[0]) == 0
               and len(e.params()) == 20 for e in events)
    assert any(e.code == 186 and e.tid == execs[0].tid for e in events)
    assert stats["events"] >= len(events) and stats["read"] == len(events)


@live
def test_live_generic_and_pairs() -> None:
    src = open_source()
    try:
        proc = subprocess.run([sys.executable, "-c", "import os\nfor _ in range(100): os.getppid()"],
                              check=True)
        del proc
        events = drain_until(src, None, settle=0.3)
    finally:
        src.close()
    gen_enter = [e for e in events if e.code == 0 and struct.unpack("<H", e.params()[1])[0] == 110]
    assert len(gen_enter) >= 100
    assert struct.unpack("<H", gen_enter[0].params()[0])[0] == NATIVE_TO_PPM_SC[110]
    gen_exit = [e for e in events if e.code == 1 and e.params()[0] == struct.pack("<H", NATIVE_TO_PPM_SC[110])]
    assert len(gen_exit) >= 100


@live
def test_live_drops_counted() -> None:
    # one page of ring buffer, nothing read while 20000 syscalls run
    src = open_source(ring_pages=1)
    try:
        subprocess.run([sys.executable, "-c", "import os\nfor _ in range(20000): os.getppid()"], check=True)
        stats = src.stats()
    finally:
        src.close()
    assert stats["drops"] > 1000, stats
    assert stats["events"] > 0


@live
def test_live_syscall_filter() -> None:
    src = open_source(syscalls=["openat"])
    try:
        subprocess.run([sys.executable, "-c", "open('/etc/hostname').read()"], check=True)
        events = drain_until(src, None, settle=0.3)
    finally:
        src.close()
    codes = {e.code for e in events}
    assert {306, 307} <= codes
    # syscalls that change process/fd state still flow (pushdown keeps state right); nothing else does
    from sysdigpy.events.table import EVENT_TABLE
    from sysdigpy.probe.bpf import STATE_SYSCALLS

    assert not {"read", "mmap", "brk", "fstat", "newfstatat"} & {EVENT_TABLE[c].name for c in codes}, codes
    assert {struct.unpack("<H", e.params()[1])[0] for e in events if e.code == 0} <= STATE_SYSCALLS


GETPPID_C = """
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
int main(int argc, char **argv) { long n = atol(argv[1]); for (long i = 0; i < n; i++) syscall(SYS_getppid); return 0; }
"""


@live
def test_live_no_drops_under_a_syscall_storm(tmp_path: Path) -> None:
    # The kernel reads the consumer position at any moment: written in pieces (struct.pack_into zeroes
    # its target first), it showed 0 for an instant and reserves failed as if the ring were full.
    import shutil

    if shutil.which("gcc"):
        (tmp_path / "w.c").write_text(GETPPID_C)
        subprocess.run(["gcc", "-O2", "-o", str(tmp_path / "w"), str(tmp_path / "w.c")], check=True)
        cmd = [str(tmp_path / "w"), "1000000"]
    else:
        cmd = [sys.executable, "-c", "import os\nfor _ in range(300000): os.getppid()"]
    # 64 MiB: room for a scheduling stall of the busy reader on a small machine, while the ~100 MB the
    # storm writes still wrap the ring, where a torn consumer position makes reserves fail
    src = open_source(ring_pages=16384)
    try:
        done = threading.Event()

        def run() -> None:
            subprocess.run(cmd, check=True)
            done.set()

        t = threading.Thread(target=run)
        t.start()
        read = 0
        while not done.is_set():
            read += src.read_blocks(0)[1]  # busy: many consumer updates, each a chance to be seen torn
        t.join()
        src.pause()
        time.sleep(0.05)
        while n := src.read_blocks(0)[1]:
            read += n
        stats = src.stats()
    finally:
        src.close()
    assert stats["drops"] == 0, stats
    assert read == stats["events"] and read >= 2 * (300000 if "-c" in cmd else 1000000), (read, stats)


# ------------------------------------------------ fillers beyond the basics

# One probe load, one workload making each syscall (raw numbers through ctypes, so libc cannot pick
# a sibling call); each test below checks one filler's event ids and decoded parameters.
COVERAGE_WORKLOAD = textwrap.dedent("""
    import ctypes, json, mmap, os, socket, struct, sys
    d = sys.argv[1]
    libc = ctypes.CDLL(None, use_errno=True)
    sc = libc.syscall
    sc.restype = ctypes.c_long
    L = ctypes.c_long
    def b(p): return ctypes.c_char_p(os.fsencode(p))
    AT = L(-100)
    out = {}
    a, c = socket.socketpair()
    out["pair"] = [a.fileno(), c.fileno()]
    a.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    a.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("qq", 2, 500000))
    a.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)
    a.shutdown(socket.SHUT_WR)
    out["efd"] = sc(L(284), L(7))
    out["efd2"] = sc(L(290), L(9), L(0o2000000 | 0o4000))
    f = os.path.join(d, "file")
    with open(f, "wb") as fh:
        fh.write(b"0123456789abcdef")
    sc(L(86), b(f), b(d + "/hard"))
    sc(L(265), AT, b(f), AT, b(d + "/hardat"), L(0x400))
    sc(L(88), b("target-of-symlink"), b(d + "/sym"))
    sc(L(266), b("target-of-symlinkat"), AT, b(d + "/symat"))
    sc(L(90), b(f), L(0o640))
    fd = os.open(f, os.O_RDWR)
    out["fd"] = fd
    sc(L(91), L(fd), L(0o600))
    sc(L(268), AT, b(f), L(0o4755))
    dfd = os.open(d, os.O_RDONLY)
    out["dfd"] = dfd
    sc(L(81), L(dfd))
    bufs = [ctypes.create_string_buffer(4), ctypes.create_string_buffer(4)]
    iov = (ctypes.c_uint64 * 4)(ctypes.addressof(bufs[0]), 4, ctypes.addressof(bufs[1]), 4)
    sc(L(295), L(fd), iov, L(2), L(3), L(0))
    src = [ctypes.create_string_buffer(b"WXYZ", 4), ctypes.create_string_buffer(b"wxyz", 4)]
    iov2 = (ctypes.c_uint64 * 4)(ctypes.addressof(src[0]), 4, ctypes.addressof(src[1]), 4)
    sc(L(296), L(fd), iov2, L(2), L(5), L(0))
    libc.mmap.restype = ctypes.c_void_p
    addr = libc.mmap(None, 4096, 3, 0x22, -1, 0)
    out["addr"] = addr
    sc(L(10), ctypes.c_void_p(addr), L(4096), L(1))
    sc(L(105), L(os.getuid()))
    sc(L(106), L(os.getgid()))
    sc(L(117), L(-1), L(-1), L(-1))
    sc(L(119), L(-1), L(-1), L(-1))
    sc(L(308), L(9999), L(0x40000000))
    sc(L(272), L(0x04000000))
    sc(L(165), b("nodev-src"), b(d), b("sysdigpy-nofs"), L(0xC0ED0000 | 2 | 4), None)
    sc(L(166), b(d + "/not-mounted"), L(2))
    pfd = (ctypes.c_int32 * 2)(c.fileno(), 1 | 4)
    ts = (ctypes.c_int64 * 2)(0, 1000)
    mask = ctypes.c_uint64(1 << 9)
    sc(L(271), pfd, L(1), ts, ctypes.byref(mask), L(8))
    tv = (ctypes.c_int64 * 2)(0, 0)
    sc(L(23), L(0), None, None, None, tv)
    ep = sc(L(291), L(0))
    evs = ctypes.create_string_buffer(12 * 4)
    sc(L(232), L(ep), evs, L(4), L(0))
    sc(L(101), L(16), L(999999999), L(0x1234), L(0))
    sc(L(101), L(7), L(999999999), L(0), L(15))
    sc(L(321), L(0), None, L(0))
    sc(L(321), L(1), None, L(0))
    act = ctypes.c_uint32(0x7FFF0000)
    out["seccomp"] = sc(L(317), L(2), L(0), ctypes.byref(act))
    sc(L(307), L(a.fileno()), None, L(0), L(0))
    sc(L(299), L(c.fileno()), None, L(0), L(0), None)
    out["pid"] = os.getpid()
    out["cwd"] = os.getcwd()
    sc(L(21), b(f), L(4 | 2))
    sc(L(161), b("/nonexistent-root"))
    cwd = ctypes.create_string_buffer(4096)
    sc(L(79), cwd, L(4096))
    sc(L(73), L(fd), L(2 | 4))
    sc(L(112))
    sc(L(109), L(0), L(0))
    for nr in (102, 107, 104, 108):
        sc(L(nr))
    ids = [ctypes.c_uint32(), ctypes.c_uint32(), ctypes.c_uint32()]
    sc(L(118), *[ctypes.byref(x) for x in ids])
    sc(L(120), *[ctypes.byref(x) for x in ids])
    rl = (ctypes.c_uint64 * 2)()
    sc(L(97), L(7), rl)
    out["nofile"] = list(rl)
    sc(L(160), L(7), rl)
    old = (ctypes.c_uint64 * 2)()
    sc(L(302), L(0), L(7), None, old)
    sc(L(253))
    sc(L(294), L(0o2000000))
    sc(L(323), L(0o2000000 | 0o4000))
    ofd = os.open(os.path.join(d, "out"), os.O_RDWR | os.O_CREAT, 0o644)
    out["ofd"] = ofd
    off = ctypes.c_int64(2)
    sc(L(40), L(ofd), L(fd), ctypes.byref(off), L(4))
    r, w = os.pipe()
    out["pipew"] = w
    off = ctypes.c_int64(1)
    sc(L(275), L(fd), ctypes.byref(off), L(w), None, L(4), L(1))
    offin, offout = ctypes.c_int64(0), ctypes.c_int64(1)
    sc(L(326), L(fd), ctypes.byref(offin), L(ofd), ctypes.byref(offout), L(3), L(0))
    print(json.dumps(out))
""")


@dataclass
class Coverage:
    pid: int
    out: dict[str, Any]
    events: list[RawEvent]
    dir: Path

    def of(self, code: int) -> list[list[bytes]]:
        return [e.params() for e in self.events if e.tid == self.pid and e.code == code]

    def one(self, code: int, pred: Callable[[list[bytes]], bool] = lambda p: True) -> list[bytes]:
        found = [p for p in self.of(code) if pred(p)]
        assert found, f"no event {code} from the workload"
        return found[0]


@pytest.fixture(scope="module")
def coverage(tmp_path_factory: pytest.TempPathFactory) -> Coverage:
    d = tmp_path_factory.mktemp("cov")
    src = open_source(snaplen=80)
    try:
        proc = subprocess.run([sys.executable, "-c", COVERAGE_WORKLOAD, str(d)], capture_output=True, check=True)
        events = drain_until(src, None, settle=0.3)
        pid = _pid_of(events, str(d))
    finally:
        src.close()
    return Coverage(pid, json.loads(proc.stdout), events, d)


def _pid_of(events: list[RawEvent], d: str) -> int:
    # the workload's thread: the one whose link exit names the hard link
    for e in events:
        if e.code == 309 and e.params()[2] == f"{d}/hard".encode() + b"\0":
            return e.tid
    pytest.fail("no link exit from the coverage workload")


def s64(b: bytes) -> int:
    return struct.unpack("<q", b)[0]


def u16(b: bytes) -> int:
    return struct.unpack("<H", b)[0]


def z(s: str | Path) -> bytes:
    return os.fsencode(str(s)) + b"\0"


@live
def test_filler_socketpair_shutdown(coverage: Coverage) -> None:
    fd1, fd2 = coverage.out["pair"]
    p = coverage.one(42)
    assert (u32(p[0]), u32(p[1]) & 0xf, u32(p[2])) == (1, socket.SOCK_STREAM, 0)
    p = coverage.one(43)
    assert (i64(p[0]), i64(p[1]), i64(p[2])) == (0, fd1, fd2)
    assert i64(p[3]) != 0 and i64(p[4]) != 0 and p[3] != p[4]  # the socket and its unix peer
    assert coverage.one(36)[0:2] == [struct.pack("<q", fd1), b"\x01"]  # SHUT_WR
    assert i64(coverage.one(37)[0]) == 0


@live
def test_filler_sockopts(coverage: Coverage) -> None:
    fd = coverage.out["pair"][0]
    assert coverage.of(44) and coverage.of(46) and all(p == [] for p in coverage.of(44) + coverage.of(46))
    sets = coverage.of(45)
    # res, fd, level (SOL_SOCKET 1), optname (PPM), val (PT_DYN), optlen
    rcvbuf = [p for p in sets if p[3] == bytes([8])]
    assert rcvbuf and i64(rcvbuf[0][0]) == 0 and i64(rcvbuf[0][1]) == fd and rcvbuf[0][2] == b"\x01"
    assert rcvbuf[0][4] == b"\x02" + struct.pack("<I", 65536) and u32(rcvbuf[0][5]) == 4
    tmo = [p for p in sets if p[3] == bytes([20])]
    assert tmo and tmo[0][4] == b"\x04" + struct.pack("<Q", 2_500_000_000) and u32(tmo[0][5]) == 16
    get = coverage.one(47, lambda p: p[3] == bytes([3]))  # SO_TYPE
    assert i64(get[0]) == 0 and get[4] == b"\x02" + struct.pack("<I", socket.SOCK_STREAM) and u32(get[5]) == 4


@live
def test_filler_eventfd(coverage: Coverage) -> None:
    enters = coverage.of(62)
    assert [i64(p[0]) for p in enters][:2] == [7, 9]
    assert u32(enters[1][1]) == 0o2000000 | 0o4000
    assert {i64(p[0]) for p in coverage.of(63)} >= {coverage.out["efd"], coverage.out["efd2"]}


@live
def test_filler_links(coverage: Coverage) -> None:
    d, f = coverage.dir, coverage.dir / "file"
    assert coverage.one(309) == [struct.pack("<q", 0), z(f), z(d / "hard")]
    p = coverage.one(311)
    assert i64(p[0]) == 0 and i64(p[1]) == -100 and p[2] == z(f) and i64(p[3]) == -100
    assert p[4] == z(d / "hardat") and u32(p[5]) == 0x400
    assert coverage.one(179) == [struct.pack("<q", 0), b"target-of-symlink\0", z(d / "sym")]
    assert coverage.one(181) == [struct.pack("<q", 0), b"target-of-symlinkat\0", struct.pack("<q", -100),
                                 z(d / "symat")]
    assert coverage.of(308) and coverage.of(310) and coverage.of(178) and coverage.of(180)


@live
def test_filler_chmods_fchdir(coverage: Coverage) -> None:
    f, fd = coverage.dir / "file", coverage.out["fd"]
    assert coverage.one(315) == [struct.pack("<q", 0), z(f), struct.pack("<I", 0o640)]
    assert coverage.one(317) == [struct.pack("<q", 0), struct.pack("<q", fd), struct.pack("<I", 0o600)]
    assert coverage.one(313) == [struct.pack("<q", 0), struct.pack("<q", -100), z(f), struct.pack("<I", 0o4755)]
    assert i64(coverage.one(96)[0]) == coverage.out["dfd"]
    assert i64(coverage.one(97)[0]) == 0


@live
def test_filler_preadv_pwritev(coverage: Coverage) -> None:
    fd = coverage.out["fd"]
    assert coverage.one(120) == [struct.pack("<q", fd), struct.pack("<Q", 3)]
    assert coverage.one(121) == [struct.pack("<q", 8), struct.pack("<I", 8), b"3456789a"]
    assert coverage.one(122) == [struct.pack("<q", fd), struct.pack("<I", 8), struct.pack("<Q", 5)]
    assert coverage.one(123) == [struct.pack("<q", 8), b"WXYZwxyz"]


@live
def test_filler_memory_and_ids(coverage: Coverage) -> None:
    p = coverage.one(328, lambda p: i64(p[0]) == coverage.out["addr"])  # (the loader's mprotects come first)
    assert (i64(p[1]), u32(p[2])) == (4096, 1)
    assert coverage.of(329) and all(i64(p[0]) == 0 for p in coverage.of(329))
    assert u32(coverage.one(198)[0]) == os.getuid() and i64(coverage.one(199)[0]) == 0
    assert u32(coverage.one(200)[0]) == os.getgid() and i64(coverage.one(201)[0]) == 0
    assert [u32(x) for x in coverage.one(192)] == [0xFFFFFFFF] * 3 and coverage.of(193)
    assert [u32(x) for x in coverage.one(194)] == [0xFFFFFFFF] * 3 and coverage.of(195)


@live
def test_filler_namespaces_mount(coverage: Coverage) -> None:
    assert coverage.one(240) == [struct.pack("<q", 9999), struct.pack("<I", 16)]  # CLONE_NEWNET
    assert i64(coverage.one(241)[0]) < 0
    assert u32(coverage.one(284)[0]) == 128 and i64(coverage.one(285)[0]) == 0  # CLONE_NEWUTS
    assert u32(coverage.one(256)[0]) == 6  # NOSUID|NODEV, the magic number dropped
    p = coverage.one(257)
    assert i64(p[0]) < 0 and p[1:] == [b"nodev-src\0", z(coverage.dir), b"sysdigpy-nofs\0"]
    assert u32(coverage.one(258)[0]) == 2  # MNT_DETACH
    p = coverage.one(259)
    assert i64(p[0]) < 0 and p[1] == z(coverage.dir / "not-mounted")


@live
def test_filler_poll_family(coverage: Coverage) -> None:
    fd2 = coverage.out["pair"][1]
    p = coverage.one(254)
    assert p[0] == struct.pack("<HqH", 1, fd2, 1 | 4)  # one fd, POLLIN|POLLOUT
    assert i64(p[1]) == 1000 and u32(p[2]) == 1 << 9
    p = coverage.one(255)
    assert i64(p[0]) == 1 and p[1][:10] == struct.pack("<Hq", 1, fd2)
    assert u16(p[1][10:12]) & 0x4  # writable
    assert coverage.of(82) == [[]] and i64(coverage.one(83)[0]) == 0
    assert i64(coverage.one(78)[0]) == 4 and i64(coverage.one(79)[0]) == 0


@live
def test_filler_ptrace_bpf_seccomp_mmsg(coverage: Coverage) -> None:
    enters = coverage.of(168)
    assert [(u16(p[0]), i64(p[1])) for p in enters] == [(11, 999999999), (8, 999999999)]  # ATTACH, CONT
    exits = coverage.of(169)
    assert i64(exits[0][0]) < 0 and exits[0][1] == b"\0" + struct.pack("<Q", 0x1234)
    assert exits[1][2] == b"\x01\x0f"  # CONT's data is a signal: SIGTERM
    assert [i64(p[0]) for p in coverage.of(296)] == [0, 1]
    bx = coverage.of(297)
    assert [p[0][:1] for p in bx] == [b"\0", b"\x01"] and all(s64(p[0][1:]) < 0 for p in bx)
    assert i64(coverage.one(298)[0]) == 2 and i64(coverage.one(299)[0]) == coverage.out["seccomp"] == 0
    for code in (50, 51, 54, 55):
        assert coverage.of(code) == [[]]


@live
def test_filler_files_beyond_the_list(coverage: Coverage) -> None:
    d, f, fd = coverage.dir, coverage.dir / "file", coverage.out["fd"]
    assert coverage.one(264, lambda p: u32(p[0]) == 6)  # R_OK|W_OK (the interpreter's own come first)
    assert coverage.one(265, lambda p: p[1] == z(f)) == [struct.pack("<q", 0), z(f)]
    assert coverage.of(266) == [[]]
    p = coverage.one(267)
    assert i64(p[0]) < 0 and p[1] == b"/nonexistent-root\0"
    cwd = os.path.realpath(d)
    assert coverage.one(93, lambda p: p[1] == z(cwd)) == [struct.pack("<q", len(cwd) + 1), z(cwd)]
    assert coverage.one(242) == [struct.pack("<q", fd), struct.pack("<I", 6)]  # LOCK_EX|LOCK_NB
    assert i64(coverage.one(243)[0]) == 0
    ofd = coverage.out["ofd"]
    assert coverage.one(188) == [struct.pack("<q", ofd), struct.pack("<q", fd), struct.pack("<Q", 2),
                                 struct.pack("<Q", 4)]
    assert coverage.one(189) == [struct.pack("<q", 4), struct.pack("<Q", 6)]
    assert coverage.one(166) == [struct.pack("<q", fd), struct.pack("<q", coverage.out["pipew"]),
                                 struct.pack("<Q", 4), struct.pack("<I", 1)]
    assert i64(coverage.one(167)[0]) == 4
    assert coverage.one(332) == [struct.pack("<q", fd), struct.pack("<Q", 0), struct.pack("<Q", 3)]
    assert coverage.one(333) == [struct.pack("<q", 3), struct.pack("<q", ofd), struct.pack("<Q", 4)]
    assert [p[0] for p in coverage.of(138)] == [b"\0", b"\x02"]  # inotify_init, inotify_init1(IN_CLOEXEC)
    assert all(i64(p[0]) >= 0 for p in coverage.of(139))
    # O_CLOEXEC|O_NONBLOCK in PPM values, plus O_RDONLY (1): the 2022 driver's open_flags_to_scap adds it too
    assert u32(coverage.one(321)[1]) == 4096 | 64 | 1


@live
def test_filler_ids_and_limits_beyond_the_list(coverage: Coverage) -> None:
    pid = coverage.out["pid"]
    assert i64(coverage.one(275)[0]) == pid  # setsid
    assert coverage.one(294) == [struct.pack("<q", 0), struct.pack("<q", 0)]
    assert i64(coverage.one(295)[0]) < 0  # a session leader cannot change its group
    for code, want in ((203, os.getuid()), (205, os.geteuid()), (207, os.getgid()), (209, os.getegid())):
        assert coverage.of(code - 1) and u32(coverage.one(code)[0]) == want, code
    p = coverage.one(211)
    assert i64(p[0]) == 0 and [u32(x) for x in p[1:]] == [os.getuid()] * 3
    p = coverage.one(213)
    assert i64(p[0]) == 0 and [u32(x) for x in p[1:]] == [os.getgid()] * 3
    cur, mx = coverage.out["nofile"]
    assert coverage.one(140) == [b"\x07"] and coverage.one(142) == [b"\x07"]
    assert coverage.one(141) == [struct.pack("<q", 0), struct.pack("<Q", cur), struct.pack("<Q", mx)]
    assert coverage.one(143) == [struct.pack("<q", 0), struct.pack("<Q", cur), struct.pack("<Q", mx)]
    assert coverage.one(144, lambda p: p[1] == b"\x07") == [struct.pack("<q", 0), b"\x07"]
    old = [struct.pack("<Q", cur), struct.pack("<Q", mx)]
    assert coverage.one(145, lambda p: p[3:] == old)[:3] == [struct.pack("<q", 0), struct.pack("<q", -1),
                                                             struct.pack("<q", -1)]
