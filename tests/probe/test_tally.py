"""Counting events by id: the C walk and the decoding path give the same rows, errors included."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import pytest

from sysdigpy.errors import CaptureFormatError
from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.probe import tally as T
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.scapfile import read_capture
from tests.golden_modes import CAPTURES
from tests.probe.blockbytes import nth_v1_block
from tests.probe.blockbytes import plain

NAMES = sorted(p.stem for p in CAPTURES.glob("*.scap"))


def counted(path: Path, walk: T.Walk | None) -> tuple[list[T.Row], int, int, str | None]:
    tally = T.Tally()
    error = None
    try:
        T.count_capture(str(path), tally, walk)
    except CaptureFormatError as exc:
        error = str(exc)
    return tally.entries(), tally.numbered, tally.leading, error


def test_the_c_helper_builds() -> None:
    assert T.walk_c() is not None, "a C compiler is needed for the counting helper (gcc)"


@pytest.mark.parametrize("name", NAMES)
def test_c_walk_and_decoding_agree(name: str) -> None:
    path = CAPTURES / f"{name}.scap"
    fast, slow = counted(path, T.walk_c()), counted(path, None)
    assert fast == slow
    assert fast[1] > 0 and fast[3] is None


@pytest.mark.parametrize("name", ["libs_curl_google", "falco_open-multiple-files"])
def test_rows_count_what_the_reader_numbers(name: str) -> None:
    """Every event the reader yields is in one row, or numbered as a leading container event."""
    rows, numbered, leading, _ = counted(CAPTURES / f"{name}.scap", T.walk_c())
    raws = [it for it in read_capture(str(CAPTURES / f"{name}.scap")) if isinstance(it, RawEvent)]
    assert sum(r.count for r in rows) + leading == numbered == len(raws)  # no meta-events in these captures
    by_code: dict[int, int] = {}
    for r in rows:
        by_code[r.code] = by_code.get(r.code, 0) + r.count
    for code, n in by_code.items():
        assert n == sum(1 for e in raws if e.code == code), EVENT_TABLE[code].name
    first = min(rows, key=lambda r: r.first_num)
    assert (first.first_num, first.first_ts) == (leading + 1, raws[leading].ts)


def test_generic_events_are_counted_per_syscall() -> None:
    rows, *_ = counted(CAPTURES / "libs_sample.scap", T.walk_c())
    generic = [r for r in rows if r.code <= 1]
    assert generic and all(r.sc >= 0 and r.name != "syscall" for r in generic)
    assert len({(r.sc, r.code) for r in generic}) == len(generic)


def test_gzip_and_several_sections(tmp_path: Path) -> None:
    one = plain("falco_open-multiple-files")
    two = tmp_path / "two.scap.gz"
    two.write_bytes(gzip.compress(one) + gzip.compress(one))
    fast, slow = counted(two, T.walk_c()), counted(two, None)
    assert fast == slow
    single = counted(CAPTURES / "falco_open-multiple-files.scap", None)
    assert fast[1] == 2 * single[1] and fast[2] == 2 * single[2]  # each section has its leading containers


@pytest.mark.parametrize("cut", [1000, 5001, 20000, 33333])
def test_a_cut_capture_counts_what_precedes_the_cut_and_fails_alike(tmp_path: Path, cut: int) -> None:
    data = plain("libs_curl_google")
    path = tmp_path / "cut.scap"
    path.write_bytes(data[:cut])
    fast, slow = counted(path, T.walk_c()), counted(path, None)
    assert fast == slow
    assert fast[3] is not None and "truncated" in fast[3]


def test_a_corrupt_v1_event_is_left_to_the_decoder(tmp_path: Path) -> None:
    """Parameter lengths that do not add up: the walk stops there and the reader reports it."""
    data = bytearray(plain("libs_curl_google"))
    p, hdr = nth_v1_block(data, 10)  # make its first parameter length absurd
    struct.pack_into("<H", data, p + 8 + hdr + 22, 0xFFF0)
    path = tmp_path / "bad.scap"
    path.write_bytes(bytes(data))
    fast, slow = counted(path, T.walk_c()), counted(path, None)
    assert fast == slow
    assert fast[3] is not None and "do not add up" in fast[3] and fast[1] == 9
