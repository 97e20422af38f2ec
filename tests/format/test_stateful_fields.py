"""Fields whose value depends on how often they are extracted (thread.exectime, thread.cpu...).

sinsp's formatter extracts every field of a line, also after one that is missing (the line is then
dropped), and its JSON formatter extracts a kept field twice: the outputs below come out as sysdig's.
"""

from __future__ import annotations

import pytest

from tests.golden_modes import CAPTURES
from tests.golden_modes import run_sysdig
from tests.golden_modes import run_sysdigpy

FORMATS = ["%thread.tid %thread.ismain %thread.exectime %thread.totexectime %thread.vmsize %thread.nametid",
           "%proc.name %thread.cpu %thread.cpu.user %thread.exectime",
           "*%thread.exectime %proc.name %thread.exectime %thread.totexectime"]


# sysdig 0.29.3 aborts on a double in JSON ("wrong event type 33"): thread.cpu is compared as text only
CASES = [(fmt, json) for fmt in FORMATS for json in (False, True) if not (json and "thread.cpu" in fmt)]


@pytest.mark.parametrize("name", ["libs_sample", "falco_syscall", "falco_ping_sendto"])
@pytest.mark.parametrize(("fmt", "json"), CASES)
def test_stateful_fields_as_sysdig(name: str, fmt: str, json: bool) -> None:
    args = ["-r", str(CAPTURES / f"{name}.scap"), "-D", *(["-j"] if json else []), "-p", fmt]  # -D: procinfo too
    want = run_sysdig(args).stdout
    got = run_sysdigpy(args).stdout
    assert got == want and got


def test_doubles_are_json_numbers() -> None:
    import json

    out = run_sysdigpy(["-r", str(CAPTURES / "falco_syscall.scap"), "-D", "-j", "-p", "%evt.num %thread.cpu",
                        "evt.type=procinfo"]).stdout.splitlines()
    assert out and all(isinstance(json.loads(line)["thread.cpu"], float) for line in out)
