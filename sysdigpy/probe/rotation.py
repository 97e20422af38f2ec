"""File rotation for ``-w`` with ``-C``/``-G``/``-W``/``-e``, named as sysdig 0.29.3 names them.

The naming follows libsinsp's cycle_writer (libs e5c53d648):

* the first file is opened before any event; afterwards, before each event is
  written, the event is *considered*: the event counter goes up, then the first
  rule that fires starts a new file: ``-G`` (whole seconds of event time since the
  last rotation ≥ N), ``-C`` (the current file's offset > MB×10^6), ``-e`` (N
  events since the last ``-e`` rotation; only this rule resets the counter);
* the file index starts at 0, goes up by one per file and wraps to 0 when it
  reaches ``-W``; names: ``-G`` without ``%``: base + index; ``-G`` with ``%``:
  strftime(base, local time of the rotation), and with ``-W`` the file that
  previously had this index is deleted; neither: base; then ``-C`` appends the
  index again, zero-padded to the number of digits of ``-W`` (none without ``-W``);
  ``-e`` overrides all of it with base + index;
* when replaying a file with ``-G`` and a ``%`` name, the first chunk goes to
  ``first_dump.scap`` in the working directory (a sysdig bug kept for fidelity).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from sysdigpy.events.table import LEGACY_EVENT_MAX
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.scapwriter import BUFFER_SIZE
from sysdigpy.probe.scapwriter import CaptureWriteError
from sysdigpy.probe.scapwriter import ScapWriter
from sysdigpy.probe.scapwriter import event_block

FIRST_DUMP_NAME = "first_dump.scap"
GZ_BUFSIZE = 8192  # zlib's default gzwrite buffer (sysdig never changes it)


class CycleNamer:
    """sysdig's cycle_writer decisions: when to start a new file and what to call it."""

    def __init__(self, base: str, file_size_mb: int = 0, seconds: int = 0, limit: int = 0,
                 events: int = 0, live: bool = False) -> None:
        self.base = base
        self.rollover = file_size_mb * 1_000_000
        self.seconds = seconds
        self.limit = limit
        self.events = events
        self.live = live
        self.index = 0
        self.event_count = 0
        self.last_time = 0
        self.past_names = [""] * limit if seconds > 0 and limit > 0 else []
        self.limit_format = "%0" + str(len(str(limit)) if limit > 0 else 0) + "d"
        self.name = self._first_name()

    def _first_name(self) -> str:
        if not self.live and self.seconds > 0 and "%" in self.base:
            return FIRST_DUMP_NAME
        if self.live:
            self.last_time = int(time.time())
        return self.next_name()

    def consider(self, ts: int, offset: int) -> bool:
        """Count one event about to be written; True if it must go to a new file (``self.name``)."""
        self.event_count += 1
        if self.seconds > 0:
            sec = ts // 1_000_000_000
            if self.last_time == 0:
                self.last_time = sec
            if sec - self.last_time >= self.seconds:
                self.last_time = sec
                self.name = self.next_name()
                return True
        if self.rollover > 0 and offset > self.rollover:
            self.name = self.next_name()
            return True
        if self.events > 0 and self.event_count >= self.events:
            self.event_count = 0
            self.name = self.next_name()
            return True
        return False

    def next_name(self) -> str:
        if self.limit > 0 and self.index >= self.limit:
            self.index = 0
        if self.seconds > 0:
            name = self._timed_name()
        else:
            name = self.base
        if self.rollover > 0:
            name += self.limit_format % self.index
        if self.events > 0:
            name = self.base + str(self.index)
        self.index += 1
        return name

    def _timed_name(self) -> str:
        if "%" not in self.base:
            return self.base + str(self.index)
        name = time.strftime(self.base, time.localtime(self.last_time))
        if self.limit > 0:
            old = self.past_names[self.index]
            if old:
                _remove(old)
            self.past_names[self.index] = name
        return name


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


