"""--filter-proclist: the process table of a -w file goes through the filter, as sysdig 0.29.3 does it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sysdigpy.fields.context import FieldContext
from sysdigpy.filter.compiler import compile_filter
from sysdigpy.format.proclist import filter_proc_table
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.probe.metadata import UserRecord
from sysdigpy.probe.scapfile import read_capture
from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdigpy

SYSDIG = shutil.which("sysdig") or "/usr/bin/sysdig"


def table_of(path: Path) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """(tid, comm, [(fd, name)]) of every process-table entry of a capture's first section."""
    meta = next(it for it in read_capture(str(path)) if isinstance(it, CaptureMetadata))
    return [(p.tid, p.comm, [(f.fd, f.name) for f in meta.fds.get(p.tid, [])]) for p in meta.procs]


def sysdig(*args: str) -> subprocess.CompletedProcess[bytes]:
    assert os.path.exists(SYSDIG), "sysdig 0.29.3 must be installed (scripts/setup.sh --dev)"
    return subprocess.run([SYSDIG, *args], capture_output=True, env=dict(os.environ, TZ="UTC"), timeout=120)


def meta_of(text: str, meta: CaptureMetadata) -> CaptureMetadata:
    ctx = FieldContext()
    return filter_proc_table(meta, compile_filter(text, ctx), ctx)


def small_table() -> CaptureMetadata:
    """init (1) with a tty and /dev/null; a shell (10) and its thread (11); cat (12), child of the shell."""
    tty = [FdRecord(fd=n, ino=3, fdtype=16, name="/dev/pts/0", open_flags=3) for n in (0, 1, 2)]
    return CaptureMetadata(
        procs=[ProcRecord(tid=1, pid=1, ptid=0, comm="init", uid=0, gid=0),
               ProcRecord(tid=10, pid=10, ptid=1, comm="sh", uid=1000, gid=1000),
               ProcRecord(tid=11, pid=10, ptid=1, comm="sh", uid=1000, gid=1000),
               ProcRecord(tid=12, pid=12, ptid=10, comm="cat", uid=1000, gid=1000)],
        fds={1: [FdRecord(fd=0, ino=5, fdtype=16, name="/dev/null", open_flags=1)], 10: tty,
             12: [*tty, FdRecord(fd=3, ino=9, fdtype=16, name="/etc/hostname", open_flags=1)]},
        users=[UserRecord(0, 0, "root"), UserRecord(1000, 1000, "alice")], has_users=True)


def tids(meta: CaptureMetadata) -> list[int]:
    return [p.tid for p in meta.procs]


# ---- the rules, on a table built here ------------------------------------------------------------

def test_threads_without_a_matching_fd_are_dropped() -> None:
    out = meta_of("proc.name=sh", small_table())
    assert tids(out) == [10]  # the shell's thread 11 has no fd of its own: never kept
    assert [f.fd for f in out.fds[10]] == [0, 1, 2]


def test_fds_that_do_not_match_are_dropped() -> None:
    out = meta_of("fd.name=/etc/hostname", small_table())
    assert tids(out) == [12] and [f.name for f in out.fds[12]] == ["/etc/hostname"]
    out = meta_of("proc.name=cat and fd.num<2", small_table())
    assert [f.fd for f in out.fds[12]] == [0, 1]


def test_the_fake_event_is_a_read_exit() -> None:
    meta = small_table()
    assert tids(meta_of("evt.type=read and evt.dir='<' and evt.num=0", meta)) == [1, 10, 12]
    assert tids(meta_of("evt.type=open", meta)) == []
    assert tids(meta_of("evt.res=0", meta)) == []


def test_no_fd_name_has_changed() -> None:
    meta = small_table()
    assert tids(meta_of("fd.name_changed=false", meta)) == [1, 10, 12]
    assert tids(meta_of("fd.name_changed=true", meta)) == []


def test_users_are_not_known_yet_but_uids_are() -> None:
    meta = small_table()
    assert tids(meta_of("user.name=alice", meta)) == []
    assert tids(meta_of("user.uid=1000", meta)) == [10, 12]


