"""Fields of the process class: proc.* and thread.* (sinsp_filter_check_thread)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import ARG_ALLOWED
from sysdigpy.fields.registry import ARG_DOTTED
from sysdigpy.fields.registry import ARG_INDEX
from sysdigpy.fields.registry import ARG_REQUIRED
from sysdigpy.fields.registry import HIDDEN
from sysdigpy.fields.registry import Declarer
from sysdigpy.fields.registry import Factory
from sysdigpy.fields.registry import Getter
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import implements
from sysdigpy.state.threads import ThreadInfo

IMPLS: dict[str, Factory] = {}
ANYS: dict[str, Factory] = {}

field_class("process", "process", "Additional information about the process and thread executing the syscall event.")


def tfield(*names: str):  # noqa: ANN201
    """A getter of ThreadInfo -> value, on the event's thread (with the tid-lookup fallback)."""

    def register(fn: Any) -> Any:
        def make(ctx: FieldContext, _arg: str | None) -> Getter:
            lookup = ctx.renderer.thread

            def get(e: Event) -> Any:
                t = e.thread or lookup(e)
                return None if t is None else fn(t)

            return get

        implements(IMPLS, *names)(make)
        return fn

    return register


def _main(t: ThreadInfo) -> ThreadInfo:
    mt = t.main_thread()
    return mt if mt is not None else t


tfield("proc.pid")(lambda t: t.pid)
tfield("proc.exe")(lambda t: t.exe)
tfield("proc.name")(lambda t: t.comm)
tfield("proc.args")(lambda t: " ".join(t.args))
tfield("proc.env")(lambda t: " ".join(_main(t).env))
tfield("proc.cmdline")(lambda t: " ".join([t.comm, *t.args]))
tfield("proc.exeline")(lambda t: t.exe + " " + " ".join(t.args))  # sinsp: exe + " " even without args
tfield("proc.exepath")(lambda t: t.exepath)
tfield("proc.cwd")(lambda t: t.get_cwd())
tfield("proc.ppid")(lambda t: _main(t).ptid)
tfield("proc.sid")(lambda t: t.sid)
tfield("proc.vpgid")(lambda t: t.vpgid)
tfield("proc.tty")(lambda t: t.tty)
tfield("proc.vpid")(lambda t: t.vpid if t.vpid >= 0 else None)
tfield("proc.fdlimit")(lambda t: _main(t).fdlimit)
# sinsp reads these from the event's own thread, not its process's main thread
tfield("proc.vmsize")(lambda t: t.vmsize_kb)
tfield("proc.vmrss")(lambda t: t.vmrss_kb)
tfield("proc.vmswap")(lambda t: t.vmswap_kb)
tfield("proc.nchilds")(lambda t: t.nchilds)
tfield("proc.nthreads")(lambda t: _main(t).nchilds + 1)
tfield("proc.is_exe_writable")(lambda t: t.exe_writable)
# sysdig prints the event's tid even when no thread is known for it (pid-0 switch events: "(0)")
def _event_tid(e: Event) -> int:
    return e.tid


implements(IMPLS, "thread.tid")(lambda _ctx, _arg: _event_tid)
tfield("thread.ismain")(lambda t: t.is_main_thread())
tfield("thread.vtid")(lambda t: t.vtid if t.vtid >= 0 else None)
tfield("thread.cgroups")(lambda t: " ".join(f"{k}={v}" for k, v in t.cgroups) if t.cgroups else None)
tfield("thread.nametid")(lambda t: f"{t.comm}{t.tid}")
tfield("thread.vmsize")(lambda t: t.vmsize_kb if t.is_main_thread() else 0)
tfield("thread.vmrss")(lambda t: t.vmrss_kb if t.is_main_thread() else 0)
tfield("thread.pfmajor")(lambda t: t.pfmajor)
tfield("thread.pfminor")(lambda t: t.pfminor)


def _creator(t: ThreadInfo) -> ThreadInfo | None:
    """The thread's own ptid (its creator), not the process's: sinsp's pname/pcmdline quirk (§0.13)."""
    return t.table.get(t.ptid) if t.table is not None else None


@tfield("proc.pname")
def _pname(t: ThreadInfo) -> str | None:
    p = _creator(t)
    return None if p is None else p.comm


@tfield("proc.pcmdline")
def _pcmdline(t: ThreadInfo) -> str | None:
    p = _creator(t)
    return None if p is None else " ".join([p.comm, *p.args])


