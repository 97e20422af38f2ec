"""A snapshot of the machine from /proc at capture start, as CaptureMetadata.

Threads become ProcRecords; the fds of main threads become FdRecords (files as
FILE_V2 with path and PPM open flags, sockets matched by inode against
/proc/net/{tcp,tcp6,udp,udp6,unix}, pipes, anon inodes by kind).  Users and
groups come from /etc/passwd and /etc/group, interfaces from /proc/net and
ioctls.
"""

from __future__ import annotations

import fcntl
import os
import re
import socket
import struct
import time
from pathlib import Path

from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import GroupRecord
from sysdigpy.probe.metadata import IfaceRecord
from sysdigpy.probe.metadata import MachineInfo
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.probe.metadata import UserRecord

PROC = Path("/proc")

# scap fd types
FD_FILE, FD_IPV4_SOCK, FD_IPV6_SOCK, FD_UNIX_SOCK, FD_PIPE = 1, 3, 4, 5, 7
FD_UNSUPPORTED, FD_EVENT, FD_SIGNALFD, FD_EVENTPOLL, FD_INOTIFY = 10, 9, 11, 12, 13
FD_TIMERFD, FD_NETLINK, FD_FILE_V2 = 14, 15, 16
L4_TCP, L4_UDP = 3, 4  # scap_l4_proto

_ANON = {"[eventfd]": FD_EVENT, "[signalfd]": FD_SIGNALFD, "[eventpoll]": FD_EVENTPOLL,
         "inotify": FD_INOTIFY, "[timerfd]": FD_TIMERFD}
_CONTAINER_RE = re.compile(r"(?:docker-|crio-|cri-containerd-|/docker/|/kubepods/.*/)([0-9a-f]{64})")


def _read(path: Path | str) -> str:
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""


def _status(pid_dir: Path) -> dict[str, str]:
    out = {}
    for line in _read(pid_dir / "status").splitlines():
        k, _, v = line.partition(":")
        out[k] = v.strip()
    return out


def ppm_open_flags(linux: int) -> int:
    """Linux open flags -> PPM file_flags (same mapping as the BPF probe)."""
    r = ((linux & 3) + 1) & 3
    for lin, ppm in ((0o100, 4), (0o2000, 8), (0o10000, 16), (0o200, 32), (0o4000, 64),
                     (0o4000000, 128), (0o1000, 256), (0o40000, 512), (0o200000, 1024),
                     (0o100000, 2048), (0o2000000, 4096), (0o20000000, 8192)):
        if linux & lin:
            r |= ppm
    return r


# ------------------------------------------------------------------ network

def _hex_ip(h: str) -> bytes:
    raw = bytes.fromhex(h)
    # /proc/net prints the address as host-order 32-bit words
    return b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))


def net_sockets(root: Path = PROC) -> dict[int, FdRecord]:
    """Socket inode -> FdRecord template (fd 0) from /proc/net."""
    out: dict[int, FdRecord] = {}
    for name, kind, proto in (("tcp", FD_IPV4_SOCK, L4_TCP), ("udp", FD_IPV4_SOCK, L4_UDP),
                              ("tcp6", FD_IPV6_SOCK, L4_TCP), ("udp6", FD_IPV6_SOCK, L4_UDP)):
        for line in _read(root / "net" / name).splitlines()[1:]:
            f = line.split()
            if len(f) < 10:
                continue
            (lip, lport), (rip, rport) = (x.split(":") for x in f[1:3])
            ino = int(f[9])
            out[ino] = FdRecord(fd=0, ino=ino, fdtype=kind, sip=_hex_ip(lip), dip=_hex_ip(rip),
                                sport=int(lport, 16), dport=int(rport, 16), l4proto=proto)
    for line in _read(root / "net" / "unix").splitlines()[1:]:
        f = line.split()
        if len(f) < 7:
            continue
        ino = int(f[6])
        out[ino] = FdRecord(fd=0, ino=ino, fdtype=FD_UNIX_SOCK, name=f[7] if len(f) > 7 else "",
                            source=int(f[0].rstrip(":"), 16))
    return out


def _netlink_inodes(root: Path = PROC) -> set[int]:
    out = set()
    for line in _read(root / "net" / "netlink").splitlines()[1:]:
        f = line.split()
        if len(f) >= 10:
            out.add(int(f[9]))
    return out


# ---------------------------------------------------------------------- fds

def _fdinfo_flags(pid_dir: Path, fd: int) -> int:
    for line in _read(pid_dir / "fdinfo" / str(fd)).splitlines():
        if line.startswith("flags:"):
            return int(line.split()[1], 8)
    return 0


