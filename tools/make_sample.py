#!/usr/bin/env python3
"""Write samples/sample.scap: the small capture that ships with sysdigpy.

A shell (pid 4100) runs ``cat /etc/hostname`` and ``curl http://127.0.0.1/``;
the capture holds the process list, the shell's fds and the system calls of both
children, built with sysdigpy's own synthetic source and written by its writer.
Regenerate with ``python3 tools/make_sample.py`` (the output is deterministic).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sysdigpy.probe.metadata import CaptureMetadata  # noqa: E402
from sysdigpy.probe.metadata import FdRecord  # noqa: E402
from sysdigpy.probe.metadata import GroupRecord  # noqa: E402
from sysdigpy.probe.metadata import MachineInfo  # noqa: E402
from sysdigpy.probe.metadata import ProcRecord  # noqa: E402
from sysdigpy.probe.metadata import UserRecord  # noqa: E402
from sysdigpy.probe.scapwriter import ScapWriter  # noqa: E402
from sysdigpy.probe.synthetic import make_raw  # noqa: E402
from sysdigpy.probe.synthetic import sockaddr  # noqa: E402
from sysdigpy.probe.synthetic import socktuple  # noqa: E402

T0 = 1_764_290_000_000_000_000  # 2025-11-28 00:33:20 UTC
SHELL, CAT, CURL = 4100, 4101, 4102


def metadata() -> CaptureMetadata:
    shell = ProcRecord(tid=SHELL, pid=SHELL, ptid=1, comm="bash", exe="-bash", exepath="/usr/bin/bash",
                       cwd="/home/alice/", fdlimit=1024, uid=1000, gid=1000, vtid=SHELL, vpid=SHELL,
                       env=["HOME=/home/alice", "TERM=xterm"], loginuid=1000)
    init = ProcRecord(tid=1, pid=1, ptid=0, comm="systemd", exe="/sbin/init", exepath="/usr/lib/systemd/systemd",
                      cwd="/", fdlimit=1048576, uid=0, gid=0, vtid=1, vpid=1)
    tty = [FdRecord(fd=n, ino=3, fdtype=16, name="/dev/pts/0", open_flags=3) for n in (0, 1, 2)]
    return CaptureMetadata(
        machine=MachineInfo(num_cpus=2, memory_size_bytes=4 << 30, hostname="sample"),
        procs=[init, shell], fds={SHELL: tty},
        users=[UserRecord(0, 0, "root", "/root", "/bin/bash"), UserRecord(1000, 1000, "alice", "/home/alice",
                                                                         "/bin/bash")],
        groups=[GroupRecord(0, "root"), GroupRecord(1000, "alice")], has_users=True)


def events() -> list:
    t = [T0]

    def ev(event: str, direction: str, thread: int, **params: object) -> object:
        t[0] += 7_000
        return make_raw(event, direction=direction, ts=t[0], tid=thread, cpu=thread % 2, params=params)

    clone_x = dict(exe="-bash", args=[], tid=SHELL, pid=SHELL, ptid=1, cwd="/home/alice", fdlimit=1024,
                   pgft_maj=0, pgft_min=10, vm_size=9000, vm_rss=4000, vm_swap=0, comm="bash",
                   cgroups=["cpu=/user.slice"], flags=0, uid=1000, gid=1000)
    out = [ev("clone", ">", SHELL), ev("clone", "<", SHELL, res=CAT, **clone_x)]
    out.append(ev("clone", "<", CAT, **{**clone_x, "res": 0, "tid": CAT, "pid": CAT, "ptid": SHELL,
                                         "vtid": CAT, "vpid": CAT}))
    execve = dict(res=0, exe="cat", args=["/etc/hostname"], tid=CAT, pid=CAT, ptid=SHELL, cwd="/home/alice",
                  fdlimit=1024, pgft_maj=0, pgft_min=40, vm_size=2000, vm_rss=800, vm_swap=0, comm="cat",
                  cgroups=["cpu=/user.slice"], env=["HOME=/home/alice", "TERM=xterm"], tty=34816, pgid=CAT,
                  loginuid=1000, flags=0)
    out += [ev("execve", ">", CAT, filename="/usr/bin/cat"), ev("execve", "<", CAT, **execve)]
    out += [ev("openat", ">", CAT, dirfd=-100, name="/etc/hostname", flags=4097, mode=0),
            ev("openat", "<", CAT, fd=3, dirfd=-100, name="/etc/hostname", flags=4097, mode=0, dev=0x803),
            ev("read", ">", CAT, fd=3, size=131072), ev("read", "<", CAT, res=7, data=b"sample\n"),
            ev("write", ">", CAT, fd=1, size=7), ev("write", "<", CAT, res=7, data=b"sample\n"),
            ev("read", ">", CAT, fd=3, size=131072), ev("read", "<", CAT, res=0, data=b""),
            ev("close", ">", CAT, fd=3), ev("close", "<", CAT, res=0),
            ev("procexit", ">", CAT, status=0, ret=0, sig=0, core=0)]
    out += [ev("clone", "<", CURL, **{**clone_x, "res": 0, "tid": CURL, "pid": CURL, "ptid": SHELL,
                                        "vtid": CURL, "vpid": CURL}),
            ev("execve", ">", CURL, filename="/usr/bin/curl"),
            ev("execve", "<", CURL, **{**execve, "exe": "curl", "args": ["http://127.0.0.1/"], "tid": CURL,
                                         "pid": CURL, "comm": "curl", "pgid": CURL}),
            ev("socket", ">", CURL, domain=2, type=1, proto=0), ev("socket", "<", CURL, fd=3),
            ev("connect", ">", CURL, fd=3, addr=sockaddr("127.0.0.1", 80)),
            ev("connect", "<", CURL, res=0, tuple=socktuple("127.0.0.1", 43210, "127.0.0.1", 80)),
            ev("sendto", ">", CURL, fd=3, size=40, tuple=b""),
            ev("sendto", "<", CURL, res=40, data=b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n\r\n\r\n"),
            ev("recvfrom", ">", CURL, fd=3, size=65536),
            ev("recvfrom", "<", CURL, res=17, data=b"HTTP/1.1 200 OK\r\n", tuple=b""),
            ev("close", ">", CURL, fd=3), ev("close", "<", CURL, res=0),
            ev("openat", ">", CURL, dirfd=-100, name="/nonexistent", flags=1, mode=0),
            ev("openat", "<", CURL, fd=-2, dirfd=-100, name="/nonexistent", flags=1, mode=0, dev=0),
            ev("procexit", ">", CURL, status=0, ret=0, sig=0, core=0)]
    return out


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "samples" / "sample.scap"
    with ScapWriter(str(out)) as w:
        w.write_metadata(metadata())
        for e in events():
            w.write_event(e)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
