"""Small optional C helpers, built by sysdigpy itself on first use.

A helper is one C file next to the module that uses it (it may include the headers
next to it).  It is compiled once per source version with the system C compiler
into the user's cache directory and loaded with ctypes.  Without a compiler, when
the build fails, or with ``SYSDIGPY_NO_CEXT=1``, :func:`load` returns None and
callers use their pure-Python path, which produces the same bytes (the tests check
both).
"""

from __future__ import annotations

import ctypes
import os
import zlib
from collections.abc import Callable
from pathlib import Path

_loaded: dict[Path, ctypes.CDLL | None] = {}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sysdigpy"


def build(source: Path) -> Path | None:
    """The shared object of ``source`` (compiled if needed), or None without a compiler.

    A helper already built for this exact source is used as it is: finding the compiler and
    the modules that build are left to the first run (they cost a run's start-up ~10 ms).
    """
    so = cache_dir() / f"{source.stem}-{_digest(source)}.so"
    if so.exists():
        return so
    import shutil
    import subprocess
    import tempfile

    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        return None
    try:
        so.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=".so", dir=so.parent)
        os.close(fd)
        subprocess.run([cc, "-O2", "-shared", "-fPIC", "-o", tmp, str(source)], check=True,
                       capture_output=True, timeout=120)
        os.replace(tmp, so)
    except (OSError, subprocess.SubprocessError):
        return None
    return so


def _digest(source: Path) -> str:
    """The build's identity: the source and every file it includes with ``#include "..."``.

    It is kept in a stamp file with the size and mtime of each of those files, as Python keeps
    a module's in its .pyc: while none of them changed, a run reads the stamp instead of reading
    and hashing ~150 KB of C (~2.5 ms of every run).
    """
    stamp = cache_dir() / f"{source.stem}-{zlib.crc32(str(source.resolve()).encode()):08x}.stamp"
    try:
        digest, *entries = stamp.read_text().splitlines()
        if entries and all(_signature(path) == sig for path, sig in (e.rsplit("\t", 1) for e in entries)):
            return digest
    except (OSError, ValueError):
        pass
    paths = _sources(source)
    h = _hasher()
    for path in paths:
        h.update(path.read_bytes())
    digest = h.hexdigest()[:16]
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text("\n".join([digest, *(f"{p}\t{_signature(str(p))}" for p in paths)]) + "\n")
    except OSError:
        pass
    return digest


def cached_data(name: str, deps: list[Path], make: Callable[[], bytes]) -> bytes:
    """Bytes derived from ``deps`` only (e.g. tables for a helper), kept in the cache directory
    while none of those files changed (size and mtime, as for a helper's build)."""
    path = cache_dir() / f"{name}.bin"
    stamp = cache_dir() / f"{name}.stamp"
    sigs = "\n".join(f"{p}\t{_signature(str(p))}" for p in deps)
    try:
        if stamp.read_text() == sigs:
            return path.read_bytes()
    except OSError:
        pass
    data = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        stamp.write_text(sigs)
    except OSError:
        pass
    return data


def _signature(path: str) -> str:
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}"


def _hasher():  # noqa: ANN202 - a hashlib object
    try:
        from _blake2 import blake2b  # the built-in module: no OpenSSL to load
    except ImportError:
        from hashlib import blake2b
    return blake2b(digest_size=8)


def _sources(source: Path) -> list[Path]:
    """``source`` and the local files it includes, recursively, each once, in include order."""
    seen: list[Path] = []
    todo = [source.resolve()]
    while todo:
        path = todo.pop(0)
        if path in seen or not path.exists():
            continue
        seen.append(path)
        for line in path.read_text(errors="replace").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] == "#include" and words[1].startswith('"'):
                todo.append((path.parent / words[1].strip('"')).resolve())
    return seen


def load(source: Path) -> ctypes.CDLL | None:
    """The loaded helper, or None (no compiler, build failed, or SYSDIGPY_NO_CEXT=1)."""
    if os.environ.get("SYSDIGPY_NO_CEXT") == "1":
        return None
    if source not in _loaded:
        so = build(source)
        try:
            _loaded[source] = ctypes.CDLL(str(so)) if so is not None else None
        except OSError:
            _loaded[source] = None
    return _loaded[source]
