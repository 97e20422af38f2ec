"""ScapWriter: round trips through our reader and through the real sysdig 0.29.3.

sysdig must be installed: these tests fail (they do not skip) without /usr/bin/sysdig.
"""

from __future__ import annotations

import dataclasses
import gzip
import os
import random
import signal
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sysdigpy.errors import CaptureFormatError
from sysdigpy.probe import blocks as B
from sysdigpy.probe import scapwriter
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.rawevent import build
from sysdigpy.probe.scapfile import read_capture
from sysdigpy.probe.scapwriter import CaptureWriteError
from sysdigpy.probe.scapwriter import ScapWriter
from sysdigpy.probe.scapwriter import copy_capture

CAPTURES = Path(__file__).resolve().parents[2].parent / "shared" / "captures"
SYSDIG = "/usr/bin/sysdig"
REPO = Path(__file__).resolve().parents[2]
ALL = sorted(p.name for p in CAPTURES.glob("*.scap"))
# sysdig 0.29.3 refuses this one (pcapng options in its SHB); it is otherwise libs_curl_google
COMMENTS = "libs_curl_google_comments.scap"
# V9 tail fields of libs >= 0.10 that the 0.29.3 profile (5-byte tail) does not carry
NEW_TAIL = ("pidns_init_start_ts", "tty", "cap_inheritable", "cap_permitted", "cap_effective",
            "exe_upper_layer", "exe_ino", "exe_ino_ctime", "exe_ino_mtime")


def sysdig(path: str | Path) -> subprocess.CompletedProcess[bytes]:
    assert os.path.exists(SYSDIG), f"{SYSDIG} is required by these tests (the reference sysdig 0.29.3)"
    return subprocess.run([SYSDIG, "-r", str(path)], capture_output=True, env={**os.environ, "TZ": "UTC"},
                          timeout=120)


def items(path: str | Path) -> tuple[list[CaptureMetadata], list[tuple[bytes, int, int]]]:
    metas, events = [], []
    for it in read_capture(str(path)):
        if isinstance(it, CaptureMetadata):
            metas.append(it)
        else:
            events.append((it.data, it.cpu, it.flags))
    return metas, events


def as_written(meta: CaptureMetadata) -> CaptureMetadata:
    """What the 0.29.3 writer profile keeps of a source's metadata."""
    m = dataclasses.replace(meta, shb_minor=2, procs=[dataclasses.replace(p) for p in meta.procs])
    defaults = ProcRecord(tid=0, pid=0, ptid=0)
    for p in m.procs:
        p.tail_len = 5
        for name in NEW_TAIL:
            setattr(p, name, getattr(defaults, name))
    return m


@pytest.fixture(scope="module")
def sysdig_out() -> dict[str, subprocess.CompletedProcess[bytes]]:
    return {name: sysdig(CAPTURES / name) for name in ALL}


def test_corpus_present() -> None:
    assert len(ALL) >= 9 and COMMENTS in ALL


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("name", ALL)
def test_round_trip_reader(name: str, compress: bool, tmp_path: Path) -> None:
    out = tmp_path / "copy.scap"
    w = copy_capture(str(CAPTURES / name), str(out), compress)
    metas, events = items(CAPTURES / name)
    metas2, events2 = items(out)
    assert events2 == events
    assert metas2 == [as_written(m) for m in metas]
    assert w.events_written == len(events)
    raw = out.read_bytes()
    assert (raw[:2] == b"\x1f\x8b") is compress
    if not compress:
        assert w.bytes_written == len(raw) == w.file_bytes


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("name", ALL)
def test_sysdig_reads_copy_identically(name: str, compress: bool, tmp_path: Path,
                                       sysdig_out: dict[str, subprocess.CompletedProcess[bytes]]) -> None:
    out = tmp_path / "copy.scap"
    copy_capture(str(CAPTURES / name), str(out), compress)
    ours = sysdig(out)
    assert ours.returncode == 0, ours.stderr
    if name == COMMENTS:
        assert sysdig_out[name].returncode != 0
        expected = sysdig_out["libs_curl_google.scap"]
    else:
        expected = sysdig_out[name]
        assert expected.returncode == 0
    assert ours.stdout == expected.stdout
    assert ours.stdout or name == "falco_empty.scap"


