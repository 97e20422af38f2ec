"""The C engine's thread and fd tables equal the Python engine's after every event of every capture."""

from __future__ import annotations

import ctypes

import pytest

from sysdigpy.events.event import Event
from sysdigpy.fastpath import engine as E
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.scapfile import CaptureReader
from sysdigpy.state.parsers import State
from tests.fastpath.test_run import CAPS


def python_dump(st: State) -> str:
    """The Python state in the text form of state.c's sdp_state_dump."""
    out = []
    for tid in sorted(st.threads.threads):
        t = st.threads.threads[tid]
        out.append(f"T {t.tid} {t.pid} {t.ptid} {t.vtid} {t.vpid} {t.sid} {t.vpgid}|{t.comm}|{t.exe}|{t.exepath}|"
                   f"{t.cwd}|{t.flags & 0xFFFFFFFF} {t.uid} {t.gid} {t.loginuid} {t.fdlimit} {t.nchilds} "
                   f"{t.clone_ts} {int(t.placeholder)}|{t.lastevent_fd} {t.lastevent_type} {t.lastevent_ts} "
                   f"{t.prevevent_ts} {t.last_latency_entertime} {t.latency} {int(t.lastevent_data is not None)} "
                   f"{int(bool(t.lastevent_data_valid))}")
        for fd in sorted(t.fdtable):
            f = t.fdtable[fd]
            out.append(f" F {fd} {f.fd} {f.type} {f.flags & 0xFFFFFFFF} {f.openflags} {f.ino} {f.dev} "
                       f"{bytes(f.su).hex()} {f.name}")
    out.append(f"D {st.tid_to_remove} {st.tid_of_fds_to_remove} {len(st.fds_to_remove)}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("cap", CAPS, ids=lambda p: p.rsplit("/", 1)[-1])
def test_state_after_every_event(cap: str) -> None:
    eng = E.Engine(E.OUT_NONE, 0, 80)
    dump = eng.lib.sdp_state_dump
    dump.restype, dump.argtypes = ctypes.c_char_p, [ctypes.c_void_p]
    st: State | None = None
    compared = 0
    for item in CaptureReader(cap):
        if isinstance(item, CaptureMetadata):
            st = State(item)
            eng.section(State(item))
            continue
        assert st is not None
        evt = Event(item, compared + 1)
        eng.feed_event(item.data, item.cpu, item.flags)  # (a decline fails the test)
        st.process(evt)
        compared += 1
        assert dump(eng.eng).decode("utf-8", "surrogateescape") == python_dump(st), f"after event {compared}"
    assert compared > 0
