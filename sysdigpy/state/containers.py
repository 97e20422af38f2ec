"""Container detection: sinsp_container_manager::resolve_container and its engines, as sysdig 0.29.3
runs them when it reads a capture file.

sinsp resolves a thread's container when it loads the thread from the capture's process list, when a
clone/fork/vfork (version 20) or clone3 exit creates the child, on execve exits that carry cgroups
(execve 16-19, execveat) and on chroot exits.  The thread's id is first cleared, then the engines are
tried in sinsp's order: podman, docker, cri, lxc, libvirt_lxc, mesos, rkt, bpm; the first that
reports a match stops the loop (an engine may set the id and still report no match: the next ones
then run, and keep that id unless one of them matches).

Reading a file, sinsp does not query the OS for missing metadata: an engine that finds no container
of that id in the table stores a bare one (id and type, a name for some engines), the way
notify_new_container does it in capture mode (add_container: the table entry and the engine's lookup
state).  Container events of the capture (parse_misc) replace these entries through the same path.

What sysdigpy does not reproduce (documented limits):

* CRI (containerd, cri-o): sinsp talks gRPC to ``$HOST_ROOT/run/containerd/containerd.sock`` when that
  socket exists and answers; without it (the reference machine), the cri engine sets the thread's id
  and reports no match, leaving no container entry.  sysdigpy always behaves as without the socket.
* The stored entry's ``type`` of a container event that has none: sinsp leaves m_type uninitialised;
  sysdigpy uses 0 (docker).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from sysdigpy.state.threads import ThreadInfo

# sinsp_container_type
CT_DOCKER = 0
CT_LXC = 1
CT_LIBVIRT_LXC = 2
CT_MESOS = 3
CT_RKT = 4
CT_CUSTOM = 5
CT_CRI = 6
CT_CONTAINERD = 7
CT_CRIO = 8
CT_BPM = 9
CT_STATIC = 10
CT_PODMAN = 11

# container.type's strings (filterchecks); podman, custom and static have none
TYPE_NAMES: dict[int, str] = {
    CT_DOCKER: "docker", CT_LXC: "lxc", CT_LIBVIRT_LXC: "libvirt-lxc", CT_MESOS: "mesos", CT_CRI: "cri",
    CT_CONTAINERD: "containerd", CT_CRIO: "cri-o", CT_RKT: "rkt", CT_BPM: "bpm",
}
# is_docker_compatible(): the types whose container.privileged is known
DOCKER_COMPATIBLE = frozenset({CT_DOCKER, CT_CRI, CT_CONTAINERD, CT_CRIO, CT_PODMAN})

# sinsp_container_lookup_state
LOOKUP_STARTED = 0
LOOKUP_SUCCESSFUL = 1
LOOKUP_FAILED = 2

NO_MATCH = -1  # procfs_utils::NO_MATCH

# ---- runc-style ids: <prefix><64 hex><suffix> at the end of a cgroup path, reported as 12 chars ------------
CONTAINER_ID_LENGTH = 64
REPORTED_CONTAINER_ID_LENGTH = 12
HEX = frozenset("0123456789abcdefABCDEF")

Layout = tuple[tuple[str, str], ...]
PODMAN_LAYOUT: Layout = (("/libpod-", ".scope"),)
DOCKER_LAYOUT: Layout = (("/", ""), ("/docker-", ".scope"))
CRI_LAYOUT: Layout = (
    ("/", ""),  # non-systemd containerd
    ("/crio-", ""),  # non-systemd cri-o
    ("/cri-containerd-", ".scope"),  # systemd containerd
    ("/crio-", ".scope"),  # systemd cri-o
    (":cri-containerd:", ""),  # containerd without SystemdCgroup
)


def match_one_container_id(cgroup: str, prefix: str, suffix: str) -> str | None:
    """runc::match_one_container_id: the last ``prefix`` and the last ``suffix`` 64 characters apart.

    As in sinsp, the hex check compares the absolute position of the first non-hex character after
    the prefix with 64, so it only rejects ids whose bad character lies in the first 64 characters of
    the whole path.
    """
    start = cgroup.rfind(prefix)
    if start < 0:
        return None
    start += len(prefix)
    end = cgroup.rfind(suffix)
    if end < 0 or end - start != CONTAINER_ID_LENGTH:
        return None
    for i in range(start, min(len(cgroup), CONTAINER_ID_LENGTH)):
        if cgroup[i] not in HEX:
            return None
    return cgroup[start:start + REPORTED_CONTAINER_ID_LENGTH]


def match_runc_cgroups(cgroups: list[tuple[str, str]], layout: Layout) -> tuple[str, str] | None:
    """runc::matches_runc_cgroups: (id, matching cgroup) of the first cgroup any layout matches."""
    for _subsys, cgroup in cgroups:
        if len(cgroup) <= CONTAINER_ID_LENGTH:  # no room for a (non-empty) prefix and an id: most host cgroups
            continue
        for prefix, suffix in layout:
            cid = match_one_container_id(cgroup, prefix, suffix)
            if cid is not None:
                return cid, cgroup
    return None


def _substr(s: str, start: int, n: int) -> str:
    """std::string::substr(start, n) where a negative (wrapped) n means up to the end."""
    return s[start:] if n < 0 else s[start:start + n]


def host_root() -> str:
    """scap_get_host_root(): $HOST_ROOT or nothing."""
    return os.environ.get("HOST_ROOT", "")


# =====================================================================================================
# the table: sinsp_container_manager's containers and lookup states
# =====================================================================================================
def new_container(cid: str, ctype: int, name: str = "") -> dict[str, Any]:
    """A sinsp_container_info with only id, type and (for some engines) name set."""
    return {"id": cid, "type": ctype, "name": name, "image": "", "imageid": "", "imagerepo": "",
            "imagetag": "", "imagedigest": "", "privileged": False, "lookup_state": LOOKUP_SUCCESSFUL}


def is_successful(info: dict[str, Any]) -> bool:
    return info.get("lookup_state", LOOKUP_SUCCESSFUL) == LOOKUP_SUCCESSFUL


class ContainerManager:
    """The container table (shared with State.containers) and the per-engine lookup states."""

    def __init__(self, containers: dict[str, dict[str, Any]]) -> None:
        self.containers = containers
        self.lookups: dict[str, dict[int, int]] = {}

    def add_container(self, info: dict[str, Any]) -> None:
        """add_container: record the lookup state of (id, type), then store the entry."""
        cid = info["id"]
        self.lookups.setdefault(cid, {})[info.get("type", CT_DOCKER)] = info.get("lookup_state", LOOKUP_SUCCESSFUL)
        self.containers[cid] = info

    def should_lookup(self, cid: str, ctype: int) -> bool:
        states = self.lookups.get(cid)
        return states is None or ctype not in states

    def resolve(self, t: ThreadInfo) -> bool:
        """resolve_container: clear the thread's id, run the engines until one matches."""
        t.container_id = ""
        for engine in ENGINES:
            if engine(self, t):
                return True
        return False


