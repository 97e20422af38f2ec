"""-p format strings: compiled once into literal and field pieces.

``*%evt.num %proc.name`` → a leading ``*`` keeps lines whose fields are missing
(printing ``<NA>``); without it such a line is dropped.  ``%NNfield`` pads or cuts
the value to NN characters.  ``\\n``, ``\\t``, ``\\e``, ``\\\\`` are interpreted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from typing import NamedTuple

from sysdigpy.errors import UsageError
from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import FieldInfo
from sysdigpy.fields.registry import UnknownField
from sysdigpy.fields.registry import lookup

DEFAULT_FORMAT = "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info"
TTY_FORMAT = ("*%evt.num %evt.outputtime %evt.cpu \x1b[01;32m%proc.name\x1b[00m (\x1b[01;36m%proc.pid\x1b[00m."
              "%thread.tid) %evt.dir \x1b[01;34m%evt.type\x1b[00m %evt.info")
CONTAINER_FORMAT = ("*%evt.num %evt.outputtime %evt.cpu %container.name (%container.id) %proc.name "
                    "(%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info")


class FormatError(UsageError):
    """A -p format that cannot be compiled."""


# NamedTuples rather than frozen dataclasses: the same fields, equality, hash and repr, without the
# code @dataclass compiles for each class at import (start-up).
class Piece(NamedTuple):
    """One token of a format: literal text (field None) or a field with its getter."""

    text: str  # the literal, or the token as written (e.g. "proc.aname[2]")
    field: FieldInfo | None = None
    getter: Callable[[Event], Any] | None = None
    width: int = 0


class Format(NamedTuple):
    pieces: tuple[Piece, ...]
    require_all: bool

    @property
    def fields(self) -> list[Piece]:
        return [p for p in self.pieces if p.field is not None]


def resets_colours(print_format: str | None, isatty: bool) -> bool:
    """Whether sysdig ends its output with ``\\x1b[00m``: when its output format (or the plugin
    format, which -pc leaves alone) holds an escape sequence, as the terminal formats do."""
    if print_format and print_format not in ("c", "container"):
        return "\x1b" in unescape(print_format)
    return isatty


def unescape(fmt: str) -> str:
    out = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c == "\\" and i + 1 < len(fmt) and fmt[i + 1] in "nte\\":
            out.append({"n": "\n", "t": "\t", "e": "\x1b", "\\": "\\"}[fmt[i + 1]])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def compile_format(fmt: str, ctx: FieldContext) -> Format:
    if fmt == "":
        raise FormatError("empty formatting token")
    require_all = not fmt.startswith("*")
    if not require_all:
        fmt = fmt[1:]
    pieces: list[Piece] = []
    lit_start = 0
    j = 0
    n = len(fmt)
    while j < n:
        if fmt[j] != "%":
            j += 1
            continue
        if lit_start != j:
            pieces.append(Piece(fmt[lit_start:j]))
        if j == n - 1:
            raise FormatError("invalid formatting syntax: formatting cannot end with a %")
        k = j + 1
        while k < n and fmt[k].isdigit():
            k += 1
        width = int(fmt[j + 1:k]) if k > j + 1 else 0
        if k == n:
            raise FormatError("invalid formatting syntax: formatting cannot end with a number")
        try:
            fi, arg, used = lookup(fmt[k:])
        except UnknownField:
            raise FormatError(f"invalid formatting token {fmt[k:]}") from None
        if fi.filter_only:
            raise FormatError(f"{fi.name} is filter only and cannot be used as a display field")
        pieces.append(Piece(fmt[k:k + used], fi, fi.bind(ctx, arg), width))
        j = k + used
        lit_start = j
    if lit_start != n:
        pieces.append(Piece(fmt[lit_start:]))
    return Format(tuple(pieces), require_all)
