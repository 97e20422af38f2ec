"""The driver with a filter: sinsp runs the filter inside its parser, and its state depends on it."""

from __future__ import annotations

from factories import enter
from factories import exit_
from helpers import machine

from sysdigpy.events.event import Event


def reject(*nums: int):  # noqa: ANN201
    """A filter that rejects the events numbered ``nums``."""
    return lambda e: e.num not in nums


def numbered(*events: Event) -> list[Event]:
    for i, e in enumerate(events, 1):
        e.num = i
    return list(events)


def fcntl_dupfd_then_getfd() -> list[Event]:
    """fcntl(5, F_DUPFD) = 10, then fcntl(5, F_GETFD) = 0 (a flag value, not an fd)."""
    return numbered(enter("fcntl", tid=100, fd=5, cmd=1), exit_("fcntl", tid=100, res=10),
                    enter("fcntl", tid=100, fd=5, cmd=2), exit_("fcntl", tid=100, res=0))


def test_without_filter_the_stored_enter_event_is_dropped_after_its_exit() -> None:
    st = machine()
    for e in fcntl_dupfd_then_getfd():
        assert st.process(e)
    assert st.threads[100].get_fd(10).name == "/tmp"
    assert st.threads[100].get_fd(0).name == "/dev/pts/0"


def test_a_rejected_exit_keeps_its_enter_event_for_the_next_exit() -> None:
    """sysdig 0.29.3 skips the cleanup of filtered-out events: the F_GETFD exit finds the F_DUPFD
    enter still stored, and fd 0 becomes a copy of fd 5, as sysdig prints it."""
    st = machine()
    passed = [st.process(e, reject(2)) for e in fcntl_dupfd_then_getfd()]
    assert passed == [True, False, True, True]
    assert st.threads[100].get_fd(10).name == "/tmp"  # fcntl changes state: parsed, then filtered
    assert st.threads[100].get_fd(0).name == "/tmp"


def test_a_rejected_enter_of_an_event_that_changes_nothing_is_not_parsed() -> None:
    st = machine()
    t = st.threads[100]
    read_e, read_x = numbered(enter("read", tid=100, ts=1000, fd=0, size=1),
                              exit_("read", tid=100, ts=1500, res=1, data=b"x"))
    assert not st.process(read_e, reject(1))
    assert t.lastevent_fd == 0  # the reset before the filter still happened
    assert st.process(read_x, reject(1))
    assert read_x.fdinfo is None and not t.lastevent_data_valid  # the thread forgot the enter's type
    assert (t.lastevent_ts, t.latency) == (1500, 500)


def test_rejected_events_do_not_move_the_threads_event_times() -> None:
    st = machine()
    t = st.threads[100]
    events = numbered(enter("read", tid=100, ts=1000, fd=0, size=1),
                      exit_("read", tid=100, ts=1500, res=1, data=b"x"))
    for e in events:
        st.process(e, reject(1, 2))
    assert (t.lastevent_ts, t.prevevent_ts) == (0, 0)
    for e in events:
        st.process(e)
    assert (t.lastevent_ts, t.prevevent_ts) == (1500, 1000)
