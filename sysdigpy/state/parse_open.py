"""open / openat / openat2 / creat exits: the new file or directory fd."""

from __future__ import annotations

from sysdigpy.events.event import Event
from sysdigpy.state import fds as F
from sysdigpy.state.fds import FdInfo
from sysdigpy.state.parsers import State
from sysdigpy.state.parsers import _cstr
from sysdigpy.state.parsers import handles
from sysdigpy.state.threads import concatenate_paths

PPM_O_DIRECTORY = 1 << 10


# =====================================================================================================
# open / openat / openat2 / creat
# =====================================================================================================
def _open_name(st: State, evt: Event, enter: Event | None) -> tuple[bytes, int, int, str] | None:
    """(name bytes, name param length, flags, base dir) as sinsp picks them."""
    t = evt.thread
    assert t is not None
    code = evt.code
    if code in (3, 59):
        name = evt.param(1) or b""
        flags = evt.u32(2) if code == 3 else 0
        nmin = 2 if code == 3 else 1
        if enter is not None and enter.nparams >= nmin:
            ename = enter.param(0) or b""
            if ename and _cstr(ename) != b"(NULL)":
                name, flags = ename, (enter.u32(1) if code == 3 else 0)
        return name, len(name), flags, t.get_cwd()
    if code == 103:
        if enter is None:
            return None
        name = enter.param(1) or b""
        return name, len(name), enter.u32(2), st.dirfd_base(evt, _cstr(name), enter.i64(0))
    name, flags, dirfd = evt.param(2) or b"", evt.u32(3), evt.i64(1)
    if enter is not None and enter.nparams >= 3:
        ename = enter.param(1) or b""
        if ename and _cstr(ename) != b"(NULL)":
            name, flags, dirfd = ename, enter.u32(2), enter.i64(0)
    return name, len(name), flags, st.dirfd_base(evt, _cstr(name), dirfd)


def _open_dev(evt: Event) -> int:
    i = evt.info.param_index("dev")
    return evt.u32(i) if i is not None and evt.nparams > i else 0


@handles(3, 59, 103, 307, 327)
def parse_open_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if t is None:
        return
    enter = st.enter_event(evt)
    fd = evt.i64(0)
    picked = _open_name(st, evt, enter)
    if picked is None:
        return
    name, namelen, flags, sdir = picked
    fullpath = concatenate_paths(sdir, name, namelen)
    if fd < 0:
        return
    fdi = FdInfo(fd, F.FD_DIRECTORY if flags & PPM_O_DIRECTORY else F.FD_FILE, fullpath)
    fdi.openflags = flags
    fdi.dev = _open_dev(evt) if evt.code != 327 else 0
    fdi.flags |= F.FLAGS_IS_TRACER_FILE if fullpath == F.USER_EVT_DEVICE_NAME else F.FLAGS_IS_NOT_TRACER_FD
    evt.fdinfo = t.add_fd(fd, fdi)
