"""Python equivalents of the built-in chisels' filters, used until the filter compiler lands."""

from __future__ import annotations

from sysdigpy.chisels.fieldsource import INTERIM
from sysdigpy.events.event import Event

_is_io = INTERIM["evt.is_io"]
_fd_type = INTERIM["fd.type"]


def file_io(evt: Event) -> bool:
    return _fd_type(evt) == "file" and _is_io(evt)


def file_failed(evt: Event) -> bool:
    return _fd_type(evt) == "file" and evt.errorcode != 0


def net_io(evt: Event) -> bool:
    return _fd_type(evt) in ("ipv4", "ipv6") and _is_io(evt)


def failed(evt: Event) -> bool:
    return evt.errorcode != 0


def not_switch(evt: Event) -> bool:
    return evt.info.name != "switch"


def io(evt: Event) -> bool:
    return bool(_is_io(evt))


def io_ok(evt: Event) -> bool:
    return bool(_is_io(evt)) and evt.errorcode == 0
