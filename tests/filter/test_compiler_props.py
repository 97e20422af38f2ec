"""Property tests of the compiler over a real capture's events.

Each example compiles a few filters and evaluates all of them on every event of
the capture during one pipeline run (fields read the live thread/fd state, so
the predicates must run while the pipeline replays the capture).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from sysdigpy.events import render
from sysdigpy.fields.context import FieldContext
from sysdigpy.filter import FilterError
from sysdigpy.filter import compile_filter
from sysdigpy.pipeline import Pipeline
from sysdigpy.pipeline import RunOptions
from sysdigpy.probe.scapfile import read_capture
from tests.golden_modes import CAPTURES

CAPTURE = CAPTURES / "falco_cat_write.scap"
pytestmark = pytest.mark.skipif(not CAPTURE.exists(), reason="shared captures not available")

ATOMS = [
    "evt.type=open", "evt.type=read", "evt.type in (write, close)", "evt.dir=<", "evt.dir=>",
    "proc.name=cat", "proc.name contains a", "proc.name exists", "evt.num<100", "evt.num>=50",
    "evt.cpu=0", "evt.args contains fd", "fd.name contains /etc", "fd.name exists", "evt.failed=true",
    "thread.tid exists", "proc.pid>0",
]
VALUES = ["open", "read", "write", "close", "mmap", "execve", "brk", "fstat"]


def evaluate(*texts: str) -> list[tuple[bool, ...]]:
    """For each event of the capture, the results of every filter (in order)."""
    ctx = FieldContext()
    ctx.renderer = render.Renderer(None)
    preds = [compile_filter(t, ctx) for t in texts]
    rows: list[tuple[bool, ...]] = []

    def record(evt: object) -> bool:
        rows.append(tuple(p(evt) for p in preds))  # type: ignore[arg-type]
        return True

    pipeline = Pipeline(ctx, RunOptions())
    pipeline.predicate = record
    pipeline.run(read_capture(str(CAPTURE)))
    return rows


def _usable(atom: str) -> bool:
    try:
        compile_filter(atom, FieldContext())
    except FilterError:
        return False  # a field the registry does not have yet
    return True


USABLE = [a for a in ATOMS if _usable(a)]
atoms = st.sampled_from(USABLE)
exprs = st.recursive(atoms, lambda inner: st.one_of(
    st.tuples(inner, inner).map(lambda t: f"({t[0]} and {t[1]})"),
    st.tuples(inner, inner).map(lambda t: f"({t[0]} or {t[1]})"),
    inner.map(lambda t: f"not {t}"),
), max_leaves=5)
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(exprs)
def test_not_is_exact_complement(f: str) -> None:
    rows = evaluate(f, f"not ({f})")
    assert rows
    assert all(a != b for a, b in rows)


@SETTINGS
@given(exprs, exprs)
def test_de_morgan(a: str, b: str) -> None:
    rows = evaluate(f"not ({a} and {b})", f"not {a} or not {b}", f"not ({a} or {b})", f"not {a} and not {b}")
    assert all(r[0] == r[1] and r[2] == r[3] for r in rows)


@SETTINGS
@given(st.sampled_from(["evt.type", "proc.name", "evt.num", "evt.dir"]),
       st.lists(st.sampled_from(VALUES + ["cat", "1", "<", ">", "42"]), min_size=1, max_size=4))
def test_in_equals_chain_of_equals(field: str, values: list[str]) -> None:
    if field == "evt.type":
        values = [v for v in values if v in VALUES] or ["open"]
    if field == "evt.num":
        values = [v for v in values if v.isdigit()] or ["1"]
    chain = " or ".join(f"{field}={v}" for v in values)
    rows = evaluate(f"{field} in ({', '.join(values)})", chain)
    assert all(a == b for a, b in rows)
