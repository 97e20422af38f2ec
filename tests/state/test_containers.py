"""Container engines (sysdigpy.state.containers): libsinsp's cgroup rules, checked on cgroup strings,
and their use on process-list threads, clone and execve exits."""

from __future__ import annotations

import pytest

from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.state import containers as C
from sysdigpy.state.containers import ContainerManager
from sysdigpy.state.parsers import State
from sysdigpy.state.threads import ThreadInfo
from sysdigpy.state.threads import ThreadTable

H64 = "3f2a9c" + "0123456789abcdef" * 3 + "a1b2c3d4e5"  # 64 hex characters
ID12 = H64[:12]
TID_NOT_ON_HOST = 2_000_000_000  # podman's fallback reads the host's /proc/<tid>/cgroup: none there


def thread(cgroups: list[str], tid: int = TID_NOT_ON_HOST, table: ThreadTable | None = None,
           env: list[str] | None = None, root: str = "/", ptid: int = -1, args: list[str] | None = None) -> ThreadInfo:
    t = ThreadInfo(table, tid)
    t.pid, t.ptid, t.root = tid, ptid, root
    t.env, t.args = env or [], args or []
    t.cgroups = [(f"s{i}", c) for i, c in enumerate(cgroups)]
    return t


def resolve(cgroups: list[str], mgr: ContainerManager | None = None,
            **kw: object) -> tuple[ThreadInfo, ContainerManager]:
    mgr = mgr if mgr is not None else ContainerManager({})
    t = thread(cgroups, **kw)  # type: ignore[arg-type]
    mgr.resolve(t)
    return t, mgr


# ---- runc ids ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("cgroup", "prefix", "suffix", "want"), [
    (f"/docker/{H64}", "/", "", ID12),
    (f"/system.slice/docker-{H64}.scope", "/docker-", ".scope", ID12),
    (f"/docker/{H64[:-1]}", "/", "", None),  # 63 characters
    (f"/docker/{H64}0", "/", "", None),  # 65
    (f"/docker/{H64[:20]}x{H64[21:]}", "/", "", None),  # not hex within the first 64 characters
    # sinsp compares the absolute position of the first non-hex character with 64: a bad character
    # past position 64 of the whole path is accepted
    (f"/kubepods/burstable/pod1234/{'f' * 40}z{'f' * 23}", "/", "", "f" * 12),
    (f"/docker/{H64}", "/docker-", ".scope", None),
])
def test_match_one_container_id(cgroup: str, prefix: str, suffix: str, want: str | None) -> None:
    assert C.match_one_container_id(cgroup, prefix, suffix) == want


# ---- engine by engine -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("cgroup", "cid", "ctype"), [
    (f"/docker/{H64}", ID12, C.CT_DOCKER),
    (f"/system.slice/docker-{H64}.scope", ID12, C.CT_DOCKER),
    # non-systemd containerd and cri-o paths end in the id: docker's "/" layout takes them first
    (f"/kubepods/besteffort/pod0d6f3a56-7d6c-11e9-8d59-0800277f3b32/{H64}", ID12, C.CT_DOCKER),
    (f"/machine.slice/libpod-{H64}.scope", ID12, C.CT_PODMAN),
    (f"/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-{H64}.scope", ID12, C.CT_PODMAN),
])
def test_runc_engines_store_a_bare_entry(cgroup: str, cid: str, ctype: int) -> None:
    t, mgr = resolve([cgroup])
    assert t.container_id == cid
    info = mgr.containers[cid]
    assert (info["type"], info["name"], info["image"], info["privileged"]) == (ctype, "", "", False)


@pytest.mark.parametrize("cgroup", [
    f"/kubepods.slice/kubepods-besteffort.slice/kubepods-pod1.slice/cri-containerd-{H64}.scope",
    f"/kubepods.slice/kubepods-burstable.slice/kubepods-pod1.slice/crio-{H64}.scope",
    f"/system.slice/containerd.service/kubepods-burstable-pod1.slice:cri-containerd:{H64}",
    f"/kubepods/pod1/crio-{H64}",
])
def test_cri_sets_the_id_without_an_entry(cgroup: str) -> None:
    """No CRI socket: cri::resolve keeps the id and reports no match; no engine stores a container."""
    t, mgr = resolve([cgroup])
    assert t.container_id == ID12
    assert mgr.containers == {}


@pytest.mark.parametrize(("cgroup", "cid"), [
    ("/lxc/web01", "web01"),
    ("/lxc/web01/init.scope", "web01"),
    ("/lxc.payload/db/sub", "db"),
    ("/lxc.payload/db", "db"),
])
def test_lxc(cgroup: str, cid: str) -> None:
    t, mgr = resolve([cgroup])
    assert t.container_id == cid
    assert (mgr.containers[cid]["type"], mgr.containers[cid]["name"]) == (C.CT_LXC, cid)


@pytest.mark.parametrize(("cgroup", "cid", "ctype"), [
    ("/machine/vm1.libvirt-lxc", "vm1", C.CT_LIBVIRT_LXC),
    ("/machine.slice/machine-lxc\\x2dguest7.scope", "guest7", C.CT_LIBVIRT_LXC),
    ("/machine.slice/machine-lxc\\x2d.scope", "", C.CT_LIBVIRT_LXC),
    # the legacy path holds "/lxc/": the lxc engine, tried first, takes it (same id)
    ("/libvirt/lxc/old-style", "old-style", C.CT_LXC),
])
def test_libvirt_lxc(cgroup: str, cid: str, ctype: int) -> None:
    t, mgr = resolve([cgroup])
    assert t.container_id == cid
    assert mgr.containers[cid]["type"] == ctype


