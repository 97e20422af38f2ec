"""The example chisel package installs with pip and is found through its entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden_modes import CAPTURES

PKG = Path(__file__).parent / "example_pkg"
CAPTURE = CAPTURES / "libs_curl_google.scap"


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                           "--target", str(dest), str(PKG)], capture_output=True, text=True)
    if proc.returncode != 0:  # no 'wheel' offline: lay out what pip would install, from the pyproject
        _install_by_hand(dest)
    return dest


def _install_by_hand(dest: Path) -> None:
    import shutil

    import tomllib

    project = tomllib.loads((PKG / "pyproject.toml").read_text())["project"]
    shutil.copytree(PKG / "src" / "hello_chisel", dest / "hello_chisel", dirs_exist_ok=True)
    info = dest / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    eps = project["entry-points"]
    (info / "entry_points.txt").write_text("".join(
        f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in items.items()) for group, items in eps.items()))


def _run(target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(target), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "sysdigpy", *args], capture_output=True, text=True, env=env,
                          cwd=target)


def test_listed(target: Path) -> None:
    out = _run(target, "-cl").stdout
    assert "Category: Examples" in out
    assert "countexec       Count execve calls per process name" in out


def test_runs(target: Path) -> None:
    if not CAPTURE.is_file():
        pytest.skip("capture not available")
    proc = _run(target, "-r", str(CAPTURE), "-c", "countexec")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "curl\t1\n"
