"""The state engine: libsinsp's sinsp_parser applied to every event in file order.

``State.process`` does, for one event, what sinsp::next and sinsp_parser::process_event
do: the removals deferred from the previous event, the per-event reset (thread lookup,
enter/exit bookkeeping, error code, the event's fd), then the handler for the event id,
then the cleanup of the stored enter event.  Handlers are registered with ``@handles``.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable

from sysdigpy.events.event import Event
from sysdigpy.events.table import EF_SKIPPARSERESET
from sysdigpy.events.table import EF_USES_FD
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.state import fds as F
from sysdigpy.state.fds import FdInfo
from sysdigpy.state.threads import CL_ACTIVE
from sysdigpy.state.threads import CL_CHILD_IN_PIDNS
from sysdigpy.state.threads import CL_CLONE_INVERTED
from sysdigpy.state.threads import CL_CLONE_THREAD
from sysdigpy.state.threads import CL_CLOSED
from sysdigpy.state.threads import CL_IS_MAIN_THREAD
from sysdigpy.state.threads import CL_NAME_CHANGED
from sysdigpy.state.threads import CL_PIPE_DST
from sysdigpy.state.threads import CL_PIPE_SRC
from sysdigpy.state.threads import UNSET_ID
from sysdigpy.state.threads import ThreadInfo
from sysdigpy.state.threads import ThreadTable
from sysdigpy.state.threads import concatenate_paths
from sysdigpy.state.threads import parse_cgroups
from sysdigpy.state.threads import split_nul_list
from sysdigpy.state.users import UserTable

Handler = Callable[["State", Event], None]
HANDLERS: dict[int, Handler] = {}

CLONE_EXITS = frozenset({15, 157, 183, 185, 217, 219, 221, 223, 225, 227, 335})
EXECVE_EXITS = frozenset({13, 155, 173, 215, 231, 283, 289, 293, 331})
CONTAINER_JSON = frozenset({272, 324})
SCHEDSWITCH_6_E = 152
PROCINFO_E = 234
TRACER_E = 268
COPY_FILE_RANGE_X = 333
# enter events sinsp copies so that the exit can read them (store_event)
STORED_ENTERS = frozenset({30, 2, 58, 102, 306, 326, 18, 62, 94, 96, 36, 140, 142, 144, 48, 188,
                           192, 194, 198, 200, 288, 292, 330, 294})

PPM_O_DIRECTORY = 1 << 10
PPM_AT_FDCWD = -100
PPM_EXVAT_AT_EMPTY_PATH = 1
PPM_EXE_WRITABLE = 1
PPM_RLIMIT_NOFILE = 7
PPM_FCNTL_F_DUPFD = 1
PPM_FCNTL_F_DUPFD_CLOEXEC = 26
CLONE_STALE_TIME_NS = 2_000_000_000
AF_UNIX, AF_INET, AF_INET6, AF_NETLINK = 1, 2, 10, 16
SOCK_STREAM, SOCK_DGRAM, SOCK_RAW = 1, 2, 3
IPPROTO_IP, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_RAW = 0, 1, 6, 17, 255
SE_EINPROGRESS = 115
LOOPBACK = bytes([127, 0, 0, 1])

_U16 = struct.Struct("<H")
_I64 = struct.Struct("<q")


def handles(*codes: int) -> Callable[[Handler], Handler]:
    """Register a handler for event ids."""
    def deco(fn: Handler) -> Handler:
        for c in codes:
            HANDLERS[c] = fn
        return fn
    return deco


def _codes(name: str, direction: str) -> tuple[int, ...]:
    return tuple(e.code for e in EVENT_TABLE[:LEGACY_EVENT_MAX] if e.name == name and e.direction == direction)


def _cstr(b: bytes | None) -> bytes:
    return b"" if b is None else b.split(b"\0", 1)[0]


def _text(b: bytes | None) -> str:
    return _cstr(b).decode("utf-8", "surrogateescape")


class State:
    """Thread, fd, user and container tables, updated by every event."""

    def __init__(self, meta: CaptureMetadata, apply_user_events: bool = False) -> None:
        self.meta = meta
        self.threads = ThreadTable.from_metadata(meta)
        self.users = UserTable.from_metadata(meta)
        self.containers: dict[str, dict] = {}
        self.ipv4_ifaces = [(i.addr, i.netmask) for i in meta.ifaces if i.kind in (1, 3)]
        self.apply_user_events = apply_user_events
        self.track_connection_status = False
        self.tid_to_remove = -1
        self.tid_of_fds_to_remove = -1
        self.fds_to_remove: list[int] = []
        self.nevts = 0
        self.lastevent_ts = 0

    # ---- the per-event driver ---------------------------------------------------------------
    def process(self, evt: Event) -> None:
        if evt.code >= LEGACY_EVENT_MAX:  # ids sysdig 0.29.3 does not know
            if self.apply_user_events:
                self.users.apply_event(evt)
            return
        self.nevts += 1
        self.lastevent_ts = evt.ts
        self._apply_deferred()
        self.reset(evt)
        h = HANDLERS.get(evt.code)
        if h is not None:
            h(self, evt)
        t = evt.thread
        if t is not None and not evt.is_enter and t.lastevent_data is not None:
            t.lastevent_data = None
            t.lastevent_data_valid = False
        if t is not None and evt.code not in (146, SCHEDSWITCH_6_E):
            t.prevevent_ts, t.lastevent_ts = t.lastevent_ts, evt.ts

    def _apply_deferred(self) -> None:
        if self.tid_to_remove != -1:
            self.threads.remove(self.tid_to_remove)
            self.tid_to_remove = -1
        if self.fds_to_remove:
            t = self.threads.get_ref(self.tid_of_fds_to_remove, True)
            if t is not None:
                for fd in self.fds_to_remove:
                    t.remove_fd(fd)
            self.fds_to_remove = []

    def schedule_fd_removal(self, t: ThreadInfo, fd: int) -> None:
        self.tid_of_fds_to_remove = t.tid
        self.fds_to_remove.append(fd)

    # ---- sinsp_parser::reset --------------------------------------------------------------------
    def reset(self, evt: Event) -> bool:
        code, flags = evt.code, evt.info.flags
        evt.fdinfo = None
        evt.errorcode = 0
        evt.thread = None
        if code in CONTAINER_JSON:
            return True
        if flags & EF_SKIPPARSERESET:
            if code == PROCINFO_E:
                evt.thread = self.threads.get(evt.tid)
            return False
        query_os = code not in CLONE_EXITS and code != SCHEDSWITCH_6_E
        t = evt.thread = self.threads.get_ref(evt.tid, query_os)
        if code == SCHEDSWITCH_6_E or t is None:
            return False
        if query_os:
            t.flags |= CL_ACTIVE
        if evt.is_enter:
            self._reset_enter(evt, t, flags)
            return True
        return self._reset_exit(evt, t, flags)

    @staticmethod
    def _reset_enter(evt: Event, t: ThreadInfo, flags: int) -> None:
        t.lastevent_fd = -1
        t.lastevent_type = evt.code
        if flags & EF_USES_FD:
            t.lastevent_fd = evt.i64(0, -1)
            evt.fdinfo = t.get_fd(t.lastevent_fd)
        t.latency = 0
        t.last_latency_entertime = evt.ts

    def _reset_exit(self, evt: Event, t: ThreadInfo, flags: int) -> bool:
        if t.last_latency_entertime != 0:
            t.latency = evt.ts - t.last_latency_entertime
        if evt.code == t.lastevent_type + 1:
            t.lastevent_data_valid = True
        else:
            t.lastevent_data_valid = False
            if t.lastevent_type != TRACER_E:
                return False
        if evt.raw.nparams != 0 and evt.info.params and evt.info.params[0].name in ("res", "fd"):
            res = evt.i64(0)
            if res < 0:
                evt.errorcode = -((res + 0x80000000) % 0x100000000 - 0x80000000)
        if flags & EF_USES_FD:
            if evt.code == COPY_FILE_RANGE_X:
                t.lastevent_fd = evt.i64(1)
            fdi = evt.fdinfo = t.get_fd(t.lastevent_fd)
            if fdi is None:
                return False
            if fdi.flags & F.FLAGS_CLOSE_CANCELED:
                fdi.flags &= ~F.FLAGS_CLOSE_CANCELED
                if t.get_fd(F.CANCELED_FD_NUMBER) is not None:
                    self.schedule_fd_removal(t, F.CANCELED_FD_NUMBER)
        return True

    # ---- helpers ----------------------------------------------------------------------------------
    @staticmethod
    def store_event(evt: Event) -> None:
        if evt.thread is not None:
            evt.thread.lastevent_data = evt
            evt.thread.lastevent_data_valid = True

    @staticmethod
    def enter_event(evt: Event) -> Event | None:
        """retrieve_enter_event: the stored enter event matching this exit, if any."""
        t = evt.thread
        if t is None or not t.lastevent_data_valid or t.lastevent_data is None:
            return None
        enter = t.lastevent_data
        if enter.code != evt.code - 1:
            t.lastevent_data_valid = False
            return None
        return enter

    def dirfd_base(self, evt: Event, name: bytes, dirfd: int) -> str:
        """parse_dirfd: the directory a relative path is resolved against."""
        t = evt.thread
        assert t is not None
        if name[:1] == b"/":
            return "."
        if dirfd == PPM_AT_FDCWD:
            return t.get_cwd()
        evt.fdinfo = t.get_fd(dirfd)
        if evt.fdinfo is None:
            return "<UNKNOWN>"
        return evt.fdinfo.name + "/"

    def infer_ipv4_address(self, dest: bytes) -> bytes:
        for addr, _mask in self.ipv4_ifaces:
            if addr == dest:
                return addr
        d = int.from_bytes(dest, "little")
        for addr, mask in self.ipv4_ifaces:
            m = int.from_bytes(mask, "little")
            if int.from_bytes(addr, "little") & m == d & m:
                return addr
        for addr, _mask in self.ipv4_ifaces:
            if addr != LOOPBACK:
                return addr
        return bytes(4)

    def patch_tuple_from_ifaces(self, fdi: FdInfo) -> None:
        """sinsp_network_interfaces::update_fd for IPv4 tuples with a zero address."""
        if fdi.type != F.FD_IPV4_SOCK:
            return
        zero = bytes(4)
        sip, dip = fdi.v4_sip, fdi.v4_dip
        if sip != zero and dip != zero:
            return
        if sip == zero:
            new = self.infer_ipv4_address(dip)
            if new == dip and fdi.v4_sport == fdi.v4_dport:
                return
            fdi.v4_sip = new
        else:
            new = self.infer_ipv4_address(sip)
            if new == sip and fdi.v4_sport == fdi.v4_dport:
                return
            fdi.v4_dip = new


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
        t.env = split_nul_list(evt.param(ei) or b"")
    gi = info.param_index("cgroups")
    if gi is not None:
        t.cgroups = parse_cgroups(split_nul_list(evt.param(gi) or b""))
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


# =====================================================================================================
# threads exiting
# =====================================================================================================
@handles(*_codes("procexit", ">"))
def parse_thread_exit(st: State, evt: Event) -> None:
    if evt.thread is not None:
        evt.thread.flags |= CL_CLOSED
        st.tid_to_remove = evt.tid


# =====================================================================================================
# stored enter events
# =====================================================================================================
def _store(st: State, evt: Event) -> None:
    st.store_event(evt)


for _c in STORED_ENTERS - {30}:
    HANDLERS[_c] = _store


@handles(30)
def parse_sendto_enter(st: State, evt: Event) -> None:
    if evt.fdinfo is None and evt.thread is not None:
        _infer_sendto_fdinfo(st, evt)
    st.store_event(evt)


def _infer_sendto_fdinfo(st: State, evt: Event) -> None:
    fd = evt.i64(0)
    tup = evt.param(2) or b""
    if fd < 0 or not tup:
        return
    if tup[0] in (AF_INET, AF_INET6):
        _add_socket(evt, fd, AF_INET if tup[0] == AF_INET else AF_INET6, SOCK_DGRAM, IPPROTO_UDP)


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


# =====================================================================================================
# sockets
# =====================================================================================================
def _l4proto_for(stype: int, proto: int) -> int:
    if proto in (IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP):
        base = {IPPROTO_TCP: F.L4_TCP, IPPROTO_UDP: F.L4_UDP, IPPROTO_ICMP: F.L4_ICMP}[proto]
        return F.L4_RAW if stype == SOCK_RAW else base
    if proto == IPPROTO_IP:
        return {SOCK_STREAM: F.L4_TCP, SOCK_DGRAM: F.L4_UDP}.get(stype & 0xFF, F.L4_UNKNOWN)
    if proto == IPPROTO_RAW:
        return F.L4_RAW
    return F.L4_UNKNOWN


def _add_socket(evt: Event, fd: int, domain: int, stype: int, proto: int) -> None:
    t = evt.thread
    assert t is not None
    fdi = FdInfo(fd, F.FD_UNKNOWN)
    if domain == AF_UNIX:
        fdi.type = F.FD_UNIX_SOCK
    elif domain in (AF_INET, AF_INET6):
        fdi.type = F.FD_IPV4_SOCK if domain == AF_INET else F.FD_IPV6_SOCK
        l4 = _l4proto_for(stype, proto)
        if domain == AF_INET:
            fdi.v4_l4proto = l4
        else:
            fdi.v6_l4proto = l4
    elif domain == AF_NETLINK:
        fdi.type = F.FD_NETLINK
    if fdi.type == F.FD_UNKNOWN:
        return
    evt.fdinfo = t.add_fd(fd, fdi)


@handles(19)
def parse_socket_exit(st: State, evt: Event) -> None:
    fd = evt.i64(0)
    if fd < 0 or evt.thread is None:
        return
    enter = st.enter_event(evt)
    if enter is None:
        return
    _add_socket(evt, fd, enter.u32(0), enter.u32(1), enter.u32(2))


@handles(21)
def parse_bind_exit(st: State, evt: Event) -> None:
    fdi = evt.fdinfo
    if fdi is None or evt.i64(0) < 0:
        return
    addr = evt.param(1) or b""
    if not addr:
        return
    fam = addr[0]
    if fam == AF_INET and len(addr) >= 7:
        port = _U16.unpack_from(addr, 5)[0]
        if port > 0:
            l4 = fdi.v4_l4proto
            fdi.type = F.FD_IPV4_SERVSOCK
            fdi.v4srv_ip, fdi.v4srv_port, fdi.v4srv_l4proto = addr[1:5], port, l4
            fdi.set_role_server()
    elif fam == AF_INET6 and len(addr) >= 19:
        _bind_v6(fdi, addr)
    fdi.name = F.sockaddr_text(addr)


def _bind_v6(fdi: FdInfo, addr: bytes) -> None:
    port = _U16.unpack_from(addr, 17)[0]
    if port == 0:
        return
    l4 = fdi.v6_l4proto
    if F.is_ipv4_mapped(addr[1:17]):
        fdi.type = F.FD_IPV4_SERVSOCK
        fdi.v4srv_l4proto = l4
        fdi.v4srv_ip, fdi.v4srv_port = addr[13:17], port
    else:
        fdi.type = F.FD_IPV6_SERVSOCK
        fdi.v6srv_port = port
        fdi.v6srv_ip = addr[1:17]
        fdi.v6srv_l4proto = l4
    fdi.set_role_server()


@handles(22)
def parse_connect_enter(st: State, evt: Event) -> None:
    fdi = evt.fdinfo
    if fdi is None:
        return
    if st.track_connection_status:
        fdi.flags = (fdi.flags & ~(F.FLAGS_SOCKET_CONNECTED | F.FLAGS_CONNECTION_FAILED)) \
            | F.FLAGS_CONNECTION_PENDING
    if evt.nparams < 2:
        return
    addr = evt.param(1) or b""
    if not addr:
        return
    fam = addr[0]
    if fam == AF_INET and len(addr) >= 7:
        fdi.type = F.FD_IPV4_SOCK
        fdi.v4_dip, fdi.v4_dport = addr[1:5], _U16.unpack_from(addr, 5)[0]
    elif fam == AF_INET6 and len(addr) >= 19:
        port = _U16.unpack_from(addr, 17)[0]
        if F.is_ipv4_mapped(addr[1:17]):
            fdi.type = F.FD_IPV4_SOCK
            fdi.v4_dip, fdi.v4_dport = addr[13:17], port
        else:
            fdi.type = F.FD_IPV6_SOCK
            fdi.v6_dport, fdi.v6_dip = port, addr[1:17]
    else:
        fdi.name = F.sockaddr_text(addr)
        _set_unix_info(fdi, addr)


def _set_unix_info(fdi: FdInfo, packed: bytes) -> None:
    p = packed.ljust(17, b"\0")
    fdi.source = struct.unpack_from("<Q", p, 1)[0]
    fdi.dest = struct.unpack_from("<Q", p, 9)[0]


def _update_v4(fdi: FdInfo, sip: bytes, sport: int, dip: bytes, dport: int) -> bool:
    """update_ipv4_addresses_and_ports: False when the tuple is already known (either way)."""
    if fdi.type == F.FD_IPV4_SOCK:
        cur = (fdi.v4_sip, fdi.v4_sport, fdi.v4_dip, fdi.v4_dport)
        if cur in ((sip, sport, dip, dport), (dip, dport, sip, sport)):
            return False
    changed = False
    if fdi.v4_sip != sip:
        fdi.v4_sip, changed = sip, True
    if fdi.v4_sport != sport:
        fdi.v4_sport, changed = sport, True
    if fdi.v4_dip == bytes(4):
        fdi.v4_dip, changed = dip, True
    if fdi.v4_dport == 0:
        fdi.v4_dport, changed = dport, True
    return changed


def _update_v6(fdi: FdInfo, sip: bytes, sport: int, dip: bytes, dport: int) -> bool:
    if fdi.type == F.FD_IPV6_SOCK:
        cur = (fdi.v6_sip, fdi.v6_sport, fdi.v6_dip, fdi.v6_dport)
        if cur in ((sip, sport, dip, dport), (dip, dport, sip, sport)):
            return False
    changed = False
    if fdi.v6_sip != sip:
        fdi.v6_sip, changed = sip, True
    if fdi.v6_sport != sport:
        fdi.v6_sport, changed = sport, True
    if fdi.v6_dip == bytes(16):
        fdi.v6_dip, changed = dip, True
    if fdi.v6_dport == 0:
        fdi.v6_dport, changed = dport, True
    return changed


def _tuple_v4(p: bytes) -> tuple[bytes, int, bytes, int]:
    return p[1:5], _U16.unpack_from(p, 5)[0], p[7:11], _U16.unpack_from(p, 11)[0]


def _tuple_v6(p: bytes) -> tuple[bytes, int, bytes, int]:
    return p[1:17], _U16.unpack_from(p, 17)[0], p[19:35], _U16.unpack_from(p, 35)[0]


def _tuple_mapped(p: bytes) -> tuple[bytes, int, bytes, int]:
    return p[13:17], _U16.unpack_from(p, 17)[0], p[31:35], _U16.unpack_from(p, 35)[0]


def _swap_addresses(fdi: FdInfo) -> None:
    if fdi.type == F.FD_IPV4_SOCK:
        fdi.v4_sip, fdi.v4_sport, fdi.v4_dip, fdi.v4_dport = fdi.v4_dip, fdi.v4_dport, fdi.v4_sip, fdi.v4_sport
    else:
        fdi.v6_sip, fdi.v6_sport, fdi.v6_dip, fdi.v6_dport = fdi.v6_dip, fdi.v6_dport, fdi.v6_sip, fdi.v6_sport


def _fill_client_socket_info(evt: Event, fdi: FdInfo, p: bytes) -> None:
    fam = p[0]
    if fam in (AF_INET, AF_INET6):
        if fam == AF_INET6 and len(p) >= 37:
            if not (F.is_ipv4_mapped(p[1:17]) and F.is_ipv4_mapped(p[19:35])):
                fdi.type = F.FD_IPV6_SOCK
                changed = _update_v6(fdi, *_tuple_v6(p))
            else:
                fdi.type = F.FD_IPV4_SOCK
                changed = _update_v4(fdi, *_tuple_mapped(p))
        elif fam == AF_INET and len(p) >= 13:
            fdi.type = F.FD_IPV4_SOCK
            changed = _update_v4(fdi, *_tuple_v4(p))
        else:
            return
        if changed and fdi.server and fdi.is_udp_socket():
            _swap_addresses(fdi)
        fdi.name = fdi.sockinfo_text()
    else:
        fdi.name = F.socktuple_text(p)
        _set_unix_info(fdi, p)
    if fdi.is_role_none():
        fdi.set_role_client()


@handles(23)
def parse_connect_exit(st: State, evt: Event) -> None:
    fdi = evt.fdinfo
    if fdi is None:
        return
    res = evt.i64(0)
    if res < 0 and res != -SE_EINPROGRESS:
        if st.track_connection_status:
            fdi.flags = (fdi.flags & ~(F.FLAGS_SOCKET_CONNECTED | F.FLAGS_CONNECTION_PENDING)) \
                | F.FLAGS_CONNECTION_FAILED
        return
    fdi.set_socket_connected()
    p = evt.param(1) or b""
    if p:
        _fill_client_socket_info(evt, fdi, p)


@handles(27, 57, 247, 249)
def parse_accept_exit(st: State, evt: Event) -> None:
    t = evt.thread
    fd = evt.i64(0)
    if t is None or fd < 0:
        return
    t.lastevent_fd = fd
    p = evt.param(1) or b""
    if not p:
        return
    fdi = FdInfo(fd)
    if p[0] == AF_INET and len(p) >= 13:
        _update_v4(fdi, *_tuple_v4(p))
        fdi.type, fdi.v4_l4proto = F.FD_IPV4_SOCK, F.L4_TCP
    elif p[0] == AF_INET6 and len(p) >= 37:
        if F.is_ipv4_mapped(p[1:17]) and F.is_ipv4_mapped(p[19:35]):
            _update_v4(fdi, *_tuple_mapped(p))
            fdi.type, fdi.v4_l4proto = F.FD_IPV4_SOCK, F.L4_TCP
        else:
            _update_v6(fdi, *_tuple_v6(p))
            fdi.type, fdi.v6_l4proto = F.FD_IPV6_SOCK, F.L4_TCP
    elif p[0] == AF_UNIX:
        fdi.type = F.FD_UNIX_SOCK
        _set_unix_info(fdi, p)
    else:
        return
    fdi.name = F.socktuple_text(p)
    fdi.flags = F.FLAGS_ROLE_SERVER | F.FLAGS_SOCKET_CONNECTED
    evt.fdinfo = t.add_fd(fd, fdi)


@handles(43)
def parse_socketpair_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if evt.i64(0) < 0 or t is None:
        return
    fdi = FdInfo(-1, F.FD_UNIX_SOCK)
    fdi.source, fdi.dest = evt.u64(3), evt.u64(4)
    evt.fdinfo = t.add_fd(evt.i64(1), fdi)
    t.add_fd(evt.i64(2), fdi)


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
# reads and writes that carry addresses
# =====================================================================================================
READS = {7: -1, 33: -1, 35: 2, 53: 3, 117: -1, 113: -1, 121: -1}
WRITES = {9: -1, 29: -1, 31: 2, 49: 2, 119: -1, 115: -1, 123: -1}


@handles(*READS, *WRITES)
def parse_rw_exit(st: State, evt: Event) -> None:
    fdi = evt.fdinfo
    if fdi is None:
        return
    if evt.i64(0) < 0:
        if st.track_connection_status and fdi.type in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):
            fdi.flags = (fdi.flags & ~(F.FLAGS_SOCKET_CONNECTED | F.FLAGS_CONNECTION_PENDING)) \
                | F.FLAGS_CONNECTION_FAILED
        return
    if fdi.type in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):
        fdi.set_socket_connected()
    incoming = evt.code in READS
    tparam = READS[evt.code] if incoming else WRITES[evt.code]
    if tparam == -1 or not (fdi.name == "" or not fdi.is_tcp_socket()):
        return
    src = evt if incoming else st.enter_event(evt)
    if src is None:
        return
    p = src.param(tparam) or b""
    if _update_fd(st, fdi, p):
        _rename_after_tuple(evt, fdi, src, tparam, incoming)


def _rename_after_tuple(evt: Event, fdi: FdInfo, src: Event, tparam: int, incoming: bool) -> None:
    if fdi.type in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):
        if fdi.is_role_none():
            _guess_role(evt, fdi, incoming)
        if (incoming and fdi.client) or (not incoming and fdi.server):
            _swap_addresses(fdi)
        fdi.name = fdi.sockinfo_text()
    else:
        fdi.name = F.socktuple_text(src.param(tparam) or b"")


def _guess_role(evt: Event, fdi: FdInfo, incoming: bool) -> None:
    """set_net_role_by_guessing."""
    t = evt.thread
    assert t is not None
    table = t.fd_table() or {}
    dport, sport = fdi.v4_dport, fdi.v4_sport
    bound = any((o.type == F.FD_IPV4_SOCK and o.v4_dport == dport)
                or (o.type == F.FD_IPV4_SERVSOCK and o.v4srv_port == dport) for o in table.values())
    if not bound:
        fdi.set_role_client()
        return
    if not any(o.type == F.FD_IPV4_SOCK and o.v4_sport == sport for o in table.values()):
        fdi.set_role_server()
        return
    if fdi.is_role_none():
        if incoming:
            fdi.set_role_server()
        else:
            fdi.set_role_client()


def _update_fd(st: State, fdi: FdInfo, p: bytes) -> bool:
    """sinsp_parser::update_fd: take a tuple seen on the wire into the fd."""
    if not p:
        return False
    fam = p[0]
    if fam == AF_INET and len(p) >= 13:
        if fdi.type == F.FD_IPV4_SERVSOCK:
            fdi.v4_l4proto = fdi.v4srv_l4proto
        fdi.type = F.FD_IPV4_SOCK
        if not _update_v4(fdi, *_tuple_v4(p)):
            return False
    elif fam == AF_INET6 and len(p) >= 37:
        if F.is_ipv4_mapped(p[1:17]) and F.is_ipv4_mapped(p[19:35]):
            fdi.type = F.FD_IPV4_SOCK
            if not _update_v4(fdi, *_tuple_mapped(p)):
                return False
        elif not _update_v6(fdi, *_tuple_v6(p)):
            return False
    elif fam == AF_UNIX:
        fdi.type = F.FD_UNIX_SOCK
        _set_unix_info(fdi, p)
        fdi.name = F.sanitized(p[17:]) if len(p) > 17 else ""
        return True
    else:
        return True
    if fdi.type == F.FD_IPV4_SOCK and fdi.v4_l4proto == F.L4_UNKNOWN:
        fdi.v4_l4proto = F.L4_UDP
    elif fdi.type == F.FD_IPV6_SOCK and fdi.v6_l4proto == F.L4_UNKNOWN:
        fdi.v6_l4proto = F.L4_UDP
    st.patch_tuple_from_ifaces(fdi)
    return True


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


@handles(47)
def parse_getsockopt_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if evt.nparams == 0 or t is None:
        return
    fd = evt.i64(1)
    mt = t.main_thread()
    evt.fdinfo = mt.get_fd(fd) if mt is not None else None
    t.lastevent_fd = fd


# =====================================================================================================
# containers
# =====================================================================================================
@handles(*CONTAINER_JSON)
def parse_container_json(st: State, evt: Event) -> None:
    try:
        doc = json.loads(_cstr(evt.param(0)).decode("utf-8", "replace"))
    except ValueError:
        return
    c = doc.get("container") if isinstance(doc, dict) else None
    if isinstance(c, dict) and isinstance(c.get("id"), str):
        st.containers[c["id"]] = c


@handles(228)
def parse_container_old(st: State, evt: Event) -> None:
    cid = evt.str(0)
    st.containers[cid] = {"id": cid, "type": evt.u32(1), "name": evt.str(2), "image": evt.str(3)}
