"""Parameter types and their text renderings, as sysdig 0.29.3 prints them.

``Renderer.param(evt, i)`` returns ``(value, resolved)``: the value text and the
text sysdig puts in parentheses after it (``fd=3(<f>/etc/passwd)``), or ``""``.
Buffers follow the buffer format (-A/-x/-X/-b, JSON variants) and the 80-character
cut of the default text output.
"""

from __future__ import annotations

import _socket as socket  # socket.py's C core: the same functions, without socket.py's imports (~2 ms)
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING

from sysdigpy.events import flagtables as ft
from sysdigpy.events.table import ParamInfo
from sysdigpy.state.threads import sanitize_path_into

if TYPE_CHECKING:
    from sysdigpy.events.event import Event
    from sysdigpy.state.parsers import State
    from sysdigpy.state.threads import ThreadInfo

PPM_AF_UNIX = 1
PPM_AF_INET = 2
PPM_AF_INET6 = 10
AT_FDCWD = -100
L4_CHARS = {2: "t", 3: "u", 4: "i", 5: "r"}
SOCK_TYPES = (3, 4, 5, 6)

# buffer formats (sysdig's param_fmt)
NORMAL = "normal"
EOLS = "ascii"
HEX = "hex"
HEXASCII = "hexascii"
BASE64 = "base64"
JSON_FORMATS = {NORMAL: "json", EOLS: "jsoneols", HEX: "jsonhex", HEXASCII: "jsonhexascii", BASE64: "jsonbase64"}

_PRINTABLE = bytes(range(0x20, 0x7F))
_DOTS = bytes(c if 0x20 <= c < 0x7F else 0x2E for c in range(256))
_DELETE_UNPRINTABLE = bytes(c for c in range(256) if not 0x20 <= c < 0x7F)

# numeric PT types: (struct code, size, bits of the printf argument for hex/octal)
_NUMERIC = {
    "PT_INT8": ("b", 1, 32), "PT_INT16": ("h", 2, 32), "PT_INT32": ("i", 4, 32), "PT_INT64": ("q", 8, 64),
    "PT_UINT8": ("B", 1, 32), "PT_UINT16": ("H", 2, 32), "PT_UINT32": ("i", 4, 32), "PT_UINT64": ("q", 8, 64),
}
_FLAGS = {"PT_FLAGS8": "B", "PT_FLAGS16": "H", "PT_FLAGS32": "I",
          "PT_ENUMFLAGS8": "B", "PT_ENUMFLAGS16": "H", "PT_ENUMFLAGS32": "I"}


def sanitize(s: bytes) -> bytes:
    """Drop every byte that is not printable ASCII (sinsp's sanitize_string)."""
    return s.translate(None, _DELETE_UNPRINTABLE)


def _int(payload: bytes, code: str, size: int) -> int:
    if len(payload) < size:
        payload = payload.ljust(size, b"\0")
    return struct.unpack_from("<" + code, payload)[0]


def _number_renderer(num: tuple[str, int, int], pf: str) -> Callable[..., tuple[str, str]]:
    code, size, bits = num
    unpack = struct.Struct("<" + code).unpack_from
    if pf in ("PF_DEC", "PF_NA", "PF_ID"):
        def dec(evt: object, i: int, info: object, payload: bytes, bufmt: str) -> tuple[str, str]:
            if len(payload) < size:
                payload = payload.ljust(size, b"\0")
            return str(unpack(payload)[0]), ""

        return dec

    def other(evt: object, i: int, info: object, payload: bytes, bufmt: str) -> tuple[str, str]:
        return format_number(_int(payload, code, size), pf, bits), ""

    return other


def format_number(v: int, pf: str, bits: int) -> str:
    """printf of a number with a PF_* print format."""
    if pf == "PF_HEX":
        return "%X" % (v & ((1 << bits) - 1))
    if pf == "PF_OCT":
        v &= (1 << bits) - 1
        return "0%o" % v if v else "0"
    if pf == "PF_10_PADDED_DEC":
        return "%09d" % v
    return str(v)


