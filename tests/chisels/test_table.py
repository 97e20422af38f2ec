"""Table chisels' number formatting: LuaJIT's %.2f, which rounds exact ties away from zero."""

from __future__ import annotations

import os
import subprocess

import pytest

from sysdigpy.chisels.table import fixed2
from sysdigpy.chisels.table import format_bytes
from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdigpy


@pytest.mark.parametrize(("val", "text"), [(7.125, "7.13"), (0.125, "0.13"), (-7.125, "-7.13"), (7.135, "7.13"),
                                           (12.3456, "12.35"), (0, "0.00"), (1.005, "1.00")])
def test_fixed2_rounds_ties_away_from_zero(val: float, text: str) -> None:
    assert fixed2(val) == text


def test_format_bytes_of_a_tie() -> None:
    assert format_bytes(7296 * 1024) == "7.13M"  # systemd-journal's RSS in falco_syscall.scap


@pytest.mark.parametrize("name", ["falco_syscall", "falco_ping_sendto", "libs_curl_google"])
def test_ps_prints_memory_as_sysdig(name: str) -> None:
    assert os.path.exists("/usr/bin/sysdig"), "sysdig 0.29.3 is needed (scripts/setup.sh --dev installs it)"
    cap = str(CAPTURES / f"{name}.scap")
    want = subprocess.run(["/usr/bin/sysdig", "-r", cap, "-c", "ps"], capture_output=True,
                          env=dict(os.environ, TZ="UTC"), timeout=60).stdout
    assert run_sysdigpy(["-r", cap, "-c", "ps"]).stdout == want
