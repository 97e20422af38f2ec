"""Write speed: sysdigpy's reader + ScapWriter against `sysdig -r X -w Y`.

Make the input first:
    python3 /work/shared/tools/make_big_capture.py /work/shared/captures/libs_curl_google.scap /tmp/big.scap
then: python bench/bench_write.py [/tmp/big.scap]

Two jobs: a full copy, and a copy keeping only open/openat events (by event code:
the filter language is not wired in yet; sysdig runs `evt.type=open`, which also
keeps the EC_INTERNAL events, so the outputs differ in size).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.scapfile import read_capture
from sysdigpy.probe.scapwriter import ScapWriter

OPEN_CODES = frozenset(e.code for e in EVENT_TABLE if e.name in ("open", "openat"))


def copy(src: str, dst: str, keep: Callable[[RawEvent], bool] | None) -> tuple[int, int]:
    with ScapWriter(dst) as w:
        for it in read_capture(src):
            if isinstance(it, CaptureMetadata):
                w.write_metadata(it)
            elif keep is None or keep(it):
                w.write_event(it)
    return w.events_written, w.bytes_written


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def run_sysdig(src: str, dst: str, *filt: str) -> float:
    t, res = timed(lambda: subprocess.run(["sysdig", "-r", src, "-w", dst, *filt], capture_output=True,
                                          env={**os.environ, "TZ": "UTC"}))
    assert isinstance(res, subprocess.CompletedProcess) and res.returncode == 0, res
    return t


def main() -> None:
    src = sys.argv[1] if len(sys.argv) > 1 else "/tmp/big.scap"
    rows = []
    t_ours, (n, size) = timed(lambda: copy(src, "/tmp/bench_copy.scap", None))  # type: ignore[misc]
    t_sys = run_sysdig(src, "/tmp/out.scap")
    rows.append(("full copy", t_ours, t_sys, n, size, os.path.getsize("/tmp/out.scap")))
    t_ours, (n, size) = timed(lambda: copy(src, "/tmp/bench_open.scap",  # type: ignore[misc]
                                           lambda e: e.code in OPEN_CODES))
    t_sys = run_sysdig(src, "/tmp/out2.scap", "evt.type=open")
    rows.append(("open/openat only", t_ours, t_sys, n, size, os.path.getsize("/tmp/out2.scap")))
    print(f"input: {src} ({os.path.getsize(src):,} bytes)")
    head = ("job", "sysdigpy s", "sysdig s", "ratio", "events", "our bytes", "sysdig bytes")
    print("{:<18}{:>12}{:>10}{:>8}{:>10}{:>13}{:>14}".format(*head))
    for job, ours, theirs, n, size, ssize in rows:
        print(f"{job:<18}{ours:>12.2f}{theirs:>10.2f}{ours / theirs:>7.1f}x{n:>10,}{size:>13,}{ssize:>14,}")


if __name__ == "__main__":
    main()
