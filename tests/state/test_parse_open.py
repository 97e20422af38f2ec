from __future__ import annotations

from factories import enter
from factories import exit_
from helpers import machine

from sysdigpy.state import fds as F


def test_open_relative_to_cwd() -> None:
    st = machine()
    st.process(enter("open", tid=100, name="docs/../a.txt", flags=1, mode=0))
    e = exit_("open", tid=100, fd=3, name="docs/../a.txt", flags=1, mode=0, dev=0x803)
    st.process(e)
    assert e.fdinfo is not None and e.fdinfo.name == "/home/user/a.txt"
    assert (e.fdinfo.type, e.fdinfo.openflags, e.fdinfo.dev) == (F.FD_FILE, 1, 0x803)
    assert st.threads[100].get_fd(3) is e.fdinfo


def test_open_directory_flag() -> None:
    st = machine()
    st.process(enter("open", tid=100, name="/etc", flags=1 << 10))
    st.process(exit_("open", tid=100, fd=4, name="/etc", flags=1 << 10))
    assert st.threads[100].get_fd(4).type == F.FD_DIRECTORY


def test_openat_with_dirfd_and_old_openat_uses_enter() -> None:
    st = machine()
    st.process(enter(306, tid=100, dirfd=5, name="x", flags=0))
    st.process(exit_(307, tid=100, fd=6, dirfd=5, name="x", flags=0))
    assert st.threads[100].get_fd(6).name == "/tmp/x"
    st.process(enter(102, tid=100, dirfd=-100, name="y", flags=0))
    st.process(exit_(103, tid=100, fd=7))
    assert st.threads[100].get_fd(7).name == "/home/user/y"


def test_openat2_and_creat_without_enter() -> None:
    st = machine()
    st.process(exit_(327, tid=100, fd=8, dirfd=-100, name="z", flags=0))
    assert st.threads[100].get_fd(8).name == "/home/user/z"
    st.process(exit_("creat", tid=100, fd=9, name="/tmp/c"))
    assert st.threads[100].get_fd(9).name == "/tmp/c"


def test_failed_open_adds_nothing() -> None:
    st = machine()
    st.process(enter("open", tid=100, name="/nope"))
    e = exit_("open", tid=100, fd=-2, name="/nope")
    st.process(e)
    assert e.errorcode == 2 and st.threads[100].get_fd(-2) is None
