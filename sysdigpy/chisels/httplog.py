"""httplog: one line per HTTP transaction (sysdig's httplog.lua with its http.lua parser).

A request is the first read/write on a socket whose buffer starts ``METHOD URL``; the next
buffer on the same (pid, fd) holding ``HTTP/x CODE`` completes it.  Buffers are matched as the
Lua parser sees them: the printable rendering of ``evt.buffer`` (CR LF shows as ``..``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.common import lua_str
from sysdigpy.chisels.meta import meta
from sysdigpy.events.event import Event

HTTP_FILTER = "evt.is_io = true and evt.buflen > 0 and (fd.sockfamily = ip or fd.sockfamily = unix)"
_G = r"[\x21-\x7e]"  # Lua's %g: printable, not space
REQUEST = re.compile(rf"([A-Z]+) ({_G}+)")
HOST = re.compile(rf"Host: ({_G}+)\.\.")
RESPONSE = re.compile(rf"HTTP/{_G}+ ([0-9]+)")
CONTENT_LENGTH = re.compile(r"Content-Length: ([0-9]+)\.\.")


@dataclass
class Transaction:
    method: str
    url: str
    dir: str
    container: str
    request_ts: int
    code: int = 0
    length: int = 0
    response_ts: int = 0

    @property
    def latency(self) -> int:
        return self.response_ts - self.request_ts


def parse_request(buf: str) -> tuple[str, str] | None:
    m = REQUEST.match(buf)
    if m is None:
        return None
    host = HOST.search(buf)
    return m.group(1), (host.group(1) + m.group(2)) if host else m.group(2)


def parse_response(buf: str) -> tuple[int, int] | None:
    m = RESPONSE.search(buf)
    if m is None:
        return None
    length = CONTENT_LENGTH.search(buf)
    return int(m.group(1)), int(length.group(1)) if length else 0


class HttpParser:
    """http.lua's run_http_parser: pairs requests and responses per (pid, fd)."""

    def __init__(self, chisel: Chisel, on_transaction: Callable[[Transaction], None]) -> None:
        chisel.set_filter(HTTP_FILTER)
        self.fbuf = chisel.field("evt.buffer")
        self.ffd = chisel.field("fd.num")
        self.fpid = chisel.field("proc.pid")
        self.frawtime = chisel.field("evt.rawtime")
        self.fdir = chisel.field("evt.io_dir")
        self.fcontainer = chisel.field("container.name")
        self.on_transaction = on_transaction
        self.partial: dict[str, Transaction] = {}

    def feed(self, evt: Event) -> None:
        buf = _text(self.fbuf(evt))
        key = f"{lua_str(self.fpid(evt))}\x01\x01{lua_str(self.ffd(evt))}"
        ts = int(self.frawtime(evt) or 0)
        pending = self.partial.get(key)
        if pending is None:
            self._request(evt, key, buf, ts)
            return
        response = parse_response(buf)
        if response is not None:
            pending.code, pending.length = response
            pending.response_ts = ts
            del self.partial[key]
            self.on_transaction(pending)

    def _request(self, evt: Event, key: str, buf: str, ts: int) -> None:
        request = parse_request(buf)
        if request is None:
            return
        direction = {"read": "<", "write": ">"}.get(lua_str(self.fdir(evt)), "<NA>")
        self.partial[key] = Transaction(request[0], request[1], direction, lua_str(self.fcontainer(evt)), ts)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode("latin-1")
    return str(v)


class Httplog(Chisel):
    name = "httplog"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        self.parser = HttpParser(self, self.log_transaction)
        self.fdatetime = self.field("evt.datetime")

    def on_event(self, evt: Event) -> bool | None:
        self.parser.feed(evt)
        return None

    def log_transaction(self, tr: Transaction) -> None:
        container = f" {tr.container} " if self.session.print_container else " "
        when = lua_str(self.fdatetime(self.evt)) if self.evt is not None else ""
        self.out.line(f"{when}{container}{tr.dir} method={tr.method} url={tr.url} response_code={tr.code} "
                      f"latency={int(tr.latency / 1_000_000)}ms size={tr.length}B")
