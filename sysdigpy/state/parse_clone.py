"""clone / fork / vfork / clone3 exits: the child thread, from the parent's side or (inverted) the child's."""

from __future__ import annotations

from sysdigpy.events.event import Event
from sysdigpy.state import fds as F
from sysdigpy.state.parsers import CLONE_EXITS
from sysdigpy.state.parsers import State
from sysdigpy.state.parsers import handles
from sysdigpy.state.threads import CL_CHILD_IN_PIDNS
from sysdigpy.state.threads import CL_CLONE_INVERTED
from sysdigpy.state.threads import CL_CLONE_THREAD
from sysdigpy.state.threads import UNSET_ID
from sysdigpy.state.threads import ThreadInfo
from sysdigpy.state.threads import parse_cgroups
from sysdigpy.state.threads import split_nul_list

CLONE_STALE_TIME_NS = 2_000_000_000


# =====================================================================================================
# clone / fork / vfork / clone3
# =====================================================================================================
def _pidx(evt: Event, name: str) -> int:
    i = evt.info.param_index(name)
    return -1 if i is None else i


def _clone_copy_parent(child: ThreadInfo, parent: ThreadInfo, flags: int) -> None:
    child.comm, child.exe, child.exepath = parent.comm, parent.exe, parent.exepath
    child.exe_writable = parent.exe_writable
    child.args = list(parent.args)
    child.root, child.sid, child.vpgid = parent.root, parent.sid, parent.vpgid
    child.tty, child.loginuid = parent.tty, parent.loginuid
    if not flags & CL_CLONE_THREAD:
        child.env = list(parent.env)


def _clone_comm(evt: Event) -> str:
    i = evt.info.param_index("comm")
    return evt.str(i) if i is not None else evt.str(1)


@handles(*CLONE_EXITS)
def parse_clone_exit(st: State, evt: Event) -> None:
    tid = evt.tid
    childtid = evt.i64(0)
    flags = evt.u32(_pidx(evt, "flags"))
    if childtid < 0:
        return
    vtid, vpid = tid, -1
    if evt.info.param_index("vtid") is not None:
        vtid, vpid = evt.i64(_pidx(evt, "vtid")), evt.i64(_pidx(evt, "vpid"))
    in_container = bool(flags & CL_CHILD_IN_PIDNS) or tid != vtid
    inverted = False
    if childtid == 0:
        t = evt.thread
        if t is not None and t.clone_ts != 0 and evt.ts - t.clone_ts > CLONE_STALE_TIME_NS:
            st.threads.remove(tid, True)
            t = evt.thread = None
        parenttid = evt.i64(4) if flags & CL_CLONE_THREAD else evt.i64(5)
        if t is not None:
            if in_container:
                t.vtid, t.vpid = vtid, vpid
            return
        inverted = True
        childtid, tid = tid, parenttid
    elif in_container:
        return
    _clone_create_child(st, evt, tid, childtid, flags, inverted, in_container, vtid, vpid)


def _clone_create_child(st: State, evt: Event, tid: int, childtid: int, flags: int, inverted: bool,
                        in_container: bool, vtid: int, vpid: int) -> None:
    ptinfo = st.threads.get_ref(tid, True)
    if ptinfo is None:
        return
    valid_parent = not (ptinfo.comm == "<NA>" and ptinfo.uid == UNSET_ID)
    collision = False
    existing = st.threads.get(childtid)
    if existing is not None:
        if existing.flags & CL_CLONE_INVERTED:
            return
        st.threads.remove(childtid, True)
        collision = True
    child = ThreadInfo(st.threads, childtid)
    child.ptid = tid
    if valid_parent:
        _clone_copy_parent(child, ptinfo, flags)
    else:
        st.threads.remove(tid, True)
        collision = True
        ptinfo = st.threads.get_ref(tid, True)
        if ptinfo is None:
            return
        _clone_fake_parent(evt, child, ptinfo, flags)
    _clone_fill_child(evt, child, ptinfo, childtid, flags, inverted)
    child.vtid, child.vpid = (vtid, vpid) if in_container else (child.tid, child.pid)
    ci = evt.info.param_index("cgroups")
    if ci is not None and evt.info.param_index("vtid") is not None:
        child.cgroups = parse_cgroups(split_nul_list(evt.param(ci) or b""))
        st.container_manager.resolve(child)  # cgroups set: detect the child's container
    child.clone_ts = evt.ts
    st.threads.add(child)
    if collision:
        st.reset(evt)


def _clone_fake_parent(evt: Event, child: ThreadInfo, ptinfo: ThreadInfo, flags: int) -> None:
    if ptinfo.comm != "<NA>" and ptinfo.uid != UNSET_ID:
        _clone_copy_parent(child, ptinfo, flags)
        return
    child.exe = evt.str(1)
    child.comm = _clone_comm(evt)
    child.args = split_nul_list(evt.param(2) or b"")
    ptinfo.comm, ptinfo.exe, ptinfo.exepath = child.comm, child.exe, child.exepath
    ptinfo.args = list(child.args)


def _clone_fill_child(evt: Event, child: ThreadInfo, ptinfo: ThreadInfo, childtid: int, flags: int,
                      inverted: bool) -> None:
    child.pid = evt.i64(4)
    child.flags = flags
    if not flags & CL_CLONE_THREAD:
        child.pid = childtid
        src = ptinfo.fd_table() or {}
        child.fdtable = {}
        for fd, fdi in src.items():
            c = fdi.copy()
            c.flags |= F.FLAGS_IS_CLONED
            child.fdtable[fd] = c
        child.cwd = ptinfo.get_cwd()
    if inverted:
        child.flags |= CL_CLONE_INVERTED
    child.exe = evt.str(1)
    child.comm = _clone_comm(evt)
    child.args = split_nul_list(evt.param(2) or b"")
    child.fdlimit = evt.i64(7)
    if evt.info.param_index("pgft_maj") is not None:
        child.pfmajor, child.pfminor = evt.u64(8), evt.u64(9)
        child.vmsize_kb, child.vmrss_kb, child.vmswap_kb = evt.u32(10), evt.u32(11), evt.u32(12)
    child.uid = evt.u32(_pidx(evt, "uid"))
    child.gid = evt.u32(_pidx(evt, "gid"))