def scan_fds(pid_dir: Path, socks: dict[int, FdRecord], netlink: set[int]) -> list[FdRecord]:
    out = []
    try:
        fds = sorted(int(x) for x in os.listdir(pid_dir / "fd"))
    except OSError:
        return out
    for fd in fds:
        rec = fd_record(pid_dir, fd, socks, netlink)
        if rec is not None:
            out.append(rec)
    return out


def fd_record(pid_dir: Path, fd: int, socks: dict[int, FdRecord], netlink: set[int]) -> FdRecord | None:
    try:
        target = os.readlink(pid_dir / "fd" / str(fd))
        st = os.stat(pid_dir / "fd" / str(fd))
    except OSError:
        return None
    ino = st.st_ino
    if target.startswith("socket:["):
        tmpl = socks.get(ino)
        if tmpl is not None:
            return FdRecord(fd=fd, ino=ino, fdtype=tmpl.fdtype, name=tmpl.name, sip=tmpl.sip, dip=tmpl.dip,
                            sport=tmpl.sport, dport=tmpl.dport, l4proto=tmpl.l4proto, source=tmpl.source)
        kind = FD_NETLINK if ino in netlink else FD_UNSUPPORTED
        return FdRecord(fd=fd, ino=ino, fdtype=kind, name=target)
    if target.startswith("pipe:["):
        return FdRecord(fd=fd, ino=ino, fdtype=FD_PIPE, name=target)
    if target.startswith("anon_inode:"):
        kind = _ANON.get(target.removeprefix("anon_inode:"), FD_UNSUPPORTED)
        return FdRecord(fd=fd, ino=ino, fdtype=kind, name=target)
    flags = ppm_open_flags(_fdinfo_flags(pid_dir, fd))
    return FdRecord(fd=fd, ino=ino, fdtype=FD_FILE_V2, name=target, open_flags=flags, dev=st.st_dev)


# --------------------------------------------------------------- processes

def _split0(raw: bytes) -> list[str]:
    return [x.decode(errors="replace") for x in raw.split(b"\0") if x]


def _cgroups(pid_dir: Path) -> list[tuple[str, str]]:
    out = []
    for line in _read(pid_dir / "cgroup").splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            for sub in (parts[1] or "unified").split(","):
                out.append((sub.removeprefix("name="), parts[2]))
    return out


def container_id(cgroups: list[tuple[str, str]]) -> str:
    """The 12-character container id found in the cgroup paths, or ""."""
    for _sub, path in cgroups:
        m = _CONTAINER_RE.search(path)
        if m:
            return m.group(1)[:12]
    return ""


def _nspid(status: dict[str, str], key: str, default: int) -> int:
    vals = status.get(key, "").split()
    return int(vals[-1]) if vals else default


def proc_record(pid_dir: Path, tid: int, pid: int) -> ProcRecord | None:
    st = _status(pid_dir)
    if not st:
        return None
    stat = _read(pid_dir / "stat")
    rest = stat[stat.rfind(")") + 2:].split()
    try:
        raw_cmd = (pid_dir / "cmdline").read_bytes()
        raw_env = (pid_dir / "environ").read_bytes()
    except OSError:
        raw_cmd = raw_env = b""
    args = _split0(raw_cmd)
    uids, gids = st.get("Uid", "0").split(), st.get("Gid", "0").split()
    rec = ProcRecord(tid=tid, pid=pid, ptid=int(st.get("PPid", "0")), comm=st.get("Name", ""),
                     exe=args[0] if args else st.get("Name", ""), args=args[1:], env=_split0(raw_env))
    rec.exepath = _readlink(pid_dir / "exe")
    rec.cwd = _readlink(pid_dir / "cwd")
    rec.root = _readlink(pid_dir / "root")
    rec.uid, rec.gid = int(uids[1]), int(gids[1])  # effective ids
    rec.vtid, rec.vpid = _nspid(st, "NSpid", tid), _nspid(st, "NStgid", pid)
    rec.vmsize_kb = _kb(st.get("VmSize")); rec.vmrss_kb = _kb(st.get("VmRSS")); rec.vmswap_kb = _kb(st.get("VmSwap"))  # noqa: E702
    rec.cap_inheritable = int(st.get("CapInh", "0"), 16)
    rec.cap_permitted = int(st.get("CapPrm", "0"), 16)
    rec.cap_effective = int(st.get("CapEff", "0"), 16)
    if len(rest) > 10:
        rec.pfminor, rec.pfmajor = int(rest[7]), int(rest[9])
        rec.vpgid, rec.sid, rec.tty = int(rest[2]), int(rest[3]), int(rest[4])
    rec.cgroups = _cgroups(pid_dir)
    rec.fdlimit = _fdlimit(pid_dir)
    loginuid = _read(pid_dir / "loginuid").strip()
    rec.loginuid = int(loginuid) if loginuid.isdigit() else 0xFFFFFFFF
    return rec


