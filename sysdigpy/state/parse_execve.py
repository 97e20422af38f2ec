"""execve / execveat exits: the thread's new image (exe, comm, args, env, cgroups, exepath)."""

from __future__ import annotations

from sysdigpy.events.event import Event
from sysdigpy.state.parsers import State
from sysdigpy.state.parsers import _cstr
from sysdigpy.state.parsers import handles
from sysdigpy.state.threads import CL_ACTIVE
from sysdigpy.state.threads import CL_CLONE_INVERTED
from sysdigpy.state.threads import CL_IS_MAIN_THREAD
from sysdigpy.state.threads import CL_NAME_CHANGED
from sysdigpy.state.threads import CL_PIPE_DST
from sysdigpy.state.threads import CL_PIPE_SRC
from sysdigpy.state.threads import ThreadInfo
from sysdigpy.state.threads import concatenate_paths
from sysdigpy.state.threads import env_list
from sysdigpy.state.threads import parse_cgroups
from sysdigpy.state.threads import split_nul_list

EXECVE_EXITS = frozenset({13, 155, 173, 215, 231, 283, 289, 293, 331})
PPM_EXVAT_AT_EMPTY_PATH = 1
PPM_EXE_WRITABLE = 1


# =====================================================================================================
# execve / execveat
# =====================================================================================================
@handles(*EXECVE_EXITS)
def parse_execve_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if evt.i64(0) < 0 or t is None:
        return
    info = evt.info
    t.exe = evt.str(1)
    ci = info.param_index("comm")
    t.comm = evt.str(ci) if ci is not None else t.exe
    t.args = split_nul_list(evt.param(2) or b"")
    t.pid = evt.i64(4)
    if t.ptid == -1:
        t.ptid = evt.i64(5)
    t.fdlimit = evt.i64(7)
    if info.param_index("pgft_maj") is not None:
        t.pfmajor, t.pfminor = evt.u64(8), evt.u64(9)
        t.vmsize_kb, t.vmrss_kb, t.vmswap_kb = evt.u32(10), evt.u32(11), evt.u32(12)
    ei = info.param_index("env")
    if ei is not None:
        t.env = env_list(split_nul_list(evt.param(ei) or b""))
    gi = info.param_index("cgroups")
    if gi is not None:
        t.cgroups = parse_cgroups(split_nul_list(evt.param(gi) or b""))
        # resync the container: runc moves the container's first process to its cgroups before execve
        st.container_manager.resolve(t)
    ti = info.param_index("tty")
    if ti is not None:
        t.tty = evt.i32(ti)
    _execve_exepath(st, evt, t)
    pi = info.param_index("pgid")
    if pi is not None:
        t.vpgid = evt.i64(pi)
    if evt.nparams > 18:
        t.loginuid = evt.u32(18)
    if evt.nparams > 19:
        t.exe_writable = bool(evt.u32(19) & PPM_EXE_WRITABLE)
    keep = t.flags & (CL_PIPE_SRC | CL_PIPE_DST | CL_IS_MAIN_THREAD | CL_CLONE_INVERTED)
    t.flags = CL_ACTIVE | keep | CL_NAME_CHANGED


def _execve_exepath(st: State, evt: Event, t: ThreadInfo) -> None:
    if evt.code not in (289, 293, 331):
        return
    enter = st.enter_event(evt)
    if enter is None:
        return
    if evt.code != 331:
        raw = enter.param(0) or b""
        if raw.startswith(b"<NA>"):
            t.exepath = "<NA>"
        else:
            t.exepath = concatenate_paths(t.cwd, raw, len(raw))
        return
    raw = enter.param(1) or b""
    if raw.startswith(b"<NA>"):
        t.exepath = "<NA>"
        return
    sdir = st.dirfd_base(enter, _cstr(raw), enter.i64(0))
    path = raw
    if enter.u32(2) & PPM_EXVAT_AT_EMPTY_PATH and not _cstr(raw):
        path = sdir.encode("utf-8", "surrogateescape")
    t.exepath = concatenate_paths(sdir, path, len(raw))
