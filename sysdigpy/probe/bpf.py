"""The live event source: a BCC program on the raw syscall tracepoints.

This is the only module that imports bcc, and only inside functions.  The kernel
side (``syscalls.bpf.c``) writes scap v2 events (8-byte prefix ``u32 cpu, u32 0``)
into a BPF ring buffer; :class:`BpfSource` maps that ring buffer and walks it from
Python, so events are read in bulk without a callback per event.

Usage::

    src = BpfSource(snaplen=80)
    src.open()
    for ev in src:          # RawEvent objects, until close() or stop()
        ...
    src.stats()             # {"events": n, "drops": n, "read": n}
    src.close()
"""

from __future__ import annotations

import ctypes
import mmap
import os
import re
import select
import struct
import time
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from sysdigpy.probe.errors import BccMissingError
from sysdigpy.probe.errors import NotPrivilegedError
from sysdigpy.probe.errors import ProbeError
from sysdigpy.probe.errors import ProbeLoadError
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.syscall_table import NATIVE_NAMES
from sysdigpy.probe.syscall_table import NATIVE_TO_PPM_SC

SOURCE = Path(__file__).with_name("syscalls.bpf.c")
MAX_NATIVE_SC = 512
LEGACY_PPM_SC_MAX = 329  # ppm_sc codes of sysdig 0.29.3 (PPM_SC_MAX)
PAGE = mmap.PAGESIZE

# native syscall number -> (enter filler, exit filler); None = generic event for that side
FILLERS: dict[int, tuple[str | None, str | None]] = {
    0: ("e_read", "x_read"), 1: ("e_write", "x_write"), 2: ("e_open", "x_open"),
    3: ("e_close", "x_close"), 4: ("e_stat", "x_stat"), 5: ("e_fstat", "x_fstat"),
    6: ("e_lstat", "x_lstat"), 7: ("e_poll", "x_poll"), 8: ("e_lseek", "x_lseek"),
    9: ("e_mmap", "x_mmap"), 11: ("e_munmap", "x_munmap"), 12: ("e_brk", "x_brk"),
    16: ("e_ioctl", "x_ioctl"), 17: ("e_pread", "x_pread"), 18: ("e_pwrite", "x_pwrite"),
    19: ("e_readv", "x_readv"), 20: ("e_writev", "x_writev"), 22: ("e_pipe", "x_pipe"),
    32: ("e_dup", "x_dup"), 33: ("e_dup2", "x_dup"), 35: ("e_nanosleep", "x_nanosleep"),
    41: ("e_socket", "x_socket"), 42: ("e_connect", "x_connect"), 43: ("e_accept", "x_accept"),
    44: ("e_sendto", "x_sendto"), 45: ("e_recvfrom", "x_recvfrom"), 46: ("e_sendmsg", "x_sendmsg"),
    47: ("e_recvmsg", "x_recvmsg"), 49: ("e_bind", "x_bind"), 50: ("e_listen", "x_listen"),
    56: ("e_clone", "x_clone"), 57: ("e_fork", "x_fork"), 58: ("e_vfork", "x_vfork"),
    59: ("e_execve", "x_execve"), 62: ("e_kill", "x_kill"), 72: ("e_fcntl", "x_fcntl"),
    78: ("e_getdents", "x_getdents"), 80: ("e_chdir", "x_chdir"), 82: ("e_rename", "x_rename"),
    83: ("e_mkdir", "x_mkdir"), 84: ("e_rmdir", "x_rmdir"), 85: ("e_creat", "x_creat"),
    87: ("e_unlink", "x_unlink"), 200: ("e_tkill", "x_tkill"), 202: ("e_futex", "x_futex"),
    217: ("e_getdents64", "x_getdents64"), 234: ("e_tgkill", "x_tgkill"),
    257: ("e_openat", "x_openat"), 258: ("e_mkdirat", "x_mkdirat"), 263: ("e_unlinkat", "x_unlinkat"),
    264: ("e_renameat", "x_renameat"), 288: ("e_accept4", "x_accept4"), 292: ("e_dup2", "x_dup"),
    293: ("e_pipe", "x_pipe"), 316: ("e_renameat2", "x_renameat2"), 322: ("e_execveat", "x_execveat"),
    435: ("e_clone", "x_clone3"), 437: ("e_openat2", "x_openat2"),
    # the rest of the coverage list that has 2022 event ids
    10: ("e_mprotect", "x_mprotect"), 23: ("e_select", "x_select"), 48: ("e_shutdown", "x_shutdown"),
    53: ("e_socketpair", "x_socketpair"), 54: ("e_setsockopt", "x_setsockopt"),
    55: ("e_getsockopt", "x_getsockopt"), 81: ("e_fchdir", "x_fchdir"), 86: ("e_link", "x_link"),
    88: ("e_symlink", "x_symlink"), 90: ("e_chmod", "x_chmod"), 91: ("e_fchmod", "x_fchmod"),
    101: ("e_ptrace", "x_ptrace"), 105: ("e_setuid", "x_setuid"), 106: ("e_setgid", "x_setgid"),
    117: ("e_setresuid", "x_setresuid"), 119: ("e_setresgid", "x_setresgid"),
    165: ("e_mount", "x_mount"), 166: ("e_umount2", "x_umount2"), 232: ("e_epoll_wait", "x_epoll_wait"),
    265: ("e_linkat", "x_linkat"), 266: ("e_symlinkat", "x_symlinkat"), 268: ("e_fchmodat", "x_fchmodat"),
    271: ("e_ppoll", "x_ppoll"), 272: ("e_unshare", "x_unshare"), 284: ("e_eventfd", "x_eventfd"),
    290: ("e_eventfd2", "x_eventfd"), 295: ("e_preadv", "x_preadv"), 296: ("e_pwritev", "x_pwritev"),
    299: ("e_recvmmsg", "x_recvmmsg"), 307: ("e_sendmmsg", "x_sendmmsg"), 308: ("e_setns", "x_setns"),
    317: ("e_seccomp", "x_seccomp"), 321: ("e_bpf", "x_bpf"),
    # beyond the list: other syscalls with 2022 event ids
    21: ("e_access", "x_access"), 40: ("e_sendfile", "x_sendfile"), 73: ("e_flock", "x_flock"),
    79: ("e_getcwd", "x_getcwd"), 97: ("e_getrlimit", "x_getrlimit"), 102: ("e_getuid", "x_getuid"),
    104: ("e_getgid", "x_getgid"), 107: ("e_geteuid", "x_geteuid"), 108: ("e_getegid", "x_getegid"),
    109: ("e_setpgid", "x_setpgid"), 112: ("e_setsid", "x_setsid"), 118: ("e_getresuid", "x_getresuid"),
    120: ("e_getresgid", "x_getresgid"), 160: ("e_setrlimit", "x_setrlimit"), 161: ("e_chroot", "x_chroot"),
    253: ("e_inotify_init", "x_inotify_init"), 275: ("e_splice", "x_splice"),
    294: ("e_inotify_init1", "x_inotify_init"), 302: ("e_prlimit", "x_prlimit"),
    323: ("e_userfaultfd", "x_userfaultfd"), 326: ("e_copy_file_range", "x_copy_file_range"),
}

