"""Benchmark: the filter ``evt.type=open and fd.name contains /etc`` on /tmp/big.scap, sysdigpy vs sysdig.

Makes the 1M-event capture if it is missing, runs both tools (TZ=UTC, output
discarded) and prints the wall times, the ratio and the matched line counts.
usage: .venv/bin/python bench/bench_filter.py [CAPTURE] [FILTER]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIG = Path("/tmp/big.scap")
SOURCE = Path("/work/shared/captures/libs_curl_google.scap")
MAKER = Path("/work/shared/tools/make_big_capture.py")
FILTER = "evt.type=open and fd.name contains /etc"


def ensure_capture(path: Path) -> None:
    if not path.exists():
        subprocess.run([sys.executable, str(MAKER), str(SOURCE), str(path)], check=True)


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and number of output lines of one run."""
    env = {**os.environ, "TZ": "UTC"}
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start, proc.stdout.count(b"\n")


def main(argv: list[str]) -> None:
    capture = Path(argv[1]) if len(argv) > 1 else BIG
    filter_text = argv[2] if len(argv) > 2 else FILTER
    ensure_capture(capture)
    ours, our_lines = timed([str(ROOT / ".venv" / "bin" / "sysdigpy"), "-r", str(capture), filter_text])
    theirs, their_lines = timed(["sysdig", "-r", str(capture), filter_text])
    print(f"filter:   {filter_text}")
    print(f"capture:  {capture}")
    print(f"sysdigpy: {ours:8.2f} s  {our_lines} lines")
    print(f"sysdig:   {theirs:8.2f} s  {their_lines} lines")
    print(f"ratio:    {ours / theirs if theirs else float('inf'):8.1f}x")


if __name__ == "__main__":
    main(sys.argv)
