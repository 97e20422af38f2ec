"""Compare the C engine with the Python engine: ``python -m sysdigpy.fastpath.compare [CAPTURE...]``.

Runs sysdigpy on each capture for a few jobs twice, with SYSDIGPY_FASTPATH=0 (the Python
engine) and SYSDIGPY_FASTPATH=debug (the C engine, which reports where it declines), and
prints, per run, whether the outputs are identical, where the C engine declined, and the
first differing line.  Without arguments: the shared captures and the bundled sample.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JOBS: tuple[tuple[str, ...], ...] = (
    (),
    ("-j",),
    ("-v",),
    ("evt.type=open and fd.name contains /etc",),
    ("proc.name=curl or evt.dir=<",),
    ("fd.type=file and evt.is_io=true",),
    ("not evt.type in (read, write, mmap) and fd.name startswith /",),
)


def captures() -> list[Path]:
    shared = ROOT.parent / "shared" / "captures"
    return sorted(shared.glob("*.scap")) + [ROOT / "samples" / "sample.scap"]


def _run(args: list[str], mode: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, SYSDIGPY_FASTPATH=mode, TZ=os.environ.get("TZ", "UTC"))
    return subprocess.run([sys.executable, "-m", "sysdigpy", *args], capture_output=True, env=env, check=False)


def compare(capture: Path, job: tuple[str, ...]) -> tuple[bool, str]:
    args = ["-r", str(capture), *job]
    ref, fast = _run(args, "0"), _run(args, "debug")
    notes = [ln for ln in fast.stderr.decode(errors="replace").splitlines() if ln.startswith("sysdigpy: fast path")]
    err = "\n".join(ln for ln in fast.stderr.decode(errors="replace").splitlines()
                    if ln not in notes and not ln.startswith("Elapsed time"))
    same = ref.stdout == fast.stdout and ref.returncode == fast.returncode and \
        "\n".join(ln for ln in ref.stderr.decode(errors="replace").splitlines()
                  if not ln.startswith("Elapsed time")).strip() == err.strip()
    detail = "; ".join(n.split(": ", 2)[-1] for n in notes)
    if not same:
        a, b = ref.stdout.splitlines(), fast.stdout.splitlines()
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                detail += f"\n    line {i + 1}:\n    py: {x[:300]!r}\n    c:  {y[:300]!r}"
                break
        else:
            detail += f"\n    lengths {len(a)} / {len(b)}, status {ref.returncode} / {fast.returncode}"
            if ref.stderr != fast.stderr:
                detail += f"\n    stderr py: {ref.stderr[-300:]!r}\n    stderr c:  {err[-300:]!r}"
    return same, detail


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or captures()
    bad = 0
    for cap in paths:
        for job in JOBS:
            same, detail = compare(cap, job)
            bad += not same
            print(f"{'same' if same else 'DIFF'}  {cap.name:40} {' '.join(job):45} {detail}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
