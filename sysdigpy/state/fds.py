"""File descriptors as libsinsp tracks them (sinsp_fdinfo).

The socket addresses live in one 40-byte buffer shared by the IPv4/IPv6 tuple,
server-address and unix views, exactly like sinsp's ``sinsp_sockinfo`` union: a
socket that changes kind (bind, then recvfrom) reads what the other view wrote,
and the names sinsp derives from it depend on that.
"""

from __future__ import annotations

import _socket as socket  # socket.py's C core: the same functions, without socket.py's imports (~2 ms)
import functools
import struct

from sysdigpy.probe.metadata import FdRecord

# scap fd types
FD_UNINITIALIZED = -1
FD_UNKNOWN = 0
FD_FILE = 1
FD_DIRECTORY = 2
FD_IPV4_SOCK = 3
FD_IPV6_SOCK = 4
FD_IPV4_SERVSOCK = 5
FD_IPV6_SERVSOCK = 6
FD_FIFO = 7
FD_UNIX_SOCK = 8
FD_EVENT = 9
FD_UNSUPPORTED = 10
FD_SIGNALFD = 11
FD_EVENTPOLL = 12
FD_INOTIFY = 13
FD_TIMERFD = 14
FD_NETLINK = 15
FD_FILE_V2 = 16

# scap l4 protocols
L4_UNKNOWN = 0
L4_NA = 1
L4_TCP = 2
L4_UDP = 3
L4_ICMP = 4
L4_RAW = 5

# sinsp_fdinfo flags
FLAGS_NONE = 0
FLAGS_FROM_PROC = 1 << 0
FLAGS_ROLE_CLIENT = 1 << 2
FLAGS_ROLE_SERVER = 1 << 3
FLAGS_CLOSE_IN_PROGRESS = 1 << 4
FLAGS_CLOSE_CANCELED = 1 << 5
FLAGS_IS_SOCKET_PIPE = 1 << 6
FLAGS_IS_TRACER_FILE = 1 << 7
FLAGS_IS_TRACER_FD = 1 << 8
FLAGS_IS_NOT_TRACER_FD = 1 << 9
FLAGS_SOCKET_CONNECTED = 1 << 13
FLAGS_IS_CLONED = 1 << 14
FLAGS_CONNECTION_PENDING = 1 << 15
FLAGS_CONNECTION_FAILED = 1 << 16

CANCELED_FD_NUMBER = (1 << 63) - 1
USER_EVT_DEVICE_NAME = "/dev/sysdig-events"

_TYPECHARS = {
    FD_FILE: "f", FD_FILE_V2: "f", FD_IPV4_SOCK: "4", FD_IPV6_SOCK: "6", FD_DIRECTORY: "d",
    FD_IPV4_SERVSOCK: "4", FD_IPV6_SERVSOCK: "6", FD_FIFO: "p", FD_UNIX_SOCK: "u", FD_EVENT: "e",
    FD_UNKNOWN: "o", FD_UNSUPPORTED: "X", FD_SIGNALFD: "s", FD_EVENTPOLL: "l", FD_INOTIFY: "i",
    FD_TIMERFD: "t", FD_NETLINK: "n",
}
_TYPESTRINGS = {
    FD_FILE: "file", FD_FILE_V2: "file", FD_DIRECTORY: "directory", FD_IPV4_SOCK: "ipv4",
    FD_IPV4_SERVSOCK: "ipv4", FD_IPV6_SOCK: "ipv6", FD_IPV6_SERVSOCK: "ipv6", FD_UNIX_SOCK: "unix",
    FD_FIFO: "pipe", FD_EVENT: "event", FD_SIGNALFD: "signalfd", FD_EVENTPOLL: "eventpoll",
    FD_INOTIFY: "inotify", FD_TIMERFD: "timerfd", FD_NETLINK: "netlink",
}

_U16 = struct.Struct("<H")
_U64 = struct.Struct("<Q")
_SU_SIZE = 40
_ZERO16 = bytes(16)
_V4_MAPPED_PREFIX = bytes(10) + b"\xff\xff"


