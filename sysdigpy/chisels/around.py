"""around: export the events around filter matches to a file (sysdig's around.lua). Not implemented yet."""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselError
from sysdigpy.chisels.meta import meta


class Around(Chisel):
    name = "around"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        raise ChiselError(f"chisel {self.name} is not implemented yet")