# =====================================================================================================
# thread helpers (lookups only: resolving never creates a thread)
# =====================================================================================================
def _parent(t: ThreadInfo) -> ThreadInfo | None:
    return None if t.table is None else t.table.get(t.ptid)


def traverse_parents(t: ThreadInfo, visitor: Callable[[ThreadInfo], bool]) -> None:
    """traverse_parent_state: visit the parents until ``visitor`` returns False, a tid of -1 or a loop."""
    seen = {id(t)}
    p = _parent(t)
    while p is not None and p.tid != -1:
        if not visitor(p):
            return
        seen.add(id(p))
        nxt = _parent(p)
        if nxt is not None and (id(nxt) in seen or nxt.tid == nxt.ptid):
            return
        p = nxt


def _env_list(t: ThreadInfo) -> list[str]:
    """get_env(): the main thread's environment."""
    if t.is_main_thread() or t.table is None:
        return t.env
    mt = t.table.get(t.pid)
    return mt.env if mt is not None else t.env


def get_env(t: ThreadInfo, name: str) -> str:
    """get_env(name): the value of the exact variable ``name``, spaces trimmed."""
    n = len(name)
    for var in _env_list(t):
        if len(var) > n + 1 and var[n] == "=" and var.startswith(name):
            return var[n + 1:].strip(" ")
    return ""


# =====================================================================================================
# engines
# =====================================================================================================
Engine = Callable[[ContainerManager, ThreadInfo], bool]


