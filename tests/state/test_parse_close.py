from __future__ import annotations

from factories import enter
from factories import exit_
from helpers import machine


def test_close_removes_one_event_late() -> None:
    st = machine()
    st.process(enter("close", tid=100, fd=5))
    e = exit_("close", tid=100, res=0)
    st.process(e)
    assert e.fdinfo is not None and e.fdinfo.name == "/tmp"
    assert st.threads[100].get_fd(5) is not None
    st.process(enter("read", tid=100, fd=0, size=1))
    assert st.threads[100].get_fd(5) is None


def test_failed_close_keeps_fd() -> None:
    st = machine()
    st.process(enter("close", tid=100, fd=5))
    st.process(exit_("close", tid=100, res=-9))
    st.process(enter("read", tid=100, fd=0, size=1))
    assert st.threads[100].get_fd(5) is not None


def test_exit_without_its_enter_gets_no_fd() -> None:
    st = machine()
    st.process(enter("write", tid=100, fd=0, size=1))
    e = exit_("read", tid=100, res=-1)
    st.process(e)
    assert e.fdinfo is None and e.errorcode == 0  # sinsp's reset stops before both


def test_procexit_removes_thread_one_event_late() -> None:
    st = machine()
    e = enter(186, tid=1)
    st.process(e)
    assert e.thread is not None and e.thread.comm == "init"
    st.process(enter("read", tid=100, fd=0, size=1))
    assert st.threads.get(1) is None


def test_dup_and_fcntl_dupfd() -> None:
    st = machine()
    st.process(enter("dup", tid=100, fd=5))
    st.process(exit_("dup", tid=100, res=7))
    assert st.threads[100].get_fd(7).name == "/tmp"
    st.process(enter("fcntl", tid=100, fd=5, cmd=1))
    st.process(exit_("fcntl", tid=100, res=8))
    assert st.threads[100].get_fd(8).name == "/tmp"


def test_chdir_fchdir_getcwd() -> None:
    st = machine()
    st.process(enter("chdir", tid=101))
    st.process(exit_("chdir", tid=101, res=0, path="../x"))
    assert st.threads[100].cwd == "/home/x/"
    st.process(enter("fchdir", tid=100, fd=5))
    st.process(exit_("fchdir", tid=100, res=0))
    assert st.threads[100].cwd == "/tmp/"
    st.process(enter("getcwd", tid=100))
    st.process(exit_("getcwd", tid=100, res=5, path="/var"))
    assert st.threads[100].get_cwd() == "/var/"
