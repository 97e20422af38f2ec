"""RotatingWriter: file names and per-file events exactly as the real sysdig 0.29.3 makes them.

sysdig must be installed: these tests fail (they do not skip) without /usr/bin/sysdig.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rotation import CycleNamer
from sysdigpy.probe.rotation import RotatingWriter
from sysdigpy.probe.scapfile import read_capture

CAPTURES = Path(__file__).resolve().parents[2].parent / "shared" / "captures"
SAMPLE = CAPTURES / "libs_sample.scap"
SYSDIG = "/usr/bin/sysdig"
MAKE_BIG = CAPTURES.parent / "tools" / "make_big_capture.py"
ENV = {**os.environ, "TZ": "UTC"}

OPTION_SETS = [
    ["-e", "100"],
    ["-e", "100", "-W", "3"],
    ["-e", "50", "-W", "4"],
    ["-G", "1"],
    ["-G", "1", "-W", "1"],
    ["-G", "1", "-W", "10", "-C", "1"],
    ["-C", "1"],
    ["-C", "1", "-W", "3"],
    ["-C", "1", "-W", "10"],
    ["-W", "5"],
    ["-e", "200", "-G", "1"],
    ["-e", "100", "-z"],
]
_KEYS = {"-e": "events", "-G": "seconds", "-W": "limit", "-C": "file_size_mb"}


def run_sysdig(src: Path, base: str, opts: list[str], cwd: Path) -> None:
    assert os.path.exists(SYSDIG), f"{SYSDIG} is required by these tests (the reference sysdig 0.29.3)"
    res = subprocess.run([SYSDIG, "-r", str(src), *opts, "-w", base], cwd=cwd, env=ENV, capture_output=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr


def run_ours(src: Path, base: str, opts: list[str], cwd: Path) -> RotatingWriter:
    kwargs: dict[str, int | bool] = {"compress": "-z" in opts}
    for flag, value in zip(opts, opts[1:], strict=False):
        if flag in _KEYS:
            kwargs[_KEYS[flag]] = int(value)
    old = os.getcwd()
    os.chdir(cwd)  # names are relative, as sysdig's are (first_dump.scap goes to the working directory)
    try:
        with RotatingWriter(base, **kwargs) as w:  # type: ignore[arg-type]
            for it in read_capture(str(src)):
                if isinstance(it, CaptureMetadata):
                    w.write_metadata(it)
                else:
                    w.write_event(it)
    finally:
        os.chdir(old)
    return w


def per_file(directory: Path) -> dict[str, int]:
    """file name -> events sysdig 0.29.3 sees in it (ids it knows)."""
    return {p.name: sum(1 for it in read_capture(str(p)) if not isinstance(it, CaptureMetadata)
                        and it.code < LEGACY_EVENT_MAX)
            for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("opts", OPTION_SETS, ids=lambda o: "".join(o))
def test_names_and_counts_like_sysdig(opts: list[str], tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "o").mkdir()
    run_sysdig(SAMPLE, "X", opts, tmp_path / "s")
    run_ours(SAMPLE, "X", opts, tmp_path / "o")
    theirs, ours = per_file(tmp_path / "s"), per_file(tmp_path / "o")
    assert ours == theirs
    assert sum(ours.values()) <= 477


def test_e100_matches_documented_split(tmp_path: Path) -> None:
    run_ours(SAMPLE, "X", ["-e", "100"], tmp_path)
    assert per_file(tmp_path) == {"X0": 99, "X1": 100, "X2": 100, "X3": 100, "X4": 78}


@pytest.mark.parametrize("opts", [["-G", "1"], ["-G", "1", "-W", "1"]], ids=["G1", "G1W1"])
def test_strftime_names_like_sysdig(opts: list[str], tmp_path: Path) -> None:
    (tmp_path / "s").mkdir()
    (tmp_path / "o").mkdir()
    run_sysdig(SAMPLE, "out-%Y%m%d-%H%M%S.scap", opts, tmp_path / "s")
    run_ours(SAMPLE, "out-%Y%m%d-%H%M%S.scap", opts, tmp_path / "o")
    theirs, ours = per_file(tmp_path / "s"), per_file(tmp_path / "o")
    assert "first_dump.scap" in ours
    assert ours == theirs


def test_sysdig_reads_every_rotated_file(tmp_path: Path) -> None:
    w = run_ours(SAMPLE, "X", ["-e", "150"], tmp_path)
    for name in w.files:
        res = subprocess.run([SYSDIG, "-r", str(tmp_path / name)], env=ENV, capture_output=True, timeout=60)
        assert res.returncode == 0 and res.stdout, res.stderr


def test_snapshot_callable_gives_each_file_its_metadata(tmp_path: Path) -> None:
    calls = []

    def snapshot() -> CaptureMetadata:
        calls.append(1)
        return CaptureMetadata(shb_minor=2)

    with RotatingWriter(str(tmp_path / "X"), events=100, snapshot=snapshot) as w:
        for it in read_capture(str(SAMPLE)):
            if isinstance(it, CaptureMetadata):
                w.write_metadata(it)
            else:
                w.write_event(it)
    assert len(w.files) == 5 and len(calls) == 4  # the first file takes write_metadata's
    metas = [next(iter(read_capture(str(tmp_path / f)))) for f in w.files]
    assert metas[0].procs and all(not m.procs for m in metas[1:])


def test_namer_suffix_rules() -> None:
    assert CycleNamer("f", file_size_mb=1, limit=10).name == "f00"
    assert CycleNamer("f", file_size_mb=1, limit=100).name == "f000"
    assert CycleNamer("f", file_size_mb=1).name == "f0"
    assert CycleNamer("f", limit=5).name == "f"
    assert CycleNamer("f", seconds=1, file_size_mb=1, limit=10).name == "f000"
    n = CycleNamer("f", events=2, limit=2)
    names = [n.name] + [n.name for _ in range(8) if n.consider(1, 0)]
    assert names == ["f0", "f1", "f0", "f1", "f0"]


@pytest.fixture(scope="module")
def big_capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("big") / "big.scap"
    subprocess.run([sys.executable, str(MAKE_BIG), str(CAPTURES / "falco_ping_sendto.scap"), str(out),
                    "--events", "40000"], check=True, capture_output=True)
    return out


def test_size_rotation_is_byte_identical_to_sysdig(big_capture: Path, tmp_path: Path) -> None:
    """-C: same split points (zlib's gzoffset emulated) and, for an IL_V2 source, the same bytes."""
    (tmp_path / "s").mkdir()
    (tmp_path / "o").mkdir()
    run_sysdig(big_capture, "B", ["-C", "1"], tmp_path / "s")
    w = run_ours(big_capture, "B", ["-C", "1"], tmp_path / "o")
    assert len(w.files) >= 3
    for name in w.files:
        assert (tmp_path / "o" / name).read_bytes() == (tmp_path / "s" / name).read_bytes(), name
    assert sorted(os.listdir(tmp_path / "s")) == sorted(os.listdir(tmp_path / "o"))
