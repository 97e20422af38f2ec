"""Live capture: the BPF probe plus the /proc snapshot, as a pipeline source.

:func:`open_live` loads the probe, then takes the /proc snapshot (so a process that
starts in between is seen by both rather than by neither) and returns a
:class:`LiveSource`.  Iterating it yields the snapshot (a CaptureMetadata: the
state at start, and the process and fd lists of a ``-w`` file), then RawEvents
until it is stopped: by :meth:`LiveSource.stop`, SIGINT or SIGTERM.  Stopping
turns the probe off, drains what is already in the ring buffer and ends the
iteration, so the pipeline finishes and a ``-w`` file is complete.

Events the kernel could not write (ring buffer full) are counted there; when the
count rises, a ``drop`` event pair (ids 148/149, internal) goes into the stream.

:meth:`LiveSource.record` is the ``-w`` fast path with no filter: ring records go
to the file as event blocks in bulk, without a RawEvent per event; the draining
thread never writes, a :class:`BlockWriter` thread does, so a write that waits on
the disk does not leave the ring buffer undrained.

Filter pushdown: :func:`pushdown_of` finds the evt.type / proc.pid / thread.tid /
proc.name values a filter pins with ``=`` or ``in`` at its top level; the probe then
drops other events in the kernel (proc.name by the task's comm, or its group
leader's), except the syscalls that change process or fd state and process exits.
The filter itself still runs on every event that arrives, so pushdown only ever
removes events the filter would reject.
"""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import struct
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sysdigpy.probe.bpf import BpfSource
from sysdigpy.probe.bpf import syscalls_for_event_types
from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.rawevent import RawEvent
from sysdigpy.probe.rawevent import build

DROP_E = 148
DROP_X = 149
RING_PAGES = 16384  # 64 MiB
DROP_CHECK_S = 0.1
WRITE_QUEUE_BYTES = 256 << 20  # blocks waiting for the writer thread before draining waits too
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


# ------------------------------------------------------------------ pushdown

@dataclass(frozen=True)
class Pushdown:
    """Values a filter pins at its top level (None: not pinned)."""

    evt_types: frozenset[str] | None = None
    pids: frozenset[int] | None = None  # proc.pid and thread.tid values (either matches)
    names: frozenset[str] | None = None  # proc.name values

    def source_kwargs(self) -> dict[str, Any]:
        """BpfSource keyword arguments for these values (evt.type names no syscall has are left out)."""
        kw: dict[str, Any] = {}
        if self.evt_types is not None:
            nrs = syscalls_for_event_types(self.evt_types)
            if nrs is not None:
                kw["syscalls"] = nrs
        if self.pids is not None:
            kw["tgids"] = set(self.pids)
        if self.names is not None:
            kw["comms"] = {n[:15] for n in self.names}
        return kw

    def describe(self) -> str:
        parts = [f"{k}={sorted(v)}" for k, v in
                 (("evt.type", self.evt_types), ("pid/tid", self.pids), ("proc.name", self.names)) if v is not None]
        return ", ".join(parts) or "none"


_PUSH_FIELDS = {"evt.type": "evt_types", "proc.pid": "pids", "thread.tid": "pids", "proc.name": "names"}


def pushdown_of(text: str) -> Pushdown | None:
    """The kernel-side filters a filter allows: checks ``=``/``in`` on the pushable fields at its top level.

    Only a lone check or the children of a top-level ``and`` count; two checks on the same
    kind of value intersect.  None when nothing can be pushed down.
    """
    from sysdigpy.filter.ast import And
    from sysdigpy.filter.ast import Check
    from sysdigpy.filter.parser import parse

    node = parse(text)
    children = node.children if isinstance(node, And) else (node,)
    pinned: dict[str, frozenset[Any]] = {}
    for child in children:
        found = _pinned(child) if isinstance(child, Check) else None
        if found is None:
            continue
        key, values = found
        pinned[key] = pinned[key] & values if key in pinned else values
    return Pushdown(**pinned) if pinned else None


