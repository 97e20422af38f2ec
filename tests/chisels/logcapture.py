"""A small capture with log writes, for spy_logs and spy_syslog (none of the shared captures has any).

rsyslogd (tid 700) appends to /var/log/syslog (an fd of the process list), nginx (800, and its
thread 801) opens /var/log/nginx/error.log and writes several lines at once, some of them
warnings and errors; logger (900) sends to /dev/log over a unix socket.  Around these are
events of the same threads at 0.05 s to 3 s from the writes, a failed write, a write to a .gz
log and a write to an ordinary file, so the chisels' filters and dump ranges all have work.
Deterministic: ``python3 tests/chisels/logcapture.py OUT.scap`` writes the same bytes each time
(golden/record.sh records sysdig's outputs on it).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sysdigpy.probe.metadata import CaptureMetadata  # noqa: E402
from sysdigpy.probe.metadata import FdRecord  # noqa: E402
from sysdigpy.probe.metadata import MachineInfo  # noqa: E402
from sysdigpy.probe.metadata import ProcRecord  # noqa: E402
from sysdigpy.probe.rawevent import RawEvent  # noqa: E402
from sysdigpy.probe.scapwriter import ScapWriter  # noqa: E402
from sysdigpy.probe.synthetic import make_raw  # noqa: E402

T0 = 1_764_290_000_000_000_000  # 2025-11-28 00:33:20 UTC
MS = 1_000_000
RSYSLOG, NGINX, WORKER, LOGGER = 700, 800, 801, 900


def metadata() -> CaptureMetadata:
    def proc(tid: int, pid: int, comm: str, exe: str) -> ProcRecord:
        return ProcRecord(tid=tid, pid=pid, ptid=1, comm=comm, exe=exe, exepath=exe, cwd="/", fdlimit=1024,
                          uid=0, gid=0, vtid=tid, vpid=pid)

    init = ProcRecord(tid=1, pid=1, ptid=0, comm="systemd", exe="/sbin/init", exepath="/usr/lib/systemd/systemd",
                      cwd="/", fdlimit=1048576, uid=0, gid=0, vtid=1, vpid=1)
    procs = [init, proc(RSYSLOG, RSYSLOG, "rsyslogd", "/usr/sbin/rsyslogd"),
             proc(NGINX, NGINX, "nginx", "/usr/sbin/nginx"), proc(WORKER, NGINX, "nginx", "/usr/sbin/nginx"),
             proc(LOGGER, LOGGER, "logger", "/usr/bin/logger")]
    fds = {RSYSLOG: [FdRecord(fd=5, ino=11, fdtype=16, name="/var/log/syslog", open_flags=0x402),
                     FdRecord(fd=6, ino=12, fdtype=16, name="/var/log/old.log.gz", open_flags=0x402)],
           LOGGER: [FdRecord(fd=3, ino=13, fdtype=8, name="/dev/log", source=0xFFFF0001, dest=0xFFFF0002)]}
    return CaptureMetadata(machine=MachineInfo(num_cpus=2, memory_size_bytes=4 << 30, hostname="logs"),
                           procs=procs, fds=fds)


def events() -> list[RawEvent]:
    out: list[tuple[int, RawEvent]] = []

    def ev(ms: int, event: str, direction: str, tid: int, **params: object) -> None:
        out.append((T0 + ms * MS + len(out), make_raw(event, direction=direction, ts=T0 + ms * MS + len(out),
                                                      tid=tid, cpu=tid % 2, params=params)))

    def write(ms: int, tid: int, fd: int, data: bytes, res: int | None = None) -> None:
        ev(ms, "write", ">", tid, fd=fd, size=len(data))
        ev(ms, "write", "<", tid, res=len(data) if res is None else res, data=data)

    def other(ms: int, tid: int) -> None:  # a syscall of no interest to the chisels
        ev(ms, "nanosleep", ">", tid, interval=1000)
        ev(ms, "nanosleep", "<", tid, res=0)

    # rsyslogd: two messages 2 s apart, with neighbours at 50 ms, 400 ms, 900 ms and 1.5 s
    for ms in (10, 560, 910, 1400, 1450, 1900):
        other(ms, RSYSLOG)
    write(1460, RSYSLOG, 5, b"Nov 28 00:33:21 logs kernel: eth0 link up\n")
    write(3460, RSYSLOG, 5, b"Nov 28 00:33:23 logs cron[42]: (root) CMD (run-parts)\n")
    write(3470, RSYSLOG, 5, b"", res=-28)  # failed: not a message
    write(3480, RSYSLOG, 6, b"compressed\n")  # a .gz log: not a log
    for ms in (3500, 4000, 4700):
        other(ms, RSYSLOG)
    # nginx: opens its log, then one write of several lines (an empty one among them)
    other(200, NGINX)
    ev(1000, "openat", ">", NGINX, dirfd=-100, name="/var/log/nginx/error.log", flags=14, mode=0o644)
    ev(1000, "openat", "<", NGINX, fd=4, dirfd=-100, name="/var/log/nginx/error.log", flags=14, mode=0o644,
       dev=0x803)
    write(1200, NGINX, 4, b"2025/11/28 00:33:21 [notice] start\n\n[warn] low disk\n[error] upstream down\n")
    other(1250, NGINX)
    ev(2100, "openat", ">", NGINX, dirfd=-100, name="/tmp/data.txt", flags=2, mode=0)
    ev(2100, "openat", "<", NGINX, fd=7, dirfd=-100, name="/tmp/data.txt", flags=2, mode=0, dev=0x803)
    write(2150, NGINX, 7, b"not a log\n")
    other(2600, NGINX)
    other(1300, WORKER)  # another thread of nginx: never saved
    # logger: one message to /dev/log, a syslog line without its newline
    other(3000, LOGGER)
    ev(3100, "sendto", ">", LOGGER, fd=3, size=38, tuple=b"")
    ev(3100, "sendto", "<", LOGGER, res=38, data=b"<13>Nov 28 00:33:23 alice: hello world")
    write(3300, LOGGER, 3, b"<12>Nov 28 00:33:23 alice: a warning\n")
    other(4500, LOGGER)
    return [raw for _, raw in sorted(out, key=lambda p: p[0])]


def write_capture(path: str | Path) -> None:
    with ScapWriter(str(path)) as w:
        w.write_metadata(metadata())
        for e in events():
            w.write_event(e)


if __name__ == "__main__":
    write_capture(sys.argv[1])