def test_block_layout(tmp_path: Path) -> None:
    """SHB 1.2 of 28 bytes, MI even without a source MI, one FDL per process, EV/EVF/_LARGE types."""
    meta = CaptureMetadata(procs=[ProcRecord(tid=10, pid=10, ptid=1, comm="a"),
                                  ProcRecord(tid=11, pid=10, ptid=1, comm="a")],
                           fds={10: [FdRecord(fd=3, ino=0, fdtype=19, name="memfd:x"),
                                     FdRecord(fd=4, ino=7, fdtype=16, name="/etc/passwd", open_flags=1, dev=0x803)]})
    ev = build(307, 1_700_000_000_000_002_000, 10,  # openat exit of scap-format.md §13.3
               [struct.pack("<q", 3), struct.pack("<q", -100), b"/etc/passwd\0", struct.pack("<I", 4097),
                struct.pack("<I", 0), struct.pack("<I", 0x803)])
    state_only = RawEvent(ev.data, cpu=2, flags=1)
    large = build(324, 2, -1, [b'{"container":{}}\0'])
    out = tmp_path / "l.scap"
    with ScapWriter(str(out)) as w:
        w.write_metadata(meta)
        for e in (ev, state_only, large, RawEvent(large.data, 0, 1 | scapwriter.DF_LARGE)):
            w.write_event(e)
    raw = out.read_bytes()
    types = []
    pos = 0
    while pos < len(raw):
        btype, blen = struct.unpack_from("<II", raw, pos)
        assert blen % 4 == 0 and struct.unpack_from("<I", raw, pos + blen - 4)[0] == blen
        types.append(btype)
        pos += blen
    assert types == [B.SHB, B.MI, B.PL_V9, B.FDL_V2, B.FDL_V2, B.EV_V2, B.EVF_V2, B.EV_V2_LARGE, B.EVF_V2_LARGE]
    assert raw[:28] == struct.pack("<IIIHHqI", B.SHB, 28, B.MAGIC, 1, 2, -1, 28)
    assert struct.unpack_from("<I", raw, 36)[0] == 0xFFFFFFFF  # num_cpus of a made-up MI
    metas, events = items(out)
    assert [f.fdtype for f in metas[0].fds[10]] == [10, 16]  # memfd (HEAD only) becomes unsupported
    assert metas[0].fds[10][1].dev == 0x803 and metas[0].fds[11] == []
    assert [(c, f) for _d, c, f in events] == [(0, 0), (2, 1), (0, 0), (0, 1)]
    assert sysdig(out).returncode == 0


def test_state_only_events_hidden_by_sysdig(tmp_path: Path) -> None:
    out = tmp_path / "s.scap"
    with ScapWriter(str(out)) as w:
        for it in read_capture(str(CAPTURES / "libs_sample.scap")):
            if isinstance(it, CaptureMetadata):
                w.write_metadata(it)
            else:
                w.write_event(RawEvent(it.data, it.cpu, 1))
    res = sysdig(out)
    assert res.returncode == 0 and res.stdout == b""


# ---- truncation -----------------------------------------------------------------------------

def _block_ends(raw: bytes) -> tuple[list[int], list[int]]:
    """(end offset of every block, end offset of every event block)."""
    ends, ev_ends, pos = [], [], 0
    event_types = {B.EV_V2, B.EVF_V2, B.EV_V2_LARGE, B.EVF_V2_LARGE}
    while pos < len(raw):
        btype, blen = struct.unpack_from("<II", raw, pos)
        pos += blen
        ends.append(pos)
        if btype in event_types:
            ev_ends.append(pos)
    return ends, ev_ends


def _read_cut(path: Path) -> tuple[list[bytes], BaseException | None]:
    got: list[bytes] = []
    try:
        for it in read_capture(str(path)):
            if not isinstance(it, CaptureMetadata):
                got.append(it.data)
    except Exception as exc:  # noqa: BLE001 - the test checks the type
        return got, exc
    return got, None


@pytest.mark.parametrize("name", ["libs_sample.scap", "falco_cat_write.scap"])
def test_truncated_copies(name: str, tmp_path: Path) -> None:
    full = tmp_path / "full.scap"
    copy_capture(str(CAPTURES / name), str(full))
    raw = full.read_bytes()
    _metas, events = items(full)
    datas = [d for d, _c, _f in events]
    ends, ev_ends = _block_ends(raw)
    rng = random.Random(5)
    cuts = sorted(set(ends) | {e - 1 for e in ends[:-len(ev_ends)]} | {rng.randrange(1, len(raw)) for _ in range(300)})
    cut_file = tmp_path / "cut.scap"
    problems = []
    for cut in cuts:
        cut_file.write_bytes(raw[:cut])
        got, exc = _read_cut(cut_file)
        complete = sum(1 for e in ev_ends if e <= cut)
        if got != datas[:complete]:
            problems.append(f"cut {cut}: {len(got)} events, expected {complete}")
        if exc is None and cut not in ends:
            problems.append(f"cut {cut} (inside a block): no error")
        if exc is not None and not isinstance(exc, CaptureFormatError):
            problems.append(f"cut {cut}: {type(exc).__name__}: {exc}")
        if exc is not None and cut in ends and cut >= ev_ends[0]:
            problems.append(f"cut {cut} (block boundary after events): {exc}")
    assert not problems, "\n".join(problems[:20])


