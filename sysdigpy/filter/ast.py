r"""Abstract syntax tree of a filter expression.

Nodes are frozen value objects (written out rather than made by @dataclass, which compiles
their methods at every start-up; they behave the same: equality, hash, repr, no assignment).
``str(node)`` renders a canonical filter string
that ``parse`` turns back into an equal tree (``Check.pos`` is excluded from
equality), and ``node.dump()`` renders an indented tree for debugging.

* ``And(children)`` / ``Or(children)``: two or more operands, in source order.
  A chain ``a and b and c`` is one ``And`` with three children, while a
  parenthesised ``(a and b) and c`` keeps its nesting.
* ``Not(child)``: ``not not x`` is ``Not(Not(x))`` (current libs semantics).
* ``Check(field, arg, op, value, pos)``: one comparison.  ``op`` is one of
  :data:`OPERATORS` (``==`` is normalised to ``=``); ``value`` is ``None`` for
  ``exists``, a tuple of strings for :data:`LIST_OPERATORS`, a string otherwise.

Strings (values and ``arg``) stand for bytes: ``s.encode("utf-8", "surrogateescape")``
(the parser decodes ``\xHH`` escapes that way).  Rendering escapes ``\``, ``"``,
lone surrogates U+DC80-U+DCFF and non-printable characters as ``\xHH`` bytes, so
``str(node)`` is a single printable line.
"""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from typing import ClassVar

__all__ = [
    "And",
    "BINARY_OPERATORS",
    "Check",
    "LIST_OPERATORS",
    "Node",
    "Not",
    "OPERATORS",
    "Or",
    "UNARY_OPERATORS",
    "render_string",
]

BINARY_OPERATORS: tuple[str, ...] = (
    "=", "!=", "<", "<=", ">", ">=",
    "contains", "icontains", "bcontains",
    "startswith", "bstartswith", "endswith",
    "glob", "iglob",
)  # fmt: skip
LIST_OPERATORS: tuple[str, ...] = ("in", "intersects", "pmatch")
UNARY_OPERATORS: tuple[str, ...] = ("exists",)
OPERATORS: tuple[str, ...] = BINARY_OPERATORS + LIST_OPERATORS + UNARY_OPERATORS

# Must agree with BARE / LIST_BARE / field-argument bare strings in grammar.lark.
_BARE = re.compile(r"[^\s()\"'][^\s()]*")
_LIST_BARE = re.compile(r"[^\s()\"',][^\s(),]*")
_ARG_BARE = re.compile(r"[^\s\[\]\"']+")


def _needs_escape(ch: str) -> bool:
    return not ch.isprintable() or "\udc80" <= ch <= "\udcff"


def _escape_char(ch: str) -> str:
    if ch in '\\"':
        return "\\" + ch
    if "\udc80" <= ch <= "\udcff":
        return f"\\x{ord(ch) - 0xDC00:02x}"
    if not _needs_escape(ch):
        return ch
    try:
        return "".join(f"\\x{byte:02x}" for byte in ch.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate outside U+DC80-U+DCFF: keep it literally
        return ch


def render_string(value: str, bare: re.Pattern[str] = _BARE) -> str:
    """Render ``value`` bare when the grammar reads it back unchanged, else double-quoted."""
    if bare.fullmatch(value) and not any(_needs_escape(ch) for ch in value):
        return value
    return '"' + "".join(_escape_char(ch) for ch in value) + '"'


class _Node:
    """Behaviour shared by every node (``Node`` is the union of the concrete classes).

    What ``@dataclass(frozen=True)`` gives: ``_fields`` in order (the repr), ``_compared`` those that
    equality and the hash look at; nodes of different classes are never equal.
    """

    _fields: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()

    def _set(self, **values: object) -> None:
        """Set the fields at construction (assignment is refused afterwards)."""
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({inner})"

    def dump(self, indent: int = 0) -> str:
        """Indented tree, one node per line."""
        raise NotImplementedError

    def _operand(self) -> str:
        """Render as an operand of an And/Or, parenthesising a nested And/Or."""
        return f"({self})" if isinstance(self, (And, Or)) else str(self)


class Check(_Node):
    """``FIELD[ARG] OP VALUE``; ``pos`` is the 0-based column of FIELD in the filter text."""

    _fields = ("field", "arg", "op", "value", "pos")
    _compared = ("field", "arg", "op", "value")  # not pos

    field: str
    arg: str | None
    op: str
    value: str | tuple[str, ...] | None
    pos: int

    def __init__(self, field: str, arg: str | None, op: str, value: str | tuple[str, ...] | None,
                 pos: int = 0) -> None:
        self._set(field=field, arg=arg, op=op, value=value, pos=pos)
        if op not in OPERATORS:
            raise ValueError(f"unknown operator {op!r}")
        expected: type = tuple if op in LIST_OPERATORS else str
        if op in UNARY_OPERATORS:
            expected = type(None)
        if not isinstance(value, expected):
            raise TypeError(f"operator {op!r} needs a {expected.__name__} value")

    @property
    def field_text(self) -> str:
        """The field as written in a filter, argument included (``proc.aname[2]``)."""
        if self.arg is None:
            return self.field
        return f"{self.field}[{render_string(self.arg, _ARG_BARE)}]"

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.field_text} {self.op}"
        if isinstance(self.value, tuple):
            items = ", ".join(render_string(v, _LIST_BARE) for v in self.value)
            return f"{self.field_text} {self.op} ({items})"
        return f"{self.field_text} {self.op} {render_string(self.value)}"

    def dump(self, indent: int = 0) -> str:
        return f"{'  ' * indent}Check {self} @{self.pos}"


class Not(_Node):
    """Logical negation."""

    _fields = _compared = ("child",)

    child: Node

    def __init__(self, child: Node) -> None:
        self._set(child=child)

    def __str__(self) -> str:
        if isinstance(self.child, (And, Or)):
            return f"not ({self.child})"
        return f"not {self.child}"

    def dump(self, indent: int = 0) -> str:
        return f"{'  ' * indent}Not\n{self.child.dump(indent + 1)}"


class _BoolOp(_Node):
    _fields = _compared = ("children",)

    children: tuple[Node, ...]

    keyword = ""

    def __init__(self, children: tuple[Node, ...]) -> None:
        self._set(children=children)
        if len(children) < 2:
            raise ValueError(f"{type(self).__name__} needs at least two children")

    def __str__(self) -> str:
        return f" {self.keyword} ".join(c._operand() for c in self.children)

    def dump(self, indent: int = 0) -> str:
        lines = [f"{'  ' * indent}{type(self).__name__}"]
        lines += [c.dump(indent + 1) for c in self.children]
        return "\n".join(lines)


class And(_BoolOp):
    """Conjunction of two or more operands."""

    keyword = "and"


class Or(_BoolOp):
    """Disjunction of two or more operands."""

    keyword = "or"


Node = And | Or | Not | Check
