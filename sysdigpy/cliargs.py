"""The part of sysdig's command line that getopt-style parsers cannot express: ``-c NAME [ARGS]``.

sysdig gives a chisel the *next word* as its argument string when the chisel wants
it (see sysdig-reference §5.2); everything else left over is the filter.  This
pass takes the chisel specs out of argv before click parses the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from sysdigpy.records import Record

ChiselSpec = tuple[str, "str | None"]


class Extracted(Record):
    """What the pass took out of argv (a plain class, not a dataclass: shorter start-up)."""

    _fields = ("argv", "chisels", "list_chisels")

    def __init__(self, argv: list[str], chisels: list[ChiselSpec] | None = None, list_chisels: bool = False) -> None:
        self.argv = argv
        self.chisels: list[ChiselSpec] = [] if chisels is None else chisels
        self.list_chisels = list_chisels


# options of ours that take a value, so that their value is not mistaken for a chisel word or a filter
VALUE_OPTIONS = {"-r", "--readfile", "-p", "--print", "-n", "--numevents", "-M", "-t", "--timetype", "-w",
                 "--writefile", "-C", "--file-size", "-G", "--seconds", "-W", "--limit", "-e", "--event-limit",
                 "-s", "--snaplen", "-i", "--chisel-info"}


def extract_chisels(argv: list[str], takes_arg: Callable[[str, str | None, list[str]], bool]) -> Extracted:
    """Split ``-c NAME [WORD]`` out of argv; ``takes_arg(name, next_word, rest)`` decides on WORD."""
    out = Extracted(argv=[])
    i = 0
    while i < len(argv):
        tok = argv[i]
        if tok in ("-cl", "--list-chisels"):
            out.list_chisels = True
            i += 1
            continue
        if tok in ("-c", "--chisel") or (tok.startswith("-c") and not tok.startswith("--") and len(tok) > 2):
            if tok in ("-c", "--chisel"):
                if i + 1 >= len(argv):
                    out.argv.append(tok)  # let click report the missing value
                    break
                name, i = argv[i + 1], i + 2
            else:
                name, i = tok[2:], i + 1
            if name == "l":
                out.list_chisels = True
                continue
            nxt = argv[i] if i < len(argv) else None
            if takes_arg(name, nxt, _positional(argv[i + 1:])):
                out.chisels.append((name, nxt))
                i += 1
            else:
                out.chisels.append((name, None))
            continue
        out.argv.append(tok)
        if tok in VALUE_OPTIONS and i + 1 < len(argv):
            out.argv.append(argv[i + 1])
            i += 2
            continue
        i += 1
    return out


def _positional(words: list[str]) -> list[str]:
    """The words that would end up in the filter."""
    out = []
    skip = False
    for w in words:
        if skip:
            skip = False
            continue
        if w in VALUE_OPTIONS:
            skip = True
            continue
        if w.startswith("-"):
            continue
        out.append(w)
    return out
