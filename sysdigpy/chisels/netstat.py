"""netstat: the ipv4/ipv6 fds of the thread table at the first event (sysdig's netstat.lua).

sysdig walks its thread table with Lua's ``pairs`` (hash order of a table filled from a
C++ unordered_map); we print threads by tid and fds by number.
"""

from __future__ import annotations

import socket
from typing import Any

from sysdigpy.chisels.base import ChiselArg
from sysdigpy.chisels.snapshot import FILTER_DESC
from sysdigpy.chisels.snapshot import FdRows
from sysdigpy.chisels.snapshot import _Snapshot
from sysdigpy.chisels.table import extend_string
from sysdigpy.state import fds as F

L4 = {F.L4_TCP: "tcp", F.L4_UDP: "udp", F.L4_ICMP: "icmp", F.L4_RAW: "raw"}
BASE = "(fd.type=ipv4 or fd.type=ipv6)"


def _ntop(af: int, ip: bytes) -> str:
    try:
        return socket.inet_ntop(af, ip)
    except (ValueError, OSError):
        return "<NA>"


def endpoints(f: Any) -> tuple[str, int, str | None, int | None]:
    """(server ip, server port, client ip, client port) as get_thread_table reports them."""
    if f.type == F.FD_IPV4_SOCK:
        return _ntop(socket.AF_INET, f.v4_dip), f.v4_dport, _ntop(socket.AF_INET, f.v4_sip), f.v4_sport
    if f.type == F.FD_IPV4_SERVSOCK:
        return _ntop(socket.AF_INET, f.v4srv_ip), f.v4srv_port, None, None
    if f.type == F.FD_IPV6_SOCK:
        return _ntop(socket.AF_INET6, f.v6_dip), f.v6_dport, _ntop(socket.AF_INET6, f.v6_sip), f.v6_sport
    return _ntop(socket.AF_INET6, f.v6srv_ip), f.v6srv_port, None, None


class Netstat(_Snapshot):
    name = "netstat"
    category = "System State"
    short_description = "List (and optionally filter) network connections."
    description = (
        "Print the system network connections, with an output that is similar to the one of netstat. Output is at "
        "a point in time; adjust this in the filter. It defaults to time of evt.num=0")
    args = [ChiselArg("filter", "filter", FILTER_DESC + "E.g. 'proc.name=foo and fd.port=80'.", True)]

    def filter_text(self, arg: str) -> str:
        return f"{BASE}and ({arg})" if arg else BASE

    def render(self, table: list[tuple[Any, FdRows]]) -> list[str]:
        rows = [extend_string("Proto", 6) + extend_string("Server Address", 25) + extend_string("Client Address", 25)
                + extend_string("State", 15) + "TID/PID/Program Name"]
        for t, fds in table:
            for _n, f in fds:
                rows.append(self.row(t, f))
        return rows

    def row(self, t: Any, f: Any) -> str:
        sip, sport, cip, cport = endpoints(f)
        state = "ESTABLISHED"
        client = f"{cip}:{cport}"
        if cip is None:
            client, state = "0.0.0.0:*", "LISTEN"
        return (extend_string(L4.get(f.get_l4proto(), "<NA>"), 6) + extend_string(f"{sip}:{sport}", 25)
                + extend_string(client, 25) + extend_string(state, 15) + f"{t.tid}/{t.pid}/{t.comm}")
