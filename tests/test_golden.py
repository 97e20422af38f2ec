"""Golden tests: sysdigpy prints what sysdig 0.29.3 printed for the shared captures and the bundled sample."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import GOLDEN
from tests.golden_modes import ROOT
from tests.golden_modes import argv_for
from tests.golden_modes import manifest_rows
from tests.golden_modes import run_sysdigpy

SAMPLE = ROOT / "samples" / "sample.scap"
SAMPLE_GOLDEN = ROOT / "tests" / "golden" / "sample"
SYSDIG = shutil.which("sysdig") or "/usr/bin/sysdig"
MODES = {"default", "verbose", "debug", "time_a", "time_r", "time_d", "time_D", "summary",
         "json", "ascii", "hex", "hexascii", "base64"}


def test_the_oracle_is_there() -> None:
    assert len(manifest_rows(MODES)) >= 8 * len(MODES), "../shared/oracle/golden is missing"


@pytest.mark.parametrize(("capture", "mode", "args"), manifest_rows(MODES))
def test_same_output_as_sysdig(capture: str, mode: str, args: str) -> None:
    res = run_sysdigpy(["-r", str(CAPTURES / f"{capture}.scap"), *argv_for(mode, args)])
    assert res.returncode == 0, res.stderr
    want = (GOLDEN / capture / f"{mode}.txt").read_bytes()
    assert res.stdout.splitlines() == want.splitlines()


def test_pcapng_options_in_section_header_are_skipped() -> None:
    """sysdig 0.29.3 refuses this file; current libs reads it, and so do we."""
    res = run_sysdigpy(["-r", str(CAPTURES / "libs_curl_google_comments.scap")])
    assert res.returncode == 0, res.stderr
    assert res.stdout == (GOLDEN / "libs_curl_google" / "default.txt").read_bytes()


def sample_rows() -> list[tuple[str, str]]:
    """(mode, args) of tests/golden/sample/MANIFEST.tsv: what tools/record_sample.py recorded from sysdig."""
    rows = []
    for line in (SAMPLE_GOLDEN / "MANIFEST.tsv").read_text().splitlines():
        mode, _rc, _n, args = (line.split("\t") + ["", "", "", ""])[:4]
        rows.append((mode, args))
    return rows


def test_the_sample_has_its_golden_outputs() -> None:
    assert {m for m, _ in sample_rows()} >= {"default", "verbose"}


@pytest.mark.parametrize(("mode", "args"), sample_rows())
def test_bundled_sample_matches_sysdig(mode: str, args: str) -> None:
    res = run_sysdigpy(["-r", str(SAMPLE), *shlex.split(args)])
    assert res.returncode == 0, res.stderr
    assert res.stdout == (SAMPLE_GOLDEN / f"{mode}.txt").read_bytes()


@pytest.mark.parametrize(("mode", "args"), sample_rows())
def test_sample_golden_outputs_are_sysdigs(mode: str, args: str) -> None:
    """The golden outputs are what sysdig 0.29.3 prints for the sample now (re-record them with
    ``tools/record_sample.py --golden-only`` after changing the sample)."""
    assert os.path.exists(SYSDIG), "sysdig 0.29.3 must be installed (scripts/setup.sh --dev)"
    res = subprocess.run([SYSDIG, "-r", str(SAMPLE), *shlex.split(args)], capture_output=True,
                         env=dict(os.environ, TZ="UTC"), timeout=120, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert res.stdout == (SAMPLE_GOLDEN / f"{mode}.txt").read_bytes()
