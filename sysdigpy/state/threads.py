"""Threads as libsinsp tracks them (sinsp_threadinfo and the thread manager)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sysdigpy.events.event import Event

from collections.abc import Callable
from collections.abc import Iterator

from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.state.fds import CANCELED_FD_NUMBER
from sysdigpy.state.fds import FLAGS_CLOSE_CANCELED
from sysdigpy.state.fds import FLAGS_CLOSE_IN_PROGRESS
from sysdigpy.state.fds import FdInfo
from sysdigpy.state.fds import fix_socket_direction
from sysdigpy.state.fds import from_record

# PPM_CL_* clone flags (and the sinsp-only ones)
CL_CLONE_FILES = 1 << 0
CL_CLONE_FS = 1 << 1
CL_CLONE_THREAD = 1 << 13
CL_CLONE_INVERTED = 1 << 16
CL_NAME_CHANGED = 1 << 17
CL_CLOSED = 1 << 18
CL_ACTIVE = 1 << 19
CL_PIPE_SRC = 1 << 21
CL_PIPE_DST = 1 << 22
CL_CHILD_IN_PIDNS = 1 << 29
CL_IS_MAIN_THREAD = 1 << 30

UNSET_ID = 0xFFFFFFFF
SCAP_MAX_PATH_SIZE = 1024


# ---- paths (sinsp_utils::concatenate_paths) ------------------------------------------------------
def _rewind(buf: bytearray, tc: int) -> int:
    if tc <= 1:
        return tc
    tc -= 1
    while tc >= 1 and buf[tc - 1] != 0x2F:
        tc -= 1
    return tc


def sanitize_path_into(buf: bytearray, tc: int, path: bytes) -> int:
    """copy_and_sanitize_path: append ``path`` at ``tc`` resolving ./ ../ and //."""
    p = path.split(b"\0", 1)[0] + b"\0\0\0"
    pc = 0
    while True:
        c = p[pc]
        if c == 0:
            if tc > 1 and buf[tc - 1] == 0x2F:
                tc -= 1
            return tc
        if not 0x20 <= c < 0x7F:
            buf[tc] = 0x2E
            tc, pc = tc + 1, pc + 1
        elif c == 0x2E and p[pc + 1] == 0x2E and p[pc + 2] == 0x2F:
            tc, pc = _rewind(buf, tc), pc + 3
        elif c == 0x2E and p[pc + 1] == 0x2E:
            if p[pc + 2] == 0:
                tc, pc = _rewind(buf, tc), pc + 2
            else:
                buf[tc:tc + 2] = b".."
                tc, pc = tc + 2, pc + 2
        elif c == 0x2E and p[pc + 1] == 0x2F:
            pc += 2
        elif c == 0x2E:
            if p[pc + 1] != 0:
                buf[tc] = c
                tc += 1
            pc += 1
        elif c == 0x2F and tc > 0 and buf[tc - 1] == 0x2F:
            pc += 1
        else:
            buf[tc] = c
            tc, pc = tc + 1, pc + 1


def concatenate_paths(base: str | bytes, path: str | bytes, pathlen: int | None = None) -> str:
    """sinsp_utils::concatenate_paths (unix flavour).

    ``pathlen`` is the parameter length sinsp passes (the string plus its NUL); it only
    matters for the empty case (length 0 means "no path": the result is "").
    """
    b = base.encode("utf-8", "surrogateescape") if isinstance(base, str) else base
    p = path.encode("utf-8", "surrogateescape") if isinstance(path, str) else path
    n = len(p) if pathlen is None else pathlen
    if SCAP_MAX_PATH_SIZE < len(b) + n + 1:
        return "/PATH_TOO_LONG"
    buf = bytearray(len(b) + len(p) + 4)
    if n != 0 and p[:1] != b"/":
        buf[:len(b)] = b
        tc = sanitize_path_into(buf, len(b), p)
    else:
        tc = sanitize_path_into(buf, 0, p)
    return bytes(buf[:tc]).decode("utf-8", "surrogateescape")


def split_nul_list(data: bytes) -> list[str]:
    """sinsp set_args/set_env: NUL-separated strings over the whole buffer."""
    if not data:
        return []
    parts = data.split(b"\0")
    if data.endswith(b"\0"):
        parts.pop()
    return [x.decode("utf-8", "surrogateescape") for x in parts]


def env_list(items: list[str]) -> list[str]:
    """sinsp set_env: the strings stop where the rest of the buffer is all NULs (no trailing "")."""
    n = len(items)
    while n and not items[n - 1]:
        n -= 1
    return items[:n]


_SUBSYS_RENAMES = {"perf": "perf_event", "mem": "memory", "io": "blkio"}


def parse_cgroups(entries: list[str]) -> list[tuple[str, str]]:
    """sinsp set_cgroups: ``subsys=/path`` split at the last '=', with subsystem renames."""
    out = []
    for s in entries:
        subsys, eq, path = s.rpartition("=")
        if not eq:
            break
        j = subsys.find("_cgroup")
        if j >= 0:
            subsys = subsys[:j] + subsys[j + 7:]
        out.append((_SUBSYS_RENAMES.get(subsys, subsys), path))
    return out


