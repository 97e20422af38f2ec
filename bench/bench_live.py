"""Live probe benchmark (not a test): N getppid() calls untraced vs. under the probe.

    .venv/bin/python bench/bench_live.py [N]

The workload is a small C program (gcc), or a Python loop when gcc is missing.
Under the probe, everything is drained (events decoded into RawEvents).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sysdigpy.probe.bpf import BpfSource  # noqa: E402

C_SRC = """
#include <unistd.h>
#include <stdlib.h>
#include <sys/syscall.h>
int main(int argc, char **argv) {
    long n = atol(argv[1]);
    for (long i = 0; i < n; i++) syscall(SYS_getppid);
    return 0;
}
"""


def workload_cmd(n: int, tmp: Path) -> list[str]:
    if shutil.which("gcc"):
        (tmp / "w.c").write_text(C_SRC)
        subprocess.run(["gcc", "-O2", "-o", str(tmp / "w"), str(tmp / "w.c")], check=True)
        return [str(tmp / "w"), str(n)]
    return [sys.executable, "-c", f"import os\nfor _ in range({n}): os.getppid()"]


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - t


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    with tempfile.TemporaryDirectory() as d:
        cmd = workload_cmd(n, Path(d))
        base = timed(cmd)
        src = BpfSource(ring_pages=8192)
        src.open()
        count = 0
        stop = threading.Event()

        def reader() -> None:
            nonlocal count
            while not stop.is_set():
                count += len(src.read_batch(20))

        th = threading.Thread(target=reader)
        th.start()
        t0 = time.perf_counter()
        traced = timed(cmd)
        while src.stats()["events"] > count + 0 and time.perf_counter() - t0 < traced + 10:
            time.sleep(0.1)  # let the reader catch up with what the kernel wrote
        stop.set()
        th.join()
        count += len(src.read_batch(0))
        elapsed = time.perf_counter() - t0
        stats = src.stats()
        src.close()
    print(f"workload: {' '.join(cmd[:1])} x {n} getppid")
    print(f"untraced: {base:.3f} s   traced: {traced:.3f} s   slowdown: x{traced / base:.1f}")
    loss = stats["drops"] / max(1, stats["events"] + stats["drops"])
    print(f"kernel events: {stats['events']}  drops: {stats['drops']}  read: {count} "
          f"({count / elapsed:,.0f} events/s read)  loss: {loss:.1%}")


if __name__ == "__main__":
    main()