# -D name -> BTF path ("struct.member[.member]", alternatives with "|")
BTF_OFFSETS: dict[str, str] = {
    "OFF_REG_DI": "pt_regs.di", "OFF_REG_SI": "pt_regs.si", "OFF_REG_DX": "pt_regs.dx",
    "OFF_REG_R10": "pt_regs.r10", "OFF_REG_R8": "pt_regs.r8", "OFF_REG_R9": "pt_regs.r9",
    "OFF_REG_ORIG_AX": "pt_regs.orig_ax",
    "OFF_T_REAL_PARENT": "task_struct.real_parent", "OFF_T_TGID": "task_struct.tgid",
    "OFF_T_MM": "task_struct.mm", "OFF_T_FS": "task_struct.fs", "OFF_T_FILES": "task_struct.files",
    "OFF_T_SIGNAL": "task_struct.signal", "OFF_T_LOGINUID": "task_struct.loginuid",
    "OFF_T_THREAD_PID": "task_struct.thread_pid", "OFF_T_COMM": "task_struct.comm",
    "OFF_T_GROUP_LEADER": "task_struct.group_leader",
    "OFF_T_MAJ_FLT": "task_struct.maj_flt", "OFF_T_MIN_FLT": "task_struct.min_flt",
    "OFF_T_EXIT_CODE": "task_struct.exit_code", "OFF_T_CGROUPS": "task_struct.cgroups",
    "OFF_MM_ARG_START": "mm_struct.arg_start", "OFF_MM_ARG_END": "mm_struct.arg_end",
    "OFF_MM_ENV_START": "mm_struct.env_start", "OFF_MM_ENV_END": "mm_struct.env_end",
    "OFF_MM_TOTAL_VM": "mm_struct.total_vm", "OFF_MM_RSS_STAT": "mm_struct.rss_stat",
    "OFF_SIG_RLIM": "signal_struct.rlim", "OFF_SIG_TTY": "signal_struct.tty",
    "OFF_SIG_PIDS": "signal_struct.pids",
    "OFF_PID_LEVEL": "pid.level", "OFF_PID_NUMBERS": "pid.numbers",
    "OFF_FS_PWD": "fs_struct.pwd", "OFF_PATH_MNT": "path.mnt", "OFF_PATH_DENTRY": "path.dentry",
    "OFF_DENTRY_NAME": "dentry.d_name", "OFF_QSTR_NAME": "qstr.name", "OFF_DENTRY_PARENT": "dentry.d_parent",
    "OFF_MOUNT_MNT": "mount.mnt", "OFF_MOUNT_PARENT": "mount.mnt_parent",
    "OFF_MOUNT_MOUNTPOINT": "mount.mnt_mountpoint", "OFF_VFSMOUNT_ROOT": "vfsmount.mnt_root",
    "OFF_FILES_FDT": "files_struct.fdt", "OFF_FDT_FD": "fdtable.fd", "OFF_FDT_MAX": "fdtable.max_fds",
    "OFF_FILE_PRIV": "file.private_data", "OFF_FILE_INODE": "file.f_inode",
    "OFF_INODE_SB": "inode.i_sb", "OFF_INODE_MODE": "inode.i_mode", "OFF_INODE_INO": "inode.i_ino",
    "OFF_SB_DEV": "super_block.s_dev", "OFF_SOCKET_SK": "socket.sk",
    "OFF_SK_FAMILY": "sock.__sk_common.skc_family", "OFF_SK_RCV_SADDR": "sock.__sk_common.skc_rcv_saddr",
    "OFF_SK_DADDR": "sock.__sk_common.skc_daddr", "OFF_SK_NUM": "sock.__sk_common.skc_num",
    "OFF_SK_DPORT": "sock.__sk_common.skc_dport",
    "OFF_SK_V6_RCV_SADDR": "sock.__sk_common.skc_v6_rcv_saddr", "OFF_SK_V6_DADDR": "sock.__sk_common.skc_v6_daddr",
    "OFF_SK_ACK_BACKLOG": "sock.sk_ack_backlog", "OFF_SK_MAX_ACK_BACKLOG": "sock.sk_max_ack_backlog",
    "OFF_UNIX_PEER": "unix_sock.peer",
    "OFF_TTY_DRIVER": "tty_struct.driver", "OFF_TTY_INDEX": "tty_struct.index",
    "OFF_DRV_MAJOR": "tty_driver.major", "OFF_DRV_MINOR_START": "tty_driver.minor_start",
    "OFF_CSS_SET_SUBSYS": "css_set.subsys", "OFF_CSS_CGROUP": "cgroup_subsys_state.cgroup",
    "OFF_CSS_SS": "cgroup_subsys_state.ss", "OFF_SS_NAME": "cgroup_subsys.name",
    "OFF_CGROUP_KN": "cgroup.kn", "OFF_KN_NAME": "kernfs_node.name", "OFF_KN_PARENT": "kernfs_node.__parent|parent",
}