def test_libvirt_legacy_rule() -> None:
    assert C.match_libvirt_lxc([("cpu", "/libvirt/lxc/old-style")]) == "old-style"


def test_libvirt_suffix_must_end_the_path() -> None:
    t, _ = resolve(["/machine/vm1.libvirt-lxc/x"])
    assert t.container_id == ""


MESOS_ID = "a9f41620-b165-4d24-abe0-af0af92e7b20"


def test_mesos_needs_a_task_id_in_a_parent() -> None:
    table = ThreadTable()
    parent = thread([], tid=10, table=table, env=["MESOS_TASK_ID=  web.1234 "])
    table.threads[10] = parent
    t, mgr = resolve([f"/mesos/{MESOS_ID}"], tid=11, table=table, ptid=10)
    assert t.container_id == MESOS_ID
    assert (mgr.containers[MESOS_ID]["type"], mgr.containers[MESOS_ID]["mesos_task_id"]) == (C.CT_MESOS, "web.1234")


@pytest.mark.parametrize("env", [[], ["MESOS_TASK_ID=ab"], ["MESOS_TASK_ID=abcdef"]])
def test_mesos_without_a_plausible_task_id(env: list[str]) -> None:
    t, mgr = resolve([f"/mesos/{MESOS_ID}"], env=env)
    assert t.container_id == ""
    assert mgr.containers == {}


def test_rkt_fly_root() -> None:
    t, mgr = resolve(["/"], root="/var/lib/rkt/pods/run/pod-1/stage1/rootfs/opt/stage2/app/rootfs")
    assert t.container_id == "pod-1:app"
    assert mgr.containers == {}  # capture mode: no manifest read, nothing stored


def test_rkt_coreos_root_takes_the_pod_from_the_environment() -> None:
    t, _ = resolve(["/"], root="/opt/stage2/nginx/rootfs", env=["container_uuid=u-1"])
    assert t.container_id == "u-1:nginx"


def test_rkt_service_unit_of_a_known_pod() -> None:
    table = ThreadTable()
    table.threads[10] = thread([], tid=10, table=table, args=["--uuid=p9"])
    mgr = ContainerManager({"p9:redis": {"id": "p9:redis", "type": C.CT_RKT}})
    t, _ = resolve(["/machine.slice/rkt.scope/system.slice/redis.service"], mgr=mgr, tid=11, table=table, ptid=10)
    assert t.container_id == "p9:redis"
    t, _ = resolve(["/machine.slice/rkt.scope/system.slice/other.service"], mgr=mgr, tid=12, table=table, ptid=10)
    assert t.container_id == ""


@pytest.mark.parametrize(("cgroup", "cid"), [
    ("/system.slice/bpm-job_1.scope", "job_1"),
    ("/bpm-web.2", "web.2"),
])
def test_bpm(cgroup: str, cid: str) -> None:
    t, mgr = resolve([cgroup])
    assert t.container_id == cid
    assert (mgr.containers[cid]["type"], mgr.containers[cid]["name"]) == (C.CT_BPM, cid)


def test_bpm_rejects_other_characters() -> None:
    t, _ = resolve(["/bpm-a b.scope"])
    assert t.container_id == ""


@pytest.mark.parametrize("cgroups", [["/"], ["/user.slice/user-1000.slice/session-2.scope"], []])
def test_host(cgroups: list[str]) -> None:
    t, mgr = resolve(cgroups)
    assert t.container_id == ""
    assert mgr.containers == {}


# ---- the table ------------------------------------------------------------------------------------------
def test_known_container_keeps_its_metadata() -> None:
    mgr = ContainerManager({})
    mgr.add_container({"id": ID12, "type": C.CT_DOCKER, "name": "web", "lookup_state": C.LOOKUP_SUCCESSFUL})
    t, _ = resolve([f"/docker/{H64}"], mgr=mgr)
    assert t.container_id == ID12 and mgr.containers[ID12]["name"] == "web"


def test_failed_lookup_lets_the_next_engines_run() -> None:
    """docker reports no match for a failed entry; lxc then matches and replaces it (another type)."""
    mgr = ContainerManager({})
    mgr.add_container({"id": "c1", "type": C.CT_DOCKER, "lookup_state": C.LOOKUP_FAILED})
    t, _ = resolve(["/lxc/c1"], mgr=mgr)
    assert t.container_id == "c1" and mgr.containers["c1"]["type"] == C.CT_LXC


def test_lxc_does_not_replace_an_entry_it_stored() -> None:
    mgr = ContainerManager({})
    resolve(["/lxc/c1"], mgr=mgr)
    mgr.containers["c1"]["name"] = "renamed"
    resolve(["/lxc/c1"], mgr=mgr)
    assert mgr.containers["c1"]["name"] == "renamed"


# ---- where sinsp resolves -------------------------------------------------------------------------------
def test_process_list_threads_are_resolved() -> None:
    meta = CaptureMetadata()
    meta.procs = [ProcRecord(tid=1_999_999_995, pid=1_999_999_995, ptid=1, comm="nginx",
                             cgroups=[("cpu", f"/docker/{H64}")]),
                  ProcRecord(tid=1_999_999_996, pid=1_999_999_996, ptid=1, comm="sshd", cgroups=[("cpu", "/")])]
    st = State(meta)
    assert st.threads[1_999_999_995].container_id == ID12 and st.threads[1_999_999_996].container_id == ""
    assert st.containers[ID12]["type"] == C.CT_DOCKER
