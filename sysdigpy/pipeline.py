"""The loop: source → decode → state → filter → sinks, in one direction.

For every capture the pipeline builds fresh state from the section metadata,
numbers every event it reads (hidden ones included, as sysdig does), updates the
state with it, and hands the events that pass the filter to the sinks.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from typing import Protocol

from sysdigpy.events.event import Event
from sysdigpy.events.numbering import CONTAINER_CODES
from sysdigpy.events.numbering import is_meta
from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.fields.context import FieldContext
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import DF_STATE_ONLY
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.records import Record
from sysdigpy.state.parsers import State

Predicate = Callable[[Event], bool]
NS = 1_000_000_000


class Sink(Protocol):
    def on_event(self, evt: Event) -> None: ...


class Observer(Protocol):
    """Sees every event that passed the filter, shown or not (chisels, -S, -w)."""

    def on_event(self, evt: Event) -> None: ...


# Plain classes rather than dataclasses (a Record: @dataclass's __eq__ and __repr__): fewer classes
# compiled at start-up.
class RunOptions(Record):
    _fields = ("show_internal", "numevents", "max_secs", "quiet")

    def __init__(self, show_internal: bool = False, numevents: int = 0, max_secs: float = 0,
                 quiet: bool = False) -> None:
        self.show_internal = show_internal  # -D
        self.numevents = numevents  # -n
        self.max_secs = max_secs  # -M
        self.quiet = quiet  # -q


class RunStats(Record):
    _fields = ("events", "returned", "shown")

    def __init__(self, events: int = 0, returned: int = 0, shown: int = 0) -> None:
        self.events = events  # events read (numbered)
        self.returned = returned  # events that passed the filter
        self.shown = shown


class Pipeline(Record):
    _fields = ("ctx", "options", "sinks", "observers", "rejected", "unnumbered", "predicate", "on_section", "stats")

    def __init__(self, ctx: FieldContext, options: RunOptions, sinks: list[Sink] | None = None,
                 observers: list[Observer] | None = None, rejected: list[Observer] | None = None,
                 unnumbered: list[Observer] | None = None, predicate: Predicate | None = None,
                 on_section: list[Callable[[CaptureMetadata, State], None]] | None = None,
                 stats: RunStats | None = None) -> None:
        self.ctx = ctx
        self.options = options
        self.sinks: list[Sink] = [] if sinks is None else sinks  # shown events only
        self.observers: list[Observer] = [] if observers is None else observers  # every event passing the filter
        self.rejected: list[Observer] = [] if rejected is None else rejected  # every event the filter rejected
        # events sysdig 0.29.3 never hands out: current libs' meta-events and the container events that open
        # a capture (they still update state, and a -w copy keeps them)
        self.unnumbered: list[Observer] = [] if unnumbered is None else unnumbered
        self.predicate = predicate
        self.on_section: list[Callable[[CaptureMetadata, State], None]] = [] if on_section is None else on_section
        self.stats = RunStats() if stats is None else stats

    def run(self, source: Iterable[CaptureMetadata | RawEvent]) -> bool:
        """Run over one input; False when -n or -M stopped it early."""
        if not (self.sinks or self.observers or self.rejected or self.unnumbered or self.predicate):
            return self._count_only(source)
        ctx = self.ctx
        opts = self.options
        num = 0
        state: State | None = None
        leading = True
        max_ns = int(opts.max_secs * NS) if opts.max_secs else 0
        for item in source:
            if isinstance(item, CaptureMetadata):
                state = State(item, resolve_ports=ctx.resolve_ports)
                ctx.state = state
                ctx.renderer.state = state
                leading = True
                for cb in self.on_section:
                    cb(item, state)
                continue
            if state is None:
                continue
            raw = item
            if raw.code >= LEGACY_EVENT_MAX and is_meta(raw.code):
                meta_evt = Event(raw, 0)
                state.process(meta_evt)
                for obs in self.unnumbered:
                    obs.on_event(meta_evt)
                continue
            num += 1
            self.stats.events += 1
            evt = Event(raw, num)
            if leading and raw.code in CONTAINER_CODES:
                state.process(evt)  # sinsp consumes these while opening the capture: numbered, never seen
                for obs in self.unnumbered:
                    obs.on_event(evt)
                continue
            if leading:
                leading = False
                ctx.first_ts = raw.ts
            elif max_ns and raw.ts - ctx.first_ts > max_ns:
                return False
            hidden = bool(raw.flags & DF_STATE_ONLY)
            if not state.process(evt, self.predicate):  # sinsp filters inside its parser
                for obs in self.rejected:
                    obs.on_event(evt)
                if not (opts.show_internal and evt.info.internal):
                    continue
                # -D: sinsp::next hands out internal events the filter rejected (procinfo, sysdigevent...);
                # the -w copy has already had its say above
                evt.filtered_out = True
            self.stats.returned += 1
            for obs in self.observers:
                obs.on_event(evt)
            if not hidden and (opts.show_internal or not evt.info.internal):
                self.stats.shown += 1
                for sink in self.sinks:
                    sink.on_event(evt)
            if opts.numevents and self.stats.returned >= opts.numevents:
                return False
        return True


    def _count_only(self, source: Iterable[CaptureMetadata | RawEvent]) -> bool:
        """Nothing looks at the events (-q): number them without decoding or tracking state."""
        opts = self.options
        max_ns = int(opts.max_secs * NS) if opts.max_secs else 0
        first_ts = -1
        n = 0
        for item in source:
            if isinstance(item, CaptureMetadata):
                first_ts = -1
                continue
            code = item.code
            if code >= LEGACY_EVENT_MAX and is_meta(code):
                continue
            if first_ts < 0 and code in CONTAINER_CODES:
                self.stats.events += 1
                continue
            if first_ts < 0:
                first_ts = item.ts
            elif max_ns and item.ts - first_ts > max_ns:
                return False
            n += 1
            self.stats.events += 1
            self.stats.returned += 1
            if opts.numevents and self.stats.returned >= opts.numevents:
                return False
        return True

