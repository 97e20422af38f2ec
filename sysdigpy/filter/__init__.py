"""Filter expressions: parse (``parser``) and compile (``compiler``) into event predicates.

The names are loaded on first use, so that importing a submodule (the parser alone, say)
does not pay for the compiler and the field registry.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"FilterError": "sysdigpy.filter.errors", "FilterUsageError": "sysdigpy.filter.compiler",
            "compile_filter": "sysdigpy.filter.compiler"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sysdigpy.filter' has no attribute {name!r}")
