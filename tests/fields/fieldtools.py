"""Evaluate a field on events run through a State, as -p does."""

from __future__ import annotations

from typing import Any

from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import lookup
from sysdigpy.state.parsers import State


def getter(name: str, st: State | None = None) -> Any:
    fi, arg, _used = lookup(name)
    return fi.bind(FieldContext(state=st), arg)


def run(st: State, *events: Event) -> Event:
    """Process ``events`` in order; returns the last one (its thread and fd info filled)."""
    for e in events:
        st.process(e)
    return events[-1]


def value(name: str, st: State, evt: Event) -> Any:
    return getter(name, st)(evt)