class ThreadInfo:
    """One thread (sinsp_threadinfo)."""

    __slots__ = (
        "table", "tid", "pid", "ptid", "comm", "exe", "exepath", "args", "env", "cwd", "flags",
        "uid", "gid", "loginuid", "vtid", "vpid", "sid", "vpgid", "tty", "cgroups", "root",
        "fdlimit", "vmsize_kb", "vmrss_kb", "vmswap_kb", "pfmajor", "pfminor", "clone_ts", "nchilds",
        "exe_writable", "container_id", "fdtable", "lastevent_fd", "lastevent_type", "lastevent_ts",
        "prevevent_ts", "last_latency_entertime", "latency", "lastevent_data", "lastevent_data_valid",
        "lastevent_cpuid", "exectime", "placeholder", "private_state",
    )

    def __init__(self, table: ThreadTable | None = None, tid: int = -1) -> None:
        self.table = table
        self.tid = tid
        self.pid = -1
        self.ptid = -1
        self.comm = ""
        self.exe = ""
        self.exepath = ""
        self.args: list[str] = []
        self.env: list[str] = []
        self.cwd = ""
        self.flags = CL_NAME_CHANGED
        self.uid = 0
        self.gid = 0
        self.loginuid = 0
        self.vtid = -1
        self.vpid = -1
        self.sid = -1
        self.vpgid = -1
        self.tty = 0
        self.cgroups: list[tuple[str, str]] = []
        self.root = ""
        self.fdlimit = -1
        self.vmsize_kb = 0
        self.vmrss_kb = 0
        self.vmswap_kb = 0
        self.pfmajor = 0
        self.pfminor = 0
        self.clone_ts = 0
        self.nchilds = 0
        self.exe_writable = False
        self.container_id = ""
        self.fdtable: dict[int, FdInfo] = {}
        # parser bookkeeping
        self.lastevent_fd = 0
        self.lastevent_type = -1
        self.lastevent_ts = 0
        self.prevevent_ts = 0
        self.last_latency_entertime = 0
        self.latency = 0
        self.lastevent_data: Event | None = None  # the stored enter Event (store_event), or None
        self.lastevent_data_valid = False
        self.lastevent_cpuid = 0
        self.exectime = 0
        self.placeholder = False
        # sinsp's per-filtercheck thread memory (m_private_state): key -> value, zeroed on add_thread
        self.private_state: dict[object, int] = {}

    # ---- relations ------------------------------------------------------------------------------
    def is_main_thread(self) -> bool:
        return self.tid == self.pid or bool(self.flags & CL_IS_MAIN_THREAD)

    def main_thread(self) -> ThreadInfo | None:
        """The process's main thread; sinsp looks it up (creating a placeholder) by pid."""
        if self.is_main_thread():
            return self
        if self.table is None:
            return None
        return self.table.get_ref(self.pid, True)

    def parent(self) -> ThreadInfo | None:
        return None if self.table is None else self.table.get(self.ptid)

    # ---- fds ------------------------------------------------------------------------------------
    def fd_table(self) -> dict[int, FdInfo] | None:
        if not self.flags & CL_CLONE_FILES:
            return self.fdtable
        root = self.main_thread()
        return None if root is None else root.fdtable

    def get_fd(self, fd: int) -> FdInfo | None:
        if fd < 0:
            return None
        t = self.fd_table()
        if t is None:
            return None
        fdi = t.get(fd)
        if fdi is not None:
            fdi.oldname = fdi.name
        return fdi

    def add_fd(self, fd: int, fdinfo: FdInfo) -> FdInfo | None:
        """sinsp add_fd: insert a copy, or overwrite the existing entry in place."""
        t = self.fd_table()
        self.lastevent_fd = fd
        if t is None:
            return None
        old = t.get(fd)
        if old is None:
            new = fdinfo.copy()
            new.fd = fd
            t[fd] = new
            return new
        if old.flags & FLAGS_CLOSE_IN_PROGRESS:  # keep the old entry aside, mark the new one
            fdinfo.flags = (fdinfo.flags & ~FLAGS_CLOSE_IN_PROGRESS) | FLAGS_CLOSE_CANCELED
            t[CANCELED_FD_NUMBER] = old.copy()
        if fdinfo is not old:
            old.assign(fdinfo)
        return old

    def remove_fd(self, fd: int) -> None:
        t = self.fd_table()
        if t is not None:
            t.pop(fd, None)

    # ---- cwd ------------------------------------------------------------------------------------
    def get_cwd(self) -> str:
        mt = self.main_thread()
        return mt.cwd if mt is not None else "./"

    def set_cwd(self, path: bytes | str, pathlen: int | None = None) -> None:
        """sinsp set_cwd: resolve against the main thread's cwd, keep a trailing '/'."""
        mt = self.main_thread()
        if mt is None:
            return
        cwd = concatenate_paths(mt.cwd, path, pathlen)
        if not cwd.endswith("/"):
            cwd += "/"
        mt.cwd = cwd

    def __repr__(self) -> str:
        return f"ThreadInfo(tid={self.tid}, pid={self.pid}, ptid={self.ptid}, comm={self.comm!r})"