# native syscalls that change the process or fd tables: traced whatever the pushdown filters say
STATE_SYSCALLS = frozenset({
    2, 3, 22, 32, 33, 41, 42, 43, 49, 53, 56, 57, 58, 59, 60, 72, 80, 81, 85, 105, 106, 112, 113, 114, 117, 119,
    157, 161, 213, 231, 253, 257, 272, 282, 283, 284, 288, 289, 290, 291, 292, 293, 294, 298, 300, 304, 308, 319,
    321, 322, 323, 425, 434, 435, 436, 437, 438, 441,
})
_FILLER_CODE = re.compile(r"^(?:[A-Z_]+\((\w+), (\d+)\b|FILLER\((\w+)\)[^}]*?(?:START\(|_exit\(ctx, )(\d+))",
                          re.M)

_U32 = struct.Struct("<I")
_BUSY = 1 << 31
_DISCARD = 1 << 30


def kernel_layout() -> dict[str, int]:
    """The OFF_* and size defines for the running kernel, from its BTF."""
    from sysdigpy.probe.btf import Btf
    from sysdigpy.probe.btf import BtfError

    try:
        btf = Btf.load()
        out = {name: btf.offset(path) for name, path in BTF_OFFSETS.items()}
        out["SIZE_UPID"] = btf.struct_size("upid")
        out["NR_CGROUP_SUBSYS"] = min(_subsys_count(btf), 16)
        if "mm_rss_stat" in btf.structs or "percpu_counter" not in btf.structs:
            out["RSS_STRIDE"], out["RSS_COUNT_OFF"] = 8, 0
        else:
            out["RSS_STRIDE"] = btf.struct_size("percpu_counter")
            out["RSS_COUNT_OFF"] = btf.offset("percpu_counter.count")
    except BtfError as e:
        raise ProbeLoadError(f"kernel BTF unusable: {e}") from e
    out["PAGE_KB"] = PAGE // 1024
    return out


