"""native: a helper is rebuilt when its source or a file it includes changes, and only then."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sysdigpy import native


def _write(path: Path, text: str) -> None:
    path.write_text(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a new mtime even on a coarse clock


def test_the_digest_follows_every_included_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "sub").mkdir()
    src = tmp_path / "helper.c"
    _write(src, '#include "sub/part.h"\nint f(void) { return g(); }\n')
    _write(tmp_path / "sub" / "part.h", '#include "../other.h"\nstatic int g(void) { return 1; }\n')
    _write(tmp_path / "other.h", "/* nothing */\n")
    _write(tmp_path / "unrelated.h", "/* not included */\n")
    first = native._digest(src)
    assert native._digest(src) == first  # from the stamp
    _write(tmp_path / "unrelated.h", "/* still not included */\n")
    assert native._digest(src) == first
    _write(tmp_path / "other.h", "/* changed, two levels down */\n")
    second = native._digest(src)
    assert second != first
    (tmp_path / "cache" / "sysdigpy").mkdir(parents=True, exist_ok=True)
    for stamp in (tmp_path / "cache" / "sysdigpy").glob("*.stamp"):
        stamp.unlink()
    assert native._digest(src) == second  # the same content gives the same build without a stamp


def test_cached_data_is_made_again_when_a_file_it_derives_from_changes(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    dep = tmp_path / "table.py"
    _write(dep, "ROWS = 1\n")
    made: list[bytes] = []

    def make() -> bytes:
        made.append(dep.read_bytes())
        return b"tables:" + dep.read_bytes()

    assert native.cached_data("t", [dep], make) == b"tables:ROWS = 1\n"
    assert native.cached_data("t", [dep], make) == b"tables:ROWS = 1\n"
    assert len(made) == 1  # the second came from the cache
    _write(dep, "ROWS = 22\n")
    assert native.cached_data("t", [dep], make) == b"tables:ROWS = 22\n"
    assert len(made) == 2
