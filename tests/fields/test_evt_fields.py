"""evt.* fields on synthetic events: category (generic events too), around, type."""

from __future__ import annotations

from factories import enter
from factories import exit_
from helpers import machine

from sysdigpy.events import flagtables as ft
from sysdigpy.fields.evt import AroundTime
from tests.fields.fieldtools import run
from tests.fields.fieldtools import value


def _sc(name: str) -> int:
    return next(k for k, v in ft.SYSCALL_NAMES.items() if v == name)


def generic(name: str) -> object:
    return exit_("syscall", tid=100, ID=_sc(name))


def test_generic_event_category_is_its_syscalls() -> None:
    st = machine()
    assert value("evt.category", st, run(st, generic("mprotect"))) == "memory"
    assert value("evt.category", st, run(st, generic("rt_sigaction"))) == "signal"
    assert value("evt.category", st, run(st, generic("nanosleep"))) == "sleep"
    assert value("evt.category", st, run(st, generic("mmap"))) == "file"  # as libscap's table says
    assert value("evt.type", st, run(st, generic("mprotect"))) == "mprotect"


def test_generic_io_syscall_has_unknown_category() -> None:
    """A generic event has no fd: an I/O category gets no file/net/ipc subcategory."""
    st = machine()
    assert value("evt.category", st, run(st, generic("readv"))) == "unknown"


def test_generic_wait_category() -> None:
    st = machine()
    assert value("evt.category", st, run(st, generic("wait4"))) == "wait"


def test_io_category_follows_fd_type() -> None:
    st = machine()
    e = run(st, enter("read", tid=100, fd=0, size=10), exit_("read", tid=100, res=3, data=b"abc"))
    assert value("evt.category", st, e) == "file"


def test_syscall_table_has_every_ppm_sc() -> None:
    from sysdigpy.events._syscallcat import SYSCALL_CATEGORIES

    assert len(SYSCALL_CATEGORIES) == ft.PPM_SC_MAX
    assert SYSCALL_CATEGORIES[0] == "EC_OTHER"


def test_around_window_in_milliseconds() -> None:
    t = 1_000_000_000
    assert AroundTime(t, t + 999_999) == 1
    assert AroundTime(t, t + 1_000_000) == 1
    assert not AroundTime(t, t + 1_000_001) == 1
    assert AroundTime(t, t - 1_000_000) == 1
    assert AroundTime(t, t + 5) != 0


def test_around_getter_is_dynamic_and_keeps_the_target() -> None:
    from sysdigpy.fields.context import FieldContext
    from sysdigpy.fields.registry import lookup

    fi, arg, _ = lookup("evt.around[123]")
    get = fi.bind(FieldContext(), arg)
    assert get.ftype == "PT_DYN"
    st = machine()
    e = run(st, enter("close", tid=100, fd=0, ts=2_000_123))
    assert get(e).target == 123
    assert get(e) == 2 and not get(e) == 1
