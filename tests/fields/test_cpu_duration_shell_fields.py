"""thread.cpu*, thread.exectime/totexectime, proc.duration and proc.loginshellid (sinsp semantics)."""

from __future__ import annotations

from factories import enter
from factories import exit_
from helpers import machine

from sysdigpy.events.event import Event
from sysdigpy.fields.proc import is_shell
from sysdigpy.state.parsers import State
from tests.fields.fieldtools import getter
from tests.fields.fieldtools import run
from tests.fields.fieldtools import value


def _procinfo(tid: int, usr: int, sys_: int, ts: int = 1) -> Event:
    return enter("procinfo", tid=tid, ts=ts, cpu_usr=usr, cpu_sys=sys_)


def _switch(tid: int, ts: int, cpu: int = 0) -> Event:
    e = enter("switch", tid=tid, ts=ts, next=1)
    e.cpu = cpu
    return e


def test_thread_cpu_is_the_delta_since_the_previous_procinfo_capped_at_100() -> None:
    st = machine()
    cpu, usr, sys_ = getter("thread.cpu", st), getter("thread.cpu.user", st), getter("thread.cpu.system", st)
    got = []
    for u, s in ((10, 5), (13, 9), (13, 9), (500, 9)):
        e = run(st, _procinfo(100, u, s))
        got.append((cpu(e), usr(e), sys_(e)))
    assert got == [(0.0, 0.0, 0.0), (7.0, 3.0, 4.0), (0.0, 0.0, 0.0), (100.0, 100.0, 0.0)]


def test_thread_cpu_state_is_per_thread_and_per_bound_field() -> None:
    st = machine()
    a, b = getter("thread.cpu", st), getter("thread.cpu", st)
    e1 = run(st, _procinfo(100, 1, 1))
    assert a(e1) == 0.0
    e2 = run(st, _procinfo(100, 3, 1))
    assert a(e2) == 2.0
    assert b(e2) == 0.0  # b never saw thread 100 before
    e3 = run(st, _procinfo(1, 50, 0))
    assert a(e3) == 0.0  # thread 1 has its own last total


def test_thread_cpu_has_no_value_outside_procinfo_and_zero_totals_stay_unset() -> None:
    st = machine()
    cpu = getter("thread.cpu", st)
    assert cpu(run(st, exit_("close", tid=100, res=0))) is None
    assert cpu(run(st, _procinfo(100, 0, 0))) == 0.0
    assert cpu(run(st, _procinfo(100, 4, 0))) == 0.0  # the previous total was 0: no baseline yet
    assert cpu(run(st, _procinfo(100, 6, 0))) == 2.0


def test_exectime_is_the_time_since_the_previous_switch_on_the_same_cpu() -> None:
    st = machine()
    ex, tot = getter("thread.exectime", st), getter("thread.totexectime", st)
    seq = [_switch(100, 1000, 0), _switch(100, 1500, 1), _switch(100, 1700, 0), _switch(101, 2500, 1)]
    got = []
    for e in seq:
        run(st, e)
        got.append((ex(e), tot(e)))
    assert got == [(0, 0), (0, 0), (700, 700), (1000, 1000)]
    e = run(st, exit_("close", tid=100, res=0))
    assert ex(e) == 0
    assert tot(e) == 700  # the running total of thread 100 as seen by this field


def test_totexectime_needs_a_thread() -> None:
    st = machine()
    assert getter("thread.exectime", st)(_switch(7, 10)) == 0  # unknown tid, event not parsed
    assert getter("thread.totexectime", st)(_switch(7, 10)) is None


def test_proc_duration_counts_from_the_threads_own_clone() -> None:
    st = machine()
    ids = {"tid": 100, "pid": 100, "ptid": 1, "vtid": 100, "vpid": 100}
    run(st, exit_("clone", tid=100, ts=1_000, res=200, exe="bash", comm="bash", flags=0, params=ids))
    e = run(st, exit_("close", tid=200, ts=5_000, res=0))
    assert value("proc.duration", st, e) == 4_000
    # threads from the capture's process list have no clone time
    assert value("proc.duration", st, run(st, exit_("close", tid=100, ts=6_000, res=0))) is None
    assert value("proc.duration", st, run(st, exit_("close", tid=101, ts=6_000, res=0))) is None


def test_shell_names_end_in_sh() -> None:
    assert [c for c in ("bash", "zsh", "sh", "ssh", "h", "", "shell", "fish") if is_shell(c)] == \
        ["bash", "zsh", "sh", "ssh", "fish"]


def _spawn(st: State, parent: int, child: int, comm: str, ts: int) -> None:
    ids = {"tid": parent, "pid": parent, "ptid": st.threads[parent].ptid, "vtid": parent, "vpid": parent}
    run(st, exit_("clone", tid=parent, ts=ts, res=child, exe=st.threads[parent].exe,
                  comm=st.threads[parent].comm, flags=0, params=ids))
    run(st, exit_("execve", tid=child, ts=ts + 1, res=0, exe=comm, comm=comm,
                  params={"tid": child, "pid": child, "ptid": parent}))


def test_loginshellid_is_the_oldest_shell_ancestor() -> None:
    st = machine()  # init(1) -> bash(100)
    _spawn(st, 100, 200, "sshd", 10)
    _spawn(st, 200, 300, "zsh", 20)
    _spawn(st, 300, 400, "curl", 30)
    e = run(st, exit_("close", tid=400, res=0))
    assert value("proc.loginshellid", st, e) == 100
    e = run(st, exit_("close", tid=101, res=0))  # bash's second thread: its main thread is a shell
    assert value("proc.loginshellid", st, e) == 100
    assert value("proc.loginshellid", st, run(st, exit_("close", tid=1, res=0))) is None


def test_loginshellid_stops_at_a_parent_loop() -> None:
    st = machine()
    st.threads[1].ptid = 100  # init <-> bash loop
    st.threads[1].comm = "ash"
    e = run(st, exit_("close", tid=100, res=0))
    assert value("proc.loginshellid", st, e) == 1  # init is visited once, then the loop is detected