def test_truncated_gzip_copy(tmp_path: Path) -> None:
    """A cut gzip stream: a CaptureFormatError, never another exception, never a wrong event."""
    full = tmp_path / "full.scap.gz"
    copy_capture(str(CAPTURES / "libs_sample.scap"), str(full), compress=True)
    raw = full.read_bytes()
    datas = [d for d, _c, _f in items(full)[1]]
    cut_file = tmp_path / "cut.scap"
    rng = random.Random(7)
    for cut in sorted({rng.randrange(20, len(raw) - 8) for _ in range(60)}):
        cut_file.write_bytes(raw[:cut])
        got, exc = _read_cut(cut_file)
        assert isinstance(exc, CaptureFormatError), (cut, exc)
        assert got == datas[:len(got)]


def test_truncated_gzip_keeps_events_before_cut(tmp_path: Path) -> None:
    full = tmp_path / "full.scap.gz"
    copy_capture(str(CAPTURES / "libs_sample.scap"), str(full), compress=True)
    raw = full.read_bytes()
    cut_file = tmp_path / "cut.scap"
    cut_file.write_bytes(raw[:-8])  # only the gzip trailer (crc, size) is missing
    got, exc = _read_cut(cut_file)
    assert isinstance(exc, CaptureFormatError)
    assert len(got) == len(items(full)[1])


# ---- robustness -------------------------------------------------------------------------------

@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_disk_full(compress: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC: a one-line CaptureWriteError; the file reads up to its last complete event."""
    capacity = 150_000 if not compress else 60_000  # a disk that frees what ftruncate drops
    real_write = os.write

    def write(fd: int, data: memoryview) -> int:
        room = capacity - os.fstat(fd).st_size
        if room <= 0:
            raise OSError(28, "No space left on device")
        return real_write(fd, data[:room])

    monkeypatch.setattr(scapwriter.os, "write", write)
    out = tmp_path / "full.scap"
    src = list(read_capture(str(CAPTURES / "libs_sample.scap")))
    w = ScapWriter(str(out), compress, buffer_size=16 * 1024)
    with pytest.raises(CaptureWriteError) as info:
        for _ in range(20):
            for it in src:
                if isinstance(it, CaptureMetadata):
                    w.write_metadata(it)
                else:
                    w.write_event(it)
    w.close()
    msg = str(info.value)
    assert "\n" not in msg and "no space left" in msg
    monkeypatch.undo()
    got, exc = _read_cut(out)
    written = [it.data for it in src if not isinstance(it, CaptureMetadata)] * 20
    assert got and got == written[:len(got)]
    assert exc is None
    if compress:  # cut back to the last flush point, then the stream was closed there
        assert len(got) < len(written) and gzip.decompress(out.read_bytes())
    else:  # cut back to a whole block
        assert out.stat().st_size % 4 == 0


CHILD = textwrap.dedent("""
    import signal, sys
    from sysdigpy.probe.scapfile import read_capture
    from sysdigpy.probe.metadata import CaptureMetadata
    from sysdigpy.probe.scapwriter import ScapWriter
    if sys.argv[3] == "term":
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    src = list(read_capture(sys.argv[1]))
    w = ScapWriter(sys.argv[2], sys.argv[4] == "1", buffer_size=int(sys.argv[5]))
    n = 0
    try:
        w.write_metadata(src[0])
        while True:
            for ev in src[1:]:
                w.write_event(ev)
                n += 1
                if n == 2000:
                    print("ready", flush=True)
    finally:
        w.close()
""")


@pytest.mark.parametrize("how", ["int", "term"])
@pytest.mark.parametrize("compress", ["0", "1"], ids=["plain", "gzip"])
@pytest.mark.parametrize("bufsize", ["4096", "1048576"])
def test_interrupted_writer_leaves_complete_file(how: str, compress: str, bufsize: str, tmp_path: Path) -> None:
    out = tmp_path / "int.scap"
    src = str(CAPTURES / "falco_ping_sendto.scap")
    proc = subprocess.Popen([sys.executable, "-c", CHILD, src, str(out), how, compress, bufsize],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"ready\n"
    time.sleep(random.uniform(0.05, 0.4))
    proc.send_signal(signal.SIGINT if how == "int" else signal.SIGTERM)
    _o, err = proc.communicate(timeout=60)
    assert proc.returncode in ((1, -2) if how == "int" else (143,)), err
    if how == "int":
        assert b"KeyboardInterrupt" in err
    got, exc = _read_cut(out)
    assert exc is None, exc
    assert len(got) >= 2000
    cycle = [d for d, _c, _f in items(src)[1]]
    assert got == [cycle[i % len(cycle)] for i in range(len(got))]
