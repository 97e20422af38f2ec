"""Live capture benchmark (not a test): workloads untraced vs. under `sysdigpy -w` and other tracers.

    .venv/bin/python bench/bench_live.py [N] [--runs R] [--quick] [--dir DIR]

Workloads: N getppid() calls in a tight C loop (gcc; a Python loop without gcc), and
``dd if=/dev/zero of=/dev/null bs=512 count=N/2``.  For each: the time untraced, under
``sysdigpy -w x.scap`` (everything recorded), under ``sysdigpy -w x.scap evt.type=open``
(kernel-side pushdown), and under ``strace -f -o /dev/null``, ``perf trace -o /dev/null``
and bpftrace printing every syscall when those are installed.  For sysdigpy it prints the
events recorded, events dropped, and the recording rate (events / traced workload time).

``--runs R`` records the full capture R times (drops come and go between runs);
``--quick`` measures only the getppid loop under ``sysdigpy -w``; ``--dir`` is where the
capture files go (default: a temporary directory; its file system type is printed, since
a disk and a tmpfs do not behave alike).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY = "live: probe loaded"
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
BPFTRACE = ("tracepoint:raw_syscalls:sys_enter, tracepoint:raw_syscalls:sys_exit "
            "{ printf(\"%d %d\\n\", pid, args->id); }")


def getppid_cmd(n: int, tmp: Path) -> list[str]:
    if shutil.which("gcc"):
        (tmp / "w.c").write_text(C_SRC)
        subprocess.run(["gcc", "-O2", "-o", str(tmp / "w"), str(tmp / "w.c")], check=True)
        return [str(tmp / "w"), str(n)]
    return [sys.executable, "-c", f"import os\nfor _ in range({n}): os.getppid()"]


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def under_sysdigpy(cmd: list[str], out: Path, *filt: str) -> tuple[float, int, int, int]:
    """(workload seconds, events recorded, drops, file bytes) with `sysdigpy -v -w out FILTER`."""
    rec = subprocess.Popen([sys.executable, "-m", "sysdigpy", "-v", "-w", str(out), *filt], cwd=ROOT,
                           stderr=subprocess.PIPE, text=True)
    assert rec.stderr is not None
    err = []
    for line in rec.stderr:
        err.append(line)
        if line.startswith(READY):
            break
    else:
        raise SystemExit(f"sysdigpy did not start: {''.join(err)}")
    time.sleep(1.0)
    t = timed(cmd)
    time.sleep(0.5)
    rec.send_signal(signal.SIGINT)
    err.append(rec.communicate(timeout=600)[1])
    text = "".join(err)
    m = re.search(r"Driver Events:(\d+)\nDriver Drops:(\d+)", text)
    if not m:
        raise SystemExit(f"no counters from sysdigpy: {text}")
    return t, int(m.group(1)), int(m.group(2)), out.stat().st_size


def under_tracer(name: str, cmd: list[str]) -> float | None:
    if name == "strace" and shutil.which("strace"):
        return timed(["strace", "-f", "-o", "/dev/null", *cmd])
    if name == "perf" and shutil.which("perf"):
        return timed(["perf", "trace", "-o", "/dev/null", *cmd])
    if name == "bpftrace" and shutil.which("bpftrace"):
        bt = subprocess.Popen(["bpftrace", "-e", BPFTRACE], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(8)  # bpftrace compiles and attaches
        t = timed(cmd)
        bt.send_signal(signal.SIGINT)
        bt.wait()
        return t
    return None


def fs_type(path: Path) -> str:
    best, kind = "", "?"
    for line in Path("/proc/self/mounts").read_text().splitlines():
        parts = line.split()
        if len(parts) > 2 and str(path).startswith(parts[1]) and len(parts[1]) > len(best):
            best, kind = parts[1], parts[2]
    return kind


def report(label: str, cmd: list[str], tmp: Path, runs: int = 1, quick: bool = False) -> None:
    base = min(timed(cmd) for _ in range(3))
    print(f"== {label}: untraced {base:.3f} s")
    rates, slow, all_drops = [], [], []
    for _ in range(runs):
        t, ev, drops, size = under_sysdigpy(cmd, tmp / "all.scap")
        rates.append(ev / t)
        slow.append(t / base)
        all_drops.append(drops)
        print(f"  sysdigpy -w (all)          {t:8.3f} s  x{t / base:6.1f}   events {ev:,}  drops {drops:,}  "
              f"{ev / t:,.0f} events/s recorded  file {size / 1e6:.0f} MB", flush=True)
    if runs > 1:
        print(f"  {runs} runs: slowdown median x{sorted(slow)[runs // 2]:.1f} (x{min(slow):.1f}-x{max(slow):.1f}), "
              f"events/s median {sorted(rates)[runs // 2]:,.0f}, drops total {sum(all_drops):,}")
    if quick:
        return
    t, ev, drops, size = under_sysdigpy(cmd, tmp / "open.scap", "evt.type=open")
    print(f"  sysdigpy -w evt.type=open  {t:8.3f} s  x{t / base:6.1f}   events {ev:,}  drops {drops:,}")
    for name in ("strace", "perf", "bpftrace"):
        tt = under_tracer(name, cmd)
        if tt is not None:
            print(f"  {name:<26} {tt:8.3f} s  x{tt / base:6.1f}")
        else:
            print(f"  {name:<26} not installed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=2_000_000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="only the getppid loop under sysdigpy -w")
    ap.add_argument("--dir", type=Path, help="where the capture files go")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root")
    n = args.n
    with tempfile.TemporaryDirectory(dir=args.dir) as d:
        tmp = Path(d)
        print(f"captures in {tmp} ({fs_type(tmp)})")
        report(f"{n:,} getppid", getppid_cmd(n, tmp), tmp, args.runs, args.quick)
        if not args.quick:
            report(f"dd bs=512 count={n // 2:,}", ["dd", "if=/dev/zero", "of=/dev/null", "bs=512",
                                                  f"count={n // 2}"], tmp, args.runs)


if __name__ == "__main__":
    main()
