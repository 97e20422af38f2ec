"""The rest: cwd (chdir, fchdir, getcwd), rlimits, context switches, brk/mmap/munmap memory, set*id,
setsid, chroot, and container events.
"""

from __future__ import annotations

from sysdigpy.events.event import Event
from sysdigpy.state import fds as F
from sysdigpy.state.containers import CT_DOCKER
from sysdigpy.state.containers import LOOKUP_FAILED
from sysdigpy.state.containers import LOOKUP_STARTED
from sysdigpy.state.containers import LOOKUP_SUCCESSFUL
from sysdigpy.state.parsers import CONTAINER_JSON
from sysdigpy.state.parsers import HANDLERS
from sysdigpy.state.parsers import SCHEDSWITCH_6_E
from sysdigpy.state.parsers import Handler
from sysdigpy.state.parsers import State
from sysdigpy.state.parsers import _cstr
from sysdigpy.state.parsers import handles
from sysdigpy.state.threads import UNSET_ID
from sysdigpy.state.threads import concatenate_paths

PPM_RLIMIT_NOFILE = 7


# =====================================================================================================
# cwd
# =====================================================================================================
@handles(95, 93)
def parse_chdir_getcwd_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if t is None or evt.i64(0) < 0:
        return
    p = evt.param(1) or b""
    t.set_cwd(p, len(p))


@handles(97)
def parse_fchdir_exit(st: State, evt: Event) -> None:
    if evt.i64(0) < 0 or evt.fdinfo is None or evt.thread is None:
        return
    name = evt.fdinfo.name.encode("utf-8", "surrogateescape")
    evt.thread.set_cwd(name, len(name))


# =====================================================================================================
# limits, memory, ids, session, root
# =====================================================================================================
@handles(141, 143)
def parse_getrlimit_setrlimit_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if t is None or evt.i64(0) < 0:
        return
    enter = st.enter_event(evt)
    if enter is None or enter.u8(0) != PPM_RLIMIT_NOFILE:
        return
    cur = evt.i64(1)
    mt = t.main_thread()
    if cur != -1 and mt is not None:
        mt.fdlimit = cur


@handles(145)
def parse_prlimit_exit(st: State, evt: Event) -> None:
    if evt.i64(0) < 0:
        return
    enter = st.enter_event(evt)
    if enter is None or enter.u8(1) != PPM_RLIMIT_NOFILE:
        return
    newcur = evt.i64(1)
    if newcur == -1:
        return
    tid = enter.i64(0) or evt.tid
    pt = st.threads.get_ref(tid, True)
    mt = pt.main_thread() if pt is not None else None
    if mt is not None:
        mt.fdlimit = newcur


@handles(SCHEDSWITCH_6_E)
def parse_context_switch(st: State, evt: Event) -> None:
    t = evt.thread
    if t is None:
        return
    t.pfmajor, t.pfminor = evt.u64(1), evt.u64(2)
    mt = t.main_thread()
    if mt is not None:
        mt.vmsize_kb, mt.vmrss_kb, mt.vmswap_kb = evt.u32(3), evt.u32(4), evt.u32(5)


@handles(159, 161, 163, 165)
def parse_brk_munmap_mmap_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if t is not None:
        t.vmsize_kb, t.vmrss_kb, t.vmswap_kb = evt.u32(1), evt.u32(2), evt.u32(3)


def _set_id(field: str, enter_index: int, check_max: bool) -> Handler:
    def handler(st: State, evt: Event) -> None:
        if evt.i64(0) < 0:
            return
        enter = st.enter_event(evt)
        if enter is None:
            return
        v = enter.u32(enter_index)
        if check_max and v >= UNSET_ID:
            return
        if evt.thread is not None:
            setattr(evt.thread, field, v)
    return handler


HANDLERS[193] = _set_id("uid", 1, True)
HANDLERS[195] = _set_id("gid", 1, True)
HANDLERS[199] = _set_id("uid", 0, False)
HANDLERS[201] = _set_id("gid", 0, False)


@handles(275)
def parse_setsid_exit(st: State, evt: Event) -> None:
    res = evt.i64(0)
    if res >= 0 and evt.thread is not None:
        evt.thread.sid = res


@handles(267)
def parse_chroot_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if evt.i64(0) != 0 or t is None:
        return
    raw = evt.param(1) or b""
    path = F.sanitized(raw)
    if raw and not raw.startswith(b"/") and path != "<NA>":
        t.root = concatenate_paths(t.get_cwd(), raw, len(raw))
    else:
        t.root = path
    st.container_manager.resolve(t)  # a new root may be a rkt pod's


# =====================================================================================================
# containers
# =====================================================================================================
@handles(*CONTAINER_JSON)
def parse_container_json(st: State, evt: Event) -> None:
    import json  # imported here: only captures with container events need it; keeps start-up short

    try:
        doc = json.loads(_cstr(evt.param(0)).decode("utf-8", "replace"))
    except ValueError:
        return
    c = doc.get("container") if isinstance(doc, dict) else None
    if isinstance(c, dict) and isinstance(c.get("id"), str):
        c["type"] = _json_uint(c.get("type"), CT_DOCKER)
        state = _json_uint(c.get("lookup_state"), LOOKUP_SUCCESSFUL)
        if state not in (LOOKUP_STARTED, LOOKUP_SUCCESSFUL, LOOKUP_FAILED):
            state = LOOKUP_SUCCESSFUL
        # a lookup that started when the capture was written never finishes when reading it
        c["lookup_state"] = LOOKUP_FAILED if state == LOOKUP_STARTED else state
        st.container_manager.add_container(c)


def _json_uint(v: object, default: int) -> int:
    """A JSON value sinsp converts to an unsigned int (numbers and booleans); else ``default``."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int) and 0 <= v < 2**32:
        return v
    if isinstance(v, float) and 0 <= v < 2**32 and v.is_integer():
        return int(v)
    return default


@handles(228)
def parse_container_old(st: State, evt: Event) -> None:
    cid = evt.str(0)
    st.container_manager.add_container(
        {"id": cid, "type": evt.u32(1), "name": evt.str(2), "image": evt.str(3), "lookup_state": LOOKUP_SUCCESSFUL})
