"""The output stream: large buffered writes, line-buffered on a terminal, quiet on a closed pipe."""

from __future__ import annotations

import os
import sys
from typing import BinaryIO

from sysdigpy.errors import OutputClosed


class Output:
    """Writes text lines to a binary stream.

    Lines are collected and written in large blocks; on a terminal, or with
    ``unbuffered``, every line is flushed at once.  Text is encoded as UTF-8 with
    surrogate escapes, so bytes that came from the capture go out unchanged.
    """

    LIMIT = 1 << 16

    def __init__(self, stream: BinaryIO | None = None, unbuffered: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout.buffer
        try:
            self.isatty = os.isatty(self.stream.fileno())
        except (AttributeError, OSError, ValueError):
            self.isatty = False
        self.unbuffered = self.isatty if unbuffered is None else unbuffered
        self.parts: list[str] = []
        self.size = 0
        self.held = ""  # text without a newline: goes out with the next lines, or at close (as C stdio)

    def write_line(self, line: str) -> None:
        self.parts.append(line)
        self.size += len(line)
        if self.unbuffered or self.size > self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            data = self.held + "\n".join(self.parts) + "\n"
            self.parts = []
            self.size = 0
            self.held = ""
            self._write(data.encode("utf-8", "surrogateescape"))
        self._write(b"")

    def hold(self, text: str) -> None:
        """Write ``text`` with the next lines, or at :meth:`close`: what sysdig leaves in its stdout
        buffer (the colour reset) comes out after what it wrote to stderr meanwhile."""
        self.held += text

    def release(self) -> None:
        """Write what is held now (before output that bypasses this object, e.g. chisels')."""
        if self.held:
            self.flush()
            data, self.held = self.held, ""
            self._write(data.encode("utf-8", "surrogateescape"))

    def close(self) -> None:
        """The end of the process: what is held goes out; a closed pipe is no error any more."""
        try:
            self.release()
        except (OutputClosed, OSError):
            pass

    def write_raw(self, text: str) -> None:
        self.flush()
        self._write(text.encode("utf-8", "surrogateescape"))

    def write_bytes(self, data: bytes) -> None:
        """Text already encoded (the C engine's lines), after what is pending."""
        if not data:
            return
        self.flush()
        if self.held:
            data, self.held = self.held.encode("utf-8", "surrogateescape") + data, ""
        self._write(data)

    def _write(self, data: bytes) -> None:
        try:
            if data:
                self.stream.write(data)
            self.stream.flush()
        except BrokenPipeError:
            raise OutputClosed() from None
