"""``-r IN -w OUT`` without decoding: the copy that needs neither state nor Event objects.

When the filter (if any) only looks at event ids and nothing else needs the events
(no -F, --filter-proclist, -S, -n, -M, chisels or rotation), the event blocks are copied by id (see
sysdigpy/probe/scapblocks.py).  This module imports only what such a copy needs, so a
copy starts as fast as sysdig does.
"""

from __future__ import annotations

import time

from sysdigpy.format import fmtstring
from sysdigpy.format.writer import Output
from sysdigpy.runconfig import Config


def masks_for(cfg: Config) -> tuple[bytes, bytes] | None:
    """The keep masks of a bulk copy, or None when this run needs the decoding pipeline."""
    if not cfg.writefile or len(cfg.readfiles) != 1 or cfg.fatfile or cfg.filter_proclist or cfg.counting:
        return None
    if cfg.filter_text:
        from sysdigpy.fields.context import FieldContext
        from sysdigpy.filter.codes import keep_mask
        from sysdigpy.filter.compiler import compile_filter

        compile_filter(cfg.filter_text, FieldContext())  # the same errors as the decoding path
        return keep_mask(cfg.filter_text)
    from sysdigpy.probe.scapblocks import KEEP_ALL
    from sysdigpy.probe.scapblocks import NO_SYSCALLS

    return KEEP_ALL, NO_SYSCALLS


def bulk_copy(cfg: Config, out: Output) -> bool:
    """Copy without decoding when the run allows it; False when it needs the pipeline."""
    masks = masks_for(cfg)
    if masks is None or not cfg.writefile:
        return False
    from sysdigpy.format.capture import open_writer
    from sysdigpy.format.progress import Progress
    from sysdigpy.format.progress import print_counters
    from sysdigpy.probe.scapblocks import copy_events

    writer = open_writer(cfg.writefile, compress=cfg.compress)
    progress = Progress(lambda: 100.0)
    start = time.monotonic()
    events = 0
    try:
        events = copy_events(cfg.readfiles[0], writer, *masks)
    finally:
        writer.close()
        if fmtstring.resets_colours(cfg.print_format, out.isatty):
            out.hold("\x1b[00m")  # as the decoding path (job.py)
        progress.finish()
        out.flush()
        if cfg.verbose:
            print_counters(events, time.monotonic() - start)
    return True
