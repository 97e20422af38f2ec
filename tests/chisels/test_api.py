"""The chisel API: hook names, field checks, failure isolation, arguments, discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from sysdigpy.chisels import manager
from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselArg
from sysdigpy.chisels.base import ChiselError
from sysdigpy.chisels.base import Output
from sysdigpy.chisels.manager import ChiselManager
from sysdigpy.chisels.manager import decide_takes_arg
from sysdigpy.chisels.manager import parse_args
from sysdigpy.chisels.manager import split_args
from sysdigpy.errors import SysdigpyError
from sysdigpy.fields.context import FieldContext
from tests.golden_modes import CAPTURES
from tests.golden_modes import SHARED

CAPTURE = CAPTURES / "libs_sample.scap"


class TwoArgs(Chisel):
    name = "two_args"
    args = [ChiselArg("a", "string", "first"), ChiselArg("b", "string", "second", True)]


class OptOnly(Chisel):
    name = "opt_only"
    args = [ChiselArg("a", "string", "first", True)]


def test_bad_hook_name_rejected() -> None:
    with pytest.raises(ChiselError):
        class Bad(Chisel):  # noqa: F841
            name = "bad"

            def on_evnt(self) -> None: ...


def test_unknown_field_rejected_at_init() -> None:
    class Asks(Chisel):
        name = "asks"

        def on_init(self, args: dict[str, str]) -> None:
            self.f = self.field("no.such_field")

    with pytest.raises(SysdigpyError, match="nonexistent field no.such_field"):
        Asks(FieldContext(), Output()).on_init({})


def test_split_and_parse_args() -> None:
    assert split_args("80 disable_colors") == ["80", "disable_colors"]
    assert split_args("'a b' `c d` e") == ["a b", "c d", "e"]
    assert parse_args(TwoArgs, "x y") == {"a": "x", "b": "y"}
    assert parse_args(TwoArgs, "x") == {"a": "x"}
    with pytest.raises(SysdigpyError, match="missing arguments for chisel two_args"):
        parse_args(TwoArgs, None)
    with pytest.raises(SysdigpyError, match="too many parameters"):
        parse_args(TwoArgs, "x y z")


def test_decide_takes_arg() -> None:
    assert decide_takes_arg(TwoArgs, "x", True)
    assert not decide_takes_arg(OptOnly, None, False)
    assert not decide_takes_arg(OptOnly, "-v", False)
    assert not decide_takes_arg(OptOnly, "proc.name=x", True)
    assert decide_takes_arg(OptOnly, "word", False)
    assert decide_takes_arg(manager.find("lsof"), "fd.type=ipv4", True)
    assert not decide_takes_arg(manager.find("lsof"), "-j", False)  # an optional filter: an option is not it


@pytest.mark.parametrize("chisel", ["ps", "lsof", "netstat"])
def test_an_option_after_an_optional_filter_is_an_option(chisel: str) -> None:
    """sysdig -c ps -j: -j is sysdig's option, not the chisel's filter (sorted: netstat rows come from a hash)."""
    from tests.golden_modes import CAPTURES
    from tests.golden_modes import run_sysdig
    from tests.golden_modes import run_sysdigpy

    args = ["-r", str(CAPTURES / "falco_syscall.scap"), "-c", chisel, "-j"]
    want = run_sysdig(args)
    got = run_sysdigpy(args)
    assert got.returncode == want.returncode == 0
    assert sorted(got.stdout.splitlines()) == sorted(want.stdout.splitlines())
    assert not decide_takes_arg(manager.find("topconns"), "x", False)


def test_failing_chisel_reported_once_others_continue(capsys: pytest.CaptureFixture[str]) -> None:
    class Boom(Chisel):
        name = "boom"

        def on_event(self, evt: object) -> bool | None:
            raise RuntimeError("kaboom")

    class Count(Chisel):
        name = "count"

        def on_init(self, args: dict[str, str]) -> None:
            self.n = 0

        def on_event(self, evt: object) -> bool | None:
            self.n += 1
            return True

    from sysdigpy.pipeline import Pipeline
    from sysdigpy.pipeline import RunOptions
    from sysdigpy.probe.scapfile import read_capture

    ctx = FieldContext()
    mgr = ChiselManager(ctx, Output())
    boom, count = Boom(ctx, mgr.out), Count(ctx, mgr.out)
    count.on_init({})
    mgr.running += [manager._Running(boom), manager._Running(count)]
    Pipeline(ctx, RunOptions(quiet=True), observers=[mgr]).run(read_capture(str(CAPTURE)))
    mgr.finish()
    err = capsys.readouterr().err
    assert err.count("chisel boom") == 1 and "kaboom" in err
    assert count.n > 10


SRC = '''
from sysdigpy.chisels.base import Chisel


class Hello(Chisel):
    name = "hello_test"
    category = "Misc"
    short_description = "says hello"

    def on_capture_end(self, ts, delta):
        self.out.line("hello")
'''


def test_discovery_from_env_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "hello.py").write_text(SRC)
    monkeypatch.setenv("SYSDIGPY_CHISEL_DIR", f"/nonexistent;{tmp_path}")
    assert "hello_test" in manager.discover()
    assert manager.run_chisels(str(CAPTURE), [("hello_test", None)]) == "hello\n"
    assert any(line.startswith("hello_test") for line in manager.list_chisels())


def test_discovery_from_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "chisels").mkdir()
    (tmp_path / "chisels" / "hello.py").write_text(SRC.replace("hello_test", "hello_cwd"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SYSDIGPY_CHISEL_DIR", raising=False)
    assert "hello_cwd" in manager.discover()


def test_unknown_chisel() -> None:
    with pytest.raises(SysdigpyError, match="can't open file nope"):
        manager.find("nope")


def test_info_layout() -> None:
    want = SHARED / "docs" / "chisel-info" / "fdbytes_by.txt"
    if want.exists():
        assert "\n".join(manager.chisel_info("fdbytes_by")) + "\n" == want.read_text()
