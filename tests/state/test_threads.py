from __future__ import annotations

from helpers import machine

from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.state.threads import ThreadTable
from sysdigpy.state.threads import concatenate_paths


def test_import_cwd_gets_trailing_slash_and_threads_share_main_cwd() -> None:
    st = machine()
    assert st.threads[100].cwd == "/home/user/"
    assert st.threads[101].cwd == ""
    assert st.threads[101].get_cwd() == "/home/user/"
    assert st.threads[101].main_thread() is st.threads[100]
    assert st.threads[100].parent() is st.threads[1]
    assert st.threads[100].nchilds == 1


def test_non_main_thread_fds_are_invisible_with_clone_files() -> None:
    meta = CaptureMetadata(procs=[ProcRecord(tid=10, pid=10, ptid=1, cwd="/"),
                                  ProcRecord(tid=11, pid=10, ptid=1, flags=8193)],
                           fds={11: [FdRecord(fd=3, ino=0, fdtype=1, name="/x")]})
    table = ThreadTable.from_metadata(meta)
    assert table[11].get_fd(3) is None
    assert table[11].fdtable[3].name == "/x"


def test_placeholder_thread() -> None:
    table = ThreadTable()
    assert table.get_ref(42, False) is None
    t = table.get_ref(42, True)
    assert t is not None and (t.comm, t.exe, t.pid, t.ptid) == ("<NA>", "<NA>", 42, -1)
    assert (t.uid, t.gid, t.loginuid) == (0xFFFFFFFF,) * 3
    assert table.get(42) is t


def test_remove_keeps_main_thread_with_children() -> None:
    st = machine()
    assert not st.threads.remove(100)
    assert st.threads.remove(101)
    assert st.threads[100].nchilds == 0
    assert st.threads.remove(100)


def test_concatenate_paths() -> None:
    assert concatenate_paths("/home/user/", "a/../b/./c//d/") == "/home/user/b/c/d"
    assert concatenate_paths("/home/user/", "/etc/passwd") == "/etc/passwd"
    assert concatenate_paths("/a/b/", "../../..") == "/"
    assert concatenate_paths("/a/", "x", 0) == "x"  # length 0: path2 taken alone
    assert concatenate_paths("/a/", b"\0", 1) == "/a"  # an empty string parameter (just its NUL)
    assert concatenate_paths("/a/", "") == ""
    assert concatenate_paths("/a/", "foo./bar") == "/a/foobar"  # sinsp quirk: "./" anywhere is dropped
