"""The C decoder of event-block runs yields what the per-block Python decoder yields, errors included."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from sysdigpy import native
from sysdigpy.errors import CaptureFormatError
from sysdigpy.probe import readblocks
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.scapfile import read_capture
from tests.golden_modes import CAPTURES
from tests.probe.blockbytes import nth_v1_block
from tests.probe.blockbytes import plain

NAMES = sorted(p.stem for p in CAPTURES.glob("*.scap"))


def items(path: Path, monkeypatch: pytest.MonkeyPatch, c: bool) -> tuple[list[object], str | None]:
    """What the reader yields (events as (bytes, cpu, flags)) and the error it ends with."""
    monkeypatch.setenv("SYSDIGPY_NO_CEXT", "0" if c else "1")
    native._loaded.clear()
    out: list[object] = []
    error = None
    try:
        for it in read_capture(str(path)):
            out.append((it.data, it.cpu, it.flags) if isinstance(it, RawEvent) else type(it).__name__)
    except CaptureFormatError as exc:
        error = str(exc)
    native._loaded.clear()
    return out, error


def test_the_c_helper_builds() -> None:
    assert readblocks.batch_decoder() is not None, "a C compiler is needed for the reader's helper (gcc)"


@pytest.mark.parametrize("name", NAMES)
def test_c_and_python_decoders_agree(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = items(CAPTURES / f"{name}.scap", monkeypatch, True), items(CAPTURES / f"{name}.scap",
                                                                             monkeypatch, False)
    assert fast == slow and len(fast[0]) > 1


def test_v2_and_large_events_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy written by sysdigpy has v2 blocks (EVF and LARGE among them in falco captures)."""
    from tests.golden_modes import run_sysdigpy

    out = tmp_path / "v2.scap"
    assert run_sysdigpy(["-r", str(CAPTURES / "falco_cat_write.scap"), "-w", str(out)]).returncode == 0
    assert items(out, monkeypatch, True) == items(out, monkeypatch, False)


@pytest.mark.parametrize("cut", [100, 1000, 5001, 20000, 33333])
def test_a_cut_capture_agrees(tmp_path: Path, cut: int, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cut.scap"
    path.write_bytes(plain("libs_curl_google")[:cut])
    fast = items(path, monkeypatch, True)
    assert fast == items(path, monkeypatch, False) and fast[1] is not None


@pytest.mark.parametrize("field", ["v1_param_len", "v2_len_short", "block_too_short"])
def test_damaged_blocks_are_left_to_the_python_decoder(tmp_path: Path, field: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytearray(plain("libs_curl_google"))
    p, hdr = nth_v1_block(data, 10)
    if field == "v1_param_len":
        struct.pack_into("<H", data, p + 8 + hdr + 22, 0xFFF0)
    elif field == "v2_len_short":  # make it a v2 block whose event length is under the header's
        struct.pack_into("<I", data, p, 0x216)
        struct.pack_into("<I", data, p + 8 + hdr + 16, 10)
    else:
        struct.pack_into("<I", data, p + 4, 20)
    path = tmp_path / "bad.scap"
    path.write_bytes(bytes(data))
    fast, slow = items(path, monkeypatch, True), items(path, monkeypatch, False)
    assert fast == slow
    assert fast[1] is not None and len(fast[0]) >= 10  # a one-line error after the events before the damage


@pytest.mark.parametrize(("dst", "batch"), [(200, 4096), (1 << 20, 3)])
def test_full_buffers_hand_over_to_the_python_decoder(dst: int, batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Events that do not fit the decode buffer, and batch ends, read the same."""
    monkeypatch.setattr(readblocks, "DST_SIZE", dst)
    monkeypatch.setattr(readblocks, "MAX_BATCH", batch)
    path = CAPTURES / "libs_curl_google.scap"
    assert items(path, monkeypatch, True) == items(path, monkeypatch, False)
