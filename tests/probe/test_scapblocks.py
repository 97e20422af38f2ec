"""The bulk copy of event blocks: the C walk and the Python walk agree, and copies read back right."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import pytest

from sysdigpy.filter.codes import keep_mask
from sysdigpy.probe import scapblocks as sb
from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdigpy

EVENT_BLOCKS = {0x204, 0x208, 0x8010ABCD, 0x216, 0x217, 0x221, 0x222}
NAMES = sorted(p.stem for p in CAPTURES.glob("*.scap"))
FILTERS = [None, "evt.type=open", "evt.type in (mmap, read) and evt.dir=<", "not evt.type=mprotect"]


def events_area(name: str) -> tuple[bytes, int]:
    data = (CAPTURES / f"{name}.scap").read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    p = 0
    while struct.unpack_from("<I", data, p)[0] not in EVENT_BLOCKS:
        p += struct.unpack_from("<I", data, p + 4)[0]
    return data, p


def masks(text: str | None) -> tuple[bytes, bytes]:
    m = keep_mask(text) if text else (sb.KEEP_ALL, sb.NO_SYSCALLS)
    assert m is not None
    return m


def test_the_c_helper_builds() -> None:
    assert sb.walk_c() is not None, "a C compiler is needed for the bulk copy helper (gcc)"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("text", FILTERS)
def test_c_and_python_walks_agree(name: str, text: str | None) -> None:
    data, start = events_area(name)
    walk = sb.walk_c()
    assert walk is not None
    assert walk(data, start, *masks(text)) == sb.walk_py(data, start, *masks(text))


def test_a_cut_block_stops_the_walk() -> None:
    data, start = events_area("falco_syscall")
    cut = data[:start + 1000]
    blocks, end, _n = sb.walk_py(cut, start, sb.KEEP_ALL)
    assert end <= len(cut) and sb.walk_c()(cut, start, sb.KEEP_ALL, sb.NO_SYSCALLS)[1] == end  # type: ignore[misc]


@pytest.mark.parametrize("name", ["libs_curl_google", "falco_syscall", "libs_sample"])
@pytest.mark.parametrize("text", FILTERS[1:])
def test_bulk_copy_reads_like_the_decoding_copy(tmp_path: Path, name: str, text: str) -> None:
    fast, slow = tmp_path / "fast.scap", tmp_path / "slow.scap"
    cap = str(CAPTURES / f"{name}.scap")
    run_sysdigpy(["-r", cap, "-w", str(fast), text])
    run_sysdigpy(["-r", cap, "-n", "100000000", "-w", str(slow), text])  # -n: the decoding path
    a, b = run_sysdigpy(["-r", str(fast), "-D"]), run_sysdigpy(["-r", str(slow), "-D"])
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout and a.stdout
