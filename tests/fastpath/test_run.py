"""The C engine prints, byte for byte, what the Python engine prints, and hands over exactly where it declines."""

from __future__ import annotations

import gzip
import os
import subprocess
from pathlib import Path

import pytest

from sysdigpy.fastpath import engine as E
from sysdigpy.fastpath import run as fastrun
from sysdigpy.format.writer import Output
from sysdigpy.job import Job
from sysdigpy.runconfig import Config
from tests.fastpath.runjob import run_job
from tests.golden_modes import CAPTURES
from tests.golden_modes import ROOT
from tests.golden_modes import SYSDIGPY

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
    {"filter_text": "fd.name contains /etc or fd.name startswith /usr or fd.name contains 127.0.0.1"},  # from params
    {"filter_text": "evt.dir=< and fd.name exists"},
    {"print_format": "%evt.num %proc.name %fd.name"},
    {"print_format": "*%evt.time %12proc.name %6proc.pid %fd.type %fd.num %evt.type %evt.args"},
    {"print_format": "%thread.tid:%evt.dir %10fd.name|%evt.info", "filter_text": "evt.dir=<", "verbose": True},
    {"chisels": [("topfiles_bytes", None)]},
    {"chisels": [("topfiles_bytes", None)], "filter_text": "proc.name!=cat"},
    {"chisels": [("topfiles_bytes", None)], "json_out": True},
]


def test_the_engine_builds() -> None:
    assert E.enabled(), "the C engine must build here (a C compiler is part of the set-up)"


@pytest.fixture(scope="module")
def plain_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The captures uncompressed: the C engine maps plain files and reads them itself."""
    d = tmp_path_factory.mktemp("plain")
    for cap in CAPS:
        data = Path(cap).read_bytes()
        (d / Path(cap).name).write_bytes(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    return d


@pytest.mark.parametrize("cap", CAPS, ids=lambda p: p.rsplit("/", 1)[-1])
@pytest.mark.parametrize("job", JOBS, ids=repr)
@pytest.mark.parametrize("plain", [False, True], ids=["as-is", "plain"])
def test_c_engine_prints_what_python_prints(monkeypatch: pytest.MonkeyPatch, plain_dir: Path, cap: str, job: dict,
                                            plain: bool) -> None:
    path = str(plain_dir / Path(cap).name) if plain else cap
    py = run_job(monkeypatch, "0", readfiles=(path,), **job)
    c = run_job(monkeypatch, "1", readfiles=(path,), **job)
    assert c == py


@pytest.mark.parametrize("gz", [False, True])
def test_a_capture_read_from_a_pipe(plain_dir: Path, gz: bool) -> None:
    """A pipe cannot be mapped or sought: the C engine takes the blocks Python read."""
    name = "libs_curl_google.scap"
    data = (CAPTURES / name).read_bytes() if gz else (plain_dir / name).read_bytes()
    env = dict(os.environ, TZ="UTC")
    piped = subprocess.run([*SYSDIGPY, "-r", "/dev/stdin"], input=data, capture_output=True, env=env, timeout=60)
    direct = subprocess.run([*SYSDIGPY, "-r", str(plain_dir / name)], capture_output=True, env=env, timeout=60)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == direct.stdout and direct.stdout.count(b"\n") > 1000


@pytest.mark.parametrize("at", [1, 2, 57, 300, 1999])
@pytest.mark.parametrize("job", [{}, {"json_out": True}, {"filter_text": "evt.dir=< and fd.type=file"},
                                 {"chisels": [("topfiles_bytes", None)]}], ids=repr)
@pytest.mark.parametrize("plain", [False, True], ids=["gzip", "plain"])
def test_the_python_engine_takes_over_where_c_declines(monkeypatch: pytest.MonkeyPatch, plain_dir: Path, at: int,
                                                       job: dict, plain: bool) -> None:
    cap = str((plain_dir if plain else CAPTURES) / "libs_curl_google.scap")
    py = run_job(monkeypatch, "0", readfiles=(cap,), **job)
    monkeypatch.setenv("SYSDIGPY_FASTPATH_DECLINE_AT", str(at))
    c = run_job(monkeypatch, "1", readfiles=(cap,), **job)
    assert c == py


def _declines(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cap: str, **job: object) -> str:
    run_job(monkeypatch, "debug", readfiles=(cap,), **job)
    return "\n".join(ln for ln in capsys.readouterr().err.splitlines() if "fast path" in ln)


@pytest.mark.parametrize("job", [{}, {"json_out": True}, {"filter_text": "evt.type=open and fd.name contains /etc"},
                                 {"filter_text": "fd.name contains 127.0.0.1 or fd.name exists and evt.dir=<"},
                                 {"chisels": [("topfiles_bytes", None)]}], ids=repr)
def test_the_c_engine_runs_a_whole_capture(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                           job: dict) -> None:
    """Not a fallback in disguise: the curl capture runs to its end in C."""
    assert _declines(monkeypatch, capsys, str(CAPTURES / "libs_curl_google.scap"), **job) == ""


@pytest.mark.parametrize(("cfg", "runs"), [
    ({}, True),
    ({"json_out": True}, True),
    ({"filter_text": "evt.type=open"}, True),
    ({"filter_text": "fd.name exists and not evt.is_io=false"}, True),
    ({"filter_text": "fd.name glob /etc/*"}, False),  # an operator filter.c does not have
    ({"filter_text": "proc.pid=1"}, False),  # a field filter.c does not have
    ({"print_format": "%evt.num %fd.name"}, True),
    ({"print_format": "%evt.num %proc.exe"}, False),  # a field format.c does not have
    ({"print_format": "%proc.aname[1]"}, False),
    ({"print_format": "%evt.num", "json_out": True}, False),
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
    plain = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    cut = tmp_path / "cut.scap"
    cut.write_bytes(plain[:len(plain) * 2 // 3])
    for job in ({}, {"json_out": True}, {"chisels": [("topfiles_bytes", None)]}):
        py = run_job(monkeypatch, "0", readfiles=(str(cut),), **job)
        c = run_job(monkeypatch, "1", readfiles=(str(cut),), **job)
        assert c == py
        assert py[1].startswith("CaptureFormatError")


@pytest.mark.parametrize("job", [{}, {"json_out": True}, {"filter_text": "fd.name contains /etc"},
                                 {"chisels": [("topfiles_bytes", None)]}], ids=repr)
def test_a_capture_of_two_sections(monkeypatch: pytest.MonkeyPatch, plain_dir: Path, tmp_path: Path,
                                   job: dict) -> None:
    """The C engine stops at the second section header; Python reads its metadata; C carries on."""
    two = tmp_path / "two.scap"
    sections = [(plain_dir / name).read_bytes() for name in ("falco_syscall.scap", "libs_curl_google.scap")]
    two.write_bytes(b"".join(sections))
    py = run_job(monkeypatch, "0", readfiles=(str(two),), **job)
    c = run_job(monkeypatch, "1", readfiles=(str(two),), **job)
    assert c == py and py[0].count(b"\n") > 10