def is_ipv4_mapped(addr: bytes) -> bool:
    """sinsp_utils::is_ipv4_mapped_ipv6: ::ffff:a.b.c.d."""
    return addr[:12] == _V4_MAPPED_PREFIX


# ---- text forms (hostnames are never resolved; ports are, with -R: sinsp's port_to_string) ------
@functools.lru_cache(maxsize=4096)
def port_text(port: int, l4proto: int = L4_UNKNOWN, resolve: bool = False) -> str:
    """sinsp port_to_string: with -R, the service name getservbyport gives for the fd's l4 protocol
    (any protocol when it is neither TCP nor UDP), else the number."""
    if resolve:
        proto = "tcp" if l4proto == L4_TCP else "udp" if l4proto == L4_UDP else None
        try:
            return socket.getservbyport(port, proto) if proto else socket.getservbyport(port)
        except (OSError, OverflowError):
            pass
    return str(port)


def ipv4_text(ip: bytes) -> str:
    return "%d.%d.%d.%d" % (ip[0], ip[1], ip[2], ip[3])


def ipv6_text(ip: bytes) -> str:
    return socket.inet_ntop(socket.AF_INET6, bytes(ip))


def ipv4_server_text(ip: bytes, port: int, l4proto: int = L4_UNKNOWN, resolve: bool = False) -> str:
    return f"{ipv4_text(ip)}:{port_text(port, l4proto, resolve)}"


def ipv4_tuple_text(sip: bytes, sport: int, dip: bytes, dport: int,
                    l4proto: int = L4_UNKNOWN, resolve: bool = False) -> str:
    return f"{ipv4_server_text(sip, sport, l4proto, resolve)}->{ipv4_server_text(dip, dport, l4proto, resolve)}"


def ipv6_server_text(ip: bytes, port: int, l4proto: int = L4_UNKNOWN, resolve: bool = False) -> str:
    return f"{ipv6_text(ip)}:{port_text(port, l4proto, resolve)}"


def ipv6_tuple_text(sip: bytes, sport: int, dip: bytes, dport: int,
                    l4proto: int = L4_UNKNOWN, resolve: bool = False) -> str:
    return (f"{ipv6_text(sip)}:{port_text(sport, l4proto, resolve)}->"
            f"{ipv6_text(dip)}:{port_text(dport, l4proto, resolve)}")


def sanitized(raw: bytes) -> str:
    """sinsp sanitize_string on a C string: cut at NUL, drop every non-printable byte."""
    raw = raw.split(b"\0", 1)[0]
    return bytes(c for c in raw if 0x20 <= c < 0x7F).decode("ascii")


def sockaddr_text(b: bytes, l4proto: int = L4_UNKNOWN, resolve: bool = False) -> str:
    """A PT_SOCKADDR parameter as sinsp renders it (PF_SIMPLE); ``l4proto`` is the event fd's
    get_l4proto(), used only when ``resolve`` (-R) names ports."""
    if not b:
        return "NULL"
    fam = b[0]
    if fam == 1:
        return sanitized(b[1:])
    if fam == 2:
        return ipv4_server_text(b[1:5], _U16.unpack_from(b, 5)[0], l4proto, resolve) if len(b) == 7 else "INVALID IPv4"
    if fam == 10:
        if len(b) != 19:
            return "INVALID IPv6"
        return ipv6_server_text(b[1:17], _U16.unpack_from(b, 17)[0], l4proto, resolve)
    return f"family {fam}"


