"""The Python chisel API: a Chisel subclass declares metadata and defines hooks.

Mirrors sysdig's Lua chisel API (sysdig-reference §5.3): fields are requested up
front (an unknown field fails before any event is read), a private filter runs
before ``on_event``, ``on_interval`` is driven by event timestamps and
``on_capture_end`` receives the last event time and the capture duration.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from typing import BinaryIO
from typing import ClassVar

from sysdigpy.chisels.session import Session
from sysdigpy.errors import SysdigpyError
from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext

HOOKS = frozenset({"on_init", "on_capture_start", "on_event", "on_interval", "on_capture_end"})
Getter = Callable[[Event], Any]
Predicate = Callable[[Event], bool]


class ChiselError(SysdigpyError):
    """A chisel that cannot be loaded or initialised (exit 1)."""


@dataclass(frozen=True)
class ChiselArg:
    name: str
    argtype: str
    description: str
    optional: bool = False


class Output:
    """Buffered line output shared by the chisels of one run."""

    def __init__(self, stream: BinaryIO | None = None) -> None:
        self.stream = stream
        self.chunks: list[bytes] = []

    def write(self, data: str | bytes) -> None:
        self.chunks.append(data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data)
        if len(self.chunks) > 4096:
            self.flush()

    def line(self, text: str | bytes = "") -> None:
        self.write(text)
        self.write(b"\n")

    def flush(self) -> None:
        if self.stream is not None:
            self.stream.write(b"".join(self.chunks))
            self.stream.flush()
            self.chunks.clear()

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


class _Values:
    """The run's field context as chisels see it: values as Lua's evt.field() gives them, the same
    with -j (where the -j output itself gives times as numbers); everything else is the run's."""

    json = False

    def __init__(self, ctx: FieldContext) -> None:
        self._ctx = ctx

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx, name)


class Chisel:
    """Base class of every chisel; subclasses override the hooks they need."""

    name: ClassVar[str] = ""
    category: ClassVar[str] = ""
    short_description: ClassVar[str] = ""
    description: ClassVar[str] = ""
    args: ClassVar[list[ChiselArg]] = []
    hidden: ClassVar[bool] = False

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        for attr in vars(cls):
            if attr.startswith("on_") and attr not in HOOKS:
                raise ChiselError(f"chisel {cls.name or cls.__name__}: unknown hook {attr}")

    def __init__(self, ctx: FieldContext, out: Output) -> None:
        self.ctx = ctx
        self.out = out
        self.interval_ns = 0
        self.filter: Predicate | None = None
        self.filter_in_use = ""  # the text of self.filter
        self.formatter: Any = None
        self.evt: Event | None = None  # the event being delivered (on_interval reads the new one)
        self.json = ctx.json
        self.session = Session()  # the manager sets the run's before on_init

    # ---- helpers ---------------------------------------------------------------------------
    def field(self, name: str) -> Getter:
        """A getter for a field, declared up front: unknown fields fail at init."""
        from sysdigpy.fields import registry

        try:
            fi, arg, used = registry.lookup(name)
        except registry.UnknownField:
            raise ChiselError(f"chisel requesting nonexistent field {name}") from None
        if used != len(name):
            raise ChiselError(f"chisel requesting nonexistent field {name}")
        return fi.bind(_Values(self.ctx), arg)  # type: ignore[arg-type]

    def set_filter(self, text: str) -> None:
        """Run ``on_event`` only for events matching ``text`` (sysdig filter syntax)."""
        self.filter = self.compile(text) if text else None
        self.filter_in_use = text

    def compile(self, text: str) -> Predicate:
        from sysdigpy.filter.compiler import compile_filter

        return compile_filter(text, self.ctx)

    def set_event_formatter(self, fmt: str) -> None:
        """After ``on_event`` returns True, print the event with this -p style format."""
        from sysdigpy.format.fmtstring import compile_format
        from sysdigpy.format.line import LineSink

        self.formatter = LineSink(compile_format(fmt, self.ctx), None)  # type: ignore[arg-type]

    def set_interval_s(self, seconds: int) -> None:
        self.interval_ns = seconds * 1_000_000_000

    def thread_table(self) -> list[Any]:
        """Threads of the current state, sorted by tid (sysdig.get_thread_table)."""
        st = self.ctx.state
        if st is None:
            return []
        return sorted(_threads(st.threads), key=lambda t: t.tid)

    # ---- hooks -----------------------------------------------------------------------------
    def on_init(self, args: dict[str, str]) -> None:
        """Called once with the parsed arguments, before the capture is opened."""

    def on_capture_start(self) -> None:
        """Called before the first event."""

    def on_event(self, evt: Event) -> bool | None:
        """Called for every event passing the global and the chisel filter."""
        return True

    def on_interval(self, ts: int, delta: int) -> None:
        """Called when an event starts a new interval (ts in ns, delta since the last call)."""

    def on_capture_end(self, ts: int, delta: int) -> None:
        """Called at end of input: last event time, last - first event time."""


def _threads(table: Any) -> list[Any]:
    for attr in ("values", "all"):
        fn = getattr(table, attr, None)
        if callable(fn):
            return list(fn())
    return list(getattr(table, "threads", {}).values())


def stdout_output() -> Output:
    return Output(sys.stdout.buffer)
