"""fd.ip, fd.net, fd.port and fd.proto compare as sinsp's compare_ip/net/port: the recorded addresses and
ports of IP sockets whatever their role, either one for = and in, both for != (checked against sysdig)."""

from __future__ import annotations

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdig
from tests.golden_modes import run_sysdigpy

FILTERS = ["fd.ip!=127.0.0.1", "fd.ip=127.0.0.1", "fd.net!=10.0.0.0/8", "fd.net=127.0.0.0/8",
           "fd.ip in (127.0.0.1, 10.0.2.15)", "fd.port=80", "fd.port!=80", "fd.port>1000",
           "fd.port in (53, 80, 443)", "fd.proto=53", "fd.port<=22"]


@pytest.mark.parametrize("name", ["falco_connect_localhost", "libs_curl_google", "libs_sample"])
@pytest.mark.parametrize("flt", FILTERS)
def test_ip_and_port_filters_as_sysdig(name: str, flt: str) -> None:
    args = ["-r", str(CAPTURES / f"{name}.scap"), "-p", "%evt.num", flt]
    want = run_sysdig(args)
    assert want.returncode == 0
    assert run_sysdigpy(args).stdout == want.stdout


def test_a_unix_socket_has_no_port() -> None:
    """fd.cport of a unix socket prints 0 (sinsp's quirk), but it has no port to filter on."""
    out = run_sysdigpy(["-r", str(CAPTURES / "libs_sample.scap"), "-p", "%evt.num", "fd.port exists"]).stdout
    assert out == b""
