"""Every row of the oracle's filter-examples.tsv through the CLI: sysdig 0.29.3's line count.

Rows where 0.29.3 is buggy (and/or mixing, ``intersects``, ``==``, ``bcontains``,
``not not``) follow current falcosecurity/libs instead: the test asserts that our
result equals the one of an equivalent filter 0.29.3 handles, and says why.
Rows whose field is not in the registry fail (the field registry is
being completed separately); they turn into real checks as soon as it has them.
"""

from __future__ import annotations

import csv
import os
import subprocess

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import ROOT
from tests.golden_modes import SHARED

SYSDIGPY = ROOT / ".venv" / "bin" / "sysdigpy"
EXAMPLES = SHARED / "oracle" / "filter-examples.tsv"

# id -> (equivalent filter in 0.29.3's language, why we differ from 0.29.3)
LIBS_SEMANTICS = {
    "F33": ("evt.type=open", "0.29.3 evaluates 'not not X' as 'not X'; libs: double negation is X"),
    "F53": ("evt.type=open", "'==' is not an operator in 0.29.3 (value '=open'); libs: '==' is '='"),
    "F54": ("evt.type in (open)", "0.29.3 lexes 'intersects' as 'in'+junk; libs: intersects = in for single values"),
    "F55": ("evt.type contains op", "no bcontains in 0.29.3; libs: binary substring, 6f70 = 'op'"),
    "F56": ("evt.type=open or (evt.type=close and proc.name=x)",
            "0.29.3 rejects mixing and/or; libs: 'and' binds tighter than 'or'"),
}


def _rows() -> list[dict[str, str]]:
    if not EXAMPLES.exists():
        return []
    with EXAMPLES.open(newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def sysdigpy(capture: str, filter_text: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "UTC"}
    return subprocess.run([str(SYSDIGPY), "-r", str(CAPTURES / capture), filter_text],
                          capture_output=True, text=True, errors="surrogateescape", env=env, timeout=300)


def _lines(out: str) -> int:
    return len(out.splitlines())


def _skip_missing_field(proc: subprocess.CompletedProcess[str]) -> None:
    assert "unrecognized field" not in proc.stderr, proc.stderr


# Known differences (issue 3), expected to fail until the field is fixed (strict).
KNOWN = {
}


def _marked(row: dict[str, str]) -> object:
    reason = KNOWN.get(row["id"])
    return pytest.param(row, id=row["id"], marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [])


@pytest.mark.parametrize("row", [_marked(r) for r in _rows()])
def test_filter_example(row: dict[str, str]) -> None:
    proc = sysdigpy(row["file"], row["filter"])
    _skip_missing_field(proc)
    if row["id"] in LIBS_SEMANTICS:
        equivalent, _why = LIBS_SEMANTICS[row["id"]]
        ref = sysdigpy(row["file"], equivalent)
        _skip_missing_field(ref)
        assert proc.returncode == 0, proc.stderr
        assert _lines(proc.stdout) == _lines(ref.stdout)
        return
    if row["rc"] != "0":
        # sysdig exits 1; we exit 2 (bad filter = usage error) with a one-line message and a caret
        assert proc.returncode == 2, proc.stderr
        assert proc.stdout == ""
        assert proc.stderr.startswith("filter error at column ")
        assert proc.stderr.rstrip("\n").endswith("^")
        return
    assert proc.returncode == 0, proc.stderr
    assert _lines(proc.stdout) == int(row["lines"])
