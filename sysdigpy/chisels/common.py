"""Helpers shared by the chisels: sysdig's ansiterminal colors and Lua value formatting."""

from __future__ import annotations

from typing import Any

COLORS = {"reset": 0, "red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35, "cyan": 36}


class Terminal:
    """ansiterminal.lua: color codes, or empty strings once colors are disabled."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled

    def color(self, name: str) -> str:
        return f"\x1b[{COLORS[name]}m" if self.enabled else ""

    @property
    def reset(self) -> str:
        return self.color("reset")

    @property
    def red(self) -> str:
        return self.color("red")

    @property
    def green(self) -> str:
        return self.color("green")

    @property
    def blue(self) -> str:
        return self.color("blue")

    @property
    def yellow(self) -> str:
        return self.color("yellow")

    @property
    def cyan(self) -> str:
        return self.color("cyan")


def lua_str(v: Any) -> str:
    """What Lua's tostring / ``..`` make of a field value (numbers are doubles, ``%.14g``)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return "%.14g" % float(v)
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode("utf-8", "surrogateescape")
    if v is None:
        return "nil"
    return str(v)


def lua_int(v: float) -> int:
    """string.format("%d", x) on a Lua number: truncation toward zero."""
    return int(v)


def clean(name: str) -> str:
    """sinsp_fdinfo::tostring_clean: drop every non-printable character."""
    return "".join(c for c in name if " " <= c <= "~")


def parse_numeric(val: str, name: str) -> float:
    """common.lua parse_numeric_input: prints ``Input NAME must be a number.`` and exits 0."""
    try:
        return float(val)
    except ValueError:
        print(f"Input {name} must be a number.", flush=True)
        raise SystemExit(0) from None
