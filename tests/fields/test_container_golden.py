"""container.* against the installed sysdig 0.29.3 on every shared capture (it must be installed:
the test fails without it).  -D keeps every event (procinfo of the process list included) and the
``*`` prints lines whose fields have no value."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdigpy

SYSDIG = "/usr/bin/sysdig"
FORMAT = ("*%evt.num %thread.tid %container.id %container.name %container.type %container.image "
          "%container.image.id %container.privileged")
RUNS = {
    "fields": ["-D", "-p", FORMAT],
    "more": ["-D", "-p", "*%container.image.repository|%container.image.tag|%container.mounts|"
                         "%container.mount[0]|%container.healthcheck|%container.liveness_probe"],
    "pc": ["-pc"],
    "pc_json": ["-pc", "-j"],
    "filter": ["-p", "%evt.num %proc.name %container.id %container.name", "container.id!=host"],
}
# sysdig refuses this one
CAPS = sorted(p.stem for p in CAPTURES.glob("*.scap") if p.stem != "libs_curl_google_comments")


@pytest.mark.parametrize("run", sorted(RUNS))
@pytest.mark.parametrize("capture", CAPS)
def test_container_fields_as_sysdig(capture: str, run: str) -> None:
    assert os.access(SYSDIG, os.X_OK), f"{SYSDIG} (sysdig 0.29.3) is needed to compare with"
    path = str(CAPTURES / f"{capture}.scap")
    args = ["-r", path, *RUNS[run]]
    want = subprocess.run([SYSDIG, *args], capture_output=True, env=dict(os.environ, TZ="UTC"), timeout=120)
    got = run_sysdigpy(args)
    assert want.returncode == 0
    assert got.stdout == want.stdout


def test_containers_are_found() -> None:
    """The capture where sysdig puts threads in containers (falco and express_server)."""
    got = run_sysdigpy(["-r", str(CAPTURES / "falco_open-multiple-files.scap"), "-D", "-p",
                        "%container.name %container.type"]).stdout.decode()  # -D: internal events pass any filter
    assert set(got.splitlines()) == {"host host", "falco docker", "express_server docker"}
