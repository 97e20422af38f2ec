"""Fields of the fd class: the file descriptor an event uses (sinsp_filter_check_fd)."""

from __future__ import annotations

import _socket as socket  # socket.py's C core: the same functions, without socket.py's imports (~2 ms)
from typing import Any

from sysdigpy.events.event import Event
from sysdigpy.events.render import sanitize
from sysdigpy.events.table import EF_CREATES_FD
from sysdigpy.events.table import EF_DESTROYS_FD
from sysdigpy.events.table import EF_USES_FD
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import FILTER_ONLY
from sysdigpy.fields.registry import Declarer
from sysdigpy.fields.registry import Factory
from sysdigpy.fields.registry import Getter
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import implements
from sysdigpy.state import fds as F
from sysdigpy.state.fds import FdInfo
from sysdigpy.state.fds import ipv4_text
from sysdigpy.state.fds import ipv6_text
from sysdigpy.state.threads import ThreadInfo
from sysdigpy.state.threads import concatenate_paths

IMPLS: dict[str, Factory] = {}
_FD_FLAGS = EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD
_L4 = {F.L4_TCP: "tcp", F.L4_UDP: "udp", F.L4_ICMP: "icmp", F.L4_RAW: "raw"}
# fd.typechar of fd-creating events without fd info (keyed by the enter event's name)
_CREATOR_CHARS = {"open": "f", "openat": "f", "openat2": "f", "creat": "f", "socket": "4", "accept": "4",
                  "accept4": "4", "pipe": "p", "eventfd": "e", "signalfd": "s", "timerfd_create": "t",
                  "inotify_init": "i"}
_NAME_FROM_PARAM1 = ("open", "creat", "accept", "accept4", "connect")

field_class("fd", "fd", "Every syscall that has a file descriptor in its arguments has these fields set with "
            "information related to the file.")


class Ctx:
    """What extract_fd finds for an event: the thread and its fd info (or None)."""

    __slots__ = ("thread", "fdinfo", "resolve")

    def __init__(self, thread: ThreadInfo, fdinfo: FdInfo | None) -> None:
        self.thread = thread
        self.fdinfo = fdinfo
        self.resolve = False  # -R: names built from event parameters use service names


def extract_fd(e: Event) -> Ctx | None:
    """sinsp extract_fd: only events that create, use or destroy an fd; falls back on lastevent_fd."""
    if not e.info.flags & _FD_FLAGS:
        return None
    t = e.thread
    if t is None:
        return None
    fdi = e.fdinfo
    if fdi is None and t.lastevent_fd != -1:
        fdi = t.get_fd(t.lastevent_fd)
    return Ctx(t, fdi)


def impl(*names: str):  # noqa: ANN201
    return implements(IMPLS, *names)


def fdfield(*names: str):  # noqa: ANN201
    """A getter of (event, Ctx) -> value, run only when extract_fd succeeds."""

    def register(fn: Any) -> Any:
        def make(ctx: FieldContext, _arg: str | None) -> Getter:
            resolve = ctx.resolve_ports

            def get(e: Event) -> Any:
                c = extract_fd(e)
                if c is None:
                    return None
                c.resolve = resolve
                return fn(e, c)

            return get

        implements(IMPLS, *names)(make)
        return fn

    return register


def _name_from_creator(e: Event, resolve: bool = False) -> str | None:
    """extract_fdname_from_creator: the name an fd-creating exit would give, '' for other exits."""
    if e.is_enter:
        return None
    name = e.info.name
    if name in _NAME_FROM_PARAM1 and e.nparams > 1:
        from sysdigpy.events.render import Renderer

        value, resolved = Renderer(None, resolve_ports=resolve).param(e, 1)
        return sanitize((resolved or value).encode("utf-8", "surrogateescape")).decode("ascii")
    if name in ("openat", "openat2") and e.thread is not None:
        enter = e.thread.lastevent_data if name == "openat" and e.nparams < 3 else None
        src = enter if enter is not None else e
        off = 0 if src is enter else 1
        if src.nparams <= off + 1:
            return None
        path = src.param(off + 1) or b""
        dirfd = src.i64(off)
        base = _dirfd_base(e.thread, path, dirfd)
        return concatenate_paths(base, path.split(b"\0", 1)[0], len(path))
    return ""


