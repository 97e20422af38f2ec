"""Every fd field of sysdig 0.29.3's field list, compared with the installed sysdig on every shared
capture (libs_curl_google_comments.scap is refused by sysdig): -D -p "*%evt.num %fd.num %fd.type ...".

- fd.is_server: true for a listening socket; for a connected IPv4 socket, whether its destination
  address is local (the thread's container IP, any container's when that is 0, else an IPv4 address of
  the capture's interface list); IPv6: the first 64 bits of an IPv6 interface address (never in a
  container); false for any other fd. The client/server role of the fd plays no part.
- fd.dev, fd.dev.major, fd.dev.minor: sinsp leaves m_dev uninitialized for fds that are not opened files
  (socket, pipe, ...): sysdig prints stack garbage there, on x86-64 the upper half of a heap pointer
  (0x5555-0x5655, different on every run). Those values, and only those, are masked to the 0 sysdigpy
  prints before the byte-for-byte comparison.
"""

from __future__ import annotations

import re

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdig
from tests.golden_modes import run_sysdigpy

FIELDS = ("fd.num", "fd.type", "fd.typechar", "fd.name", "fd.directory", "fd.filename", "fd.cip", "fd.sip",
          "fd.lip", "fd.rip", "fd.cport", "fd.sport", "fd.lport", "fd.rport", "fd.l4proto", "fd.sockfamily",
          "fd.is_server", "fd.uid", "fd.containername", "fd.containerdirectory", "fd.cproto", "fd.sproto",
          "fd.lproto", "fd.rproto", "fd.connected", "fd.name_changed", "fd.cip.name", "fd.sip.name",
          "fd.lip.name", "fd.rip.name",
          "fd.dev", "fd.dev.major", "fd.dev.minor")  # the dev fields last: _mask_garbage_dev relies on it
FORMAT = "*%evt.num " + " ".join("%" + f for f in FIELDS)
CAPS = sorted(p.name for p in CAPTURES.glob("*.scap") if p.name != "libs_curl_google_comments.scap")

_TEXT_DEV = re.compile(rb" (5[56][0-9A-F]{2}) (\d+) (\d+)$", re.M)
_JSON_DEV = re.compile(rb'"fd\.dev":"(5[56][0-9A-F]{2})","fd\.dev\.major":(\d+),"fd\.dev\.minor":(\d+)')


def _garbage(m: re.Match[bytes]) -> bool:
    """A heap pointer's upper half (0x5555..0x5655) whose major/minor are the ones sinsp derives from it."""
    dev = int(m.group(1), 16)
    return (0x5555 <= dev <= 0x5655 and int(m.group(2)) == (dev & 0xFFF00) >> 8
            and int(m.group(3)) == (dev & 0xFF) | ((dev >> 12) & 0xFFF00))


def _mask_garbage_dev(out: bytes) -> bytes:
    out = _TEXT_DEV.sub(lambda m: b" 0 0 0" if _garbage(m) else m.group(0), out)
    return _JSON_DEV.sub(lambda m: b'"fd.dev":"0","fd.dev.major":0,"fd.dev.minor":0' if _garbage(m)
                         else m.group(0), out)


def _compare(args: list[str]) -> None:
    want = run_sysdig(args)
    assert want.returncode == 0, want.stderr[-500:]
    got = run_sysdigpy(args)
    assert got.returncode == 0, got.stderr[-500:]
    assert got.stdout == _mask_garbage_dev(want.stdout)


@pytest.mark.parametrize("cap", CAPS)
def test_sweep_fd_text(cap: str) -> None:
    _compare(["-r", str(CAPTURES / cap), "-D", "-p", FORMAT])


@pytest.mark.parametrize("cap", ["falco_connect_localhost.scap", "libs_curl_google.scap", "libs_sample.scap"])
def test_sweep_fd_json(cap: str) -> None:
    _compare(["-r", str(CAPTURES / cap), "-D", "-j", "-p", FORMAT])


@pytest.mark.parametrize("flt", ["fd.is_server=true", "fd.is_server=false and fd.sockfamily=ip"])
@pytest.mark.parametrize("cap", ["falco_connect_localhost.scap", "libs_curl_google.scap", "libs_sample.scap"])
def test_sweep_fd_filtered(cap: str, flt: str) -> None:
    _compare(["-r", str(CAPTURES / cap), "-p", "*%evt.num %evt.type %fd.name %fd.is_server", flt])


def test_mask_only_takes_consistent_garbage() -> None:
    assert _mask_garbage_dev(b"185 558E 85 142\n") == b"185 0 0 0\n"
    assert _mask_garbage_dev(b"185 803 8 3\n") == b"185 803 8 3\n"
    assert _mask_garbage_dev(b"185 558E 85 1\n") == b"185 558E 85 1\n"