def socktuple_text(b: bytes, l4proto: int = L4_UNKNOWN, resolve: bool = False) -> str:
    """A PT_SOCKTUPLE parameter as sinsp renders it (PF_SIMPLE); ``l4proto`` is the event fd's
    get_l4proto(), used only when ``resolve`` (-R) names ports."""
    if not b:
        return "NULL"
    fam = b[0]
    if fam == 2:
        if len(b) != 13:
            return "INVALID IPv4"
        return ipv4_tuple_text(b[1:5], _U16.unpack_from(b, 5)[0], b[7:11], _U16.unpack_from(b, 11)[0], l4proto, resolve)
    if fam == 10:
        if len(b) != 37:
            return "INVALID IPv6"
        sport, dport = _U16.unpack_from(b, 17)[0], _U16.unpack_from(b, 35)[0]
        if is_ipv4_mapped(b[1:17]) and is_ipv4_mapped(b[19:35]):
            return ipv4_tuple_text(b[13:17], sport, b[31:35], dport, l4proto, resolve)
        return ipv6_tuple_text(b[1:17], sport, b[19:35], dport, l4proto, resolve)
    if fam == 1:
        src = _U64.unpack_from(b.ljust(17, b"\0"), 1)[0]
        dst = _U64.unpack_from(b.ljust(17, b"\0"), 9)[0]
        return f"{src:x}->{dst:x} {sanitized(b[17:])}"
    return f"family {fam}"