def _dirfd_base(t: ThreadInfo, path: bytes, dirfd: int) -> str:
    if path[:1] == b"/":
        return ""
    if dirfd == -100:
        return t.get_cwd()
    fdi = t.get_fd(dirfd)
    return "" if fdi is None else fdi.name + ("" if fdi.name.endswith("/") else "/")


@fdfield("fd.num")
def _num(e: Event, c: Ctx) -> int:
    return c.thread.lastevent_fd


def _connect_failed(e: Event) -> bool:
    return e.info.name == "connect" and not e.is_enter and e.i64(0) < 0


@fdfield("fd.name")
def _name(e: Event, c: Ctx) -> str | None:
    if c.fdinfo is None or _connect_failed(e):
        return _name_from_creator(e, c.resolve)
    return sanitize(c.fdinfo.name.encode("utf-8", "surrogateescape")).decode("ascii")


@fdfield("fd.containername")
def _containername(e: Event, c: Ctx) -> str | None:
    n = _name(e, c)
    return None if n is None else f"{c.thread.container_id}:{n}"


@fdfield("fd.type")
def _type(e: Event, c: Ctx) -> str | None:
    return None if c.fdinfo is None else c.fdinfo.typestr()


@fdfield("fd.typechar")
def _typechar(e: Event, c: Ctx) -> str | None:
    if c.fdinfo is None:
        return _CREATOR_CHARS.get(e.info.name, "o")
    return c.fdinfo.typechar()


def _dirname(name: str, is_file: bool) -> str:
    """sinsp's fd.directory: cut at the last '/' (kept whole if it ends the name); '/' when none or at 0."""
    if not is_file:
        return name
    pos = name.rfind("/")
    if pos > 0:
        return name[:pos] if pos < len(name) - 1 else name
    return "/"


@fdfield("fd.directory")
def _directory(e: Event, c: Ctx) -> str | None:
    fdi = c.fdinfo
    if fdi is None:
        n = _name_from_creator(e, c.resolve)
        return None if n is None else _dirname(n, True)
    if fdi.type not in (F.FD_FILE, F.FD_FILE_V2, F.FD_DIRECTORY):
        return None
    return _dirname(sanitize(fdi.name.encode("utf-8", "surrogateescape")).decode("ascii"), fdi.is_file)


@fdfield("fd.containerdirectory")
def _containerdirectory(e: Event, c: Ctx) -> str | None:
    d = _directory(e, c)
    return None if d is None else f"{c.thread.container_id}:{d}"


@fdfield("fd.filename")
def _filename(e: Event, c: Ctx) -> str | None:
    fdi = c.fdinfo
    if fdi is None or not fdi.is_file:
        return None
    name = sanitize(fdi.name.encode("utf-8", "surrogateescape")).decode("ascii")
    pos = name.rfind("/")
    if pos < 0:
        return "/"
    return name[pos + 1:] if pos < len(name) - 1 else name


def _ip(b: bytes) -> str:
    return ipv4_text(b) if len(b) == 4 else ipv6_text(b)


def _is_sock(fdi: FdInfo | None) -> bool:
    return fdi is not None and not fdi.is_role_none()


@fdfield("fd.cip", "fd.cnet")
def _cip(e: Event, c: Ctx) -> str | None:
    fdi = c.fdinfo
    if not _is_sock(fdi) or fdi.type not in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):  # type: ignore[union-attr]
        return None
    return _ip(fdi.sip)  # type: ignore[union-attr]


@fdfield("fd.sip", "fd.snet")
def _sip(e: Event, c: Ctx) -> str | None:
    fdi = c.fdinfo
    if not _is_sock(fdi):
        return None
    t = fdi.type  # type: ignore[union-attr]
    if t in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):
        return _ip(fdi.dip)  # type: ignore[union-attr]
    if t in (F.FD_IPV4_SERVSOCK, F.FD_IPV6_SERVSOCK):
        return _ip(fdi.sip)  # type: ignore[union-attr]
    return None


@fdfield("fd.cport")
def _cport(e: Event, c: Ctx) -> int | None:
    """Other sockets with a role (unix) fall through to sinsp's cproto, an empty string read as port 0."""
    fdi = c.fdinfo
    if not _is_sock(fdi):
        return None
    return fdi.sport if fdi.type in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK) else 0  # type: ignore[union-attr]


