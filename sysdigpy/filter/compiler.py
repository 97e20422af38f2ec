r"""Compile stage of the filter: text -> predicate ``pred(evt) -> bool``.

``compile_filter`` parses the text, resolves every check's field against the
field registry, validates the operator against the field's type, converts the
values once (numbers, booleans, errno names, IP addresses and networks, hex
byte strings, globs) and builds closures.  Every error is raised before any
event is read, as :class:`FilterUsageError` (exit status 2, message with the
1-based column and two caret lines).

Semantics (sysdig-reference §3.1, with current libs where 0.29.3 is buggy):

* A field without a value for an event makes every comparison false, ``exists``
  false; ``not`` is the exact complement (``not not X`` is ``X``).
* ``evt.type = X`` / ``in`` / ``!=`` compare the raw event code against a
  precomputed frozenset of ids; for the generic syscall events (codes 0/1) the
  syscall name is compared instead.  Event type names are validated for every
  operator but ``exists`` (0.29.3 validates every value of evt.type).
* ``and``/``or`` short-circuit in source order, except that pure event-type
  checks (which read nothing but the event code) are moved first.
* ``proc.aname``/``proc.apid`` without index mean "any ancestor" in a filter.
  The registry has no any-ancestor capability yet, so the walk is done here:
  from the process's main thread, through ``ThreadInfo.parent()`` (by ptid),
  stopping on loops, comparing each ancestor's ``comm``/``pid`` (not the
  process itself), as sinsp's ``traverse_parent_state``.
* Field types come from ``FieldInfo.ftype``; a getter may override a dynamic
  type (``PT_DYN``, e.g. ``evt.rawarg.NAME``) with an ``ftype`` attribute.
  Without one, a dynamic field compares numerically when both sides are
  numbers and as text otherwise.
* A getter returning a list or tuple (``fd.ip``, ``fd.port``: client and
  server) matches when any of its values matches, for every operator but
  ``!=``, which needs every value to differ (sinsp's compare_ip/compare_port;
  ``in``/``intersects`` included, so ``in`` stays a chain of ``=``).
* IP getters may return ``ipaddress`` objects, text, 4/16 raw bytes or an int
  (taken as the address in host order, ``ipaddress`` convention).
* ``glob`` uses ``fnmatch`` rules (``*`` crosses ``/``); backslash is not an
  escape character (C ``fnmatch`` treats it as one).
"""

from __future__ import annotations

import fnmatch
import ipaddress
import operator
import re
from collections.abc import Callable
from collections.abc import Iterator
from typing import TYPE_CHECKING
from typing import Any

from sysdigpy.errors import UsageError
from sysdigpy.events.flagtables import ERRNO_VALUES
from sysdigpy.events.flagtables import SYSCALL_NAMES
from sysdigpy.events.table import codes_for_name
from sysdigpy.events.table import known_names
from sysdigpy.fields.registry import FieldInfo
from sysdigpy.fields.registry import Getter
from sysdigpy.fields.registry import UnknownField
from sysdigpy.fields.registry import lookup
from sysdigpy.filter.ast import And
from sysdigpy.filter.ast import Check
from sysdigpy.filter.ast import Node
from sysdigpy.filter.ast import Not
from sysdigpy.filter.errors import FilterError
from sysdigpy.filter.parser import parse

if TYPE_CHECKING:
    from sysdigpy.events.event import Event
    from sysdigpy.fields.context import FieldContext
    from sysdigpy.state.threads import ThreadInfo

__all__ = ["FilterUsageError", "Predicate", "compile_filter"]

Predicate = Callable[["Event"], bool]
ValuePred = Callable[[Any], bool]
IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Net = ipaddress.IPv4Network | ipaddress.IPv6Network


class FilterUsageError(UsageError, FilterError):
    """A FilterError as the CLI reports it: one line with the column, then the caret lines."""

    def __init__(self, err: FilterError) -> None:
        FilterError.__init__(self, err.message, err.text, err.column)

    def __str__(self) -> str:
        return f"{FilterError.__str__(self)}\n{self.caret()}"


def compile_filter(text: str, ctx: FieldContext) -> Predicate:
    """Compile ``text`` into a predicate over events; raise FilterUsageError if invalid."""
    try:
        return _Compiler(text, ctx).node(parse(text))[0]
    except FilterUsageError:
        raise
    except FilterError as err:
        raise FilterUsageError(err) from err


# ---- type families ------------------------------------------------------------------------------