class FdInfo:
    """One entry of a thread's fd table."""

    __slots__ = ("fd", "type", "name", "oldname", "flags", "openflags", "ino", "dev", "mount_id", "su")

    def __init__(self, fd: int = -1, fdtype: int = FD_UNINITIALIZED, name: str = "") -> None:
        self.fd = fd
        self.type = fdtype
        self.name = name
        self.oldname = ""
        self.flags = FLAGS_NONE
        self.openflags = 0
        self.ino = 0
        self.dev = 0
        self.mount_id = 0
        self.su = bytearray(_SU_SIZE)  # the sinsp_sockinfo union

    # ---- copying (sinsp_fdinfo::copy) ----------------------------------------------------------
    def copy(self) -> FdInfo:
        n = FdInfo(self.fd, self.type, self.name)
        n.assign(self)
        return n

    def assign(self, o: FdInfo) -> None:
        """Overwrite this entry with another's values (the object keeps its identity)."""
        self.type, self.name, self.oldname, self.flags = o.type, o.name, o.oldname, o.flags
        self.openflags, self.ino, self.dev, self.mount_id = o.openflags, o.ino, o.dev, o.mount_id
        self.su = bytearray(o.su)

    # ---- union views ----------------------------------------------------------------------------
    def _u16(self, off: int) -> int:
        return _U16.unpack_from(self.su, off)[0]

    def _set_u16(self, off: int, v: int) -> None:
        _U16.pack_into(self.su, off, v & 0xFFFF)

    # IPv4 tuple view
    v4_sip = property(lambda s: bytes(s.su[0:4]), lambda s, v: s.su.__setitem__(slice(0, 4), v))
    v4_dip = property(lambda s: bytes(s.su[4:8]), lambda s, v: s.su.__setitem__(slice(4, 8), v))
    v4_sport = property(lambda s: s._u16(8), lambda s, v: s._set_u16(8, v))
    v4_dport = property(lambda s: s._u16(10), lambda s, v: s._set_u16(10, v))
    v4_l4proto = property(lambda s: s.su[12], lambda s, v: s.su.__setitem__(12, v))
    # IPv6 tuple view
    v6_sip = property(lambda s: bytes(s.su[0:16]), lambda s, v: s.su.__setitem__(slice(0, 16), v))
    v6_dip = property(lambda s: bytes(s.su[16:32]), lambda s, v: s.su.__setitem__(slice(16, 32), v))
    v6_sport = property(lambda s: s._u16(32), lambda s, v: s._set_u16(32, v))
    v6_dport = property(lambda s: s._u16(34), lambda s, v: s._set_u16(34, v))
    v6_l4proto = property(lambda s: s.su[36], lambda s, v: s.su.__setitem__(36, v))
    # server views
    v4srv_ip = property(lambda s: bytes(s.su[0:4]), lambda s, v: s.su.__setitem__(slice(0, 4), v))
    v4srv_port = property(lambda s: s._u16(4), lambda s, v: s._set_u16(4, v))
    v4srv_l4proto = property(lambda s: s.su[6], lambda s, v: s.su.__setitem__(6, v))
    v6srv_ip = property(lambda s: bytes(s.su[0:16]), lambda s, v: s.su.__setitem__(slice(0, 16), v))
    v6srv_port = property(lambda s: s._u16(16), lambda s, v: s._set_u16(16, v))
    v6srv_l4proto = property(lambda s: s.su[18], lambda s, v: s.su.__setitem__(18, v))
    # unix view
    source = property(lambda s: _U64.unpack_from(s.su, 0)[0], lambda s, v: _U64.pack_into(s.su, 0, v))
    dest = property(lambda s: _U64.unpack_from(s.su, 8)[0], lambda s, v: _U64.pack_into(s.su, 8, v))

    # ---- type-dependent accessors (what fd.sip/fd.sport & co read) -------------------------------
    @property
    def sip(self) -> bytes:
        t = self.type
        if t in (FD_IPV6_SOCK, FD_IPV6_SERVSOCK):
            return self.v6_sip
        return self.v4_sip

    @property
    def dip(self) -> bytes:
        t = self.type
        if t == FD_IPV6_SOCK:
            return self.v6_dip
        if t in (FD_IPV4_SERVSOCK, FD_IPV6_SERVSOCK):
            return b""
        return self.v4_dip

    @property
    def sport(self) -> int:
        t = self.type
        if t == FD_IPV6_SOCK:
            return self.v6_sport
        if t == FD_IPV4_SERVSOCK:
            return self.v4srv_port
        if t == FD_IPV6_SERVSOCK:
            return self.v6srv_port
        return self.v4_sport

    @property
    def dport(self) -> int:
        t = self.type
        if t == FD_IPV6_SOCK:
            return self.v6_dport
        if t in (FD_IPV4_SERVSOCK, FD_IPV6_SERVSOCK):
            return 0
        return self.v4_dport

    @property
    def l4proto(self) -> int:
        """The raw stored l4 protocol of the current view."""
        t = self.type
        if t == FD_IPV6_SOCK:
            return self.v6_l4proto
        if t == FD_IPV4_SERVSOCK:
            return self.v4srv_l4proto
        if t == FD_IPV6_SERVSOCK:
            return self.v6srv_l4proto
        return self.v4_l4proto

    def get_l4proto(self) -> int:
        """sinsp get_l4proto: raw stays raw, an unassigned role gives L4_NA."""
        t = self.type
        if t in (FD_IPV4_SOCK, FD_IPV6_SOCK):
            p = self.v4_l4proto if t == FD_IPV4_SOCK else self.v6_l4proto
            if p == L4_RAW:
                return L4_RAW
            return L4_NA if self.is_role_none() else p
        if t in (FD_IPV4_SERVSOCK, FD_IPV6_SERVSOCK):
            return self.l4proto
        return L4_NA

    # ---- roles and flags ---------------------------------------------------------------------
    @property
    def server(self) -> bool:
        return bool(self.flags & FLAGS_ROLE_SERVER)

    @property
    def client(self) -> bool:
        return bool(self.flags & FLAGS_ROLE_CLIENT)

    def is_role_none(self) -> bool:
        return not self.flags & (FLAGS_ROLE_CLIENT | FLAGS_ROLE_SERVER)

    def set_role_server(self) -> None:
        self.flags |= FLAGS_ROLE_SERVER

    def set_role_client(self) -> None:
        self.flags |= FLAGS_ROLE_CLIENT

    def set_socket_connected(self) -> None:
        self.flags = (self.flags & ~(FLAGS_CONNECTION_PENDING | FLAGS_CONNECTION_FAILED)) | FLAGS_SOCKET_CONNECTED

    def is_tcp_socket(self) -> bool:
        return self.type == FD_IPV4_SOCK and self.v4_l4proto == L4_TCP

    def is_udp_socket(self) -> bool:
        return self.type == FD_IPV4_SOCK and self.v4_l4proto == L4_UDP

    @property
    def is_file(self) -> bool:
        return self.type in (FD_FILE, FD_FILE_V2)

    # ---- rendering --------------------------------------------------------------------------
    def typechar(self) -> str:
        return _TYPECHARS.get(self.type, "?")

    def typestr(self) -> str:
        return _TYPESTRINGS.get(self.type, "<NA>")

    def sockinfo_text(self, resolve: bool = False) -> str:
        """sinsp_utils::sockinfo_to_str for the current IPv4/IPv6 tuple (ports named with -R)."""
        if self.type == FD_IPV4_SOCK:
            p = self.v4_l4proto
            if p in (L4_TCP, L4_UDP):
                return ipv4_tuple_text(self.v4_sip, self.v4_sport, self.v4_dip, self.v4_dport, p, resolve)
            if p in (L4_ICMP, L4_RAW):
                return f"{ipv4_text(self.v4_sip)}->{ipv4_text(self.v4_dip)}"
            return "<unknown>"
        if self.type == FD_IPV6_SOCK:
            return self._v6_sockinfo_text(resolve)
        return ""

    def _v6_sockinfo_text(self, resolve: bool) -> str:
        p = self.v6_l4proto
        sip, dip = self.v6_sip, self.v6_dip
        mapped = is_ipv4_mapped(sip) and is_ipv4_mapped(dip)
        if p in (L4_TCP, L4_UDP):
            if mapped:  # sinsp reads the ports (and l4proto) through the IPv4 view here
                return ipv4_tuple_text(sip[12:], self.v4_sport, dip[12:], self.v4_dport, self.v4_l4proto, resolve)
            return ipv6_tuple_text(sip, self.v6_sport, dip, self.v6_dport, p, resolve)
        if p == L4_ICMP:
            if mapped:
                return f"{ipv4_text(sip[12:])}->{ipv4_text(dip[12:])}"
            return f"{ipv6_text(sip)}->{ipv6_text(dip)}"
        return "<unknown>"

    def __repr__(self) -> str:
        return f"FdInfo(fd={self.fd}, <{self.typechar()}>{self.name!r})"


