"""More sysdig chisel outputs (oracle/chisels/INDEX.tsv) against ours."""

from __future__ import annotations

import shlex

import pytest

from sysdigpy.chisels.manager import run_chisels
from tests.chisels.test_golden import tie_equal
from tests.golden_modes import CAPTURES
from tests.golden_modes import SHARED

INDEX = SHARED / "oracle" / "chisels" / "INDEX.tsv"
KNOWN: dict[str, str] = {}


def _cases() -> list[object]:
    if not INDEX.is_file():
        return []
    out = []
    for row in INDEX.read_text().splitlines():
        fname, rc, _n, _e, cmd = row.split("\t")
        words = shlex.split(cmd)
        if rc != "0" or "-c" not in words:
            continue
        i = words.index("-c")
        spec = (words[i + 1], words[i + 2] if len(words) > i + 2 else None)
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN[fname])] if fname in KNOWN else []
        out.append(pytest.param(fname, words[2], spec, marks=marks, id=fname))
    return out


@pytest.mark.parametrize(("fname", "capture", "spec"), _cases())
def test_extra(fname: str, capture: str, spec: tuple[str, str | None]) -> None:
    got = run_chisels(str(CAPTURES / capture), [spec]).encode("utf-8", "surrogateescape")
    want = (INDEX.parent / fname).read_bytes()
    assert got == want or tie_equal(want.splitlines(), got.splitlines())