@tfield("proc.sname")
def _sname(t: ThreadInfo) -> str | None:
    """The comm of the thread whose tid is the sid; without one (the leader exited), of the eldest
    ancestor of the main thread along the ptid chain that still has the main thread's sid."""
    s = t.table.get(t.sid) if t.table is not None else None
    if s is not None:
        return s.comm
    mt = t.main_thread()
    if mt is None:
        return None
    leader = mt
    for p in traverse_parent_state(mt):
        if p.sid != mt.sid:
            break
        leader = p
    return leader.comm


@tfield("proc.fdopencount")
def _fdopencount(t: ThreadInfo) -> int:
    return len(_main(t).fdtable)


class Double(float):
    """A PT_DOUBLE value as sinsp prints it in text: "%.1lf"."""

    __slots__ = ()

    def __str__(self) -> str:
        return "%.1f" % self


def fd_usage_pct(t: ThreadInfo) -> float:
    """get_fd_usage_pct_d: open fds * 100 / fdlimit as a double, capped at 100; 0 without a limit."""
    mt = _main(t)
    if mt.fdlimit <= 0:
        return 0.0
    n = len(mt.fdtable)
    return 100.0 if n > mt.fdlimit else n * 100.0 / mt.fdlimit


@implements(IMPLS, "proc.fdusage")
def _fdusage(ctx: FieldContext, _arg: str | None) -> Getter:
    lookup = ctx.renderer.thread
    wrap = float if ctx.json else Double  # -j keeps the number (sysdig 0.29.3 aborts on a double)

    def get(e: Event) -> float | None:
        t = e.thread or lookup(e)
        return None if t is None else wrap(fd_usage_pct(t))

    return get


def _parent(t: ThreadInfo) -> ThreadInfo | None:
    mt = _main(t)
    return mt.table.get(mt.ptid) if mt.table is not None else None


def ancestors(t: ThreadInfo) -> list[ThreadInfo]:
    """The process's ancestors, parent first (loops broken)."""
    out: list[ThreadInfo] = []
    seen = {t.tid}
    p = _parent(t)
    while p is not None and p.tid not in seen and len(out) < 1000:
        out.append(p)
        seen.add(p.tid)
        p = _parent(p)
    return out


def _ancestor_field(attr: str) -> tuple[Factory, Factory]:
    def make(ctx: FieldContext, arg: str | None) -> Getter:
        n = int(arg) if arg else 0
        lookup = ctx.renderer.thread

        def get(e: Event) -> Any:
            t = e.thread or lookup(e)
            if t is None:
                return None
            if n == 0:
                return getattr(_main(t), attr)
            a = ancestors(t)
            return getattr(a[n - 1], attr) if n <= len(a) else None

        return get

    def make_any(ctx: FieldContext, arg: str | None) -> Getter:
        lookup = ctx.renderer.thread

        def get(e: Event) -> list[Any]:
            t = e.thread or lookup(e)
            return [] if t is None else [getattr(a, attr) for a in ancestors(t)]

        return get

    return make, make_any


IMPLS["proc.apid"], ANYS["proc.apid"] = _ancestor_field("pid")
IMPLS["proc.aname"], ANYS["proc.aname"] = _ancestor_field("comm")


@implements(IMPLS, "thread.cgroup")
def _cgroup(ctx: FieldContext, arg: str | None) -> Getter:
    lookup = ctx.renderer.thread

    def get(e: Event) -> str | None:
        t = e.thread or lookup(e)
        if t is None:
            return None
        for k, v in t.cgroups:
            if k == arg:
                return v
        return None

    return get


@implements(IMPLS, "proc.duration")
def _duration_make(ctx: FieldContext, _arg: str | None) -> Getter:
    lookup = ctx.renderer.thread

    def get(e: Event) -> int | None:
        t = e.thread or lookup(e)
        if t is None or t.clone_ts == 0:
            return None
        return e.ts - t.clone_ts

    return get


# ---- proc.loginshellid ---------------------------------------------------------------------------
def is_shell(comm: str) -> bool:
    """sinsp's shell test: a comm of at least two characters ending in "sh" (bash, zsh, sh, ssh...)."""
    return len(comm) >= 2 and comm.endswith("sh")


