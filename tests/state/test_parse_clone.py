from __future__ import annotations

from factories import exit_
from helpers import machine

from sysdigpy.state.threads import CL_CLONE_FILES
from sysdigpy.state.threads import CL_CLONE_THREAD


def clone(tid: int, res: int, flags: int = 0, **kw: object):
    base = dict(res=res, exe="bash", args=["-c", "ls"], pid=100, ptid=1, cwd="",
                fdlimit=1024, comm="bash", flags=flags, uid=1000, gid=1000, vtid=tid, vpid=100)
    base.update(kw)
    return exit_("clone", tid=tid, params={"tid": tid, **base})


def test_parent_side_creates_process_with_copied_fds() -> None:
    st = machine()
    st.process(clone(100, 200))
    c = st.threads[200]
    assert (c.pid, c.ptid, c.comm, c.args) == (200, 100, "bash", ["-c", "ls"])
    assert c.cwd == "/home/user/" and c.env == ["HOME=/root"]
    assert c.get_fd(0) is not None and c.get_fd(0) is not st.threads[100].get_fd(0)
    assert c.vtid == 200 and c.vpid == 200


def test_thread_shares_fds_and_counts_as_child() -> None:
    st = machine()
    st.process(clone(100, 300, flags=CL_CLONE_THREAD | CL_CLONE_FILES))
    t = st.threads[300]
    assert t.pid == 100 and t.fdtable == {} and t.get_fd(5) is st.threads[100].get_fd(5)
    assert st.threads[100].nchilds == 2


def test_child_side_first_is_an_inverted_clone() -> None:
    st = machine()
    st.process(clone(400, 0, ptid=100, pid=400))
    c = st.threads[400]
    assert c.ptid == 100 and c.comm == "bash" and c.flags & (1 << 16)
    st.process(clone(100, 400))  # the parent's exit no longer replaces it
    assert st.threads[400] is c


def test_failed_clone_does_nothing() -> None:
    st = machine()
    n = len(st.threads)
    st.process(clone(100, -11))
    assert len(st.threads) == n


def test_clone_exit_does_not_create_placeholder_for_unknown_caller() -> None:
    st = machine()
    e = clone(999, 1000, pid=999)
    st.process(e)
    # the caller is looked up without /proc first, then created as the parent of the child
    assert st.threads[1000].ptid == 999