def thread_from_record(table: ThreadTable | None, r: ProcRecord) -> ThreadInfo:
    """sinsp_threadinfo::init(scap_threadinfo*) minus the fds."""
    t = ThreadInfo(table, r.tid)
    t.pid, t.ptid, t.sid, t.vpgid = r.pid, r.ptid, r.sid, r.vpgid
    t.comm, t.exe, t.exepath, t.exe_writable = r.comm, r.exe, r.exepath, r.exe_writable
    t.args = list(r.args)
    if t.is_main_thread():
        t.env = env_list(list(r.env))
        t.set_cwd(r.cwd)
    t.flags |= r.flags | CL_ACTIVE
    t.fdlimit, t.uid, t.gid = r.fdlimit, r.uid, r.gid
    t.vmsize_kb, t.vmrss_kb, t.vmswap_kb = r.vmsize_kb, r.vmrss_kb, r.vmswap_kb
    t.pfmajor, t.pfminor = r.pfmajor, r.pfminor
    t.vtid, t.vpid, t.tty, t.loginuid = r.vtid, r.vpid, r.tty, r.loginuid
    t.cgroups = parse_cgroups([f"{k}={v}" for k, v in r.cgroups])
    t.root = r.root
    return t


class ThreadTable:
    """tid -> ThreadInfo, with sinsp's thread-manager behaviour."""

    def __init__(self) -> None:
        self.threads: dict[int, ThreadInfo] = {}
        self.server_ports: set[int] = set()

    # ---- dict-like ----------------------------------------------------------------------------
    def __contains__(self, tid: object) -> bool:
        return tid in self.threads

    def __getitem__(self, tid: int) -> ThreadInfo:
        return self.threads[tid]

    def __len__(self) -> int:
        return len(self.threads)

    def __iter__(self) -> Iterator[int]:
        return iter(self.threads)

    def values(self) -> Iterator[ThreadInfo]:
        return iter(list(self.threads.values()))

    def get(self, tid: int) -> ThreadInfo | None:
        return self.threads.get(tid)

    # ---- sinsp thread manager -------------------------------------------------------------------
    def get_ref(self, tid: int, create: bool) -> ThreadInfo | None:
        """get_thread_ref in file mode: an unknown tid gets a placeholder when ``create``."""
        t = self.threads.get(tid)
        if t is not None or not create:
            return t
        t = ThreadInfo(self, tid)
        t.pid, t.ptid = tid, -1
        t.comm = t.exe = "<NA>"
        t.uid = t.gid = t.loginuid = UNSET_ID
        t.placeholder = True
        t.nchilds = sum(1 for o in self.threads.values() if o.pid == tid)
        self.add(t, from_proc=False)
        return t

    def add(self, t: ThreadInfo, from_proc: bool = False) -> None:
        t.table = self
        t.private_state = {}  # allocate_private_state: fresh, zeroed memory for every filtercheck
        if not from_proc and t.flags & CL_CLONE_THREAD:
            mt = self.get_ref(t.pid, True)
            if mt is not None:
                mt.nchilds += 1
        self.threads[t.tid] = t

    def remove(self, tid: int, force: bool = False) -> bool:
        """remove_thread: a main thread with live threads stays unless ``force``."""
        t = self.threads.get(tid)
        if t is None:
            return False
        nchilds = t.nchilds
        if nchilds != 0 and not force:
            return False
        if t.flags & CL_CLONE_THREAD:
            mt = self.threads.get(t.pid)
            if mt is not None and mt.nchilds > 0:
                mt.nchilds -= 1
        del self.threads[tid]
        if nchilds != 0:
            self.recreate_child_dependencies()
        return True

    def create_child_dependencies(self) -> None:
        for t in list(self.threads.values()):
            if t.flags & CL_CLONE_THREAD:
                mt = self.get_ref(t.pid, True)
                if mt is not None:
                    mt.nchilds += 1

    def recreate_child_dependencies(self) -> None:
        for t in self.threads.values():
            t.nchilds = 0
        self.create_child_dependencies()

    # ---- import ---------------------------------------------------------------------------------
    @classmethod
    def from_metadata(cls, meta: CaptureMetadata, resolve_ports: bool = False,
                      on_thread: Callable[[ThreadInfo], object] | None = None) -> ThreadTable:
        """What sinsp does with the PL and FDL blocks before the first event (-R: socket names
        carry service names); ``on_thread`` sees each thread before it joins the table, as
        sinsp_threadinfo::init resolves its container."""
        table = cls()
        for r in meta.procs:
            t = thread_from_record(table, r)
            if on_thread is not None:
                on_thread(t)
            for fr in meta.fds.get(r.tid, ()):
                fdi = from_record(fr, table.server_ports, resolve_ports)
                if fdi is not None:
                    t.fdtable[fr.fd] = fdi  # its own table, even with CLONE_FILES
            table.threads[t.tid] = t
        table.create_child_dependencies()
        for t in table.threads.values():
            for fdi in t.fdtable.values():
                fix_socket_direction(fdi, table.server_ports, resolve_ports)
        return table