# ---- import from the capture's fd list (sinsp_threadinfo::add_fd_from_scap) ----------------------
def _tracer_flag(fdi: FdInfo) -> None:
    fdi.flags |= FLAGS_IS_TRACER_FILE if fdi.name == USER_EVT_DEVICE_NAME else FLAGS_IS_NOT_TRACER_FD


def _import_v4(fdi: FdInfo, r: FdRecord, resolve: bool) -> None:
    fdi.v4_sip, fdi.v4_dip = r.sip[:4].ljust(4, b"\0"), r.dip[:4].ljust(4, b"\0")
    fdi.v4_sport, fdi.v4_dport, fdi.v4_l4proto = r.sport, r.dport, r.l4proto
    if r.l4proto == L4_TCP:
        fdi.flags |= FLAGS_SOCKET_CONNECTED
    fdi.name = ipv4_tuple_text(fdi.v4_sip, r.sport, fdi.v4_dip, r.dport, r.l4proto, resolve)


def _import_v6(fdi: FdInfo, r: FdRecord, resolve: bool) -> None:
    sip, dip = r.sip.ljust(16, b"\0")[:16], r.dip.ljust(16, b"\0")[:16]
    if is_ipv4_mapped(sip) and is_ipv4_mapped(dip):
        fdi.type = FD_IPV4_SOCK
        fdi.v4_sip, fdi.v4_dip = sip[12:], dip[12:]
        fdi.v4_sport, fdi.v4_dport, fdi.v4_l4proto = r.sport, r.dport, r.l4proto
        fdi.name = ipv4_tuple_text(sip[12:], r.sport, dip[12:], r.dport, r.l4proto, resolve)
    else:
        fdi.v6_sip, fdi.v6_dip = sip, dip
        fdi.v6_sport, fdi.v6_dport, fdi.v6_l4proto = r.sport, r.dport, r.l4proto
        fdi.name = ipv6_tuple_text(sip, r.sport, dip, r.dport, r.l4proto, resolve)
    if r.l4proto == L4_TCP:
        fdi.flags |= FLAGS_SOCKET_CONNECTED