def bytebuf_dots(b: bytes) -> str:
    return b.translate(_DOTS).decode("ascii")


def bytebuf_eols(b: bytes, lead: bool = True) -> str:
    out = bytearray(b"\n" if lead else b"")
    prev = -1
    for j, c in enumerate(b):
        if 0x20 <= c < 0x7F:
            out.append(c)
        elif c == 13:
            out.append(10)
        elif c == 10 and j > 0 and prev != 13:
            out.append(10)
        prev = c
    return out.decode("ascii")


def bytebuf_hex(b: bytes, ascii_col: bool) -> str:
    rows = []
    for j in range(0, len(b), 16):
        chunk = b[j:j + 16]
        groups = []
        for k in range(0, len(chunk), 2):
            pair = chunk[k:k + 2]
            groups.append(" %02x" % pair[0] if len(pair) == 1 else " %02x%02x" % (pair[0], pair[1]))
        row = "\n\t0x%04x:" % j + "".join(groups)
        if ascii_col:
            row += "     " * (8 - len(groups)) + "  " + bytebuf_dots(chunk)
        rows.append(row)
    return "".join(rows) + "\n"


def render_buffer(b: bytes, bufmt: str) -> str:
    if not b:
        return ""
    if bufmt in (NORMAL, "json"):
        return bytebuf_dots(b)
    if bufmt in (EOLS, "jsoneols"):
        return bytebuf_eols(b)
    if bufmt in (HEX, "jsonhex"):
        return bytebuf_hex(b, False)
    if bufmt in (HEXASCII, "jsonhexascii"):
        return bytebuf_hex(b, True)
    import base64  # imported here: only -b needs it; keeps start-up short

    return base64.b64encode(b).decode("ascii")


def ipv4(b: bytes) -> str:
    return socket.inet_ntop(socket.AF_INET, b)


def ipv6(b: bytes) -> str:
    return socket.inet_ntop(socket.AF_INET6, b)


def _is_v4_mapped(b: bytes) -> bool:
    return b[:10] == b"\0" * 10 and (b[10:12] == b"\xff\xff" or b[10:16] == b"\0" * 6)


def concatenate_paths(base: bytes, path: bytes) -> tuple[bytes, bool]:
    """The resolved path of a relative ``path`` under ``base`` and True; (b"", False) for an absolute one.

    Unlike the state's concatenate_paths there is no PATH_TOO_LONG cut: sinsp grows its
    rendering buffer to fit.
    """
    if not path or path[:1] == b"/":
        return b"", False
    buf = bytearray(len(base) + len(path) + 4)
    buf[:len(base)] = base
    return bytes(buf[:sanitize_path_into(buf, len(base), path)]), True


