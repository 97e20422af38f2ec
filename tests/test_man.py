"""The man page is generated (man/build_man.py): it must be current, complete and render cleanly."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "man" / "sysdigpy.8"


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_man", ROOT / "man" / "build_man.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_man"] = module
    spec.loader.exec_module(module)
    return module


build_man = _load_builder()


@pytest.fixture(scope="module")
def page() -> str:
    return build_man.render()


def _plain(roff: str) -> str:
    """The roff source with the escapes the generator writes undone (enough to search it)."""
    text = re.sub(r"\\f[BIRP]", "", roff)
    text = text.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "").replace("\\:", "")
    return text.replace("\\ ", " ")


def test_page_is_current(page: str) -> None:
    assert PAGE.read_text(encoding="utf-8") == page, "man/sysdigpy.8 is stale: run python man/build_man.py"


def test_render_is_deterministic(page: str) -> None:
    assert build_man.render() == page


def test_every_click_option_is_documented(page: str) -> None:
    options = build_man.click_options()
    assert any("--help" in o.opts for o in options)
    for opt in options:
        for name in [*opt.opts, *opt.secondary_opts]:
            assert re.search(rf"\\fB{re.escape(name.replace('-', chr(92) + '-'))}\\fR", page), name
        if opt.help:
            first_words = " ".join(opt.help.split()[:3])
            assert first_words in _plain(page), (opt.opts, first_words)


def test_every_field_is_documented(page: str) -> None:
    from sysdigpy.fields.registry import all_fields

    fields = all_fields()
    assert fields
    plain = _plain(page)
    for f in fields:  # each field is the tag of its own paragraph: "name (TYPE)" or "name[ARG] (TYPE)"
        assert f"\n{f.name} (" in plain or f"\n{f.name}[" in plain, f.name


def test_chisels_events_exit_statuses(page: str) -> None:
    from sysdigpy.chisels.manager import discover
    from sysdigpy.errors import ExitStatus
    from sysdigpy.events.listing import list_events

    plain = _plain(page)
    for name, cls in discover().items():
        if cls.__module__.startswith("sysdigpy.chisels.") and (not cls.hidden or cls.category):
            assert f"\n{name}\n" in plain, name
    for sig in list_events():
        direction, _, rest = sig.partition(" ")
        assert f"\n.IP {direction} 2\n{rest}\n" in plain, sig
    for member in ExitStatus:
        assert f"\n{int(member)} ({member.name})\n" in plain, member


def test_epilog_examples_are_in_the_page(page: str) -> None:
    from sysdigpy.cli import command

    plain = _plain(page)
    assert command.epilog
    assert "sysdigpy -r trace.scap -j | jq ." in plain
    for line in command.epilog.splitlines():
        cmd = re.split(r"\s{2,}", line.strip())[0]
        if cmd.startswith("sysdigpy "):
            assert cmd in plain, cmd


def test_check_mode_reports_a_stale_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "sysdigpy.8"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(build_man, "PAGE", stale)
    assert build_man.main(["--check"]) == 1
    assert build_man.main([]) == 0
    assert build_man.main(["--check"]) == 0


def test_roff_escaping() -> None:
    assert build_man.esc("a-b\\c é") == "a\\-b\\ec \\[u00E9]"
    assert build_man.line_safe(".x") == "\\&.x"
    assert build_man.inline("run `-c x` *now*") == "run \\fB\\-c x\\fR \\fInow\\fR"


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed (scripts/setup.sh --dev)")
@pytest.mark.parametrize("width", [65, 80, 120])
def test_renders_without_groff_warnings(width: int) -> None:
    proc = subprocess.run(["groff", "-man", "-Tutf8", "-ww", f"-rLL={width}n", str(PAGE)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stderr == ""
    text = re.sub(r".\x08", "", proc.stdout)
    for heading in ("NAME", "SYNOPSIS", "OPTIONS", "FILTERS", "OUTPUT FORMATS", "FIELDS", "CHISELS", "EVENTS",
                    "EXAMPLES", "EXIT STATUS", "SHELL COMPLETION", "FILES", "DIFFERENCES FROM SYSDIG 0.29.3",
                    "SEE ALSO"):
        assert f"\n{heading}\n" in text, heading


@pytest.mark.skipif(shutil.which("man") is None, reason="man-db is not installed (scripts/setup.sh --dev)")
def test_man_l_renders() -> None:
    proc = subprocess.run(["man", "-l", str(PAGE)], capture_output=True, text=True, check=False,
                          env={"MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert "sysdigpy - see system calls" in re.sub(r".\x08", "", proc.stdout)
