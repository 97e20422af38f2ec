"""What a capture says about the machine before its first event.

The .scap reader fills these from the metadata blocks (MI, PL, FDL, UL, IL); the
live source fills them from /proc; the writer turns them back into blocks.  They
are plain records: the state package builds its tables from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from sysdigpy.records import Record


# The small records are plain classes (a Record: @dataclass's __eq__ and __repr__) to keep start-up
# short; ProcRecord and CaptureMetadata stay dataclasses (dataclasses.replace() copies them).
class MachineInfo(Record):
    __slots__ = _fields = ("num_cpus", "memory_size_bytes", "max_pid", "hostname", "boot_ts", "flags")

    def __init__(self, num_cpus: int = 0, memory_size_bytes: int = 0, max_pid: int = 0, hostname: str = "",
                 boot_ts: int = 0, flags: int = 0) -> None:
        self.num_cpus = num_cpus
        self.memory_size_bytes = memory_size_bytes
        self.max_pid = max_pid
        self.hostname = hostname
        self.boot_ts = boot_ts
        self.flags = flags


@dataclass(slots=True)
class ProcRecord:
    """One process-list record (a thread; ``pid == tid`` for a main thread)."""

    tid: int
    pid: int
    ptid: int
    comm: str = ""
    exe: str = ""
    exepath: str = ""
    args: list[str] = field(default_factory=list)
    cwd: str = ""
    fdlimit: int = 0
    flags: int = 0
    uid: int = 0xFFFFFFFF
    gid: int = 0xFFFFFFFF
    vmsize_kb: int = 0
    vmrss_kb: int = 0
    vmswap_kb: int = 0
    pfmajor: int = 0
    pfminor: int = 0
    env: list[str] = field(default_factory=list)
    vtid: int = -1
    vpid: int = -1
    cgroups: list[tuple[str, str]] = field(default_factory=list)
    root: str = ""
    sid: int = -1
    vpgid: int = -1
    loginuid: int = 0xFFFFFFFF
    exe_writable: bool = False
    tty: int = 0
    pidns_init_start_ts: int = 0
    cap_inheritable: int = 0
    cap_permitted: int = 0
    cap_effective: int = 0
    exe_upper_layer: bool = False
    exe_ino: int = 0
    exe_ino_ctime: int = 0
    exe_ino_mtime: int = 0
    tail_len: int = 5  # bytes of V9 tail the record carried (0, 4, 5, 29 or >= 66)


class FdRecord(Record):
    """One fd-list record.  ``fdtype`` is the scap fd type (1 file ... 16 file_v2).

    Sockets: addresses as bytes (4 or 16, network order), ports in host order; unix sockets:
    ``source`` and ``dest``; FILE_V2: ``open_flags`` and ``dev``.
    """

    __slots__ = _fields = ("fd", "ino", "fdtype", "name", "sip", "dip", "sport", "dport", "l4proto", "source", "dest",
                           "open_flags", "dev")

    def __init__(self, fd: int, ino: int, fdtype: int, name: str = "", sip: bytes = b"", dip: bytes = b"",
                 sport: int = 0, dport: int = 0, l4proto: int = 0, source: int = 0, dest: int = 0,
                 open_flags: int = 0, dev: int = 0) -> None:
        self.fd = fd
        self.ino = ino
        self.fdtype = fdtype
        self.name = name
        self.sip = sip
        self.dip = dip
        self.sport = sport
        self.dport = dport
        self.l4proto = l4proto
        self.source = source
        self.dest = dest
        self.open_flags = open_flags
        self.dev = dev


class UserRecord(Record):
    __slots__ = _fields = ("uid", "gid", "name", "homedir", "shell", "container_id")

    def __init__(self, uid: int, gid: int, name: str, homedir: str = "", shell: str = "",
                 container_id: str = "") -> None:
        self.uid = uid
        self.gid = gid
        self.name = name
        self.homedir = homedir
        self.shell = shell
        self.container_id = container_id


class GroupRecord(Record):
    __slots__ = _fields = ("gid", "name", "container_id")

    def __init__(self, gid: int, name: str, container_id: str = "") -> None:
        self.gid = gid
        self.name = name
        self.container_id = container_id


class IfaceRecord(Record):
    __slots__ = _fields = ("kind", "name", "addr", "netmask", "bcast", "linkspeed")

    def __init__(self, kind: int, name: str, addr: bytes, netmask: bytes, bcast: bytes, linkspeed: int = 0) -> None:
        self.kind = kind  # 1 IPv4, 2 IPv6 (3/4: without link speed, old files)
        self.name = name
        self.addr = addr
        self.netmask = netmask
        self.bcast = bcast
        self.linkspeed = linkspeed


@dataclass(slots=True)
class CaptureMetadata:
    """Everything before the first event of a section."""

    machine: MachineInfo | None = None
    procs: list[ProcRecord] = field(default_factory=list)
    fds: dict[int, list[FdRecord]] = field(default_factory=dict)  # tid -> records, in file order
    users: list[UserRecord] = field(default_factory=list)
    groups: list[GroupRecord] = field(default_factory=list)
    ifaces: list[IfaceRecord] = field(default_factory=list)
    has_ifaces: bool = False
    has_users: bool = False
    shb_minor: int = 2