def test_parents_are_found_only_when_listed_before() -> None:
    meta = small_table()
    assert tids(meta_of("proc.pname=sh", meta)) == [12]
    meta.procs.reverse()  # cat now comes before its parent
    assert tids(meta_of("proc.pname=sh", meta)) == []


def test_the_run_keeps_its_own_state() -> None:
    ctx = FieldContext()
    before = object()
    ctx.state = before  # type: ignore[assignment]
    filter_proc_table(small_table(), compile_filter("proc.name=cat", ctx), ctx)
    assert ctx.state is before


# ---- through the command line ---------------------------------------------------------------------

def test_copy_keeps_only_the_matching_threads(tmp_path: Path) -> None:
    out = tmp_path / "out.scap"
    src = CAPTURES / "libs_sample.scap"
    res = run_sysdigpy(["-r", str(src), "-w", str(out), "--filter-proclist", "proc.name=multipathd"])
    assert res.returncode == 0, res.stderr
    table = table_of(out)
    assert [(tid, comm) for tid, comm, _ in table] == [(418, "multipathd")]
    whole = dict((tid, fds) for tid, _, fds in table_of(src))
    assert table[0][2] == whole[418] and len(whole[418]) == 10
    # sysdig 0.29.3 reads the file, and prints what it prints for its own copy with the flag (the threads
    # left out show as <NA>) and what sysdigpy prints
    own = tmp_path / "own.scap"
    assert sysdig("-r", str(src), "-w", str(own), "--filter-proclist", "proc.name=multipathd").returncode == 0
    theirs = sysdig("-r", str(out))
    assert theirs.returncode == 0, theirs.stderr
    assert theirs.stdout == sysdig("-r", str(own)).stdout
    assert theirs.stdout == run_sysdigpy(["-r", str(out)]).stdout
    assert b" <NA> (432) " in theirs.stdout  # a thread of multipathd: not written, no fd of its own


def test_event_type_filters_leave_an_empty_table(tmp_path: Path) -> None:
    """Not the copy by event ids, which copies the tables whole: the fake event is a read."""
    out = tmp_path / "out.scap"
    run_sysdigpy(["-r", str(CAPTURES / "libs_sample.scap"), "-w", str(out), "--filter-proclist", "evt.type=open"])
    assert table_of(out) == []
    theirs = sysdig("-r", str(out))
    assert theirs.returncode == 0, theirs.stderr
    assert theirs.stdout == run_sysdigpy(["-r", str(out)]).stdout


FILTERS = ["proc.name=bash", "fd.num<3", "fd.type=ipv4 or proc.name=curl", "user.uid=0 and fd.type=unix",
           "proc.pname=systemd", "user.name=root", "fd.name contains /run and not proc.name=systemd",
           "evt.type=read"]


@pytest.mark.parametrize("capture", ["libs_sample", "falco_connect_localhost", "libs_curl_google"])
def test_same_table_as_sysdig(tmp_path: Path, capture: str) -> None:
    # sysdig 0.29.3 cannot re-save captures with a v1 interface list: it filters our plain copy
    copy = tmp_path / "copy.scap"
    assert run_sysdigpy(["-r", str(CAPTURES / f"{capture}.scap"), "-w", str(copy)]).returncode == 0
    for text in FILTERS:
        ours, theirs = tmp_path / "ours.scap", tmp_path / "theirs.scap"
        res = run_sysdigpy(["-r", str(copy), "-w", str(ours), "--filter-proclist", text])
        assert res.returncode == 0, res.stderr
        assert sysdig("-r", str(copy), "-w", str(theirs), "--filter-proclist", text).returncode == 0
        assert table_of(ours) == table_of(theirs), text


def test_needs_a_filter(tmp_path: Path) -> None:
    res = run_sysdigpy(["-r", str(CAPTURES / "libs_sample.scap"), "-w", str(tmp_path / "x.scap"),
                        "--filter-proclist"])
    assert res.returncode == 2
    assert res.stderr == b"you must specify a filter if you use --filter-proclist\n"
    assert not (tmp_path / "x.scap").exists()
