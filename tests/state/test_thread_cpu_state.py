"""Thread state behind the CPU/duration fields: private per-field memory and clone_ts."""

from __future__ import annotations

from factories import exit_
from helpers import machine

from sysdigpy.state.threads import ThreadInfo
from sysdigpy.state.threads import ThreadTable


def test_private_state_starts_empty_and_is_reset_when_a_thread_is_added() -> None:
    table = ThreadTable()
    t = ThreadInfo(table, 5)
    t.pid = 5
    assert t.private_state == {}
    t.private_state["k"] = 3
    table.add(t)
    assert table[5].private_state == {}  # allocate_private_state: zeroed on add_thread


def test_clone_sets_the_childs_clone_ts_only() -> None:
    st = machine()
    ids = {"tid": 100, "pid": 100, "ptid": 1, "vtid": 100, "vpid": 100}
    st.process(exit_("clone", tid=100, ts=42, res=200, exe="bash", comm="bash", flags=0, params=ids))
    assert st.threads[200].clone_ts == 42
    assert st.threads[200].private_state == {}
    assert st.threads[100].clone_ts == 0


def test_execve_keeps_the_clone_ts() -> None:
    st = machine()
    ids = {"tid": 100, "pid": 100, "ptid": 1, "vtid": 100, "vpid": 100}
    st.process(exit_("clone", tid=100, ts=42, res=200, exe="bash", comm="bash", flags=0, params=ids))
    st.process(exit_("execve", tid=200, ts=50, res=0, exe="ls", comm="ls",
                     params={"tid": 200, "pid": 200, "ptid": 100}))
    assert st.threads[200].comm == "ls"
    assert st.threads[200].clone_ts == 42
