"""Unit tests of the filter compiler on synthetic events and on its value predicates."""

from __future__ import annotations

import ipaddress

import pytest

from sysdigpy.errors import ExitStatus
from sysdigpy.errors import UsageError
from sysdigpy.events.event import Event
from sysdigpy.events.flagtables import SYSCALL_NAMES
from sysdigpy.events.table import known_names
from sysdigpy.fields.context import FieldContext
from sysdigpy.filter import FilterError
from sysdigpy.filter import compile_filter
from sysdigpy.filter.compiler import BUF
from sysdigpy.filter.compiler import IPADDR
from sysdigpy.filter.compiler import NET
from sysdigpy.filter.compiler import NUM
from sysdigpy.filter.compiler import STR
from sysdigpy.filter.compiler import FilterUsageError
from sysdigpy.filter.compiler import _ancestor_threads
from sysdigpy.filter.compiler import convert
from sysdigpy.filter.compiler import list_pred
from sysdigpy.filter.compiler import value_pred
from sysdigpy.probe.synthetic import make_raw
from sysdigpy.state.threads import ThreadInfo
from sysdigpy.state.threads import ThreadTable
from tests.factories import enter
from tests.factories import exit_


def run(text: str, *events: Event) -> list[bool]:
    pred = compile_filter(text, FieldContext())
    return [pred(e) for e in events]


def generic(name: str, direction: str = "<") -> Event:
    sc = {v: k for k, v in SYSCALL_NAMES.items()}[name]
    return Event(make_raw(1 if direction == "<" else 0, params={"ID": sc}), 1)


GENERIC_ONLY = next(n for n in sorted(SYSCALL_NAMES.values()) if n not in known_names() and n != "<NA>")


# ---- evt.type -------------------------------------------------------------------------------------

def test_evt_type_matches_both_directions() -> None:
    assert run("evt.type=open", enter("open"), exit_("open"), exit_("close")) == [True, True, False]


def test_evt_type_in_and_not_equal() -> None:
    evs = (exit_("open"), exit_("close"), exit_("read"))
    assert run("evt.type in (open, close)", *evs) == [True, True, False]
    assert run("evt.type != open", *evs) == [False, True, True]


def test_evt_type_generic_syscall_by_name() -> None:
    e = generic(GENERIC_ONLY)
    assert run(f"evt.type={GENERIC_ONLY}", e, exit_("open")) == [True, False]
    assert run("evt.type=syscall", e) == [False]  # generic events are named by their syscall


def test_unknown_event_type_is_rejected_with_column() -> None:
    with pytest.raises(FilterError) as info:
        compile_filter("evt.type in (open, bogus)", FieldContext())
    assert info.value.message == "unknown event type bogus"
    assert info.value.column == "evt.type in (open, bogus)".index("bogus")


def test_double_equal_is_equal() -> None:
    assert run("evt.type==open", exit_("open")) == [True]


# ---- boolean structure ----------------------------------------------------------------------------

def test_and_or_not() -> None:
    evs = (enter("open"), exit_("open"), exit_("close"))
    assert run("evt.type=open and evt.dir=<", *evs) == [False, True, False]
    assert run("evt.type=close or evt.dir=>", *evs) == [True, False, True]
    assert run("not evt.type=open", *evs) == [False, False, True]
    assert run("not not evt.type=open", *evs) == [True, True, False]  # current libs, not 0.29.3
    assert run("evt.type=open or evt.type=close and evt.dir=>", *evs) == [True, True, False]


def test_numbers() -> None:
    e = exit_("open", ts=42)
    assert run("evt.rawtime=42", e) == [True]
    assert run("evt.rawtime>41 and evt.rawtime<=42", e) == [True]
    assert run("evt.rawtime in (1, 42)", e) == [True]
    assert run("evt.rawtime exists", e) == [True]


def test_missing_value_is_false_and_not_is_complement() -> None:
    e = exit_("open", tid=42)  # no thread attached: thread.vtid has no value
    assert run("thread.vtid=1", e) == [False]
    assert run("thread.vtid!=1", e) == [False]
    assert run("thread.vtid exists", e) == [False]
    assert run("not thread.vtid!=1", e) == [True]


# ---- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("proc.pid contains x", "'contains' not supported for numeric filters"),
    ("evt.rawtime!=proc.pid", "proc.pid is not a valid number"),
    ("nosuch.field=1", "unrecognized field nosuch.field"),
    ("evt.type=", None),
])
def test_errors(text: str, message: str | None) -> None:
    with pytest.raises(FilterUsageError) as info:
        compile_filter(text, FieldContext())
    err = info.value
    assert isinstance(err, UsageError) and err.status == ExitStatus.USAGE
    if message:
        assert message in err.message
    first, shown, caret = str(err).split("\n")
    assert first.startswith("filter error at column ")
    assert shown == text and caret.endswith("^")