@fdfield("fd.sport")
def _sport(e: Event, c: Ctx) -> int | None:
    """Server sockets have a port whatever their role; connected ones only with a role."""
    fdi = c.fdinfo
    if fdi is None:
        return None
    t = fdi.type
    if t in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):
        return None if fdi.is_role_none() else fdi.dport
    if t in (F.FD_IPV4_SERVSOCK, F.FD_IPV6_SERVSOCK):
        return fdi.sport
    return None


def _local_is_client(fdi: FdInfo) -> bool:
    return fdi.client


@fdfield("fd.lip", "fd.lnet")
def _lip(e: Event, c: Ctx) -> str | None:
    fdi = c.fdinfo
    if not _is_sock(fdi) or fdi.type not in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):  # type: ignore[union-attr]
        return None
    return _ip(fdi.sip if fdi.client else fdi.dip)  # type: ignore[union-attr]


@fdfield("fd.rip", "fd.rnet")
def _rip(e: Event, c: Ctx) -> str | None:
    fdi = c.fdinfo
    if not _is_sock(fdi) or fdi.type not in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):  # type: ignore[union-attr]
        return None
    return _ip(fdi.dip if fdi.client else fdi.sip)  # type: ignore[union-attr]


@fdfield("fd.lport")
def _lport(e: Event, c: Ctx) -> int | None:
    fdi = c.fdinfo
    if not _is_sock(fdi) or fdi.type not in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):  # type: ignore[union-attr]
        return None
    return fdi.sport if fdi.client else fdi.dport  # type: ignore[union-attr]


@fdfield("fd.rport")
def _rport(e: Event, c: Ctx) -> int | None:
    fdi = c.fdinfo
    if not _is_sock(fdi) or fdi.type not in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):  # type: ignore[union-attr]
        return None
    return fdi.dport if fdi.client else fdi.sport  # type: ignore[union-attr]


@fdfield("fd.l4proto")
def _l4proto(e: Event, c: Ctx) -> str | None:
    fdi = c.fdinfo
    if fdi is None:
        return None
    return _L4.get(fdi.get_l4proto(), "<NA>")


@fdfield("fd.sockfamily")
def _sockfamily(e: Event, c: Ctx) -> str | None:
    fdi = c.fdinfo
    if fdi is None:
        return None
    if fdi.type in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK, F.FD_IPV4_SERVSOCK, F.FD_IPV6_SERVSOCK):
        return "ip"
    if fdi.type == F.FD_UNIX_SOCK:
        return "unix"
    return None


def _container_ip(info: dict | None) -> bytes:
    """sinsp_container_info::m_container_ip in network order: the container JSON's "ip" (0 without it)."""
    ip = info.get("ip") if info is not None else None
    if not isinstance(ip, str):
        return bytes(4)
    try:
        return socket.inet_pton(socket.AF_INET, ip)
    except OSError:
        return bytes(4)


def _ipv4_in_local_machine(ctx: FieldContext, t: ThreadInfo, addr: bytes) -> bool:
    """sinsp_network_interfaces::is_ipv4addr_in_local_machine: the thread's container IP (or, when
    that is 0, any container's), then the capture's IPv4 interface addresses (exact match)."""
    st = ctx.state
    if st is None:
        return False
    if t.container_id:
        info = st.containers.get(t.container_id)
        if info is not None:
            own = _container_ip(info)
            if own != bytes(4):
                if own == addr:
                    return True
            elif any(_container_ip(other) == addr for other in st.containers.values()):
                return True
    return any(i.addr == addr for i in st.meta.ifaces if i.kind in (1, 3))


def _ipv6_in_local_machine(ctx: FieldContext, t: ThreadInfo, addr: bytes) -> bool:
    """is_ipv6addr_in_local_machine: never in a container; else an IPv6 interface address whose
    first 64 bits are the address's (ipv6addr::in_subnet)."""
    st = ctx.state
    if st is None or t.container_id:
        return False
    return any(i.addr[:8] == addr[:8] for i in st.meta.ifaces if i.kind in (2, 4))


