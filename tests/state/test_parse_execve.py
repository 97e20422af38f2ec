from __future__ import annotations

from factories import enter
from factories import exit_
from helpers import machine


def execve_exit(tid: int, **kw: object):
    base = dict(res=0, exe="ls", args=["-l", "/tmp"], pid=tid, ptid=1, cwd="/home/user",
                fdlimit=4096, comm="ls", cgroups=["cpu=/user.slice", "io=/"], env=["A=1"],
                tty=34816, pgid=tid, loginuid=1000, flags=1)
    base.update(kw)
    return exit_(293, tid=tid, params={"tid": tid, **base})


def test_execve_updates_process() -> None:
    st = machine()
    st.process(enter(292, tid=100, filename="../../bin/ls"))
    st.process(execve_exit(100))
    t = st.threads[100]
    assert (t.comm, t.exe, t.args, t.env) == ("ls", "ls", ["-l", "/tmp"], ["A=1"])
    assert t.exepath == "/bin/ls"
    assert t.cgroups == [("cpu", "/user.slice"), ("blkio", "/")]
    assert (t.fdlimit, t.tty, t.vpgid, t.loginuid, t.exe_writable) == (4096, 34816, 100, 1000, True)


def test_failed_execve_changes_nothing() -> None:
    st = machine()
    st.process(enter(292, tid=100, filename="/bin/nope"))
    st.process(execve_exit(100, res=-2))
    assert st.threads[100].comm == "bash"


def test_execve_of_unknown_thread_patches_placeholder_parent() -> None:
    st = machine()
    st.process(enter(292, tid=555, filename="/bin/ls"))
    st.process(execve_exit(555, ptid=100))
    t = st.threads[555]
    assert t.comm == "ls" and t.ptid == 100 and t.exepath == "/bin/ls"


def test_old_execve_uses_exe_as_comm() -> None:
    st = machine()
    st.process(enter(12, tid=100))
    st.process(exit_(13, tid=100, res=0, exe="/bin/true", args=[], params={"tid": 100}, pid=100, ptid=1))
    assert st.threads[100].comm == "/bin/true"