def _subsys_count(btf: Any) -> int:
    css_set = btf.structs["css_set"]
    found = btf.find_member(css_set, "subsys")
    assert found is not None
    return btf.size(found[1]) // 8


@dataclass
class ProbeConfig:
    snaplen: int = 80
    ring_pages: int = 4096  # 16 MiB; a power of two
    exclude_pid: int | None = None  # default: this process
    syscalls: set[int] | None = None  # native numbers to trace (None = all)
    tgids: set[int] | None = None  # processes (tgid) or threads (tid) to trace (None = all)
    comms: set[str] | None = None  # process names (task comm) to trace (None = all)
    wake_events: int = 1024
    extra: dict[str, int] = field(default_factory=dict)

    def defines(self, layout: dict[str, int]) -> dict[str, int]:
        if self.ring_pages & (self.ring_pages - 1):
            raise ValueError("ring_pages must be a power of two")
        boot_offset = time.time_ns() - time.clock_gettime_ns(time.CLOCK_BOOTTIME)
        own = os.getpid() if self.exclude_pid is None else self.exclude_pid
        d = {
            "SNAPLEN": max(0, min(self.snaplen, 16383)),
            "OWN_PID": own,
            "BOOT_OFFSET_NS": boot_offset,
            "RB_PAGES": self.ring_pages,
            "WAKE_EVENTS": max(1, self.wake_events),
            "NCPUS": possible_cpus(),
            "FILTER_SC": int(self.syscalls is not None),
            "FILTER_TGID": int(self.tgids is not None),
            "FILTER_COMM": int(self.comms is not None),
        }
        d.update(layout)
        d.update(self.extra)
        return d


def possible_cpus() -> int:
    """Number of possible cpus (the size of per-cpu tables), from /sys."""
    try:
        text = Path("/sys/devices/system/cpu/possible").read_text().strip()
        return int(text.split(",")[-1].split("-")[-1]) + 1
    except (OSError, ValueError):
        return os.cpu_count() or 1


def cflags(defines: dict[str, int]) -> list[str]:
    return [f"-D{k}={v}{'ULL' if k == 'BOOT_OFFSET_NS' else ''}" for k, v in defines.items()]


def dump_probe(config: ProbeConfig | None = None) -> str:
    """The probe's C text, preceded by the -D settings it would be compiled with."""
    config = config or ProbeConfig()
    try:
        layout = kernel_layout()
    except ProbeError as e:
        layout = {}
        note = f"/* kernel layout unavailable: {e} */\n"
    else:
        note = ""
    flags = cflags(config.defines(layout))
    head = "/* compiled with:\n" + "".join(f" *   {f}\n" for f in flags) + " */\n"
    return note + head + SOURCE.read_text()


def check_privileges() -> None:
    if os.geteuid() == 0:
        return
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("CapEff:"):
                caps = int(line.split()[1], 16)
                if caps & (1 << 21) or (caps & (1 << 39) and caps & (1 << 38)):
                    return
    except OSError:
        pass
    raise NotPrivilegedError(f"euid {os.geteuid()}")


def import_bcc() -> Any:
    try:
        import bcc  # noqa: PLC0415
    except Exception as e:  # ImportError, or libbcc failing to load
        raise BccMissingError(str(e)) from e
    return bcc


