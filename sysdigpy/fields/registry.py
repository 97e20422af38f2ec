"""The field registry: every field declared once.

A field is a name (``proc.name``), a value type (the PT_* name sysdig lists with
``-lv``), a print format, flags, a one-line description and an extractor factory.
The filter compiler, ``-p`` format strings, ``-j``, ``-l`` and the man page all
read this registry; nothing else knows field names.

An extractor factory ``make(ctx, arg)`` is called once, when a filter or a format
is compiled, and returns a getter ``getter(evt) -> value | None``: ``None`` means
the field has no value for this event.  Values are Python ints, bools, strs or
bytes; :func:`to_text` and :func:`to_json` turn them into output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any
from typing import NamedTuple

if TYPE_CHECKING:
    from sysdigpy.events.event import Event
    from sysdigpy.fields.context import FieldContext

Getter = Callable[["Event"], Any]
Factory = Callable[["FieldContext", "str | None"], Getter]

# flags
FILTER_ONLY = "filter_only"  # cannot be printed with -p
ARG_REQUIRED = "arg_required"  # name[ARG] or name.ARG is mandatory
ARG_ALLOWED = "arg_allowed"  # name[ARG] is optional
ARG_INDEX = "arg_index"  # the argument is a number
ARG_DOTTED = "arg_dotted"  # the argument may follow a dot: evt.arg.NAME
HIDDEN = "hidden"  # accepted but not listed by -l (sinsp's EPF_TABLE_ONLY)
PRINT_ONLY = "print_only"  # cannot be used in filters (sinsp's EPF_PRINT_ONLY)
ANY_ANCESTOR = "any_ancestor"  # without an argument, a filter matches any ancestor: see FieldInfo.bind_any

# Any-ancestor fields (proc.apid, proc.aname): ``FieldInfo.bind_any(ctx)`` returns a getter
# ``getter(evt) -> list[value]`` (the process itself excluded, parent first).  A filter
# ``proc.aname=bash`` is true when any listed value matches.  In -p (and with an index)
# the ordinary getter is used: no index means index 0, the process itself.


# NamedTuples rather than frozen dataclasses: the same fields, equality, hash and repr, without the
# code @dataclass compiles for each class at import (start-up).
class FieldClass(NamedTuple):
    """A block of ``-l``: a class of fields."""

    key: str
    name: str  # as -l prints it after "Field Class:"
    desc: str
    qualifier: str = ""  # e.g. "Syscall events only"


class FieldInfo(NamedTuple):
    name: str
    ftype: str  # PT_* type name
    desc: str
    cls: str  # FieldClass key
    make: Factory
    pf: str = "PF_DEC"
    flags: frozenset[str] = frozenset()
    make_any: Factory | None = None

    @property
    def filter_only(self) -> bool:
        return FILTER_ONLY in self.flags

    @property
    def print_only(self) -> bool:
        return PRINT_ONLY in self.flags

    @property
    def hidden(self) -> bool:
        return HIDDEN in self.flags

    def bind(self, ctx: FieldContext, arg: str | None = None) -> Getter:
        return self.make(ctx, arg)

    def bind_any(self, ctx: FieldContext) -> Getter:
        """For ANY_ANCESTOR fields without argument: a getter returning every ancestor's value."""
        if self.make_any is None:
            raise TypeError(f"{self.name} has no any-ancestor form")
        return self.make_any(ctx, None)


CLASSES: dict[str, FieldClass] = {}
REGISTRY: dict[str, FieldInfo] = {}


def field_class(key: str, name: str, desc: str, qualifier: str = "") -> FieldClass:
    fc = CLASSES[key] = FieldClass(key, name, desc, qualifier)
    return fc


def field(name: str, ftype: str, desc: str, *, cls: str, pf: str = "PF_DEC",
          flags: tuple[str, ...] = (), make_any: Factory | None = None) -> Callable[[Factory], Factory]:
    """Declare a field; decorates its extractor factory."""

    def register(make: Factory) -> Factory:
        if name in REGISTRY:
            raise ValueError(f"field {name} declared twice")
        REGISTRY[name] = FieldInfo(name, ftype, desc, cls, make, pf, frozenset(flags), make_any)
        return make

    return register


def no_value(_ctx: FieldContext, _arg: str | None) -> Getter:
    """Factory of fields sysdigpy cannot compute from a capture (plugins, k8s, probes): always None."""
    return lambda _e: None


class Declarer:
    """Declares a module's fields in -l order, taking each extractor from ``impls`` by name."""

    def __init__(self, impls: dict[str, Factory], anys: dict[str, Factory] | None = None) -> None:
        self.impls = impls
        self.anys = anys or {}

    def __call__(self, name: str, ftype: str, desc: str, *, cls: str, pf: str = "PF_DEC",
                 flags: tuple[str, ...] = ()) -> None:
        make_any = self.anys.get(name)
        if make_any is not None:
            flags = (*flags, ANY_ANCESTOR)
        field(name, ftype, desc, cls=cls, pf=pf, flags=flags, make_any=make_any)(self.impls.get(name, no_value))


def implements(impls: dict[str, Factory], *names: str) -> Callable[[Factory], Factory]:
    """Register a factory as the extractor of ``names`` (declared later with a Declarer)."""

    def register(make: Factory) -> Factory:
        for n in names:
            impls[n] = make
        return make

    return register


def simple(fn: Callable[[Event], Any]) -> Factory:
    """A factory for fields whose getter needs neither context nor argument."""
    return lambda _ctx, _arg: fn


class UnknownField(LookupError):
    """A field name the registry does not know."""


def lookup(text: str) -> tuple[FieldInfo, str | None, int]:
    """Find the field that ``text`` starts with (longest name wins).

    Returns the field, its argument (``[ARG]``, or ``.ARG`` for dotted fields) and the
    number of characters of ``text`` consumed.  Raises UnknownField.
    """
    _load()
    for name in _names_by_length():
        if text.startswith(name):
            fi = REGISTRY[name]
            nxt = text[len(name):len(name) + 1]
            if not nxt or not _namechar(nxt) or (nxt == "." and ARG_DOTTED in fi.flags):
                return _with_arg(fi, text)
    raise UnknownField(text.split()[0] if text.split() else text)


def _with_arg(fi: FieldInfo, text: str) -> tuple[FieldInfo, str | None, int]:
    used = len(fi.name)
    rest = text[used:]
    arg: str | None = None
    if rest.startswith("[") and (ARG_REQUIRED in fi.flags or ARG_ALLOWED in fi.flags):
        end = rest.find("]")
        if end < 0:
            raise UnknownField(text)
        arg = rest[1:end]
        used += end + 1
    elif rest.startswith(".") and ARG_DOTTED in fi.flags:
        n = 1
        while n < len(rest) and _namechar(rest[n]):
            n += 1
        arg = rest[1:n]
        used += n
    if ARG_REQUIRED in fi.flags and not arg:
        raise UnknownField(f"{fi.name} requires an argument")
    return fi, arg, used


def _namechar(c: str) -> bool:
    return c.isalnum() or c in "._"


_SORTED: list[str] = []


def _names_by_length() -> list[str]:
    if len(_SORTED) != len(REGISTRY):
        _SORTED[:] = sorted(REGISTRY, key=len, reverse=True)
    return _SORTED


_LOADED = False


def _load() -> None:
    """Import the modules that declare fields (once)."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    from sysdigpy.fields import all_fields  # noqa: F401


def get(name: str) -> FieldInfo:
    _load()
    return REGISTRY[name]


def all_fields() -> list[FieldInfo]:
    _load()
    return list(REGISTRY.values())