@impl("fd.is_server")
def _make_is_server(ctx: FieldContext, _arg: str | None) -> Getter:
    """sinsp TYPE_IS_SERVER: listening sockets are servers; a connected IPv4/IPv6 socket is one when
    its destination address is a local one (not the fd's client/server role); anything else false."""

    def get(e: Event) -> bool | None:
        c = extract_fd(e)
        if c is None or c.fdinfo is None:
            return None
        fdi = c.fdinfo
        if fdi.type in (F.FD_IPV4_SERVSOCK, F.FD_IPV6_SERVSOCK):
            return True
        if fdi.type == F.FD_IPV4_SOCK:
            return _ipv4_in_local_machine(ctx, c.thread, fdi.v4_dip)
        if fdi.type == F.FD_IPV6_SOCK:
            return _ipv6_in_local_machine(ctx, c.thread, fdi.v6_dip)
        return False

    return get


@fdfield("fd.uid")
def _uid(e: Event, c: Ctx) -> str | None:
    """The thread id then the fd number, run together (sysdig 0.29.3), also for an fd not in the table."""
    return "%d%d" % (c.thread.tid, c.thread.lastevent_fd)


@fdfield("fd.connected")
def _connected(e: Event, c: Ctx) -> bool | None:
    return None if c.fdinfo is None else bool(c.fdinfo.flags & F.FLAGS_SOCKET_CONNECTED)


@fdfield("fd.name_changed")
def _name_changed(e: Event, c: Ctx) -> bool | None:
    return None if c.fdinfo is None else c.fdinfo.name != c.fdinfo.oldname


@fdfield("fd.dev")
def _dev(e: Event, c: Ctx) -> int | None:
    """sinsp_fdinfo::m_dev: the dev parameter of an open/openat/openat2/creat exit (0 without one) or
    the dev of a FILE_V2 fd list entry. sinsp 0.29.3 never sets it for any other fd: fds made by socket,
    pipe, accept, eventfd, signalfd, timerfd, inotify... copy it from an uninitialized stack
    sinsp_fdinfo_t, so sysdig prints whatever was on the stack (on x86-64 the upper half of a heap
    pointer, e.g. 55CE, different on every run). That cannot be reproduced; such fds keep 0 here."""
    return None if c.fdinfo is None else c.fdinfo.dev


@fdfield("fd.dev.major")
def _dev_major(e: Event, c: Ctx) -> int | None:
    return None if c.fdinfo is None else (c.fdinfo.dev & 0xFFF00) >> 8


@fdfield("fd.dev.minor")
def _dev_minor(e: Event, c: Ctx) -> int | None:
    return None if c.fdinfo is None else (c.fdinfo.dev & 0xFF) | ((c.fdinfo.dev >> 12) & 0xFFF00)


@fdfield("fd.ip")
def _any_ip(e: Event, c: Ctx) -> list[bytes] | None:
    """Filter only (sinsp's compare_ip/compare_net): both addresses of an IP socket as recorded, whatever
    its role, or a listening socket's address; the compiler matches on either (``!=``: on both)."""
    fdi = c.fdinfo
    if fdi is None:
        return None
    if fdi.type in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):
        return [fdi.sip, fdi.dip]  # raw 4 or 16 bytes: an IPv6 zero address is not 0.0.0.0
    if fdi.type in (F.FD_IPV4_SERVSOCK, F.FD_IPV6_SERVSOCK):
        return [fdi.sip]
    return None


@fdfield("fd.port")
def _any_port(e: Event, c: Ctx) -> list[int] | None:
    """Filter only (sinsp's compare_port): either port of an IP socket, the port of a listening one;
    nothing for other fds (a unix socket's 0 client port is fd.cport's quirk, not a port)."""
    fdi = c.fdinfo
    if fdi is None:
        return None
    if fdi.type in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):
        return [fdi.sport, fdi.dport]
    if fdi.type in (F.FD_IPV4_SERVSOCK, F.FD_IPV6_SERVSOCK):
        return [fdi.sport]
    return None


IMPLS["fd.net"] = IMPLS["fd.ip"]
IMPLS["fd.proto"] = IMPLS["fd.port"]