def traverse_parent_state(t: ThreadInfo) -> Iterator[ThreadInfo]:
    """sinsp_threadinfo::traverse_parent_state: the ptid chain (no placeholders), loops cut short.

    Each step follows the thread's own ptid; a slow/fast pointer pair stops the walk at a loop,
    or at a thread that is its own parent.
    """
    table = t.table

    def parent(x: ThreadInfo | None) -> ThreadInfo | None:
        return None if x is None or table is None else table.get(x.ptid)

    slow = parent(t)
    fast = parent(slow)
    while slow is not None and slow.tid != -1:
        yield slow
        slow = parent(slow)
        for _ in range(2):
            fast = parent(fast)
            if slow is not None and (slow is fast or slow.tid == slow.ptid):
                return


def loginshellid(t: ThreadInfo) -> int | None:
    """The pid of the oldest shell among the process (main thread) and its ancestors."""
    mt = t if t.is_main_thread() else t.main_thread()
    if mt is None:
        return None
    res = mt.pid if is_shell(mt.comm) else None
    for p in traverse_parent_state(mt):
        if is_shell(p.comm):
            res = p.pid
    return res


tfield("proc.loginshellid")(loginshellid)


# ---- CPU accounting: procinfo (cpu_usr, cpu_sys) and switch events ---------------------------------
PROCINFO_E = 234
SCHEDSWITCH_EVENTS = (146, 152)  # PPME_SCHEDSWITCH_1_E, PPME_SCHEDSWITCH_6_E
U64 = 0xFFFFFFFFFFFFFFFF


def _thread_cpu(user: bool, system: bool) -> Factory:
    """extract_thread_cpu: the cpu ticks since this field's previous procinfo for the thread.

    Each bound field keeps its own last total per thread (sinsp's private thread state): 0
    the first time, then the delta capped at 100.
    """

    def make(ctx: FieldContext, _arg: str | None) -> Getter:
        lookup = ctx.renderer.thread
        key = object()

        def get(e: Event) -> float | None:
            t = e.thread or lookup(e)
            if t is None or e.code != PROCINFO_E:
                return None
            tcpu = ((e.u64(0) if user else 0) + (e.u64(1) if system else 0)) & U64
            last = t.private_state.get(key, 0)
            val = 0.0 if last == 0 else min(float((tcpu - last) & U64), 100.0)
            t.private_state[key] = tcpu
            return val

        get.stateful = True  # type: ignore[attr-defined]
        return get

    return make


IMPLS["thread.cpu"] = _thread_cpu(True, True)
IMPLS["thread.cpu.user"] = _thread_cpu(True, False)
IMPLS["thread.cpu.system"] = _thread_cpu(False, True)


class ExecTime:
    """extract_exectime: per-CPU time since the previous switch on that CPU (per bound field)."""

    stateful = True  # each extraction moves it on: formatters call it as often as sinsp does

    def __init__(self) -> None:
        self.last: dict[int, int] = {}

    def __call__(self, e: Event) -> int:
        if e.code not in SCHEDSWITCH_EVENTS:
            return 0
        lasttime = self.last.get(e.cpu, 0)
        self.last[e.cpu] = e.ts
        return 0 if lasttime == 0 else (e.ts - lasttime) & U64


@implements(IMPLS, "thread.exectime")
def _exectime(_ctx: FieldContext, _arg: str | None) -> Getter:
    return ExecTime()


@implements(IMPLS, "thread.totexectime")
def _totexectime(ctx: FieldContext, _arg: str | None) -> Getter:
    exectime = ExecTime()
    key = object()
    lookup = ctx.renderer.thread

    def get(e: Event) -> int | None:
        val = exectime(e)
        t = e.thread or lookup(e)  # get_thread_info(false): looked up by tid, never created
        if t is None:
            return None
        tot = (t.private_state.get(key, 0) + val) & U64
        t.private_state[key] = tot
        return tot

    get.stateful = True  # type: ignore[attr-defined]

    return get


tfield("thread.vmsize.b")(lambda t: t.vmsize_kb * 1024 if t.is_main_thread() else 0)
tfield("thread.vmrss.b")(lambda t: t.vmrss_kb * 1024 if t.is_main_thread() else 0)

# sinsp_threadinfo::m_category.  sinsp's container manager (identify_category) sets a health-probe
# category on a process of a container whose metadata lists health probes, when its comm and args
# match one; sysdigpy does not track that yet (no capture here has a container, let alone probes),
# so every thread is CAT_NONE and these fields are false, which is what sysdig prints on all of them.
CAT_NONE, CAT_CONTAINER, CAT_HEALTHCHECK, CAT_LIVENESS_PROBE, CAT_READINESS_PROBE = range(5)
tfield("proc.is_container_healthcheck")(lambda t: getattr(t, "category", CAT_NONE) == CAT_HEALTHCHECK)
tfield("proc.is_container_liveness_probe")(lambda t: getattr(t, "category", CAT_NONE) == CAT_LIVENESS_PROBE)
tfield("proc.is_container_readiness_probe")(lambda t: getattr(t, "category", CAT_NONE) == CAT_READINESS_PROBE)