class RingReader:
    """Walks a BPF ring buffer mapped into this process (the libbpf consumer protocol).

    The consumer and producer positions are read and written as single aligned 8-byte
    loads and stores (ctypes ``c_uint64``): the kernel reads the consumer position at
    any moment, on another cpu, and a write in pieces makes it reserve against a wrong
    position.  (``struct.pack_into`` zeroes its target before packing: the kernel saw
    a consumer position of 0 for an instant, refused records as if the ring were full,
    and a few events per million were lost.)
    """

    def __init__(self, map_fd: int, size: int) -> None:
        self.size = size
        self.mask = size - 1
        self.fd = map_fd
        # consumer page (ours to write), then the producer page and the data pages mapped twice
        # (so records never wrap)
        self._cons_addr = _libc_mmap(map_fd, PAGE, 0, writable=True)
        try:
            self._addr = _libc_mmap(map_fd, PAGE + 2 * size, PAGE)
        except OSError:
            _libc().munmap(ctypes.c_void_p(self._cons_addr), ctypes.c_size_t(PAGE))
            raise
        self._cons = ctypes.c_uint64.from_address(self._cons_addr)
        self._prod = ctypes.c_uint64.from_address(self._addr)
        self._area = (ctypes.c_char * (PAGE + 2 * size)).from_address(self._addr)
        self.prod = memoryview(self._area).cast("B")  # producer page + data (read-only in the kernel's eyes)
        self._walker: Any = None

    def positions(self) -> tuple[int, int]:
        return self._cons.value, self._prod.value

    def consume(self, pos: int) -> None:
        """Give the records before ``pos`` back to the kernel (one 8-byte store)."""
        self._cons.value = pos

    def drain(self, limit: int = 1 << 24) -> list[RawEvent]:
        """Every complete record now in the buffer (at most ``limit`` bytes), as RawEvents."""
        unpack_u32 = _U32.unpack_from
        prod_mm = self.prod
        cons, prod = self.positions()
        end = min(prod, cons + limit)
        mask = self.mask
        out: list[RawEvent] = []
        append = out.append
        while cons < end:
            off = PAGE + (cons & mask)
            hdr = unpack_u32(prod_mm, off)[0]
            if hdr & _BUSY:
                break
            ln = hdr & ~(_BUSY | _DISCARD)
            if not hdr & _DISCARD and ln > 8:
                cpu = unpack_u32(prod_mm, off + 8)[0]
                append(RawEvent(bytes(prod_mm[off + 16:off + 8 + ln]), cpu))
            cons += (ln + 15) & ~7
        self.consume(cons)
        return out

    def drain_blocks(self, limit: int = 1 << 26, use_c: bool | None = None) -> tuple[bytes, int]:
        """Every complete record now in the buffer (at most ``limit`` bytes), as scap event blocks.

        Returns (blocks, number of events); the bytes go to a capture file as they are.
        """
        if self._walker is None:
            self._walker = self._make_walker(use_c)
        cons, prod = self.positions()
        blocks, n, cons = self._walker.to_blocks(cons, min(prod, cons + limit))
        self.consume(cons)
        return blocks, n

    def _make_walker(self, use_c: bool | None) -> Any:
        from sysdigpy.probe import ringblocks

        view = self.prod[PAGE:]
        if use_c is not False and ringblocks.c_helper() is not None:
            return ringblocks.BlockWalker(self._addr + PAGE, view, self.size, use_c=True)
        return ringblocks.BlockWalker(0, view, self.size, use_c=False)

    @property
    def native(self) -> bool:
        """True when drain_blocks uses the C helper."""
        return bool(self._walker is not None and self._walker.native)

    def pending(self) -> int:
        cons, prod = self.positions()
        return prod - cons

    def close(self) -> None:
        if not self._addr:
            return
        self._walker = None
        self.prod.release()
        del self._cons, self._prod, self._area
        _libc().munmap(ctypes.c_void_p(self._addr), ctypes.c_size_t(PAGE + 2 * self.size))
        _libc().munmap(ctypes.c_void_p(self._cons_addr), ctypes.c_size_t(PAGE))
        self._addr = self._cons_addr = 0


_LIBC: Any = None


def _libc() -> Any:
    global _LIBC
    if _LIBC is None:
        lib = ctypes.CDLL(None, use_errno=True)
        lib.mmap.restype = ctypes.c_void_p
        lib.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                             ctypes.c_long]
        lib.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        _LIBC = lib
    return _LIBC