def _docker_resolve_impl(mgr: ContainerManager, t: ThreadInfo, cid: str, ctype: int) -> bool:
    """docker_base::resolve_impl without OS queries: a bare entry for an unknown id."""
    t.container_id = cid
    info = mgr.containers.get(cid)
    if info is None:
        mgr.add_container(new_container(cid, ctype))
        return True
    return is_successful(info)


_USER_SLICE = re.compile(r"/user\.slice/user-\s*([+-]?\d+)")
_PODMAN_SCOPE = re.compile(r"podman-\s*[+-]?\d+\.scope/.", re.S)


def _systemd_cgroup(t: ThreadInfo) -> str:
    """The name=systemd cgroup, else the one of the host's /proc/<tid>/cgroup, as sinsp reads it."""
    for subsys, cgroup in t.cgroups:
        if subsys == "name=systemd":
            return cgroup
    try:
        with open(f"{host_root()}/proc/{t.tid}/cgroup", encoding="utf-8", errors="surrogateescape") as f:
            for line in f:
                i = line.find(":name=systemd:")
                if i >= 0:
                    return line[i + len(":name=systemd:"):].rstrip("\n")
    except OSError:
        pass
    return ""


def _userns_root_uid(tid: int) -> int:
    """procfs_utils::get_userns_root_uid of the host's /proc/<tid>/uid_map."""
    try:
        with open(f"{host_root()}/proc/{tid}/uid_map", encoding="utf-8", errors="replace") as f:
            for line in f:
                words = line.split()
                src = int(words[0]) if words and words[0].lstrip("+-").isdigit() else 0
                if src != 0:
                    continue
                return int(words[1]) if len(words) > 1 and words[1].lstrip("+-").isdigit() else 0
    except OSError:
        pass
    return NO_MATCH


def detect_podman(t: ThreadInfo) -> tuple[int, str]:
    """podman's detect_podman: (uid or NO_MATCH, id); uid 0 is a rootful container."""
    m = match_runc_cgroups(t.cgroups, PODMAN_LAYOUT)
    if m is not None:
        cid, cgroup = m
        u = _USER_SLICE.match(cgroup)
        return (int(u.group(1)), cid) if u else (0, cid)
    systemd = _systemd_cgroup(t)
    pos = systemd.find("podman-")
    if not systemd or pos < 0 or not _PODMAN_SCOPE.match(systemd, pos):
        return NO_MATCH, ""
    cid = match_one_container_id(systemd, ".scope/", "")
    if cid is None:
        return NO_MATCH, ""
    uid = _userns_root_uid(t.tid)
    return (NO_MATCH, "") if uid == 0 else (uid, cid)


def resolve_podman(mgr: ContainerManager, t: ThreadInfo) -> bool:
    uid, cid = detect_podman(t)
    if uid == NO_MATCH:
        return False
    return _docker_resolve_impl(mgr, t, cid, CT_PODMAN)


def resolve_docker(mgr: ContainerManager, t: ThreadInfo) -> bool:
    m = match_runc_cgroups(t.cgroups, DOCKER_LAYOUT)
    if m is None:
        return False
    return _docker_resolve_impl(mgr, t, m[0], CT_DOCKER)


def resolve_cri(mgr: ContainerManager, t: ThreadInfo) -> bool:
    """cri::resolve with no CRI socket (see the module's docstring): the id, no match, no entry."""
    m = match_runc_cgroups(t.cgroups, CRI_LAYOUT)
    if m is None:
        return False
    t.container_id = m[0]
    return False


def _name_is_id_resolve(mgr: ContainerManager, t: ThreadInfo, cid: str, ctype: int,
                        extra: dict[str, Any] | None = None) -> bool:
    """lxc, libvirt_lxc, mesos, bpm: the id, and a new entry named after it unless looked up before."""
    t.container_id = cid
    if mgr.should_lookup(cid, ctype):
        info = new_container(cid, ctype, cid)
        if extra:
            info.update(extra)
        mgr.add_container(info)
    return True


def match_lxc(cgroups: list[tuple[str, str]]) -> str | None:
    """lxc: the path component after ``/lxc/`` or ``/lxc.payload/``."""
    for _subsys, cgroup in cgroups:
        if "lxc" not in cgroup:  # in both markers: a quick test for the many host cgroups
            continue
        for marker in ("/lxc/", "/lxc.payload/"):
            pos = cgroup.find(marker)
            if pos >= 0:
                start = pos + len(marker)
                end = cgroup.find("/", start)
                return cgroup[start:] if end < 0 else cgroup[start:end]
    return None


