"""The state engine: libsinsp's sinsp_parser applied to every event in file order.

``State.process`` does, for one event, what sinsp::next and sinsp_parser::process_event
do: the removals deferred from the previous event, the per-event reset (thread lookup,
enter/exit bookkeeping, error code, the event's fd), then the handler for the event id,
then the cleanup of the stored enter event.  Handlers are registered with ``@handles``.

This module keeps the driver, the ``HANDLERS`` registry and what handlers share; each
syscall family's handlers live in their own module (``parse_clone``, ``parse_execve``,
``parse_open``, ``parse_close``, ``parse_socket``, ``parse_fd``, ``parse_misc``), imported
at the bottom of this one so ``HANDLERS`` is complete as soon as ``State`` can be imported.
"""

from __future__ import annotations

from collections.abc import Callable

from sysdigpy.events.event import Event
from sysdigpy.events.table import EF_MODIFIES_STATE
from sysdigpy.events.table import EF_SKIPPARSERESET
from sysdigpy.events.table import EF_USES_FD
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import DF_STATE_ONLY
from sysdigpy.probe.rawevent import DF_TRACER
from sysdigpy.state import fds as F
from sysdigpy.state.containers import ContainerManager
from sysdigpy.state.fds import FdInfo
from sysdigpy.state.threads import CL_ACTIVE
from sysdigpy.state.threads import ThreadInfo
from sysdigpy.state.threads import ThreadTable
from sysdigpy.state.users import UserTable

Handler = Callable[["State", Event], None]
HANDLERS: dict[int, Handler] = {}

CLONE_EXITS = frozenset({15, 157, 183, 185, 217, 219, 221, 223, 225, 227, 335})
CONTAINER_JSON = frozenset({272, 324})
SCHEDSWITCH_6_E = 152
PROCINFO_E = 234
WRITE_X = 9
TRACER_E = 268
COPY_FILE_RANGE_X = 333
# enter events sinsp copies so that the exit can read them (store_event)
STORED_ENTERS = frozenset({30, 2, 58, 102, 306, 326, 18, 62, 94, 96, 36, 140, 142, 144, 48, 188,
                           192, 194, 198, 200, 288, 292, 330, 294})

PPM_AT_FDCWD = -100
LOOPBACK = bytes([127, 0, 0, 1])

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


class State:
    """Thread, fd, user and container tables, updated by every event."""

    def __init__(self, meta: CaptureMetadata, apply_user_events: bool = False, resolve_ports: bool = False) -> None:
        self.meta = meta
        # -R: sinsp's m_hostname_and_port_resolution_enabled; socket fd names then carry service names
        self.resolve_ports = resolve_ports
        # containers: the table the capture's container events and the engines fill (sinsp's
        # container manager), resolved for each thread of the process list as it is loaded
        self.containers: dict[str, dict] = {}
        self.container_manager = ContainerManager(self.containers)
        self.threads = ThreadTable.from_metadata(meta, resolve_ports, self.container_manager.resolve)
        self.users = UserTable.from_metadata(meta)
        self.ipv4_ifaces = [(i.addr, i.netmask) for i in meta.ifaces if i.kind in (1, 3)]
        self.apply_user_events = apply_user_events
        self.track_connection_status = False
        self.tid_to_remove = -1
        self.tid_of_fds_to_remove = -1
        self.fds_to_remove: list[int] = []
        self.nevts = 0
        self.lastevent_ts = 0

    # ---- the per-event driver ---------------------------------------------------------------
    def process(self, evt: Event, predicate: Callable[[Event], bool] | None = None) -> bool:
        """Update the state with one event; False when ``predicate`` (the filter) rejects it.

        sinsp runs the filter inside its parser, and its state depends on it: an event that does
        not modify state is filtered right after the reset, and when rejected it is not parsed and
        its thread forgets the last event type; a state-changing one is filtered after its
        handler; and neither a rejected nor a state-only (-F hidden) event gets the cleanup that
        drops the stored enter event and updates the thread's event times.
        """
        if evt.code >= LEGACY_EVENT_MAX:  # ids sysdig 0.29.3 does not know
            if self.apply_user_events:
                self.users.apply_event(evt)
            return predicate is None or predicate(evt)
        self.nevts += 1
        self.lastevent_ts = evt.ts
        self._apply_deferred()
        self.reset(evt)
        later = predicate is not None and self._modifies_state(evt)
        if predicate is not None and not later and not predicate(evt):
            t = evt.thread
            if t is not None and not (evt.info.flags & EF_SKIPPARSERESET or evt.code == SCHEDSWITCH_6_E):
                t.lastevent_type = LEGACY_EVENT_MAX  # PPM_EVENT_MAX
            return False
        h = HANDLERS.get(evt.code)
        if h is not None:
            h(self, evt)
        if later and predicate is not None and not predicate(evt):
            return False
        if evt.raw.flags & DF_STATE_ONLY:
            return True
        t = evt.thread
        if t is not None and not evt.is_enter and t.lastevent_data is not None:
            t.lastevent_data = None
            t.lastevent_data_valid = False
        if t is not None and evt.code not in (146, SCHEDSWITCH_6_E):
            t.prevevent_ts, t.lastevent_ts = t.lastevent_ts, evt.ts
        return True

    @staticmethod
    def _modifies_state(evt: Event) -> bool:
        """Whether sinsp filters this event after parsing it (writes to a tracer fd count too)."""
        if evt.code == WRITE_X:
            t, fdi = evt.thread, evt.fdinfo
            if fdi is None and t is not None:
                fdi = evt.fdinfo = t.get_fd(t.lastevent_fd)
            if fdi is not None and fdi.flags & (F.FLAGS_IS_TRACER_FD | F.FLAGS_IS_TRACER_FILE):
                return True
            if evt.raw.flags & DF_TRACER:
                evt.fdinfo = None
                return True
        return bool(evt.info.flags & EF_MODIFIES_STATE)

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
# stored enter events (sendto's, 30, also infers its socket: parse_socket)
# =====================================================================================================
def _store(st: State, evt: Event) -> None:
    st.store_event(evt)


for _c in STORED_ENTERS - {30}:
    HANDLERS[_c] = _store


# =====================================================================================================
# the syscall families: importing them fills HANDLERS (they import the names above, hence the bottom)
# =====================================================================================================
from sysdigpy.state import parse_clone  # noqa: E402
from sysdigpy.state import parse_close  # noqa: E402
from sysdigpy.state import parse_execve  # noqa: E402
from sysdigpy.state import parse_fd  # noqa: E402
from sysdigpy.state import parse_misc  # noqa: E402
from sysdigpy.state import parse_open  # noqa: E402
from sysdigpy.state import parse_socket  # noqa: E402

FAMILIES = (parse_clone, parse_execve, parse_open, parse_close, parse_socket, parse_fd, parse_misc)
