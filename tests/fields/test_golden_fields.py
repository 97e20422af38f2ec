"""The -p/-j field modes of the golden oracle, and the numbered cases that print fields.

Every capture of ../shared/oracle/golden is run with the p_basic, p_star_fd, p_proc, p_evt
and json_p format strings; the cases of cases.tsv that use -p or -j are run as recorded.
"""

from __future__ import annotations

import shlex

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import GOLDEN
from tests.golden_modes import SHARED
from tests.golden_modes import argv_for
from tests.golden_modes import manifest_rows
from tests.golden_modes import run_sysdigpy

FIELD_MODES = {"p_basic", "p_star_fd", "p_proc", "p_evt", "json_p"}
CASES = SHARED / "oracle" / "cases"

# sysdig 0.29.3 aborts on these (sysdig-reference §0.18): the outputs record a crash, not fields.
# We print the value instead, so they are not compared; test_crashing_fields_print_a_value checks that.
CRASHING = {
    "%evt.rawarg.fd": "sysdig aborts with 'wrong event type 14' (PT_FD raw argument)",
    "%evt.rawarg.tuple": "sysdig aborts with 'wrong event type 13' (PT_SOCKTUPLE raw argument)",
    "-j %evt.rawarg.res": "sysdig -j aborts with 'wrong event type 11' (PT_ERRNO raw argument)",
}


def test_the_field_oracle_is_there() -> None:
    assert len(manifest_rows(FIELD_MODES)) >= 8 * len(FIELD_MODES)


@pytest.mark.parametrize(("capture", "mode", "args"), manifest_rows(FIELD_MODES))
def test_field_mode_same_as_sysdig(capture: str, mode: str, args: str) -> None:
    res = run_sysdigpy(["-r", str(CAPTURES / f"{capture}.scap"), *argv_for(mode, args)])
    assert res.returncode == 0, res.stderr
    want = (GOLDEN / capture / f"{mode}.txt").read_bytes()
    assert res.stdout.splitlines() == want.splitlines()


def _field_cases() -> list[tuple[str, str, str]]:
    table = CASES / "cases.tsv"
    if not table.exists():
        return []
    rows = []
    for line in table.read_text().splitlines()[1:]:
        cid, capture, rc, _n, _md5, _err, args = (line.split("\t") + [""] * 7)[:7]
        words = shlex.split(args)
        if rc == "0" and any(w in ("-p", "-j", "-pc") or w.startswith("-p") for w in words):
            rows.append((cid, capture, args))
    return rows


def _crashing(args: str) -> str | None:
    for pattern, why in CRASHING.items():
        parts = pattern.split()
        if all(p in args for p in parts):
            return why
    return None


@pytest.mark.parametrize(("cid", "capture", "args"), _field_cases())
def test_numbered_case(cid: str, capture: str, args: str) -> None:
    why = _crashing(args)
    if why:
        pytest.skip(why)
    res = run_sysdigpy(["-r", str(CAPTURES / capture), *shlex.split(args)])
    assert res.returncode == 0, res.stderr
    want = (CASES / f"{cid}.txt").read_bytes()
    assert res.stdout.splitlines() == want.splitlines()


@pytest.mark.parametrize("fmt", ["%evt.num %evt.rawarg.fd", "%evt.num %evt.rawarg.tuple"])
def test_crashing_fields_print_a_value(fmt: str) -> None:
    """Where sysdig 0.29.3 aborts (CRASHING), sysdigpy prints the raw argument."""
    res = run_sysdigpy(["-r", str(CAPTURES / "falco_connect_localhost.scap"), "-p", fmt, "evt.type=connect"])
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines and all(len(ln.split(b" ", 1)) == 2 for ln in lines)
