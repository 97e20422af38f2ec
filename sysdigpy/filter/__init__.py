"""Filter expressions: parse (``parser``) and compile (``compiler``) into event predicates."""

from sysdigpy.filter.compiler import FilterUsageError
from sysdigpy.filter.compiler import compile_filter
from sysdigpy.filter.errors import FilterError

__all__ = ["FilterError", "FilterUsageError", "compile_filter"]