declare = Declarer(IMPLS, ANYS)
declare("proc.pid", "PT_INT64", "the id of the process generating the event.", cls="process", pf="PF_ID")
declare("proc.exe", "PT_CHARBUF",
        "the first command line argument (usually the executable name or a custom one).",
        cls="process", pf="PF_NA")
declare("proc.name", "PT_CHARBUF",
        "the name (excluding the path) of the executable generating the event.",
        cls="process", pf="PF_NA")
declare("proc.args", "PT_CHARBUF",
        "the arguments passed on the command line when starting the process generating the event.",
        cls="process", pf="PF_NA")
declare("proc.env", "PT_CHARBUF",
        "the environment variables of the process generating the event.",
        cls="process", pf="PF_NA")
declare("proc.cmdline", "PT_CHARBUF",
        "full process command line, i.e. proc.name + proc.args.",
        cls="process", pf="PF_NA")
declare("proc.exeline", "PT_CHARBUF",
        "full process command line, with exe as first argument, i.e. proc.exe + proc.args.",
        cls="process", pf="PF_NA")
declare("proc.cwd", "PT_CHARBUF", "the current working directory of the event.", cls="process", pf="PF_NA")
declare("proc.nthreads", "PT_UINT32",
        "the number of threads that the process generating the event currently has, including the main "
        "process thread.",
        cls="process")
declare("proc.nchilds", "PT_UINT32",
        "the number of child threads that the process generating the event currently has. This excludes the "
        "main process thread.",
        cls="process")
declare("proc.ppid", "PT_INT64",
        "the pid of the parent of the process generating the event.",
        cls="process", pf="PF_ID")
declare("proc.pname", "PT_CHARBUF",
        "the name (excluding the path) of the parent of the process generating the event.",
        cls="process", pf="PF_NA")
declare("proc.pcmdline", "PT_CHARBUF",
        "the full command line (proc.name + proc.args) of the parent of the process generating the event.",
        cls="process", pf="PF_NA")
declare("proc.apid", "PT_INT64",
        "the pid of one of the process ancestors. E.g. proc.apid[1] returns the parent pid, proc.apid[2] "
        "returns the grandparent pid, and so on. proc.apid[0] is the pid of the current process. proc.apid "
        "without arguments can be used in filters only and matches any of the process ancestors, e.g. "
        "proc.apid=1234.",
        cls="process", pf="PF_ID", flags=(ARG_ALLOWED, ARG_INDEX))
declare("proc.aname", "PT_CHARBUF",
        "the name (excluding the path) of one of the process ancestors. E.g. proc.aname[1] returns the parent"
        " name, proc.aname[2] returns the grandparent name, and so on. proc.aname[0] is the name of the "
        "current process. proc.aname without arguments can be used in filters only and matches any of the "
        "process ancestors, e.g. proc.aname=bash.",
        cls="process", pf="PF_NA", flags=(ARG_ALLOWED, ARG_INDEX))
declare("proc.loginshellid", "PT_INT64",
        "the pid of the oldest shell among the ancestors of the current process, if there is one. This field "
        "can be used to separate different user sessions, and is useful in conjunction with chisels like "
        "spy_user.",
        cls="process", pf="PF_ID")
declare("proc.duration", "PT_RELTIME", "number of nanoseconds since the process started.", cls="process")
declare("proc.fdopencount", "PT_UINT64", "number of open FDs for the process", cls="process")
declare("proc.fdlimit", "PT_INT64", "maximum number of FDs the process can open.", cls="process")
declare("proc.fdusage", "PT_DOUBLE",
        "the ratio between open FDs and maximum available FDs for the process.",
        cls="process")
