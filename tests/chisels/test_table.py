"""Table chisels' number formatting: LuaJIT's %.2f, which rounds exact ties away from zero."""

from __future__ import annotations

import pytest

from sysdigpy.chisels.table import fixed2
from sysdigpy.chisels.table import format_bytes
from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdig
from tests.golden_modes import run_sysdigpy


@pytest.mark.parametrize(("val", "text"), [(7.125, "7.13"), (0.125, "0.13"), (-7.125, "-7.13"), (7.135, "7.13"),
                                           (12.3456, "12.35"), (0, "0.00"), (1.005, "1.00")])
def test_fixed2_rounds_ties_away_from_zero(val: float, text: str) -> None:
    assert fixed2(val) == text


def test_format_bytes_of_a_tie() -> None:
    assert format_bytes(7296 * 1024) == "7.13M"  # systemd-journal's RSS in falco_syscall.scap


@pytest.mark.parametrize("name", ["falco_syscall", "falco_ping_sendto", "libs_curl_google"])
def test_ps_prints_memory_as_sysdig(name: str) -> None:
    cap = str(CAPTURES / f"{name}.scap")
    want = run_sysdig(["-r", cap, "-c", "ps"]).stdout
    assert run_sysdigpy(["-r", cap, "-c", "ps"]).stdout == want
