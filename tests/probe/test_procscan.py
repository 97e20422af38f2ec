from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from sysdigpy.probe import procscan


def test_ppm_open_flags() -> None:
    assert procscan.ppm_open_flags(os.O_RDONLY) == 1
    assert procscan.ppm_open_flags(os.O_RDWR | os.O_CREAT) == 7
    assert procscan.ppm_open_flags(os.O_RDONLY | os.O_CLOEXEC) == 4097
    assert procscan.ppm_open_flags(os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK) == 2 | 8 | 64


def test_container_id() -> None:
    cid = "a" * 64
    assert procscan.container_id([("cpu", f"/docker/{cid}")]) == "a" * 12
    assert procscan.container_id([("cpu", "/user.slice")]) == ""


def test_snapshot_sees_this_process(tmp_path: Path) -> None:
    f = open(tmp_path / "held.txt", "w")  # noqa: SIM115
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    r, w = os.pipe()
    try:
        meta = procscan.snapshot()
        me = [p for p in meta.procs if p.tid == os.getpid()]
        assert me and me[0].pid == os.getpid() and me[0].ptid == os.getppid()
        assert me[0].comm and me[0].cwd == os.getcwd()
        assert me[0].exepath == os.path.realpath(sys.executable) or me[0].exepath
        assert me[0].uid == os.geteuid()
        fds = {rec.fd: rec for rec in meta.fds[os.getpid()]}
        held = fds[f.fileno()]
        assert held.fdtype == procscan.FD_FILE_V2 and held.name == str(tmp_path / "held.txt")
        assert held.open_flags & 3 == 2  # O_WRONLY in PPM values
        sock = fds[srv.fileno()]
        assert sock.fdtype == procscan.FD_IPV4_SOCK and sock.sip == b"\x7f\0\0\x01"
        assert sock.sport == srv.getsockname()[1] and sock.l4proto == procscan.L4_TCP
        assert fds[r].fdtype == procscan.FD_PIPE
        assert any(u.uid == 0 and u.name == "root" for u in meta.users)
        assert any(g.gid == 0 for g in meta.groups)
        assert meta.machine is not None and meta.machine.num_cpus >= 1 and meta.machine.memory_size_bytes > 0
        assert any(i.name == "lo" and i.addr == b"\x7f\0\0\x01" for i in meta.ifaces)
    finally:
        f.close()
        srv.close()
        os.close(r)
        os.close(w)
