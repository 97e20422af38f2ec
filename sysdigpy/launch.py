"""The ``sysdigpy`` command: the CLI, started with the garbage collector held back.

A run's start-up (imports, the filter parser, the tables) makes many objects that live as
long as the run; collecting while they are made finds nothing and costs ~10 ms.  Job.run
freezes them and turns the collector back on before the first event is read.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from sysdigpy.cli import main as cli_main

    cli_main()
