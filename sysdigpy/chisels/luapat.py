"""Lua patterns (string.find/match) translated to Python regular expressions."""

from __future__ import annotations

import re

CLASSES = {"a": "[A-Za-z]", "d": "[0-9]", "l": "[a-z]", "s": r"\s", "u": "[A-Z]", "w": "[A-Za-z0-9]",
           "x": "[A-Fa-f0-9]", "p": r"[!-/:-@\[-`{-~]", "c": r"[\x00-\x1f\x7f]",
           "A": "[^A-Za-z]", "D": "[^0-9]", "L": "[^a-z]", "S": r"\S", "U": "[^A-Z]", "W": "[^A-Za-z0-9]"}


def to_regex(pat: str) -> str:
    out = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if c == "%" and i + 1 < len(pat):
            n = pat[i + 1]
            out.append(CLASSES.get(n, re.escape(n)))
            i += 2
            continue
        if c == "-":
            out.append("*?")
        elif c in ".[]^$*+?()":
            out.append(c)
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)
