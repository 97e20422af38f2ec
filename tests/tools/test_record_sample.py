"""tools/record_sample.py: the scrubbing, the refusal without root, and what the bundled sample carries."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from types import ModuleType

from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import GroupRecord
from sysdigpy.probe.metadata import IfaceRecord
from sysdigpy.probe.metadata import MachineInfo
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.probe.metadata import UserRecord
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.scapfile import read_capture
from tests.factories import make_event
from tests.golden_modes import ROOT

TOOL = ROOT / "tools" / "record_sample.py"
SAMPLE = ROOT / "samples" / "sample.scap"


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("record_sample", TOOL)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cgroups_of(raw: RawEvent) -> bytes:
    i = EVENT_TABLE[raw.code].param_index("cgroups")
    assert i is not None
    return raw.params()[i]


# ---- scrubbing --------------------------------------------------------------------------------

def test_cgroup_paths_of_events_become_root() -> None:
    rs = tool()
    raw = make_event("execve", tid=7, ts=5, exe="cat", args=["x"],
                     cgroups=["cpu=/user.slice/user-1000.slice", "memory=/process_api/2b9f", "name=systemd=/x"]).raw
    out = rs.scrub_event(raw)
    assert cgroups_of(out) == b"cpu=/\0memory=/\0name=systemd=/\0"
    assert (out.code, out.ts, out.tid, out.cpu) == (raw.code, raw.ts, raw.tid, raw.cpu)
    i = EVENT_TABLE[raw.code].param_index("cgroups")
    assert out.params()[:i] == raw.params()[:i] and out.params()[i + 1:] == raw.params()[i + 1:]
    read = make_event("read", tid=7, res=1, data=b"x").raw
    assert rs.scrub_event(read) is read


def test_metadata_keeps_loopback_root_and_the_workloads_users() -> None:
    rs = tool()
    meta = CaptureMetadata(
        machine=MachineInfo(num_cpus=2, memory_size_bytes=1 << 30, hostname="build-17.corp.example"),
        procs=[ProcRecord(tid=9, pid=9, ptid=1, comm="bash", uid=1000, gid=1000,
                          cgroups=[("memory", "/process_api/2b9f"), ("cpu", "/")])],
        users=[UserRecord(0, 0, "root"), UserRecord(1000, 1000, "alice"), UserRecord(1001, 1001, "bob")],
        groups=[GroupRecord(0, "root"), GroupRecord(1000, "alice"), GroupRecord(27, "sudo")],
        ifaces=[IfaceRecord(1, "lo", bytes([127, 0, 0, 1]), bytes([255, 0, 0, 0]), bytes(4)),
                IfaceRecord(1, "eth0", bytes([192, 0, 2, 2]), bytes([255, 255, 255, 0]), bytes(4))],
        has_ifaces=True, has_users=True)
    out = rs.scrub_metadata(meta, {0}, {0})
    assert out.machine is not None and out.machine.hostname == "sample" and out.machine.num_cpus == 2
    assert [u.name for u in out.users] == ["root", "alice"] and [g.name for g in out.groups] == ["root", "alice"]
    assert [i.name for i in out.ifaces] == ["lo"]
    assert out.procs[0].cgroups == [("memory", "/"), ("cpu", "/")]


def test_refuses_to_run_without_root() -> None:
    cmd = [sys.executable, str(TOOL), "--out", "/nonexistent/x.scap"]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 1
    assert res.stderr.startswith("record_sample.py: must run as root") and len(res.stderr.splitlines()) == 1


# ---- the bundled sample -----------------------------------------------------------------------

def sample() -> tuple[CaptureMetadata, list[RawEvent]]:
    items = list(read_capture(str(SAMPLE)))
    metas = [it for it in items if isinstance(it, CaptureMetadata)]
    assert len(metas) == 1
    return metas[0], [it for it in items if isinstance(it, RawEvent)]


def test_sample_is_small_and_real() -> None:
    meta, events = sample()
    assert SAMPLE.stat().st_size < 200_000 and 300 <= len(events) <= 2000
    names = {EVENT_TABLE[e.code].name for e in events}
    assert {"clone", "execve", "procexit", "pipe", "socket", "connect", "openat", "read", "write"} <= names
    assert all(e.code < LEGACY_EVENT_MAX for e in events), "an event id sysdig 0.29.3 does not know"
    assert not {"drop"} & names


def test_sample_carries_nothing_of_the_recording_machine() -> None:
    meta, events = sample()
    assert meta.machine is not None and meta.machine.hostname == "sample"
    assert [(u.uid, u.name) for u in meta.users] == [(0, "root")]
    assert [(g.gid, g.name) for g in meta.groups] == [(0, "root")]
    assert meta.ifaces and {i.name for i in meta.ifaces} == {"lo"}
    assert [p.comm for p in meta.procs] == ["bash"]  # --filter-proclist: the workload's shell only
    shell = meta.procs[0]
    assert shell.env == ["PATH=/usr/bin:/bin", "HOME=/root"]
    assert all(path == "/" for _sub, path in shell.cgroups)
    for e in events:
        if EVENT_TABLE[e.code].param_index("cgroups") is not None:
            assert all(c.endswith(b"=/") for c in cgroups_of(e).split(b"\0") if c), cgroups_of(e)


def test_sample_readme_says_how_to_record_it() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "sudo .venv/bin/python tools/record_sample.py" in readme
    assert not (ROOT / "tools" / "make_sample.py").exists()
