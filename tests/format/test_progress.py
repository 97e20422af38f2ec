"""-P: the progress line on stderr, as sysdig 0.29.3 writes it."""

from __future__ import annotations

import io
from pathlib import Path

from sysdigpy.format.progress import Progress
from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdigpy


def test_copy_ends_with_sysdigs_progress_line(tmp_path: Path) -> None:
    res = run_sysdigpy(["-r", str(CAPTURES / "libs_sample.scap"), "-w", str(tmp_path / "x.scap"), "evt.type=switch"])
    assert res.stderr == b"\r\r\r100.00\n"  # oracle case C53's stderr


def test_progress_every_10000_events() -> None:
    class E:
        num = 0

    out = io.StringIO()
    pos = iter([1.0, 1.05, 2.5])
    p = Progress(lambda: next(pos), out)
    for n in (10000, 20000, 25000, 30000):
        E.num = n
        p.on_event(E)  # type: ignore[arg-type]
    p.finish()
    assert out.getvalue() == "\r\r1.00\r    \r2.50\r    \r    \r100.00\n"