# ---- protocols: a port as sinsp's port_to_string gives it (a service name only with -R) -----------
def _port_text(ctx: FieldContext, fdi: FdInfo, port: int) -> str:
    if ctx.resolve_ports:
        proto = {F.L4_TCP: "tcp", F.L4_UDP: "udp"}.get(fdi.get_l4proto())
        try:
            return socket.getservbyport(port, proto) if proto else socket.getservbyport(port)
        except (OSError, OverflowError):
            pass
    return str(port)


def _proto_field(name: str, pick: Any) -> None:
    """``pick(fdi) -> port | '' | None``: None is no value, '' an empty string (sinsp's m_tstr left empty)."""

    def make(ctx: FieldContext, _arg: str | None) -> Getter:
        def get(e: Event) -> str | None:
            c = extract_fd(e)
            if c is None or c.fdinfo is None:
                return None
            port = pick(c.fdinfo)
            if port is None or port == "":
                return port
            return _port_text(ctx, c.fdinfo, port)

        return get

    implements(IMPLS, name)(make)


_CONNECTED = (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK)
_SERVERS = (F.FD_IPV4_SERVSOCK, F.FD_IPV6_SERVSOCK)
# client: any fd with a role; a port only for connected sockets
_proto_field("fd.cproto", lambda f: None if f.is_role_none() else (f.sport if f.type in _CONNECTED else ""))
# server: connected sockets with a role, or server sockets (whose text sinsp leaves empty)
_proto_field("fd.sproto", lambda f: (None if f.is_role_none() else f.dport) if f.type in _CONNECTED
             else ("" if f.type in _SERVERS else None))
# local/remote: as fd.lport/fd.rport (the client end is the local one in a capture)
_proto_field("fd.lproto", lambda f: None if f.type not in _CONNECTED or f.is_role_none()
             else (f.sport if f.client else f.dport))
_proto_field("fd.rproto", lambda f: None if f.type not in _CONNECTED or f.is_role_none()
             else (f.dport if f.client else f.sport))


declare = Declarer(IMPLS)
declare("fd.num", "PT_INT64", "the unique number identifying the file descriptor.", cls="fd", pf="PF_ID")
declare("fd.type", "PT_CHARBUF",
        "type of FD. Can be 'file', 'directory', 'ipv4', 'ipv6', 'unix', 'pipe', 'event', 'signalfd', "
        "'eventpoll', 'inotify' or 'signalfd'.",
        cls="fd")
declare("fd.typechar", "PT_CHARBUF",
        "type of FD as a single character. Can be 'f' for file, 4 for IPv4 socket, 6 for IPv6 socket, 'u' for"
        " unix socket, p for pipe, 'e' for eventfd, 's' for signalfd, 'l' for eventpoll, 'i' for inotify, 'o'"
        " for unknown.",
        cls="fd")
declare("fd.name", "PT_CHARBUF",
        "FD full name. If the fd is a file, this field contains the full path. If the FD is a socket, this "
        "field contain the connection tuple.",
        cls="fd", pf="PF_NA")
declare("fd.directory", "PT_CHARBUF", "If the fd is a file, the directory that contains it.", cls="fd", pf="PF_NA")
declare("fd.filename", "PT_CHARBUF", "If the fd is a file, the filename without the path.", cls="fd", pf="PF_NA")
declare("fd.ip", "PT_IPADDR",
        "matches the ip address (client or server) of the fd.",
        cls="fd", pf="PF_NA", flags=(FILTER_ONLY,))
declare("fd.cip", "PT_IPADDR", "client IP address.", cls="fd", pf="PF_NA")
declare("fd.sip", "PT_IPADDR", "server IP address.", cls="fd", pf="PF_NA")
declare("fd.lip", "PT_IPADDR", "local IP address.", cls="fd", pf="PF_NA")
declare("fd.rip", "PT_IPADDR", "remote IP address.", cls="fd", pf="PF_NA")
declare("fd.port", "PT_PORT", "matches the port (either client or server) of the fd.", cls="fd", flags=(FILTER_ONLY,))
declare("fd.cport", "PT_PORT", "for TCP/UDP FDs, the client port.", cls="fd")
declare("fd.sport", "PT_PORT", "for TCP/UDP FDs, server port.", cls="fd")
declare("fd.lport", "PT_PORT", "for TCP/UDP FDs, the local port.", cls="fd")
declare("fd.rport", "PT_PORT", "for TCP/UDP FDs, the remote port.", cls="fd")
declare("fd.l4proto", "PT_CHARBUF",
        "the IP protocol of a socket. Can be 'tcp', 'udp', 'icmp' or 'raw'.",
        cls="fd", pf="PF_NA")