def _pinned(check: Any) -> tuple[str, frozenset[Any]] | None:
    key = _PUSH_FIELDS.get(check.field)
    if key is None or check.arg is not None or check.op not in ("=", "in") or check.value is None:
        return None
    values = (check.value,) if isinstance(check.value, str) else tuple(check.value)
    if key == "pids":
        try:
            return key, frozenset(int(v, 0) for v in values)
        except ValueError:
            return None
    return key, frozenset(values)


# --------------------------------------------------------------- the source

def open_live(*, snaplen: int = 80, pushdown: Pushdown | None = None, verbose: bool = False,
              ring_pages: int = RING_PAGES) -> LiveSource:
    """Load the probe (ProbeError subclasses when it cannot be) and take the /proc snapshot."""
    from sysdigpy.probe.procscan import snapshot

    kw = pushdown.source_kwargs() if pushdown is not None else {}
    src = BpfSource(snaplen=snaplen, ring_pages=ring_pages, exclude_pid=os.getpid(), **kw)
    t0 = time.monotonic()
    src.open()
    if verbose:
        sys.stderr.write(f"live: probe loaded in {time.monotonic() - t0:.1f} s; kernel-side filter: "
                         f"{pushdown.describe() if pushdown else 'none'}\n")
    try:
        meta = snapshot()
    except BaseException:
        src.close()
        raise
    if verbose:  # from here on, whatever starts or changes is seen as events
        sys.stderr.write(f"live: /proc snapshot taken ({len(meta.procs)} threads)\n")
    return LiveSource(src, meta, verbose)


