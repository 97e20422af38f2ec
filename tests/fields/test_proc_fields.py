"""proc.* fields: pname/pcmdline of a thread come from its creator (sysdig-reference §0.13)."""

from __future__ import annotations

from factories import exit_
from helpers import machine

from sysdigpy.state.parsers import State
from sysdigpy.state.threads import CL_CLONE_FILES
from sysdigpy.state.threads import CL_CLONE_THREAD
from tests.fields.fieldtools import run
from tests.fields.fieldtools import value

CLONE_THREAD = CL_CLONE_THREAD | CL_CLONE_FILES


def _exec_curl(st: State) -> None:
    """bash (pid 100) forks 200 which execs curl; curl starts thread 201."""
    ids = {"tid": 100, "pid": 100, "ptid": 1, "vtid": 100, "vpid": 100}
    run(st, exit_("clone", tid=100, res=200, exe="bash", args=["-i"], params=ids, comm="bash", flags=0))
    run(st, exit_("execve", tid=200, res=0, exe="curl", args=["-6", "x"], params={"tid": 200, "pid": 200,
                                                                                    "ptid": 100}, comm="curl"))


def test_process_pname_is_the_parent() -> None:
    st = machine()
    _exec_curl(st)
    e = run(st, exit_("close", tid=200, res=0))
    assert value("proc.name", st, e) == "curl"
    assert value("proc.pname", st, e) == "bash"
    assert value("proc.ppid", st, e) == 100


def test_thread_pname_is_its_creator() -> None:
    st = machine()
    _exec_curl(st)
    run(st, exit_("clone", tid=200, res=201, exe="curl", args=["-6", "x"], comm="curl", flags=CLONE_THREAD,
                  params={"tid": 200, "pid": 200, "ptid": 100, "vtid": 200, "vpid": 200}))
    e = run(st, exit_("close", tid=201, res=0))
    assert value("thread.ismain", st, e) is False
    assert value("proc.ppid", st, e) == 100
    assert value("proc.pname", st, e) == "curl"
    assert value("proc.pcmdline", st, e) == "curl -6 x"
    assert value("proc.aname[1]", st, e) == "bash"