NUM, BOOL, STR, BUF, IPADDR, NET, DOUBLE, DYN = "num", "bool", "str", "buf", "ip", "net", "double", "dyn"

_UNSIGNED_BITS = {
    "PT_UINT8": 8, "PT_FLAGS8": 8, "PT_SIGTYPE": 8, "PT_SOCKFAMILY": 8, "PT_ENUMFLAGS8": 8,
    "PT_UINT16": 16, "PT_FLAGS16": 16, "PT_PORT": 16, "PT_SYSCALLID": 16, "PT_ENUMFLAGS16": 16,
    "PT_UINT32": 32, "PT_FLAGS32": 32, "PT_MODE": 32, "PT_UID": 32, "PT_GID": 32, "PT_ENUMFLAGS32": 32,
    "PT_SIGSET": 32, "PT_UINT64": 64, "PT_RELTIME": 64, "PT_ABSTIME": 64,
}  # fmt: skip
_SIGNED = {"PT_INT8", "PT_INT16", "PT_INT32", "PT_INT64", "PT_FD", "PT_PID", "PT_ERRNO", "PT_FD32", "PT_PID32"}
_FAMILY = {
    "PT_BOOL": BOOL, "PT_BYTEBUF": BUF, "PT_DOUBLE": DOUBLE, "PT_DYN": DYN,
    "PT_IPV4ADDR": IPADDR, "PT_IPV6ADDR": IPADDR, "PT_IPADDR": IPADDR,
    "PT_IPV4NET": NET, "PT_IPV6NET": NET, "PT_IPNET": NET,
}  # fmt: skip

_ORDER = ("=", "!=", "<", "<=", ">", ">=")
_LISTS = ("in", "intersects")
_ALLOWED = {
    NUM: _ORDER + _LISTS, DOUBLE: _ORDER + _LISTS, BOOL: _ORDER + _LISTS,
    BUF: ("=", "!=", "contains", "startswith", "endswith", "bcontains", "bstartswith") + _LISTS,
    IPADDR: ("=", "!=") + _LISTS, NET: ("=", "!=") + _LISTS,
}  # fmt: skip
_KIND = {NUM: "numeric", DOUBLE: "numeric", BOOL: "boolean", BUF: "buffer", IPADDR: "IP address",
         NET: "IP network"}
_CMP = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
        ">=": operator.ge}


def family(ftype: str) -> str:
    """The comparison family of a PT_* type."""
    if ftype in _UNSIGNED_BITS or ftype in _SIGNED:
        return NUM
    return _FAMILY.get(ftype, STR)


# ---- value conversion (compile time) ------------------------------------------------------------

def _parse_int(value: str, field: str, ftype: str) -> int:
    if (field == "evt.res" or ftype == "PT_ERRNO") and value in ERRNO_VALUES:
        return -ERRNO_VALUES[value]
    try:
        n = int(value, 0) if value.lower().startswith(("0x", "-0x")) else int(value, 10)
    except ValueError:
        raise ValueError(f"{value} is not a valid number") from None
    bits = _UNSIGNED_BITS.get(ftype)
    return n & ((1 << bits) - 1) if bits and n < 0 else n


def _parse_bool(value: str) -> int:
    if value in ("true", "false"):
        return int(value == "true")
    if value in ("0", "1"):
        return int(value)
    raise ValueError(f"{value} is not a valid boolean")


