"""Fields of the evt class: the event itself."""

from __future__ import annotations

from typing import Any

from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import Getter
from sysdigpy.fields.registry import field
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import simple

NS = 1_000_000_000

field_class("evt", "evt", "Event fields applicable to syscall and plugin events.", "All event types")
field_class("evt_sc", "evt", "These fields can be used for all event types", "Syscall events only")


@field("evt.num", "PT_UINT64", "event number.", cls="evt")
def _num(ctx: FieldContext, arg: str | None) -> Getter:
    return lambda e: e.num


def clock(ts: int, offset: int) -> str:
    """HH:MM:SS.nnnnnnnnn of a timestamp in local time (sinsp's ts_to_string)."""
    sec, nsec = divmod(ts, NS)
    s = (sec + offset) % 86400
    return "%02d:%02d:%02d.%09d" % (s // 3600, s % 3600 // 60, s % 60, nsec)


@field("evt.outputtime", "PT_CHARBUF",
       "this depends on -t param, default is %evt.time ('h').", cls="evt")
def _outputtime(ctx: FieldContext, arg: str | None) -> Getter:
    if ctx.json:
        return lambda e: e.ts
    mode = ctx.time_mode
    if mode == "a":
        return lambda e: "%d.%d" % divmod(e.ts, NS)
    if mode == "r":
        return lambda e: "%d.%09d" % divmod(e.ts - ctx.first_ts, NS)
    if mode == "d":
        return lambda e: "%d.%09d" % divmod(e.thread.latency, NS) if e.thread is not None else "0.000000000"
    if mode == "D":
        last = [0]

        def delta(e: Event) -> str:
            if last[0] == 0:
                last[0] = e.ts
            d = e.ts - last[0]
            last[0] = e.ts
            return "%d.%09d" % divmod(d, NS)

        return delta
    off = ctx.tz_offset
    return lambda e: clock(e.ts, off)


@field("evt.cpu", "PT_INT16", "number of the CPU where this event happened.", cls="evt_sc")
def _cpu(ctx: FieldContext, arg: str | None) -> Getter:
    return lambda e: e.cpu


@field("evt.dir", "PT_CHARBUF", "event direction can be either '>' for enter events or '<' for exit events.",
       cls="evt_sc")
def _dir(ctx: FieldContext, arg: str | None) -> Getter:
    return lambda e: e.info.direction


def type_name(e: Event) -> str:
    """evt.type: the table name, or for generic events the syscall's name."""
    if e.code <= 1:
        from sysdigpy.events.flagtables import PPM_SC_MAX
        from sysdigpy.events.flagtables import SYSCALL_NAMES

        sc = e.u16(0)
        return SYSCALL_NAMES.get(sc, "<NA>") if sc < PPM_SC_MAX else "<NA>"
    return e.info.name


@field("evt.type", "PT_CHARBUF", "The name of the event (e.g. 'open').", cls="evt_sc")
def _type(ctx: FieldContext, arg: str | None) -> Getter:
    return type_name


def _args_getter(ctx: FieldContext) -> Getter:
    def args(e: Event) -> Any:
        return ctx.renderer.args(e)

    return args


field("evt.info", "PT_CHARBUF",
      "for most events, this field returns the same value as evt.args. However, for some events (like writes to "
      "/dev/log) it provides higher level information coming from decoding the arguments.", cls="evt_sc")(
    lambda ctx, arg: _args_getter(ctx))
field("evt.args", "PT_CHARBUF", "all the event arguments, aggregated into a single string.", cls="evt_sc")(
    lambda ctx, arg: _args_getter(ctx))
field("evt.rawtime", "PT_ABSTIME", "absolute event timestamp, i.e. nanoseconds from epoch.", cls="evt")(
    simple(lambda e: e.ts))
