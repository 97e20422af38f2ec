"""The syslog decoder sinsp attaches to /dev/log fds (sinsp_decoder_syslog, protodecoder.cpp).

sinsp registers the decoder's write callback on every fd whose name contains ``/dev/log`` (fds of
the capture's process list, opens, connects and tuple changes); parse_rw_exit calls it on a write
exit with a non-negative result, with the captured data.  The decoder reads ``<PRI>`` (the byte
before the digits is not checked) and keeps priority, severity, facility and message until the
next event: the syslog.* fields and evt.info ("syslog sev=... msg=...") read them on that event
only.  Here the decoding is done on demand for the event asked about, with the registration
approximated by the fd's current name, so no parser needs to call into this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import NamedTuple

from sysdigpy.events.table import EF_WRITES_TO_FD

if TYPE_CHECKING:
    from sysdigpy.events.event import Event

SEVERITIES = ("emerg", "alert", "crit", "err", "warn", "notice", "info", "debug")
FACILITIES = ("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "clock", "authpriv",
              "ftp", "ntp", "logaudit", "logalert", "cron", "local0", "local1", "local2", "local3", "local4",
              "local5", "local6", "local7")
_PRI_BUF_SIZE = 16


class SyslogMessage(NamedTuple):
    priority: int
    severity: int
    facility: int  # a uint32 in sinsp
    message: bytes

    @property
    def severity_str(self) -> str:
        return SEVERITIES[self.severity] if self.severity < len(SEVERITIES) else "<NA>"

    @property
    def facility_str(self) -> str:
        return FACILITIES[self.facility] if self.facility < len(FACILITIES) else "<NA>"

    def info_line(self) -> str:
        """get_info_line: what evt.info shows for the decoded write."""
        return "syslog sev=" + self.severity_str + " msg=" + self.message.decode("utf-8", "surrogateescape")


def decode_data(data: bytes) -> SyslogMessage | None:
    """sinsp_decoder_syslog::on_write + decode_message on one write's data."""
    pri = bytearray()
    for c in data[1:]:
        if c in (0x3E, 0) or len(pri) >= _PRI_BUF_SIZE - 1:  # '>' or NUL
            break
        pri.append(c)
    n = len(pri)
    if len(data) < n + 2 or n == 0:
        return None
    priority = 0
    for c in pri:  # tryparsed32_fast: digits only, int32 arithmetic
        if not 0x30 <= c <= 0x39:
            return None
        priority = (priority * 10 + c - 0x30) & 0xFFFFFFFF
    if priority >= 1 << 31:
        priority -= 1 << 32
    if priority == -1:  # sinsp's "no data" marker
        return None
    return SyslogMessage(priority, priority & 7, (priority >> 3) & 0xFFFFFFFF, data[n + 2:])


_last: tuple[object, SyslogMessage | None] = (None, None)


def syslog_message(e: Event) -> SyslogMessage | None:
    """The message the decoder holds while ``e`` is current, or None."""
    global _last
    if _last[0] is e:
        return _last[1]
    msg = None
    fdi = e.fdinfo
    if (not e.is_enter and e.info.flags & EF_WRITES_TO_FD and fdi is not None and "/dev/log" in fdi.name
            and e.nparams > 1 and e.i64(0) >= 0):
        msg = decode_data(e.param(1) or b"")
    _last = (e, msg)
    return msg
