"""Filters that only look at the event code: the set of ids they keep, for bulk copies.

``evt.type`` and ``evt.dir`` depend on nothing but the event id (generic syscall events
aside), so a filter made only of such checks keeps a fixed set of ids.  ``-r IN -w OUT``
with such a filter copies event blocks by id without decoding them.
"""

from __future__ import annotations

from collections.abc import Callable

from sysdigpy.events.flagtables import PPM_SC_MAX
from sysdigpy.events.flagtables import syscall_name
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.filter.ast import And
from sysdigpy.filter.ast import Check
from sysdigpy.filter.ast import Node
from sysdigpy.filter.ast import Not
from sysdigpy.filter.ast import Or
from sysdigpy.filter.parser import parse

FIELDS = {"evt.type", "evt.dir"}
OPS = {"=", "!=", "in"}


def _code_only(node: Node) -> bool:
    if isinstance(node, (And, Or)):
        return all(_code_only(c) for c in node.children)
    if isinstance(node, Not):
        return _code_only(node.child)
    return isinstance(node, Check) and node.field in FIELDS and node.arg is None and node.op in OPS


def _eval(node: Node, name: str, direction: str) -> bool:
    if isinstance(node, And):
        return all(_eval(c, name, direction) for c in node.children)
    if isinstance(node, Or):
        return any(_eval(c, name, direction) for c in node.children)
    if isinstance(node, Not):
        return not _eval(node.child, name, direction)
    assert isinstance(node, Check)
    have = name if node.field == "evt.type" else direction
    values = node.value if isinstance(node.value, tuple) else (node.value,)
    hit = have in values
    return not hit if node.op == "!=" else hit


def name_test(text: str) -> Callable[[str, str], bool] | None:
    """A filter on evt.type/evt.dir only as a test of (evt.type, evt.dir); None when it looks at more."""
    tree = parse(text)
    if not _code_only(tree):
        return None
    return lambda name, direction: _eval(tree, name, direction)


def keep_mask(text: str) -> tuple[bytes, bytes] | None:
    """(one byte per event id, one per syscall code), or None when the filter looks at more.

    An event id's byte is 1 (keep) or 0; 2 for generic syscall events, kept when the byte of
    their syscall code is 1.

    Internal events and the events sysdig never numbers (meta and container events) are
    always kept, as a -w copy keeps them whatever the filter says.
    """
    tree = parse(text)
    if not _code_only(tree):
        return None
    mask = bytearray(len(EVENT_TABLE))
    sc_keep = {d: bytearray(PPM_SC_MAX) for d in "><"}
    for sc in range(PPM_SC_MAX):  # codes without a name are "<NA>", as evt.type says
        for d in "><":
            sc_keep[d][sc] = _eval(tree, syscall_name(sc), d)
    if sc_keep[">"] != sc_keep["<"] and any(sc_keep[">"]) and any(sc_keep["<"]):
        return None  # generic enter and exit would need different syscall masks
    for e in EVENT_TABLE:
        if e.internal or e.code >= LEGACY_EVENT_MAX or e.name == "container":
            mask[e.code] = 1
        elif e.code <= 1:
            mask[e.code] = 2 if any(sc_keep[e.direction]) else 0
        else:
            mask[e.code] = _eval(tree, e.name, e.direction)
    return bytes(mask), bytes(sc_keep[">"] if any(sc_keep[">"]) else sc_keep["<"])
