"""fds without addresses: pipe, eventfd, signalfd, timerfd, inotify, and the copies dup and
fcntl(F_DUPFD) make.
"""

from __future__ import annotations

from sysdigpy.events.event import Event
from sysdigpy.state import fds as F
from sysdigpy.state.fds import FdInfo
from sysdigpy.state.parsers import HANDLERS
from sysdigpy.state.parsers import Handler
from sysdigpy.state.parsers import State
from sysdigpy.state.parsers import handles
from sysdigpy.state.threads import CL_PIPE_DST
from sysdigpy.state.threads import CL_PIPE_SRC

PPM_FCNTL_F_DUPFD = 1
PPM_FCNTL_F_DUPFD_CLOEXEC = 26


# =====================================================================================================
# fds without addresses: pipe, eventfd, signalfd, timerfd, inotify
# =====================================================================================================
@handles(61)
def parse_pipe_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if evt.i64(0) < 0 or t is None:
        return
    ino = evt.u64(3)
    for i in (1, 2):
        fdi = FdInfo(-1, F.FD_FIFO)
        fdi.ino = ino
        evt.fdinfo = t.add_fd(evt.i64(i), fdi)


def _simple_fd(fdtype: int) -> Handler:
    def handler(st: State, evt: Event) -> None:
        t = evt.thread
        fd = evt.i64(0)
        if t is None or fd < 0:
            return
        evt.fdinfo = t.add_fd(fd, FdInfo(fd, fdtype))
    return handler


HANDLERS[63] = _simple_fd(F.FD_EVENT)
HANDLERS[127] = _simple_fd(F.FD_SIGNALFD)
HANDLERS[137] = _simple_fd(F.FD_TIMERFD)
HANDLERS[139] = _simple_fd(F.FD_INOTIFY)


# =====================================================================================================
# dup, fcntl(F_DUPFD)
# =====================================================================================================
@handles(125)
def parse_dup_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if t is None:
        return
    res = evt.i64(0)
    if res < 0:
        return
    if res == 0:
        t.flags |= CL_PIPE_DST
    if res == 1:
        t.flags |= CL_PIPE_SRC
    if evt.fdinfo is None:
        return
    t.get_fd(res)
    evt.fdinfo = t.add_fd(res, evt.fdinfo)


@handles(150)
def parse_fcntl_enter(st: State, evt: Event) -> None:
    if evt.thread is None:
        return
    if evt.u8(1) in (PPM_FCNTL_F_DUPFD, PPM_FCNTL_F_DUPFD_CLOEXEC):
        st.store_event(evt)


@handles(151)
def parse_fcntl_exit(st: State, evt: Event) -> None:
    if st.enter_event(evt) is None:
        return
    res = evt.i64(0)
    if res >= 0 and evt.fdinfo is not None and evt.thread is not None:
        evt.fdinfo = evt.thread.add_fd(res, evt.fdinfo)
