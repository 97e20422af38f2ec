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

    def write_line(self, line: str) -> None:
        self.parts.append(line)
        self.size += len(line)
        if self.unbuffered or self.size > self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            data = "\n".join(self.parts) + "\n"
            self.parts = []
            self.size = 0
            self._write(data.encode("utf-8", "surrogateescape"))
        self._write(b"")

    def write_raw(self, text: str) -> None:
        self.flush()
        self._write(text.encode("utf-8", "surrogateescape"))

    def _write(self, data: bytes) -> None:
        try:
            if data:
                self.stream.write(data)
            self.stream.flush()
        except BrokenPipeError:
            raise OutputClosed() from None