def resolve_lxc(mgr: ContainerManager, t: ThreadInfo) -> bool:
    cid = match_lxc(t.cgroups)
    return cid is not None and _name_is_id_resolve(mgr, t, cid, CT_LXC)


LIBVIRT_SUFFIX = ".libvirt-lxc"
LIBVIRT_SYSTEMD = "-lxc\\x2"  # the unit's escaped "-lxc\x2d<name>.scope"
LIBVIRT_LEGACY = "/libvirt/lxc/"


def match_libvirt_lxc(cgroups: list[tuple[str, str]]) -> str | None:
    """libvirt_lxc::match: ``/<id>.libvirt-lxc``, ``...-lxc\\x2d<id>.scope`` or ``/libvirt/lxc/<id>``."""
    for _subsys, cgroup in cgroups:
        if "lxc" not in cgroup:  # in all three forms: a quick test for the many host cgroups
            continue
        pos = cgroup.find(LIBVIRT_SUFFIX)
        if pos >= 0 and pos == len(cgroup) - len(LIBVIRT_SUFFIX):
            slash = cgroup.rfind("/")
            if slash >= 0:
                return cgroup[slash + 1:pos]
        pos = cgroup.find(LIBVIRT_SYSTEMD)
        if pos >= 0:
            scope = cgroup.find(".scope")
            if scope >= 0 and scope == len(cgroup) - len(".scope"):
                skip = len(LIBVIRT_SYSTEMD) + 1  # sizeof(): one past the marker, over the 'd' of \x2d
                return _substr(cgroup, pos + skip, scope - pos - skip)
        pos = cgroup.find(LIBVIRT_LEGACY)
        if pos >= 0:
            return cgroup[pos + len(LIBVIRT_LEGACY):]
    return None


def resolve_libvirt_lxc(mgr: ContainerManager, t: ThreadInfo) -> bool:
    cid = match_libvirt_lxc(t.cgroups)
    return cid is not None and _name_is_id_resolve(mgr, t, cid, CT_LIBVIRT_LXC)


MESOS_ID_CHARS = frozenset("0123456789abcdefABCDEF-")


def mesos_task_id(t: ThreadInfo) -> str:
    """mesos::get_env_mesos_task_id: the thread's or its nearest parent's task id variable."""
    found = [""]

    def visit(p: ThreadInfo) -> bool:
        for name in ("MESOS_TASK_ID", "mesos_task_id", "MESOS_EXECUTOR_ID"):
            found[0] = get_env(p, name)
            if found[0]:
                return False
        return True

    if visit(t):
        traverse_parents(t, visit)
    return found[0]


def match_mesos(t: ThreadInfo) -> tuple[str, str] | None:
    """mesos::match: (id, task id) for ``/mesos/<36-char uuid>`` with a plausible task id."""
    for _subsys, cgroup in t.cgroups:
        pos = cgroup.find("/mesos/")
        if pos >= 0:
            cid = cgroup[pos + len("/mesos/"):]
            if len(cid) == 36 and all(c in MESOS_ID_CHARS for c in cid):
                mtid = mesos_task_id(t)
                ok = len(mtid) >= 3 and ("." in mtid or "_" in mtid)
                return (cid, mtid) if ok else None
    return None


def resolve_mesos(mgr: ContainerManager, t: ThreadInfo) -> bool:
    m = match_mesos(t)
    return m is not None and _name_is_id_resolve(mgr, t, m[0], CT_MESOS, {"mesos_task_id": m[1]})


COREOS_PODID_VAR = "container_uuid="
SYSTEMD_UUID_ARG = "--uuid="
SERVICE_SUFFIX = ".service"
COREOS_PREFIX = "/opt/stage2/"
COREOS_APP_SUFFIX = "/rootfs"
FLY_PREFIX = "/var/lib/rkt/pods/run/"
FLY_PODID_SUFFIX = "/stage1/rootfs/opt/stage2/"
FLY_APP_SUFFIX = "/rootfs"


