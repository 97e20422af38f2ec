from __future__ import annotations

import socket

from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.state import fds as F
from sysdigpy.state.threads import ThreadTable


def v6(a: str) -> bytes:
    return socket.inet_pton(socket.AF_INET6, a)


def test_typechars_and_strings() -> None:
    assert F.FdInfo(0, F.FD_FILE).typechar() == "f"
    assert F.FdInfo(0, F.FD_IPV6_SERVSOCK).typechar() == "6"
    assert F.FdInfo(0, F.FD_EVENTPOLL).typechar() == "l"
    assert F.FdInfo(0, F.FD_UNKNOWN).typechar() == "o"
    assert F.FdInfo(0, 99).typechar() == "?"
    assert F.FdInfo(0, F.FD_FIFO).typestr() == "pipe"
    assert F.FdInfo(0, F.FD_IPV4_SERVSOCK).typestr() == "ipv4"
    assert F.FdInfo(0, F.FD_UNKNOWN).typestr() == "<NA>"


def test_import_names() -> None:
    r = FdRecord(fd=3, ino=0, fdtype=3, sip=bytes([10, 0, 0, 1]), dip=bytes([1, 2, 3, 4]),
                 sport=5000, dport=80, l4proto=2)
    fdi = F.from_record(r)
    assert fdi is not None and fdi.name == "10.0.0.1:5000->1.2.3.4:80"
    assert fdi.flags & F.FLAGS_SOCKET_CONNECTED
    srv = F.from_record(FdRecord(fd=4, ino=0, fdtype=5, sip=bytes(4), sport=22, l4proto=2))
    assert srv is not None and srv.name == "0.0.0.0:22" and srv.sport == 22
    s6 = F.from_record(FdRecord(fd=5, ino=0, fdtype=6, sip=v6("::"), sport=22, l4proto=2))
    assert s6 is not None and s6.name == ":::22"
    mapped = F.from_record(FdRecord(fd=6, ino=0, fdtype=4, sip=v6("::ffff:127.0.0.1"),
                                    dip=v6("::ffff:127.0.0.2"), sport=1, dport=2, l4proto=2))
    assert mapped is not None and mapped.type == F.FD_IPV4_SOCK and mapped.name == "127.0.0.1:1->127.0.0.2:2"
    t6 = F.from_record(FdRecord(fd=7, ino=0, fdtype=4, sip=v6("2001:db8::1"), dip=v6("::1"),
                                sport=1, dport=2, l4proto=2))
    assert t6 is not None and t6.name == "2001:db8::1:1->::1:2"
    u = F.from_record(FdRecord(fd=8, ino=0, fdtype=8, source=1, dest=2, name="/run/x"))
    assert u is not None and u.server and u.source == 1
    f2 = F.from_record(FdRecord(fd=9, ino=0, fdtype=16, name="/etc/x", open_flags=1, dev=0x803))
    assert f2 is not None and (f2.type, f2.openflags, f2.dev) == (F.FD_FILE, 1, 0x803)


def test_server_port_swaps_loaded_connections() -> None:
    meta = CaptureMetadata(
        procs=[ProcRecord(tid=1, pid=1, ptid=0, cwd="/")],
        fds={1: [FdRecord(fd=3, ino=0, fdtype=5, sip=bytes(4), sport=80, l4proto=2),
                 FdRecord(fd=4, ino=0, fdtype=3, sip=bytes([127, 0, 0, 1]), dip=bytes([127, 0, 0, 2]),
                          sport=80, dport=4000, l4proto=2)]})
    fdi = ThreadTable.from_metadata(meta)[1].get_fd(4)
    assert fdi is not None and fdi.name == "127.0.0.2:4000->127.0.0.1:80" and fdi.server


def test_socket_text() -> None:
    assert F.sockaddr_text(b"") == "NULL"
    assert F.sockaddr_text(bytes([2, 1, 2, 3, 4, 80, 0])) == "1.2.3.4:80"
    assert F.sockaddr_text(bytes([1]) + b"/tmp/s\0") == "/tmp/s"
    assert F.sockaddr_text(bytes([7])) == "family 7"
    tup = bytes([1]) + (0xFFFF94DC817B9400).to_bytes(8, "little") + bytes(8) + b"/var/run/nscd/socket\0"
    assert F.socktuple_text(tup) == "ffff94dc817b9400->0 /var/run/nscd/socket"


def test_union_views_alias() -> None:
    fdi = F.FdInfo(3, F.FD_IPV4_SERVSOCK)
    fdi.v4srv_port = 8080
    assert fdi.v4_dip != bytes(4)  # the server port lives where the tuple's dip is
