"""-w: the capture sink.  Writes the events that passed the filter, as sysdig does.

Internal events (procinfo and the like) are always kept, whatever the filter says;
with ``fatfile`` (-F) the filtered-out events that change state are kept too, flagged
state-only so readers update their tables without showing them.  With
``proclist`` (--filter-proclist) the process table written is filtered first
(sysdigpy/format/proclist.py).
"""

from __future__ import annotations

from collections.abc import Callable

from sysdigpy.events.event import Event
from sysdigpy.events.table import EF_MODIFIES_STATE
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import DF_STATE_ONLY
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.rotation import RotatingWriter
from sysdigpy.probe.scapwriter import ScapWriter


class CaptureSink:
    def __init__(self, writer: ScapWriter | RotatingWriter, fatfile: bool = False,
                 proclist: Callable[[CaptureMetadata], CaptureMetadata] | None = None) -> None:
        self.writer = writer
        self.fatfile = fatfile
        self.proclist = proclist
        self.started = False

    def on_section(self, meta: CaptureMetadata, _state: object) -> None:
        if not self.started:
            if self.proclist is not None:
                meta = self.proclist(meta)
            self.writer.write_metadata(meta)
            self.started = True

    def on_event(self, evt: Event) -> None:
        if not evt.filtered_out:  # a rejected internal event shown with -D: on_rejected decided
            self.writer.write_event(evt.raw)

    def on_rejected(self, evt: Event) -> None:
        if evt.info.internal:
            self.writer.write_event(evt.raw)
        elif self.fatfile and evt.info.flags & EF_MODIFIES_STATE:
            raw = evt.raw
            self.writer.write_event(RawEvent(raw.data, raw.cpu, raw.flags | DF_STATE_ONLY))

    @property
    def rejected(self) -> _Rejected:
        """An observer for the events the filter rejected (they may still belong in the file)."""
        return _Rejected(self)

    def close(self) -> None:
        self.writer.close()


class _Rejected:
    def __init__(self, sink: CaptureSink) -> None:
        self.sink = sink

    def on_event(self, evt: Event) -> None:
        self.sink.on_rejected(evt)


def open_writer(path: str, *, compress: bool = False, file_size_mb: int = 0, seconds: int = 0, limit: int = 0,
                events: int = 0) -> ScapWriter | RotatingWriter:
    if file_size_mb or seconds or events:
        return RotatingWriter(path, file_size_mb=file_size_mb, seconds=seconds, limit=limit, events=events,
                              compress=compress)
    return ScapWriter(path, compress=compress)
