"""evt fields the field sweep found different from sysdig 0.29.3, compared with the installed sysdig on
every shared capture (libs_curl_google_comments.scap is refused by sysdig): -D -p "*%evt.num %FIELD...".

- evt.buflen: exit events only (an enter read's size is not a buffer length)
- evt.latency(.s/.ns/.human): 0 for an event without a thread (internal events without one included);
  evt.latency.human then repeats what it extracted last ("" at first)
- evt.time.iso8601: ends with gmtime's "%z", +0000
- syscall.type: none for the scheduler switch event (PPME_SCHEDSWITCH_6_E)
"""

from __future__ import annotations

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdig
from tests.golden_modes import run_sysdigpy

FIELDS = ("evt.buflen", "evt.latency", "evt.latency.s", "evt.latency.ns", "evt.latency.human",
          "evt.time.iso8601", "syscall.type")
# sysdig 0.29.3 -j crashes on evt.latency/.s/.ns of an internal event that has a thread (NULL value)
JSON_FIELDS = ("evt.buflen", "evt.latency.human", "evt.time.iso8601", "syscall.type")
CAPS = sorted(p.name for p in CAPTURES.glob("*.scap") if p.name != "libs_curl_google_comments.scap")


def _compare(args: list[str]) -> None:
    want = run_sysdig(args)
    assert want.returncode == 0, want.stderr[-500:]
    got = run_sysdigpy(args)
    assert got.returncode == 0, got.stderr[-500:]
    assert got.stdout == want.stdout


@pytest.mark.parametrize("cap", CAPS)
def test_sweep_evt_text(cap: str) -> None:
    _compare(["-r", str(CAPTURES / cap), "-D", "-p", "*%evt.num " + " ".join("%" + f for f in FIELDS)])


@pytest.mark.parametrize("cap", ["falco_cat_write.scap", "falco_open-multiple-files.scap", "libs_sample.scap"])
def test_sweep_evt_json(cap: str) -> None:
    _compare(["-r", str(CAPTURES / cap), "-D", "-j", "-p", "*%evt.num " + " ".join("%" + f for f in JSON_FIELDS)])


@pytest.mark.parametrize(("cap", "flt"), [
    ("falco_cat_write.scap", "evt.buflen exists or evt.latency = 0"),
    ("libs_sample.scap", "syscall.type exists or evt.latency.human = 0ns"),
])
def test_sweep_evt_filtered(cap: str, flt: str) -> None:
    _compare(["-r", str(CAPTURES / cap), "-D", "-p", "*%evt.num " + " ".join("%" + f for f in FIELDS), flt])


@pytest.mark.parametrize("cap", ["falco_syscall.scap", "libs_curl_google.scap"])
def test_padded_nanoseconds_are_json_numbers(cap: str) -> None:
    """The .ns fields print zero-padded as text and as plain numbers in -j, as sysdig does."""
    _compare(["-r", str(CAPTURES / cap), "-j", "-p",
              "*%evt.num %evt.rawtime.ns %evt.reltime.ns %evt.deltatime.ns %evt.latency.ns %evt.time.s"])
