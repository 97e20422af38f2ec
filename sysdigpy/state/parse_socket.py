"""Sockets: socket, bind, connect, accept, socketpair, sendto's inferred fd, getsockopt, and the
read/write exits whose addresses fill in a socket's tuple.
"""

from __future__ import annotations

import struct

from sysdigpy.events.event import Event
from sysdigpy.state import fds as F
from sysdigpy.state.fds import FdInfo
from sysdigpy.state.parsers import State
from sysdigpy.state.parsers import handles

AF_UNIX, AF_INET, AF_INET6, AF_NETLINK = 1, 2, 10, 16
SOCK_STREAM, SOCK_DGRAM, SOCK_RAW = 1, 2, 3
IPPROTO_IP, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_RAW = 0, 1, 6, 17, 255
SE_EINPROGRESS = 115

_U16 = struct.Struct("<H")


# =====================================================================================================
# sendto on an fd the capture never opened
# =====================================================================================================
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
    fdi.name = F.sockaddr_text(addr, fdi.get_l4proto(), st.resolve_ports)


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
        fdi.name = F.sockaddr_text(addr, fdi.get_l4proto(), st.resolve_ports)
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


def _fill_client_socket_info(evt: Event, fdi: FdInfo, p: bytes, resolve: bool) -> None:
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
        fdi.name = fdi.sockinfo_text(resolve)
    else:
        fdi.name = F.socktuple_text(p, fdi.get_l4proto(), resolve)
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
        _fill_client_socket_info(evt, fdi, p, st.resolve_ports)


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
    # sinsp names it with get_param_as_str, whose ports go by the event's fd (not the new one)
    l4 = evt.fdinfo.get_l4proto() if evt.fdinfo is not None else F.L4_UNKNOWN
    fdi.name = F.socktuple_text(p, l4, st.resolve_ports)
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
        _rename_after_tuple(evt, fdi, src, tparam, incoming, st.resolve_ports)


def _rename_after_tuple(evt: Event, fdi: FdInfo, src: Event, tparam: int, incoming: bool,
                        resolve: bool) -> None:
    if fdi.type in (F.FD_IPV4_SOCK, F.FD_IPV6_SOCK):
        if fdi.is_role_none():
            _guess_role(evt, fdi, incoming)
        if (incoming and fdi.client) or (not incoming and fdi.server):
            _swap_addresses(fdi)
        fdi.name = fdi.sockinfo_text(resolve)
    else:
        fdi.name = F.socktuple_text(src.param(tparam) or b"", fdi.get_l4proto(), resolve)


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
# getsockopt
# =====================================================================================================
@handles(47)
def parse_getsockopt_exit(st: State, evt: Event) -> None:
    t = evt.thread
    if evt.nparams == 0 or t is None:
        return
    fd = evt.i64(1)
    mt = t.main_thread()
    evt.fdinfo = mt.get_fd(fd) if mt is not None else None
    t.lastevent_fd = fd
