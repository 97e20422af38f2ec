"""sysdig's chisel outputs (golden-chisels) against ours, compared as conformance.py --chisels does."""

from __future__ import annotations

import pytest

from sysdigpy.chisels.manager import discover
from sysdigpy.chisels.manager import run_chisels
from tests.golden_modes import CAPTURES
from tests.golden_modes import SHARED

ORACLE = SHARED / "oracle" / "golden-chisels"


def tie_equal(want: list[bytes], got: list[bytes]) -> bool:
    if sorted(want) == sorted(got):
        return True

    def first(line: bytes) -> bytes:
        return line.split(None, 1)[0] if line.strip() else b""

    return len(want) == len(got) and [first(w) for w in want] == [first(g) for g in got]


def _cases() -> list[tuple[str, str, str]]:
    if not ORACLE.is_dir():
        return []
    names = set(discover())
    cases = []
    for manifest in sorted(ORACLE.glob("*/MANIFEST.tsv")):
        for row in manifest.read_text().splitlines():
            mode, rc, _n, args = (row.split("\t") + ["", "", "", ""])[:4]
            if rc == "0" and args.split(" ")[0] in names:
                cases.append((manifest.parent.name, mode, args))
    return cases


# Known differences, each expected to fail until fixed (strict: a fix makes the test say so).
KNOWN: dict[str, str] = {}


def _marked(capture: str, mode: str, args: str) -> object:
    reason = KNOWN.get(mode) or KNOWN.get(f"{capture}/{mode}")
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(capture, mode, args, marks=marks)


@pytest.mark.parametrize(("capture", "mode", "args"), [_marked(*c) for c in _cases()])
def test_golden(capture: str, mode: str, args: str) -> None:
    name, _, rest = args.partition(" ")
    got = run_chisels(str(CAPTURES / f"{capture}.scap"), [(name, rest or None)])
    want = (ORACLE / capture / f"{mode}.txt").read_bytes()
    got_b = got.encode("utf-8", "surrogateescape")
    assert got_b == want or tie_equal(want.splitlines(), got_b.splitlines())
