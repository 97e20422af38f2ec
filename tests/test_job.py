"""Job: runs that look at nothing but event ids are counted by id, and print what decoding prints."""

from __future__ import annotations

import io

import pytest

from sysdigpy.format.writer import Output
from sysdigpy.job import Job
from sysdigpy.runconfig import Config
from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdigpy

NAMES = sorted(p.stem for p in CAPTURES.glob("*.scap"))
DECODE = ["-n", "100000000"]  # -n makes the run decode every event (the reference path)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("args", [["-c", "topscalls"], ["-c", "topscalls", "evt.dir=<"],
                                  ["-c", "topscalls", "-j"], ["-c", "topscalls", "evt.type in (open, read, mmap)"],
                                  ["-c", "topscalls", "not evt.type=procinfo and evt.dir=>"]])
def test_counting_chisels_print_what_decoding_prints(name: str, args: list[str]) -> None:
    cap = str(CAPTURES / f"{name}.scap")
    fast, slow = run_sysdigpy(["-r", cap, *args]), run_sysdigpy(["-r", cap, *DECODE, *args])
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert fast.stdout.count(b"\n") >= 2  # the header at least


@pytest.mark.parametrize("name", NAMES)
def test_quiet_counts_what_decoding_counts(name: str) -> None:
    cap = str(CAPTURES / f"{name}.scap")
    fast, slow = run_sysdigpy(["-r", cap, "-q", "-v"]), run_sysdigpy(["-r", cap, *DECODE, "-q", "-v"])
    count = [ln for ln in fast.stderr.splitlines() if ln.startswith(b"Elapsed time")]
    assert count and count[0].split(b"Captured Events: ")[1].split(b",")[0] == \
        [ln for ln in slow.stderr.splitlines() if ln.startswith(b"Elapsed time")][0].split(
            b"Captured Events: ")[1].split(b",")[0]
    assert fast.returncode == slow.returncode


def test_a_cut_capture_counts_and_fails_like_decoding(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = (CAPTURES / "falco_syscall.scap").read_bytes()
    cut = tmp_path / "cut.scap"
    cut.write_bytes(data[:len(data) // 2])
    for args in (["-q", "-v"], ["-c", "topscalls"]):
        fast, slow = run_sysdigpy(["-r", str(cut), *args]), run_sysdigpy(["-r", str(cut), *DECODE, *args])
        assert fast.returncode == slow.returncode == 1
        assert fast.stdout == slow.stdout
        strip = [ln for ln in fast.stderr.splitlines() if not ln.startswith(b"Elapsed")]
        assert strip == [ln for ln in slow.stderr.splitlines() if not ln.startswith(b"Elapsed")]


@pytest.mark.parametrize(("chisels", "filter_text", "by_id"), [
    ([], "", True),
    ([("topscalls", None)], "", True),
    ([("topscalls", None)], "evt.type=open or evt.dir=<", True),
    ([("topscalls", None)], "proc.name=curl", False),  # needs state
    ([("topfiles_bytes", None)], "", False),  # fd.name, fd.type: state
    ([("topscalls", None), ("topscalls_time", None)], "", False),  # evt.latency: state
])
def test_which_runs_count_by_id(chisels: list[tuple[str, str | None]], filter_text: str, by_id: bool) -> None:
    cfg = Config(readfiles=(str(CAPTURES / "falco_syscall.scap"),), filter_text=filter_text, quiet=not chisels,
                 chisels=chisels)
    job = Job(cfg, Output(io.BytesIO()))
    assert job._count_by_id() is by_id


def _captured(stderr: bytes) -> bytes:
    lines = [ln for ln in stderr.splitlines() if ln.startswith(b"Elapsed time")]
    assert lines, stderr[-300:]
    return lines[-1].split(b"Captured Events: ")[1].split(b",")[0]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("args", [[], ["evt.dir=<"], ["-D", "evt.dir=<"], ["-q", "evt.type=open"], ["-n", "40"],
                                  ["-j", "proc.name=curl"]], ids=repr)
def test_captured_events_count_what_sysdig_handed_out(name: str, args: list[str]) -> None:
    """-v's count: the events that passed the filter (-D's internal ones too), without the container
    events that open a capture (sysdig consumes those while opening it)."""
    from tests.golden_modes import run_sysdig

    cap = str(CAPTURES / f"{name}.scap")
    # sysdig 0.29.3 refuses the copy with pcapng comments; it holds the events of the capture it copies
    ref_cap = str(CAPTURES / f"{name.removesuffix('_comments')}.scap")
    ref = run_sysdig(["-r", ref_cap, "-v", *args])
    assert ref.returncode == 0, ref.stderr[-300:]
    assert _captured(run_sysdigpy(["-r", cap, "-v", *args]).stderr) == _captured(ref.stderr)
