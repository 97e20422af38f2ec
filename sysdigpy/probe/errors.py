"""Errors of the live probe; each one says what to do (the CLI maps them to exit statuses)."""

from __future__ import annotations


class ProbeError(Exception):
    """The live probe could not be started."""


class NotPrivilegedError(ProbeError):
    """Not root and no CAP_BPF/CAP_SYS_ADMIN."""

    def __init__(self, detail: str = "") -> None:
        msg = "live capture needs root (or CAP_BPF + CAP_PERFMON): run as root or with sudo"
        super().__init__(f"{msg} ({detail})" if detail else msg)


class BccMissingError(ProbeError):
    """``import bcc`` failed."""

    def __init__(self, detail: str = "") -> None:
        msg = "the bcc Python module is not importable: run scripts/setup-live.sh [VENV]"
        super().__init__(f"{msg} ({detail})" if detail else msg)


class KernelHeadersError(ProbeError):
    """No kernel headers found for the running kernel."""

    def __init__(self, detail: str = "") -> None:
        msg = "kernel headers not found: install linux-headers-amd64 (scripts/setup-live.sh)"
        super().__init__(f"{msg} ({detail})" if detail else msg)


class ProbeLoadError(ProbeError):
    """The kernel refused the program, or attaching failed."""

    def __init__(self, detail: str = "") -> None:
        msg = "the kernel refused the BPF probe: check dmesg and that the kernel has BPF + ring buffers (5.8+)"
        super().__init__(f"{msg} ({detail})" if detail else msg)
