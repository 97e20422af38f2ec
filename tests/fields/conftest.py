"""Make tests/factories.py and tests/state/helpers.py importable (as ``factories``, ``helpers``)."""

import sys
from pathlib import Path

for _d in (Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[1] / "state"):
    if str(_d) not in sys.path:
        sys.path.insert(0, str(_d))