def _readlink(p: Path) -> str:
    try:
        return os.readlink(p)
    except OSError:
        return ""


def _kb(v: str | None) -> int:
    return int(v.split()[0]) if v else 0


def _fdlimit(pid_dir: Path) -> int:
    for line in _read(pid_dir / "limits").splitlines():
        if line.startswith("Max open files"):
            soft = line.split()[3]
            return int(soft) if soft.isdigit() else -1
    return 0


def scan_procs(root: Path = PROC) -> tuple[list[ProcRecord], dict[int, list[FdRecord]]]:
    procs: list[ProcRecord] = []
    fds: dict[int, list[FdRecord]] = {}
    socks = net_sockets(root)
    netlink = _netlink_inodes(root)
    for name in sorted(os.listdir(root), key=lambda x: (len(x), x)):
        if not name.isdigit():
            continue
        pid = int(name)
        pid_dir = root / name
        try:
            tids = sorted(int(t) for t in os.listdir(pid_dir / "task"))
        except OSError:
            continue
        for tid in tids:
            rec = proc_record(pid_dir if tid == pid else pid_dir / "task" / str(tid), tid, pid)
            if rec is not None:
                procs.append(rec)
        fds[pid] = scan_fds(pid_dir, socks, netlink)
    return procs, fds


# ------------------------------------------------------- users, machine, net

def scan_users(passwd: Path = Path("/etc/passwd")) -> list[UserRecord]:
    out = []
    for line in _read(passwd).splitlines():
        f = line.split(":")
        if len(f) >= 7 and f[2].isdigit() and f[3].isdigit():
            out.append(UserRecord(uid=int(f[2]), gid=int(f[3]), name=f[0], homedir=f[5], shell=f[6]))
    return out


def scan_groups(group: Path = Path("/etc/group")) -> list[GroupRecord]:
    out = []
    for line in _read(group).splitlines():
        f = line.split(":")
        if len(f) >= 3 and f[2].isdigit():
            out.append(GroupRecord(gid=int(f[2]), name=f[0]))
    return out


def machine_info() -> MachineInfo:
    mem = 0
    for line in _read(PROC / "meminfo").splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) * 1024
    max_pid = _read(PROC / "sys/kernel/pid_max").strip()
    boot_ts = time.time_ns() - time.clock_gettime_ns(time.CLOCK_BOOTTIME)
    return MachineInfo(num_cpus=os.cpu_count() or 1, memory_size_bytes=mem,
                       max_pid=int(max_pid) if max_pid.isdigit() else 0,
                       hostname=socket.gethostname(), boot_ts=boot_ts)


_SIOCGIFADDR, _SIOCGIFNETMASK, _SIOCGIFBRDADDR = 0x8915, 0x891B, 0x8919


def _ifreq(sock: socket.socket, name: str, req: int) -> bytes:
    try:
        res = fcntl.ioctl(sock.fileno(), req, struct.pack("256s", name.encode()[:15]))
        return res[20:24]
    except OSError:
        return b"\0\0\0\0"


def scan_ifaces(root: Path = PROC) -> list[IfaceRecord]:
    out = []
    names = [line.split(":")[0].strip() for line in _read(root / "net/dev").splitlines()[2:]]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for name in names:
            addr = _ifreq(s, name, _SIOCGIFADDR)
            if addr != b"\0\0\0\0":
                out.append(IfaceRecord(kind=1, name=name, addr=addr, netmask=_ifreq(s, name, _SIOCGIFNETMASK),
                                       bcast=_ifreq(s, name, _SIOCGIFBRDADDR)))
    for line in _read(root / "net/if_inet6").splitlines():
        f = line.split()
        if len(f) >= 6:
            plen = int(f[2], 16)
            mask = ((1 << 128) - 1) ^ ((1 << (128 - plen)) - 1)
            out.append(IfaceRecord(kind=2, name=f[5], addr=bytes.fromhex(f[0]),
                                   netmask=mask.to_bytes(16, "big"), bcast=b"\0" * 16))
    return out


def snapshot(root: Path = PROC) -> CaptureMetadata:
    """Everything the capture needs to know about the machine before its first event."""
    procs, fds = scan_procs(root)
    return CaptureMetadata(machine=machine_info(), procs=procs, fds=fds, users=scan_users(),
                           groups=scan_groups(), ifaces=scan_ifaces(root), has_ifaces=True, has_users=True)
