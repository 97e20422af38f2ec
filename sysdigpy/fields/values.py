"""Turning field values into text (-p, the default line) and JSON (-j)."""

from __future__ import annotations

from typing import Any

from sysdigpy.fields.registry import FieldInfo


def to_text(fi: FieldInfo, value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if fi.pf == "PF_HEX":
            return "%X" % (value & 0xFFFFFFFFFFFFFFFF)
        if fi.pf == "PF_OCT":
            return "%o" % value
        if fi.pf == "PF_10_PADDED_DEC":
            return "%09d" % value
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return str(value)


def to_json(fi: FieldInfo, value: Any) -> Any:
    """A value as sysdig's -j writes it: numbers for decimal integer fields, else text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and fi.pf in ("PF_DEC", "PF_ID", "PF_NA", "PF_10_PADDED_DEC"):
        return value
    if isinstance(value, float):  # PT_DOUBLE (thread.cpu, proc.fdusage): sysdig 0.29.3 aborts on these
        return value
    return to_text(fi, value)
