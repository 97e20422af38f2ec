"""Fields that had no extractor, compared with sysdig 0.29.3's own output (sysdig is run here).

Every shared capture and the built log capture (tests/chisels/logcapture.py: writes to /dev/log)
are printed by both with all the fields at once; the fields that stay without value are checked
to have none in sysdig either.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sysdigpy.fields.registry import all_fields
from sysdigpy.fields.registry import no_value
from tests.golden_modes import CAPTURES
from tests.golden_modes import ROOT

SYSDIGPY = [sys.executable, "-m", "sysdigpy"]

IMPLEMENTED = [
    "fdlist.nums", "fdlist.names", "fdlist.cips", "fdlist.sips", "fdlist.cports", "fdlist.sports",
    "evt.is_open_read", "evt.is_open_write", "evt.is_open_exec",
    "evt.buflen.in", "evt.buflen.out", "evt.buflen.file", "evt.buflen.file.in", "evt.buflen.file.out",
    "evt.buflen.net", "evt.buflen.net.in", "evt.buflen.net.out", "evt.latency.quantized",
    "thread.vmsize.b", "thread.vmrss.b", "fd.cproto", "fd.sproto", "fd.lproto", "fd.rproto",
    "syslog.facility.str", "syslog.facility", "syslog.severity.str", "syslog.severity", "syslog.message",
    "proc.is_container_healthcheck", "proc.is_container_liveness_probe", "proc.is_container_readiness_probe",
    "evt.info",
]
# declared without extractor: sysdig gives them no value on a capture (see their modules)
NO_VALUE = ["container.mounts", "container.mount[0]", "container.mount.source[0]", "container.mount.dest[0]",
            "container.mount.mode[0]", "container.mount.rdwr[0]", "container.mount.propagation[0]",
            "container.healthcheck", "container.liveness_probe", "container.readiness_probe",
            "evt.pluginname", "evt.plugininfo", "fd.cip.name", "fd.sip.name", "fd.lip.name", "fd.rip.name",
            "evt.infra.docker.name", "evt.infra.docker.container.id", "evt.infra.docker.container.name",
            "evt.infra.docker.container.image"]


def _sysdig() -> str:
    exe = shutil.which("sysdig")
    if exe is None:
        pytest.fail("sysdig 0.29.3 is needed to compare with")
    return exe


@pytest.fixture(scope="module")
def captures(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    log = tmp_path_factory.mktemp("logs") / "log.scap"
    subprocess.run([sys.executable, str(ROOT / "tests/chisels/logcapture.py"), str(log)], check=True)
    shared = [c for c in sorted(CAPTURES.glob("*.scap")) if "comments" not in c.name]  # that one is truncated
    return [*shared, log]


def _run(cmd: list[str]) -> bytes:
    res = subprocess.run(cmd, capture_output=True, cwd=ROOT, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr
    return res.stdout


@pytest.mark.parametrize("resolve", [[], ["-R"]], ids=["plain", "resolve"])
def test_same_as_sysdig(captures: list[Path], resolve: list[str]) -> None:
    # under -R, sysdig names sockets with resolved ports (evt.info, fdlist.names): so does the state
    fmt = "*%evt.num " + " | ".join(f"%{f}" for f in IMPLEMENTED)
    sysdig = _sysdig()
    for cap in captures:
        argv = ["-r", str(cap), *resolve, "-p", fmt]
        want = _run([sysdig, *argv])
        got = _run([*SYSDIGPY, *argv])
        assert got == want, cap.name


def test_log_capture_has_syslog_values(captures: list[Path]) -> None:
    out = _run([*SYSDIGPY, "-r", str(captures[-1]), "-p", "%evt.num %syslog.severity.str %syslog.facility.str"])
    assert out.splitlines() == [b"34 notice user", b"36 warn user"]


def test_shared_captures_have_values(captures: list[Path]) -> None:
    out = _run([*SYSDIGPY, "-r", str(CAPTURES / "libs_curl_google.scap"), "-p",
                "%evt.num %fdlist.nums %fdlist.sips %fdlist.sports %fdlist.names", "fdlist.nums exists"])
    assert out.count(b"\n") == 22


def test_no_value_fields_have_none_in_sysdig(captures: list[Path]) -> None:
    fmt = "*%evt.num " + " ".join(f"%{f}" for f in NO_VALUE)
    sysdig = _sysdig()
    nas = " ".join(["<NA>"] * len(NO_VALUE)).encode()
    for cap in captures:
        want = _run([sysdig, "-r", str(cap), "-p", fmt])
        assert all(line.split(b" ", 1)[1] == nas for line in want.splitlines()), cap.name
        assert _run([*SYSDIGPY, "-r", str(cap), "-p", fmt]) == want, cap.name


def test_every_field_without_extractor_is_known_to_have_no_value() -> None:
    left = {f.name for f in all_fields() if f.make is no_value}
    assert left == {f.split("[")[0] for f in NO_VALUE} - INFRA - CONTAINER


# container.mounts, mount* and the probes have extractors: they give no value on the host, which is
# every thread these captures print without -D (test_container_golden checks them in containers)
CONTAINER = {f.split("[")[0] for f in NO_VALUE if f.startswith("container.")}


INFRA = {"evt.infra.docker.name", "evt.infra.docker.container.id", "evt.infra.docker.container.name",
         "evt.infra.docker.container.image"}


def test_infrastructure_event_fields() -> None:
    from sysdigpy.fields import evt  # the parsing of an infra event's description, as sinsp does

    class E:
        code, nparams = 286, 4

        def param(self, _i: int) -> bytes:
            return b"Event: start; ID: 0123456789abcdef; name: web; Image: nginx@sha256:abc\0"

    got = [evt._infra(k)(E()) for k in ("Event", "ID", "name", "Image")]  # noqa: SLF001
    assert got == ["start", "0123456789ab", "web", "nginx"]
