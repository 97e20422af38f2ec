"""Golden outputs of the filter modes (f_*) recorded from sysdig 0.29.3 for every shared capture."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import GOLDEN
from tests.golden_modes import ROOT

SYSDIGPY = ROOT / ".venv" / "bin" / "sysdigpy"
MODES = ("f_open", "f_failed", "f_fdfile", "f_net", "f_not", "f_contains", "f_glob", "f_exists")


def _cases() -> list[tuple[str, str, int, str]]:
    cases = []
    for manifest in sorted(GOLDEN.glob("*/MANIFEST.tsv")):
        for row in manifest.read_text().splitlines():
            mode, rc, _lines, args = (row.split("\t") + ["", "", "", ""])[:4]
            if mode in MODES:
                cases.append((manifest.parent.name, mode, int(rc), args))
    return cases


@pytest.mark.parametrize(("capture", "mode", "rc", "args"), _cases(), ids=lambda v: str(v))
def test_golden_filter(capture: str, mode: str, rc: int, args: str) -> None:
    env = {**os.environ, "TZ": "UTC"}
    proc = subprocess.run([str(SYSDIGPY), "-r", str(CAPTURES / f"{capture}.scap"), args],
                          capture_output=True, env=env, timeout=300)
    if capture == "libs_curl_google_comments":
        # sysdig 0.29.3 refuses this capture (pcapng options); its events are libs_curl_google's
        capture, rc = "libs_curl_google", 0
    assert proc.returncode == rc, proc.stderr
    want = (GOLDEN / capture / f"{mode}.txt").read_bytes()
    assert proc.stdout.splitlines() == want.splitlines()