class ZlibOffset:
    """What zlib's gzoffset() says for a plain ("wbT") file: bytes written minus those in its 8 KiB buffer.

    sysdig compares this offset with the ``-C`` size; it writes an event as block
    header, cpu, event and padding-plus-trailer pieces, each one gzwrite() call.
    """

    def __init__(self) -> None:
        self.flushed = 0
        self.buffered = 0

    def write(self, n: int) -> None:
        if n == 0:
            return
        if n < GZ_BUFSIZE:
            while n:
                copy = min(GZ_BUFSIZE - self.buffered, n)
                self.buffered += copy
                n -= copy
                if n:
                    self.flushed += self.buffered
                    self.buffered = 0
        else:
            self.flushed += self.buffered + n
            self.buffered = 0

    def small_writes(self, n: int) -> None:
        """Metadata: sysdig writes it field by field, in pieces far below the buffer size."""
        while n > 0:
            self.write(min(n, 1024))
            n -= 1024

    def block(self, total: int, header: int, data: int) -> None:
        """One event block: 8-byte header, cpu (+flags), event, then padding and trailer."""
        self.write(8)
        self.write(header)
        self.write(data)
        self.write(total - 8 - header - data - 4)
        self.write(4)


class RotatingWriter:
    """A ScapWriter that moves on to new files as ``-C``/``-G``/``-e``/``-W`` say.

    ``snapshot()`` gives the metadata (thread and fd tables as they are now) that
    every new file starts with; without it the metadata given to
    :meth:`write_metadata` is repeated.  Events with ids sysdig 0.29.3 does not
    know (>= 336) are written to the current file but never counted nor make a
    new file: sysdig never sees them, so its files split where ours do.
    """

    def __init__(self, base: str, *, file_size_mb: int = 0, seconds: int = 0, limit: int = 0,
                 events: int = 0, compress: bool = False, live: bool = False,
                 snapshot: Callable[[], CaptureMetadata] | None = None) -> None:
        self.namer = CycleNamer(base, file_size_mb, seconds, limit, events, live)
        self.compress = compress
        self.snapshot = snapshot
        self.files: list[str] = []  # every file opened, in order (a ring reuses names)
        self.events_written = 0
        self._meta: CaptureMetadata | None = None
        self._writer: ScapWriter | None = None
        self._offset = ZlibOffset()
        # small gzip flushes keep the compressed offset close to what zlib reports for -C
        self._bufsize = 64 * 1024 if compress and file_size_mb else BUFFER_SIZE

    @property
    def current_name(self) -> str:
        return self.namer.name

    def write_metadata(self, meta: CaptureMetadata) -> None:
        self._meta = meta
        if self._writer is None:
            self._open(meta)
        else:
            before = self._writer.bytes_written
            self._writer.write_metadata(meta)
            self._offset.small_writes(self._writer.bytes_written - before)

    def write_event(self, raw: RawEvent) -> None:
        if self._writer is None:
            self._open(self._current_meta())
        if raw.code < LEGACY_EVENT_MAX and self.namer.consider(raw.ts, self._file_offset()):
            self._rotate()
        assert self._writer is not None
        blk = event_block(raw)
        self._writer.write_block(blk)
        self._writer.events_written += 1
        self.events_written += 1
        head = 10 if raw.flags & ~4 else 6
        self._offset.block(len(blk), head - 4, len(raw.data))

    def _file_offset(self) -> int:
        w = self._writer
        if w is None:
            return 0
        if self.compress:
            return w.file_bytes
        return self._offset.flushed

    def _current_meta(self) -> CaptureMetadata:
        if self.snapshot is not None:
            return self.snapshot()
        return self._meta if self._meta is not None else CaptureMetadata()

    def _open(self, meta: CaptureMetadata) -> None:
        name = self.namer.name
        self._writer = ScapWriter(name, self.compress, self._bufsize)
        self.files.append(name)
        self._offset = ZlibOffset()
        self._writer.write_metadata(meta)
        self._offset.small_writes(self._writer.bytes_written)

    def _rotate(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._open(self._current_meta())

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()

    def __enter__(self) -> RotatingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["CaptureWriteError", "CycleNamer", "RotatingWriter", "ZlibOffset"]