def _libc_mmap(fd: int, length: int, offset: int, writable: bool = False) -> int:
    """A shared mapping whose address ctypes and C code can use (Python's mmap hides it)."""
    prot = mmap.PROT_READ | (mmap.PROT_WRITE if writable else 0)
    addr = _libc().mmap(None, length, prot, mmap.MAP_SHARED, fd, offset)
    if addr in (None, ctypes.c_void_p(-1).value):
        err = ctypes.get_errno()
        raise OSError(err, f"mmap of the ring buffer: {os.strerror(err)}")
    return int(addr)


class BpfSource:
    """Live syscall events from the kernel, as RawEvents (scap v2 bytes + cpu)."""

    def __init__(self, snaplen: int = 80, ring_pages: int = 4096, exclude_pid: int | None = None,
                 syscalls: Iterable[int | str] | None = None, tgids: Iterable[int] | None = None,
                 poll_ms: int = 50, comms: Iterable[str] | None = None, wake_events: int = 1024) -> None:
        self.config = ProbeConfig(snaplen=snaplen, ring_pages=ring_pages, exclude_pid=exclude_pid,
                                  syscalls=_native_set(syscalls) if syscalls is not None else None,
                                  tgids=set(tgids) if tgids is not None else None,
                                  comms=set(comms) if comms is not None else None, wake_events=wake_events)
        self.poll_ms = poll_ms
        self._bpf: Any = None
        self._ring: RingReader | None = None
        self._epoll: select.epoll | None = None
        self._read = 0
        self._stopped = False

    # ------------------------------------------------------------ lifecycle
    def open(self) -> None:
        """Compile, load and attach the probe.  Raises a ProbeError subclass on failure."""
        check_privileges()
        bcc = import_bcc()
        from sysdigpy.probe.kheaders import ensure_headers

        ensure_headers()
        defines = self.config.defines(kernel_layout())
        try:
            b = bcc.BPF(src_file=str(SOURCE).encode(), cflags=cflags(defines))
        except Exception as e:
            raise ProbeLoadError(str(e).splitlines()[0] if str(e) else repr(e)) from e
        try:
            self._fill_maps(b, bcc)
            ring = b[b"events"]
            self._ring = RingReader(ring.map_fd, self.config.ring_pages * PAGE)
        except Exception as e:
            b.cleanup()
            raise ProbeLoadError(f"loading fillers: {e}") from e
        self._bpf = b
        self._epoll = select.epoll()
        self._epoll.register(self._ring.fd, select.EPOLLIN)

    def _fill_maps(self, b: Any, bcc: Any) -> None:
        ct = ctypes
        sc = b[b"sc_to_ppm"]
        for nr, code in NATIVE_TO_PPM_SC.items():
            # codes sysdig 0.29.3 does not know crash it: its own driver sends those as unknown (0)
            if nr < MAX_NATIVE_SC and code < LEGACY_PPM_SC_MAX:
                sc[ct.c_int(nr)] = ct.c_uint16(code)
        cfg = self.config
        if cfg.syscalls is not None or cfg.tgids is not None or cfg.comms is not None:
            flt = b[b"sc_filter"]
            for nr in range(MAX_NATIVE_SC):
                bits = (1 if cfg.syscalls is None or nr in cfg.syscalls else 0) | (2 if nr in STATE_SYSCALLS else 0)
                if bits:
                    flt[ct.c_int(nr)] = ct.c_uint8(bits)
        if cfg.tgids is not None:
            tf = b[b"tgid_filter"]
            for pid in cfg.tgids:
                tf[ct.c_uint32(pid)] = ct.c_uint8(1)
        if cfg.comms is not None:
            cf = b[b"comm_filter"]
            for name in cfg.comms:
                cf[cf.Key(name.encode()[:15])] = ct.c_uint8(1)
        enter, exit_ = b[b"enter_tail"], b[b"exit_tail"]
        loaded: dict[str, int] = {}
        cont = b[b"cont_tail"]
        for i, name in enumerate(("c_execve", "c_clone")):
            cont[ct.c_int(i)] = ct.c_int(b.load_func(name.encode(), bcc.BPF.RAW_TRACEPOINT).fd)
        for nr, (en, ex) in FILLERS.items():
            for name, table in ((en, enter), (ex, exit_)):
                if name is None:
                    continue
                if name not in loaded:
                    loaded[name] = b.load_func(name.encode(), bcc.BPF.RAW_TRACEPOINT).fd
                table[ct.c_int(nr)] = ct.c_int(loaded[name])
        b[b"ready"][ct.c_int(0)] = ct.c_uint32(1)

    def close(self) -> None:
        self._stopped = True
        if self._epoll is not None:
            self._epoll.close()
            self._epoll = None
        if self._ring is not None:
            self._ring.close()
            self._ring = None
        if self._bpf is not None:
            self._bpf.cleanup()
            self._bpf = None

    def stop(self) -> None:
        """Make a running iteration end after its current batch."""
        self._stopped = True

    def pause(self) -> None:
        """Stop the kernel side emitting events (what is in the ring buffer stays there to be read)."""
        if self._bpf is not None:
            self._bpf[b"ready"][ctypes.c_int(0)] = ctypes.c_uint32(0)

    @property
    def ring(self) -> RingReader:
        if self._ring is None or self._epoll is None:
            raise ProbeError("BpfSource is not open")
        return self._ring

    def wait(self, timeout_ms: int | None = None) -> None:
        """Block until the kernel wakes us (every wake_events events of a cpu) or the timeout passes."""
        if self.ring.pending() == 0 and self._epoll is not None:
            t = self.poll_ms if timeout_ms is None else timeout_ms
            self._epoll.poll(t / 1000.0)

    def read_blocks(self, timeout_ms: int | None = None, use_c: bool | None = None) -> tuple[bytes, int]:
        """Like read_batch, but the events come as scap event blocks (bytes, count): the -w fast path."""
        self.wait(timeout_ms)
        blocks, n = self.ring.drain_blocks(use_c=use_c)
        self._read += n
        return blocks, n

    def __enter__(self) -> BpfSource:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --------------------------------------------------------------- events
    def read_batch(self, timeout_ms: int | None = None) -> list[RawEvent]:
        """Wait up to ``timeout_ms`` for data, then return everything available."""
        self.wait(timeout_ms)
        batch = self.ring.drain()
        self._read += len(batch)
        return batch

    def batches(self) -> Iterator[list[RawEvent]]:
        self._stopped = False
        while not self._stopped and self._ring is not None:
            batch = self.read_batch()
            if batch:
                yield batch

    def events(self) -> Iterator[RawEvent]:
        for batch in self.batches():
            yield from batch

    def __iter__(self) -> Iterator[RawEvent]:
        return self.events()

    def stats(self) -> dict[str, int]:
        """Events written by the kernel side, events lost on a full ring buffer, events read."""
        if self._bpf is None:
            return {"events": 0, "drops": 0, "read": self._read}
        c = self._bpf[b"counters"]
        written = sum(c[ctypes.c_int(0)])
        drops = sum(c[ctypes.c_int(1)])
        return {"events": int(written), "drops": int(drops), "read": self._read}


