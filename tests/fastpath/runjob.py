"""Run a job in-process with the C engine on or off, and what it wrote."""

from __future__ import annotations

import io

import pytest

from sysdigpy.errors import SysdigpyError
from sysdigpy.format.writer import Output
from sysdigpy.job import Job
from sysdigpy.runconfig import Config


def run_job(monkeypatch: pytest.MonkeyPatch, fast: str, **cfg: object) -> tuple[bytes, str]:
    """(stdout bytes, error text) of a run; ``fast`` is SYSDIGPY_FASTPATH ("0": the Python engine)."""
    monkeypatch.setenv("SYSDIGPY_FASTPATH", fast)
    buf = io.BytesIO()
    job = Job(Config(**cfg), Output(buf))  # type: ignore[arg-type]
    err = ""
    try:
        job.run()
    except SysdigpyError as exc:
        err = f"{type(exc).__name__}: {exc}"
    return buf.getvalue(), err
