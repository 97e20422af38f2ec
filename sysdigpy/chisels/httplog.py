"""httplog and httptop: HTTP transactions (sysdig's httplog.lua, httptop.lua). Not implemented yet."""

from __future__ import annotations

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselError
from sysdigpy.chisels.meta import meta


class Httplog(Chisel):
    name = "httplog"
    category, short_description, description, args = meta(name)

    def on_init(self, args: dict[str, str]) -> None:
        raise ChiselError(f"chisel {self.name} is not implemented yet")


class Httptop(Httplog):
    name = "httptop"
    category, short_description, description, args = meta(name)
