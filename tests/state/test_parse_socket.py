from __future__ import annotations

from factories import enter
from factories import exit_
from factories import sockaddr_unix
from factories import sockaddr_v4
from factories import tuple_unix
from factories import tuple_v4
from factories import tuple_v6
from helpers import machine

from sysdigpy.state import fds as F


def new_socket(st, fd: int, domain: int = 2, stype: int = 1, proto: int = 0) -> None:
    st.process(enter("socket", tid=100, domain=domain, type=stype, proto=proto))
    st.process(exit_("socket", tid=100, fd=fd))


def test_socket_connect_names_the_tuple() -> None:
    st = machine()
    new_socket(st, 3)
    fdi = st.threads[100].get_fd(3)
    assert fdi.type == F.FD_IPV4_SOCK and fdi.v4_l4proto == F.L4_TCP and fdi.name == ""
    st.process(enter("connect", tid=100, fd=3, addr=sockaddr_v4("1.2.3.4", 80)))
    st.process(exit_("connect", tid=100, res=-115, tuple=tuple_v4("10.0.0.1", 4000, "1.2.3.4", 80)))
    assert fdi.name == "10.0.0.1:4000->1.2.3.4:80" and fdi.client
    assert fdi.get_l4proto() == F.L4_TCP


def test_connect_v6() -> None:
    st = machine()
    new_socket(st, 3, domain=10)
    st.process(enter("connect", tid=100, fd=3))
    st.process(exit_("connect", tid=100, res=0, tuple=tuple_v6("2001:db8::1", 1, "2001:db8::2", 80)))
    assert st.threads[100].get_fd(3).name == "2001:db8::1:1->2001:db8::2:80"


def test_bind_makes_server_socket() -> None:
    st = machine()
    new_socket(st, 3, stype=2)
    st.process(enter("bind", tid=100, fd=3))
    st.process(exit_("bind", tid=100, res=0, addr=sockaddr_v4("0.0.0.0", 53)))
    fdi = st.threads[100].get_fd(3)
    assert fdi.type == F.FD_IPV4_SERVSOCK and fdi.name == "0.0.0.0:53" and fdi.server


def test_accept_adds_server_connection() -> None:
    st = machine()
    st.process(enter("accept", tid=100, flags=0))
    st.process(exit_("accept", tid=100, fd=6, tuple=tuple_v4("9.9.9.9", 5555, "10.0.0.1", 80)))
    fdi = st.threads[100].get_fd(6)
    assert fdi.name == "9.9.9.9:5555->10.0.0.1:80" and fdi.server and fdi.v4_l4proto == F.L4_TCP


def test_unix_connect_and_socketpair_and_pipe() -> None:
    st = machine()
    new_socket(st, 3, domain=1)
    st.process(enter("connect", tid=100, fd=3, addr=sockaddr_unix("/run/s")))
    st.process(exit_("connect", tid=100, res=0, tuple=tuple_unix(0xAB, 0, "/run/s")))
    assert st.threads[100].get_fd(3).name == "ab->0 /run/s"
    st.process(enter("socketpair", tid=100))
    st.process(exit_("socketpair", tid=100, res=0, fd1=10, fd2=11, source=1, peer=2))
    assert st.threads[100].get_fd(11).type == F.FD_UNIX_SOCK
    st.process(enter("pipe", tid=100))
    st.process(exit_("pipe", tid=100, res=0, fd1=12, fd2=13, ino=77))
    assert st.threads[100].get_fd(13).typechar() == "p" and st.threads[100].get_fd(12).ino == 77


def test_sendto_on_unknown_fd_infers_udp_and_recvfrom_sets_tuple() -> None:
    st = machine()
    st.process(enter("sendto", tid=100, fd=20, size=3, tuple=tuple_v4("0.0.0.0", 0, "8.8.8.8", 53)))
    st.process(exit_("sendto", tid=100, res=3, data=b"abc"))
    fdi = st.threads[100].get_fd(20)
    assert fdi.v4_l4proto == F.L4_UDP and fdi.name == "0.0.0.0:0->8.8.8.8:53"
    new_socket(st, 21, stype=2)
    st.process(enter("recvfrom", tid=100, fd=21, size=10))
    st.process(exit_("recvfrom", tid=100, res=3, data=b"abc", tuple=tuple_v4("8.8.8.8", 53, "10.0.0.1", 999)))
    # sinsp's role guess sees the fd's own ports, calls it a server and keeps the order
    assert st.threads[100].get_fd(21).name == "8.8.8.8:53->10.0.0.1:999"


def test_simple_fd_types() -> None:
    st = machine()
    for name, fd, char in (("eventfd", 30, "e"), ("signalfd", 31, "s"), ("timerfd_create", 32, "t"),
                           ("inotify_init", 33, "i")):
        st.process(enter(name, tid=100))
        st.process(exit_(name, tid=100, res=fd))
        assert st.threads[100].get_fd(fd).typechar() == char
