"""Run the state engine over the real captures."""

from __future__ import annotations

from pathlib import Path

import pytest

from sysdigpy.events.event import Event
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.scapfile import read_capture
from sysdigpy.state.parsers import State

CAPTURES = Path(__file__).resolve().parents[2].parent / "shared" / "captures"
FILES = sorted(p.name for p in CAPTURES.glob("*.scap"))


def run(name: str, probe=None) -> State:
    st = None
    n = 0
    for item in read_capture(str(CAPTURES / name)):
        if isinstance(item, CaptureMetadata):
            st, n = State(item), 0
            continue
        n += 1
        e = Event(item, n)
        assert st is not None
        st.process(e)
        if probe is not None:
            probe(st, e)
    assert st is not None
    return st


@pytest.mark.parametrize("name", FILES)
def test_every_capture_parses(name: str) -> None:
    run(name)


def test_curl_google_facts() -> None:
    seen: dict[str, object] = {}

    def probe(st: State, e: Event) -> None:
        if e.num == 219:
            seen["219"] = (e.name, e.direction, e.tid, e.thread.comm, e.fdinfo.name)
        t = st.threads.get(17498)
        if t is not None and "pname" not in seen:
            seen["pname"] = t.parent().comm
            seen["curl_parent"] = st.threads[17497].parent().comm, st.threads[17497].ptid
        if e.num == 1311:
            seen["1311"] = (e.fdinfo.typechar(), e.fdinfo.name)

    run("libs_curl_google.scap", probe)
    assert seen["219"] == ("open", "<", 17497, "curl", "/etc/ld.so.cache")
    assert seen["pname"] == "curl"
    assert seen["curl_parent"] == ("bash", 3200)
    assert seen["1311"] == ("6", "2600:1f18:262c:6542:9aa6:df7a:9a47:d29e:37140->2607:f8b0:4004:802::2004:80")


def test_connect_localhost_tuple() -> None:
    seen = {}

    def probe(st: State, e: Event) -> None:
        if e.num == 187:
            seen["187"] = (e.thread.comm, e.errorcode, e.fdinfo.name)

    run("falco_connect_localhost.scap", probe)
    assert seen["187"] == ("<NA>", 115, "127.0.0.1:47192->127.0.0.1:80")
