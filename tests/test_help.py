"""sysdigpy --help: exits 0 and carries the examples epilog (also through the console entry point)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from sysdigpy.cli import command
from sysdigpy.cli import main


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_shows_examples(flag: str) -> None:
    result = CliRunner().invoke(command, [flag], prog_name="sysdigpy")
    assert result.exit_code == 0
    assert "Usage: sysdigpy [OPTIONS] [FILTER_WORDS]..." in result.output
    assert "Examples:" in result.output
    assert "sysdigpy -r trace.scap -j | jq ." in result.output
    assert "--readfile FILE" in result.output


def test_help_through_main(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        main(["--help"])  # returns normally (click runs with standalone_mode=False)
    except SystemExit as exc:
        assert exc.code in (0, None)
    out = capsys.readouterr().out
    assert "Examples:" in out and "sysdigpy -r trace.scap -c topfiles_bytes" in out


def test_help_as_a_process() -> None:
    proc = subprocess.run([sys.executable, "-m", "sysdigpy", "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Examples:" in proc.stdout


def _complete(words: str, cword: int) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, _SYSDIGPY_COMPLETE="bash_complete", COMP_WORDS=words, COMP_CWORD=str(cword))
    return subprocess.run([sys.executable, "-m", "sysdigpy"], capture_output=True, text=True, env=env, check=False)


def test_completion_of_options_through_main() -> None:
    proc = _complete("sysdigpy --rea", 1)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["plain,--readfile"]


def test_completion_after_a_chisel_and_of_choices() -> None:
    assert "plain,--readfile" in _complete("sysdigpy -c topfiles_bytes --rea", 3).stdout.split()
    assert _complete("sysdigpy -t ", 2).stdout.split() == [f"plain,{c}" for c in "hardD"]


def test_completion_script() -> None:
    env = dict(os.environ, _SYSDIGPY_COMPLETE="bash_source")
    proc = subprocess.run([sys.executable, "-m", "sysdigpy"], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0
    assert "complete -o nosort -F _sysdigpy_completion sysdigpy" in proc.stdout