class LiveSource:
    """The /proc snapshot, then live RawEvents until stopped (SIGINT/SIGTERM or stop())."""

    def __init__(self, src: BpfSource, metadata: CaptureMetadata, verbose: bool = False) -> None:
        self.src = src
        self.metadata = metadata
        self.verbose = verbose
        self._stopping = False
        self._seen = 0
        self._drops_reported = 0
        self._next_check = 0.0
        self._stats: dict[str, int] | None = None

    # ---------------------------------------------------------- control
    def stop(self) -> None:
        """End the iteration after draining what the kernel already wrote (signal-safe)."""
        self._stopping = True

    def stats(self) -> dict[str, int]:
        """events: events read from the kernel; drops: events the kernel lost on a full ring buffer."""
        if self._stats is not None:
            return dict(self._stats)
        s = self.src.stats()
        return {"events": self._seen, "drops": s["drops"], "kernel": s["events"]}

    def close(self) -> None:
        if self._stats is None and self.src._bpf is not None:
            self._stats = self.stats()
        self.src.close()

    def __enter__(self) -> LiveSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------- events
    def __iter__(self) -> Iterator[CaptureMetadata | RawEvent]:
        yield self.metadata
        with self._stop_on_signals():
            try:
                while not self._stopping:
                    batch = self.src.read_batch()
                    self._seen += len(batch)
                    yield from batch
                    yield from self._drop_events(False)
            except KeyboardInterrupt:
                pass
            self.src.pause()
            yield from self._drain_rest()
            yield from self._drop_events(True)

    def _drain_rest(self) -> Iterator[RawEvent]:
        time.sleep(0.01)  # let writes in flight on other cpus finish
        while True:
            batch = self.src.read_batch(0)
            if not batch:
                return
            self._seen += len(batch)
            yield from batch

    def _drop_events(self, force: bool) -> list[RawEvent]:
        """A drop E/X pair when the kernel's drop counter rose since the last look (looked at every 0.1 s)."""
        now = time.monotonic()
        if not force and now < self._next_check:
            return []
        self._next_check = now + DROP_CHECK_S
        drops = self.src.stats()["drops"]
        if drops <= self._drops_reported:
            return []
        self._drops_reported = drops
        if self.verbose:
            sys.stderr.write(f"live: {drops} events dropped so far (ring buffer full)\n")
        return drop_events(time.time_ns(), os.getpid())

    # ------------------------------------------------------- fast path
    def record(self, writer: Any, numevents: int = 0) -> int:
        """-w with no filter: the snapshot, then every event written as blocks in bulk; returns events written.

        ``writer`` is a ScapWriter (write_metadata, write_block, events_written).  Stops like
        iteration does, or after about ``numevents`` events (whole batches) when given.

        This thread only drains the ring buffer; a writer thread takes the blocks to the file,
        so a write() or a page-cache flush that blocks on the disk never holds up the draining
        (up to WRITE_QUEUE_BYTES waiting in memory; beyond that the ring buffer takes the rest).
        """
        from sysdigpy.probe.scapwriter import event_block

        writer.write_metadata(self.metadata)
        out = BlockWriter(writer)
        written = 0
        try:
            with self._stop_on_signals():
                try:
                    while not self._stopping and not (numevents and written >= numevents):
                        written += self._queue_blocks(out, self.src.read_blocks())
                        for ev in self._drop_events(False):
                            out.put(event_block(ev), 0)
                except KeyboardInterrupt:
                    pass
                self.src.pause()
                time.sleep(0.01)
                while n := self._queue_blocks(out, self.src.read_blocks(0)):
                    written += n
                for ev in self._drop_events(True):
                    out.put(event_block(ev), 0)
        finally:
            out.close()
        return written

    def _queue_blocks(self, out: BlockWriter, got: tuple[bytes, int]) -> int:
        blocks, n = got
        if n:
            out.put(blocks, n)
            self._seen += n
        return n

    @contextlib.contextmanager
    def _stop_on_signals(self) -> Iterator[None]:
        """SIGINT/SIGTERM call stop() while the body runs (main thread only), then the old handlers return."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        old = {s: signal.signal(s, lambda _n, _f: self.stop()) for s in _STOP_SIGNALS}
        try:
            yield
        finally:
            for s, h in old.items():
                signal.signal(s, h)


class BlockWriter:
    """Hands event blocks to a ScapWriter from a thread of its own, in order.

    :meth:`put` returns at once unless WRITE_QUEUE_BYTES are already waiting; an error of
    the writer (disk full, ...) comes back from the next put() or from close().
    """

    def __init__(self, writer: Any, max_bytes: int | None = None) -> None:
        self.writer = writer
        self.max_bytes = WRITE_QUEUE_BYTES if max_bytes is None else max_bytes
        self._queue: collections.deque[tuple[bytes, int]] = collections.deque()
        self._bytes = 0
        self._cv = threading.Condition()
        self._closed = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sysdigpy-writer", daemon=True)
        self._thread.start()

    def put(self, blocks: bytes, events: int) -> None:
        with self._cv:
            while self._bytes > self.max_bytes and self._error is None:
                self._cv.wait()
            if self._error is not None:
                raise self._error
            self._queue.append((blocks, events))
            self._bytes += len(blocks)
            self._cv.notify_all()

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._queue and not self._closed:
                    self._cv.wait()
                if not self._queue:
                    return
                items = list(self._queue)
                self._queue.clear()
            try:
                for blocks, events in items:
                    self.writer.write_block(blocks)
                    self.writer.events_written += events
            except BaseException as e:  # handed to the draining thread
                with self._cv:
                    self._error = e
                    self._cv.notify_all()
                return
            with self._cv:
                self._bytes -= sum(len(b) for b, _ in items)
                self._cv.notify_all()

    def close(self) -> None:
        """Wait until every block is with the writer; raises the writer's error if it had one."""
        with self._cv:
            self._closed = True
            self._cv.notify_all()
        self._thread.join()
        if self._error is not None:
            raise self._error


def drop_events(ts: int, tid: int, ratio: int = 1) -> list[RawEvent]:
    """The drop enter/exit pair (internal events, param ``ratio``) marking lost events."""
    p = [struct.pack("<I", ratio)]
    return [build(DROP_E, ts, tid, p), build(DROP_X, ts, tid, p)]
