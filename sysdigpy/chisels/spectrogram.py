"""spectrogram: OS latency heat map on a terminal (sysdig's spectrogram.lua). Not implemented yet."""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselError
from sysdigpy.chisels.meta import meta


class Spectrogram(Chisel):
    name = "spectrogram"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        raise ChiselError(f"chisel {self.name} is not implemented yet")
