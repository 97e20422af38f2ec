"""Find kernel headers for the running kernel, and fall back to the nearest installed ones.

BCC compiles against ``/lib/modules/$(uname -r)/build``.  A kernel without its own
headers package (a cloud or micro-VM kernel) can use Debian's headers of another
version: the probe reads every kernel structure through offsets taken from the
running kernel's BTF (see :mod:`sysdigpy.probe.btf`), so the headers only have to
compile, not to match.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MODULES = Path("/lib/modules")
SRC = Path("/usr/src")


@dataclass(frozen=True)
class HeadersInfo:
    release: str
    build: Path
    source: Path
    fallback: bool  # True when the headers are of another kernel version


def kernel_release() -> str:
    return os.uname().release


def _has_headers(path: Path) -> bool:
    return (path / "include").is_dir() or (path / "Makefile").is_file()


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", name))


def installed_headers(src: Path = SRC) -> list[Path]:
    """Arch-specific header trees (``linux-headers-*-amd64``), newest first."""
    if not src.is_dir():
        return []
    found = [p for p in src.glob("linux-headers-*") if p.is_dir() and not p.name.endswith("-common")
             and _has_headers(p)]
    return sorted(found, key=lambda p: _version_key(p.name), reverse=True)


def nearest_headers(release: str, src: Path = SRC) -> Path | None:
    """The installed headers closest to ``release`` (exact match first, else newest)."""
    cands = installed_headers(src)
    for p in cands:
        if p.name == f"linux-headers-{release}":
            return p
    if not cands:
        return None
    want = _version_key(release)[:2]

    def distance(p: Path) -> tuple[int, ...]:
        have = _version_key(p.name.removeprefix("linux-headers-"))[:2]
        return (abs((have[0] - want[0]) * 1000 + have[1] - want[1]),) if len(have) == len(want) == 2 else (0,)

    return min(cands, key=distance)


def common_sibling(headers: Path) -> Path:
    """Debian splits headers into ``-amd64`` and ``-common``; the latter is the source tree."""
    m = re.match(r"(linux-headers-.*?)-[a-z0-9]+$", headers.name)
    if m:
        common = headers.parent / f"{m.group(1)}-common"
        if common.is_dir():
            return common
    return headers


def find_headers(release: str | None = None, modules: Path = MODULES) -> HeadersInfo | None:
    """Headers for ``release`` as BCC will find them, or None."""
    release = release or kernel_release()
    build = modules / release / "build"
    if build.exists() and _has_headers(build.resolve()):
        source = modules / release / "source"
        target = build.resolve().name
        return HeadersInfo(release, build, source if source.exists() else build,
                           fallback=not target.startswith(f"linux-headers-{release}") and release not in target)
    return None


def ensure_headers(release: str | None = None, modules: Path = MODULES, src: Path = SRC) -> HeadersInfo:
    """Make ``/lib/modules/RELEASE/{build,source}`` usable, linking the nearest headers if needed.

    Raises KernelHeadersError when nothing is installed.
    """
    from sysdigpy.probe.errors import KernelHeadersError

    release = release or kernel_release()
    info = find_headers(release, modules)
    if info is not None:
        return info
    hdr = nearest_headers(release, src)
    if hdr is None:
        raise KernelHeadersError(f"no /lib/modules/{release}/build and nothing under {src}")
    log.warning("no kernel headers for %s: falling back to %s (structure offsets come from BTF)",
                release, hdr.name)
    link_headers(release, hdr, modules)
    info = find_headers(release, modules)
    if info is None:
        raise KernelHeadersError(f"linking {hdr} under {modules / release} did not work")
    return HeadersInfo(info.release, info.build, info.source, fallback=True)


def link_headers(release: str, headers: Path, modules: Path = MODULES) -> None:
    """Create the ``build`` and ``source`` symlinks (replacing dangling ones)."""
    d = modules / release
    d.mkdir(parents=True, exist_ok=True)
    for name, target in (("build", headers), ("source", common_sibling(headers))):
        link = d / name
        if link.is_symlink() and not link.exists():
            link.unlink()
        if not link.exists():
            link.symlink_to(target)