class Renderer:
    """Renders event parameters against the current state."""

    def __init__(self, state: State | None, bufmt: str = NORMAL, max_len: int = 80,
                 resolve_ports: bool = False) -> None:
        self.state = state
        self.bufmt = bufmt
        self.max_len = max_len
        self.resolve_ports = resolve_ports
        self.last = ""  # sinsp reuses one text buffer: some empty params print the previous text
        self._plans: dict[int, list[tuple[str, Callable[..., tuple[str, str]], ParamInfo]]] = {}
        self._by_type: dict[str, Callable[[Event, int, ParamInfo, bytes, str], tuple[str, str]]] = {
            "PT_FD": self._fd, "PT_FD32": self._fd, "PT_PID": self._pid, "PT_PID32": self._pid,
            "PT_ERRNO": self._errno, "PT_CHARBUF": self._charbuf, "PT_FSPATH": self._fspath,
            "PT_FSRELPATH": self._fspath, "PT_BYTEBUF": self._bytebuf, "PT_SOCKADDR": self._sockaddr,
            "PT_SOCKTUPLE": self._socktuple, "PT_FDLIST": self._fdlist, "PT_SYSCALLID": self._syscallid,
            "PT_SIGTYPE": self._sigtype, "PT_RELTIME": self._reltime, "PT_MODE": self._mode,
            "PT_UID": self._uid, "PT_GID": self._gid, "PT_SIGSET": self._sigset,
            "PT_CHARBUFARRAY": self._empty, "PT_CHARBUF_PAIR_ARRAY": self._empty,
        }

    # ---- entry points ---------------------------------------------------------------------
    def thread(self, evt: Event) -> ThreadInfo | None:
        """The event's thread; for events the parser did not attach one to, a lookup by tid (as sinsp)."""
        t = evt.thread
        if t is None and self.state is not None:
            t = self.state.threads.get(evt.tid)
        return t

    def param(self, evt: Event, i: int, bufmt: str | None = None) -> tuple[str, str]:
        info = evt.info.params[i]
        payload = evt.params()[i]
        value, resolved = self._render(evt, i, info, info.ptype, payload, info.fmt, bufmt or self.bufmt)
        self.last = value
        return value, resolved

    def args(self, evt: Event, bufmt: str | None = None) -> str:
        """``evt.args`` / ``evt.info``: ``name=value(resolved) `` for every parameter."""
        if evt.code <= 1:
            return ""
        if bufmt is not None and bufmt != self.bufmt:
            return self._args_slow(evt, bufmt)
        plan = self._plans.get(evt.code)
        if plan is None:
            plan = self._plans[evt.code] = self._plan(evt.info)
        parts = []
        params = evt.params()
        bufmt = self.bufmt
        for i in range(len(params)):
            name, fn, info = plan[i]
            value, resolved = fn(evt, i, info, params[i], bufmt)
            self.last = value
            if resolved:
                parts.append(f"{name}={value}({resolved}) ")
            else:
                parts.append(f"{name}={value} ")
        return "".join(parts)

    def _args_slow(self, evt: Event, bufmt: str) -> str:
        parts = []
        names = evt.info.params
        for i in range(evt.nparams):
            value, resolved = self.param(evt, i, bufmt)
            parts.append(f"{names[i].name}={value}({resolved}) " if resolved else f"{names[i].name}={value} ")
        return "".join(parts)

    def _plan(self, einfo: object) -> list[tuple[str, Callable[..., tuple[str, str]], ParamInfo]]:
        """For each parameter of an event type: its name, its renderer, its table row (built once)."""
        return [(p.name, self._renderer_for(p), p) for p in einfo.params]  # type: ignore[attr-defined]

    def _renderer_for(self, p: ParamInfo) -> Callable[..., tuple[str, str]]:
        num = _NUMERIC.get(p.ptype)
        if num is not None:
            return _number_renderer(num, p.fmt)
        if p.ptype in _FLAGS:
            code = _FLAGS[p.ptype]
            return lambda evt, i, info, payload, bufmt: self._flags(info, payload, code)
        return lambda evt, i, info, payload, bufmt: self._render(evt, i, info, info.ptype, payload, info.fmt,
                                                                 bufmt)

    # ---- dispatch -------------------------------------------------------------------------
    def _render(self, evt: Event, i: int, info: ParamInfo, ptype: str, payload: bytes, pf: str,
                bufmt: str) -> tuple[str, str]:
        if ptype == "PT_DYN":
            return self._dyn(evt, i, info, payload, pf, bufmt)
        num = _NUMERIC.get(ptype)
        if num is not None:
            code, size, bits = num
            return format_number(_int(payload, code, size), pf, bits), ""
        if ptype in _FLAGS:
            return self._flags(info, payload, _FLAGS[ptype])
        fn = self._by_type.get(ptype)
        if fn is None:
            return "(n.a.)", ""
        return fn(evt, i, info, payload, bufmt)

    def _dyn(self, evt: Event, i: int, info: ParamInfo, payload: bytes, pf: str, bufmt: str) -> tuple[str, str]:
        table, _, n = info.info.partition("/")
        if payload:
            sub = ft.dyn_table(table)
            idx = payload[0]
            if idx < min(len(sub), int(n or len(sub))):
                subtype, _subfmt = sub[idx]
                return self._render(evt, i, info, subtype, payload[1:], pf, bufmt)
        return "INVALID DYNAMIC PARAMETER", ""

    # ---- per type -------------------------------------------------------------------------
    def _fd(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        fd = _int(payload, "q" if info.ptype == "PT_FD" else "i", 8 if info.ptype == "PT_FD" else 4)
        return str(fd), self.fd_resolved(evt, fd)

    def fd_resolved(self, evt: Event, fd: int) -> str:
        tinfo = self.thread(evt)
        if tinfo is None:
            return ""
        if fd >= 0:
            fdi = tinfo.get_fd(fd)
            if fdi is None:
                return ""
            l4 = L4_CHARS.get(fdi.get_l4proto(), "") if fdi.type in SOCK_TYPES else ""
            name = sanitize(fdi.name.encode("utf-8", "surrogateescape")).decode("ascii")
            return f"<{fdi.typechar()}{l4}>{name}"
        if fd == AT_FDCWD:
            return "AT_FDCWD"
        return ft.errno_name(_to_i32(fd))

    def _pid(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        pid = _int(payload, "q" if info.ptype == "PT_PID" else "i", 8 if info.ptype == "PT_PID" else 4)
        t = self.state.threads.get(pid) if self.state is not None else None
        return str(pid), (t.comm if t is not None else "")

    def _errno(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        v = _int(payload, "q", 8)
        return str(v), (ft.errno_name(_to_i32(v)) if v < 0 else "")

    def _charbuf(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        return payload.split(b"\0", 1)[0].decode("utf-8", "surrogateescape"), ""

    def _fspath(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        if not payload:
            return self.last, ""
        raw = payload.split(b"\0", 1)[0]
        value = sanitize(raw).decode("ascii")
        tinfo = self.thread(evt)
        if tinfo is None or raw[:4] == b"<NA>":
            return value, ""
        base = self._base_dir(evt, info, tinfo)
        resolved, relative = concatenate_paths(base, raw)
        return value, (resolved.decode("ascii", "replace") if relative else "")

    def _base_dir(self, evt: Event, info: ParamInfo, tinfo: object) -> bytes:
        cwd = tinfo.get_cwd().encode("utf-8", "surrogateescape")  # type: ignore[attr-defined]
        idx = info.dirfd_index
        if idx is None or idx >= len(evt.info.params) or evt.info.params[idx].ptype != "PT_FD":
            return cwd
        dirfd = evt.i64(idx)
        if dirfd == AT_FDCWD:
            return cwd
        fdi = tinfo.get_fd(dirfd)  # type: ignore[attr-defined]
        if fdi is None or not fdi.name:
            return b""
        return sanitize(fdi.name.encode("utf-8", "surrogateescape")) + b"/"

    def _bytebuf(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        text = render_buffer(payload, bufmt)
        if bufmt == NORMAL and self.max_len and len(text) > self.max_len:
            text = text[:self.max_len - 3] + "..."
        return text, ""

    def _sockaddr(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        if not payload:
            return "NULL", ""
        fam = payload[0]
        if fam == PPM_AF_UNIX:
            return sanitize(payload[1:].split(b"\0", 1)[0]).decode("ascii"), ""
        if fam == PPM_AF_INET:
            if len(payload) != 7:
                return "INVALID IPv4", ""
            return f"{ipv4(payload[1:5])}:{self.port(_int(payload[5:7], 'H', 2), evt)}", ""
        if fam == PPM_AF_INET6:
            if len(payload) != 19:
                return "INVALID IPv6", ""
            return f"{ipv6(payload[1:17])}:{self.port(_int(payload[17:19], 'H', 2), evt)}", ""
        return f"family {_signed8(fam)}", ""

    def port(self, port: int, evt: Event) -> str:
        if self.resolve_ports:
            proto = "udp" if evt.fdinfo is not None and evt.fdinfo.l4proto == 3 else "tcp"
            try:
                return socket.getservbyport(port, proto)
            except OSError:
                pass
        return str(port)

    def _socktuple(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        if not payload:
            return "NULL", ""
        fam = payload[0]
        if fam == PPM_AF_INET:
            if len(payload) != 13:
                return "INVALID IPv4", ""
            return self._tuple4(payload[1:5], payload[5:7], payload[7:11], payload[11:13], evt), ""
        if fam == PPM_AF_INET6:
            if len(payload) == 37:
                s6, d6 = payload[1:17], payload[19:35]
                if _is_v4_mapped(s6) and _is_v4_mapped(d6):
                    return self._tuple4(s6[12:], payload[17:19], d6[12:], payload[35:37], evt), ""
                sp = self.port(_int(payload[17:19], "H", 2), evt)
                dp = self.port(_int(payload[35:37], "H", 2), evt)
                return f"{ipv6(s6)}:{sp}->{ipv6(d6)}:{dp}", ""
            return "INVALID IPv6", ""
        if fam == PPM_AF_UNIX:
            src, dst = struct.unpack_from("<QQ", payload.ljust(17, b"\0"), 1)
            path = sanitize(payload[17:].split(b"\0", 1)[0]).decode("ascii")
            return f"{src:x}->{dst:x} {path}", ""
        return f"family {_signed8(fam)}", ""

    def _tuple4(self, sip: bytes, sport: bytes, dip: bytes, dport: bytes, evt: Event) -> str:
        return (f"{ipv4(sip)}:{self.port(_int(sport, 'H', 2), evt)}->"
                f"{ipv4(dip)}:{self.port(_int(dport, 'H', 2), evt)}")

    def _fdlist(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        tinfo = self.thread(evt)
        if tinfo is None or len(payload) < 2:
            return self.last, ""
        (n,) = struct.unpack_from("<H", payload)
        items = []
        pos = 2
        for _ in range(n):
            if pos + 10 > len(payload):
                break
            fd, flags = struct.unpack_from("<qh", payload, pos)
            fdi = tinfo.get_fd(fd)
            tch = fdi.typechar() if fdi is not None else "?"
            items.append("%d:%s%x" % (fd & 0xFFFFFFFFFFFFFFFF, tch, flags & 0xFFFFFFFF))
            pos += 10
        return " ".join(items), ""

    def _syscallid(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        sc = _int(payload, "H", 2)
        if sc >= ft.PPM_SC_MAX:
            return "<unknown syscall>", ""
        return str(sc), ft.SYSCALL_NAMES.get(sc, "")

    def _sigtype(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        v = _int(payload, "B", 1)
        return str(v), ft.SIGNAL_NAMES.get(v, "")

    def _reltime(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        v = _int(payload, "Q", 8)
        if v == 0xFFFFFFFFFFFFFFFF:
            return "none", ""
        return str(v), "%gs" % (v / 1e9)

    def _flags(self, info: ParamInfo, payload: bytes, code: str) -> tuple[str, str]:
        v = _int(payload, code, struct.calcsize(code))
        return str(v), ft.flag_names(v, ft.table(info.info)) if info.info else ""

    def _mode(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        v = _int(payload, "I", 4)
        text = format_number(_to_i32(v), info.fmt, 32)
        return text, ft.flag_names(v, ft.table(info.info)) if info.info else ""

    def _uid(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        v = _int(payload, "I", 4)
        if v == 0xFFFFFFFF:
            return "-1", "<NONE>"
        u = self.state.users.user(v) if self.state is not None else None
        return str(_to_i32(v)), (sanitize(u.name.encode()).decode() if u is not None else "<NA>")

    def _gid(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        v = _int(payload, "I", 4)
        if v == 0xFFFFFFFF:
            return "-1", "<NONE>"
        g = self.state.users.group(v) if self.state is not None else None
        return str(_to_i32(v)), (sanitize(g.name.encode()).decode() if g is not None else "<NA>")

    def _sigset(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        v = _int(payload, "I", 4)
        names = [ft.SIGNAL_NAMES[s + 1] for s in range(32) if v & (1 << s) and s + 1 in ft.SIGNAL_NAMES]
        return " ".join(names), ""

    def _empty(self, evt: Event, i: int, info: ParamInfo, payload: bytes, bufmt: str) -> tuple[str, str]:
        return "", ""


def _to_i32(v: int) -> int:
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def _signed8(v: int) -> int:
    return v - 256 if v >= 128 else v
