"""fd.* fields: names of failed connects and creators, directory/filename cuts, ports of unix sockets."""

from __future__ import annotations

import pytest
from factories import enter
from factories import exit_
from factories import sockaddr_unix
from factories import sockaddr_v4
from factories import tuple_unix
from factories import tuple_v4
from helpers import machine

from sysdigpy.fields.fd import _dirname
from sysdigpy.probe.metadata import FdRecord
from sysdigpy.state import fds as F
from tests.fields.fieldtools import run
from tests.fields.fieldtools import value


def _socket(st: object, fd: int, domain: int = 2) -> None:
    run(st, enter("socket", tid=100, domain=domain, type=1, proto=0),  # type: ignore[arg-type]
        exit_("socket", tid=100, fd=fd))


def test_failed_connect_names_the_tuple_it_tried() -> None:
    st = machine()
    _socket(st, 3)
    e = run(st, enter("connect", tid=100, fd=3, addr=sockaddr_v4("127.0.0.1", 80)),
            exit_("connect", tid=100, res=-115, tuple=tuple_v4("127.0.0.1", 47192, "127.0.0.1", 80)))
    assert value("fd.name", st, e) == "127.0.0.1:47192->127.0.0.1:80"


def test_failed_unix_connect_names_the_path() -> None:
    st = machine()
    _socket(st, 4, domain=1)
    e = run(st, enter("connect", tid=100, fd=4, addr=sockaddr_unix("/var/run/nscd/socket")),
            exit_("connect", tid=100, res=-2, tuple=tuple_unix(0, 0xFFFF88003C420800, "/var/run/nscd/socket")))
    assert value("fd.name", st, e) == "0->ffff88003c420800 /var/run/nscd/socket"
    assert value("fd.type", st, e) == "unix"


def test_directory_cuts_like_sinsp() -> None:
    assert _dirname("/etc/passwd", True) == "/etc"
    assert _dirname("/etc/", True) == "/etc/"
    assert _dirname("/passwd", True) == "/"
    assert _dirname("", True) == "/"
    assert _dirname("relative", True) == "/"
    assert _dirname("/tmp", False) == "/tmp"


def test_directory_of_an_event_without_fd_info_is_root() -> None:
    """An fd-using exit whose fd is unknown: sysdig prints fd.directory '/' (typechar 'o')."""
    st = machine()
    e = run(st, enter("close", tid=100, fd=9), exit_("close", tid=100, res=-9))
    assert value("fd.typechar", st, e) == "o"
    assert value("fd.directory", st, e) == "/"
    assert value("fd.name", st, e) == ""


def test_filename() -> None:
    st = machine()
    e = run(st, enter("read", tid=100, fd=0, size=1), exit_("read", tid=100, res=0))
    assert value("fd.filename", st, e) == "0"
    assert value("fd.directory", st, e) == "/dev/pts"


def test_unix_socket_with_a_role_has_client_port_zero() -> None:
    st = machine()
    _socket(st, 4, domain=1)
    e = run(st, enter("connect", tid=100, fd=4, addr=sockaddr_unix("/run/x")),
            exit_("connect", tid=100, res=0, tuple=tuple_unix(1, 2, "/run/x")))
    assert value("fd.cport", st, e) == 0
    assert value("fd.sport", st, e) is None
    assert value("fd.sockfamily", st, e) == "unix"


def test_fd_list_names_drop_the_newline_of_proc_net_unix() -> None:
    fdi = F.from_record(FdRecord(fd=12, ino=1, fdtype=F.FD_UNIX_SOCK, name="/run/systemd/notify\n"))
    assert fdi is not None and fdi.name == "/run/systemd/notify" and fdi.server
    fdi = F.from_record(FdRecord(fd=1, ino=1, fdtype=F.FD_FILE, name="/tmp/a\0junk"))
    assert fdi is not None and fdi.name == "/tmp/a"
    assert F.record_name("a\tb\x7f") == "ab"


@pytest.mark.parametrize("name", ["falco_ping_sendto", "libs_curl_google", "falco_cat_write"])
def test_fd_uid_as_sysdig(name: str) -> None:
    """tid then fd number run together, also for an fd missing from the table (sendmsg on fd 3)."""
    from tests.golden_modes import CAPTURES
    from tests.golden_modes import run_sysdig
    from tests.golden_modes import run_sysdigpy

    args = ["-r", str(CAPTURES / f"{name}.scap"), "-p", "*%evt.num %fd.uid", "fd.uid exists"]
    want = run_sysdig(args).stdout
    assert run_sysdigpy(args).stdout == want and want
