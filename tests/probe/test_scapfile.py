"""The .scap reader: every block type and version, v1 events, and every kind of damage."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from sysdigpy.errors import CaptureFormatError
from sysdigpy.probe import blocks as B
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.scapfile import read_capture
from sysdigpy.probe.synthetic import make_raw

CAPTURES = Path(__file__).resolve().parents[2].parent / "shared" / "captures"


def blk(btype: int, body: bytes) -> bytes:
    pad = (-len(body)) % 4
    total = 12 + len(body) + pad
    return struct.pack("<II", btype, total) + body + b"\0" * pad + struct.pack("<I", total)


def shb(major: int = 1, minor: int = 2, options: bytes = b"") -> bytes:
    return blk(B.SHB, struct.pack("<IHHq", B.MAGIC, major, minor, -1) + options)


def lstr(s: str) -> bytes:
    return struct.pack("<H", len(s)) + s.encode()


def proc_record(version: int, tid: int = 42, comm: str = "cat") -> bytes:
    """A process-list record of any layout version (scap-format §6.1)."""
    b = struct.pack("<QQQ", tid, tid, 1)
    if version >= 6:
        b += struct.pack("<q", 7)  # sid
    if version >= 8:
        b += struct.pack("<q", 8)  # vpgid
    b += lstr(comm) + lstr("/bin/" + comm)
    if version >= 7:
        b += lstr("/usr/bin/" + comm)
    b += lstr("a\0b\0") + lstr("/root") + struct.pack("<qIII", 1024, 0, 0, 0)
    if version >= 2:
        b += struct.pack("<IIIQQ", 100, 50, 0, 1, 2)
    if version >= 3:
        b += lstr("HOME=/root\0")
    if version >= 4:
        b += struct.pack("<qq", tid, tid) + lstr("cpu=/\0")
    if version >= 5:
        b += lstr("/")
    if version == 9:
        b += struct.pack("<IB", 1000, 1)
        b = struct.pack("<I", len(b) + 4) + b
    return b


PL_TYPES = {1: B.PL_V1, 2: B.PL_V2, 3: B.PL_V3, 4: B.PL_V4, 5: B.PL_V5, 6: B.PL_V6, 7: B.PL_V7,
            8: B.PL_V8, 9: B.PL_V9}


def ev_v2(raw: RawEvent, btype: int = B.EV_V2, flags: int | None = None) -> bytes:
    head = struct.pack("<H", raw.cpu) + (struct.pack("<I", flags) if flags is not None else b"")
    return blk(btype, head + raw.data)


def ev_v1(raw: RawEvent) -> bytes:
    """The same event with a v1 header: no parameter count, len 4 bytes shorter."""
    ts, tid, elen, code, _n = struct.unpack_from("<QqIHI", raw.data)
    return blk(B.EV, struct.pack("<HQqIH", raw.cpu, ts, tid, elen - 4, code) + raw.data[26:])


def read_all(tmp_path: Path, data: bytes, name: str = "x.scap") -> list[CaptureMetadata | RawEvent]:
    p = tmp_path / name
    p.write_bytes(data)
    return list(read_capture(str(p)))


OPEN_X = make_raw("openat", direction="<", ts=5, tid=42,
                  params={"fd": 3, "dirfd": -100, "name": "/etc/passwd", "flags": 1, "mode": 0, "dev": 0})


@pytest.mark.parametrize("version", sorted(PL_TYPES))
def test_process_list_every_version(tmp_path: Path, version: int) -> None:
    items = read_all(tmp_path, shb() + blk(PL_TYPES[version], proc_record(version)) + ev_v2(OPEN_X))
    meta = items[0]
    assert isinstance(meta, CaptureMetadata)
    (p,) = meta.procs
    assert (p.tid, p.comm, p.exe, p.args, p.cwd, p.fdlimit) == (42, "cat", "/bin/cat", ["a", "b"], "/root", 1024)
    assert p.vmsize_kb == (100 if version >= 2 else 0)
    assert p.env == (["HOME=/root"] if version >= 3 else [])
    assert p.cgroups == ([("cpu", "/")] if version >= 4 else [])
    assert p.sid == (7 if version >= 6 else -1)
    assert p.exepath == ("/usr/bin/cat" if version >= 7 else "")
    assert p.loginuid == (1000 if version == 9 else 0xFFFFFFFF)


def fd_file_v1(fd: int, path: str) -> bytes:
    return struct.pack("<qQB", fd, 1, 1) + lstr(path)


def test_fd_lists_v1_and_v2(tmp_path: Path) -> None:
    v2 = struct.pack("<qQB", 4, 2, 16) + struct.pack("<I", 3) + lstr("/tmp/x") + struct.pack("<I", 0x803)
    v2 = struct.pack("<I", len(v2) + 4) + v2
    sock = struct.pack("<qQB", 5, 3, 3) + bytes([127, 0, 0, 1, 10, 0, 0, 2]) + struct.pack("<HHB", 40000, 80, 2)
    data = (shb() + blk(B.PL_V9, proc_record(9)) + blk(B.FDL, struct.pack("<Q", 42) + fd_file_v1(3, "/etc/a")
                                                        + sock)
            + blk(B.FDL_V2, struct.pack("<Q", 42) + v2) + ev_v2(OPEN_X))
    meta = read_all(tmp_path, data)[0]
    fds = meta.fds[42]
    assert [(f.fd, f.fdtype, f.name) for f in fds] == [(3, 1, "/etc/a"), (5, 3, ""), (4, 16, "/tmp/x")]
    assert (fds[1].sport, fds[1].dport, fds[1].l4proto) == (40000, 80, 2)
    assert (fds[2].open_flags, fds[2].dev) == (3, 0x803)


def test_fd_list_for_unknown_thread_is_an_error(tmp_path: Path) -> None:
    data = shb() + blk(B.PL_V9, proc_record(9)) + blk(B.FDL, struct.pack("<Q", 99) + fd_file_v1(3, "/x"))
    with pytest.raises(CaptureFormatError, match="tid 99"):
        read_all(tmp_path, data + ev_v2(OPEN_X))


def test_user_and_interface_lists_v1_and_v2(tmp_path: Path) -> None:
    user = b"\0" + struct.pack("<II", 1000, 1000) + lstr("alice") + lstr("/home/alice") + lstr("/bin/sh")
    group = b"\1" + struct.pack("<I", 1000) + lstr("staff")
    ul2 = b"".join(struct.pack("<I", len(r) + 4) + r for r in (user, group))
    if4 = struct.pack("<HH", 1, 2) + bytes([10, 0, 0, 1]) + bytes(4) + bytes(4) + struct.pack("<Q", 1000) + b"lo"
    il2 = struct.pack("<I", len(if4)) + if4
    for ul_type, ul, il_type, il in ((B.UL, user + group, B.IL, if4), (B.UL_V2, ul2, B.IL_V2, il2)):
        meta = read_all(tmp_path, shb() + blk(il_type, il) + blk(ul_type, ul) + ev_v2(OPEN_X))[0]
        assert [(u.uid, u.name, u.homedir, u.shell) for u in meta.users] == [(1000, "alice", "/home/alice",
                                                                               "/bin/sh")]
        assert [(g.gid, g.name) for g in meta.groups] == [(1000, "staff")]
        assert [(i.name, i.addr) for i in meta.ifaces] == [("lo", bytes([10, 0, 0, 1]))]


def test_machine_info(tmp_path: Path) -> None:
    mi = struct.pack("<IQQ", 4, 1 << 30, 0) + b"host".ljust(128, b"\0") + struct.pack("<QQQQ", 77, 0, 0, 0)
    meta = read_all(tmp_path, shb() + blk(B.MI, mi) + ev_v2(OPEN_X))[0]
    assert (meta.machine.num_cpus, meta.machine.hostname, meta.machine.boot_ts) == (4, "host", 77)


def test_v1_events_infer_their_parameter_count(tmp_path: Path) -> None:
    short = make_raw("open", direction="<", ts=9, tid=42,
                     params={"fd": 3, "name": "/x", "flags": 1, "mode": 0})  # the old 4-parameter layout
    items = read_all(tmp_path, shb() + ev_v1(OPEN_X) + ev_v1(short))
    assert [e.data for e in items[1:]] == [OPEN_X.data, short.data]
    assert items[2].nparams == 4


@pytest.mark.parametrize(("btype", "flags"), [(B.EV_V2, None), (B.EVF_V2, 1), (B.EV_V2_LARGE, None),
                                              (B.EVF_V2_LARGE, 2)])
def test_v2_event_blocks(tmp_path: Path, btype: int, flags: int | None) -> None:
    (ev,) = read_all(tmp_path, shb() + ev_v2(OPEN_X, btype, flags))[1:]
    assert ev.data == OPEN_X.data and ev.flags == (flags or 0)
    assert [p for p in ev.params()][2] == b"/etc/passwd\0"


def test_large_payload_events_use_32_bit_lengths(tmp_path: Path) -> None:
    big = make_raw(324, ts=1, tid=-1, json='{"container":{"id":"abc"}}' + " " * 70000)
    (ev,) = read_all(tmp_path, shb() + ev_v2(big, B.EV_V2_LARGE))[1:]
    assert len(ev.params()[0]) > 70000


def test_unknown_blocks_are_skipped_and_sections_restart(tmp_path: Path) -> None:
    data = shb() + blk(0x7777, b"junk") + ev_v2(OPEN_X) + blk(0x7778, b"late") + shb(minor=0) + ev_v2(OPEN_X)
    kinds = [type(i).__name__ for i in read_all(tmp_path, data)]
    assert kinds == ["CaptureMetadata", "RawEvent", "CaptureMetadata", "RawEvent"]


def test_event_ids_beyond_the_table_are_skipped(tmp_path: Path) -> None:
    weird = OPEN_X.data[:20] + struct.pack("<H", 999) + OPEN_X.data[22:]
    assert len(read_all(tmp_path, shb() + blk(B.EV_V2, b"\0\0" + weird) + ev_v2(OPEN_X))) == 2


def test_gzip_and_pcapng_options(tmp_path: Path) -> None:
    opts = struct.pack("<HH", 1, 5) + b"hello\0\0\0" + struct.pack("<HH", 0, 0)
    data = gzip.compress(shb(options=opts) + ev_v2(OPEN_X))
    assert read_all(tmp_path, data)[1].data == OPEN_X.data


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"hello\n", "not a capture"),
    (b"\xd4\xc3\xb2\xa1" + bytes(20), "not a capture"),
    (shb()[:8] + struct.pack(">I", B.MAGIC) + shb()[12:], "big-endian"),
    (shb(major=2), "unsupported capture version"),
])
def test_files_that_are_not_captures(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(CaptureFormatError, match=message):
        read_all(tmp_path, data)


def test_missing_file() -> None:
    with pytest.raises(CaptureFormatError, match="can't open file"):
        list(read_capture("/nonexistent/x.scap"))


@pytest.mark.parametrize("compress", [False, True])
def test_a_cut_at_any_byte_keeps_every_complete_event(tmp_path: Path, compress: bool) -> None:
    whole = shb() + blk(B.PL_V9, proc_record(9)) + b"".join(ev_v2(OPEN_X) for _ in range(5))
    sizes = [len(shb()) + len(blk(B.PL_V9, proc_record(9))) + k * len(ev_v2(OPEN_X)) for k in range(6)]
    for cut in range(1, len(whole)):
        data = whole[:cut]
        if compress:
            data = gzip.compress(whole)[: max(1, cut * len(gzip.compress(whole)) // len(whole))]
        got: list[object] = []
        try:
            for item in read_capture(str(_write(tmp_path, data))):
                got.append(item)
        except CaptureFormatError:
            pass
        if not compress:
            complete = sum(1 for s in sizes[1:] if s <= cut)
            assert sum(isinstance(i, RawEvent) for i in got) == complete, cut


def _write(tmp_path: Path, data: bytes) -> Path:
    p = tmp_path / "cut.scap"
    p.write_bytes(data)
    return p


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_only_raise_capture_format_error(data: bytes) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".scap") as f:
        f.write(shb() + data)
        f.flush()
        try:
            list(read_capture(f.name))
        except CaptureFormatError:
            pass


@pytest.mark.parametrize("name", ["falco_cat_write", "libs_sample", "falco_ping_sendto"])
def test_real_captures_read_whole(name: str) -> None:
    items = list(read_capture(str(CAPTURES / f"{name}.scap")))
    assert isinstance(items[0], CaptureMetadata) and len(items) > 100
