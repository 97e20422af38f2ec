"""Fields of the fdlist (poll) and syslog classes."""

from __future__ import annotations

import struct
from collections.abc import Callable

from sysdigpy.events.event import Event
from sysdigpy.fields.registry import Declarer
from sysdigpy.fields.registry import Factory
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import implements
from sysdigpy.fields.registry import simple
from sysdigpy.state import fds as F
from sysdigpy.state.fds import FdInfo
from sysdigpy.state.fds import ipv4_text
from sysdigpy.state.fds import ipv6_text
from sysdigpy.state.syslog import syslog_message

IMPLS: dict[str, Factory] = {}

# ---- fdlist: the fds of a poll/ppoll ------------------------------------------------------------
# event id -> index of its 'fds' parameter (poll and ppoll, enter and exit)
_FDS_PARAM = {80: 0, 81: 1, 254: 0, 255: 1}
_ENTRY = struct.Struct("<qH")  # fd, events


def _fdlist(item: Callable[[int, FdInfo | None], str | None]) -> Factory:
    """sinsp_filter_check_fdlist: one item per fd of the list, comma-joined; None items are skipped
    (sinsp adds no comma after them), a trailing comma is dropped, an empty result is no value."""

    def get(e: Event) -> str | None:
        i = _FDS_PARAM.get(e.code)
        t = e.thread
        if i is None or t is None:
            return None
        raw = e.param(i) or b""
        if len(raw) < 2:
            return None
        nfds = struct.unpack_from("<H", raw)[0]
        out = ""
        pos = 2
        for _ in range(nfds):
            if pos + _ENTRY.size > len(raw):
                break
            fd = _ENTRY.unpack_from(raw, pos)[0]
            v = item(fd, t.get_fd(fd))
            if v is not None:
                out += v + ","
            pos += 10
        if out.endswith(","):
            out = out[:-1]
        return out or None

    return lambda _ctx, _arg: get


def _name(_fd: int, fdi: FdInfo | None) -> str:
    return fdi.name if fdi is not None and fdi.name != "" else "<NA>"


def _cip(_fd: int, fdi: FdInfo | None) -> str | None:
    if fdi is None:
        return None
    if fdi.type == F.FD_IPV4_SOCK:
        return ipv4_text(fdi.v4_sip)
    if fdi.type == F.FD_IPV6_SOCK:
        return ipv6_text(fdi.v6_sip)
    return None


def _sip(_fd: int, fdi: FdInfo | None) -> str | None:
    if fdi is None:
        return None
    if fdi.type == F.FD_IPV4_SOCK:
        return ipv4_text(fdi.v4_dip)
    if fdi.type == F.FD_IPV6_SOCK:
        return ipv6_text(fdi.v6_dip)
    if fdi.type in (F.FD_IPV4_SERVSOCK, F.FD_IPV6_SERVSOCK):
        # sinsp formats an IPv6 server address with AF_INET too: its first four bytes
        return ipv4_text(fdi.v4srv_ip)
    return None


def _cport(_fd: int, fdi: FdInfo | None) -> str | None:
    if fdi is None:
        return None
    if fdi.type == F.FD_IPV4_SOCK:
        return str(fdi.v4_sport)
    if fdi.type == F.FD_IPV6_SOCK:
        return str(fdi.v6_sport)
    return None


def _sport(_fd: int, fdi: FdInfo | None) -> str | None:
    if fdi is None:
        return None
    if fdi.type == F.FD_IPV4_SOCK:
        return str(fdi.v4_dport)
    if fdi.type == F.FD_IPV6_SOCK:
        return str(fdi.v6_dport)
    return None


for _fname, _item in (("fdlist.nums", lambda fd, _fdi: str(fd)), ("fdlist.names", _name), ("fdlist.cips", _cip),
                      ("fdlist.sips", _sip), ("fdlist.cports", _cport), ("fdlist.sports", _sport)):
    implements(IMPLS, _fname)(_fdlist(_item))

field_class("syslog", "syslog", "Content of Syslog messages.")
field_class("fdlist", "fdlist", "Poll event related fields.")


# ---- syslog: messages written to /dev/log (see sysdigpy.state.syslog) ---------------------------
for _fname, _attr in (("syslog.facility.str", "facility_str"), ("syslog.facility", "facility"),
                      ("syslog.severity.str", "severity_str"), ("syslog.severity", "severity"),
                      ("syslog.message", "message")):
    implements(IMPLS, _fname)(simple(lambda e, _a=_attr: None if (m := syslog_message(e)) is None
                                     else getattr(m, _a)))


declare = Declarer(IMPLS)
declare("syslog.facility.str", "PT_CHARBUF", "facility as a string.", cls="syslog", pf="PF_NA")
declare("syslog.facility", "PT_UINT32", "facility as a number (0-23).", cls="syslog")
declare("syslog.severity.str", "PT_CHARBUF",
        "severity as a string. Can have one of these values: emerg, alert, crit, err, warn, notice, info, "
        "debug",
        cls="syslog", pf="PF_NA")
declare("syslog.severity", "PT_UINT32", "severity as a number (0-7).", cls="syslog")
declare("syslog.message", "PT_CHARBUF", "message sent to syslog.", cls="syslog", pf="PF_NA")
declare("fdlist.nums", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the FD numbers in the 'fds' argument, returned as"
        " a string.",
        cls="fdlist", pf="PF_ID")
declare("fdlist.names", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the FD names in the 'fds' argument, returned as a"
        " string.",
        cls="fdlist", pf="PF_NA")
declare("fdlist.cips", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the client IP addresses in the 'fds' argument, "
        "returned as a string.",
        cls="fdlist", pf="PF_NA")
declare("fdlist.sips", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the server IP addresses in the 'fds' argument, "
        "returned as a string.",
        cls="fdlist", pf="PF_NA")
declare("fdlist.cports", "PT_CHARBUF",
        "for TCP/UDP FDs, for poll events, this is a comma-separated list of the client TCP/UDP ports in the "
        "'fds' argument, returned as a string.",
        cls="fdlist")
declare("fdlist.sports", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the server TCP/UDP ports in the 'fds' argument, "
        "returned as a string.",
        cls="fdlist")
