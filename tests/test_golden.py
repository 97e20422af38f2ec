"""Golden tests: sysdigpy prints what sysdig 0.29.3 printed for the shared captures."""

from __future__ import annotations

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import GOLDEN
from tests.golden_modes import argv_for
from tests.golden_modes import manifest_rows
from tests.golden_modes import run_sysdigpy

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


def test_bundled_sample_matches_sysdig() -> None:
    from tests.golden_modes import ROOT

    res = run_sysdigpy(["-r", str(ROOT / "samples" / "sample.scap")])
    assert res.stdout == (ROOT / "tests" / "golden" / "sample" / "default.txt").read_bytes()
