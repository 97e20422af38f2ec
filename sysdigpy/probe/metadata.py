"""What a capture says about the machine before its first event.

The .scap reader fills these from the metadata blocks (MI, PL, FDL, UL, IL); the
live source fills them from /proc; the writer turns them back into blocks.  They
are plain records: the state package builds its tables from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field


@dataclass(slots=True)
class MachineInfo:
    num_cpus: int = 0
    memory_size_bytes: int = 0
    max_pid: int = 0
    hostname: str = ""
    boot_ts: int = 0
    flags: int = 0


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


@dataclass(slots=True)
class FdRecord:
    """One fd-list record.  ``fdtype`` is the scap fd type (1 file ... 16 file_v2)."""

    fd: int
    ino: int
    fdtype: int
    name: str = ""
    # sockets: addresses as bytes (4 or 16, network order), ports host order
    sip: bytes = b""
    dip: bytes = b""
    sport: int = 0
    dport: int = 0
    l4proto: int = 0
    # unix sockets
    source: int = 0
    dest: int = 0
    # FILE_V2
    open_flags: int = 0
    dev: int = 0


@dataclass(slots=True)
class UserRecord:
    uid: int
    gid: int
    name: str
    homedir: str = ""
    shell: str = ""
    container_id: str = ""


@dataclass(slots=True)
class GroupRecord:
    gid: int
    name: str
    container_id: str = ""


@dataclass(slots=True)
class IfaceRecord:
    kind: int  # 1 IPv4, 2 IPv6 (3/4: without link speed, old files)
    name: str
    addr: bytes
    netmask: bytes
    bcast: bytes
    linkspeed: int = 0


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
