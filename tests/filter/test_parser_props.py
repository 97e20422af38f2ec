"""Property tests of the filter parser: it only ever raises FilterSyntaxError, and str() round-trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from sysdigpy.filter.ast import BINARY_OPERATORS
from sysdigpy.filter.ast import LIST_OPERATORS
from sysdigpy.filter.ast import And
from sysdigpy.filter.ast import Check
from sysdigpy.filter.ast import Node
from sysdigpy.filter.ast import Not
from sysdigpy.filter.ast import Or
from sysdigpy.filter.errors import FilterSyntaxError
from sysdigpy.filter.parser import parse

VOCABULARY = [
    "evt.type", "proc.name", "fd.name", "proc.aname[2]", "evt.arg[1]", "evt.arg.name", 'x.y["a b"]',
    "x.y[", "]", "foo", "and", "or", "not", "exists", "in", "intersects", "pmatch", "contains",
    "icontains", "bcontains", "startswith", "bstartswith", "endswith", "glob", "iglob",
    "=", "==", "!=", "<", "<=", ">", ">=", "~", "&&", "||", "!", "(", ")", ",", '"', "'",
    '"a b"', "'c d'", '"\\x41"', '"\\x4"', "\\", "\\x", "open", "/etc", "127.0.0.0/8", "-2",
    "2607:f8b0::1", "*", "O_RDONLY|O_CLOEXEC", "\t", "\n", "é", "\x00",
]  # fmt: skip


def _parse_or_syntax_error(text: str) -> None:
    try:
        node = parse(text)
    except FilterSyntaxError as err:
        assert 0 <= err.column <= len(text)
        assert err.text == text
        assert str(err).startswith("filter error at column ")
        assert len(err.caret().splitlines()) == 2
    else:
        assert parse(str(node)) == node


@settings(max_examples=500)
@given(st.text())
def test_random_text_only_raises_syntax_errors(text: str) -> None:
    _parse_or_syntax_error(text)


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=12), st.lists(st.sampled_from(["", " ", "  "]), max_size=12))
def test_token_soup_only_raises_syntax_errors(words: list[str], seps: list[str]) -> None:
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    _parse_or_syntax_error(text)


# --- generated ASTs ----------------------------------------------------------------------------


def _canonical(value: str) -> str:
    """The parser's canonical form: surrogate-escaped bytes forming valid UTF-8 are decoded."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SEGMENT = st.builds(str.__add__, st.sampled_from(_LETTERS), st.text(_LETTERS + "0123456789_", max_size=6))
FIELDS = st.lists(_SEGMENT, min_size=2, max_size=4).map(".".join)
# any text, plus the lone surrogates that stand for \x80-\xff bytes
STRINGS = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=["Cs"]), st.sampled_from("\udc80\udcff\udcc3\udca9 ,()'\"\\[]")
    ),
    max_size=12,
).map(_canonical)
ARGS = st.none() | STRINGS


def _binary_check() -> st.SearchStrategy[Check]:
    return st.builds(Check, FIELDS, ARGS, st.sampled_from(BINARY_OPERATORS), STRINGS)


def _list_check() -> st.SearchStrategy[Check]:
    values = st.lists(STRINGS, max_size=4).map(tuple)
    return st.builds(Check, FIELDS, ARGS, st.sampled_from(LIST_OPERATORS), values)


CHECKS = st.one_of(_binary_check(), _list_check(), st.builds(Check, FIELDS, ARGS, st.just("exists"), st.none()))


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    operands = st.lists(children, min_size=2, max_size=4).map(tuple)
    return st.one_of(st.builds(Not, children), st.builds(And, operands), st.builds(Or, operands))


TREES = st.recursive(CHECKS, _extend, max_leaves=12)


@settings(max_examples=300)
@given(TREES)
def test_rendered_ast_parses_back_equal(tree: Node) -> None:
    rendered = str(tree)
    assert parse(rendered) == tree
    assert str(parse(rendered)) == rendered


@settings(max_examples=100)
@given(TREES)
def test_dump_has_one_line_per_node(tree: Node) -> None:
    assert len(tree.dump().splitlines()) == _count(tree)


def _count(node: Node) -> int:
    if isinstance(node, Check):
        return 1
    if isinstance(node, Not):
        return 1 + _count(node.child)
    return 1 + sum(_count(c) for c in node.children)
