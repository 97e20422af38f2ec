"""Shared helpers of the golden tests: the reference outputs of sysdig 0.29.3 in ../shared."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLDEN = SHARED / "oracle" / "golden"
CAPTURES = SHARED / "captures"
SYSDIGPY = [str(ROOT / ".venv" / "bin" / "sysdigpy")] if (ROOT / ".venv" / "bin" / "sysdigpy").exists() \
    else ["python3", "-m", "sysdigpy"]


def manifest_rows(modes: set[str]) -> list[tuple[str, str, str]]:
    """(capture, mode, args) of every recorded run of ``modes`` that sysdig completed."""
    rows = []
    for cap_dir in sorted(GOLDEN.iterdir()):
        manifest = cap_dir / "MANIFEST.tsv"
        if not manifest.exists():
            continue
        for line in manifest.read_text().splitlines():
            mode, rc, _n, args = (line.split("\t") + ["", "", "", ""])[:4]
            if mode in modes and rc == "0":
                rows.append((cap_dir.name, mode, args))
    return rows


SYSDIG = Path("/usr/bin/sysdig")


def run_sysdig(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """The reference sysdig 0.29.3, run as run_sysdigpy runs ours; a missing sysdig fails the test."""
    assert SYSDIG.exists(), "sysdig 0.29.3 is needed (scripts/setup.sh --dev installs it)"
    return subprocess.run([str(SYSDIG), *args], capture_output=True, env=dict(os.environ, TZ="UTC"), timeout=120)


def run_sysdigpy(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, TZ="UTC")
    return subprocess.run(SYSDIGPY + args, capture_output=True, env=env, timeout=120, cwd=ROOT)


def argv_for(mode: str, args: str) -> list[str]:
    return [args] if mode.startswith("f_") else shlex.split(args)
