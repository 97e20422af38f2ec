"""The C engine prints, byte for byte, what the Python engine prints, and hands over exactly where it declines."""

from __future__ import annotations

import pytest

from sysdigpy.fastpath import engine as E
from sysdigpy.fastpath import run as fastrun
from sysdigpy.format.writer import Output
from sysdigpy.job import Job
from sysdigpy.runconfig import Config
from tests.fastpath.runjob import run_job
from tests.golden_modes import CAPTURES
from tests.golden_modes import ROOT

CAPS = sorted(str(p) for p in CAPTURES.glob("*.scap")) + [str(ROOT / "samples" / "sample.scap")]
JOBS = [
    {},
    {"json_out": True},
    {"verbose": True},
    {"filter_text": "evt.type=open and fd.name contains /etc"},
    {"filter_text": "proc.name=curl or evt.dir=<"},
    {"filter_text": "fd.type=file and evt.is_io=true"},
    {"filter_text": "not evt.type in (read, write, mmap) and fd.name startswith /"},
    {"filter_text": "evt.type!=close and (fd.name endswith .so.6 or proc.name contains sh)"},
    {"chisels": [("topfiles_bytes", None)]},
    {"chisels": [("topfiles_bytes", None)], "filter_text": "proc.name!=cat"},
    {"chisels": [("topfiles_bytes", None)], "json_out": True},
]


def test_the_engine_builds() -> None:
    assert E.enabled(), "the C engine must build here (a C compiler is part of the set-up)"


@pytest.mark.parametrize("cap", CAPS, ids=lambda p: p.rsplit("/", 1)[-1])
@pytest.mark.parametrize("job", JOBS, ids=repr)
def test_c_engine_prints_what_python_prints(monkeypatch: pytest.MonkeyPatch, cap: str, job: dict) -> None:
    py = run_job(monkeypatch, "0", readfiles=(cap,), **job)
    c = run_job(monkeypatch, "1", readfiles=(cap,), **job)
    assert c == py


@pytest.mark.parametrize("at", [1, 2, 57, 300, 1999])
@pytest.mark.parametrize("job", [{}, {"json_out": True}, {"filter_text": "evt.dir=< and fd.type=file"},
                                 {"chisels": [("topfiles_bytes", None)]}], ids=repr)
def test_the_python_engine_takes_over_where_c_declines(monkeypatch: pytest.MonkeyPatch, at: int, job: dict) -> None:
    cap = str(CAPTURES / "libs_curl_google.scap")
    py = run_job(monkeypatch, "0", readfiles=(cap,), **job)
    monkeypatch.setenv("SYSDIGPY_FASTPATH_DECLINE_AT", str(at))
    c = run_job(monkeypatch, "1", readfiles=(cap,), **job)
    assert c == py


def _declines(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cap: str, **job: object) -> str:
    run_job(monkeypatch, "debug", readfiles=(cap,), **job)
    return "\n".join(ln for ln in capsys.readouterr().err.splitlines() if "fast path" in ln)


@pytest.mark.parametrize("job", [{}, {"json_out": True}, {"filter_text": "evt.type=open and fd.name contains /etc"},
                                 {"chisels": [("topfiles_bytes", None)]}], ids=repr)
def test_the_c_engine_runs_a_whole_capture(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                           job: dict) -> None:
    """Not a fallback in disguise: the curl capture runs to its end in C."""
    assert _declines(monkeypatch, capsys, str(CAPTURES / "libs_curl_google.scap"), **job) == ""


@pytest.mark.parametrize(("cfg", "runs"), [
    ({}, True),
    ({"json_out": True}, True),
    ({"filter_text": "evt.type=open"}, True),
    ({"filter_text": "fd.name glob /etc/*"}, False),  # an operator filter.c does not have
    ({"filter_text": "proc.pid=1"}, False),  # a field filter.c does not have
    ({"print_format": "%evt.num"}, False),
    ({"numevents": 10}, False),
    ({"debug": True}, False),
    ({"timetype": "a"}, False),
    ({"bufmt": "hex"}, False),
    ({"writefile": "/dev/null"}, False),
    ({"summary": True}, False),
])
def test_which_jobs_the_c_engine_runs(cfg: dict, runs: bool) -> None:
    import io

    job = Job(Config(readfiles=(str(CAPTURES / "falco_syscall.scap"),), **cfg), Output(io.BytesIO()))
    assert (fastrun.plan(job) is not None) is runs


def test_a_cut_capture_prints_and_fails_like_python(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = (CAPTURES / "libs_curl_google.scap").read_bytes()
    import gzip

    plain = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    cut = tmp_path / "cut.scap"
    cut.write_bytes(plain[:len(plain) * 2 // 3])
    for job in ({}, {"json_out": True}, {"chisels": [("topfiles_bytes", None)]}):
        py = run_job(monkeypatch, "0", readfiles=(str(cut),), **job)
        c = run_job(monkeypatch, "1", readfiles=(str(cut),), **job)
        assert c == py
        assert py[1].startswith("CaptureFormatError")
