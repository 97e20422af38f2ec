#!/usr/bin/env python3
"""Read-path benchmark: sysdigpy and sysdig 0.29.3 side by side on a large capture.

Modes: the default output to a file (issue 2), -q, -j (issue 4), a filter (issue 3) and two
chisels (issue 7).  Runs each command (stdout to a file), best wall time of --runs, and the
peak memory of the process; prints a table with the ratio sysdigpy/sysdig.  Not a test.

    python3 bench/bench_read.py [--capture /tmp/big.scap] [--events 1000000] [--runs 3] [--modes default,-j]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MODES = {"default": [], "-q": ["-q"], "-j": ["-j"],
         "filter": ["evt.type=open and fd.name contains /etc"],
         "topfiles_bytes": ["-c", "topfiles_bytes"], "topscalls": ["-c", "topscalls"]}


def ensure_capture(path: Path, events: int) -> None:
    if path.exists():
        return
    subprocess.run([sys.executable, str(SHARED / "tools" / "make_big_capture.py"),
                    str(SHARED / "captures" / "libs_curl_google.scap"), str(path), "--events", str(events)],
                   check=True)


def run(cmd: list[str], out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run (os.wait4 gives that child's own rusage)."""
    env = dict(os.environ, TZ="UTC")
    t0 = time.perf_counter()
    with out.open("wb") as f:
        proc = subprocess.Popen(cmd, stdout=f, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{cmd} failed with status {status}")
    return wall, usage.ru_maxrss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--capture", default="/tmp/big.scap")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--modes", default=",".join(MODES))
    a = ap.parse_args()
    cap = Path(a.capture)
    ensure_capture(cap, a.events)
    # as installed: with bytecode (where PYTHONDONTWRITEBYTECODE is set, runs would compile every module)
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "compileall", "-q", str(ROOT / "sysdigpy")],
                   check=True, stdout=subprocess.DEVNULL)
    sysdig = shutil.which("sysdig")
    ours = str(ROOT / ".venv" / "bin" / "sysdigpy")
    print(f"capture {cap} ({cap.stat().st_size / 1e6:.1f} MB)")
    print(f"{'mode':14} {'sysdig s':>9} {'sysdigpy s':>11} {'ratio':>7} {'sysdig MB':>10} {'sysdigpy MB':>12}")
    for mode in a.modes.split(","):
        args = MODES[mode]
        rows = []
        for cmd in ([sysdig] if sysdig else [None], [ours]):
            if cmd[0] is None:
                rows.append((float("nan"), 0))
                continue
            results = [run([*cmd, "-r", str(cap), *args], Path(f"/tmp/bench_read_{mode}.out"))
                       for _ in range(a.runs)]
            rows.append((min(r[0] for r in results), max(r[1] for r in results)))
        (st, sm), (pt, pm) = rows
        print(f"{mode:14} {st:9.2f} {pt:11.2f} {pt / st:7.2f} {sm / 1024:10.1f} {pm / 1024:12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
