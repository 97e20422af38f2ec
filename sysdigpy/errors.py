"""Errors that reach the user as one line, and the exit statuses they map to."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit statuses of the sysdigpy command (documented in the man page)."""

    OK = 0
    ERROR = 1  # bad capture, unknown chisel, runtime failure
    USAGE = 2  # bad option, bad filter, bad -p format: nothing was read
    NO_PERMISSION = 3  # live capture without root / CAP_BPF
    NO_BCC = 4  # the BCC python bindings are missing
    NO_HEADERS = 5  # no kernel headers to compile the probe
    PROBE_FAILED = 6  # the kernel refused the probe
    INTERRUPTED = 130


class SysdigpyError(Exception):
    """Base of every error sysdigpy reports to the user as one line."""

    status = ExitStatus.ERROR


class CaptureFormatError(SysdigpyError):
    """A capture file that cannot be read (further): not a capture, corrupt, truncated."""


class UsageError(SysdigpyError):
    status = ExitStatus.USAGE


class OutputClosed(SysdigpyError):
    """Whoever read our output went away (``sysdigpy ... | head``): stop quietly, status 0."""

    status = ExitStatus.OK