def filler_codes() -> dict[str, int]:
    """Filler name -> the event code it emits, read from the probe's C text."""
    out: dict[str, int] = {}
    for m in _FILLER_CODE.finditer(SOURCE.read_text()):
        name, code = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        out.setdefault(name, int(code))
    return out


def syscalls_for_event_types(names: Iterable[str]) -> set[int] | None:
    """The native syscalls whose events carry one of these evt.type names; None if one is not a syscall's.

    A syscall with a filler shows the names of its events; one without shows its own name
    (generic event).  Names that no syscall produces (procexit is always traced) make the
    answer None: the filter cannot be pushed down.
    """
    from sysdigpy.events.table import EVENT_TABLE

    codes = filler_codes()
    by_name: dict[str, set[int]] = {}
    for nr, sc_name in NATIVE_NAMES.items():
        if nr >= MAX_NATIVE_SC:
            continue
        en, ex = FILLERS.get(nr, (None, None))
        for filler in (en, ex):
            code = codes.get(filler) if filler else None
            by_name.setdefault(EVENT_TABLE[code].name if code is not None else sc_name, set()).add(nr)
    out: set[int] = set()
    for name in names:
        if name == "procexit":
            continue
        if name not in by_name:
            return None
        out |= by_name[name]
    return out


def _native_set(items: Iterable[int | str]) -> set[int]:
    by_name = {v: k for k, v in NATIVE_NAMES.items()}
    out = set()
    for it in items:
        if isinstance(it, int):
            out.add(it)
        elif it in by_name:
            out.add(by_name[it])
        else:
            raise ValueError(f"unknown syscall {it!r}")
    return out
