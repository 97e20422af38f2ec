"""around, httplog, httptop and spectrogram against sysdig 0.29.3's recorded outputs (golden/README.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdig

GOLDEN = Path(__file__).parent / "golden"
SYSDIGPY = Path(sys.executable).parent / "sysdigpy"
SAVED_FORMAT = "%evt.time %evt.cpu %proc.name %thread.tid %evt.dir %evt.type %evt.info"
AROUND = {"libs_sample": ("100", "evt.type=openat"), "libs_curl_google": ("1", "evt.type=connect"),
          "falco_ping_sendto": ("5", "evt.type=sendto")}

pytestmark = pytest.mark.skipif(not CAPTURES.is_dir(), reason="shared captures not available")


def run(*argv: str) -> bytes:
    env = {**os.environ, "TZ": "UTC", "COLUMNS": "80"}
    return subprocess.run([str(SYSDIGPY), *argv], env=env, capture_output=True, check=True).stdout


def golden_cases(prefix: str) -> list[str]:
    return sorted(p.stem for p in GOLDEN.glob(f"{prefix}*__*.txt"))


def split_case(stem: str) -> tuple[list[str], str]:
    """``httptop-time__libs_curl_google`` -> (sysdigpy options, capture)."""
    chisel, capture = stem.split("__")
    name, _, arg = chisel.partition("-")
    if arg == "pc":
        return ["-pc", "-c", name], capture
    return ["-c", name, *([arg] if arg else [])], capture


@pytest.mark.parametrize("stem", golden_cases("http") + golden_cases("spectrogram"))
def test_chisel_output(stem: str) -> None:
    opts, capture = split_case(stem)
    got = run("-r", str(CAPTURES / f"{capture}.scap"), *opts)
    assert got == (GOLDEN / f"{stem}.txt").read_bytes()


@pytest.mark.parametrize("capture", sorted(AROUND))
def test_around(capture: str, tmp_path: Path) -> None:
    dump_range, trigger = AROUND[capture]
    out = tmp_path / "out.scap"
    printed = run("-r", str(CAPTURES / f"{capture}.scap"), "-c", "around", f"{out} {dump_range}", trigger)
    saved = run("-r", str(out), "-p", SAVED_FORMAT)
    got = printed.replace(str(out).encode(), b"OUT") + b"=== saved events\n" + saved
    assert got == (GOLDEN / f"around__{capture}.txt").read_bytes()


def test_around_needs_a_filter(tmp_path: Path) -> None:
    proc = subprocess.run([str(SYSDIGPY), "-r", str(CAPTURES / "libs_sample.scap"), "-c", "around",
                           str(tmp_path / "out.scap")], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "no filter specified\n",
                                                            "init() for chisel around failed.\n")


def test_httptop_rejects_an_unknown_order() -> None:
    proc = subprocess.run([str(SYSDIGPY), "-r", str(CAPTURES / "libs_curl_google.scap"), "-c", "httptop", "foo"],
                          capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        1, "Invalid argument! Valid options: ncalls, bytes, time\n", "set_arg() for chisel httptop failed.\n")


def test_httplog_times_are_dates_with_json() -> None:
    """Chisels read fields as Lua's evt.field() does, whatever -j makes of the same fields."""
    args = ["-r", str(CAPTURES / "libs_curl_google.scap"), "-c", "httplog", "-j"]
    want = run_sysdig(args).stdout
    assert run(*args) == want and want.startswith(b"2018-08-17 ")
