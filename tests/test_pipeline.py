"""Pipeline: with -D, internal events the filter rejected still reach the output, as sinsp::next hands them out."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdig
from tests.golden_modes import run_sysdigpy

NAMES = sorted(p.stem for p in CAPTURES.glob("*.scap") if p.stem != "libs_curl_google_comments")  # 0.29.3 refuses it


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("args", [["-D", "proc.name=nonexistent"], ["-D", "evt.type=open"],
                                  ["-D", "-S", "evt.type=open"], ["-D", "-c", "topscalls", "evt.type=open"]])
def test_debug_shows_filtered_internal_events_as_sysdig(name: str, args: list[str]) -> None:
    cap = str(CAPTURES / f"{name}.scap")
    want = run_sysdig(["-r", cap, *args]).stdout
    got = run_sysdigpy(["-r", cap, *args]).stdout
    if "topscalls" in args:  # rows with equal counts come out of a Lua hash in sysdig
        want_lines, got_lines = want.splitlines(), got.splitlines()
        assert want_lines[:2] == got_lines[:2] and sorted(want_lines) == sorted(got_lines)
    else:
        assert got == want


def test_a_debug_copy_keeps_what_a_plain_copy_keeps(tmp_path: Path) -> None:
    cap = str(CAPTURES / "libs_sample.scap")
    plain, debug = tmp_path / "plain.scap", tmp_path / "debug.scap"
    run_sysdigpy(["-r", cap, "-n", "1000000", "-w", str(plain), "evt.type=open"])
    run_sysdigpy(["-r", cap, "-D", "-w", str(debug), "evt.type=open"])
    assert debug.read_bytes() == plain.read_bytes()