declare("fd.sockfamily", "PT_CHARBUF",
        "the socket family for socket events. Can be 'ip' or 'unix'.",
        cls="fd", pf="PF_NA")
declare("fd.is_server", "PT_BOOL",
        "'true' if the process owning this FD is the server endpoint in the connection.",
        cls="fd", pf="PF_NA")
declare("fd.uid", "PT_CHARBUF",
        "a unique identifier for the FD, created by chaining the FD number and the thread ID.",
        cls="fd", pf="PF_NA")
declare("fd.containername", "PT_CHARBUF",
        "chaining of the container ID and the FD name. Useful when trying to identify which container an FD "
        "belongs to.",
        cls="fd", pf="PF_NA")
declare("fd.containerdirectory", "PT_CHARBUF",
        "chaining of the container ID and the directory name. Useful when trying to identify which container "
        "a directory belongs to.",
        cls="fd", pf="PF_NA")
declare("fd.proto", "PT_PORT",
        "matches the protocol (either client or server) of the fd.",
        cls="fd", pf="PF_NA", flags=(FILTER_ONLY,))
declare("fd.cproto", "PT_CHARBUF", "for TCP/UDP FDs, the client protocol.", cls="fd", pf="PF_NA")
declare("fd.sproto", "PT_CHARBUF", "for TCP/UDP FDs, server protocol.", cls="fd", pf="PF_NA")
declare("fd.lproto", "PT_CHARBUF", "for TCP/UDP FDs, the local protocol.", cls="fd", pf="PF_NA")
declare("fd.rproto", "PT_CHARBUF", "for TCP/UDP FDs, the remote protocol.", cls="fd", pf="PF_NA")
declare("fd.net", "PT_IPNET",
        "matches the IP network (client or server) of the fd.",
        cls="fd", pf="PF_NA", flags=(FILTER_ONLY,))
declare("fd.cnet", "PT_IPNET", "matches the client IP network of the fd.", cls="fd", pf="PF_NA", flags=(FILTER_ONLY,))
declare("fd.snet", "PT_IPNET", "matches the server IP network of the fd.", cls="fd", pf="PF_NA", flags=(FILTER_ONLY,))
declare("fd.lnet", "PT_IPNET", "matches the local IP network of the fd.", cls="fd", pf="PF_NA", flags=(FILTER_ONLY,))
declare("fd.rnet", "PT_IPNET", "matches the remote IP network of the fd.", cls="fd", pf="PF_NA", flags=(FILTER_ONLY,))
declare("fd.connected", "PT_BOOL", "for TCP/UDP FDs, 'true' if the socket is connected.", cls="fd", pf="PF_NA")
declare("fd.name_changed", "PT_BOOL",
        "True when an event changes the name of an fd used by this event. This can occur in some cases such "
        "as udp connections where the connection tuple changes.",
        cls="fd", pf="PF_NA")
# fd.*ip.name: no value: sinsp fills them from its DNS manager, which works on live captures only;
# sysdig 0.29.3 gives none on every capture here.
declare("fd.cip.name", "PT_CHARBUF", "Domain name associated with the client IP address.", cls="fd", pf="PF_NA")
declare("fd.sip.name", "PT_CHARBUF", "Domain name associated with the server IP address.", cls="fd", pf="PF_NA")
declare("fd.lip.name", "PT_CHARBUF", "Domain name associated with the local IP address.", cls="fd", pf="PF_NA")
declare("fd.rip.name", "PT_CHARBUF", "Domain name associated with the remote IP address.", cls="fd", pf="PF_NA")
declare("fd.dev", "PT_INT32", "device number (major/minor) containing the referenced file", cls="fd", pf="PF_HEX")
declare("fd.dev.major", "PT_INT32", "major device number containing the referenced file", cls="fd")
declare("fd.dev.minor", "PT_INT32", "minor device number containing the referenced file", cls="fd")
