from __future__ import annotations

from factories import enter
from factories import exit_
from factories import make_event
from helpers import machine


def test_latency_and_lastevent() -> None:
    st = machine()
    st.process(enter("read", tid=100, ts=1000, fd=0, size=1))
    t = st.threads[100]
    assert (t.lastevent_fd, t.latency, t.last_latency_entertime) == (0, 0, 1000)
    e = exit_("read", tid=100, ts=1500, res=1, data=b"x")
    st.process(e)
    assert t.latency == 500 and e.fdinfo is not None and e.fdinfo.name == "/dev/pts/0"


def test_unknown_tid_gets_placeholder() -> None:
    st = machine()
    e = enter("read", tid=4242, fd=0, size=1)
    st.process(e)
    assert e.thread is not None and e.thread.comm == "<NA>"


def test_setuid_setresgid_prlimit_brk_switch() -> None:
    st = machine()
    st.process(enter("setuid", tid=100, uid=0))
    st.process(exit_("setuid", tid=100, res=0))
    assert st.threads[100].uid == 0
    st.process(enter("setresgid", tid=100, rgid=5, egid=6, sgid=7))
    st.process(exit_("setresgid", tid=100, res=0))
    assert st.threads[100].gid == 6
    st.process(enter("prlimit", tid=101, pid=0, resource=7))
    st.process(exit_("prlimit", tid=101, res=0, newcur=65536))
    assert st.threads[100].fdlimit == 65536
    st.process(enter("brk", tid=100))
    st.process(exit_("brk", tid=100, res=0, vm_size=10, vm_rss=20, vm_swap=30))
    assert (st.threads[100].vmsize_kb, st.threads[100].vmrss_kb) == (10, 20)
    st.process(make_event(152, tid=101, direction=">", next=0, pgft_maj=1, pgft_min=2, vm_size=3,
                          vm_rss=4, vm_swap=5))
    assert st.threads[101].pfminor == 2 and st.threads[100].vmswap_kb == 5


def test_switch_does_not_create_threads_and_containers_are_kept() -> None:
    st = machine()
    e = make_event(152, tid=777, direction=">")
    st.process(e)
    assert e.thread is None and st.threads.get(777) is None
    c = make_event(272, tid=-1, direction=">", json='{"container":{"id":"abc","name":"x"}}')
    st.process(c)
    assert c.thread is None and st.containers["abc"]["name"] == "x"


def test_user_events_are_ignored_like_sysdig_0_29_3() -> None:
    st = machine()
    st.process(make_event(354, tid=-1, direction=">", uid=5, gid=5, name="bob"))
    assert st.users.user(5) is None
    st.apply_user_events = True
    st.process(make_event(354, tid=-1, direction=">", uid=5, gid=5, name="bob"))
    assert st.users.user(5).name == "bob"