def _rkt_podid_of_parents(t: ThreadInfo) -> str:
    """The pod id a parent carries: a ``container_uuid=`` variable or a ``--uuid=`` argument."""
    podid = [""]

    def visit(p: ThreadInfo) -> bool:
        for var in _env_list(p):
            if var.startswith(COREOS_PODID_VAR):
                podid[0] = var[len(COREOS_PODID_VAR):]
                return False
        for arg in p.args:
            if SYSTEMD_UUID_ARG in arg:
                podid[0] = arg[len(SYSTEMD_UUID_ARG):]  # sinsp cuts at 7 wherever the option is
                return False
        return True

    traverse_parents(t, visit)
    return podid[0]


def _ends_with_service(cgroup: str) -> bool:
    """sinsp's unsigned test rfind(".service") == size() - 8 also holds for any 7-character path."""
    return cgroup.endswith(SERVICE_SUFFIX) or len(cgroup) == len(SERVICE_SUFFIX) - 1


def match_rkt(mgr: ContainerManager, t: ThreadInfo) -> tuple[str, str] | None:
    """rkt::match in capture mode: (id, app name) of a known ``<pod>:<app>`` unit or a rkt root."""
    # a .service unit under a parent that names the pod: only a container already in the table counts
    # (no OS query reading a file), so without one whose id has a ':' nothing can match
    if any(":" in cid for cid in mgr.containers):
        podid: str | None = None
        for _subsys, cgroup in t.cgroups:
            if not _ends_with_service(cgroup):
                continue
            if podid is None:
                podid = _rkt_podid_of_parents(t)
            if podid:
                slash = cgroup.rfind("/")
                app = _substr(cgroup, slash + 1, len(cgroup) - slash - len(SERVICE_SUFFIX) - 1)
                cid = f"{podid}:{app}"
                if cid in mgr.containers:
                    return cid, app
    root = t.root
    if root.startswith(COREOS_PREFIX):
        suffix = root.find(COREOS_APP_SUFFIX)
        if suffix < 0:
            return None
        app = _substr(root, len(COREOS_PREFIX), suffix - len(COREOS_PREFIX))
        for p in [t, *_parents(t)]:
            for var in _env_list(p):
                if var.startswith(COREOS_PODID_VAR):
                    return f"{var[len(COREOS_PODID_VAR):]}:{app}", app
        return None
    if root.startswith(FLY_PREFIX):
        pod_end = root.find(FLY_PODID_SUFFIX, len(FLY_PREFIX))
        if pod_end >= 0:
            app_start = pod_end + len(FLY_PODID_SUFFIX)
            app_end = root.find(FLY_APP_SUFFIX, app_start)
            if app_end >= 0:
                app = root[app_start:app_end]
                return f"{root[len(FLY_PREFIX):pod_end]}:{app}", app
    return None


def _parents(t: ThreadInfo) -> list[ThreadInfo]:
    out: list[ThreadInfo] = []

    def visit(p: ThreadInfo) -> bool:
        out.append(p)
        return True

    traverse_parents(t, visit)
    return out


def resolve_rkt(mgr: ContainerManager, t: ThreadInfo) -> bool:
    """rkt::resolve in capture mode: the id only (no manifest is read, no entry is stored)."""
    m = match_rkt(mgr, t)
    if m is None:
        return False
    t.container_id = m[0]
    return True


BPM_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def match_bpm(cgroups: list[tuple[str, str]]) -> str | None:
    """bpm: the text after ``bpm-`` up to ``.scope`` (or the end), of BPM job id characters."""
    for _subsys, cgroup in cgroups:
        pos = cgroup.find("bpm-")
        if pos >= 0:
            start = pos + len("bpm-")
            end = cgroup.find(".scope", start)
            cid = cgroup[start:] if end < 0 else cgroup[start:end]
            if cid and all(c in BPM_ID_CHARS for c in cid):
                return cid
    return None


def resolve_bpm(mgr: ContainerManager, t: ThreadInfo) -> bool:
    cid = match_bpm(t.cgroups)
    return cid is not None and _name_is_id_resolve(mgr, t, cid, CT_BPM)


# sinsp_container_manager::create_engines on Linux (no static container: sysdig sets none)
ENGINES: tuple[Engine, ...] = (resolve_podman, resolve_docker, resolve_cri, resolve_lxc, resolve_libvirt_lxc,
                               resolve_mesos, resolve_rkt, resolve_bpm)
