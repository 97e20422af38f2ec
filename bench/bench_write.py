#!/usr/bin/env python3
"""Write-path benchmark: `sysdigpy -r X -w Y` and `sysdig -r X -w Y` side by side.

Jobs: a full copy, a copy filtered on `evt.type=open` (both tools keep internal events
too), and the same two with -z.  Best wall time of --runs, output sizes, and whether
sysdig 0.29.3 reads our copy back.  Not a test: run it by hand.

    python3 bench/bench_write.py [--capture /tmp/big.scap] [--runs 3]
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
JOBS = {"full copy": [], "evt.type=open": ["evt.type=open"], "full copy -z": ["-z"],
        "evt.type=open -z": ["-z", "evt.type=open"]}


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=dict(os.environ, TZ="UTC"), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def reads_back(sysdig: str, path: str) -> bool:
    r = subprocess.run([sysdig, "-r", path, "-n", "1000"], capture_output=True, env=dict(os.environ, TZ="UTC"))
    return r.returncode == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--capture", default="/tmp/big.scap")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if not Path(a.capture).exists():
        subprocess.run([sys.executable, str(SHARED / "tools" / "make_big_capture.py"),
                        str(SHARED / "captures" / "libs_curl_google.scap"), a.capture], check=True)
    sysdig = shutil.which("sysdig") or "sysdig"
    ours = str(ROOT / ".venv" / "bin" / "sysdigpy")
    print(f"input: {a.capture} ({os.path.getsize(a.capture):,} bytes)")
    print(f"{'job':18} {'sysdigpy s':>10} {'sysdig s':>9} {'ratio':>7} {'our bytes':>12} {'sysdig bytes':>13} "
          f"{'sysdig reads ours':>18}")
    for job, args in JOBS.items():
        mine, theirs = "/tmp/bench_write_ours.scap", "/tmp/bench_write_sysdig.scap"
        t_ours = min(timed([ours, "-r", a.capture, "-w", mine, *args]) for _ in range(a.runs))
        t_sys = min(timed([sysdig, "-r", a.capture, "-w", theirs, *args]) for _ in range(a.runs))
        print(f"{job:18} {t_ours:10.2f} {t_sys:9.2f} {t_ours / t_sys:6.2f}x {os.path.getsize(mine):12,} "
              f"{os.path.getsize(theirs):13,} {str(reads_back(sysdig, mine)):>18}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