declare("proc.vmsize", "PT_UINT64", "total virtual memory for the process (as kb).", cls="process")
declare("proc.vmrss", "PT_UINT64", "resident non-swapped memory for the process (as kb).", cls="process")
declare("proc.vmswap", "PT_UINT64", "swapped memory for the process (as kb).", cls="process")
declare("thread.pfmajor", "PT_UINT64", "number of major page faults since thread start.", cls="process")
declare("thread.pfminor", "PT_UINT64", "number of minor page faults since thread start.", cls="process")
declare("thread.tid", "PT_INT64", "the id of the thread generating the event.", cls="process", pf="PF_ID")
declare("thread.ismain", "PT_BOOL",
        "'true' if the thread generating the event is the main one in the process.",
        cls="process", pf="PF_NA")
declare("thread.exectime", "PT_RELTIME",
        "CPU time spent by the last scheduled thread, in nanoseconds. Exported by switch events only.",
        cls="process")
declare("thread.totexectime", "PT_RELTIME",
        "Total CPU time, in nanoseconds since the beginning of the capture, for the current thread. Exported "
        "by switch events only.",
        cls="process")
declare("thread.cgroups", "PT_CHARBUF",
        "all the cgroups the thread belongs to, aggregated into a single string.",
        cls="process", pf="PF_NA")
declare("thread.cgroup", "PT_CHARBUF",
        "the cgroup the thread belongs to, for a specific subsystem. E.g. thread.cgroup.cpuacct.",
        cls="process", pf="PF_NA", flags=(ARG_REQUIRED, ARG_DOTTED))
declare("thread.vtid", "PT_INT64",
        "the id of the thread generating the event as seen from its current PID namespace.",
        cls="process", pf="PF_ID")
declare("proc.vpid", "PT_INT64",
        "the id of the process generating the event as seen from its current PID namespace.",
        cls="process", pf="PF_ID")
declare("thread.cpu", "PT_DOUBLE", "the CPU consumed by the thread in the last second.", cls="process", pf="PF_NA")
declare("thread.cpu.user", "PT_DOUBLE",
        "the user CPU consumed by the thread in the last second.",
        cls="process", pf="PF_NA")
declare("thread.cpu.system", "PT_DOUBLE",
        "the system CPU consumed by the thread in the last second.",
        cls="process", pf="PF_NA")
declare("thread.vmsize", "PT_UINT64",
        "For the process main thread, this is the total virtual memory for the process (as kb). For the other"
        " threads, this field is zero.",
        cls="process")
declare("thread.vmrss", "PT_UINT64",
        "For the process main thread, this is the resident non-swapped memory for the process (as kb). For "
        "the other threads, this field is zero.",
        cls="process")
declare("thread.vmsize.b", "PT_UINT64",
        "For the process main thread, this is the total virtual memory for the process (in bytes). For the "
        "other threads, this field is zero.",
        cls="process", flags=(HIDDEN,))
declare("thread.vmrss.b", "PT_UINT64",
        "For the process main thread, this is the resident non-swapped memory for the process (in bytes). For"
        " the other threads, this field is zero.",
        cls="process", flags=(HIDDEN,))
declare("proc.sid", "PT_INT64", "the session id of the process generating the event.", cls="process", pf="PF_ID")
declare("proc.sname", "PT_CHARBUF",
        "the name of the current process's session leader. This is either the process with pid=proc.sid or "
        "the eldest ancestor that has the same sid as the current process.",
        cls="process", pf="PF_NA")
declare("proc.tty", "PT_INT32",
        "The controlling terminal of the process. 0 for processes without a terminal.",
        cls="process", pf="PF_ID")
declare("proc.exepath", "PT_CHARBUF", "The full executable path of the process.", cls="process", pf="PF_NA")
declare("thread.nametid", "PT_CHARBUF",
        "this field chains the process name and tid of a thread and can be used as a specific identifier of a"
        " thread for a specific execve.",
        cls="process", pf="PF_NA", flags=(HIDDEN,))
declare("proc.vpgid", "PT_INT64",
        "the process group id of the process generating the event, as seen from its current PID namespace.",
        cls="process", pf="PF_ID")
declare("proc.is_container_healthcheck", "PT_BOOL",
        "true if this process is running as a part of the container's health check.",
        cls="process", pf="PF_NA")
declare("proc.is_container_liveness_probe", "PT_BOOL",
        "true if this process is running as a part of the container's liveness probe.",
        cls="process", pf="PF_NA")
declare("proc.is_container_readiness_probe", "PT_BOOL",
        "true if this process is running as a part of the container's readiness probe.",
        cls="process", pf="PF_NA")
declare("proc.is_exe_writable", "PT_BOOL",
        "true if this process' executable file is writable by the same user that spawned the process.",
        cls="process", pf="PF_NA")