# ---- value predicates -----------------------------------------------------------------------------

def vp(fam: str, op: str, value: str, ftype: str = "PT_CHARBUF") -> object:
    return value_pred(fam, op, convert(fam, op, value, "x.y", ftype))


def test_string_operators() -> None:
    assert vp(STR, "contains", "/etc")("/etc/hosts")
    assert vp(STR, "icontains", "HOSTS")(b"/etc/hosts")
    assert vp(STR, "startswith", "/usr/lib")("/usr/lib/x")
    assert vp(STR, "endswith", ".so")("libc.so")
    assert vp(STR, "glob", "/lib*libc.so.6")("/lib/x86_64-linux-gnu/libc.so.6")  # * crosses /
    assert not vp(STR, "glob", "/lib/*")("/usr/lib/a")
    assert vp(STR, "iglob", "/ETC/*")("/etc/passwd")
    assert vp(STR, "<", "b")("a") and not vp(STR, "<", "a")("b")
    assert vp(STR, "bcontains", "2f6574")("/etc")


def test_buffer_operators() -> None:
    assert vp(BUF, "contains", "GET /", "PT_BYTEBUF")(b"xx GET / HTTP")
    assert vp(BUF, "bcontains", "474554", "PT_BYTEBUF")(b"xx GET / HTTP")
    assert vp(BUF, "bstartswith", "4745", "PT_BYTEBUF")(b"GET")
    with pytest.raises(ValueError):
        convert(BUF, "bcontains", "zz", "evt.buffer", "PT_BYTEBUF")


def test_buffer_icontains_rejected() -> None:
    with pytest.raises(ValueError, match="buffer"):
        value_pred(BUF, "icontains", b"get")


def test_ip_and_net() -> None:
    assert vp(IPADDR, "=", "127.0.0.1", "PT_IPADDR")("127.0.0.1")
    assert vp(IPADDR, "=", "127.0.0.1", "PT_IPADDR")(ipaddress.ip_address("127.0.0.1"))
    assert vp(IPADDR, "=", "2607:f8b0:4004:802::2004", "PT_IPADDR")(
        ipaddress.ip_address("2607:f8b0:4004:802::2004").packed)
    assert vp(NET, "=", "127.0.0.0/8", "PT_IPNET")("127.1.2.3")
    assert not vp(NET, "=", "127.0.0.0/8", "PT_IPNET")("::1")
    with pytest.raises(ValueError, match="unrecognized IPv6 address"):
        convert(NET, "=", "2607:f8b0::/32", "fd.net", "PT_IPNET")
    with pytest.raises(ValueError):
        convert(IPADDR, "=", "300.1.1.1", "fd.ip", "PT_IPADDR")


def test_numbers_and_errno() -> None:
    assert convert(NUM, "=", "ENOENT", "evt.res", "PT_INT64") == -2
    assert convert(NUM, "=", "-1", "fd.sport", "PT_PORT") == 0xFFFF
    with pytest.raises(ValueError, match="not a valid number"):
        convert(NUM, "=", "ENOENT", "evt.rawres", "PT_INT64")


def test_list_operators() -> None:
    assert list_pred(STR, "in", ["a", "b"])("b")
    assert not list_pred(STR, "in", ["a", "b"])("c")
    assert list_pred(STR, "intersects", ["a", "b"])("b")
    pm = list_pred(STR, "pmatch", ["/etc", "/usr/lib"])
    assert pm("/etc") and pm("/etc/hosts") and pm("/usr/lib/x/y")
    assert not pm("/etcfoo") and not pm("/usr/libexec")


# ---- any ancestor ---------------------------------------------------------------------------------

def _thread(table: ThreadTable, tid: int, ptid: int, comm: str) -> ThreadInfo:
    t = ThreadInfo(table, tid)
    t.pid, t.ptid, t.comm = tid, ptid, comm
    table.add(t)
    return t


def test_ancestor_walk_skips_self_and_stops_on_loops() -> None:
    table = ThreadTable()
    _thread(table, 1, 2, "init")  # loop 1 -> 2 -> 1
    _thread(table, 2, 1, "sshd")
    child = _thread(table, 3, 2, "bash")
    assert [t.comm for t in _ancestor_threads(child)] == ["sshd", "init"]