def _parse_double(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{value} is not a valid number") from None


def _parse_ip(value: str, ftype: str) -> IP:
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        ip = None
    if ip is None or (ftype == "PT_IPV4ADDR" and ip.version != 4) or (ftype == "PT_IPV6ADDR" and ip.version != 6):
        kind = "IPv6 address" if ":" in value or ftype == "PT_IPV6ADDR" else "IP address"
        raise ValueError(f"unrecognized {kind} {value}")
    return ip


def _parse_net(value: str) -> Net:
    """Networks are IPv4 CIDR only (0.29.3: ``fd.net=2607:f8b0::/32`` is an error)."""
    if ":" in value:
        raise ValueError(f"unrecognized IPv6 address {value}")
    try:
        return ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        raise ValueError(f"unrecognized IP network {value}") from None


def _to_bytes(value: str) -> bytes:
    return value.encode("utf-8", "surrogateescape")


def _parse_hex(value: str) -> bytes:
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise ValueError(f"{value} is not a valid sequence of hex bytes") from None


def convert(fam: str, op: str, value: str, field: str, ftype: str) -> Any:
    """One filter value in the representation the family's comparisons use."""
    if op in ("bcontains", "bstartswith"):
        return _parse_hex(value)
    if fam == NUM:
        return _parse_int(value, field, ftype)
    if fam == BOOL:
        return _parse_bool(value)
    if fam == DOUBLE:
        return _parse_double(value)
    if fam == IPADDR:
        return _parse_ip(value, ftype)
    if fam == NET:
        return _parse_net(value)
    if fam == BUF:
        return _to_bytes(value)
    return value


# ---- event value normalisation (run time) -------------------------------------------------------

def _as_str(v: Any) -> str:
    if v.__class__ is str:
        return v
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode("utf-8", "surrogateescape")
    if v is True or v is False:
        return "true" if v else "false"
    return str(v)


def _as_bytes(v: Any) -> bytes:
    if isinstance(v, (bytes, bytearray)):
        return bytes(v)
    return _as_str(v).encode("utf-8", "surrogateescape")


def _as_int(v: Any) -> int | None:
    if isinstance(v, int):
        return int(v)
    try:
        return int(_as_str(v), 10)
    except ValueError:
        return None


def _as_float(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _as_ip(v: Any) -> IP | None:
    if isinstance(v, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return v
    try:
        if isinstance(v, (bytes, bytearray)) and len(v) in (4, 16):
            return ipaddress.ip_address(bytes(v))
        if isinstance(v, int):
            return ipaddress.IPv4Address(v)
        return ipaddress.ip_address(_as_str(v))
    except ValueError:
        return None


# ---- value predicates ---------------------------------------------------------------------------

def _str_pred(op: str, val: Any) -> ValuePred:
    if op == "=":
        return lambda v: _as_str(v) == val
    if op == "!=":
        return lambda v: _as_str(v) != val
    if op == "contains":
        return lambda v: val in _as_str(v)
    if op == "startswith":
        return lambda v: _as_str(v).startswith(val)
    if op == "endswith":
        return lambda v: _as_str(v).endswith(val)
    if op == "icontains":
        low = _to_bytes(val).lower()
        return lambda v: low in _as_bytes(v).lower()
    if op in ("glob", "iglob"):
        match = re.compile(fnmatch.translate(val), re.DOTALL | (re.IGNORECASE if op == "iglob" else 0)).match
        return lambda v: match(_as_str(v)) is not None
    if op in ("bcontains", "bstartswith"):
        return _buf_pred(op, val)
    if op in _CMP:
        cmp, ref = _CMP[op], _to_bytes(val)
        return lambda v: cmp(_as_bytes(v), ref)
    raise ValueError(f"'{op}' not supported for string filters")


def _buf_pred(op: str, val: bytes) -> ValuePred:
    if op == "=":
        return lambda v: _as_bytes(v) == val
    if op == "!=":
        return lambda v: _as_bytes(v) != val
    if op in ("contains", "bcontains"):
        return lambda v: val in _as_bytes(v)
    if op in ("startswith", "bstartswith"):
        return lambda v: _as_bytes(v).startswith(val)
    if op == "endswith":
        return lambda v: _as_bytes(v).endswith(val)
    raise ValueError(f"'{op}' not supported for buffer filters")


def _num_pred(op: str, val: Any, coerce: Callable[[Any], Any]) -> ValuePred:
    cmp = _CMP[op]

    def pred(v: Any) -> bool:
        n = v if v.__class__ is int else coerce(v)
        return n is not None and cmp(n, val)

    return pred


def _ip_pred(op: str, val: IP) -> ValuePred:
    cmp = _CMP[op]

    def pred(v: Any) -> bool:
        ip = _as_ip(v)
        return ip is not None and cmp(ip, val)

    return pred


def _net_pred(op: str, val: Net) -> ValuePred:
    def inside(v: Any) -> bool:
        ip = _as_ip(v)
        return ip is not None and ip.version == val.version and ip in val

    if op == "!=":
        return lambda v: _as_ip(v) is not None and not inside(v)
    return inside


def _dyn_pred(op: str, val: str) -> ValuePred:
    """Untyped values: numeric when both sides are numbers, else as text."""
    text = _str_pred(op, val)
    try:
        num = int(val, 10)
    except ValueError:
        return text
    if op not in _CMP:
        return text
    cmp = _CMP[op]
    return lambda v: cmp(v, num) if isinstance(v, int) and not isinstance(v, bool) else text(v)


def value_pred(fam: str, op: str, val: Any) -> ValuePred:
    """A predicate over one extracted (non-None) value for a binary operator."""
    if fam == STR:
        return _str_pred(op, val)
    if fam == BUF:
        return _buf_pred(op, val)
    if fam == IPADDR:
        return _ip_pred(op, val)
    if fam == NET:
        return _net_pred(op, val)
    if fam == DYN:
        return _dyn_pred(op, val)
    coerce = _as_float if fam == DOUBLE else _as_int
    return _num_pred(op, val, coerce)


def list_pred(fam: str, op: str, vals: list[Any]) -> ValuePred:
    """``in`` / ``intersects`` / ``pmatch`` over a list of converted values."""
    if op == "pmatch":
        return _pmatch_pred(vals)
    if fam in (NET, DYN):
        preds = [value_pred(fam, "=", v) for v in vals]
        return lambda v: any(p(v) for p in preds)
    members = frozenset(vals)
    norm = _NORMALISE[fam]
    return lambda v: norm(v) in members


_NORMALISE: dict[str, Callable[[Any], Any]] = {
    STR: _as_str, BUF: _as_bytes, NUM: _as_int, BOOL: _as_int, DOUBLE: _as_float, IPADDR: _as_ip,
}


def _components(path: str) -> tuple[str, ...]:
    return tuple(p for p in path.split("/") if p)


def _pmatch_pred(prefixes: list[Any]) -> ValuePred:
    """Path-prefix match: the value equals or lies under one of the directories."""
    dirs = {_components(_as_str(p)) for p in prefixes}
    lengths = sorted({len(d) for d in dirs})

    def pred(v: Any) -> bool:
        parts = _components(_as_str(v))
        return any(parts[:n] in dirs for n in lengths if n <= len(parts))

    return pred


# ---- the compiler -------------------------------------------------------------------------------

_GENERIC_MAX = 1  # codes 0 and 1: generic syscall events, named by their syscall id
_FAST_TYPE_OPS = ("=", "!=", "in", "intersects")
_ANCESTOR_ATTR = {"proc.aname": "comm", "proc.apid": "pid"}


class _Compiler:
    """Turns an AST into closures; ``node`` returns (predicate, is_cheap)."""

    def __init__(self, text: str, ctx: FieldContext) -> None:
        self.text = text
        self.ctx = ctx

    def error(self, message: str, column: int) -> FilterError:
        return FilterError(message, self.text, column)

    def node(self, n: Node) -> tuple[Predicate, bool]:
        if isinstance(n, Check):
            return self.check(n)
        if isinstance(n, Not):
            child, cheap = self.node(n.child)
            return (lambda e: not child(e)), cheap
        compiled = [self.node(c) for c in n.children]
        # Stable: cheap (pure event-code) checks first, the rest in source order.
        ordered = [p for p, cheap in compiled if cheap] + [p for p, cheap in compiled if not cheap]
        cheap = all(c for _p, c in compiled)
        return (_and(ordered) if isinstance(n, And) else _or(ordered)), cheap

    # -- checks --
    def check(self, c: Check) -> tuple[Predicate, bool]:
        fi, getter = self.resolve(c)
        ftype = getattr(getter, "ftype", None) or fi.ftype
        fam = family(ftype)
        if fi.name == "evt.type" and c.value is not None and c.op not in ("bcontains", "bstartswith"):
            self.validate_event_types(c)
            if c.op in _FAST_TYPE_OPS:
                return self.event_type(c, getter), True
        try:
            vpred = self.value_predicate(c, fam, ftype)
        except ValueError as exc:
            raise self.error(str(exc), self.value_column(c, str(exc))) from None
        if c.arg is None and fi.name in _ANCESTOR_ATTR:
            return self.ancestors(_ANCESTOR_ATTR[fi.name], vpred), False
        return _field_pred(getter, vpred, every=c.op == "!="), False

    def resolve(self, c: Check) -> tuple[FieldInfo, Getter]:
        text = c.field + (f"[{c.arg}]" if c.arg is not None else "")
        try:
            fi, arg, used = lookup(text)
        except UnknownField:
            raise self.error(f"unrecognized field {c.field_text}", c.pos) from None
        if used != len(text):
            raise self.error(f"unrecognized field {c.field_text}", c.pos)
        try:
            return fi, fi.bind(self.ctx, arg)
        except (ValueError, LookupError, TypeError) as exc:
            raise self.error(f"{c.field_text}: {exc}", c.pos) from None

    def value_predicate(self, c: Check, fam: str, ftype: str) -> ValuePred | None:
        """None for ``exists``; raises ValueError for a bad operator or value."""
        if c.op == "exists":
            return None
        allowed = _ALLOWED.get(fam)
        if allowed is not None and c.op not in allowed:
            raise ValueError(f"'{c.op}' not supported for {_KIND[fam]} filters ({c.field_text})")
        if c.op == "pmatch" and fam != STR and fam != DYN:
            raise ValueError(f"'pmatch' not supported for {_KIND.get(fam, fam)} filters ({c.field_text})")
        if isinstance(c.value, tuple):
            vals = [convert(fam, c.op, v, c.field, ftype) for v in c.value]
            return list_pred(fam, c.op, vals)
        assert isinstance(c.value, str)
        return value_pred(fam, c.op, convert(fam, c.op, c.value, c.field, ftype))

    def value_column(self, c: Check, hint: str) -> int:
        """Best-effort column of the offending value: after the operator, at the value named in ``hint``."""
        col = self.text.find(c.op, c.pos + len(c.field_text))
        if col < 0 or c.value is None:
            return c.pos
        col += len(c.op)
        values = c.value if isinstance(c.value, tuple) else (c.value,)
        for v in values:
            if v and v in hint:
                found = self.text.find(v, col)
                if found >= 0:
                    return found
        while col < len(self.text) and self.text[col].isspace():
            col += 1
        return col

    # -- evt.type --
    def validate_event_types(self, c: Check) -> None:
        valid = _event_type_names()
        for v in (c.value if isinstance(c.value, tuple) else (c.value,)):
            if v not in valid:
                raise self.error(f"unknown event type {v}", self.value_column(c, v))

    def event_type(self, c: Check, getter: Getter) -> Predicate:
        names = frozenset(c.value if isinstance(c.value, tuple) else (c.value,))
        ids = frozenset(code for n in names for code in codes_for_name(n) if code > _GENERIC_MAX)
        generic_names = names & frozenset(SYSCALL_NAMES.values())

        if generic_names:
            def pred(e: Event) -> bool:
                code = e.code
                return code in ids or (code <= _GENERIC_MAX and getter(e) in generic_names)
        else:
            def pred(e: Event) -> bool:
                return e.code in ids

        if c.op == "!=":
            return lambda e: not pred(e)
        return pred

    # -- any ancestor --
    def ancestors(self, attr: str, vpred: ValuePred | None) -> Predicate:
        ctx = self.ctx

        def walk(e: Event) -> Iterator[Any]:
            for t in _ancestor_threads(ctx.renderer.thread(e)):
                yield getattr(t, attr)

        if vpred is None:
            return lambda e: next(walk(e), None) is not None
        return lambda e: any(vpred(v) for v in walk(e) if v is not None)


def _field_pred(getter: Getter, vpred: ValuePred | None, every: bool = False) -> Predicate:
    """``every``: ``!=`` on several values (fd.ip, fd.port) holds when each differs, as sinsp compares."""
    if vpred is None:
        return lambda e: getter(e) is not None
    combine = all if every else any

    def pred(e: Event) -> bool:
        v = getter(e)
        if v is None:
            return False
        if v.__class__ is list or v.__class__ is tuple:  # several values (fd.ip, fd.port): any matches
            return combine(vpred(x) for x in v)
        return vpred(v)

    return pred


def _ancestor_threads(t: ThreadInfo | None) -> Iterator[ThreadInfo]:
    """The parents of the process's main thread, nearest first, stopping on a loop."""
    if t is None:
        return
    if not t.is_main_thread():
        t = t.main_thread()
        if t is None:
            return
    seen = {t.tid}
    p = t.parent()
    while p is not None and p.tid not in seen:
        yield p
        seen.add(p.tid)
        p = p.parent()


_TYPE_NAMES: set[str] = set()


def _event_type_names() -> set[str]:
    if not _TYPE_NAMES:
        _TYPE_NAMES.update(known_names(), SYSCALL_NAMES.values())
    return _TYPE_NAMES


def _and(preds: list[Predicate]) -> Predicate:
    if len(preds) == 2:
        a, b = preds
        return lambda e: a(e) and b(e)
    if len(preds) == 3:
        a, b, c = preds
        return lambda e: a(e) and b(e) and c(e)
    return lambda e: all(p(e) for p in preds)


def _or(preds: list[Predicate]) -> Predicate:
    if len(preds) == 2:
        a, b = preds
        return lambda e: a(e) or b(e)
    if len(preds) == 3:
        a, b, c = preds
        return lambda e: a(e) or b(e) or c(e)
    return lambda e: any(p(e) for p in preds)

