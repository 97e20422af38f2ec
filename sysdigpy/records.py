"""A base for plain record classes: the ``__eq__`` and ``__repr__`` @dataclass would generate.

@dataclass compiles an ``__init__``, ``__repr__`` and ``__eq__`` for every class when its module is
imported (~0.4 ms a class); the records every run builds at start-up write their ``__init__`` by
hand and take the other two from here.  ``_fields`` lists the fields in order, as the dataclass
did (equality compares them as a tuple, and only between instances of the same class).
"""

from __future__ import annotations

from typing import ClassVar


class Record:
    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value: unhashable, like the dataclass

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({inner})"