_CONTROL_CHARS = {c: None for c in (*range(0x20), 0x7F)}


def record_name(raw: str) -> str:
    """An fd list name as sinsp keeps it: a C string (cut at NUL), without the control characters.

    Captures written from /proc/net/unix keep the line's newline in unix socket names
    (``/run/systemd/notify\\n``); every sinsp output sanitizes it away, so the state drops it.
    """
    return raw.split("\0", 1)[0].translate(_CONTROL_CHARS)


def from_record(r: FdRecord, server_ports: set[int] | None = None, resolve: bool = False) -> FdInfo | None:
    """Build the FdInfo sinsp makes from one FDL record (None for an unknown type).

    ``server_ports`` collects the ports of listening sockets, which sinsp later uses to
    turn around IPv4 connections loaded from the fd list (see ``fix_socket_direction``).
    """
    fdi = FdInfo(r.fd, r.fdtype)
    fdi.flags = FLAGS_FROM_PROC
    fdi.ino = r.ino
    t = r.fdtype
    if t == FD_IPV4_SOCK:
        _import_v4(fdi, r, resolve)
    elif t == FD_IPV6_SOCK:
        _import_v6(fdi, r, resolve)
    elif t == FD_IPV4_SERVSOCK:
        fdi.v4srv_ip, fdi.v4srv_port, fdi.v4srv_l4proto = r.sip[:4].ljust(4, b"\0"), r.sport, r.l4proto
        fdi.name = ipv4_server_text(fdi.v4srv_ip, r.sport, r.l4proto, resolve)
        if server_ports is not None:
            server_ports.add(r.sport)
    elif t == FD_IPV6_SERVSOCK:
        fdi.v6srv_ip, fdi.v6srv_port, fdi.v6srv_l4proto = r.sip.ljust(16, b"\0")[:16], r.sport, r.l4proto
        fdi.name = ipv6_server_text(fdi.v6srv_ip, r.sport, r.l4proto, resolve)
        if server_ports is not None:
            server_ports.add(r.sport)
    elif t == FD_UNIX_SOCK:
        fdi.source, fdi.dest, fdi.name = r.source, r.dest, record_name(r.name)
        fdi.flags |= FLAGS_ROLE_CLIENT if not r.name.split("\0", 1)[0] else FLAGS_ROLE_SERVER
    elif t == FD_FILE_V2:
        fdi.type = FD_FILE  # sysdigpy keeps one file type; sinsp renders both alike
        fdi.openflags, fdi.name, fdi.dev = r.open_flags, record_name(r.name), r.dev
        _tracer_flag(fdi)
    elif FD_FILE <= t <= FD_NETLINK:
        fdi.name = record_name(r.name)
        _tracer_flag(fdi)
    else:
        return None
    return fdi


def fix_socket_direction(fdi: FdInfo, server_ports: set[int], resolve: bool = False) -> None:
    """sinsp fix_sockets_coming_from_proc: an IPv4 connection whose source port is a
    listening port is a server-side connection; swap its ends."""
    if fdi.type != FD_IPV4_SOCK:
        return
    if fdi.v4_sport in server_ports:
        sip, sport = fdi.v4_sip, fdi.v4_sport
        fdi.v4_sip, fdi.v4_sport = fdi.v4_dip, fdi.v4_dport
        fdi.v4_dip, fdi.v4_dport = sip, sport
        fdi.name = ipv4_tuple_text(fdi.v4_sip, fdi.v4_sport, fdi.v4_dip, fdi.v4_dport, fdi.v4_l4proto, resolve)
        fdi.set_role_server()
    else:
        fdi.set_role_client()
