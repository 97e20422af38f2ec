"""close enter/exit (the fd goes one event late) and procexit (the thread goes one event late)."""

from __future__ import annotations

from sysdigpy.events.event import Event
from sysdigpy.state import fds as F
from sysdigpy.state.parsers import State
from sysdigpy.state.parsers import _codes
from sysdigpy.state.parsers import handles
from sysdigpy.state.threads import CL_CLOSED


# =====================================================================================================
# close
# =====================================================================================================
@handles(4)
def parse_close_enter(st: State, evt: Event) -> None:
    t = evt.thread
    if t is None:
        return
    evt.fdinfo = t.get_fd(t.lastevent_fd)
    if evt.fdinfo is not None:
        evt.fdinfo.flags |= F.FLAGS_CLOSE_IN_PROGRESS


@handles(5)
def parse_close_exit(st: State, evt: Event) -> None:
    fdi, t = evt.fdinfo, evt.thread
    if evt.i64(0) < 0:
        if fdi is not None:
            fdi.flags &= ~F.FLAGS_CLOSE_IN_PROGRESS
        return
    if fdi is None or t is None:
        return
    if fdi.flags & F.FLAGS_CLOSE_CANCELED:
        fdi.flags &= ~F.FLAGS_CLOSE_CANCELED
        if t.get_fd(F.CANCELED_FD_NUMBER) is not None:
            st.schedule_fd_removal(t, F.CANCELED_FD_NUMBER)
    else:
        st.schedule_fd_removal(t, t.lastevent_fd)


# =====================================================================================================
# threads exiting
# =====================================================================================================
@handles(*_codes("procexit", ">"))
def parse_thread_exit(st: State, evt: Event) -> None:
    if evt.thread is not None:
        evt.thread.flags |= CL_CLOSED
        st.tid_to_remove = evt.tid
