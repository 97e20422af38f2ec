"""-w: copies that sysdig 0.29.3 reads back, printing what it prints for the original."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import GOLDEN
from tests.golden_modes import run_sysdigpy

SYSDIG = shutil.which("sysdig") or "/usr/bin/sysdig"
NAMES = sorted(p.name for p in GOLDEN.iterdir()
               if (p / "default.txt").exists() and p.name != "libs_curl_google_comments")


def sysdig(*args: str) -> bytes:
    assert os.path.exists(SYSDIG), "sysdig 0.29.3 must be installed (scripts/setup.sh --dev)"
    return subprocess.run([SYSDIG, *args], capture_output=True, env=dict(os.environ, TZ="UTC"), timeout=120).stdout


CASES = [(n, z) for n in NAMES for z in (False, True)]


@pytest.mark.parametrize("compress", [False, True])
def test_copy_reads_back_in_sysdigpy(tmp_path: Path, compress: bool) -> None:
    out = tmp_path / "copy.scap"
    run_sysdigpy(["-r", str(CAPTURES / "libs_sample.scap"), "-w", str(out), *(["-z"] if compress else [])])
    assert run_sysdigpy(["-r", str(out)]).stdout == (GOLDEN / "libs_sample" / "default.txt").read_bytes()


@pytest.mark.parametrize(("name", "compress"), CASES)
def test_full_copy_reads_back_in_sysdig(tmp_path: Path, name: str, compress: bool) -> None:
    out = tmp_path / "copy.scap"
    res = run_sysdigpy(["-r", str(CAPTURES / f"{name}.scap"), "-w", str(out), *(["-z"] if compress else [])])
    assert res.returncode == 0, res.stderr
    assert res.stdout == b""
    assert sysdig("-r", str(out)) == (GOLDEN / name / "default.txt").read_bytes()
    assert run_sysdigpy(["-r", str(out)]).stdout == (GOLDEN / name / "default.txt").read_bytes()


def test_filtered_copy_keeps_internal_events(tmp_path: Path) -> None:
    out = tmp_path / "switch.scap"
    run_sysdigpy(["-r", str(CAPTURES / "libs_sample.scap"), "-w", str(out), "evt.type=switch"])
    lines = sysdig("-r", str(out)).splitlines()
    assert len(lines) == 228 and all(b" switch " in line for line in lines)
    assert len(sysdig("-r", str(out), "-D").splitlines()) == 303


def test_fatfile_keeps_state_changes_hidden(tmp_path: Path) -> None:
    plain, fat = tmp_path / "plain.scap", tmp_path / "fat.scap"
    cap = str(CAPTURES / "libs_curl_google.scap")
    run_sysdigpy(["-r", cap, "-w", str(plain), "evt.type=read"])
    run_sysdigpy(["-r", cap, "-F", "-w", str(fat), "evt.type=read"])
    p, f = sysdig("-r", str(plain)), sysdig("-r", str(fat))
    assert len(p.splitlines()) == len(f.splitlines())
    assert f.count(b"(<f>/") > p.count(b"(<f>/")  # fds opened by hidden open events resolve


def _without_num(text: bytes) -> list[bytes]:
    return [line.split(b" ", 1)[1] for line in text.splitlines()]


FILTER = "evt.type in (read, write, sendto, recvfrom, connect)"


@pytest.mark.parametrize("name", NAMES)
def test_filtered_gzip_copy_reads_like_the_filter(tmp_path: Path, name: str) -> None:
    """sysdig reading a filtered -z copy (with -F, so fd names still resolve) prints the filter's lines."""
    out = tmp_path / "f.scap"
    cap = str(CAPTURES / f"{name}.scap")
    assert run_sysdigpy(["-r", cap, "-F", "-z", "-w", str(out), FILTER]).returncode == 0
    want = _without_num(sysdig("-r", cap, FILTER))  # evt.num is renumbered in a copy
    assert _without_num(sysdig("-r", str(out))) == want
    assert _without_num(run_sysdigpy(["-r", str(out)]).stdout) == want


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_interrupted_copy_is_complete(tmp_path: Path, sig: str) -> None:
    """Ctrl-C or SIGTERM in the middle of -w leaves a file that reads to its last event, no error."""
    import signal
    import time

    from tests.golden_modes import SYSDIGPY

    big = tmp_path / "big.scap"
    subprocess.run(["python3", str(CAPTURES.parent / "tools" / "make_big_capture.py"),
                    str(CAPTURES / "libs_curl_google.scap"), str(big), "--events", "200000"], check=True,
                   capture_output=True)
    out = tmp_path / "out.scap"
    # a filter on fields (not only event types) takes the decoding path, slow enough to interrupt
    p = subprocess.Popen([*SYSDIGPY, "-r", str(big), "-w", str(out), "proc.name=curl"],
                         stderr=subprocess.PIPE, env=dict(os.environ, TZ="UTC"))
    time.sleep(3)
    p.send_signal(getattr(signal, sig))
    p.wait(timeout=60)
    res = run_sysdigpy(["-r", str(out)])
    assert res.returncode == 0, res.stderr
    assert res.stdout.count(b"\n") > 100
