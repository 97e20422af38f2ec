"""The numbered conformance cases of ../shared/oracle/cases (sysdig 0.29.3's outputs, byte for byte).

Two cases record 0.29.3 filter-parser bugs that sysdigpy does not reproduce (it follows current
falcosecurity/libs): C47 (`and`/`or` mixed without parentheses is an error in 0.29.3) and C48
(`intersects` parsed as a broken `in`).  For those the test checks what current libs does.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import SHARED
from tests.golden_modes import run_sysdigpy

CASES = SHARED / "oracle" / "cases"
# top-N tables order equal values arbitrarily; netstat's rows come out of a Lua hash of a C++ map
TIED = {"C36", "C37", "C46", "C51"}


def rows() -> list[tuple[str, str, int, str]]:
    out = []
    for line in (CASES / "cases.tsv").read_text().splitlines()[1:]:
        cid, capture, rc, _n, _md5, _err, args = line.split("\t")[:7]
        out.append((cid, capture, int(rc), args))
    return out


def test_cases_are_there() -> None:
    assert len(rows()) >= 50


def _argv(cid: str, capture: str, args: str) -> list[str]:
    if cid == "C52":
        return ["-r", str(CAPTURES / capture), "-r", str(CAPTURES / "falco_connect_localhost.scap")]
    return ["-r", str(CAPTURES / capture), *shlex.split(args)]


KNOWN: dict[str, str] = {}


def _param(row: tuple[str, str, int, str]) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[row[0]])] if row[0] in KNOWN else []
    return pytest.param(*row, marks=marks)


@pytest.mark.parametrize(("cid", "capture", "rc", "args"),
                         [_param(r) for r in rows() if r[0] not in ("C47", "C48", "C53")])
def test_case(cid: str, capture: str, rc: int, args: str) -> None:
    res = run_sysdigpy(_argv(cid, capture, args))
    assert res.returncode == rc, res.stderr
    want = (CASES / f"{cid}.txt").read_bytes().splitlines()
    got = res.stdout.splitlines()
    if cid in TIED:
        assert sorted(got) == sorted(want) or [g.split()[:1] for g in got] == [w.split()[:1] for w in want]
    else:
        assert got == want


def test_c47_mixed_and_or_follows_current_libs() -> None:
    """0.29.3 rejects it; current libs binds `and` tighter than `or`."""
    cap = str(CAPTURES / "libs_sample.scap")
    mixed = run_sysdigpy(["-r", cap, "evt.type=open or evt.type=close and proc.name=sysdig"])
    explicit = run_sysdigpy(["-r", cap, "evt.type=open or (evt.type=close and proc.name=sysdig)"])
    assert mixed.returncode == 0 and mixed.stdout == explicit.stdout


def test_c48_intersects_follows_current_libs() -> None:
    cap = str(CAPTURES / "libs_sample.scap")
    inter = run_sysdigpy(["-r", cap, "evt.type intersects (open)"])
    assert inter.returncode == 0 and inter.stdout == run_sysdigpy(["-r", cap, "evt.type in (open)"]).stdout


def test_c53_filtered_copy_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "rt.scap"
    assert run_sysdigpy(["-r", str(CAPTURES / "libs_sample.scap"), "-w", str(out), "evt.type=switch"]).returncode == 0
    res = run_sysdigpy(["-r", str(out)])
    assert res.stdout.splitlines() == (CASES / "C53.txt").read_bytes().splitlines()
