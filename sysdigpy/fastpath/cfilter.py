"""Filters the C engine evaluates itself: the AST as a program for filter.c.

Only filters whose every check reads one of a few fields with a plain operator are
translated; for any other, :func:`program` returns None and the run stays in Python.
The order of ``and``/``or`` operands is the compiled order of sysdigpy.filter.compiler
(event-type checks first, the rest in source order), so the C engine evaluates, and
short-circuits, exactly the checks the Python predicate does.
"""

from __future__ import annotations

import struct

from sysdigpy.events.flagtables import SYSCALL_NAMES
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import codes_for_name
from sysdigpy.filter.ast import And
from sysdigpy.filter.ast import Check
from sysdigpy.filter.ast import Node
from sysdigpy.filter.ast import Not

AND, OR, NOT, CHECK, TYPE = 1, 2, 3, 4, 5
STR_FIELDS = {"evt.dir": 1, "proc.name": 2, "fd.name": 3, "fd.type": 4}
BOOL_FIELDS = {"evt.is_io": 5, "evt.is_io_read": 6, "evt.is_io_write": 7}
STR_OPS = {"=": 1, "!=": 2, "contains": 3, "startswith": 4, "endswith": 5, "in": 6, "intersects": 6}
BOOL_OPS = {"=": 1, "!=": 2, "in": 6, "intersects": 6}
BOOLS = {"true": "1", "false": "0", "1": "1", "0": "0"}
TYPE_OPS = ("=", "!=", "in", "intersects")
EXISTS = 7
_GENERIC_MAX = 1


class _Unsupported(Exception):
    pass


def program(text: str) -> bytes | None:
    """The filter.c program of a filter the Python compiler accepted, or None."""
    # imported here: the parser brings in lark (~30 ms), which a run without a filter never needs
    from sysdigpy.filter.parser import parse

    try:
        node = parse(text)
        out: list[bytes] = []
        _emit(node, out)
    except Exception:  # noqa: BLE001 - _Unsupported, or anything unexpected: the Python path decides
        return None
    return b"".join(out)


def _word(v: int) -> bytes:
    return struct.pack("<I", v)


def _string(s: str) -> bytes:
    b = s.encode("utf-8", "surrogateescape")
    return _word(len(b)) + b + b"\0" * (-len(b) % 4)


def _cheap(n: Node) -> bool:
    """What the compiler moves first: pure event-type checks (and not/and/or of them only)."""
    if isinstance(n, Check):
        return n.field == "evt.type" and n.arg is None and n.op in TYPE_OPS
    if isinstance(n, Not):
        return _cheap(n.child)
    return all(_cheap(c) for c in n.children)


def _emit(n: Node, out: list[bytes]) -> None:
    if isinstance(n, Check):
        _check(n, out)
        return
    if isinstance(n, Not):
        out.append(_word(NOT))
        _emit(n.child, out)
        return
    kids = [c for c in n.children if _cheap(c)] + [c for c in n.children if not _cheap(c)]
    out.append(_word(AND if isinstance(n, And) else OR) + _word(len(kids)))
    for c in kids:
        _emit(c, out)


def _check(c: Check, out: list[bytes]) -> None:
    if c.arg is not None:
        raise _Unsupported
    if c.op == "exists" and (c.field in STR_FIELDS or c.field in BOOL_FIELDS):
        field = STR_FIELDS.get(c.field) or BOOL_FIELDS[c.field]
        out.append(_word(CHECK) + _word(field) + _word(EXISTS) + _word(0))
        return
    if c.value is None:
        raise _Unsupported
    values = c.value if isinstance(c.value, tuple) else (c.value,)
    if c.field == "evt.type" and c.op in TYPE_OPS:
        _event_type(c.op, values, out)
        return
    if c.field in STR_FIELDS and c.op in STR_OPS:
        field, op, vals = STR_FIELDS[c.field], STR_OPS[c.op], list(values)
    elif c.field in BOOL_FIELDS and c.op in BOOL_OPS:
        if any(v not in BOOLS for v in values):
            raise _Unsupported
        field, op, vals = BOOL_FIELDS[c.field], BOOL_OPS[c.op], [BOOLS[v] for v in values]
    else:
        raise _Unsupported
    out.append(_word(CHECK) + _word(field) + _word(op) + _word(len(vals)))
    out.extend(_string(v) for v in vals)


def _event_type(op: str, names: tuple[str, ...], out: list[bytes]) -> None:
    codes = bytearray(len(EVENT_TABLE))
    for name in names:
        for code in codes_for_name(name):
            if code > _GENERIC_MAX:
                codes[code] = 1
    generic = sorted(set(names) & set(SYSCALL_NAMES.values()))
    out.append(_word(TYPE) + _word(int(op == "!=")) + bytes(codes) + b"\0" * (-len(codes) % 4))
    out.append(_word(len(generic)))
    out.extend(_string(g) for g in generic)
