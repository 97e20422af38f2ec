"""Errors raised by the filter front end (parser) and back end (compiler).

Every filter error knows the filter text and a **0-based** column into it (the
same convention as :attr:`sysdigpy.filter.ast.Check.pos`, so the compiler can pass
``check.pos`` straight through).  ``str(err)`` is one line and shows the column
**1-based**, the way editors and compilers number columns::

    filter error at column 10: unknown operator '~'

``err.caret()`` returns the filter text and a ``^`` under the offending column.
"""

from __future__ import annotations

__all__ = ["FilterError", "FilterSyntaxError"]


class FilterError(Exception):
    """Base class of every error in a filter expression (syntax, field, type)."""

    def __init__(self, message: str, text: str = "", column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.column = max(0, column)

    def __str__(self) -> str:
        return f"filter error at column {self.column + 1}: {self.message}"

    def caret(self) -> str:
        """Two lines: the filter text (control characters shown as spaces) and a caret."""
        shown = "".join(" " if not ch.isprintable() else ch for ch in self.text)
        return f"{shown}\n{' ' * self.column}^"


class FilterSyntaxError(FilterError):
    """The filter text does not follow the grammar (raised by ``parse``)."""
