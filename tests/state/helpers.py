"""A small machine for the parser tests: one process (bash, pid 100) with a cwd and fds."""

from __future__ import annotations

from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.probe.metadata import ProcRecord
from sysdigpy.state.parsers import State


def machine() -> State:
    meta = CaptureMetadata()
    meta.procs = [
        ProcRecord(tid=1, pid=1, ptid=0, comm="init", exe="/sbin/init", cwd="/", uid=0, gid=0),
        ProcRecord(tid=100, pid=100, ptid=1, comm="bash", exe="bash", exepath="/bin/bash",
                   args=["-i"], env=["HOME=/root"], cwd="/home/user", uid=1000, gid=1000,
                   fdlimit=1024),
        ProcRecord(tid=101, pid=100, ptid=1, comm="bash", exe="bash", cwd="/", flags=8193,
                   uid=1000, gid=1000),
    ]
    meta.fds = {100: [FdRecord(fd=0, ino=1, fdtype=1, name="/dev/pts/0"),
                      FdRecord(fd=5, ino=2, fdtype=2, name="/tmp")]}
    return State(meta)
