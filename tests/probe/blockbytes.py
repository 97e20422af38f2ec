"""Raw bytes of the shared captures, for tests that cut or damage event blocks."""

from __future__ import annotations

import gzip
import struct

from tests.golden_modes import CAPTURES

V1_EVENT_BLOCKS = (0x204, 0x208)  # EV, EVF


def plain(name: str) -> bytes:
    """A shared capture's bytes, decompressed when it is gzip."""
    data = (CAPTURES / f"{name}.scap").read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def nth_v1_block(data: bytes | bytearray, n: int) -> tuple[int, int]:
    """(offset, header size before the event: 2, or 6 with dump flags) of the n-th v1 event block."""
    p, seen = 0, 0
    while True:
        btype, blen = struct.unpack_from("<II", data, p)
        if btype in V1_EVENT_BLOCKS:
            seen += 1
            if seen == n:
                return p, 6 if btype == 0x208 else 2
        p += blen
