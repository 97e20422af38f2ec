from __future__ import annotations

from pathlib import Path

import pytest

from sysdigpy.probe import kheaders
from sysdigpy.probe.errors import KernelHeadersError
from sysdigpy.probe.errors import ProbeError


def make_headers(src: Path, name: str) -> Path:
    d = src / name
    (d / "include").mkdir(parents=True)
    common = src / name.replace("-amd64", "-common")
    (common / "include").mkdir(parents=True)
    return d


def test_nearest_prefers_exact_then_closest(tmp_path: Path) -> None:
    src = tmp_path / "src"
    make_headers(src, "linux-headers-5.10.0-9-amd64")
    make_headers(src, "linux-headers-6.1.0-56-amd64")
    assert kheaders.nearest_headers("6.18.44-fc", src).name == "linux-headers-6.1.0-56-amd64"
    assert kheaders.nearest_headers("5.10.0-9-amd64", src).name == "linux-headers-5.10.0-9-amd64"
    assert kheaders.nearest_headers("5.4.0", src).name == "linux-headers-5.10.0-9-amd64"


def test_ensure_links_build_and_source(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    src, mods = tmp_path / "src", tmp_path / "modules"
    hdr = make_headers(src, "linux-headers-6.1.0-56-amd64")
    info = kheaders.ensure_headers("6.18.44-test", mods, src)
    assert info.fallback
    assert (mods / "6.18.44-test" / "build").resolve() == hdr.resolve()
    assert (mods / "6.18.44-test" / "source").resolve().name == "linux-headers-6.1.0-56-common"
    assert "falling back" in caplog.text
    again = kheaders.ensure_headers("6.18.44-test", mods, src)  # idempotent
    assert again.build == info.build


def test_missing_headers_error(tmp_path: Path) -> None:
    with pytest.raises(KernelHeadersError) as ei:
        kheaders.ensure_headers("9.9.9", tmp_path / "m", tmp_path / "empty")
    assert isinstance(ei.value, ProbeError)
    assert "linux-headers-amd64" in str(ei.value)


def test_running_kernel_has_usable_headers() -> None:
    # setup-live.sh has run on CI and dev machines
    info = kheaders.find_headers()
    assert info is not None and (info.build.resolve() / "include").is_dir()
